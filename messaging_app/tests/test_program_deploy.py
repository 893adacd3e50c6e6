"""The program's deployment files, graded on what its text asks of each:

- Dockerfile: a Python base image, the dependencies from requirements.txt, the app
  copied in, port 8000 exposed, a command that runs the server (deploy.dockerfile);
- kubctl-0x02: deploys the blue and the green versions and checks the new one for
  errors with `kubectl logs` (deploy.kubernetes);
- .github/workflows/ci.yml: on every push and pull request, the tests against a MySQL
  service, a linter, a coverage report kept as an artefact (deploy.pipelines).

Any layout of those files passes: one stage or several, runserver or gunicorn, any
deployment names, flake8 or another linter. This project's own, stricter rules are in
tests/test_docker.py, tests/test_kubernetes.py and tests/test_pipelines.py (extras.*).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.deploy_support import instructions

MODULE = Path(__file__).resolve().parent.parent
BASH = shutil.which("bash") or "/bin/bash"


# --- Dockerfile -------------------------------------------------------------------------


def arguments(instruction: str) -> list[str]:
    return [rest for word, rest in instructions() if word == instruction]


@pytest.mark.task("deploy.dockerfile")
def test_the_dockerfile_starts_from_a_python_image() -> None:
    images = [rest.split()[0] for rest in arguments("FROM")]
    assert images, "no FROM"
    assert any(
        re.fullmatch(r"(docker\.io/)?(library/)?python(:[\w.-]+)?(@\S+)?", image)
        for image in images
    ), f"no Python base image: {images}"


@pytest.mark.task("deploy.dockerfile")
def test_the_dockerfile_installs_the_requirements_and_copies_the_app() -> None:
    runs = arguments("RUN")
    assert any("pip" in run and "requirements" in run for run in runs), (
        "no RUN installs requirements.txt with pip"
    )
    copies = [shlex.split(rest) for rest in arguments("COPY") + arguments("ADD")]
    sources = [word for words in copies for word in words[:-1] if not word.startswith("--")]
    assert {".", "./"} & set(sources), f"the application is not copied in: {copies}"


@pytest.mark.task("deploy.dockerfile")
def test_the_dockerfile_exposes_8000_and_runs_the_server() -> None:
    exposed = " ".join(arguments("EXPOSE"))
    assert re.search(r"\b8000\b", exposed), f"port 8000 is not exposed: {exposed!r}"
    commands = " ".join(arguments("CMD") + arguments("ENTRYPOINT"))
    assert re.search(r"runserver|gunicorn|uvicorn|daphne|uwsgi", commands), (
        f"no command runs the server: {commands!r}"
    )


# --- kubctl-0x02 ------------------------------------------------------------------------

# Fakes that record their arguments; `kubectl apply` accepts any path, whatever folder
# a script expects to be run from; `sleep` returns at once.
FAKE = r"""#!{bash}
printf -v words ' %q' "$@"
printf '{tool}%s\n' "$words" >>"$FAKE_LOG"
case "{tool} $1 ${{2-}}" in
  "kubectl rollout status") echo "deployment successfully rolled out" ;;
  "kubectl get pods") echo "NAME READY STATUS RESTARTS AGE" ;;
  "kubectl logs "*) echo "[INFO] Booting worker with pid: 8" ;;
esac
exit 0
"""


@pytest.mark.task("deploy.kubernetes")
def test_kubctl_0x02_deploys_blue_and_green_and_reads_greens_logs(tmp_path: Path) -> None:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    for tool in ("kubectl", "minikube", "sleep", "curl"):
        fake = bin_folder / tool
        fake.write_text(FAKE.format(bash=BASH, tool=tool), encoding="utf-8")
        fake.chmod(0o755)
    log = tmp_path / "calls.log"
    script = MODULE / "k8s" / "kubctl-0x02"

    result = subprocess.run(
        [BASH, str(script)],
        cwd=script.parent,
        env={
            **os.environ,
            "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}",
            "FAKE_LOG": str(log),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    calls = [shlex.split(line) for line in log.read_text(encoding="utf-8").splitlines()]
    kubectl = [call[1:] for call in calls if call[0] == "kubectl"]
    applied = [
        words[words.index("-f") + 1]
        for words in kubectl
        if words[:1] == ["apply"] and "-f" in words[:-1]
    ]
    for manifest in ("blue_deployment.yaml", "green_deployment.yaml"):
        assert any(path.endswith(manifest) for path in applied), (
            f"{manifest} is never applied (kubectl apply -f: {applied})"
        )
    assert any(words[:1] == ["logs"] for words in kubectl), "no `kubectl logs` call"


# --- .github/workflows/ci.yml ---------------------------------------------------------


def workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load((MODULE / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    assert isinstance(loaded, dict), "ci.yml is not a workflow"
    return loaded


def steps() -> list[dict[str, Any]]:
    return [step for job in workflow()["jobs"].values() for step in job.get("steps", [])]


def runs() -> str:
    return "\n".join(str(step.get("run", "")) for step in steps())


@pytest.mark.task("deploy.pipelines")
def test_ci_runs_on_every_push_and_pull_request() -> None:
    triggers = workflow().get("on", workflow().get(True))  # YAML 1.1 reads `on` as true
    names = {triggers} if isinstance(triggers, str) else set(triggers or ())
    assert {"push", "pull_request"} <= names, f"triggers: {triggers}"


@pytest.mark.task("deploy.pipelines")
def test_ci_tests_against_a_mysql_service() -> None:
    images = [
        str(service.get("image", ""))
        for job in workflow()["jobs"].values()
        for service in (job.get("services") or {}).values()
    ]
    assert any(re.match(r"(mysql|mariadb)(:|$)", image) for image in images), images
    assert re.search(r"manage\.py test|pytest", runs()), "no step runs the tests"


@pytest.mark.task("deploy.pipelines")
def test_ci_lints_and_keeps_a_coverage_report() -> None:
    assert re.search(r"\b(flake8|ruff|pylint)\b", runs()), "no linter runs"
    assert re.search(r"coverage|--cov", runs()), "no coverage is measured"
    uploads = [step for step in steps() if "upload-artifact" in str(step.get("uses", ""))]
    assert uploads, "no artefact is uploaded"
