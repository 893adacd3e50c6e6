"""The transactional outbox (outbox/): a message is recorded with the write it follows
from, handed to the broker after the commit or by the relay later, handled by the
handlers registered for its topic, retried with back-off and kept as a dead letter when
every attempt failed. Against the real database and broker (memory:// embedded,
RabbitMQ in CI); the tests are transactional, so on_commit runs as in production.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from accounts.models import User
from django.conf import LazySettings
from django.db import transaction
from django.test import Client
from django.utils import timezone
from tests.chaos_support import broker_at, broker_down
from tests.payments_support import HANDLE, published
from tests.waiting import wait_for

if TYPE_CHECKING:
    from outbox.models import OutboxMessage

pytestmark = [pytest.mark.task("extras.outbox"), pytest.mark.django_db(transaction=True)]

TOPIC = "test_topic"
CHANGELIST = "/admin/outbox/outboxmessage/"


# --- Fixtures ---------------------------------------------------------------------------


@dataclass
class TopicHandler:
    """What the test topic's handler saw; it raises `error` while `failures` > 0."""

    payloads: list[dict[str, Any]] = field(default_factory=list)
    failures: int = 0
    error: Exception = field(default_factory=lambda: RuntimeError("the mail server is down"))


@pytest.fixture
def handler() -> Iterator[TopicHandler]:
    """A handler for TOPIC registered for this test only."""
    from outbox.services import _handlers, handles

    state = TopicHandler()

    @handles(TOPIC)
    def run(payload: dict[str, Any]) -> None:
        if state.failures > 0:
            state.failures -= 1
            raise state.error
        state.payloads.append(payload)

    yield state
    _handlers.pop(TOPIC, None)


@pytest.fixture(autouse=True)
def broker_trusted() -> Iterator[None]:
    """The process-wide back-off starts open and is left open: a refusal in one test
    must not keep the next test's commits from publishing."""
    from outbox.services import broker_backoff

    broker_backoff.succeeded()
    yield
    broker_backoff.succeeded()


def message(**fields: Any) -> OutboxMessage:
    """A TOPIC row written directly (nothing published), with the given fields."""
    from outbox.models import OutboxMessage

    fields.setdefault("payload", {"n": uuid.uuid4().hex[:6]})
    return OutboxMessage.objects.create(topic=TOPIC, **fields)


def fresh(row: OutboxMessage) -> OutboxMessage:
    row.refresh_from_db()
    return row


def handed_over(sent: list[tuple[str, Any]]) -> list[str]:
    """The message ids of the outbox.handle tasks published."""
    return [args[0] for name, args in sent if name == HANDLE]


# --- record: the row is the write's, the publish follows the commit -----------------------


def test_a_recorded_message_is_a_row_of_the_transaction_with_its_payload() -> None:
    from outbox.models import OutboxMessage
    from outbox.services import record

    with published() as sent, transaction.atomic():
        recorded = record(TOPIC, booking_id="b-1", nights=3)
        row = OutboxMessage.objects.get(pk=recorded.pk)
        assert (row.topic, row.payload) == (TOPIC, {"booking_id": "b-1", "nights": 3})
        assert (row.attempts, row.published_at, row.done_at, row.dead_at) == (0, None, None, None)
        assert sent == [], "published before the commit: a worker might not find the row"


def test_a_rolled_back_message_leaves_no_row_and_publishes_nothing() -> None:
    from outbox.models import OutboxMessage
    from outbox.services import record

    def write_then_fail() -> None:
        with transaction.atomic():
            record(TOPIC, booking_id="b-1")
            raise RuntimeError("the request failed after the write")

    with published() as sent, pytest.raises(RuntimeError, match="after the write"):
        write_then_fail()

    assert not OutboxMessage.objects.exists()
    assert sent == []


def test_a_committed_message_is_published_once_and_marked_published() -> None:
    from outbox.services import record

    with published() as sent:
        with transaction.atomic():
            recorded = record(TOPIC, booking_id="b-1")
        after = timezone.now()

    assert sent == [(HANDLE, [str(recorded.pk)])]
    published_at = fresh(recorded).published_at
    assert published_at is not None
    assert recorded.created_at <= published_at <= after


