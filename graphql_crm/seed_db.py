#!/usr/bin/env python3
"""The program's seed script, at the project's root: `python seed_db.py` fills the
database (DJANGO_SETTINGS_MODULE, config.settings by default) with sample customers,
products and orders: `manage.py seed_db` with its defaults, which has the options."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("seed_db")


if __name__ == "__main__":
    main()
