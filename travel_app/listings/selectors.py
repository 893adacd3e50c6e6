"""Reads of listings: which are free for a stay.

What makes a night taken is the bookings app's knowledge, and bookings sits above this
app: it registers its rule here (bookings/apps.py) rather than this app importing it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db.models import QuerySet

from listings.models import Listing

StayRule = Callable[[QuerySet[Listing], date, date], QuerySet[Listing]]
_stay_rules: list[StayRule] = []


def add_stay_rule(rule: StayRule) -> None:
    """Register `rule`: it narrows listings to those free from start_date to end_date."""
    if rule not in _stay_rules:
        _stay_rules.append(rule)


def available(listings: QuerySet[Listing], start_date: date, end_date: date) -> QuerySet[Listing]:
    """The listings free for the stay under every registered rule."""
    for rule in _stay_rules:
        listings = rule(listings, start_date, end_date)
    return listings
