"""The pipelines: the Jenkinsfile's stages, the GitHub Actions test and image workflows."""

from __future__ import annotations

import re
import shlex
import subprocess
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from tests.shellcheck import shellcheck

pytestmark = pytest.mark.task("extras.pipelines")

MODULE = Path(__file__).resolve().parent.parent
JENKINSFILE = MODULE / "Jenkinsfile"
WORKFLOWS = MODULE / ".github" / "workflows"
STAGES = ["Checkout", "Install", "Test", "Build", "Push"]
SECRET_EXPRESSION = re.compile(r"\$\{\{\s*secrets\.(\w+)\s*\}\}")


# --- The Jenkinsfile: Groovy read as Groovy (strings and comments apart from the code) ---


@dataclass(frozen=True)
class GroovyString:
    start: int
    end: int
    quote: str  # ', ", ''' or """: only the double-quoted ones interpolate ${...}
    text: str


@dataclass(frozen=True)
class Groovy:
    code: str  # the source with every string and comment blanked out, same length
    strings: list[GroovyString]

    def block(self, opening: int) -> tuple[int, int]:
        """The span of the {...} block whose "{" is at `opening`."""
        depth = 0
        for index in range(opening, len(self.code)):
            if self.code[index] == "{":
                depth += 1
            elif self.code[index] == "}":
                depth -= 1
                if depth == 0:
                    return opening, index + 1
        raise AssertionError(f"the block at offset {opening} is never closed")

    def strings_in(self, span: tuple[int, int]) -> list[GroovyString]:
        return [s for s in self.strings if span[0] <= s.start and s.end <= span[1]]

    def string_after(self, offset: int) -> str:
        """The string literal that follows `offset`, with only blanks in between."""
        following = [s for s in self.strings if s.start >= offset]
        assert following, f"no string after offset {offset}"
        first = min(following, key=lambda s: s.start)
        assert not self.code[offset : first.start].strip(), f"no string right after {offset}"
        return first.text

    def named_arguments(self, span: tuple[int, int]) -> dict[str, str]:
        """name -> string value of each `name: 'value'` argument inside `span`."""
        arguments = {}
        for match in re.finditer(r"(\w+)\s*:", self.code[span[0] : span[1]]):
            following = [s for s in self.strings if s.start >= span[0] + match.end()]
            if following and not self.code[span[0] + match.end() : following[0].start].strip():
                arguments[match[1]] = following[0].text
        return arguments


def parse_groovy(source: str) -> Groovy:
    code, strings, index = list(source), [], 0
    while index < len(source):
        rest = source[index:]
        if rest.startswith("//"):
            end = source.find("\n", index)
            end = len(source) if end == -1 else end
        elif rest.startswith("/*"):
            end = source.index("*/", index) + 2
        elif rest[:1] in {"'", '"'}:
            quote = rest[:3] if rest[:3] in {"'''", '"""'} else rest[0]
            end = index + len(quote)
            while not source.startswith(quote, end):
                assert end < len(source), f"a string opened at offset {index} is never closed"
                end += 2 if source[end] == "\\" else 1
            end += len(quote)
            strings.append(
                GroovyString(index, end, quote, source[index + len(quote) : end - len(quote)])
            )
        else:
            index += 1
            continue
        code[index:end] = [" " if char != "\n" else char for char in source[index:end]]
        index = end
    return Groovy("".join(code), strings)


def jenkinsfile() -> Groovy:
    return parse_groovy(JENKINSFILE.read_text(encoding="utf-8"))


def stage_spans(groovy: Groovy) -> dict[str, tuple[int, int]]:
    """Each stage's name -> the span of its block."""
    spans = {}
    for match in re.finditer(r"\bstage\s*\((\s*)\)\s*\{", groovy.code):
        (name,) = groovy.strings_in((match.start(), match.end()))
        spans[name.text] = groovy.block(match.end() - 1)
    return spans


def shell_scripts(groovy: Groovy, span: tuple[int, int]) -> list[str]:
    """The scripts of the `sh` steps inside `span`, in order."""
    return [
        groovy.string_after(span[0] + match.end())
        for match in re.finditer(r"\bsh\b", groovy.code[span[0] : span[1]])
    ]


