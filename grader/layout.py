"""A module's own code laid out as a learner's repository of the program: each task's
first file copied to its `curriculum` path. Grading that folder with `--against` must
give our own verdicts; the bench times it against grading the module in place."""

from __future__ import annotations

import shutil
from pathlib import Path

from grader.manifest import Module


def program_layout(module: Module, destination: Path) -> Path:
    """Write the layout under `destination` (created) and return it."""
    for task in module.tasks:
        if task.curriculum:
            target = destination / task.curriculum
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(module.path / task.files[0], target)
    return destination
