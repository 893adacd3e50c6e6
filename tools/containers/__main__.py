"""`make containers [MODULE=x]`: every module's image built and its compose stack run.

    python -m tools.containers                 every module
    python -m tools.containers travel_app      one (or several)

Per module, in order, each step stopping the module at its first failure:

    image       `docker build` of the module's Dockerfile, its size (and the part above
                its base image), and that it runs as a user other than root; then the
                image of a service built with arguments of its own (the tests' tools)
    up          `compose up` of the module's default services on that image; every
                container with a health check turns healthy (woken by the engine's events)
    smoke       the module's main job end to end, from outside the containers (smokes.py)
    migrations  in a Django module, one container applied the migrations
    restart     `down`, then `up` of the services that keep running: the data is still
                there (named volumes)
    tests       the `tests` profile, where the module has one, passes inside the stack
    outage      the database stopped: the web's health check turns unhealthy and
                /api/health/ answers 503 (where there is one)
    removed     `down -v` leaves no volume of the stack behind

The stack runs under a project name of its own, with the module's .env.example (copied,
never written into the module), from the module's compose file as Compose reads it with
its built services on the image just built and no host port (the host reaches each
container at its address on the project's network). The last line is
`RESULT <module>.build_s=... <module>.image_mb=... <module>.own_mb=...
<module>.healthy_s=... <module>.steps=passed/all ...`; the exit status is 1 if any step failed.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grader.manifest import module_folders
from tools.containers.smokes import Config, Smoke, smoke_for
from tools.containers.stack import Stack, StackError, http, run

ROOT = Path(__file__).resolve().parents[2]
STEPS = ("image", "up", "smoke", "migrations", "restart", "tests", "outage", "removed")
DATABASES = ("db", "mariadb", "mysql", "postgres")
# The outage step's wait: the web's health check as the module sets it would take minutes
# to give up; here it asks every 3 s and gives up after 2 failures.
QUICK_HEALTHCHECK = {"interval": "3s", "timeout": "3s", "retries": 2}
# What `manage.py migrate` prints per migration ("Applying bookings.0001_initial...").
MIGRATION_APPLIED = re.compile(r"Applying \w+\.\d{4}_\w+")


@dataclass
class Outcome:
    module: str
    passed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    step: str = "image"  # the step under way
    failed: str = ""
    figures: dict[str, str] = field(default_factory=dict)


def image_tag(folder: Path) -> str:
    return f"portfolio-{folder.name.replace('_', '-')}:containers"


def build_images(folder: Path, config: Config, tag: str, outcome: Outcome) -> None:
    """The module's image from a clean state, its size and its user; then the image of
    each built service that passes build arguments or a target (a `tests` service's test
    tools), on the same layers."""
    started = time.monotonic()
    docker_build(folder, tag, [])
    for image, options in sorted(variant_images(config, tag).items()):
        docker_build(folder, image, options)
    outcome.figures["build_s"] = f"{time.monotonic() - started:.0f}"
    [details] = json.loads(run(["docker", "image", "inspect", tag]))
    outcome.figures["image_mb"] = f"{details['Size'] / 1e6:.0f}"
    outcome.figures["own_mb"] = f"{(details['Size'] - base_size(folder)) / 1e6:.0f}"
    user = str(details["Config"].get("User") or "")
    if user.split(":")[0] in {"", "root", "0"}:
        raise StackError(f"the image runs as root (USER {user or 'unset'})")
    uid = run(["docker", "run", "--rm", "--entrypoint", "id", tag, "-u"]).strip()
    if uid == "0":
        raise StackError("the image's process runs as uid 0")


def docker_build(folder: Path, tag: str, options: list[str]) -> None:
    # The host's network: pip and apt in the build reach the registries as the host does.
    command = ["docker", "build", "--network", "host", "--pull=false", "--tag", tag]
    run([*command, *options, str(folder)])


def base_size(folder: Path) -> int:
    """Bytes of the image the Dockerfile's last stage starts FROM: the image's own
    layers are what lies above it, whichever image stands in for the official base."""
    froms = re.findall(r"^FROM\s+(?:--\S+\s+)*(\S+)", (folder / "Dockerfile").read_text(), re.M)
    [details] = json.loads(run(["docker", "image", "inspect", froms[-1]]))
    return int(details["Size"])


def build_options(service: dict[str, Any]) -> list[str]:
    """`docker build` options for a built service's build arguments and target."""
    build = service["build"]
    args = build.get("args") or {}
    pairs = args.items() if isinstance(args, dict) else (a.split("=", 1) for a in args)
    options = [f"--build-arg={name}={value}" for name, value in sorted(pairs)]
    return options + ([f"--target={build['target']}"] if build.get("target") else [])


