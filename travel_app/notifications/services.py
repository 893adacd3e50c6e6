"""E-mails to guests, each sent at most once per key however often a task asks for it.

send_email_once claims the key with an INSERT on a unique column, commits, and only then
sends. Of two deliveries of the same e-mail at the same moment the database lets one
insert through; the other finds the key taken and sends nothing.

The order is a choice between losing and doubling an e-mail when a worker dies:

- claim, send, mark sent (this one). If sending raises, the claim is deleted and the
  error re-raised, so the task's retry can send. If the worker dies between the claim
  and the mark (killed, out of memory, the machine lost), its message goes back to the
  broker (acks_late, reject_on_worker_lost) and the same task, with the same task id,
  runs again: it finds its own unsent claim (`claim`) and sends. So no e-mail is lost;
  the one it may double is the e-mail the mail server had already accepted when the
  worker died, a window of milliseconds. At least once.
- send, then record: two deliveries at once would both send, every time. Rejected.
- hold the transaction open while sending: a slow mail server would hold the row lock
  (on SQLite, the whole database's write lock) for seconds. Rejected.

Call it outside a transaction: the claim must be committed (visible to other workers)
before the message leaves.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from bookings.models import Booking, Status
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from notifications.models import SentEmail

if TYPE_CHECKING:
    from payments.models import Payment

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


def send_email_once(
    *, key: str, to: str, subject: str, body: str, claim: str | None = None
) -> bool:
    """Send unless `key` was sent, or is being sent by another delivery; True if sent.

    `claim` names the delivery (a Celery task id, the same across its retries and
    redeliveries): a delivery that finds its own unsent claim sends again. Without it,
    the call is a delivery of its own.
    """
    claim = claim or uuid.uuid4().hex
    if not _claim(key=key, to=to, subject=subject, claim=claim):
        return False
    try:
        send_mail(subject, body, None, [to])
    except Exception:
        _release_claim(key=key, claim=claim)
        raise
    SentEmail.objects.filter(key=key, claimed_by=claim).update(sent_at=timezone.now())
    return True


def _claim(*, key: str, to: str, subject: str, claim: str) -> bool:
    try:
        with transaction.atomic():
            SentEmail.objects.create(key=key, to=to, subject=subject, claimed_by=claim)
        return True
    except IntegrityError:
        # Sent, or being sent by another delivery; ours only if this delivery claimed it
        # before and died before it could say it had sent.
        return SentEmail.objects.filter(key=key, claimed_by=claim, sent_at__isnull=True).exists()


def _release_claim(*, key: str, claim: str) -> None:
    """Not sent: drop this delivery's unsent claim, so that the task's retry (or another
    delivery) may take the key and send."""
    SentEmail.objects.filter(key=key, claimed_by=claim, sent_at__isnull=True).delete()


# --- The e-mails -------------------------------------------------------------------------


def email_booking_received(*, booking_id: str, claim: str | None = None) -> bool:
    """The guest's "we have your booking" e-mail (with what to do next); False if none
    was sent: already sent, or no such booking (logged)."""
    booking = _booking(booking_id)
    if booking is None:
        return False
    return _send(f"booking-received:{booking.pk}", booking_received(booking), claim)


def email_payment_completed(*, payment_id: str, claim: str | None = None) -> bool:
    """The guest's receipt for a completed payment: the booking is confirmed."""
    from payments.models import Payment  # payments imports this app's tasks

    payment_uuid = _uuid(payment_id, "payment")
    payment = (
        Payment.objects.select_related("booking__listing", "booking__guest")
        .filter(pk=payment_uuid)
        .first()
        if payment_uuid
        else None
    )
    if payment is None:
        logger.warning("no payment %s: no e-mail sent", payment_id)
        return False
    return _send(f"payment-completed:{payment.pk}", payment_completed(payment), claim)


def _send(key: str, email: Email, claim: str | None) -> bool:
    return send_email_once(
        key=key, to=email.to, subject=email.subject, body=email.body, claim=claim
    )


def _uuid(value: str, kind: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        logger.warning("not a %s id: %r", kind, str(value)[:100])
        return None


def _booking(booking_id: str) -> Booking | None:
    pk = _uuid(booking_id, "booking")
    booking = (
        Booking.objects.select_related("listing", "guest").filter(pk=pk).first() if pk else None
    )
    if pk and booking is None:
        logger.warning("no booking %s: no e-mail sent", pk)
    return booking


def _stay(booking: Booking) -> str:
    nights = "night" if booking.nights == 1 else "nights"
    return (
        f"{booking.listing.title}, {booking.listing.location}\n"
        f"Check-in:  {booking.start_date:%A %d %B %Y}\n"
        f"Check-out: {booking.end_date:%A %d %B %Y} ({booking.nights} {nights})\n"
        f"Guests:    {booking.guests}\n"
        f"Total:     {booking.total_price} {settings.CHAPA_CURRENCY}\n"
        f"Booking:   {booking.pk}\n"
    )


def booking_received(booking: Booking) -> Email:
    """What the booking is, its status, and what happens next."""
    if booking.status == Status.PENDING:
        unpaid = timedelta(minutes=settings.UNPAID_BOOKING_MINUTES)
        deadline = timezone.localtime(booking.created_at) + unpaid
        status = (
            "Status:    pending payment\n\n"
            f"Pay by {deadline:%d %B %Y, %H:%M} {deadline.tzname()} to confirm it; unpaid, "
            f"the nights are released then. Pay from your bookings: {settings.SITE_URL}/bookings/"
        )
    else:
        status = f"Status:    {booking.status}"
    return Email(
        to=booking.guest.email,
        subject=f"Booking received: {booking.listing.title}, {booking.start_date:%d %b %Y}",
        body=f"Hello {booking.guest.first_name},\n\nWe have your booking:\n\n"
        f"{_stay(booking)}{status}\n",
    )


def payment_completed(payment: Payment) -> Email:
    """The amount and references paid, and the booking it confirmed."""
    booking = payment.booking
    chapa = payment.gateway_reference
    reference = f" (Chapa reference {chapa})" if chapa else ""
    return Email(
        to=booking.guest.email,
        subject=f"Booking confirmed: {booking.listing.title}, {booking.start_date:%d %b %Y}",
        body=f"Hello {booking.guest.first_name},\n\n"
        f"We received your payment of {payment.amount} {payment.currency}, "
        f"reference {payment.tx_ref}{reference}.\n\n"
        f"Your booking is {booking.status}:\n\n{_stay(booking)}",
    )
