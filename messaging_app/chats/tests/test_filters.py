"""MessageFilter: by sender and by a sent_at range; malformed values are 400."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from chats.models import Conversation, User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.factories import send_messages
from tests.paths import messages_url
from tests.support import ClientFor

pytestmark = pytest.mark.task("extras.filters")


def bodies(client_for: ClientFor, user: User, chat: Conversation, **params: str) -> list[str]:
    response = client_for(user).get(messages_url(chat), params)
    assert response.status_code == 200, response.json()
    return [message["message_body"] for message in response.json()["results"]]


def test_by_sender(client_for: ClientFor, alice: User, bob: User, chat: Conversation) -> None:
    send_messages(chat, [alice, bob], 6)
    assert bodies(client_for, alice, chat, sender=str(bob.pk)) == ["m5", "m3", "m1"]


def test_by_a_sent_at_range_both_ends_inclusive(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation
) -> None:
    send_messages(chat, [alice, bob], 6)  # m0 at 09:00, m1 at 09:01, ...
    window = {"sent_at_after": "2026-01-01T09:01:00Z", "sent_at_before": "2026-01-01T09:03:00Z"}
    assert bodies(client_for, alice, chat, **window) == ["m3", "m2", "m1"]
    assert bodies(client_for, alice, chat, sent_at_after="2026-01-01T09:04:00+00:00") == [
        "m5",
        "m4",
    ]
    # Any offset Python reads, beyond PostgreSQL's ±15:59 too: 09:04 UTC.
    far_east = {"sent_at_after": "2026-01-02T04:40:00+19:36"}
    assert bodies(client_for, alice, chat, **far_east) == ["m5", "m4"]


def test_filters_combine(
    client_for: ClientFor, alice: User, bob: User, chat: Conversation
) -> None:
    send_messages(chat, [alice, bob], 6)
    found = bodies(
        client_for, bob, chat, sender=str(alice.pk), sent_at_before="2026-01-01T09:02:00Z"
    )
    assert found == ["m2", "m0"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"sent_at_after": "yesterday"}, "sent_at"),
        ({"sent_at_before": "2026-13-45T99:00:00"}, "sent_at"),
        ({"sender": "not-a-uuid"}, "sender"),
    ],
)
def test_malformed_values_are_400_naming_the_filter(
    client_for: ClientFor, alice: User, chat: Conversation, params: dict[str, str], field: str
) -> None:
    response = client_for(alice).get(messages_url(chat), params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+14:00",  # the year 0 in UTC
        "9999-12-31T23:59:59-14:00",  # the year 10000 in UTC
    ],
)
@pytest.mark.parametrize("param", ["sent_at_after", "sent_at_before"])
def test_a_date_time_outside_the_years_1_to_9999_in_utc_is_400(
    client_for: ClientFor, alice: User, chat: Conversation, param: str, value: str
) -> None:
    response = client_for(alice).get(messages_url(chat), {param: value})
    assert response.status_code == 400
    assert "between 0001-01-01 and 9999-12-31" in response.json()["sent_at"][0]


# The first and last day of the range, where an offset can cross it, and anywhere.
MOMENTS = st.one_of(
    st.datetimes(max_value=datetime(1, 1, 2)),
    st.datetimes(min_value=datetime(9999, 12, 31)),
    st.datetimes(),
)


@settings(
    max_examples=40,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(moment=MOMENTS, offset_minutes=st.integers(min_value=-1439, max_value=1439))
def test_any_date_time_at_any_offset_is_200_or_400_naming_the_filter(
    client_for: ClientFor, alice: User, chat: Conversation, moment: datetime, offset_minutes: int
) -> None:
    offset = timedelta(minutes=offset_minutes)
    value = moment.replace(tzinfo=timezone(offset)).isoformat()
    response = client_for(alice).get(messages_url(chat), {"sent_at_after": value})
    try:
        moment - offset  # the value in UTC
    except OverflowError:
        assert (response.status_code, list(response.json())) == (400, ["sent_at"]), value
    else:
        assert response.status_code == 200, (value, response.json())
