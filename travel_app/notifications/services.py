"""E-mails to guests, each sent once per key however often a delivery asks for it.

send_email_once records the key (an INSERT on a unique column), then takes the key's
lease with one conditional UPDATE: of deliveries asking at the same moment the database
lets one through; the others raise EmailLeased and try again later (the outbox's back-off,
outbox/services.py). The holder sends and marks the row sent.

Why a lease and not a plain claim: a worker can die while sending (killed, out of memory,
its machine lost), and its message comes back to another worker. A lease that expires
(EMAIL_LEASE_SECONDS, longer than a task may run) lets that redelivery send once the
holder cannot be sending any more; never while it still might (an orphaned process).
A send the mail server refused releases the lease at once and keeps the row: nothing is
deleted, and the retry finds the key free.

What remains possible is one duplicate: the holder died after the mail server accepted
the message and before it could mark the row sent, a window of milliseconds. Every
message carries a Message-ID derived from its key, the same on every attempt, so a mail
server or client that drops duplicates by Message-ID drops it.

Call it outside a transaction: the lease must be committed (visible to other workers)
before the message leaves.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr

from bookings.models import Booking, Status
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Q
from django.utils import timezone
from payments.models import Payment

from notifications.models import SentEmail

logger = logging.getLogger(__name__)

MARK_SENT_ATTEMPTS = 4  # over about 1.4 s: a dropped connection, not an outage


class EmailLeased(Exception):
    """Another delivery holds the e-mail's lease (it may be sending now): try later."""


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str


def send_email_once(*, key: str, to: str, subject: str, body: str) -> bool:
    """Send unless `key` was sent; True if this call sent it. Raises EmailLeased while
    another delivery holds the lease, and the mail server's error (the lease released)
    when it did not take the message."""
    claim = uuid.uuid4().hex
    if not _claim(key=key, to=to, subject=subject, claim=claim):
        return False
    try:
        EmailMessage(subject, body, None, [to], headers={"Message-ID": message_id(key)}).send()
    except Exception:
        _release_claim(key=key, claim=claim)
        raise
    _mark_sent(key=key, claim=claim)
    return True


def _mark_sent(*, key: str, claim: str) -> None:
    """Record the send. The message is out: a connection the database dropped meanwhile
    (a failover, a KILL) is replaced and the record tried again, rather than leaving the
    lease to lapse and the e-mail to be sent a second time."""
    for attempt in range(MARK_SENT_ATTEMPTS):
        try:
            SentEmail.objects.filter(key=key, claimed_by=claim).update(
                sent_at=timezone.now(), lease_until=None
            )
            return
        except (OperationalError, InterfaceError):
            if attempt == MARK_SENT_ATTEMPTS - 1:
                raise
            connection.close()
            time.sleep(0.2 * 2**attempt)


def message_id(key: str) -> str:
    """The same Message-ID for every attempt at the e-mail of `key`."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def _claim(*, key: str, to: str, subject: str, claim: str) -> bool:
    """Take the key's lease: True when this delivery is to send, False when the e-mail
    was sent; EmailLeased when another delivery holds the lease."""
    SentEmail.objects.get_or_create(key=key, defaults={"to": to, "subject": subject})
    now = timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    lease = timedelta(seconds=settings.EMAIL_LEASE_SECONDS)
    taken = (
        SentEmail.objects.filter(free, key=key, sent_at__isnull=True)
        .update(claimed_by=claim, claimed_at=now, lease_until=now + lease)
    )  # fmt: skip
    if taken:
        return True
    if SentEmail.objects.filter(key=key, sent_at__isnull=False).exists():
        return False
    raise EmailLeased(f"{key} is leased to another delivery")


def _release_claim(*, key: str, claim: str) -> None:
    """Not sent: give this delivery's lease up (the row stays), so that the retry may
    take the key at once."""
    SentEmail.objects.filter(key=key, claimed_by=claim, sent_at__isnull=True).update(
        lease_until=None
    )


# --- The e-mails -------------------------------------------------------------------------


def email_booking_received(*, booking_id: str) -> bool:
    """The guest's "we have your booking" e-mail (with what to do next); False if none
    was sent: already sent, or no such booking (logged)."""
    booking = _booking(booking_id)
    if booking is None:
        return False
    return _send(f"booking-received:{booking.pk}", booking_received(booking))


def email_payment_completed(*, payment_id: str) -> bool:
    """The guest's receipt for a completed payment: the booking is confirmed."""
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
    return _send(f"payment-completed:{payment.pk}", payment_completed(payment))


def _send(key: str, email: Email) -> bool:
    return send_email_once(key=key, to=email.to, subject=email.subject, body=email.body)


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
