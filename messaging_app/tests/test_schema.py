"""The OpenAPI schema: valid with no warning, served with Swagger UI, and fuzzed by
schemathesis with a signed-in client without one server error."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
import schemathesis
from chats import services
from chats.models import User
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

pytestmark = pytest.mark.task("api.schema")


def test_the_schema_validates_with_no_warning(db: None) -> None:
    out = io.StringIO()
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out
    )
    assert '"/api/conversations/{conversation_id}/messages/"' in out.getvalue()


def test_swagger_ui_is_served_without_a_cdn(db: None) -> None:
    page = APIClient().get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/api/schema/" in html
    assert "cdn." not in html
    assert "unpkg" not in html


@pytest.fixture
def keep_the_test_connection() -> Iterator[None]:
    """schemathesis calls the real WSGI handler, whose request_finished signal closes the
    database connection: inside the test's transaction that would lose it (MariaDB then
    answers "server has gone away"). Django's own test client unhooks it the same way."""
    hooks = (signals.request_started, signals.request_finished)
    for hook in hooks:
        hook.disconnect(close_old_connections)
    yield
    for hook in hooks:
        hook.connect(close_old_connections)


@pytest.fixture
def token(db: None, keep_the_test_connection: None) -> str:
    """A participant's token, with a conversation and a message to find."""
    alice = User.objects.create_user(
        "fuzz@example.com", "fuzz-pass-phrase-42", first_name="F", last_name="Z"
    )
    bob = User.objects.create_user(
        "peer@example.com", "peer-pass-phrase-42", first_name="P", last_name="R"
    )
    chat = services.conversation_create(creator=alice, participant_ids=[bob.pk])
    services.message_send(conversation=chat, sender=bob, body="hello")
    return str(AccessToken.for_user(alice))


def test_no_server_error_for_any_generated_request(token: str) -> None:
    """Every operation, fuzzed from its schema with a participant's token. The schema is
    loaded here, not at import, so a broken app fails this test, not the collection."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 15

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck)
        )
        def no_server_error(case: schemathesis.Case) -> None:
            response = case.call(headers={"Authorization": f"Bearer {token}"})
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path}: {response.text[:300]}"
            )

        no_server_error()
