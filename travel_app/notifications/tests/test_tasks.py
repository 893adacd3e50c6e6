"""Background work through a real Celery worker: a thread of this process on the
configured broker (memory:// embedded, RabbitMQ with CELERY_BROKER_URL set, as in CI).

E-mails are read from Django's test outbox (the worker thread's sends land there too), or
from a fake SMTP server on 127.0.0.1 where the mail server's answers matter. The tests are
transactional: the worker has a database connection of its own and sees committed rows
only. Tasks return nothing anyone reads (no result backend): a test waits for the
worker's task_postrun signal instead, with a bound, not a speed check.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from smtplib import SMTPException
from typing import TYPE_CHECKING, Any

import pytest
from accounts.models import User
from bookings.models import Booking, Status
from celery.signals import before_task_publish, task_postrun
from django.conf import LazySettings
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone
from listings.models import Listing
from tests.chaos_support import broker_down
from tests.payments_support import HANDLE, announced
from tests.support import TODAY, ClientFor, MakeUser
from tests.waiting import events, wait_for

if TYPE_CHECKING:
    from config.celery import EmbeddedWorker
    from fakes.smtp import FakeSMTP

pytestmark = pytest.mark.django_db(transaction=True)

RELEASE = "bookings.tasks.release_unpaid_bookings"
JULY = ("2030-07-10", "2030-07-13")  # three nights at 120.00: 360.00
FINISHED = {"SUCCESS", "FAILURE", "IGNORED", "REJECTED"}


# --- Watching the worker --------------------------------------------------------------------


class Runs:
    """Every task run the worker finished, from its thread: (task name, task id, state)."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, str]] = []
        self.lock = threading.Lock()

    def record(self, sender: Any = None, task_id: str = "", state: str = "", **_: Any) -> None:
        with self.lock:
            self.seen.append((sender.name, task_id, state))
        events.notify()  # recorded: the waiters may look again

    def states(self, task_id: str) -> list[str]:
        """The states of each run of one task (a retried run is RETRY), in order."""
        with self.lock:
            return [state for _, seen_id, state in self.seen if seen_id == task_id]

    def ran(self, name: str) -> int:
        with self.lock:
            return sum(1 for seen_name, _, state in self.seen if seen_name == name)

    def wait(self, task_ids: list[str], timeout: float = 60) -> None:
        """Until each task has finished (retries included)."""
        wait_for(
            lambda: all(set(self.states(task_id)) & FINISHED for task_id in task_ids),
            f"tasks {task_ids} to finish",
            timeout,
        )


@pytest.fixture
def runs() -> Iterator[Runs]:
    found = Runs()
    task_postrun.connect(found.record, weak=False)
    yield found
    task_postrun.disconnect(found.record)


@pytest.fixture
def worker(transactional_db: None, runs: Runs) -> Iterator[EmbeddedWorker]:
    from config.celery import EmbeddedWorker

    with EmbeddedWorker() as running:
        yield running


Published = list[tuple[str, str, list[Any]]]


@contextmanager
def published() -> Iterator[Published]:
    """(task name, task id, args) of every message sent to the broker meanwhile."""
    sent: Published = []

    def record(sender: str, headers: dict[str, Any], body: Any, **_: Any) -> None:
        sent.append((sender, headers["id"], list(body[0])))

    before_task_publish.connect(record, weak=False)
    try:
        yield sent
    finally:
        before_task_publish.disconnect(record)


def ids(sent: Published, name: str) -> list[str]:
    return [task_id for sent_name, task_id, _ in sent if sent_name == name]


def mails_to(user: User) -> list[Any]:
    """The test outbox's e-mails to `user` (another test's late task writes to others)."""
    return [message for message in mail.outbox if message.to == [user.email]]


# --- Making bookings ------------------------------------------------------------------------


def book(listing: Listing, guest: User, start: str = JULY[0], end: str = JULY[1]) -> Booking:
    """Through the service, as the API does: `booking_created` goes to the outbox."""
    from bookings.services import Stay, booking_create

    stay = Stay(date.fromisoformat(start), date.fromisoformat(end), 2)
    return booking_create(listing_id=listing.pk, guest=guest, stay=stay, today=TODAY)


@pytest.fixture(autouse=True)
def july_2030_is_bookable(settings: LazySettings) -> None:
    """The API books July 2030 from the real date here, beyond the booking horizon: the
    e-mails' dates stay fixed; the horizon has tests of its own
    (bookings/tests/test_services.py)."""
    settings.BOOKING_HORIZON_MONTHS = 12 * 10


