"""`?location=&min_price=&max_price=&guests=&check_in=&check_out=`; a malformed or
inconsistent value is a 400 naming the filter.

A stay's dates have one name inside, the model's: start_date and end_date (Booking,
bookings.services.Stay, the availability rule, the web's booking form and its errors).
Only the search's query parameters say check_in and check_out, since clients and links
already use them; STAY_PARAMS maps one to the other, here and in web/views.py.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from listings.models import MAX_GUESTS, MAX_PRICE, Listing
from listings.selectors import available

STAY_PARAMS = {"check_in": "start_date", "check_out": "end_date"}  # query -> model


class AvailabilityForm(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        check_in, check_out = data.get("check_in"), data.get("check_out")
        if (check_in is None) != (check_out is None):
            raise forms.ValidationError({"check_in": "Give check_in and check_out together."})
        if check_in and check_out and check_out <= check_in:
            raise forms.ValidationError({"check_out": "check_out must be after check_in."})
        return data


class ListingFilter(django_filters.FilterSet):
    location = django_filters.CharFilter(lookup_expr="icontains", max_length=100)
    # Bounded like the values they compare with: a huge number is a 400, not a query.
    min_price = django_filters.NumberFilter(
        field_name="price_per_night", lookup_expr="gte", min_value=0, max_value=MAX_PRICE
    )
    max_price = django_filters.NumberFilter(
        field_name="price_per_night", lookup_expr="lte", min_value=0, max_value=MAX_PRICE
    )
    guests = django_filters.NumberFilter(
        field_name="max_guests", lookup_expr="gte", min_value=1, max_value=MAX_GUESTS
    )
    check_in = django_filters.DateFilter(
        method="stay_filter", help_text="With check_out: free nights only"
    )
    check_out = django_filters.DateFilter(method="stay_filter")

    class Meta:
        model = Listing
        fields = ("location", "min_price", "max_price", "guests", "check_in", "check_out")
        form = AvailabilityForm

    def stay_filter(self, queryset: QuerySet[Listing], name: str, value: Any) -> QuerySet[Listing]:
        return queryset  # both dates are applied together, in filter_queryset

    def filter_queryset(self, queryset: QuerySet[Listing]) -> QuerySet[Listing]:
        queryset = super().filter_queryset(queryset)
        stay = {field: self.form.cleaned_data.get(param) for param, field in STAY_PARAMS.items()}
        return available(queryset, **stay) if all(stay.values()) else queryset