def variant_images(config: Config, tag: str) -> dict[str, list[str]]:
    """image -> `docker build` options, for the built services that are not on `tag`."""
    return {
        service["image"]: build_options(service)
        for service in config["services"].values()
        if "build" in service and service["image"] != tag
    }


def new_stack(folder: Path, scratch: Path, tag: str) -> tuple[Stack, Config]:
    """The stack of the module's compose file as Compose reads it (variables left as
    written), changed for the run (`for_the_run`), and that configuration."""
    env_file = scratch / ".env"
    example = folder / ".env.example"
    env_file.write_text(example.read_text() if example.exists() else "", encoding="utf-8")
    project = "containers" + "".join(c for c in folder.name if c.isalnum())
    stack = Stack(folder, project, [scratch / "compose.yaml"], env_file)
    stack.write(own_env_file(yaml.safe_load((folder / "compose.yaml").read_text()), env_file))
    config = for_the_run(yaml.safe_load(stack.compose("config", "--no-interpolate")), tag)
    stack.write(config)
    return stack, config


def own_env_file(config: Config, env_file: Path) -> Config:
    """A service's `env_file: .env` read from the run's copy of .env.example: the module's
    folder holds no .env (and a user's own stays out of the run)."""
    for service in config["services"].values():
        files = service.get("env_file")
        if files is not None:
            listed = [files] if isinstance(files, str) else files
            service["env_file"] = [str(env_file) if f == ".env" else f for f in listed]
    return config


def for_the_run(config: Config, tag: str) -> Config:
    """Every built service on an image built here (the module's, or its own where it
    passes build arguments or a target), no host port, and the web's health asked often
    (QUICK_HEALTHCHECK)."""
    for name, service in config["services"].items():
        if "build" in service:
            service["image"] = f"{tag}-{name}" if build_options(service) else tag
        service.pop("ports", None)
        if name == "web" and "healthcheck" in service:
            service["healthcheck"].update(QUICK_HEALTHCHECK)
    return config


def health_checked(config: Config) -> dict[str, str]:
    """The default services with a health check of their own: each must be healthy."""
    return {
        name: "healthy"
        for name, service in config["services"].items()
        if checks_health(service.get("healthcheck")) and not service.get("profiles")
    }


def checks_health(healthcheck: dict[str, Any] | None) -> bool:
    """A health check that is on: not `disable: true`, which Compose v1's `config` writes
    as `test: [NONE]`."""
    if healthcheck is None or healthcheck.get("disable"):
        return False
    return healthcheck.get("test") not in (["NONE"], "NONE")


def step_up(stack: Stack, config: Config, outcome: Outcome) -> None:
    started = time.monotonic()
    stack.compose("up", "--detach", "--no-build")
    stack.wait_until(health_checked(config))
    outcome.figures["healthy_s"] = f"{time.monotonic() - started:.0f}"


def step_migrations(stack: Stack, config: Config) -> bool:
    if not (stack.folder / "manage.py").is_file():
        return False
    applied = [
        name
        for name in config["services"]
        if name in stack.containers() and MIGRATION_APPLIED.search(stack.logs(name))
    ]
    if len(applied) != 1:
        raise StackError(f"migrations applied by {applied or 'no container'}, not by one")
    return True


def step_restart(stack: Stack, config: Config, smoke: Smoke) -> None:
    """Only the services that keep running come back: a one-shot one (a test run) would
    write over what is checked."""
    stack.compose("down")
    running = health_checked(config)
    stack.compose("up", "--detach", "--no-build", *running)
    stack.wait_until(running)
    smoke.persisted(stack)


def step_tests(stack: Stack, config: Config) -> bool:
    tests = config["services"].get("tests")
    if not tests or not tests.get("profiles"):
        return False
    stack.profiles = list(tests["profiles"])
    try:
        stack.compose("run", "--rm", "tests", timeout=1800)
    finally:
        stack.profiles = []
    return True


