"""Is what a module needs installed in this Python? Checked before anything runs."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)")
INCLUDE = re.compile(r"^(?:-r|--requirement)[\s=]+(\S+)")


def required_packages(folder: Path) -> list[str]:
    """Distribution names in the module's requirements.txt and the files it includes with
    `-r` (other options and comments skipped)."""
    return packages_in(folder / "requirements.txt")


def packages_in(path: Path, seen: set[Path] | None = None) -> list[str]:
    """Distribution names in one requirements file and those it includes, each file once."""
    seen = set() if seen is None else seen
    if path in seen or not path.is_file():
        return []
    seen.add(path)
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        included = INCLUDE.match(line)
        if included:
            names += packages_in(path.parent / included.group(1), seen)
            continue
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
