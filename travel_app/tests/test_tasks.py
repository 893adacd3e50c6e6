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
from tests.conftest import TODAY, ClientFor, MakeUser
from tests.waiting import events, wait_for

if TYPE_CHECKING:
    from config.celery import EmbeddedWorker
    from notifications.fake_smtp import FakeSMTP

pytestmark = pytest.mark.django_db(transaction=True)

BOOKING_EMAIL = "notifications.tasks.send_booking_confirmation_email"
PAYMENT_EMAIL = "notifications.tasks.send_payment_confirmation_email"
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


def ids(sent: Published, name: str = BOOKING_EMAIL) -> list[str]:
    return [task_id for sent_name, task_id, _ in sent if sent_name == name]


def mails_to(user: User) -> list[Any]:
    """The test outbox's e-mails to `user` (another test's late task writes to others)."""
    return [message for message in mail.outbox if message.to == [user.email]]


# --- Making bookings ------------------------------------------------------------------------


def book(listing: Listing, guest: User, start: str = JULY[0], end: str = JULY[1]) -> Booking:
    """Through the service, as the API does: the e-mail is queued when it commits."""
    from bookings.services import Stay, booking_create

    stay = Stay(date.fromisoformat(start), date.fromisoformat(end), 2)
    return booking_create(listing_id=listing.pk, guest=guest, stay=stay, today=TODAY)


@pytest.fixture(autouse=True)
def july_2030_is_bookable(settings: LazySettings) -> None:
    """The API books July 2030 from the real date here, beyond the booking horizon: the
    e-mails' dates stay fixed; the horizon has tests of its own (tests/test_bookings.py)."""
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


# --- tasks.email: one e-mail per booking, however often the task is delivered -----------------


@pytest.mark.task("tasks.email")
def test_a_booking_is_mailed_to_its_guest_by_the_worker(
    worker: EmbeddedWorker, runs: Runs, client_for: ClientFor, listing: Listing, guest: User
) -> None:
    with published() as sent:
        response = ask(client_for, listing, guest)

    assert response.status_code == 201, response.content
    booking_id = response.json()["booking_id"]
    assert [(name, args) for name, _, args in sent] == [(BOOKING_EMAIL, [booking_id])]
    runs.wait(ids(sent))
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
    from notifications.tasks import send_booking_confirmation_email

    with published() as sent:
        booking = book(listing, guest)  # queued once on commit...
        for _ in range(3):  # ...and delivered again, as a broker may
            send_booking_confirmation_email.delay(str(booking.pk))

    runs.wait(ids(sent))
    assert len(ids(sent)) == 4
    assert [runs.states(task_id) for task_id in ids(sent)] == [["SUCCESS"]] * 4
    assert len(mails_to(guest)) == 1
    record = SentEmail.objects.get(key=f"booking-received:{booking.pk}")
    assert (record.to, record.sent_at is not None) == (guest.email, True)


@pytest.mark.task("tasks.email")
def test_the_redelivery_of_a_task_that_died_while_sending_sends(
    worker: EmbeddedWorker, runs: Runs, listing: Listing, guest: User
) -> None:
    """A worker killed after claiming the key, before recording the send, leaves an
    unsent claim in its task's name; the broker hands the message (same task id) to
    another worker. That one sends: nothing is lost. Any other task does not."""
    from notifications.models import SentEmail
    from notifications.tasks import send_booking_confirmation_email

    booking = Booking.objects.create(  # no e-mail queued: the claim below stands for it
        listing=listing,
        guest=guest,
        start_date=date(2030, 7, 10),
        end_date=date(2030, 7, 13),
        total_price=Decimal("360.00"),
    )
    dead = str(uuid.uuid4())
    SentEmail.objects.create(
        key=f"booking-received:{booking.pk}", to=guest.email, subject="-", claimed_by=dead
    )

    other = send_booking_confirmation_email.apply_async([str(booking.pk)]).id
    runs.wait([other])
    assert mails_to(guest) == []

    send_booking_confirmation_email.apply_async([str(booking.pk)], task_id=dead)
    runs.wait([dead])
    assert len(mails_to(guest)) == 1
    assert SentEmail.objects.get(claimed_by=dead).sent_at is not None