def ask(client_for: ClientFor, listing: Listing, guest: User) -> Any:
    return client_for(guest).post(
        "/api/bookings/",
        {"listing": str(listing.pk), "start_date": JULY[0], "end_date": JULY[1], "guests": 2},
    )


def created_minutes_ago(booking: Booking, minutes: float) -> None:
    Booking.objects.filter(pk=booking.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )


# --- tasks.email: one e-mail per booking, however often it is asked for -----------------------


def outbox_ids(sent: Published) -> list[str]:
    """The task ids of the outbox messages handed to the broker meanwhile."""
    return ids(sent, HANDLE)


def deliver_again(message_id: str) -> str:
    """One more delivery of an outbox message, as a broker may make; its task id."""
    from config.celery import app

    return str(app.send_task(HANDLE, args=[message_id]).id)


@pytest.mark.task("tasks.email")
def test_a_booking_is_mailed_to_its_guest_by_the_worker(
    worker: EmbeddedWorker, runs: Runs, client_for: ClientFor, listing: Listing, guest: User
) -> None:
    with published() as sent:
        response = ask(client_for, listing, guest)

    assert response.status_code == 201, response.content
    booking_id = response.json()["booking_id"]
    assert announced() == [("booking_created", {"booking_id": booking_id})]
    runs.wait(outbox_ids(sent))
    [email] = mails_to(guest)
    assert email.subject == "Booking received: Loft in Lisbon, 10 Jul 2030"
    assert email.from_email == "Travel App <bookings@travel.example>"
    for line in (
        "Hello Guest,",
        "Loft in Lisbon, Lisbon",
        "Check-in:  Wednesday 10 July 2030",
        "Check-out: Saturday 13 July 2030 (3 nights)",
        "Guests:    2",
        "Total:     360.00 ETB",
        f"Booking:   {booking_id}",
        "Status:    pending payment",
        "unpaid, the nights are released then",
    ):
        assert line in email.body


@pytest.mark.task("tasks.email")
def test_delivered_four_times_a_booking_is_mailed_once(
    worker: EmbeddedWorker, runs: Runs, listing: Listing, guest: User
) -> None:
    from notifications.models import SentEmail
    from outbox.models import OutboxMessage

    with published() as sent:
        booking = book(listing, guest)  # handed over once on commit...
    message_id = str(OutboxMessage.objects.get().pk)
    again = [deliver_again(message_id) for _ in range(3)]  # ...and delivered again

    runs.wait([*outbox_ids(sent), *again])
    assert len(mails_to(guest)) == 1
    record = SentEmail.objects.get(key=f"booking-received:{booking.pk}")
    assert (record.to, record.sent_at is not None) == (guest.email, True)


@pytest.mark.task("tasks.email")
def test_the_same_email_asked_for_again_is_not_sent_again(transactional_db: None) -> None:
    from notifications.services import send_email_once

    outcomes = [
        send_email_once(key="k", to="a@example.com", subject="S", body="B") for _ in range(3)
    ]

    assert outcomes == [True, False, False]
    assert len(mail.outbox) == 1


def leased(key: str, *, seconds: float) -> None:
    """The key claimed by a delivery that died while sending: its lease ends `seconds`
    from now (in the past when negative)."""
    from notifications.models import SentEmail

    SentEmail.objects.create(
        key=key,
        to="a@example.com",
        subject="-",
        claimed_by="dead",
        lease_until=timezone.now() + timedelta(seconds=seconds),
    )


@pytest.mark.task("tasks.email")
def test_while_a_delivery_holds_the_lease_another_does_not_send(transactional_db: None) -> None:
    """Its holder may still be sending (an orphaned process): the other delivery must try
    later (EmailLeased), not send and not give up."""
    from notifications.services import EmailLeased, send_email_once

    leased("k", seconds=60)

    with pytest.raises(EmailLeased):
        send_email_once(key="k", to="a@example.com", subject="S", body="B")
    assert mail.outbox == []


@pytest.mark.task("tasks.email")
def test_once_a_dead_holders_lease_lapsed_the_redelivery_sends(transactional_db: None) -> None:
    from notifications.models import SentEmail
    from notifications.services import send_email_once

    leased("k", seconds=-1)

    assert send_email_once(key="k", to="a@example.com", subject="S", body="B")
    assert len(mail.outbox) == 1
    assert SentEmail.objects.get(key="k").sent_at is not None


