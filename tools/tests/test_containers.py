"""`make containers` without an engine: how a module's compose file is changed for the
run, how a module's smoke test is found, and the report. The stacks themselves run in
CI's containers stage (tools/containers needs Docker)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from tools.containers.__main__ import (
    MIGRATION_APPLIED,
    QUICK_HEALTHCHECK,
    Outcome,
    build_options,
    for_the_run,
    health_checked,
    main,
    own_env_file,
    report,
    variant_images,
)
from tools.containers.smokes import smoke_for

CONFIG = {
    "services": {
        "db": {
            "image": "mariadb:11",
            "healthcheck": {"test": ["CMD", "healthcheck.sh"], "interval": "5s"},
        },
        "web": {
            "build": {"context": "/m"},
            "ports": ["127.0.0.1:8000:8000"],
            "healthcheck": {"test": ["CMD", "true"], "interval": "30s", "retries": 3},
        },
        "beat": {"build": {"context": "/m"}, "healthcheck": {"disable": True}},
        "worker": {"build": {"context": "/m"}, "healthcheck": {"test": ["NONE"]}},
        "tests": {
            "build": {"context": "/m", "args": {"REQUIREMENTS": "requirements.txt"}},
            "profiles": ["test"],
            "healthcheck": {},
        },
    }
}


def test_built_services_run_the_new_image_and_publish_no_port() -> None:
    services = for_the_run(copy.deepcopy(CONFIG), "portfolio-m:containers")["services"]
    assert services["db"]["image"] == "mariadb:11"
    assert {services[name]["image"] for name in ("web", "beat", "worker")} == {
        "portfolio-m:containers"
    }
    assert all("ports" not in service for service in services.values())


def test_a_service_built_with_arguments_of_its_own_gets_an_image_of_its_own() -> None:
    config = for_the_run(copy.deepcopy(CONFIG), "portfolio-m:containers")
    assert config["services"]["tests"]["image"] == "portfolio-m:containers-tests"
    assert variant_images(config, "portfolio-m:containers") == {
        "portfolio-m:containers-tests": ["--build-arg=REQUIREMENTS=requirements.txt"]
    }


@pytest.mark.parametrize(
    ("build", "options"),
    [
        ({"context": "."}, []),
        ({"context": ".", "args": {"B": "2", "A": "1"}}, ["--build-arg=A=1", "--build-arg=B=2"]),
        ({"context": ".", "args": ["A=x=y"]}, ["--build-arg=A=x=y"]),
        ({"context": ".", "target": "test"}, ["--target=test"]),
    ],
)
def test_build_arguments_and_target_become_docker_build_options(
    build: dict[str, object], options: list[str]
) -> None:
    assert build_options({"build": build}) == options


def test_only_the_webs_health_check_is_asked_more_often() -> None:
    services = for_the_run(copy.deepcopy(CONFIG), "t")["services"]
    assert services["web"]["healthcheck"] == {"test": ["CMD", "true"], **QUICK_HEALTHCHECK}
    assert services["db"]["healthcheck"] == CONFIG["services"]["db"]["healthcheck"]


def test_the_default_services_with_a_health_check_must_turn_healthy() -> None:
    assert health_checked(CONFIG) == {"db": "healthy", "web": "healthy"}


def test_a_modules_smoke_test_is_found_by_its_name() -> None:
    smoke = smoke_for("python-advanced")
    assert smoke is not None
    assert callable(smoke.run)
    assert callable(smoke.persisted)
    assert smoke_for("no-such-module") is None


def test_an_unknown_module_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["no-such-module"]) == 2
    assert "no-such-module" in capsys.readouterr().err


def test_the_report_ends_with_every_modules_figures(capsys: pytest.CaptureFixture[str]) -> None:
    done = Outcome("python-advanced", passed=["image", "up"], skipped=["tests"])
    done.figures = {"build_s": "30", "image_mb": "402", "healthy_s": "7"}
    broken = Outcome("shell", passed=["image"], step="up", failed="up: the stack did not start")
    assert report([done, broken]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[-1] == (
        "RESULT python_advanced.build_s=30 python_advanced.image_mb=402 "
        "python_advanced.healthy_s=7 python_advanced.steps=2/7 shell.steps=1/8"
    )
    assert "shell failed at up: the stack did not start" in captured.err
    assert report([done]) == 0


def test_a_services_dotenv_is_the_runs_copy(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    config = {
        "services": {
            "web": {"env_file": ".env"},
            "worker": {"env_file": [".env", "worker.env"]},
            "db": {"image": "mariadb:11"},
        }
    }
    services = own_env_file(config, env_file)["services"]
    assert services["web"]["env_file"] == [str(env_file)]
    assert services["worker"]["env_file"] == [str(env_file), "worker.env"]
    assert "env_file" not in services["db"]


def test_only_djangos_migrate_counts_as_migrating() -> None:
    assert MIGRATION_APPLIED.search("  Applying bookings.0001_initial... OK")
    assert not MIGRATION_APPLIED.search("message_store upgrades: Applying transient_store")
