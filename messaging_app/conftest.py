"""Skip a test whose real service is not configured, naming the variable to set; make the
messaging app's test tables from its models."""

from __future__ import annotations

import os

import pytest

SERVICE_VARIABLES = {
    "mysql": "DATABASE_URL",
    "postgres": "POSTGRES_URL",
    "redis": "REDIS_URL",
    "rabbitmq": "CELERY_BROKER_URL",
}
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
    models (graded with --against) gets the tables its own fields need.
    tests/test_settings.py checks that this project's migrations match its models."""
    from django.conf import settings

    settings.MIGRATION_MODULES = {**getattr(settings, "MIGRATION_MODULES", {}), "messaging": None}