@pytest.mark.task("tasks.email")
def test_every_attempt_at_an_email_carries_the_same_message_id(
    smtp: FakeSMTP, transactional_db: None
) -> None:
    """Derived from the key: a mail server that drops duplicates by Message-ID drops a
    second copy sent after a holder died between the server's answer and its record."""
    from notifications.services import message_id, send_email_once

    smtp.fail_next(1)
    with pytest.raises(SMTPException):
        send_email_once(key="k", to="a@example.com", subject="S", body="B")
    assert send_email_once(key="k", to="a@example.com", subject="S", body="B")
    send_email_once(key="other", to="a@example.com", subject="S", body="B")

    sent, other = (message["Message-ID"] for message in smtp.messages)
    assert sent == message_id("k") != other
    assert sent.endswith("@travel.example>")


@pytest.mark.task("tasks.email")
@pytest.mark.services("mysql")
def test_simultaneous_deliveries_send_one_email(transactional_db: None) -> None:
    """Real threads on MariaDB, each a delivery of the same e-mail: one takes the lease
    and sends; each other one finds it sent (False) or leased (EmailLeased: try later)."""
    from notifications.services import EmailLeased, send_email_once

    assert connection.vendor == "mysql"
    start = threading.Barrier(8)
    outcomes: list[object] = []

    def deliver() -> None:
        try:
            start.wait()
            outcomes.append(
                send_email_once(key="race", to="race@example.com", subject="Hi", body="Once.")
            )
        except EmailLeased:
            outcomes.append("leased")
        except Exception as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count(True) == 1
    assert set(outcomes) <= {True, False, "leased"}
    assert [message.to for message in mail.outbox] == [["race@example.com"]]


def announce(topic: str, **payload: str) -> list[str]:
    """Record an outbox message as a lower app would, and deliver it twice."""
    from outbox.services import record

    with published() as sent, transaction.atomic():
        message = record(topic, **payload)
    return [*outbox_ids(sent), deliver_again(str(message.pk))]


@pytest.mark.task("tasks.email")
def test_a_completed_payment_is_mailed_once_with_its_references(
    worker: EmbeddedWorker, runs: Runs, listing: Listing, guest: User
) -> None:
    from payments.models import Payment, PaymentStatus

    booking = Booking.objects.create(
        listing=listing,
        guest=guest,
        start_date=date(2030, 7, 10),
        end_date=date(2030, 7, 13),
        guests=2,
        total_price=Decimal("360.00"),
        status=Status.CONFIRMED,
    )
    payment = Payment.objects.create(
        booking=booking,
        amount=Decimal("360.00"),
        currency="ETB",
        gateway_reference="APfa1b2c3d",
        status=PaymentStatus.COMPLETED,
    )

    runs.wait(announce("payment_completed", payment_id=str(payment.pk)))

    [email] = mails_to(guest)
    assert email.subject == "Booking confirmed: Loft in Lisbon, 10 Jul 2030"
    assert (
        f"We received your payment of 360.00 ETB, reference {payment.tx_ref} "
        "(Chapa reference APfa1b2c3d)."
    ) in email.body
    assert "Your booking is confirmed:" in email.body
    assert "Check-in:  Wednesday 10 July 2030" in email.body


@pytest.mark.task("tasks.email")
@pytest.mark.parametrize(
    ("topic", "field", "kind"),
    [("booking_created", "booking_id", "booking"), ("payment_completed", "payment_id", "payment")],
)
def test_an_unknown_or_malformed_id_is_logged_and_not_retried(
    worker: EmbeddedWorker,
    runs: Runs,
    caplog: pytest.LogCaptureFixture,
    topic: str,
    field: str,
    kind: str,
) -> None:
    """A booking deleted before its e-mail went out: nothing to send, nothing to retry."""
    from outbox.models import OutboxMessage

    caplog.set_level(logging.WARNING, logger="notifications")
    unknown = str(uuid.uuid4())

    for value in (unknown, "not-a-uuid", "1' OR '1'='1"):
        runs.wait(announce(topic, **{field: value}))

    assert mail.outbox == []
    assert OutboxMessage.objects.filter(done_at__isnull=False, attempts=0).count() == 3
    warnings = [record.getMessage() for record in caplog.records]
    assert f"no {kind} {unknown}: no e-mail sent" in warnings
    assert any("not a" in warning and "'not-a-uuid'" in warning for warning in warnings)


