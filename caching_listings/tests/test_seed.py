"""`manage.py seed`: realistic properties in bulk; on PostgreSQL as on the default database."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from properties.models import Property

pytestmark = pytest.mark.task("seed.command")
MODULE = Path(__file__).resolve().parent.parent


def test_creates_the_count_asked_for(db: None) -> None:
    out = io.StringIO()
    call_command("seed", "--count", "250", "--seed", "7", stdout=out)
    assert Property.objects.count() == 250
    assert "created 250 properties" in out.getvalue()
    sample = Property.objects.first()
    assert sample is not None
    assert sample.location in sample.title
    assert sample.price > 0


def test_the_same_seed_gives_the_same_rows(db: None) -> None:
    call_command("seed", "--count", "5", "--seed", "3", stdout=io.StringIO())
    first = list(Property.objects.order_by("pk").values_list("title", "price"))
    Property.objects.all().delete()
    call_command("seed", "--count", "5", "--seed", "3", stdout=io.StringIO())
    assert list(Property.objects.order_by("pk").values_list("title", "price")) == first


@pytest.mark.parametrize("count", ["0", "-3", "2000000"])
def test_a_bad_count_is_refused(db: None, count: str) -> None:
    with pytest.raises(CommandError, match="--count must be between"):
        call_command("seed", "--count", count, stdout=io.StringIO())
    assert not Property.objects.exists()


@pytest.mark.services("postgres")
def test_migrate_and_seed_on_postgresql() -> None:
    """The program runs this project on PostgreSQL: the same commands work there."""
    env = {**os.environ, "DATABASE_URL": os.environ["POSTGRES_URL"]}
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["seed", "--count", "1000", "--seed", "1"]):
        result = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=MODULE,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert "created 1,000 properties" in result.stdout
