"""`/api/payments/`: start paying for a booking, verify a payment, receive Chapa's webhooks.

Initiate and verify act for the signed-in guest on their own bookings and payments
(anyone else's is a 404). The webhook has no user: the signature is its credential, so
it takes no token, no session and therefore no CSRF token.
"""

from __future__ import annotations

from accounts.models import User
from config.cache import ScopedRateThrottle
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from payments import services, webhooks
from payments.models import Payment
from payments.serializers import (
    DetailSerializer,
    InitiateSerializer,
    PaymentSerializer,
    RefusalSerializer,
    WebhookAnswerSerializer,
)


def refusal(error: services.PaymentError) -> Response:
    return Response({error.field: [error.message]}, status=error.status)


REFUSALS = {
    code: OpenApiResponse(RefusalSerializer, description=text)
    for code, text in (
        (400, "Bad input, named by field."),
        (404, "Not one of yours."),
        (409, "The booking cannot be paid: canceled, or already confirmed."),
        (502, "The payment service refused."),
        (503, "The payment service did not answer; nothing changed. Try again."),
    )
}


class InitiateView(APIView):
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "payments"

    @extend_schema(
        request=InitiateSerializer,
        responses={201: PaymentSerializer, **REFUSALS},
        summary="Start paying for one of your pending bookings",
        description="Creates a Pending payment for the booking's total (the server's price) "
        "and returns Chapa's `checkout_url`: send the guest there.",
    )
    def post(self, request: Request) -> Response:
        asked = InitiateSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        assert isinstance(request.user, User)
        try:
            payment = services.payment_initiate(
                booking_id=asked.validated_data["booking"], by=request.user
            )
        except services.PaymentError as error:
            return refusal(error)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class VerifyView(APIView):
    @extend_schema(
        responses={200: PaymentSerializer, **{c: REFUSALS[c] for c in (404, 502, 503)}},
        summary="Verify one of your payments with Chapa",
        description="Asks Chapa about a Pending payment: Completed (and the booking "
        "confirmed) only when Chapa reports success for the amount and currency due; "
        "Failed with the reason otherwise; unchanged while unpaid. A settled payment is "
        "returned as it is.",
    )
    def get(self, request: Request, tx_ref: str) -> Response:
        mine = Payment.objects.filter(tx_ref=tx_ref, booking__guest_id=request.user.pk)
        if not mine.exists():
            return Response({"detail": "No payment of yours has this reference."}, status=404)
        try:
            payment = services.payment_verify(tx_ref=tx_ref)
        except services.PaymentError as error:
            return refusal(error)
        return Response(PaymentSerializer(payment).data)


EXAMPLE_EVENT = {
    "event": "charge.success",
    "first_name": "Gus",
    "last_name": "Guest",
    "email": "gus@example.com",
    "currency": "ETB",
    "amount": "360.00",
    "status": "success",
    "mode": "test",
    "reference": "APfake5f0c2d",
    "tx_ref": "travel-9b2e0c8f4c1d4e0fa1b2c3d4e5f60718",
    "type": "API",
}


class WebhookView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)
    parser_classes = (JSONParser,)

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        parameters=[
            OpenApiParameter(
                "x-chapa-signature",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                required=True,
                description="Hex HMAC-SHA256 of the raw body, keyed with the webhook secret.",
            )
        ],
        responses={
            200: WebhookAnswerSerializer,
            400: OpenApiResponse(DetailSerializer, description="Not a JSON object."),
            401: OpenApiResponse(DetailSerializer, description="Missing or invalid signature."),
            503: OpenApiResponse(DetailSerializer, description="No webhook secret configured."),
        },
        examples=[OpenApiExample("charge.success", value=EXAMPLE_EVENT, request_only=True)],
        auth=[],
        summary="Chapa's webhook",
        description="Records a signed event once (a replay answers 200 and changes nothing) "
        "and queues its processing, which re-verifies the transaction with Chapa before "
        "changing anything.",
    )
    def post(self, request: Request) -> Response:
        try:
            event, created = webhooks.webhook_receive(
                body=request.body, signature=request.headers.get("x-chapa-signature", "")
            )
        except webhooks.WebhookRejected as error:
            return Response({"detail": error.message}, status=error.status)
        return Response({"event_id": event.pk, "duplicate": not created})
