"""Paying for a booking through Chapa: start an attempt, and settle it from what the
gateway says, never from what a browser or an unverified message says.

payment_initiate records a Pending payment (committed) before it calls the gateway, so a
crash or a timeout leaves a trace; a retry is a new attempt with a new tx_ref. Old
attempts stay Pending: their checkout page may still be paid, and if two attempts are
paid the second is Completed but flagged for a refund.

payment_verify asks the gateway, then settles under a lock on the payment's row: of many
requests verifying at once, only the one that moves it from Pending to Completed
confirms the booking and records `payment_completed` in the outbox (the notifications app
mails the receipt). A Completed or Failed payment is final: the gateway is not asked again.

Reconciliation: a guest who paid and whose webhook never came (or came while we could not
act on it) is settled by payments_reconcile, a beat job verifying the attempts still
Pending after PAYMENT_VERIFY_AFTER_MINUTES; and no unpaid booking is released while one of
its attempts is in flight unverified (verify_payments_in_flight).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from accounts.models import User
from bookings.models import Booking, Status
from bookings.services import booking_confirm
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from outbox.services import record

from payments.gateway import ChapaClient, GatewayRefused, GatewayUnavailable, Verification
from payments.models import Payment, PaymentStatus

logger = logging.getLogger(__name__)

# Chapa's final words for a transaction that took no money; any other word but
# "success" (e.g. "pending") leaves the payment as it is.
FAILED_WORDS = frozenset({"failed", "cancelled", "canceled", "reversed", "expired"})


class PaymentError(Exception):
    """A refusal: `field` names the input, `status` is the HTTP status that says why
    (404 not yours, 409 not payable, 502 refused by the gateway, 503 gateway down)."""

    def __init__(self, field: str, message: str, status: int) -> None:
        super().__init__(message)
        self.field, self.message, self.status = field, message, status


def payment_initiate(*, booking_id: uuid.UUID, by: User) -> Payment:
    """A Pending payment of the caller's pending booking, for the price the server
    computed, and its checkout link from the gateway."""
    payment = _new_attempt(booking_id, by)
    try:
        checkout = ChapaClient.from_settings().initialize(_checkout_request(payment, by))
    except GatewayUnavailable as error:
        raise PaymentError(
            "booking", f"{error.message} Nothing was charged; please try again in a minute.", 503
        ) from None
    except GatewayRefused as error:
        payment.status = PaymentStatus.FAILED
        payment.failure_reason = f"Refused by the payment service: {error.message}"[:255]
        payment.save(update_fields=["status", "failure_reason", "updated_at"])
        raise PaymentError(
            "booking", f"The payment service refused this payment: {error.message}", 502
        ) from None
    payment.checkout_url = checkout.checkout_url
    payment.gateway_reference = checkout.reference
    payment.save(update_fields=["checkout_url", "gateway_reference", "updated_at"])
    logger.info("payment %s started for booking %s", payment.tx_ref, booking_id)
    return payment


def _new_attempt(booking_id: uuid.UUID, by: User) -> Payment:
    # The booking's row is locked so that a cancel running now (the guest's, or the job
    # releasing unpaid bookings) is either seen here or waits for this attempt.
    with transaction.atomic():
        booking = Booking.objects.select_for_update().filter(pk=booking_id, guest=by).first()
        if booking is None:
            raise PaymentError("booking", "You have no booking with this id.", 404)
        if booking.status == Status.CANCELED:
            raise PaymentError("booking", "This booking is canceled: book again to pay.", 409)
        if booking.status != Status.PENDING:
            raise PaymentError("booking", "This booking is already paid and confirmed.", 409)
        return Payment.objects.create(
            booking=booking, amount=booking.total_price, currency=settings.CHAPA_CURRENCY
        )


def _checkout_request(payment: Payment, guest: User) -> dict[str, Any]:
    """The body of Chapa's initialize call. Both URLs are the server's: the return URL
    is the web page that verifies on the guest's return, the callback the webhook."""
    separator = "&" if "?" in settings.CHAPA_RETURN_URL else "?"
    return {
        "amount": str(payment.amount),
        "currency": payment.currency,
        "email": guest.email,
        "first_name": guest.first_name,
        "last_name": guest.last_name,
        "tx_ref": payment.tx_ref,
        "callback_url": settings.CHAPA_CALLBACK_URL,
        "return_url": f"{settings.CHAPA_RETURN_URL}{separator}tx_ref={payment.tx_ref}",
        "customization": {"title": "Travel booking", "description": "Payment for a stay"},
    }


def payment_verify(*, tx_ref: str) -> Payment:
    """Ask the gateway about a Pending payment and settle it; a settled one as it is."""
    payment = Payment.objects.filter(tx_ref=tx_ref).first()
    if payment is None:
        raise PaymentError("tx_ref", "No payment has this reference.", 404)
    if payment.status != PaymentStatus.PENDING:
        return payment
    try:
        verification = ChapaClient.from_settings().verify(tx_ref)
    except GatewayUnavailable as error:
        raise PaymentError(
            "tx_ref", f"{error.message} The payment is unchanged; please try again soon.", 503
        ) from None
    except GatewayRefused as error:
        raise PaymentError(
            "tx_ref", f"The payment service could not verify this payment: {error.message}", 502
        ) from None
    return _settle(payment.pk, verification)