# --- handle: the topic's handlers, once ----------------------------------------------------


def test_handling_runs_the_handlers_and_marks_the_message_done(handler: TopicHandler) -> None:
    from outbox.services import handle

    row = message(payload={"booking_id": "b-1"})

    assert handle(row.pk) == "done"
    assert handler.payloads == [{"booking_id": "b-1"}]
    assert fresh(row).done_at is not None
    assert row.last_error == ""


def test_a_done_message_handled_again_is_skipped_without_running_the_handlers(
    handler: TopicHandler,
) -> None:
    from outbox.services import handle

    row = message()
    assert handle(row.pk) == "done"
    done_at = fresh(row).done_at

    assert handle(row.pk) == "skipped"
    assert handle(uuid.uuid4()) == "skipped"  # no such message
    assert len(handler.payloads) == 1
    assert fresh(row).done_at == done_at


def test_a_topic_without_a_handler_is_retried_naming_the_topic() -> None:
    from outbox.services import handle, record

    with transaction.atomic():
        row = record("nobody_handles_this")

    assert handle(row.pk) == "retry"
    row = fresh(row)
    assert row.done_at is None
    assert row.attempts == 1
    assert "nobody_handles_this" in row.last_error


# --- a failing handler: back-off, then a dead letter ---------------------------------------


@pytest.fixture
def retries(settings: LazySettings) -> LazySettings:
    settings.OUTBOX_RETRY_BASE_SECONDS = 100
    settings.OUTBOX_RETRY_CAP_SECONDS = 1000
    settings.OUTBOX_MAX_ATTEMPTS = 3
    return settings


def test_a_failed_attempt_is_due_again_after_the_base_delay(
    retries: LazySettings, handler: TopicHandler
) -> None:
    from outbox.services import handle

    row = message(published_at=timezone.now())
    handler.failures = 1
    before = timezone.now()
    assert handle(row.pk) == "retry"
    after = timezone.now()

    row = fresh(row)
    assert row.attempts == 1
    assert row.last_error == "RuntimeError: the mail server is down"
    assert row.published_at is None, "the relay must hand it over again"
    assert (row.done_at, row.dead_at) == (None, None)
    base = timedelta(seconds=retries.OUTBOX_RETRY_BASE_SECONDS)
    assert before + base / 2 <= row.available_at <= after + base
    assert handler.payloads == []


def test_after_the_last_attempt_a_message_is_a_dead_letter_the_relay_ignores(
    retries: LazySettings, handler: TopicHandler, caplog: pytest.LogCaptureFixture
) -> None:
    from outbox.services import handle, relay

    row = message()
    handler.failures = 3
    handler.error = ConnectionRefusedError("nobody listens")

    outcomes = [handle(row.pk) for _ in range(3)]

    assert outcomes == ["retry", "retry", "dead"]
    row = fresh(row)
    assert row.attempts == 3
    assert row.dead_at is not None
    assert row.done_at is None
    assert row.last_error == "ConnectionRefusedError: nobody listens"
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.name == "outbox.services"
    assert str(row.pk) in error.getMessage()
    assert "dead letter" in error.getMessage()
    assert handle(row.pk) == "skipped"
    with published() as sent:
        assert relay(now=timezone.now() + timedelta(days=30)) == 0
    assert sent == []


# --- retry_delay: doubling, capped, jittered in the upper half -----------------------------


@pytest.mark.parametrize(
    ("attempts", "ceiling"),
    [(1, 100), (2, 200), (3, 400), (4, 800), (5, 1000), (6, 1000), (30, 1000)],
)
def test_the_retry_delay_doubles_per_attempt_up_to_the_cap(
    retries: LazySettings, monkeypatch: pytest.MonkeyPatch, attempts: int, ceiling: int
) -> None:
    import outbox.services
    from outbox.services import retry_delay

    # The jitter's two extremes: the delay spans [ceiling / 2, ceiling].
    monkeypatch.setattr(outbox.services.random, "uniform", lambda low, high: low)
    assert retry_delay(attempts) == ceiling / 2
    monkeypatch.setattr(outbox.services.random, "uniform", lambda low, high: high)
    assert retry_delay(attempts) == ceiling
    monkeypatch.undo()
    drawn = [retry_delay(attempts) for _ in range(200)]
    assert all(ceiling / 2 <= delay <= ceiling for delay in drawn)