@pytest.mark.task("tasks.email")
@pytest.mark.services("rabbitmq")
def test_on_rabbitmq_a_booking_is_mailed_once(
    worker: EmbeddedWorker, runs: Runs, listing: Listing, guest: User
) -> None:
    """The same path on the broker CI and compose use: through RabbitMQ's queue."""
    from outbox.models import OutboxMessage

    assert worker.controller.consumer.connection.transport.driver_type == "amqp"
    with published() as sent:
        book(listing, guest)
    again = deliver_again(str(OutboxMessage.objects.get().pk))

    runs.wait([*outbox_ids(sent), again])
    assert len(mails_to(guest)) == 1


@pytest.mark.task("tasks.email")
def test_the_admin_lists_sent_emails_read_only(
    make_user: MakeUser, listing: Listing, guest: User
) -> None:
    from django.test import Client
    from notifications.services import send_email_once

    send_email_once(key="booking-received:1", to=guest.email, subject="Received", body=".")
    send_email_once(key="payment-completed:2", to="other@example.com", subject="Paid", body=".")
    admin = Client()
    admin.force_login(User.objects.create_superuser("root@example.com", "pw", first_name="R"))

    found = admin.get("/admin/notifications/sentemail/", {"q": guest.email})

    assert found.status_code == 200
    assert b"booking-received:1" in found.content
    assert b"payment-completed:2" not in found.content
    assert admin.get("/admin/notifications/sentemail/add/").status_code == 403


# --- tasks.retry: a mail server that refuses or cannot be reached -----------------------------


def attempts_failed(count: int) -> None:
    """Until the (one) outbox message has failed `count` attempts."""
    from outbox.models import OutboxMessage

    wait_for(
        lambda: OutboxMessage.objects.filter(attempts__gte=count, published_at=None).exists(),
        f"{count} failed attempt(s)",
    )


def relay_later() -> list[str]:
    """The beat relay, run as if its back-off had passed; the task ids it handed over."""
    from outbox.services import relay

    with published() as sent:
        relay(now=timezone.now() + timedelta(days=2))
    return outbox_ids(sent)


@pytest.mark.task("tasks.retry")
def test_a_message_the_mail_server_refuses_is_retried_then_sent_once(
    worker: EmbeddedWorker, runs: Runs, smtp: FakeSMTP, listing: Listing, guest: User
) -> None:
    from notifications.models import SentEmail
    from outbox.models import OutboxMessage

    smtp.fail_next(2)  # 451: try again later
    booking = book(listing, guest)
    for refused in (1, 2):
        attempts_failed(refused)
        runs.wait(relay_later())

    assert smtp.refused == 2
    [message] = smtp.messages
    assert (message["To"], message["Subject"]) == (
        guest.email,
        "Booking received: Loft in Lisbon, 10 Jul 2030",
    )
    assert "Total:     360.00 ETB" in message.get_content()
    assert SentEmail.objects.get(key=f"booking-received:{booking.pk}").sent_at is not None
    done = OutboxMessage.objects.get()
    assert (done.attempts, done.done_at is not None, done.dead_at) == (2, True, None)


@pytest.mark.task("tasks.retry")
def test_a_mail_server_that_cannot_be_reached_is_retried_until_it_answers(
    worker: EmbeddedWorker, runs: Runs, smtp: FakeSMTP, listing: Listing, guest: User
) -> None:
    from fakes.smtp import FakeSMTP

    port = smtp.port
    smtp.stop()  # connection refused
    book(listing, guest)
    attempts_failed(1)

    back = FakeSMTP().start(port)
    try:
        runs.wait(relay_later())
    finally:
        back.stop()
    assert [message["To"] for message in back.messages] == [guest.email]


@pytest.mark.task("tasks.retry")
def test_a_send_that_fails_keeps_its_record_and_frees_the_key_for_the_retry(
    smtp: FakeSMTP, transactional_db: None
) -> None:
    """Not sent: the record stays (nothing is deleted), its lease given up, so the retry
    (or another delivery) may send at once."""
    from notifications.models import SentEmail
    from notifications.services import send_email_once

    smtp.fail_next(1)
    with pytest.raises(SMTPException):
        send_email_once(key="k", to="a@example.com", subject="S", body="B")
    record = SentEmail.objects.get(key="k")
    assert (record.sent_at, record.lease_until) == (None, None)

    assert send_email_once(key="k", to="a@example.com", subject="S", body="B")
    assert not send_email_once(key="k", to="a@example.com", subject="S", body="B")
    assert len(smtp.messages) == 1


