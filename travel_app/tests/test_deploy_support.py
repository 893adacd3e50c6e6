"""The readers of tests/deploy_support.py, on small files of each kind: what they find is
what Docker and compose would do with the same file."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.deploy_support import (
    APP_PORT,
    Unset,
    build_context,
    env_entries,
    environment,
    health_stand_in,
    healthcheck,
    healthcheck_url,
    ignored,
    image_env,
    instructions,
    interpolate,
    runtime,
    runtime_command,
    settings_variables,
    stages,
    variables_used,
    without_exec,
)

# The task whose tests these readers serve: the one line that differs between modules.
pytestmark = pytest.mark.task("deploy.docker")

DOCKERFILE = """\
# A comment, and a RUN continued over two lines.
FROM python:3.11-slim AS build
RUN pip wheel \\
    --wheel-dir /wheels -r requirements.txt

FROM python:3.11-slim
ENV DEBUG=false PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=30s \\
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/api/health/')"]
CMD ["sh", "-c", "python manage.py migrate && exec gunicorn config.wsgi:application"]
"""


def written(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_dockerfile_reads_as_stages_of_joined_instructions(tmp_path: Path) -> None:
    dockerfile = written(tmp_path, "Dockerfile", DOCKERFILE)

    build, final = stages(dockerfile)

    assert build == [
        ("FROM", "python:3.11-slim AS build"),
        ("RUN", "pip wheel      --wheel-dir /wheels -r requirements.txt"),
    ]
    assert final[0] == ("FROM", "python:3.11-slim")
    assert runtime("EXPOSE", dockerfile) == [str(APP_PORT)]
    assert image_env(dockerfile) == {"DEBUG": "false", "PYTHONUNBUFFERED": "1"}


def test_the_cmd_is_split_into_the_commands_the_shell_runs(tmp_path: Path) -> None:
    dockerfile = written(tmp_path, "Dockerfile", DOCKERFILE)

    migrate, serve = runtime_command(dockerfile)

    assert migrate == ["python", "manage.py", "migrate"]
    assert without_exec(serve) == ["gunicorn", "config.wsgi:application"]


def test_the_healthcheck_is_run_against_the_port_given(tmp_path: Path) -> None:
    dockerfile = written(tmp_path, "Dockerfile", DOCKERFILE)
    assert healthcheck_url(dockerfile) == "http://127.0.0.1:8000/api/health/"

    with health_stand_in() as (handler, port):
        passed = healthcheck(port, dockerfile)
        handler.status = 503
        failed = healthcheck(port, dockerfile)

    assert passed.returncode == 0, passed.stderr
    assert failed.returncode != 0
    assert handler.paths == ["/api/health/", "/api/health/"]


def test_a_space_after_the_continuation_backslash_still_continues(tmp_path: Path) -> None:
    dockerfile = written(tmp_path, "Dockerfile", "FROM python\nRUN pip \\  \n  install x\n")

    [(_, _), (keyword, arguments)] = instructions(dockerfile)

    assert (keyword, arguments.split()) == ("RUN", ["pip", "install", "x"])


def test_a_dockerfile_without_from_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match="no FROM"):
        stages(written(tmp_path, "Dockerfile", "RUN true\n"))


def test_interpolation_follows_compose(tmp_path: Path) -> None:
    env = {"SET": "value", "EMPTY": ""}

    assert interpolate("${SET} $SET $$SET", env) == "value value $SET"
    assert interpolate("${EMPTY:-default} ${EMPTY-default}", env) == "default "
    assert interpolate("${MISSING-default} ${MISSING}", env) == "default "
    assert interpolate({"a": ["${SET}", 3]}, env) == {"a": ["value", 3]}
    with pytest.raises(Unset, match="EMPTY: say why"):
        interpolate("${EMPTY:?say why}", env)
    assert interpolate("${EMPTY?only when unset}", env) == ""


def test_the_variables_used_leave_out_escaped_dollars(tmp_path: Path) -> None:
    compose = written(tmp_path, "compose.yaml", "a: ${ONE:-x} $TWO $$HOSTNAME\n")

    assert variables_used(compose) == {"ONE", "TWO"}


def test_an_environment_list_reads_as_a_mapping() -> None:
    assert environment({"environment": ["A=1", "B=x=y"]}) == {"A": "1", "B": "x=y"}
    assert environment({"environment": {"PORT": 8000}}) == {"PORT": "8000"}
    assert environment({}) == {}


def test_env_example_entries_active_and_commented(tmp_path: Path) -> None:
    example = written(tmp_path, ".env.example", "# Why.\nKEY=value \n# OPTIONAL=1\n# Prose.\n")

    assert env_entries(example) == [("KEY", "value", True), ("OPTIONAL", "1", False)]
    with pytest.raises(pytest.fail.Exception, match="not KEY=VALUE"):
        env_entries(written(tmp_path, "bad.env", "lowercase=1\n"))


def test_settings_variables_are_found_directly_and_through_helpers(tmp_path: Path) -> None:
    helpers = written(
        tmp_path,
        "env.py",
        "import os\n"
        "def flag(name, default=False):\n"
        "    return os.environ.get(name, '') == '1'\n"
        "def constant():\n"
        "    return os.getenv('NOT_A_PARAMETER')\n",
    )
    settings = written(
        tmp_path,
        "settings.py",
        "import os\n"
        "from os import getenv\n"
        "A = os.environ['SUBSCRIPT']\n"
        "B = getenv('DIRECT')\n"
        "C = flag('THROUGH_HELPER')\n"
        "D = constant()\n"
        "E = print('NOT_READ')\n",
    )

    assert settings_variables(settings, helpers) == {"SUBSCRIPT", "DIRECT", "THROUGH_HELPER"}


def test_dockerignore_patterns_match_as_docker_matches(tmp_path: Path) -> None:
    dockerignore = written(
        tmp_path,
        ".dockerignore",
        "# comment\n**/__pycache__\n*.log\nfakes/\ndocs\n!docs/keep.md\n",
    )

    assert ignored("app/__pycache__/x.pyc", dockerignore)
    assert ignored("__pycache__/x.pyc", dockerignore)
    assert ignored("debug.log", dockerignore)
    assert not ignored("logs/debug.log", dockerignore), "* does not cross a /"
    assert ignored("fakes/chapa.py", dockerignore)
    assert ignored("docs/other.md", dockerignore)
    assert not ignored("docs/keep.md", dockerignore), "the later ! line wins"
    assert not ignored("manage.py", dockerignore)


def test_the_build_context_is_what_dockerignore_keeps(tmp_path: Path) -> None:
    written(tmp_path, ".dockerignore", "fakes/\n*.log\n")
    for name in ("manage.py", "app/views.py", "fakes/chapa.py", "debug.log"):
        written(tmp_path, name, "")

    assert build_context(tmp_path) == [".dockerignore", "app/views.py", "manage.py"]
