"""`make bench`: speed measured side by side in one run, never asserted by a test.

    python -m grader.bench            the grader's own costs, then every module's bench.py
    python -m grader.bench MODULE     one of them ("grader" or a module folder)

A module's `bench.py` runs in its folder and prints its own lines, the last one
`RESULT key=value ...`. This prints each, then one line with every result, keys prefixed
by where they come from: `RESULT grader.overhead_s=0.21 caching_listings.speedup=38.2`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from grader.cli import REPOSITORY
from grader.layout import program_layout
from grader.manifest import discover, load
from grader.runner import module_environment

FIXTURE = Path(__file__).parent / "tests" / "fixtures"
ROUNDS = 7
AGAINST_MODULE = "python-advanced"
AGAINST_ROUNDS = 3  # a module's grade takes seconds, not the fixture's fraction of one
SERVICE_VARIABLES = ("DATABASE_URL", "POSTGRES_URL", "REDIS_URL", "CELERY_BROKER_URL")


CHECK_ROUNDS = 5
CHECK_GOAL_S = {"python": 2.0, "django": 5.0}  # practice check, the learner's inner loop


def grader_costs() -> dict[str, str]:
    return {**grader_overhead(), **against_ratio(), **check_latency()}


def grader_overhead() -> dict[str, str]:
    """Wall time of grading the calculator fixture versus running its pytest directly."""
    plain = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    graded = [sys.executable, "-m", "grader", "--root", str(FIXTURE), "calculator"]
    folder = FIXTURE / "calculator"
    pytest_times, grader_times = [], []
    for _ in range(ROUNDS):  # alternate, so both see the same machine load
        pytest_times.append(_seconds(plain, folder))
        grader_times.append(_seconds(graded, REPOSITORY))
    pytest_median = statistics.median(pytest_times)
    grader_median = statistics.median(grader_times)
    print(f"pytest alone      median {pytest_median:.3f}s over {ROUNDS} runs")
    print(f"through grader    median {grader_median:.3f}s over {ROUNDS} runs")
    print(f"overhead          {grader_median - pytest_median:+.3f}s per module")
    return {
        "overhead_s": f"{grader_median - pytest_median:.3f}",
        "ratio": f"{grader_median / pytest_median:.2f}",
    }


def against_ratio() -> dict[str, str]:
    """Wall time of grading python-advanced laid out as a learner's repository with
    --against, versus grading it in place (the goal: under twice as long), on embedded
    defaults."""
    module = load(REPOSITORY / AGAINST_MODULE)
    own = [sys.executable, "-m", "grader", AGAINST_MODULE]
    environment = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    with tempfile.TemporaryDirectory(prefix="bench-against-") as scratch:
        clone = program_layout(module, Path(scratch))
        against = [*own, "--against", str(clone)]
        own_times, against_times = [], []
        for _ in range(AGAINST_ROUNDS):
            own_times.append(_seconds(own, REPOSITORY, environment))
            against_times.append(_seconds(against, REPOSITORY, environment))
    own_median, against_median = statistics.median(own_times), statistics.median(against_times)
    ratio = against_median / own_median
    print(f"{AGAINST_MODULE} in place          median {own_median:.1f}s")
    print(
        f"{AGAINST_MODULE} --against layout  median {against_median:.1f}s ({ratio:.2f}x, goal < 2)"
    )
    return {"against_s": f"{against_median:.1f}", "against_ratio": f"{ratio:.2f}"}


def check_latency() -> dict[str, str]:
    """Wall time of `practice check` of one task per module (its first that needs no
    service), as the learner runs it: a new process each time, embedded defaults."""
    environment = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-practice-") as scratch:
        practice = [sys.executable, "-m", "grader", "practice"]
        where = ["--workspace", scratch]
        for module in discover(REPOSITORY):
            task = next(task for task in module.tasks if not task.services)
            start = [*practice, "start", f"{module.name}/{task.id}", *where]
            subprocess.run(start, cwd=REPOSITORY, env=environment, capture_output=True, check=True)
            check = [*practice, "check", *where]
            times = [
                _seconds(check, REPOSITORY, environment, ok=(1,)) for _ in range(CHECK_ROUNDS)
            ]
            kind = "django" if (module.path / "manage.py").is_file() else "python"
            median = statistics.median(times)
            goal = CHECK_GOAL_S[kind]
            measured = f"median {median:.2f}s (goal < {goal:g}s, {kind})"
            print(f"practice check {module.name:18} {task.id:28} {measured}")
            results[f"check_{module.name.replace('-', '_')}_s"] = f"{median:.2f}"
    return results


def module_bench(folder: Path) -> Callable[[], dict[str, str]]:
    def run() -> dict[str, str]:
        # Streamed line by line, so a bench of several minutes shows its progress as it goes;
        # its stderr goes straight to ours.
        last = ""
        with subprocess.Popen(
            [sys.executable, "-u", "bench.py"],
            cwd=folder,
            env=module_environment(folder.name),  # `{module}` in a URL, as when grading
            stdout=subprocess.PIPE,
            text=True,
        ) as process:
            assert process.stdout is not None
            for line in process.stdout:
                print(line, end="", flush=True)
                last = line.strip() or last
        if process.returncode != 0 or not last.startswith("RESULT "):
            raise SystemExit(f"bench: {folder.name}/bench.py failed or printed no RESULT line")
        return dict(pair.split("=", 1) for pair in last.split()[1:])

    return run


def benches() -> dict[str, Callable[[], dict[str, str]]]:
    found: dict[str, Callable[[], dict[str, str]]] = {"grader": grader_costs}
    for module in discover(REPOSITORY):
        if (module.path / "bench.py").is_file():
            found[module.name] = module_bench(module.path)
    return found


def main(argv: list[str]) -> int:
    available = benches()
    names = argv or list(available)
    unknown = [name for name in names if name not in available]
    if unknown:
        have = ", ".join(available)
        print(f"bench: no bench for '{unknown[0]}' (have: {have})", file=sys.stderr)
        return 2
    results = {}
    for name in names:
        print(f"== {name}")
        for key, value in available[name]().items():
            results[f"{name.replace('-', '_')}.{key}"] = value
    print("RESULT " + " ".join(f"{key}={value}" for key, value in results.items()))
    return 0


def _seconds(
    command: list[str],
    cwd: Path,
    environment: dict[str, str] | None = None,
    ok: tuple[int, ...] = (0,),
) -> float:
    """Seconds the command took; an exit status outside `ok` is an error."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True)
    if done.returncode not in ok:
        raise SystemExit(
            f"bench: {' '.join(command)} exited {done.returncode}: {done.stderr[-500:]!r}"
        )
    return time.perf_counter() - started


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