@pytest.mark.task("tasks.retry")
def test_the_backoff_outlasts_an_outage_of_hours_then_keeps_a_dead_letter(
    smtp: FakeSMTP, settings: LazySettings, listing: Listing, guest: User
) -> None:
    """Each failed attempt waits longer (30 s doubling to 1 h, jittered), about a day in
    all; then the message is a dead letter the admin can resend, never deleted."""
    from outbox.models import OutboxMessage
    from outbox.services import handle, retry_delay

    ceilings = [
        min(settings.OUTBOX_RETRY_CAP_SECONDS, settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (n - 1))
        for n in range(1, settings.OUTBOX_MAX_ATTEMPTS)
    ]
    assert 20 * 3600 < 0.75 * sum(ceilings) < 30 * 3600
    assert all(c / 2 <= retry_delay(n) <= c for n, c in enumerate(ceilings, start=1))

    settings.OUTBOX_MAX_ATTEMPTS = 3
    smtp.fail_next(3)
    book(listing, guest)
    message = OutboxMessage.objects.get()
    assert [handle(message.pk) for _ in range(3)] == ["retry", "retry", "dead"]
    message.refresh_from_db()
    assert message.dead_at is not None
    assert message.last_error.startswith("SMTP")
    assert smtp.messages == []


# --- tasks.on_commit: recorded with the booking, handed over once it commits --------------------


@pytest.mark.task("tasks.on_commit")
def test_a_rolled_back_booking_announces_nothing(listing: Listing, guest: User) -> None:
    def book_then_fail() -> None:
        with transaction.atomic():
            book(listing, guest)
            raise RuntimeError("the request failed after the booking was written")

    with published() as sent, pytest.raises(RuntimeError, match="request failed"):
        book_then_fail()

    assert sent == []
    assert not Booking.objects.exists()
    assert announced() == []

    # The same booking, committed: one message, about it, handed over.
    with published() as sent:
        booking = book(listing, guest)
    assert announced() == [("booking_created", {"booking_id": str(booking.pk)})]
    assert len(outbox_ids(sent)) == 1


@pytest.mark.task("tasks.on_commit")
def test_the_message_is_recorded_with_the_booking_and_handed_over_after_the_commit(
    listing: Listing, guest: User
) -> None:
    with published() as sent, transaction.atomic():
        book(listing, guest)
        assert [topic for topic, _ in announced()] == ["booking_created"]
        assert sent == [], "handed over before the commit: the worker might not find it"
    assert len(outbox_ids(sent)) == 1


@pytest.mark.task("tasks.on_commit")
def test_the_booking_request_answers_before_any_email_is_sent(
    runs: Runs, client_for: ClientFor, listing: Listing, guest: User
) -> None:
    """No worker runs during the request: it answers 201 with the e-mail still queued."""
    from config.celery import EmbeddedWorker

    with published() as sent:
        response = ask(client_for, listing, guest)

    assert response.status_code == 201
    assert mails_to(guest) == []
    assert len(outbox_ids(sent)) == 1
    with EmbeddedWorker():
        runs.wait(outbox_ids(sent))
    assert len(mails_to(guest)) == 1


