"""Why the order of settings.MIDDLEWARE matters: the real list, rearranged, breaks.

RolepermissionMiddleware and RequestLoggingMiddleware read request.user, which
AuthenticationMiddleware sets. Moved above it, they see nobody: the role check refuses
a signed-in moderator, and the log calls everyone AnonymousUser.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import LazySettings
from django.test import Client

AUTHENTICATION = "django.contrib.auth.middleware.AuthenticationMiddleware"
ROLE = "chats.middleware.RolepermissionMiddleware"
LOGGING = "chats.middleware.RequestLoggingMiddleware"

MakeUser = Callable[..., Any]


def moved_above(middleware: list[str], name: str, anchor: str) -> list[str]:
    """The list with `name` taken out and put back right above `anchor`."""
    order = [entry for entry in middleware if entry != name]
    order.insert(order.index(anchor), name)
    return order


@pytest.mark.task("extras.roles")
def test_in_the_real_order_a_moderator_passes(client: Client, make_user: MakeUser):
    client.force_login(make_user("moderator"))

    assert client.get("/api/moderation/messages/").status_code == 200


@pytest.mark.task("extras.roles")
def test_role_check_above_authentication_refuses_a_signed_in_moderator(
    client: Client, make_user: MakeUser, settings: LazySettings
):
    settings.MIDDLEWARE = moved_above(settings.MIDDLEWARE, ROLE, AUTHENTICATION)
    client.force_login(make_user("moderator"))

    response = client.get("/api/moderation/messages/")

    assert response.status_code == 401  # it saw no user at all
    assert response.json() == {"error": "sign in to use this page"}


@pytest.mark.task("extras.request_log")
def test_in_the_real_order_the_log_names_the_user(
    client: Client, make_user: MakeUser, request_log: Callable[[], list[str]]
):
    client.force_login(make_user("host", username="grace"))

    client.get("/api/messages/")

    [line] = request_log()
    assert " - User: grace - " in line


@pytest.mark.task("extras.request_log")
def test_logging_above_authentication_logs_everyone_as_anonymous(
    client: Client,
    make_user: MakeUser,
    settings: LazySettings,
    request_log: Callable[[], list[str]],
):
    settings.MIDDLEWARE = moved_above(settings.MIDDLEWARE, LOGGING, AUTHENTICATION)
    client.force_login(make_user("host", username="grace"))

    assert client.get("/api/messages/").status_code == 200

    [line] = request_log()
    assert " - User: AnonymousUser - " in line
