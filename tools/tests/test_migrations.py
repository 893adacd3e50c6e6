"""Every Django module's migrations match its models: a model changed without its
migration fails here, not on a learner's first `migrate`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from grader.manifest import module_folders

ROOT = Path(__file__).resolve().parents[2]
DJANGO_MODULES = [
    folder.name for folder in module_folders(ROOT) if (folder / "manage.py").is_file()
]
SERVICE_VARIABLES = ("DATABASE_URL", "POSTGRES_URL", "REDIS_URL", "CELERY_BROKER_URL")


def test_the_django_modules_are_found() -> None:
    assert {"messaging_app", "travel_app"} <= set(DJANGO_MODULES)


@pytest.mark.parametrize("module", DJANGO_MODULES)
def test_no_model_change_lacks_its_migration(module: str) -> None:
    # The embedded defaults: the check reads models and migration files, no server.
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT / module,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"{module}: missing migrations\n{result.stdout}{result.stderr}"
