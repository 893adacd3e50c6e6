"""The program's filters (chats/filters.py): a conversation's messages filtered with
django-filter by a user (the sender) and by a time range (when they were sent).

The program names neither the FilterSet nor its parameters, so the test reads them
from the FilterSet that chats/filters.py defines for Message: a filter on the sender
(by id, e-mail or name) and a range on sent_at (one range filter, or a from and a to
filter; dates or date-times). It then asks this project's endpoint, which uses that
FilterSet, with those parameters.
"""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from typing import Any

import django_filters
import pytest
from chats.models import Conversation, Message, User
from chats.program import filterset_of
from tests.factories import send_messages
from tests.paths import messages_url
from tests.support import ClientFor

pytestmark = pytest.mark.task("api.filters")

# m0 ... m5 at 09:00 every other day (1, 3, 5 ... 11 January), Alice and Bob taking turns:
# a range from the 2nd to the 8th keeps m1, m2 and m3 whether its ends are dates or
# date-times, in or out.
FIRST = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
DATE_FILTERS = (django_filters.DateFilter, django_filters.DateFromToRangeFilter)


def the_filterset() -> type[django_filters.FilterSet]:
    return filterset_of(importlib.import_module("chats.filters"), Message)


def sender_parameters(user: User) -> dict[str, str]:
    """The query that filters on `user` as the sender, in the FilterSet's own terms."""
    for name, each in the_filterset().base_filters.items():
        field = each.field_name or name
        if not field.startswith("sender"):
            continue
        attribute = field.removeprefix("sender").removeprefix("__").removeprefix("_") or "pk"
        value = {"pk": user.pk, "id": user.pk, "user_id": user.pk}.get(attribute)
        if value is None:
            value = getattr(user, attribute, None)
        if value is not None:
            return {name: str(value)}
    pytest.fail("the FilterSet has no filter on the sender (a field_name starting with sender)")


def range_parameters(start: datetime, end: datetime) -> dict[str, str]:
    """The query that keeps messages sent from `start` to `end` (days without messages)."""

    def text(moment: datetime, each: Any) -> str:
        return moment.date().isoformat() if isinstance(each, DATE_FILTERS) else moment.isoformat()

    found: dict[str, str] = {}
    for name, each in the_filterset().base_filters.items():
        if not (each.field_name or name).startswith("sent_at"):
            continue
        if isinstance(each, django_filters.RangeFilter):  # the FromTo filters are RangeFilters
            return {f"{name}_after": text(start, each), f"{name}_before": text(end, each)}
        if each.lookup_expr in ("gte", "gt"):
            found[name] = text(start, each)
        elif each.lookup_expr in ("lte", "lt"):
            found[name] = text(end, each)
    if len(found) != 2:
        pytest.fail("the FilterSet has no range on sent_at (a FromTo filter, or gte and lte)")
    return found


def bodies(
    client_for: ClientFor, user: User, chat: Conversation, params: dict[str, str]
) -> list[str]:
    response = client_for(user).get(messages_url(chat), params)
    assert response.status_code == 200, response.content[:300]
    body = response.json()
    rows = body["results"] if isinstance(body, dict) else body
    return sorted(message["message_body"] for message in rows)


@pytest.fixture
def six_days(alice: User, bob: User, chat: Conversation) -> None:
    for message in send_messages(chat, [alice, bob], 6, start=FIRST):
        day = int(message.message_body[1:])
        Message.objects.filter(pk=message.pk).update(sent_at=FIRST.replace(day=1 + 2 * day))


@pytest.mark.usefixtures("six_days")
def test_messages_of_one_sender(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation
) -> None:
    assert bodies(client_for, alice, chat, sender_parameters(bob)) == ["m1", "m3", "m5"]
    assert bodies(client_for, bob, chat, sender_parameters(alice)) == ["m0", "m2", "m4"]


@pytest.mark.usefixtures("six_days")
def test_messages_within_a_time_range(
    client_for: ClientFor, alice: User, chat: Conversation
) -> None:
    """From 2 January to 8 January: the messages of the 3rd, 5th and 7th."""
    start, end = datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 8, tzinfo=UTC)

    assert bodies(client_for, alice, chat, range_parameters(start, end)) == ["m1", "m2", "m3"]


@pytest.mark.usefixtures("six_days")
def test_both_filters_together(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation
) -> None:
    start, end = datetime(2026, 1, 2, tzinfo=UTC), datetime(2026, 1, 8, tzinfo=UTC)
    params = {**sender_parameters(bob), **range_parameters(start, end)}

    assert bodies(client_for, alice, chat, params) == ["m1", "m3"]