@pytest.mark.task("tasks.email")
@pytest.mark.services("mysql")
def test_simultaneous_deliveries_send_one_email(transactional_db: None) -> None:
    """Real threads on MariaDB, each a delivery of the same e-mail: the unique key lets
    one INSERT through."""
    from notifications.services import send_email_once

    assert connection.vendor == "mysql"
    start = threading.Barrier(8)
    outcomes: list[object] = []

    def deliver() -> None:
        try:
            start.wait()
            outcomes.append(
                send_email_once(key="race", to="race@example.com", subject="Hi", body="Once.")
            )
        except Exception as error:
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes, key=str) == [False] * 7 + [True]
    assert [message.to for message in mail.outbox] == [["race@example.com"]]


@pytest.mark.task("tasks.email")
def test_a_completed_payment_is_mailed_once_with_its_references(
    worker: EmbeddedWorker, runs: Runs, listing: Listing, guest: User
) -> None:
    from notifications.tasks import send_payment_confirmation_email
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

    sent = [send_payment_confirmation_email.delay(str(payment.pk)).id for _ in range(2)]

    runs.wait(sent)
    [email] = mails_to(guest)
    assert email.subject == "Booking confirmed: Loft in Lisbon, 10 Jul 2030"
    assert (
        f"We received your payment of 360.00 ETB, reference {payment.tx_ref} "
        "(Chapa reference APfa1b2c3d)."
    ) in email.body
    assert "Your booking is confirmed:" in email.body
    assert "Check-in:  Wednesday 10 July 2030" in email.body


