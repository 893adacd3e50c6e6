"""The filter backend of every list: django-filter's, with every date-time handed to the
database in UTC, or refused.

A date-time with an offset parses even when it lies outside the years 1 to 9999 in UTC
(`0001-01-01T00:00:00+14:00` is 31 December of the year 0 there): the database adapter
then fails converting it, a server error. And Python accepts offsets up to ±23:59,
PostgreSQL only up to ±15:59. This backend moves each date-time to UTC before any query,
and turns one that has no UTC date into a 400 naming the filter, whatever FilterSet the
view uses (chats/program.py finds the one in chats/filters.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import QuerySet
from django_filters import FilterSet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request

OUT_OF_RANGE = "Enter a date-time between 0001-01-01 and 9999-12-31 in UTC."


def in_utc(value: object) -> object:
    """A cleaned filter value with its date-times (the value, or a range's ends) in UTC;
    OverflowError if one is outside the years 1 to 9999 there."""
    if isinstance(value, slice):
        return slice(in_utc(value.start), in_utc(value.stop), value.step)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


class BoundedFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend, with date-times moved to UTC and those out of range as form
    errors: the backend then answers 400 with the filter's name, as for any malformed
    value."""

    def get_filterset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> FilterSet | None:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None and filterset.is_valid():
            form = filterset.form
            for name, value in list(form.cleaned_data.items()):
                try:
                    form.cleaned_data[name] = in_utc(value)
                except OverflowError:
                    form.add_error(name, OUT_OF_RANGE)
        return filterset