def step_outage(stack: Stack, config: Config) -> bool:
    database = next((name for name in DATABASES if name in config["services"]), None)
    web = config["services"].get("web")
    if database is None or web is None or not checks_health(web.get("healthcheck")):
        return False
    stack.compose("stop", database)
    stack.wait_until({"web": "unhealthy"})
    # The Host the image's own health check sends, which ALLOWED_HOSTS admits.
    status, body = http(stack.url("web", 8000, "/api/health/"), headers={"Host": "127.0.0.1"})
    if status != 503:
        raise StackError(f"/api/health/ answered {status} without the database: {body[:200]!r}")
    return True


def step_removed(stack: Stack) -> None:
    stack.compose("down", "--volumes")
    left = run(
        [
            "docker",
            "volume",
            "ls",
            "--quiet",
            "--filter",
            f"label=com.docker.compose.project={stack.project}",
        ]
    ).split()
    if left:
        raise StackError(f"down -v left volumes: {left}")


def run_module(folder: Path, smoke: Smoke) -> Outcome:
    outcome = Outcome(folder.name)
    with tempfile.TemporaryDirectory(prefix="containers-") as scratch:
        stack: Stack | None = None
        try:
            tag = image_tag(folder)
            stack, config = new_stack(folder, Path(scratch), tag)
            build_images(folder, config, tag, outcome)
            outcome.passed.append(outcome.step)
            with smoke.prepare(stack, config):
                stack.write(config)
                run_steps(stack, config, smoke, outcome)
        except Exception as error:  # a smoke's own bug too: the stack is still taken down
            kind = "" if isinstance(error, StackError) else f"{type(error).__name__}: "
            outcome.failed = f"{outcome.step}: {kind}{error}"
        finally:
            if stack is not None and outcome.failed:
                _keep_logs(stack, outcome)
                stack.compose("down", "--volumes")
    return outcome


def run_steps(stack: Stack, config: Config, smoke: Smoke, outcome: Outcome) -> None:
    steps: list[tuple[str, Callable[[], bool | None]]] = [
        ("up", lambda: step_up(stack, config, outcome)),
        ("smoke", lambda: smoke.run(stack)),
        ("migrations", lambda: step_migrations(stack, config)),
        ("restart", lambda: step_restart(stack, config, smoke)),
        ("tests", lambda: step_tests(stack, config)),
        ("outage", lambda: step_outage(stack, config)),
        ("removed", lambda: step_removed(stack)),
    ]
    for outcome.step, action in steps:
        print(f"{outcome.module}: {outcome.step}", flush=True)
        (outcome.skipped if action() is False else outcome.passed).append(outcome.step)


def _keep_logs(stack: Stack, outcome: Outcome) -> None:
    """The stack's logs on failure, the reader's only view of what went wrong."""
    try:
        outcome.failed += "\n" + stack.compose("logs", "--no-color", "--tail", "40")[-6000:]
    except StackError as error:
        outcome.failed += f"\n(no logs: {error})"


def report(outcomes: list[Outcome]) -> int:
    print(f"{'module':18} {'build s':>8} {'image MB':>9} {'own MB':>7} {'healthy s':>10}  steps")
    pairs = []
    for outcome in outcomes:
        figures = outcome.figures
        done = len(outcome.passed)
        total = len(STEPS) - len(outcome.skipped)
        print(
            f"{outcome.module:18} {figures.get('build_s', '-'):>8} "
            f"{figures.get('image_mb', '-'):>9} {figures.get('own_mb', '-'):>7} "
            f"{figures.get('healthy_s', '-'):>10}  "
            f"{done}/{total} passed"
            + (f", skipped: {', '.join(outcome.skipped)}" if outcome.skipped else "")
        )
        figures["steps"] = f"{done}/{total}"
        pairs += [
            f"{outcome.module.replace('-', '_')}.{key}={value}" for key, value in figures.items()
        ]
    for outcome in outcomes:
        if outcome.failed:
            print(f"\n{outcome.module} failed at {outcome.failed}", file=sys.stderr)
    print("RESULT " + " ".join(pairs))
    return 1 if any(outcome.failed for outcome in outcomes) else 0


def main(argv: list[str]) -> int:
    folders = {folder.name: folder for folder in module_folders(ROOT)}
    names = argv or list(folders)
    smokes = {name: smoke_for(name) for name in names if name in folders}
    unknown = [name for name in names if smokes.get(name) is None]
    if unknown:
        print(f"containers: no module or no smoke test for {unknown[0]!r}", file=sys.stderr)
        return 2
    if not shutil.which("docker"):
        print("containers: no docker command (apt-get install docker.io)", file=sys.stderr)
        return 2
    return report([run_module(folders[name], smokes[name]) for name in names])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
