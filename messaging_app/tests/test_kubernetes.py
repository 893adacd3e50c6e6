"""The Kubernetes manifests, commands.txt, and the k8s/ scripts run against fake tools."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from tests.shellcheck import shellcheck

pytestmark = pytest.mark.task("extras.kubernetes")

MODULE = Path(__file__).resolve().parent.parent
K8S = MODULE / "k8s"
MANIFESTS = (
    "deployment.yaml",
    "ingress.yaml",
    "blue_deployment.yaml",
    "green_deployment.yaml",
    "kubeservice.yaml",
)
SCRIPTS = ("kurbeScript", "kubctl-0x01", "kubctl-0x02", "kubctl-0x03")
HEALTH_PATH = "/api/health/"
SECRET = "messaging-app-secrets"
DEFAULT_URL = "http://messaging.local/api/health/"

Resource = dict[str, Any]


# --- The manifests ------------------------------------------------------------------------


def load(name: str) -> list[Resource]:
    """The resources of one manifest file (empty documents left out)."""
    documents = yaml.safe_load_all((K8S / name).read_text(encoding="utf-8"))
    return [document for document in documents if document]


def resources(kind: str | None = None) -> list[Resource]:
    found = [resource for name in MANIFESTS for resource in load(name)]
    return [resource for resource in found if kind is None or resource["kind"] == kind]


def named(kind: str, name: str) -> Resource:
    matches = [r for r in resources(kind) if r["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def pod_labels(deployment: Resource) -> dict[str, str]:
    return deployment["spec"]["template"]["metadata"]["labels"]


def containers(deployment: Resource) -> list[Resource]:
    return deployment["spec"]["template"]["spec"]["containers"]


def selects(selector: Mapping[str, str], labels: Mapping[str, str]) -> bool:
    return bool(selector) and all(labels.get(key) == value for key, value in selector.items())


def container_ports(deployment: Resource) -> dict[str | int, int]:
    """Each container port by number and by name."""
    ports: dict[str | int, int] = {}
    for container in containers(deployment):
        for port in container.get("ports", []):
            ports[port["containerPort"]] = port["containerPort"]
            if "name" in port:
                ports[port["name"]] = port["containerPort"]
    return ports


def deployment_ids() -> list[str]:
    return ["messaging-app", "messaging-app-blue", "messaging-app-green"]


@pytest.mark.parametrize("name", MANIFESTS)
def test_every_manifest_declares_resources(name: str) -> None:
    found = load(name)
    assert found, f"{name} declares nothing"
    for resource in found:
        assert {"apiVersion", "kind", "metadata"} <= set(resource)


def test_the_deployment_runs_two_replicas_of_the_image_on_port_8000() -> None:
    deployment = named("Deployment", "messaging-app")
    assert deployment["metadata"]["labels"]["app"] == "messaging-app"
    assert deployment["spec"]["replicas"] == 2
    (container,) = containers(deployment)
    assert container["image"] == "messaging-app:1.0"
    assert 8000 in container_ports(deployment).values()
    service = named("Service", "messaging-app-service")
    assert service.get("spec", {}).get("type", "ClusterIP") == "ClusterIP"
    assert [(p["port"], p["targetPort"]) for p in service["spec"]["ports"]] == [(80, 8000)]
    assert {r["kind"] for r in load("deployment.yaml")} == {"Deployment", "Service"}


@pytest.mark.parametrize("name", deployment_ids())
def test_every_deployment_selects_its_own_pods(name: str) -> None:
    deployment = named("Deployment", name)
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert selects(selector, pod_labels(deployment))
    assert pod_labels(deployment)["app"] == "messaging-app"


def test_no_deployment_selects_another_deployments_pods() -> None:
    deployments = resources("Deployment")
    assert len(deployments) == 3
    for owner in deployments:
        for other in deployments:
            if other is not owner:
                selector = owner["spec"]["selector"]["matchLabels"]
                mine, theirs = owner["metadata"]["name"], other["metadata"]["name"]
                assert not selects(selector, pod_labels(other)), f"{mine} selects {theirs}'s pods"


@pytest.mark.parametrize("name", ["messaging-app-service", "messaging-app-bluegreen"])
def test_every_service_reaches_a_container_port(name: str) -> None:
    service = named("Service", name)
    selected = [
        d for d in resources("Deployment") if selects(service["spec"]["selector"], pod_labels(d))
    ]
    assert selected, f"{name} selects no Deployment's pods"
    for deployment in selected:
        for port in service["spec"]["ports"]:
            assert port.get("targetPort", port["port"]) in container_ports(deployment)


@pytest.mark.parametrize("name", deployment_ids())
def test_pods_are_probed_on_the_health_endpoint(name: str) -> None:
    deployment = named("Deployment", name)
    for container in containers(deployment):
        for probe in ("readinessProbe", "livenessProbe"):
            check = container[probe]["httpGet"]
            assert check["path"] == HEALTH_PATH
            assert check["port"] in container_ports(deployment)
            assert container_ports(deployment)[check["port"]] == 8000


@pytest.mark.parametrize("name", deployment_ids())
def test_pods_run_unprivileged_with_bounded_resources(name: str) -> None:
    deployment = named("Deployment", name)
    pod_context = deployment["spec"]["template"]["spec"].get("securityContext", {})
    for container in containers(deployment):
        context = {**pod_context, **container.get("securityContext", {})}
        assert context["runAsNonRoot"] is True
        assert context["runAsUser"] == 10001
        assert context.get("allowPrivilegeEscalation") is False
        for bound in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(container["resources"][bound])


@pytest.mark.parametrize("name", deployment_ids())
def test_pods_read_the_secret_and_run_in_production_mode(name: str) -> None:
    for container in containers(named("Deployment", name)):
        secrets = [source["secretRef"]["name"] for source in container.get("envFrom", [])]
        assert secrets == [SECRET]
        env = {item["name"]: item.get("value") for item in container.get("env", [])}
        assert env["DEBUG"] == "false"
        assert env["SECURE_SSL_REDIRECT"] == "false"


def test_blue_serves_until_the_switch_and_green_is_a_new_version_of_the_same_app() -> None:
    blue, green = (
        named("Deployment", "messaging-app-blue"),
        named("Deployment", "messaging-app-green"),
    )
    assert pod_labels(blue)["version"] == "blue"
    assert pod_labels(green)["version"] == "green"
    assert pod_labels(blue)["app"] == pod_labels(green)["app"] == "messaging-app"
    assert containers(blue)[0]["image"] == "messaging-app:1.0"
    assert containers(green)[0]["image"] != containers(blue)[0]["image"]
    selector = named("Service", "messaging-app-bluegreen")["spec"]["selector"]
    assert selects(selector, pod_labels(blue))
    assert not selects(selector, pod_labels(green))
    assert {r["metadata"]["name"] for r in load("kubeservice.yaml")} == {"messaging-app-bluegreen"}


def ingress_backends() -> list[tuple[str, str, str, Resource]]:
    """(host, path, pathType, backend service) for each rule of ingress.yaml."""
    (ingress,) = load("ingress.yaml")
    assert ingress["apiVersion"] == "networking.k8s.io/v1"
    assert ingress["spec"]["ingressClassName"] == "nginx"
    return [
        (rule["host"], path["path"], path["pathType"], path["backend"]["service"])
        for rule in ingress["spec"]["rules"]
        for path in rule["http"]["paths"]
    ]


def test_ingress_routes_api_and_admin_to_an_existing_service_port() -> None:
    backends = ingress_backends()
    assert {(host, path) for host, path, _, _ in backends} == {
        ("messaging.local", "/api/"),
        ("messaging.local", "/admin/"),
    }
    for _, _, _, backend in backends:
        service = named("Service", backend["name"])
        assert backend["port"]["number"] in [port["port"] for port in service["spec"]["ports"]]
        assert backend["name"] == "messaging-app-service"


def routed(url: str) -> bool:
    """Whether the Ingress sends `url` to a service."""
    parts = urlsplit(url)
    return any(
        parts.hostname == host
        and (
            parts.path == path
            if kind == "Exact"
            else parts.path.startswith(path.rstrip("/") + "/")
        )
        for host, path, kind, _ in ingress_backends()
    )


# --- commands.txt ---------------------------------------------------------------------


def commands() -> list[tuple[str, list[str]]]:
    """(the comment above it, the command's words) for each command of commands.txt."""
    found: list[tuple[str, list[str]]] = []
    comment = ""
    for line in (K8S / "commands.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            comment = line
        elif line.strip():
            found.append((comment, shlex.split(line)))
    return found


def position(words: list[str]) -> int:
    """Index of the first command of commands.txt that starts with `words`."""
    for index, (_, command) in enumerate(commands()):
        if command[: len(words)] == words:
            return index
    raise AssertionError(f"commands.txt never runs {' '.join(words)}")


def secret_literals() -> dict[str, str]:
    """KEY -> value of each --from-literal of the `kubectl create secret` command."""
    index = position(["kubectl", "create", "secret", "generic", SECRET])
    words = commands()[index][1]
    return dict(
        word.removeprefix("--from-literal=").split("=", 1)
        for word in words
        if word.startswith("--from-literal=")
    )


def test_commands_run_in_an_order_that_works() -> None:
    start = position(["k8s/kurbeScript"])
    secret = position(["kubectl", "create", "secret", "generic", SECRET])
    build = position(["minikube", "image", "build", "-t", "messaging-app:1.0"])
    apply = position(["kubectl", "apply", "-f", "k8s/deployment.yaml"])
    ingress = position(["kubectl", "apply", "-f", "k8s/ingress.yaml"])
    scale = position(["k8s/kubctl-0x01"])
    assert start < secret < apply < ingress < scale
    assert build < apply
    assert scale < position(["k8s/kubctl-0x02"]) < position(["k8s/kubctl-0x03"])


def test_every_command_has_a_comment_and_names_files_that_exist() -> None:
    assert commands()
    for comment, words in commands():
        assert comment.startswith("# "), f"no comment above: {' '.join(words)}"
        for word in words:
            if word.startswith("k8s/"):
                assert (MODULE / word).is_file(), f"commands.txt names a missing {word}"


def test_the_secret_holds_what_production_settings_need() -> None:
    literals = secret_literals()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"} <= set(literals)
    assert urlsplit(literals["DATABASE_URL"]).scheme == "mysql"
    assert urlsplit(literals["REDIS_URL"]).scheme == "redis"


@pytest.mark.parametrize("name", deployment_ids())
def test_allowed_hosts_admit_the_probes_and_the_ingress(name: str) -> None:
    hosts = secret_literals()["ALLOWED_HOSTS"].split(",")
    assert {host for host, _, _, _ in ingress_backends()} <= set(hosts)
    for container in containers(named("Deployment", name)):
        check = container["readinessProbe"]["httpGet"]
        headers = {h["name"].lower(): h["value"] for h in check.get("httpHeaders", [])}
        # Without a Host header the probe asks for the pod's IP, which no setting can list.
        assert headers.get("host") in hosts


# --- The scripts, against fake kubectl, minikube, wrk and curl ----------------------------

BASH = shutil.which("bash") or "/bin/bash"
SLEEP = shutil.which("sleep") or "/bin/sleep"

# Each fake appends "tool arg arg..." to $FAKE_LOG and answers as the environment says.
# Builtins only (but sleep), so that they work on a PATH holding nothing else.
FAKES = {
    "kubectl": r"""
case "$1 ${2-}" in
  "apply -f")
    [[ -f $3 ]] || { echo "error: the path \"$3\" does not exist" >&2; exit 1; } ;;
  "rollout status")
    # Lasts until curl has been called FAKE_ROLLOUT_PROBES more times: it waits for
    # that event however slow the machine, never for a length of time (the test's
    # subprocess timeout ends a script that stopped probing).
    probes=${FAKE_ROLLOUT_PROBES:-0} start=0 now=0
    [[ ! -f $FAKE_LOG.curl ]] || read -r start <"$FAKE_LOG.curl"
    while ((probes > 0)); do
      [[ ! -f $FAKE_LOG.curl ]] || read -r now <"$FAKE_LOG.curl"
      ((${now:-0} >= ${start:-0} + probes)) && break
      "$SLEEP" 0.01
    done
    if [[ -n ${FAKE_ROLLOUT_FAIL-} ]]; then
      echo "error: timed out waiting for the condition" >&2; exit 1
    fi
    echo "deployment \"${3#deployment/}\" successfully rolled out" ;;
  "logs "*) printf '%s\n' "${FAKE_KUBECTL_LOGS-[INFO] Booting worker with pid: 8}" ;;
  "top pods")
    if [[ -n ${FAKE_TOP_FAIL-} ]]; then
      echo "error: Metrics API not available" >&2; exit 1
    fi
    echo "NAME CPU(cores) MEMORY(bytes)" ;;
  "patch service")
    [[ $* =~ \"version\":\"([a-z]+)\" ]] && echo "${BASH_REMATCH[1]}" >"$FAKE_LOG.selector"
    echo "service/$3 patched" ;;
  "get service")
    if [[ -f $FAKE_LOG.selector ]]; then read -r colour <"$FAKE_LOG.selector"; else colour=blue; fi
    printf '%s' "$colour" ;;
  "cluster-info "*) echo "Kubernetes control plane is running at https://192.168.49.2:8443" ;;
  "get pods") echo "NAME READY STATUS RESTARTS AGE" ;;
esac
""",
    "minikube": r"""
case $1 in
  status)
    if [[ -n ${FAKE_MINIKUBE_RUNNING-} ]]; then echo "host: Running"; exit 0; fi
    echo "host: Stopped"; exit 7 ;;
  start) echo "Done! kubectl is now configured to use \"minikube\" cluster" ;;
esac
""",
    "wrk": r"""
echo "Requests/sec:   1234.56"
""",
    "curl": r"""
count=0
[[ ! -f $FAKE_LOG.curl ]] || read -r count <"$FAKE_LOG.curl"
count=$((count + 1))
echo "$count" >"$FAKE_LOG.curl"
# Who runs the probes: the script's loop (a subshell), so a test can tell it is gone.
echo "$PPID" >>"$FAKE_LOG.prober"
every=${FAKE_CURL_FAIL_EVERY:-0}
if ((every > 0 && count % every == 0)); then exit 7; fi
""",
}


@dataclass
class Fakes:
    """The fake tools in `bin`; `log` holds one line per call."""

    bin: Path
    log: Path

    def calls(self, tool: str | None = None) -> list[list[str]]:
        text = self.log.read_text(encoding="utf-8") if self.log.exists() else ""
        calls = [shlex.split(line) for line in text.splitlines()]
        return [call for call in calls if tool is None or call[0] == tool]

    def run(
        self,
        script: str,
        *args: str,
        env: Mapping[str, str] | None = None,
        path: str | None = None,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run k8s/`script` with bash, the fakes first on PATH (or on `path` alone)."""
        full_env = {
            **os.environ,
            "PATH": path or f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "FAKE_LOG": str(self.log),
            "SLEEP": SLEEP,
            **(env or {}),
        }
        return subprocess.run(
            [BASH, str(K8S / script), *args],
            cwd=cwd or self.bin.parent,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


def write_fake(folder: Path, tool: str) -> None:
    path = folder / tool
    # One write per call: curl's loop and kubectl append to the log at the same time.
    record = f'printf -v words \' %q\' "$@"; printf \'{tool}%s\\n\' "$words" >>"$FAKE_LOG"'
    path.write_text(f"#!{BASH}\n{record}\n{FAKES[tool]}", encoding="utf-8")
    path.chmod(0o755)


@pytest.fixture
def fakes(tmp_path: Path) -> Fakes:
    folder = tmp_path / "bin"
    folder.mkdir()
    for tool in FAKES:
        write_fake(folder, tool)
    return Fakes(folder, tmp_path / "calls.log")


def lines(text: str) -> list[list[str]]:
    """Each "+ command" line of a script's output, as the command's words."""
    return [shlex.split(line[2:]) for line in text.splitlines() if line.startswith("+ ")]


# What each script's dry run prints, in order (the words each line starts with).
DRY_RUNS = {
    "kurbeScript": [
        ["minikube", "status"],
        ["minikube", "start"],
        ["kubectl", "cluster-info"],
        ["kubectl", "get", "pods", "--all-namespaces"],
    ],
    "kubctl-0x01": [
        ["kubectl", "scale", "deployment/messaging-app", "--replicas=3"],
        ["kubectl", "rollout", "status", "deployment/messaging-app"],
        ["kubectl", "get", "pods", "-l", "app=messaging-app"],
        ["wrk", "-t2", "-c10", "-d30s", DEFAULT_URL],
        ["kubectl", "top", "pods", "-l", "app=messaging-app"],
    ],
    "kubctl-0x02": [
        ["kubectl", "apply", "-f", "blue_deployment.yaml"],
        ["kubectl", "apply", "-f", "green_deployment.yaml"],
        ["kubectl", "apply", "-f", "kubeservice.yaml"],
        ["kubectl", "rollout", "status", "deployment/messaging-app-green"],
        ["kubectl", "logs", "-l", "app=messaging-app,version=green", "--tail=200"],
        ["kubectl", "patch", "service", "messaging-app-bluegreen", "-p"],
        ["kubectl", "get", "service", "messaging-app-bluegreen"],
    ],
    "kubctl-0x03": [
        ["while", ":;", "do", "curl"],
        ["kubectl", "set", "image", "deployment/messaging-app-blue"],
        ["kubectl", "rollout", "status", "deployment/messaging-app-blue"],
        ["sleep"],
        ["kubectl", "get", "pods", "-l", "app=messaging-app"],
    ],
}


@pytest.mark.parametrize("script", SCRIPTS)
def test_dry_run_prints_every_command_and_runs_none(fakes: Fakes, script: str) -> None:
    result = fakes.run(script, "--dry-run")

    assert result.returncode == 0, result.stderr
    printed = lines(result.stdout)
    assert len(printed) == len(DRY_RUNS[script])
    for words, expected in zip(printed, DRY_RUNS[script], strict=True):
        assert words[: len(expected)] == expected
    assert fakes.calls() == []


@pytest.mark.parametrize("script", SCRIPTS)
def test_help_and_unknown_options(fakes: Fakes, script: str) -> None:
    helped = fakes.run(script, "--help")
    refused = fakes.run(script, "--frobnicate")

    assert helped.returncode == 0
    assert helped.stdout.startswith(f"Usage: {script}")
    assert "--dry-run" in helped.stdout
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert "--frobnicate" in refused.stderr
    assert "Usage:" in refused.stderr
    assert fakes.calls() == []


def path_without(tmp_path: Path, fakes: Fakes, *missing: str) -> str:
    """A PATH holding the fakes but `missing`, and nothing else (no real kubectl)."""
    folder = tmp_path / "only"
    folder.mkdir()
    for tool in FAKES:
        if tool not in missing:
            (folder / tool).symlink_to(fakes.bin / tool)
    return str(folder)


def test_kurbescript_starts_minikube_when_it_is_not_running(fakes: Fakes) -> None:
    result = fakes.run("kurbeScript")

    assert result.returncode == 0, result.stderr
    assert [call[:3] for call in fakes.calls()] == [
        ["minikube", "status"],
        ["minikube", "start"],
        ["kubectl", "cluster-info"],
        ["kubectl", "get", "pods"],
    ]
    assert fakes.calls()[-1] == ["kubectl", "get", "pods", "--all-namespaces"]
    assert "control plane is running" in result.stdout


def test_kurbescript_leaves_a_running_minikube_alone(fakes: Fakes) -> None:
    result = fakes.run("kurbeScript", env={"FAKE_MINIKUBE_RUNNING": "1"})

    assert result.returncode == 0, result.stderr
    assert ["minikube", "start"] not in fakes.calls()
    assert ["kubectl", "cluster-info"] in fakes.calls()


@pytest.mark.parametrize("missing", ["minikube", "kubectl"])
def test_kurbescript_names_a_missing_tool(fakes: Fakes, tmp_path: Path, missing: str) -> None:
    result = fakes.run("kurbeScript", path=path_without(tmp_path, fakes, missing))

    assert result.returncode == 1
    assert f"{missing} is not installed" in result.stderr
    assert fakes.calls() == []


def test_kubctl_0x01_scales_to_3_then_load_tests_and_shows_usage(fakes: Fakes) -> None:
    result = fakes.run("kubctl-0x01")

    assert result.returncode == 0, result.stderr
    calls = fakes.calls()
    assert calls[0] == ["kubectl", "scale", "deployment/messaging-app", "--replicas=3"]
    assert calls[1][:4] == ["kubectl", "rollout", "status", "deployment/messaging-app"]
    assert re.fullmatch(r"--timeout=\d+[sm]", calls[1][4])
    assert calls[2] == ["kubectl", "get", "pods", "-l", "app=messaging-app"]
    assert calls[3] == ["wrk", "-t2", "-c10", "-d30s", DEFAULT_URL]
    assert calls[4] == ["kubectl", "top", "pods", "-l", "app=messaging-app"]
    assert len(calls) == 5


def test_kubctl_0x01_takes_replicas_duration_and_url(fakes: Fakes) -> None:
    url = "http://127.0.0.1:8000/api/health/"
    result = fakes.run("kubctl-0x01", "--replicas", "5", "--duration", "2", "--url", url)

    assert result.returncode == 0, result.stderr
    assert ["kubectl", "scale", "deployment/messaging-app", "--replicas=5"] in fakes.calls()
    assert fakes.calls("wrk") == [["wrk", "-t2", "-c10", "-d2s", url]]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--replicas", "0"),
        ("--replicas", "21"),
        ("--replicas", "abc"),
        ("--replicas", "-3"),
        ("--replicas", ""),
        ("--duration", "0"),
        ("--duration", "301"),
        ("--duration", "1m"),
        ("--url", "messaging.local"),
    ],
)
def test_kubctl_0x01_refuses_bad_values(fakes: Fakes, option: str, value: str) -> None:
    result = fakes.run("kubctl-0x01", option, value)

    assert result.returncode == 2
    assert option in result.stderr
    assert fakes.calls() == []


def test_kubctl_0x01_warns_when_metrics_server_is_missing(fakes: Fakes) -> None:
    result = fakes.run("kubctl-0x01", env={"FAKE_TOP_FAIL": "1"})

    assert result.returncode == 0
    assert "warning" in result.stderr
    assert "metrics-server" in result.stderr
    assert fakes.calls("wrk")


def test_kubctl_0x01_needs_wrk(fakes: Fakes, tmp_path: Path) -> None:
    result = fakes.run("kubctl-0x01", path=path_without(tmp_path, fakes, "wrk"))

    assert result.returncode == 1
    assert "wrk is not installed" in result.stderr
    assert fakes.calls() == []


def test_kubctl_0x01_scales_the_deployment_of_the_pods_it_lists(fakes: Fakes) -> None:
    scale, _, pods, load_test, _ = lines(fakes.run("kubctl-0x01", "--dry-run").stdout)
    deployment = named("Deployment", scale[2].removeprefix("deployment/"))
    key, value = pods[pods.index("-l") + 1].split("=")
    assert pod_labels(deployment)[key] == value
    assert routed(load_test[-1]), f"the Ingress does not route {load_test[-1]}"


def test_kubctl_0x02_switches_to_green_when_its_logs_are_clean(
    fakes: Fakes, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    result = fakes.run("kubctl-0x02", cwd=elsewhere)

    assert result.returncode == 0, result.stderr
    calls = fakes.calls("kubectl")
    assert calls[:3] == [
        ["kubectl", "apply", "-f", "blue_deployment.yaml"],
        ["kubectl", "apply", "-f", "green_deployment.yaml"],
        ["kubectl", "apply", "-f", "kubeservice.yaml"],
    ]
    assert calls[3][:4] == ["kubectl", "rollout", "status", "deployment/messaging-app-green"]
    assert calls[4] == ["kubectl", "logs", "-l", "app=messaging-app,version=green", "--tail=200"]
    patch = calls[5]
    assert patch[:4] == ["kubectl", "patch", "service", "messaging-app-bluegreen"]
    selector = json.loads(patch[patch.index("-p") + 1])["spec"]["selector"]
    green = named("Deployment", "messaging-app-green")
    assert selects(selector, pod_labels(green))
    assert not selects(selector, pod_labels(named("Deployment", "messaging-app-blue")))
    assert "green" in result.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    "bad_line",
    [
        "Traceback (most recent call last):",
        "[2025-01-01 10:00:00 +0000] [7] [ERROR] Exception in worker process",
        "CRITICAL WORKER TIMEOUT (pid:9)",
    ],
)
def test_kubctl_0x02_keeps_blue_when_green_logs_an_error(fakes: Fakes, bad_line: str) -> None:
    logs = f"[INFO] Booting worker with pid: 8\n{bad_line}\n[INFO] Listening"

    result = fakes.run("kubctl-0x02", env={"FAKE_KUBECTL_LOGS": logs})

    assert result.returncode == 1
    assert bad_line in result.stderr
    assert "Booting worker" not in result.stderr
    assert not [call for call in fakes.calls() if call[1:2] == ["patch"]]
    assert ["kubectl", "logs", "-l", "app=messaging-app,version=green", "--tail=200"] in (
        fakes.calls()
    )


def test_kubctl_0x02_keeps_blue_when_green_does_not_roll_out(fakes: Fakes) -> None:
    result = fakes.run("kubctl-0x02", env={"FAKE_ROLLOUT_FAIL": "1"})

    assert result.returncode == 1
    assert "blue" in result.stderr
    assert not [call for call in fakes.calls() if call[1:2] in (["patch"], ["logs"])]


def rolling_update(fakes: Fakes, **env: str) -> subprocess.CompletedProcess[str]:
    """kubctl-0x03 with fast probes, a rollout that lasts 6 of them, and no settling time."""
    return fakes.run(
        "kubctl-0x03",
        "--interval",
        "0.05",
        "--settle",
        "0",
        env={"FAKE_ROLLOUT_PROBES": "6", **env},
    )


def assert_the_probe_loop_is_gone(fakes: Fakes) -> None:
    """Every process that ran a probe has exited: the script ended its loop (and waited
    for it) before it exited itself. Checked on the processes, not by waiting to see
    whether more probes come."""
    probers = {int(pid) for pid in Path(f"{fakes.log}.prober").read_text().split()}
    assert probers, "no probe was made"
    for pid in probers:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # signal 0: only asks whether the process exists


def summary(stdout: str) -> tuple[int, int]:
    match = re.search(r"^requests: (\d+), failed: (\d+)$", stdout, re.MULTILINE)
    assert match, stdout
    return int(match[1]), int(match[2])


def test_kubctl_0x03_finds_no_downtime_when_every_request_answers(fakes: Fakes) -> None:
    result = rolling_update(fakes)

    assert result.returncode == 0, result.stderr
    requests, failed = summary(result.stdout)
    assert failed == 0
    assert requests == len(fakes.calls("curl")) >= 7
    kubectl = fakes.calls("kubectl")
    assert kubectl[0] == [
        "kubectl",
        "set",
        "image",
        "deployment/messaging-app-blue",
        "messaging-app=messaging-app:2.0",
    ]
    assert kubectl[1][:4] == ["kubectl", "rollout", "status", "deployment/messaging-app-blue"]
    assert kubectl[-1] == ["kubectl", "get", "pods", "-l", "app=messaging-app"]


def test_kubctl_0x03_probes_all_through_the_rollout(fakes: Fakes) -> None:
    rolling_update(fakes)

    tools = [call[0] if call[0] == "curl" else " ".join(call[1:3]) for call in fakes.calls()]
    rollout, listing = tools.index("rollout status"), tools.index("get pods")
    assert tools[0] == "curl", "the probes start before the update"
    assert tools[rollout:listing].count("curl") >= 6, "no probe while the pods were replaced"
    assert "curl" not in tools[listing:], "the probes go on after the script is done"
    assert fakes.calls("curl")[0][-1] == DEFAULT_URL


def test_kubctl_0x03_reports_downtime_when_requests_fail(fakes: Fakes) -> None:
    result = rolling_update(fakes, FAKE_CURL_FAIL_EVERY="3")

    assert result.returncode == 1
    requests, failed = summary(result.stdout)
    assert requests == len(fakes.calls("curl"))
    assert failed == requests // 3 >= 1
    assert "downtime" in result.stderr


def test_kubctl_0x03_changes_nothing_when_the_url_never_answers(fakes: Fakes) -> None:
    result = rolling_update(fakes, FAKE_CURL_FAIL_EVERY="1")

    assert result.returncode == 1
    assert DEFAULT_URL in result.stderr
    assert fakes.calls("kubectl") == []
    assert_the_probe_loop_is_gone(fakes)


def test_kubctl_0x03_stops_probing_when_the_rollout_fails(fakes: Fakes) -> None:
    result = rolling_update(fakes, FAKE_ROLLOUT_FAIL="1")

    assert result.returncode == 1
    assert "rollout" in result.stderr
    assert_the_probe_loop_is_gone(fakes)


@pytest.mark.parametrize(
    ("option", "value"), [("--interval", "0"), ("--interval", "abc"), ("--url", "ftp://x/")]
)
def test_kubctl_0x03_refuses_bad_values(fakes: Fakes, option: str, value: str) -> None:
    result = fakes.run("kubctl-0x03", option, value)

    assert result.returncode == 2
    assert option in result.stderr
    assert fakes.calls() == []


def test_kubctl_0x03_updates_the_container_blue_runs(fakes: Fakes) -> None:
    printed = lines(fakes.run("kubctl-0x03", "--dry-run").stdout)
    set_image = next(words for words in printed if words[:3] == ["kubectl", "set", "image"])
    deployment = named("Deployment", set_image[3].removeprefix("deployment/"))
    container, image = set_image[4].split("=")
    assert container in [c["name"] for c in containers(deployment)]
    assert image != containers(deployment)[0]["image"], "the update changes nothing"
    assert routed(DEFAULT_URL)


# --- Conventions and shellcheck ------------------------------------------------------------


@pytest.mark.parametrize("script", SCRIPTS)
def test_follows_the_conventions(script: str) -> None:
    path = K8S / script
    text = path.read_text(encoding="utf-8").splitlines()
    assert os.access(path, os.X_OK), f"chmod +x k8s/{script}"
    assert text[:1] == ["#!/usr/bin/env bash"]
    commands = [line.strip() for line in text[1:] if line.strip() and not line.startswith("#")]
    assert commands[:1] == ["set -euo pipefail"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_shellcheck_finds_nothing(script: str) -> None:
    assert (K8S / script).stat().st_size > 0, f"k8s/{script} is empty"
    result = subprocess.run(
        [
            shellcheck(),
            "--external-sources",
            "--source-path=SCRIPTDIR",
            "--severity=style",
            script,
        ],
        cwd=K8S,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
