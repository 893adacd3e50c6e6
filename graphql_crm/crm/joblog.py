"""One line appended to a job's log file (the scheduled jobs' common output)."""

from __future__ import annotations

from pathlib import Path


def append_line(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as log:
        log.write(line.rstrip("\n") + "\n")
