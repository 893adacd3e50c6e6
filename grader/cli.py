"""`python -m grader`: grade the portfolio's modules and print a scoreboard.

The engine (grading.py) runs and scores; display.py renders; this wires the two and
writes the result files (reports.py).

Exit status: 0 every task passed (skips allowed unless --strict); 1 a task failed, erred
or (with --strict) was skipped; 2 a usage or manifest error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from grader import display, practice, reports
from grader.grading import Job, grade, verify, watch
from grader.manifest import ManifestError, Module, discover
from grader.requirements import missing_packages
from grader.scoring import ModuleResult
from grader.usage import Parser, UsageError

REPOSITORY = Path(__file__).resolve().parent.parent
NOTHING_YET = (
    "grade: no module has a tasks.toml yet, so there is nothing to grade "
    "(modules land one at a time; see README.md)"
)


def _positive(kind: type[int] | type[float]):  # type: ignore[no-untyped-def]
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be above zero: {text!r}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="python -m grader",
        description=(
            "Grade the portfolio's modules. Also: `python -m grader practice` (do the "
            "exercises one at a time) and `python -m grader hint TASK`."
        ),
    )
    parser.add_argument("modules", nargs="*", metavar="MODULE", help="module folders to grade")
    parser.add_argument(
        "--task",
        action="append",
        default=[],
        metavar="ID",
        help="grade only this task (repeatable)",
    )
    parser.add_argument("--list", action="store_true", help="list the tasks and stop")
    parser.add_argument("--strict", action="store_true", help="a skipped test counts as a failure")
    parser.add_argument("--json", type=Path, metavar="PATH", help="write the results file")
    parser.add_argument("--junit", type=Path, metavar="PATH", help="write JUnit XML")
    parser.add_argument("--markdown", type=Path, metavar="PATH", help="write the scoreboard page")
    parser.add_argument(
        "--jobs",
        type=_positive(int),
        default=os.cpu_count() or 1,
        metavar="N",
        help="modules run at once (default: the number of cores)",
    )
    parser.add_argument(
        "--timeout",
        type=_positive(float),
        default=600.0,
        metavar="S",
        help="seconds a module's tests may take (default 600)",
    )
    parser.add_argument(
        "--verify",
        action="store_true",
        help="starter check: each task's tests must fail without its solution",
    )
    parser.add_argument("--watch", metavar="MODULE", help="re-grade MODULE on every change")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="PATH",
        help="grade another implementation: each task's curriculum file in PATH",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=REPOSITORY,
        metavar="DIR",
        help="the folder holding the modules (default: this repository)",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:1] == ["practice"]:
            return practice.main(argv[1:], REPOSITORY)
        if argv[:1] == ["hint"]:  # short for `practice hint`
            return practice.main(argv, REPOSITORY)
        return run(build_parser().parse_args(argv))
    except (UsageError, ManifestError) as error:
        print(f"grader: {error}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace) -> int:
    modules = discover(args.root)
    if args.watch:
        if args.modules or args.verify or args.list:
            raise UsageError("--watch takes its module alone")
        args.modules = [args.watch]
    if args.against is not None:
        if args.verify or args.watch:
            raise UsageError("--against grades once: not with --verify or --watch")
        if not args.against.is_dir():
            raise UsageError(f"--against: no such folder: {args.against}")
    jobs = select(modules, args.modules, args.task)
    if args.list:
        for line in display.task_list(jobs):
            print(line)
        return 0
    if not jobs:
        print(NOTHING_YET)
        write_reports(args, [])
        return 0
    check_installed(jobs)
    if args.verify:
        return verify_starters(jobs, args)
    settings = {"strict": args.strict, "timeout": args.timeout, "workers": args.jobs}
    if args.watch:
        return watch_module(jobs, settings)
    results = grade_with_progress(jobs, settings, against=args.against)
    display.scoreboard(results)
    write_reports(args, results)
    return 0 if all(result.ok for result in results) else 1


def grade_with_progress(
    jobs: list[Job], settings: dict, against: Path | None = None
) -> list[ModuleResult]:
    progress = display.Progress([job.module.name for job in jobs])
    return grade(jobs, **settings, against=against, on_event=progress.show)


def verify_starters(jobs: list[Job], args: argparse.Namespace) -> int:
    shown = display.Verdicts(strict=args.strict)
    verdicts = verify(jobs, timeout=args.timeout, workers=args.jobs, on_event=shown.show)
    print(display.verify_summary(verdicts, args.strict))
    return 0 if all(verdict.ok(args.strict) for verdict in verdicts) else 1


def select(modules: list[Module], names: list[str], task_ids: list[str]) -> list[Job]:
    by_name = {module.name: module for module in modules}
    for name in names:
        if name.rstrip("/") not in by_name:
            known = ", ".join(by_name) or "none yet"
            raise UsageError(f"unknown module '{name}' (modules: {known})")
    chosen = [by_name[name] for name in dict.fromkeys(n.rstrip("/") for n in names)] or modules
    if not task_ids:
        return [Job(module, module.tasks) for module in chosen]

    named: set[str] = set()
    for task_id in task_ids:
        # Ids repeat across modules (deploy.docker): the modules named come first.
        module = next((m for m in [*chosen, *modules] if m.task(task_id)), None)
        if module is None:
            raise UsageError(f"unknown task '{task_id}' (python -m grader --list shows them)")
        if module not in chosen:
            raise UsageError(f"task '{task_id}' belongs to module '{module.name}'")
        named.add(task_id)
    jobs = [(m, tuple(t for t in m.tasks if t.id in named)) for m in chosen]
    return [Job(module, tasks, only_named=True) for module, tasks in jobs if tasks]


def check_installed(jobs: list[Job]) -> None:
    for job in jobs:
        missing = missing_packages(job.module.path)
        if missing:
            raise UsageError(
                f"module '{job.module.name}' needs {', '.join(missing)}, not installed in "
                f"{sys.executable}: run make setup"
            )


def write_reports(args: argparse.Namespace, results: list[ModuleResult]) -> None:
    if args.json:
        reports.write_json(args.json, results, strict=args.strict)
    if args.junit:
        reports.write_junit(args.junit, results)
    page = reports.markdown(results, strict=args.strict)
    if args.markdown:
        args.markdown.write_text(page, encoding="utf-8")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as stream:
            stream.write(page + "\n")


def watch_module(jobs: list[Job], settings: dict) -> int:
    module = jobs[0].module

    def grade_once() -> None:
        display.scoreboard(grade_with_progress(jobs, settings))
        print(f"\nwatch: waiting for changes in {module.name}/ (Ctrl-C to stop)", flush=True)

    try:
        watch(module.path, grade_once)
    except KeyboardInterrupt:
        print("\nwatch: stopped")
    return 0
