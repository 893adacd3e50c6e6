"""What the shared fixtures of conftest.py make, named for type hints, and the fixed
'today' the date rules are tested against."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from accounts.models import User
from rest_framework.test import APIClient

MakeUser = Callable[..., User]
ClientFor = Callable[[User | None], APIClient]
TODAY = date(2030, 6, 1)