def test_with_the_default_settings_the_retries_span_about_a_day() -> None:
    from django.conf import settings

    base, cap = settings.OUTBOX_RETRY_BASE_SECONDS, settings.OUTBOX_RETRY_CAP_SECONDS
    ceilings = [min(cap, base * 2 ** (n - 1)) for n in range(1, settings.OUTBOX_MAX_ATTEMPTS)]
    expected = 0.75 * sum(ceilings)  # each delay is uniform in [ceiling / 2, ceiling]

    assert 20 * 3600 <= expected <= 30 * 3600


def test_an_attempt_failed_before_the_publisher_marked_it_keeps_its_back_off(
    retries: LazySettings, handler: TopicHandler
) -> None:
    from celery.signals import after_task_publish
    from outbox.services import handle, record, relay

    def quick_worker(sender: str, body: Any, **_: Any) -> None:
        """A worker that took the message and failed before the publisher went on."""
        if sender == HANDLE:
            assert handle(uuid.UUID(body[0][0])) == "retry"

    handler.failures = 1
    after_task_publish.connect(quick_worker, weak=False)
    try:
        with transaction.atomic():
            row = record(TOPIC, booking_id="b-1")
    finally:
        after_task_publish.disconnect(quick_worker)

    row = fresh(row)
    assert row.attempts == 1
    assert row.published_at is None, "the failed attempt is marked published"
    assert relay(now=row.available_at) == 1


# --- relay: what is due, oldest first; stops when the broker refuses -----------------------


def test_the_relay_publishes_the_due_messages_oldest_first(settings: LazySettings) -> None:
    from outbox.services import relay

    now = timezone.now()
    minutes = lambda n: timedelta(minutes=n)  # noqa: E731
    lost_after = timedelta(seconds=settings.OUTBOX_REDELIVER_AFTER_SECONDS)
    newer = message(available_at=now - minutes(1))
    older = message(available_at=now - minutes(2))
    lost = message(available_at=now - lost_after - minutes(5), published_at=now - lost_after * 2)
    message(available_at=now - minutes(5), published_at=now - minutes(1))  # in flight
    message(available_at=now + minutes(1))  # backing off
    message(available_at=now - minutes(3), done_at=now)
    message(available_at=now - minutes(3), dead_at=now)

    with published() as sent:
        assert relay(now=now) == 3

    assert handed_over(sent) == [str(lost.pk), str(older.pk), str(newer.pk)]
    for row in (lost, older, newer):
        assert fresh(row).published_at > now


def test_a_message_backing_off_is_published_once_it_is_due() -> None:
    from outbox.services import relay

    now = timezone.now()
    row = message(available_at=now + timedelta(minutes=5))

    with published() as sent:
        assert relay(now=now) == 0
        assert relay(now=now + timedelta(minutes=5)) == 1

    assert handed_over(sent) == [str(row.pk)]


