"""Result files: JSON (a superset of Exercism's results.json v3 and Gradescope's), JUnit XML
and the Markdown scoreboard used by the docs site and the CI step summary."""

from __future__ import annotations

import datetime
import json
import xml.etree.ElementTree as ET
from pathlib import Path

from grader.display import first_line, further_lines, summary_line
from grader.scoring import (
    ERROR,
    FAILED,
    MISSING,
    NOT_APPLICABLE,
    PASSED,
    SKIPPED,
    ModuleResult,
    TaskResult,
)

EXERCISM_STATUS = {
    PASSED: "pass",
    FAILED: "fail",
    SKIPPED: "fail",
    ERROR: "error",
    MISSING: "fail",
}
ICONS = {
    PASSED: "✅",
    FAILED: "❌",
    SKIPPED: "⏭️",
    ERROR: "💥",
    MISSING: "❔",
    NOT_APPLICABLE: "—",
}
JUNIT_TAGS = {
    FAILED: "failure",
    MISSING: "failure",
    ERROR: "error",
    SKIPPED: "skipped",
    NOT_APPLICABLE: "skipped",
}


def results_json(results: list[ModuleResult], *, strict: bool) -> dict:
    """One document readable by Exercism's and Gradescope's tooling, plus our summaries.

    `tests` has one entry per task (the graded unit); `task_id` is Exercism's integer task
    number (the task's position in this file) and `task` the dotted id. `tasks` is keyed
    by "<module>/<task id>": ids repeat across modules (every module may have deploy.docker).
    A task not applicable to the implementation (--against) is in `tasks` only: it counts
    toward no score.
    """
    tasks = [(result, task) for result in results for task in result.tasks]
    graded = [(result, task) for result in results for task in result.graded]
    return {
        "version": 3,
        "status": overall_status(results),
        "message": next((p for r in results for p in r.problems), None),
        "score": sum(r.score for r in results),
        "max_score": sum(r.max_score for r in results),
        "execution_time": round(sum(r.seconds for r in results), 3),
        "output": summary_line(results),
        "strict": strict,
        "tests": [
            _test_entry(number, result, task) for number, (result, task) in enumerate(graded, 1)
        ],
        "modules": [_module_entry(result) for result in results],
        "tasks": {
            f"{result.module.name}/{task.task.id}": {
                "module": result.module.name,
                "state": task.state,
                "message": task.message or None,
                "score": task.score,
                "max_score": 0 if task.state == NOT_APPLICABLE else task.task.points,
            }
            for result, task in tasks
        },
    }


def overall_status(results: list[ModuleResult]) -> str:
    """Exercism's top-level status: `error` when a module could not be run as a whole."""
    states = {task.state for result in results for task in result.graded}
    if any(result.problems for result in results) or ERROR in states:
        return "error"
    return "pass" if states <= {PASSED} else "fail"


def _test_entry(number: int, result: ModuleResult, task: TaskResult) -> dict:
    failing = next((test for test in task.tests if test.outcome != PASSED), None)
    return {
        "name": f"{task.task.id}: {task.task.title}",
        "task_id": number,
        "task": task.task.id,
        "module": result.module.name,
        "status": EXERCISM_STATUS[task.state],
        "state": task.state,
        "message": task.message or None,
        "output": failing.output if failing and failing.output else None,
        "test_code": "\n".join(test.test_code for test in task.tests if test.test_code),
        "score": task.score,
        "max_score": task.task.points,
        "execution_time": round(task.seconds, 3),
        "tags": [result.module.name, task.task.id.split(".")[0]],
        "visibility": "visible",
        "curriculum": task.task.curriculum,
        "cases": [
            {
                "name": test.nodeid,
                "outcome": test.outcome,
                "duration": round(test.duration, 3),
                "message": test.message,
            }
            for test in task.tests
        ],
    }


