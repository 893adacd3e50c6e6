"""`/api/bookings/`: a guest's own bookings and a host's bookings of their listings (an
admin's: all); a guest books; either cancels. Anyone else's booking is a 404. And a
listing's reviews, which a guest writes after a stay."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from config.cache import ScopedRateThrottle
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from listings.models import Listing, Review
from listings.serializers import ReviewSerializer
from rest_framework import generics, mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from bookings import services
from bookings.models import Booking
from bookings.selectors import bookings_visible_to
from bookings.serializers import BookingRequestSerializer, BookingSerializer


def refusal(error: services.BookingError) -> Response:
    """The rule broken, under the field it concerns: 409 when the nights are taken (or
    the status forbids it), 400 for bad input (BookingError.status)."""
    return Response({error.field: [error.message]}, status=error.status)


class BookingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Booking]
):
    serializer_class = BookingSerializer
    queryset = Booking.objects.none()
    ordering_fields = ("start_date", "created_at")
    filterset_fields = ("status",)
    throttle_scope = "bookings"

    def get_throttles(self) -> list[BaseThrottle]:
        """Creating bookings is rate-limited per user; reading them is not."""
        return [ScopedRateThrottle()] if self.action == "create" else []

    def caller(self) -> User:
        assert isinstance(self.request.user, User)
        return self.request.user

    def get_queryset(self) -> QuerySet[Booking]:
        return bookings_visible_to(self.caller()).select_related("guest")

    @extend_schema(request=BookingRequestSerializer, responses={201: BookingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        asked = BookingRequestSerializer(data=request.data)
        asked.is_valid(raise_exception=True)
        data = asked.validated_data
        stay = services.Stay(data["start_date"], data["end_date"], data["guests"])
        try:
            booking = services.booking_create(
                listing_id=data["listing"], guest=self.caller(), stay=stay
            )
        except services.BookingError as error:
            return refusal(error)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        booking = self.get_object()  # 404 for anyone else's
        try:
            booking = services.booking_cancel(booking_id=booking.pk, by=self.caller())
        except services.BookingError as error:
            return refusal(error)
        return Response(BookingSerializer(booking).data)


class ReviewListCreate(generics.ListCreateAPIView[Review]):
    """`/api/listings/{listing_id}/reviews/`: newest first; a guest whose confirmed stay
    there has ended writes one."""

    serializer_class = ReviewSerializer
    queryset = Review.objects.none()

    def get_permissions(self) -> list[permissions.BasePermission]:
        if self.request.method in permissions.SAFE_METHODS:
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def listing(self) -> Listing:
        return get_object_or_404(Listing, pk=self.kwargs["listing_id"])

    def get_queryset(self) -> QuerySet[Review]:
        return Review.objects.filter(listing=self.listing()).select_related("author")

    def perform_create(self, serializer: ReviewSerializer) -> None:  # type: ignore[override]
        author = self.request.user
        assert isinstance(author, User)
        try:
            serializer.instance = services.review_create(
                listing=self.listing(), author=author, **serializer.validated_data
            )
        except services.ReviewError as error:
            raise serializers.ValidationError({error.field: [error.message]}) from error
