"""Skip a test whose real service is not configured, naming the variable to set; make the
messaging app's test tables from its models."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest

SERVICE_VARIABLES = {
    "mysql": "DATABASE_URL",
    "postgres": "POSTGRES_URL",
    "redis": "REDIS_URL",
    "rabbitmq": "CELERY_BROKER_URL",
}
MIGRATIONS_PACKAGE = "messaging_test_migrations"
SCHEMES = {"mysql": "mysql://", "postgres": "postgres", "redis": "redis://", "rabbitmq": "amqp://"}


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("services"):
        for service in marker.args:
            variable = SERVICE_VARIABLES[service]
            if not os.environ.get(variable, "").startswith(SCHEMES[service]):
                pytest.skip(f"needs {variable} ({SCHEMES[service]}...)")


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    """The test database makes the messaging app's tables from messaging/models.py as it
    is, not from this project's migrations of it: another implementation of the program's
    models (graded with --against) gets the tables its own fields need. Its migration is
    made afresh into a private package (an app without migrations cannot point a foreign
    key at the user table on MariaDB: its tables would come first).
    tests/test_settings.py checks that this project's migrations match its models."""
    from django.conf import settings

    folder = Path(tempfile.mkdtemp(prefix="messaging-test-migrations-"))
    (folder / MIGRATIONS_PACKAGE).mkdir()
    (folder / MIGRATIONS_PACKAGE / "__init__.py").touch()
    sys.path.insert(0, str(folder))
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    settings.MIGRATION_MODULES = {
        **getattr(settings, "MIGRATION_MODULES", {}),
        "messaging": MIGRATIONS_PACKAGE,
    }
    write_messaging_migration()


def write_messaging_migration() -> None:
    """What `makemigrations messaging` writes, without the database check it makes first
    (no test may touch a database before the test database exists)."""
    from django.apps import apps
    from django.db.migrations.autodetector import MigrationAutodetector
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
    from django.db.migrations.state import ProjectState
    from django.db.migrations.writer import MigrationWriter

    loader = MigrationLoader(None, ignore_no_migrations=True)
    autodetector = MigrationAutodetector(
        loader.project_state(),
        ProjectState.from_apps(apps),
        NonInteractiveMigrationQuestioner(specified_apps={"messaging"}),
    )
    changes = autodetector.changes(
        graph=loader.graph, trim_to_apps={"messaging"}, convert_apps={"messaging"}
    )
    for migration in changes.get("messaging", []):
        writer = MigrationWriter(migration)
        Path(writer.path).write_text(writer.as_string(), encoding="utf-8")
