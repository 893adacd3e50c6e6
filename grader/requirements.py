"""Is what a module needs installed in this Python? Checked before anything runs."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")


def required_packages(folder: Path) -> list[str]:
    """Distribution names in the module's requirements.txt (options and comments skipped)."""
    path = folder / "requirements.txt"
    if not path.is_file():
        return []
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        match = NAME.match(line)
        if match and not line.startswith("#"):
            names.append(match.group(1))
    return names


def missing_packages(folder: Path) -> list[str]:
    return [name for name in ["pytest", *required_packages(folder)] if not _installed(name)]


def _installed(name: str) -> bool:
    try:
        metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True