def commands(script: str) -> list[list[str]]:
    """The simple commands of a shell script (split on newlines, |, && and ;)."""
    found = []
    for line in script.splitlines():
        for part in re.split(r"\|\||&&|\||;", line):
            words = shlex.split(part, comments=True)
            if words:
                found.append(words)
    return found


def stage_commands(name: str) -> list[list[str]]:
    groovy = jenkinsfile()
    spans = stage_spans(groovy)
    assert name in spans, f"the Jenkinsfile has no stage('{name}')"
    return [words for script in shell_scripts(groovy, spans[name]) for words in commands(script)]


def test_is_a_declarative_pipeline_with_the_stages_in_order() -> None:
    groovy = jenkinsfile()
    start = re.match(r"\s*pipeline\s*\{", groovy.code)
    assert start, "the Jenkinsfile does not start with pipeline {"
    assert groovy.block(start.end() - 1)[1] == len(groovy.code.rstrip())
    assert re.search(r"^\s*agent\s+any\s*$", groovy.code, re.MULTILINE)
    assert list(stage_spans(groovy)) == STAGES
    for opening, closing in ("{}", "()", "[]"):
        assert groovy.code.count(opening) == groovy.code.count(closing)


def test_checks_out_main_with_the_github_credentials() -> None:
    groovy = jenkinsfile()
    span = stage_spans(groovy)["Checkout"]
    code = groovy.code[span[0] : span[1]]
    if re.search(r"\bcheckout\s+scm\b", code):
        return
    assert re.search(r"\bgit\b\s*\(?\s*branch\s*:", code), "no git step"
    arguments = groovy.named_arguments(span)
    assert arguments["branch"] == "main"
    assert arguments["credentialsId"] == "github-credentials"
    assert urlsplit(arguments["url"]).scheme in {"https", "ssh"}


def test_installs_in_a_venv_and_tests_in_it() -> None:
    install, test = stage_commands("Install"), stage_commands("Test")
    assert ["python3", "-m", "venv", ".venv"] in install
    activate = [".", ".venv/bin/activate"]
    assert install.index(activate) < install.index(["pip3", "install", "-r", "requirements.txt"])
    # Each sh step is a new shell: the Test stage activates the venv again.
    pytest_run = next(words for words in test if "pytest" in words)
    assert test.index(activate) < test.index(pytest_run)
    assert pytest_run[:3] == ["python3", "-m", "pytest"]


def test_publishes_the_junit_report_pytest_writes_even_when_tests_fail() -> None:
    groovy = jenkinsfile()
    span = stage_spans(groovy)["Test"]
    pytest_run = next(words for words in stage_commands("Test") if "pytest" in words)
    (report,) = [w.removeprefix("--junitxml=") for w in pytest_run if w.startswith("--junitxml=")]
    post = re.search(r"\bpost\s*\{\s*always\s*\{", groovy.code[span[0] : span[1]])
    assert post, "the Test stage has no post { always { ... } }"
    always = groovy.block(span[0] + post.end() - 1)
    junit = re.search(r"\bjunit\b", groovy.code[always[0] : always[1]])
    assert junit, "no junit step in post { always }"
    assert groovy.string_after(always[0] + junit.end()) == report


def test_builds_the_image_then_logs_in_and_pushes_with_the_dockerhub_credentials() -> None:
    groovy = jenkinsfile()
    (build,) = [w for w in stage_commands("Build") if w[:2] == ["docker", "build"]]
    built = build[build.index("-t") + 1]
    assert build[-1] == "."

    span = stage_spans(groovy)["Push"]
    code = groovy.code[span[0] : span[1]]
    binding = re.search(r"withCredentials\s*\(\s*\[\s*usernamePassword\s*\(([^)]*)\)", code)
    assert binding, "the Push stage does not bind the credentials with withCredentials"
    names = groovy.named_arguments((span[0] + binding.start(1), span[0] + binding.end(1)))
    assert names["credentialsId"] == "dockerhub-credentials"
    user, password = f"${names['usernameVariable']}", f"${names['passwordVariable']}"

    steps = stage_commands("Push")
    login = next(words for words in steps if words[:2] == ["docker", "login"])
    assert "--password-stdin" in login
    assert user in login
    assert steps[steps.index(login) - 1] == ["echo", password], "the token goes in on stdin"
    pushed = [words[-1] for words in steps if words[:2] == ["docker", "push"]]
    assert pushed
    assert steps.index(login) < min(i for i, w in enumerate(steps) if w[:2] == ["docker", "push"])
    tagged = {words[3]: words[2] for words in steps if words[:2] == ["docker", "tag"]}
    for image in pushed:
        assert image.startswith(f"{user}/")
        assert tagged.get(image, image) == built, f"{image} is not the image the Build stage built"