def _settle(payment_id: uuid.UUID, verification: Verification) -> Payment:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment_id)
        if payment.status != PaymentStatus.PENDING:
            return payment  # another request settled it while we asked the gateway
        if verification.status == "success":
            problem = _mismatch(payment, verification)
        elif verification.status in FAILED_WORDS:
            problem = f"The payment service reports this payment {verification.status}."
        else:
            return payment  # not paid yet: nothing to settle
        if verification.reference:
            payment.gateway_reference = verification.reference
        if problem:
            payment.status, payment.failure_reason = PaymentStatus.FAILED, problem[:255]
            if verification.status == "success":  # money moved, just not the money due
                payment.refund_reason = "Paid, but not the amount due: refund due."
            payment.save()
            logger.warning("payment %s failed: %s", payment.tx_ref, problem)
            return payment
        payment.status = PaymentStatus.COMPLETED
        payment.refund_reason = _confirm_booking(payment)
        payment.save()
        if payment.refund_reason:
            logger.warning(
                "payment %s completed, refund due: %s", payment.tx_ref, payment.refund_reason
            )
        else:
            record("payment_completed", payment_id=str(payment.pk))
            logger.info(
                "payment %s completed; booking %s confirmed", payment.tx_ref, payment.booking_id
            )
    return payment


def _mismatch(payment: Payment, verification: Verification) -> str:
    """Why a successful transaction does not pay this payment ("" when it does)."""
    paid = f"{_money(verification.amount)} {verification.currency}"
    due = f"{payment.amount} {payment.currency}"
    if verification.currency != payment.currency:
        return f"Paid in the wrong currency: {paid} instead of {due}."
    if verification.amount != payment.amount:
        return f"Paid the wrong amount: {paid} instead of {due}."
    return ""


def _money(amount: Decimal) -> str:
    """360 and 360.0 as 360.00; an amount with more places as it is."""
    try:
        cents = amount.quantize(Decimal("0.01"))
    except InvalidOperation:
        return str(amount)
    return str(cents) if cents == amount else str(amount)


def _confirm_booking(payment: Payment) -> str:
    """Confirm the booking with this payment; else say why the money must go back."""
    booking = Booking.objects.select_for_update().get(pk=payment.booking_id)
    if booking.status == Status.CANCELED:
        return "Paid after the booking was canceled: refund due."
    paid_before = Payment.objects.filter(booking=booking, status=PaymentStatus.COMPLETED)
    if paid_before.exclude(pk=payment.pk).exists():
        return "The booking was already paid by another payment: refund due."
    booking_confirm(booking_id=booking.pk)
    return ""


def verify_payments_in_flight(booking_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """A release guard (bookings/services.py): verify the Pending payments of bookings
    about to be released, so a guest who paid is confirmed rather than released; the
    bookings to keep are those whose payment could not be verified."""
    pending = Payment.objects.filter(booking_id__in=booking_ids, status=PaymentStatus.PENDING)
    booking_of = dict(pending.order_by("created_at").values_list("tx_ref", "booking_id"))
    verified = _verify_in_turn(booking_of, job="releasing unpaid bookings")
    return {booking_of[tx_ref] for tx_ref, payment in verified if payment is None}


def payments_reconcile(*, now: datetime | None = None) -> int:
    """Verify the payments still Pending PAYMENT_VERIFY_AFTER_MINUTES after they started
    (within PAYMENT_VERIFY_WINDOW_HOURS: an abandoned checkout is not asked about
    forever); how many it settled. The next run asks again about what this one could not."""
    now = now or timezone.now()
    started_before = now - timedelta(minutes=settings.PAYMENT_VERIFY_AFTER_MINUTES)
    started_after = now - timedelta(hours=settings.PAYMENT_VERIFY_WINDOW_HOURS)
    pending = Payment.objects.filter(
        status=PaymentStatus.PENDING, created_at__range=(started_after, started_before)
    ).order_by("created_at")
    verified = _verify_in_turn(pending.values_list("tx_ref", flat=True), job="reconciliation")
    return sum(1 for _, payment in verified if payment and payment.status != PaymentStatus.PENDING)


def _verify_in_turn(tx_refs: Iterable[str], *, job: str) -> Iterator[tuple[str, Payment | None]]:
    """Verify each payment with the gateway in turn: (tx_ref, the payment as verified, or
    None when it could not be). Once the gateway is down the rest are not asked (each
    would wait out its own timeouts and retries): they come back None."""
    down = False
    for tx_ref in tx_refs:
        payment = None
        if not down:
            try:
                payment = payment_verify(tx_ref=tx_ref)
            except PaymentError as error:
                down = error.status == 503
                if down:
                    logger.warning("%s stopped: %s", job, error.message)
        yield tx_ref, payment