def test_the_relay_stops_at_the_broker_refusal_and_publishes_once_it_is_back(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from outbox.services import relay

    now = timezone.now()
    rows = [message(available_at=now - timedelta(minutes=n)) for n in (3, 2, 1)]

    with broker_down():
        assert relay(now=now) == 0
    refusals = [r for r in caplog.records if r.name == "outbox.services"]
    assert len(refusals) == 1, "the relay went on asking a broker that refused"
    assert "waits for the broker" in refusals[0].getMessage()
    assert [fresh(row).published_at for row in rows] == [None, None, None]

    with published() as sent:
        assert relay(now=now) == 3
    assert handed_over(sent) == [str(row.pk) for row in rows]
    assert all(fresh(row).published_at is not None for row in rows)


# --- the back-off of publishing after each commit -------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_after_a_refusal_the_publishing_backs_off_doubling_up_to_a_minute() -> None:
    from outbox.services import _BrokerBackoff

    clock = Clock()
    backoff = _BrokerBackoff(clock=clock)
    assert backoff.open()

    for closed_for in (2, 4, 8, 16, 32, 60, 60):
        start = clock.now
        backoff.failed()
        clock.now = start + closed_for - 0.001
        assert not backoff.open(), f"open before {closed_for} s"
        clock.now = start + closed_for
        assert backoff.open(), f"still closed after {closed_for} s"

    backoff.failed()
    assert not backoff.open()
    backoff.succeeded()
    assert backoff.open()
    backoff.failed()
    clock.now += 2
    assert backoff.open(), "a success starts the doubling again"


def test_while_backing_off_a_commit_publishes_nothing_and_the_relay_does_later(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import outbox.services
    from outbox.services import _BrokerBackoff, record, relay

    clock = Clock()
    backoff = _BrokerBackoff(clock=clock)
    backoff.failed()
    monkeypatch.setattr(outbox.services, "broker_backoff", backoff)

    with published() as sent:
        with transaction.atomic():
            row = record(TOPIC, booking_id="b-1")
        assert sent == []
        assert fresh(row).published_at is None
        assert relay() == 1  # the beat job does not wait for the back-off

    assert handed_over(sent) == [str(row.pk)]
    assert backoff.open()


# --- nudge: something announced happened again ---------------------------------------------


def test_a_nudge_makes_the_open_message_due_now_and_publishes_it_after_commit() -> None:
    from outbox.models import OutboxMessage
    from outbox.services import nudge

    later = timezone.now() + timedelta(hours=1)
    row = message(payload={"event_id": "e-1"}, available_at=later, attempts=2)
    other = message(payload={"event_id": "e-2"}, available_at=later)

    with published() as sent:
        with transaction.atomic():
            nudge(TOPIC, event_id="e-1")
            assert sent == []
        after = timezone.now()

    assert handed_over(sent) == [str(row.pk)]
    row = fresh(row)
    assert row.available_at <= after
    assert row.published_at is not None
    assert row.attempts == 2
    assert fresh(other).available_at == later
    assert OutboxMessage.objects.count() == 2


def test_a_nudge_leaves_a_message_already_with_the_broker_to_it() -> None:
    from outbox.models import OutboxMessage
    from outbox.services import nudge

    row = message(payload={"event_id": "e-1"}, published_at=timezone.now())

    with published() as sent, transaction.atomic():
        nudge(TOPIC, event_id="e-1")

    assert sent == []
    assert list(OutboxMessage.objects.values_list("pk", flat=True)) == [row.pk]


@pytest.mark.parametrize("ended", ["done_at", "dead_at"])
def test_a_nudge_without_an_open_message_records_a_new_one(ended: str) -> None:
    from outbox.models import OutboxMessage
    from outbox.services import nudge

    old = message(payload={"event_id": "e-1"}, **{ended: timezone.now()})

    with published() as sent, transaction.atomic():
        nudge(TOPIC, event_id="e-1")

    new = OutboxMessage.objects.exclude(pk=old.pk).get()
    assert (new.topic, new.payload) == (TOPIC, {"event_id": "e-1"})
    assert handed_over(sent) == [str(new.pk)]


# --- dead letters: resent by the service and the admin ---------------------------------------


def dead_letter(reason: str) -> OutboxMessage:
    return message(attempts=3, dead_at=timezone.now(), last_error=reason)


def test_a_resent_dead_letter_is_due_now_with_every_attempt_again() -> None:
    from outbox.services import resend

    dead = dead_letter("RuntimeError: down")
    alive = message(available_at=timezone.now() + timedelta(hours=1))

    with published() as sent:
        assert resend([dead, alive]) == 1
        after = timezone.now()

    dead = fresh(dead)
    assert (dead.dead_at, dead.attempts, dead.done_at) == (None, 0, None)
    assert dead.available_at <= after
    assert handed_over(sent) == [str(dead.pk)]
    assert fresh(alive).published_at is None


@pytest.fixture
def admin() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("root@example.com", "pw", first_name="R"))
    return client


def test_the_admin_lists_the_dead_letters_and_resends_them(admin: Client) -> None:
    dead = dead_letter("RuntimeError: the dead one")
    message(last_error="RuntimeError: the open one")
    message(done_at=timezone.now(), last_error="RuntimeError: the done one")

    found = admin.get(CHANGELIST, {"state": "dead"})

    assert found.status_code == 200
    assert b"Dead letters" in found.content
    assert b"the dead one" in found.content
    assert b"the open one" not in found.content
    assert b"the done one" not in found.content

    with published() as sent:
        answer = admin.post(
            CHANGELIST, {"action": "resend_dead_letters", "_selected_action": [str(dead.pk)]}
        )

    assert answer.status_code == 302
    assert (fresh(dead).dead_at, dead.attempts) == (None, 0)
    assert handed_over(sent) == [str(dead.pk)]
    assert b"the dead one" not in admin.get(CHANGELIST, {"state": "dead"}).content


def test_the_admin_refuses_to_add_or_change_messages(admin: Client) -> None:
    row = message(last_error="RuntimeError: kept")

    assert admin.get(f"{CHANGELIST}add/").status_code == 403
    assert admin.post(f"{CHANGELIST}add/", {"topic": TOPIC}).status_code == 403
    changed = admin.post(f"{CHANGELIST}{row.pk}/change/", {"topic": "other", "attempts": 9})
    assert changed.status_code == 403
    assert (fresh(row).topic, row.attempts) == (TOPIC, 0)


# --- through a worker ------------------------------------------------------------------------


@pytest.fixture
def worker(transactional_db: None) -> Iterator[None]:
    """A Celery worker thread on the configured broker (memory://, or RabbitMQ in CI)."""
    from config.celery import EmbeddedWorker

    with EmbeddedWorker():
        yield


def done(row: OutboxMessage) -> datetime | None:
    return fresh(row).done_at


def test_a_committed_message_is_handled_once_by_the_worker(
    worker: None, handler: TopicHandler
) -> None:
    from outbox.services import record

    with transaction.atomic():
        row = record(TOPIC, booking_id="b-worker")

    wait_for(lambda: done(row) is not None, "the worker to handle the message")
    assert handler.payloads == [{"booking_id": "b-worker"}]
    assert fresh(row).attempts == 0


# --- purge: done messages are kept for a few days ----------------------------------------------


def test_the_purge_deletes_done_messages_older_than_the_setting_and_keeps_the_rest(
    settings: LazySettings,
) -> None:
    from outbox.models import OutboxMessage
    from outbox.services import purge

    settings.OUTBOX_KEEP_DAYS = 7
    now = timezone.now()
    old = message(done_at=now - timedelta(days=8))
    recent = message(done_at=now - timedelta(days=6))
    dead = message(dead_at=now - timedelta(days=30))
    still_open = message()

    assert purge(now=now) == 1

    left = set(OutboxMessage.objects.values_list("pk", flat=True))
    assert left == {recent.pk, dead.pk, still_open.pk}
    assert old.pk not in left
    assert "outbox.purge" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}


# --- a broker that is down costs a request nothing ------------------------------------------


def test_a_publish_the_broker_refuses_tries_it_once_not_three_times(
    transactional_db: None,
) -> None:
    """kombu would try to connect three times over 6 s before giving up; a request that
    commits while the broker is down must not wait on it (the outbox keeps the message)."""
    import socket
    import threading

    from outbox.services import record

    attempts: list[int] = []
    listener = socket.create_server(("127.0.0.1", 0))

    def refuse() -> None:  # accepts and hangs up at once: not a broker
        while True:
            try:
                peer, _ = listener.accept()
            except OSError:
                return
            attempts.append(1)
            peer.close()

    threading.Thread(target=refuse, daemon=True).start()
    try:
        url = f"amqp://guest:guest@127.0.0.1:{listener.getsockname()[1]}//"
        with broker_at(url), transaction.atomic():
            message = record(TOPIC, booking_id="b-1")
    finally:
        listener.close()

    assert len(attempts) == 1
    assert fresh(message).published_at is None