def test_groovy_never_interpolates_the_token() -> None:
    groovy = jenkinsfile()
    span = stage_spans(groovy)["Push"]
    assert shell_scripts(groovy, span)
    for string in groovy.strings:
        if "TOKEN" in string.text or "PASSWORD" in string.text.upper():
            assert string.quote in {"'", "'''"}, f"a GString holds a secret: {string.text!r}"


@pytest.mark.parametrize("stage", STAGES[1:])
def test_every_sh_step_is_a_clean_shell_script(stage: str, tmp_path: Path) -> None:
    groovy = jenkinsfile()
    scripts = shell_scripts(groovy, stage_spans(groovy)[stage])
    assert scripts, f"stage {stage} runs no sh step"
    for number, script in enumerate(scripts):
        path = tmp_path / f"{stage}-{number}.sh"
        path.write_text(f"#!/bin/sh -xe\n{script}\n", encoding="utf-8")
        result = subprocess.run(
            # SC1091: .venv/bin/activate exists only once the Install stage has run.
            [shellcheck(), "--shell=sh", "--severity=style", "--exclude=SC1091", str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout


# --- The GitHub Actions workflows ---------------------------------------------------------


def workflow(name: str) -> dict[str, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{name} is not a mapping"
    return data


def triggers(data: dict[str, Any]) -> dict[str, Any]:
    """The `on:` mapping (YAML 1.1 reads the bare key `on` as True)."""
    on = data.get("on", data.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), "the workflow has no triggers"
    return on


def step_using(steps: list[dict[str, Any]], action: str) -> tuple[int, dict[str, Any]]:
    for index, step in enumerate(steps):
        if str(step.get("uses", "")).split("@")[0] == action:
            return index, step
    raise AssertionError(f"no step uses {action}")


def step_running(steps: list[dict[str, Any]], words: list[str]) -> tuple[int, dict[str, Any]]:
    """The first step whose `run` has a command starting with `words`."""
    for index, step in enumerate(steps):
        if any(command[: len(words)] == words for command in commands(step.get("run", ""))):
            return index, step
    raise AssertionError(f"no step runs {' '.join(words)}")


def ci_job() -> dict[str, Any]:
    return workflow("ci.yml")["jobs"]["test"]


def test_ci_runs_on_every_push_and_pull_request() -> None:
    on = triggers(workflow("ci.yml"))
    assert {"push", "pull_request"} <= set(on)
    assert not (on["push"] or {}).get("branches"), "CI must run on every branch"
    assert ci_job()["runs-on"] == "ubuntu-latest"


def mysql_service() -> tuple[dict[str, str], int]:
    """The CI job's MySQL service: its environment, and the port published on the runner."""
    services = ci_job()["services"]
    (mysql,) = [s for s in services.values() if str(s["image"]).startswith("mysql:")]
    assert mysql["image"] == "mysql:8.4"
    assert "--health-cmd" in mysql["options"]
    assert "mysqladmin ping" in mysql["options"]
    published = {int(p.split(":")[1]): int(p.split(":")[0]) for p in map(str, mysql["ports"])}
    return {k: str(v) for k, v in mysql["env"].items()}, published[3306]


def test_ci_lints_then_tests_against_its_mysql_service() -> None:
    steps = ci_job()["steps"]
    checkout, _ = step_using(steps, "actions/checkout")
    setup, python = step_using(steps, "actions/setup-python")
    assert str(python["with"]["python-version"]) == "3.11"
    headers, _ = step_running(steps, ["sudo", "apt-get", "install"])
    install, install_step = step_running(steps, ["pip", "install"])
    lint, _ = step_running(steps, ["ruff", "check"])
    test, test_step = step_running(steps, ["python", "-m", "pytest"])
    assert checkout < setup < install < lint < test
    assert headers < install, "mysqlclient compiles against the headers"

    pip = next(c for c in commands(install_step["run"]) if c[:2] == ["pip", "install"])
    assert pip[pip.index("-r") + 1] == "requirements.txt"
    assert {"mysqlclient==2.3.1", "pytest-cov"} <= set(pip)
    assert any(word.startswith("ruff==") for word in pip)

    env, port = mysql_service()
    url = urlsplit({**ci_job().get("env", {}), **test_step.get("env", {})}["DATABASE_URL"])
    assert (url.scheme, url.hostname, url.port) == ("mysql", "127.0.0.1", port)
    assert (url.username, url.password) == ("root", env["MYSQL_ROOT_PASSWORD"])
    assert url.path == f"/{env['MYSQL_DATABASE']}"
    pytest_run = next(c for c in commands(test_step["run"]) if "pytest" in c)
    assert any(arg == "--cov" or arg.startswith("--cov=") for arg in pytest_run)
    assert "--cov-report=xml" in pytest_run


def test_ci_uploads_the_coverage_report_pytest_writes() -> None:
    steps = ci_job()["steps"]
    test, _ = step_running(steps, ["python", "-m", "pytest"])
    upload, step = step_using(steps, "actions/upload-artifact")
    assert step["uses"] == "actions/upload-artifact@v4"
    assert upload > test
    assert step["with"]["path"] == "coverage.xml"


def test_ci_fails_below_the_coverage_threshold_and_shows_the_coverage() -> None:
    report = tomllib.loads((MODULE / "pyproject.toml").read_text())["tool"]["coverage"]
    threshold = report["report"]["fail_under"]
    assert isinstance(threshold, int | float)
    assert 50 <= threshold <= 100, "a threshold set at what the suite covers, rounded down"
    steps = ci_job()["steps"]
    test, _ = step_running(steps, ["python", "-m", "pytest"])
    summary, step = step_running(steps, ["python", "-m", "coverage", "report"])
    assert summary > test
    [command] = [c for c in commands(step["run"]) if c[:3] == ["python", "-m", "coverage"]]
    assert "--format=markdown" in command
    assert "GITHUB_STEP_SUMMARY" in step["run"]
    assert step.get("if"), "the coverage is shown when the tests fail too"


def test_image_workflow_runs_on_main_and_by_hand() -> None:
    on = triggers(workflow("dep.yml"))
    assert on["push"]["branches"] == ["main"]
    assert "workflow_dispatch" in on


def image_steps() -> list[dict[str, Any]]:
    (job,) = workflow("dep.yml")["jobs"].values()
    return job["steps"]


def test_image_workflow_logs_in_with_secrets_only() -> None:
    steps = image_steps()
    _, login = step_using(steps, "docker/login-action")
    assert login["uses"] == "docker/login-action@v3"
    credentials = login["with"]
    assert SECRET_EXPRESSION.fullmatch(credentials["username"])[1] == "DOCKERHUB_USERNAME"  # type: ignore[index]
    assert SECRET_EXPRESSION.fullmatch(credentials["password"])[1] == "DOCKERHUB_TOKEN"  # type: ignore[index]


def test_no_workflow_holds_a_literal_credential() -> None:
    def check(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                check(v, str(k))
        elif isinstance(value, list):
            for item in value:
                check(item, key)
        elif re.search(r"password|token|username", key, re.IGNORECASE):
            assert SECRET_EXPRESSION.fullmatch(str(value)), f"{key}: {value!r} is not a secret"

    for name in ("dep.yml",):
        check(workflow(name))
    assert image_steps()


def test_image_workflow_builds_and_pushes_both_tags() -> None:
    steps = image_steps()
    buildx, _ = step_using(steps, "docker/setup-buildx-action")
    login, login_step = step_using(steps, "docker/login-action")
    build, step = step_using(steps, "docker/build-push-action")
    assert step["uses"] == "docker/build-push-action@v6"
    assert buildx < build
    assert login < build
    assert step["with"]["push"] is True
    tags = step["with"]["tags"]
    if isinstance(tags, str):  # one a line, or comma-separated
        tags = [tag.strip() for tag in re.split(r"[\n,]", tags) if tag.strip()]
    account = login_step["with"]["username"]
    assert sorted(tags) == sorted(
        [f"{account}/messaging-app:latest", f"{account}/messaging-app:${{{{ github.sha }}}}"]
    )
