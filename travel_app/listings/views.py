"""Listings: anyone browses; hosts create, and change or delete their own only (admins any).
A listing's reviews are served by bookings/views.py: who may write one depends on stays."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import permissions, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from listings import cache
from listings.filters import ListingFilter
from listings.models import Listing
from listings.permissions import IsHostOrReadOnly
from listings.serializers import ListingSerializer


class ListingViewSet(viewsets.ModelViewSet[Listing]):
    """`/api/listings/`: 20 a page; `?location=`, `?min_price=`, `?max_price=`,
    `?guests=`, `?check_in=&check_out=` (free nights only), `?search=`, `?ordering=`."""

    serializer_class = ListingSerializer
    permission_classes = (IsHostOrReadOnly,)
    filterset_class = ListingFilter
    search_fields = ("title", "description", "location")
    ordering_fields = ("price_per_night", "created_at", "max_guests")
    queryset = Listing.objects.none()

    def get_queryset(self) -> QuerySet[Listing]:
        listings = Listing.objects.select_related("host")
        user = self.request.user
        if self.request.method in permissions.SAFE_METHODS or getattr(user, "is_admin", False):
            return listings
        # Someone else's listing is not found, rather than forbidden: no existence leak.
        return listings.filter(host=user)

    def perform_create(self, serializer: ListingSerializer) -> None:  # type: ignore[override]
        serializer.save(host=self.request.user)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._cached(request, super().list, *args, **kwargs)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._cached(request, super().retrieve, *args, **kwargs)

    def _cached(self, request: Request, read: Any, *args: Any, **kwargs: Any) -> Response:
        """The same for every caller, so one cached copy per URL and generation."""
        full_path = request.get_full_path()
        data, generation = cache.page_for(full_path)
        if data is None:
            response = read(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            data = response.data
            cache.keep_page(full_path, generation, data)
        return Response(data)
