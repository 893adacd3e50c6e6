"""The filter backend of every list: django-filter's, refusing date-times that no
database can compare.

A date-time with an offset parses even when it lies outside the years 1 to 9999 in UTC
(`0001-01-01T00:00:00+14:00` is 31 December of the year 0 there); the database adapter
then fails converting it, a server error. This backend turns such a value into a 400
naming the filter, whatever FilterSet the view uses (chats/program.py finds the one in
chats/filters.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import QuerySet
from django_filters import FilterSet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request

OUT_OF_RANGE = "Enter a date-time between 0001-01-01 and 9999-12-31 in UTC."


def _datetimes(value: object) -> list[datetime]:
    """The date-times in a cleaned filter value: the value itself, or a range's ends."""
    ends = [value.start, value.stop] if isinstance(value, slice) else [value]
    return [end for end in ends if isinstance(end, datetime)]


def _in_range(moment: datetime) -> bool:
    try:
        moment.astimezone(UTC)
    except OverflowError:
        return False
    return True


class BoundedFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend, with out-of-range date-times as form errors: the backend
    then answers 400 with the filter's name, as for any malformed value."""

    def get_filterset(
        self, request: Request, queryset: QuerySet[Any], view: Any
    ) -> FilterSet | None:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None and filterset.is_valid():
            form = filterset.form
            for name, value in list(form.cleaned_data.items()):
                if not all(_in_range(moment) for moment in _datetimes(value)):
                    form.add_error(name, OUT_OF_RANGE)
        return filterset
