"""The fault-injection tests with their report: what each fault cost, if anything.

    cd travel_app && python chaos.py [pytest options]
    make chaos MODULE=travel_app            (from the repository root)

Runs `pytest -m chaos tests` (the tests marked `chaos`, against the services the
environment names: DATABASE_URL, REDIS_URL, CELERY_BROKER_URL; those needing one that is
not set skip, naming it). Each test reports what it did through the chaos_report fixture
(tests/chaos_support.py) into a scratch file ($CHAOS_REPORT); this prints them as a table:

    fault, requests, e-mails expected, e-mails sent, payments expected, payments settled,
    verdict ("ok", or what was lost or duplicated)

and a last line `RESULT faults=<n> passed=<n> emails_expected=<n> emails_sent=<n>
payments_settled=<settled>/<expected>`. The exit status is pytest's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
COLUMNS = (
    "fault",
    "requests",
    "e-mails expected",
    "e-mails sent",
    "payments expected",
    "payments settled",
    "verdict",
)


@dataclass(frozen=True)
class Fault:
    """One line of the report: one fault injected, and what the app delivered after it."""

    fault: str
    requests: int
    emails_expected: int
    emails_sent: int
    payments_expected: int
    payments_settled: int

    @property
    def verdict(self) -> str:
        problems = []
        if self.emails_sent < self.emails_expected:
            problems.append(f"{self.emails_expected - self.emails_sent} e-mails lost")
        if self.emails_sent > self.emails_expected:
            problems.append(f"{self.emails_sent - self.emails_expected} e-mails duplicated")
        if self.payments_settled < self.payments_expected:
            problems.append(f"{self.payments_expected - self.payments_settled} payments unsettled")
        return ", ".join(problems) or "ok"

    def cells(self) -> tuple[str, ...]:
        numbers = (
            self.requests,
            self.emails_expected,
            self.emails_sent,
            self.payments_expected,
            self.payments_settled,
        )
        return (self.fault, *map(str, numbers), self.verdict)


def read_report(path: Path) -> list[Fault]:
    """The report's lines, in the order the tests wrote them (none: no file)."""
    if not path.exists():
        return []
    faults = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            fields = json.loads(line)
            faults.append(Fault(**{name: fields[name] for name in Fault.__dataclass_fields__}))
    return faults


def table(faults: list[Fault]) -> str:
    """A plain-text table, numbers right-aligned."""
    rows = [COLUMNS, *(fault.cells() for fault in faults)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]

    def line(row: tuple[str, ...]) -> str:
        cells = [
            cell.ljust(width) if i in {0, len(row) - 1} else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return "  ".join(cells).rstrip()

    return "\n".join([line(COLUMNS), "  ".join("-" * w for w in widths), *map(line, rows[1:])])


def result_line(faults: list[Fault]) -> str:
    passed = sum(fault.verdict == "ok" for fault in faults)
    settled = sum(fault.payments_settled for fault in faults)
    expected = sum(fault.payments_expected for fault in faults)
    return (
        f"RESULT faults={len(faults)} passed={passed}"
        f" emails_expected={sum(fault.emails_expected for fault in faults)}"
        f" emails_sent={sum(fault.emails_sent for fault in faults)}"
        f" payments_settled={settled}/{expected}"
    )


def report(faults: list[Fault]) -> str:
    body = table(faults) if faults else "no fault test reported (none ran, or all skipped)"
    return f"{body}\n{result_line(faults)}"


def main(arguments: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="chaos-") as scratch:
        path = Path(scratch) / "chaos.jsonl"
        command = [sys.executable, "-m", "pytest", "-m", "chaos", "-p", "no:cacheprovider"]
        status = subprocess.call(
            [*command, *arguments, "tests"],
            cwd=HERE,
            env={**os.environ, "CHAOS_REPORT": str(path)},
        )
        faults = read_report(path)
    print()
    print(report(faults))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
