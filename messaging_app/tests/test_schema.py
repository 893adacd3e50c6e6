"""The OpenAPI schema: valid with no warning, served with Swagger UI, and fuzzed by
schemathesis (data that fits the schema and data that does not) with a signed-in client
without one server error."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import schemathesis
from chats import services
from chats.models import Notification, User
from django.conf import LazySettings
from django.core import signals
from django.core.management import call_command
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from hypothesis.strategies import SearchStrategy
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.tokens import AccessToken
from schemathesis import GenerationMode
from schemathesis.schemas import APIOperation
from tests.paths import ME

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


@dataclass(frozen=True)
class Fuzzing:
    """A participant's token, and the ids of things of theirs for the path parameters."""

    token: str
    conversation: str
    message: str
    notification: str

    def known_ids(self, operation: APIOperation) -> dict[str, str]:
        """Real values for the operation's path parameters, so that generated bodies and
        queries get past the lookup to the serializers and filters."""
        ids = {
            "conversation_id": self.conversation,
            "message_id": self.message,
            "id": self.notification if "/notifications/" in operation.path else self.conversation,
        }
        return {parameter.name: ids[parameter.name] for parameter in operation.path_parameters}


@pytest.fixture
def fuzzing(
    db: None,
    keep_the_test_connection: None,
    settings: LazySettings,
    monkeypatch: pytest.MonkeyPatch,
) -> Fuzzing:
    """A conversation between the fuzzing user and a peer, a message of each (the peer's
    notifies the fuzzing user); sign-up and sign-in not throttled, or the fuzz would reach
    them ten times only."""
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "100000/minute"})
    settings.SIGNIN_FAILURES_PER_ACCOUNT = settings.SIGNIN_FAILURES_PER_ADDRESS = 100_000
    alice = User.objects.create_user(
        "fuzz@example.com", "fuzz-pass-phrase-42", first_name="F", last_name="Z"
    )
    bob = User.objects.create_user(
        "peer@example.com", "peer-pass-phrase-42", first_name="P", last_name="R"
    )
    chat = services.conversation_create(creator=alice, participant_ids=[bob.pk])
    mine = services.message_send(conversation=chat, sender=alice, body="hello")
    services.message_send(conversation=chat, sender=bob, body="hi", parent=mine)
    return Fuzzing(
        token=str(AccessToken.for_user(alice)),
        conversation=str(chat.pk),
        message=str(mine.pk),
        notification=str(Notification.objects.get(recipient=alice).pk),
    )


def operations() -> list[APIOperation]:
    """Every operation of the schema, loaded here, not at import, so that a broken app
    fails the test, not the collection. Deletions come last, the account's the very last:
    after it, every call would be a 401."""
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
    found = [result.ok() for result in schema.get_all_operations()]
    return sorted(found, key=lambda op: (op.method.upper() == "DELETE", op.path == ME))


def no_server_error(strategy: SearchStrategy[schemathesis.Case], headers: dict[str, str]) -> None:
    """Call every case the strategy generates (derandomized, a bounded number): each answer
    must be below 500."""

    @given(case=strategy)
    @settings(
        max_examples=6,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def call(case: schemathesis.Case) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path}: {response.text[:300]}"
        )

    with contextlib.suppress(Unsatisfiable):  # negative data, and nothing to break
        call()


def variants(
    operation: APIOperation, fuzzing: Fuzzing
) -> list[tuple[GenerationMode, dict[str, str]]]:
    """(mode, fixed path parameters) pairs to generate: data that fits the schema and data
    that does not, at generated ids, then at the fuzzing user's own ids. Negative data at
    real ids only where there is a body or a query to break: with the path fixed and the
    Authorization header ours, nothing else would vary."""
    found = [(mode, {}) for mode in GenerationMode]
    if operation.path_parameters:
        known = fuzzing.known_ids(operation)
        found.append((GenerationMode.POSITIVE, known))
        if operation.body or operation.query:
            found.append((GenerationMode.NEGATIVE, known))
    return found


def test_no_server_error_for_any_generated_request(fuzzing: Fuzzing) -> None:
    """Every operation, with data that fits its schema and data that does not."""
    found = operations()
    assert len(found) >= 15
    signed_in = {"Authorization": f"Bearer {fuzzing.token}"}
    for operation in found:
        for mode, path_parameters in variants(operation, fuzzing):
            strategy = operation.as_strategy(
                generation_mode=mode, path_parameters=path_parameters or None
            )
            no_server_error(strategy, signed_in)


def test_no_server_error_for_any_generated_authorization_header(fuzzing: Fuzzing) -> None:
    """Malformed credentials (schemathesis breaks the bearer scheme in negative mode) are
    a 401, whatever the operation: one is enough, the authentication is the same."""
    me = next(op for op in operations() if (op.method.upper(), op.path) == ("GET", ME))
    no_server_error(me.as_strategy(generation_mode=GenerationMode.NEGATIVE), {})
