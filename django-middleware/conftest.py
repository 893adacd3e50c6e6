"""Skip a test whose real service is not configured, naming the variable to set; load the
middlewares (chats/middleware/) at startup, as a server does."""

from __future__ import annotations

import importlib
import os
import sys

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
    """Import the middlewares at startup, as a server does when it builds its stack.

    pytest attaches its log capture handlers to the root logger only once the session
    starts: an implementation that configures its request log at import time (for
    instance `logging.basicConfig(filename="requests.log")`, a no-op once the root logger
    has a handler) then writes its file here as it would under runserver. A file that
    fails to import is left to the tests that use it, which fail naming the error.
    """
    import django

    try:
        django.setup()
        package = importlib.import_module("chats.middleware")
    except Exception:  # reported by the tests that load the middleware
        sys.modules.pop("chats.middleware", None)
        return
    for name in package.__all__:  # each class imports its own file (chats/middleware/)
        try:
            getattr(package, name)
        except Exception:  # reported by the tests that load this class
            continue
