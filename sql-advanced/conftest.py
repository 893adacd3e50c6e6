"""Skip a test whose real service is not configured, naming the variable to set."""

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
SERVERS = {"mysql": "MariaDB", "postgres": "PostgreSQL", "redis": "Redis", "rabbitmq": "RabbitMQ"}


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in item.iter_markers("services"):
        for service in marker.args:
            variable = SERVICE_VARIABLES[service]
            if not os.environ.get(variable, "").startswith(SCHEMES[service]):
                pytest.skip(f"needs {variable} ({SERVERS[service]}: {SCHEMES[service]}...)")
