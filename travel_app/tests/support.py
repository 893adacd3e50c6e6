"""What the shared fixtures of conftest.py make, named for type hints, the fixed 'today'
the date rules are tested against, and a fresh process with the settings an environment
gives (settings are read once, at startup)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from accounts.models import User
from rest_framework.test import APIClient

MakeUser = Callable[..., User]
ClientFor = Callable[[User | None], APIClient]
TODAY = date(2030, 6, 1)

MODULE = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-8d1e4f7a2c9b40e6a5d3f1c8b7e2a9d4c6f0",
    "ALLOWED_HOSTS": "travel.example.com",
}
# What a child process must not inherit from the test run: it sets its own.
CONFIGURATION = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "DATABASE_URL",
    "REDIS_URL",
    "CORS_ALLOWED_ORIGINS",
}


def run(
    command: list[str], env: Mapping[str, str], timeout: float = 60, cwd: Path = MODULE
) -> subprocess.CompletedProcess[str]:
    """`command` in `cwd` (the module folder), in a fresh process: settings are read at
    startup."""
    clean = {key: value for key, value in os.environ.items() if key not in CONFIGURATION}
    return subprocess.run(
        command,
        cwd=cwd,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "manage.py", *args], env)