@pytest.mark.task("tasks.email")
@pytest.mark.parametrize("name", [BOOKING_EMAIL, PAYMENT_EMAIL])
def test_an_unknown_or_malformed_id_is_logged_and_not_retried(
    worker: EmbeddedWorker, runs: Runs, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    """A booking deleted before its e-mail went out: nothing to send, nothing to retry."""
    from config.celery import app

    caplog.set_level(logging.WARNING, logger="notifications")
    task = app.tasks[name]
    unknown = str(uuid.uuid4())

    sent = [task.delay(value).id for value in (unknown, "not-a-uuid", "1' OR '1'='1")]

    runs.wait(sent)
    assert [runs.states(task_id) for task_id in sent] == [["SUCCESS"]] * 3
    assert mail.outbox == []
    warnings = [record.getMessage() for record in caplog.records]
    assert f"no {name.split('_')[1]} {unknown}: no e-mail sent" in warnings
    assert any("not a" in warning and "'not-a-uuid'" in warning for warning in warnings)


@pytest.mark.task("tasks.email")
@pytest.mark.services("rabbitmq")
def test_on_rabbitmq_a_booking_is_mailed_once(
    worker: EmbeddedWorker, runs: Runs, listing: Listing, guest: User
) -> None:
    """The same path on the broker CI and compose use: through RabbitMQ's queue."""
    from notifications.tasks import send_booking_confirmation_email

    assert worker.controller.consumer.connection.transport.driver_type == "amqp"
    with published() as sent:
        booking = book(listing, guest)
        send_booking_confirmation_email.delay(str(booking.pk))

    runs.wait(ids(sent))
    assert len(ids(sent)) == 2
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


@pytest.fixture
def smtp(settings: LazySettings) -> Iterator[FakeSMTP]:
    """Django's SMTP backend, talking to a fake mail server on 127.0.0.1."""
    from notifications.fake_smtp import FakeSMTP

    server = FakeSMTP().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    yield server
    server.stop()


@pytest.mark.task("tasks.retry")
def test_a_message_the_mail_server_refuses_is_retried_then_sent_once(
    worker: EmbeddedWorker, runs: Runs, smtp: FakeSMTP, listing: Listing, guest: User
) -> None:
    from notifications.models import SentEmail

    smtp.fail_next(2)  # 451: try again later
    with published() as sent:
        booking = book(listing, guest)

    [task_id] = ids(sent)
    runs.wait([task_id])
    assert runs.states(task_id) == ["RETRY", "RETRY", "SUCCESS"]
    assert smtp.refused == 2
    [message] = smtp.messages
    assert (message["To"], message["Subject"]) == (
        guest.email,
        "Booking received: Loft in Lisbon, 10 Jul 2030",
    )
    assert "Total:     360.00 ETB" in message.get_content()
    assert SentEmail.objects.get(key=f"booking-received:{booking.pk}").sent_at is not None


@pytest.mark.task("tasks.retry")
def test_a_mail_server_that_cannot_be_reached_is_retried_until_it_answers(
    worker: EmbeddedWorker, runs: Runs, smtp: FakeSMTP, listing: Listing, guest: User
) -> None:
    from notifications.fake_smtp import FakeSMTP

    port = smtp.port
    smtp.stop()  # connection refused
    with published() as sent:
        book(listing, guest)
    [task_id] = ids(sent)
    wait_for(lambda: "RETRY" in runs.states(task_id), "a retry")

    back = FakeSMTP().start(port)
    try:
        runs.wait([task_id])
    finally:
        back.stop()
    assert runs.states(task_id)[-1] == "SUCCESS"
    assert [message["To"] for message in back.messages] == [guest.email]


@pytest.mark.task("tasks.retry")
def test_a_send_that_fails_leaves_the_key_free_for_the_retry(
    smtp: FakeSMTP, transactional_db: None
) -> None:
    """Not sent, not recorded: the retry (or another delivery) may send it."""
    from notifications.models import SentEmail
    from notifications.services import send_email_once

    smtp.fail_next(1)
    with pytest.raises(SMTPException):
        send_email_once(key="k", to="a@example.com", subject="S", body="B", claim="t1")
    assert not SentEmail.objects.exists()

    assert send_email_once(key="k", to="a@example.com", subject="S", body="B", claim="t1")
    assert not send_email_once(key="k", to="a@example.com", subject="S", body="B", claim="t1")
    assert len(smtp.messages) == 1


@pytest.mark.task("tasks.retry")
@pytest.mark.parametrize("name", [BOOKING_EMAIL, PAYMENT_EMAIL])
def test_the_email_tasks_are_acknowledged_late_retried_with_backoff_and_time_limited(
    name: str,
) -> None:
    from config.celery import app

    task = app.tasks[name]
    assert (task.acks_late, task.reject_on_worker_lost) == (True, True)
    assert issubclass(ConnectionRefusedError, task.autoretry_for)
    assert issubclass(SMTPException, task.autoretry_for)
    assert task.retry_backoff
    assert task.retry_jitter
    assert task.max_retries >= 5
    assert 0 < task.soft_time_limit < task.time_limit


# --- tasks.on_commit: queued when the booking commits; the request never waits ----------------


@pytest.mark.task("tasks.on_commit")
def test_a_rolled_back_booking_queues_no_email(listing: Listing, guest: User) -> None:
    def book_then_fail() -> None:
        with transaction.atomic():
            book(listing, guest)
            raise RuntimeError("the request failed after the booking was written")

    with published() as sent, pytest.raises(RuntimeError, match="request failed"):
        book_then_fail()

    assert sent == []
    assert not Booking.objects.exists()

    # The same booking, committed: one message, about it.
    with published() as sent:
        booking = book(listing, guest)
    assert [(name, args) for name, _, args in sent] == [(BOOKING_EMAIL, [str(booking.pk)])]


@pytest.mark.task("tasks.on_commit")
def test_the_message_is_sent_after_the_commit_not_before(listing: Listing, guest: User) -> None:
    with published() as sent, transaction.atomic():
        book(listing, guest)
        assert sent == [], "queued before the commit: the worker might not find the booking"
    assert len(ids(sent)) == 1


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
    assert len(ids(sent)) == 1
    with EmbeddedWorker():
        runs.wait(ids(sent))
    assert len(mails_to(guest)) == 1


@pytest.fixture
def broker_down(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The app's broker is a closed port on this machine: every publish is refused."""
    from config.celery import app

    def reconnect() -> None:  # the pools were made for the old URL
        app._pool = None
        app.amqp._producer_pool = None

    down = "amqp://guest:guest@127.0.0.1:9//"
    monkeypatch.setitem(app.conf, "broker_url", down)
    monkeypatch.setenv("CELERY_BROKER_URL", down)  # Celery reads it before its settings
    reconnect()
    yield
    monkeypatch.undo()
    reconnect()


@pytest.mark.task("tasks.on_commit")
def test_a_booking_stands_when_the_broker_cannot_take_its_email(
    broker_down: None,
    client_for: ClientFor,
    listing: Listing,
    guest: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """The booking has committed when the message is sent: a broker that is down costs
    the e-mail (logged), not the booking, and never a 500 for a booking that exists."""
    response = ask(client_for, listing, guest)

    assert response.status_code == 201
    assert Booking.objects.filter(pk=response.json()["booking_id"]).exists()
    [record] = [r for r in caplog.records if r.name == "config.celery"]
    assert record.getMessage() == (
        f"{BOOKING_EMAIL}('{response.json()['booking_id']}',) was not queued: "
        "the broker did not take it"
    )


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