def _module_entry(result: ModuleResult) -> dict:
    return {
        "name": result.module.name,
        "title": result.module.title,
        "status": "pass" if result.ok else "fail",
        "tasks_passed": result.passed,
        "tasks_total": len(result.graded),
        "score": result.score,
        "max_score": result.max_score,
        "seconds": round(result.seconds, 3),
        "problems": result.problems,
        "notes": result.notes,
    }


def write_json(path: Path, results: list[ModuleResult], *, strict: bool) -> None:
    document = results_json(results, strict=strict)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_junit(path: Path, results: list[ModuleResult]) -> None:
    suites = ET.Element("testsuites", name="grade")
    for result in results:
        suite = ET.SubElement(suites, "testsuite", name=result.module.name)
        counts = {"failure": 0, "error": 0, "skipped": 0}
        for problem in result.problems:
            case = ET.SubElement(suite, "testcase", classname=result.module.name, name="(module)")
            ET.SubElement(case, "error", message=first_line(problem)).text = problem
            counts["error"] += 1
        for task in result.tasks:
            case = ET.SubElement(
                suite,
                "testcase",
                classname=result.module.name,
                name=task.task.id,
                time=f"{task.seconds:.3f}",
            )
            if task.state != PASSED:
                tag = JUNIT_TAGS[task.state]
                ET.SubElement(case, tag, message=first_line(task.message)).text = task.message
                counts[tag] += 1
        suite.set("tests", str(len(result.tasks) + len(result.problems)))
        suite.set("failures", str(counts["failure"]))
        suite.set("errors", str(counts["error"]))
        suite.set("skipped", str(counts["skipped"]))
        suite.set("time", f"{result.seconds:.3f}")
    ET.indent(suites)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)


def markdown(results: list[ModuleResult], *, strict: bool) -> str:
    today = datetime.date.today().isoformat()
    lines = ["# Scoreboard", ""]
    if not results:
        lines.append(
            "No module has landed yet. Modules arrive one at a time; each one appears here "
            "as soon as its folder has a `tasks.toml`."
        )
        return "\n".join(lines) + "\n"
    mode = "strict: a skipped test counts as a failure" if strict else "skips allowed"
    score, max_score = sum(r.score for r in results), sum(r.max_score for r in results)
    lines += [
        f"Written by `make grade` on {today} ({mode}).",
        "",
        f"**{score}/{max_score} points**, {summary_line(results).removeprefix('grade: ')}.",
        "",
        "| Module | Tasks | Points | Seconds |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {r.module.title} (`{r.module.name}`) | {r.passed}/{len(r.graded)} "
        f"| {r.score}/{r.max_score} | {r.seconds:.1f} |"
        for r in results
    ]
    for result in results:
        lines += ["", *_module_markdown(result)]
    return "\n".join(lines) + "\n"


def _module_markdown(result: ModuleResult) -> list[str]:
    lines = [
        f"## {result.module.title}",
        "",
        "| | Task | Title | Points | Program file |",
        "|---|---|---|---|---|",
    ]
    for task in result.tasks:
        curriculum = f"`{task.task.curriculum}`" if task.task.curriculum else ""
        points = "—" if task.state == NOT_APPLICABLE else f"{task.score}/{task.task.points}"
        lines.append(
            f"| {ICONS[task.state]} | `{task.task.id}` | {_cell(task.task.title)} "
            f"| {points} | {curriculum} |"
        )
    notes = [f"- **{result.module.name}**: {first_line(p)}" for p in result.problems]
    for task in result.tasks:
        if task.state != PASSED:
            notes.append(f"- `{task.task.id}` {task.state}: {first_line(task.message, None)}")
            notes += _code_block(further_lines(task.message))
    notes += [f"- **{result.module.name}**: {note}" for note in result.notes]
    return lines + (["", *notes] if notes else [])


def _code_block(lines: list[str]) -> list[str]:
    """Lines as a code block inside the list item above (indented code: no extension needed)."""
    return ["", *(f"        {line}" for line in lines), ""] if lines else []


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