@pytest.mark.task("tasks.on_commit")
def test_a_booking_made_while_the_broker_is_down_is_mailed_once_it_is_back(
    runs: Runs,
    client_for: ClientFor,
    listing: Listing,
    guest: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The booking stands (201, never a 500 for a booking that exists) and its message
    waits in the outbox, not only in a log line; the relay hands it over later."""
    from config.celery import EmbeddedWorker
    from outbox.models import OutboxMessage

    with broker_down():
        response = ask(client_for, listing, guest)

    assert response.status_code == 201
    assert Booking.objects.filter(pk=response.json()["booking_id"]).exists()
    waiting = OutboxMessage.objects.get()
    assert (waiting.topic, waiting.published_at, waiting.done_at) == (
        "booking_created",
        None,
        None,
    )
    assert any("waits for the broker" in r.getMessage() for r in caplog.records)

    with EmbeddedWorker():
        runs.wait(relay_later())
    assert len(mails_to(guest)) == 1


# --- tasks.release: the beat job frees the nights of unpaid bookings --------------------------


def search(client_for: ClientFor, start: str, end: str) -> list[str]:
    response = client_for(None).get("/api/listings/", {"check_in": start, "check_out": end})
    assert response.status_code == 200
    return [listing["listing_id"] for listing in response.json()["results"]]


@pytest.mark.task("tasks.release")
def test_the_beat_job_releases_unpaid_bookings_and_frees_their_nights(
    runs: Runs,
    monkeypatch: pytest.MonkeyPatch,
    settings: LazySettings,
    client_for: ClientFor,
    listing: Listing,
    guest: User,
) -> None:
    from config.celery import EmbeddedWorker, app

    unpaid = book(listing, guest)
    created_minutes_ago(unpaid, settings.UNPAID_BOOKING_MINUTES + 1)
    recent = book(listing, guest, "2030-08-01", "2030-08-04")
    paid = book(listing, guest, "2030-09-01", "2030-09-04")
    Booking.objects.filter(pk=paid.pk).update(status=Status.CONFIRMED)
    created_minutes_ago(paid, settings.UNPAID_BOOKING_MINUTES + 1)
    assert search(client_for, *JULY) == []  # taken, and now a cached page

    # The schedule's own entry, due every half second instead of every five minutes.
    entry = settings.CELERY_BEAT_SCHEDULE["release-unpaid-bookings"]
    assert (entry["task"], entry["schedule"]) == (RELEASE, 300)
    monkeypatch.setitem(app.conf, "beat_schedule", {"release": {**entry, "schedule": 0.5}})
    with EmbeddedWorker(beat=True):
        wait_for(lambda: runs.ran(RELEASE) >= 1, "the beat job to run")

    statuses = dict(Booking.objects.values_list("pk", "status"))
    assert statuses == {
        unpaid.pk: Status.CANCELED,
        recent.pk: Status.PENDING,
        paid.pk: Status.CONFIRMED,
    }
    assert search(client_for, *JULY) == [str(listing.pk)]
    assert search(client_for, "2030-08-01", "2030-08-04") == []


@pytest.mark.task("tasks.release")
def test_release_keeps_bookings_younger_than_the_setting(
    settings: LazySettings, listing: Listing, guest: User
) -> None:
    from bookings.services import BookingError, booking_confirm, release_unpaid_bookings

    settings.UNPAID_BOOKING_MINUTES = 45
    booking = book(listing, guest)
    now = booking.created_at

    assert release_unpaid_bookings(now=now + timedelta(minutes=44)) == 0
    assert release_unpaid_bookings(now=now + timedelta(minutes=46)) == 1
    assert release_unpaid_bookings(now=now + timedelta(minutes=46)) == 0  # idempotent
    booking.refresh_from_db()
    assert booking.status == Status.CANCELED
    with pytest.raises(BookingError, match="canceled booking cannot be confirmed"):
        booking_confirm(booking_id=booking.pk)  # a payment arriving late is refused


@pytest.mark.task("tasks.release")
def test_the_release_task_runs_through_the_worker(
    worker: EmbeddedWorker, runs: Runs, settings: LazySettings, listing: Listing, guest: User
) -> None:
    from bookings.tasks import release_unpaid_bookings

    booking = book(listing, guest)
    created_minutes_ago(booking, settings.UNPAID_BOOKING_MINUTES + 1)

    runs.wait([release_unpaid_bookings.delay().id])

    booking.refresh_from_db()
    assert booking.status == Status.CANCELED


@pytest.mark.task("tasks.release")
@pytest.mark.services("mysql")
def test_a_booking_being_confirmed_is_not_released(
    settings: LazySettings, listing: Listing, guest: User
) -> None:
    """Real threads on MariaDB: a payment confirms an old pending booking while the beat
    job runs. The job waits for the confirmation's row lock, then leaves it confirmed."""
    from bookings.services import booking_confirm, release_unpaid_bookings

    assert connection.vendor == "mysql"
    booking = book(listing, guest)
    created_minutes_ago(booking, settings.UNPAID_BOOKING_MINUTES + 1)
    locked, commit = threading.Event(), threading.Event()
    released: list[object] = []

    def confirm() -> None:  # the payment's transaction, still open after the confirm
        try:
            with transaction.atomic():
                booking_confirm(booking_id=booking.pk)
                locked.set()
                commit.wait(30)
        finally:
            connection.close()

    def release() -> None:
        try:
            released.append(release_unpaid_bookings())
        except Exception as error:
            released.append(error)
        finally:
            connection.close()

    payment = threading.Thread(target=confirm)
    payment.start()
    assert locked.wait(30)
    job = threading.Thread(target=release)
    job.start()
    job.join(1)
    assert job.is_alive(), "the job did not wait for the confirmation's lock"
    commit.set()
    payment.join(30)
    job.join(30)

    assert released == [0]
    booking.refresh_from_db()
    assert booking.status == Status.CONFIRMED
