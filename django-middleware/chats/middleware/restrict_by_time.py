"""RestrictAccessByTimeMiddleware: 403 outside settings.ACCESS_HOURS.

The clock is read through django.utils.timezone.now() on every request, never kept, so
that tests can freeze and move it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings  # type: ignore[import-untyped]
from django.core.exceptions import ImproperlyConfigured  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse  # type: ignore[import-untyped]
from django.utils import timezone  # type: ignore[import-untyped]

from chats.middleware.common import GetResponse, json_error

HOUR_MINUTE = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])")


@dataclass(frozen=True)
class AccessWindow:
    """From `start` (inclusive) to `end` (exclusive), local time in `zone`. A start after
    the end crosses midnight ("22:00" to "06:00" is the night); equal ones, all day."""

    start: dt.time
    end: dt.time
    zone: ZoneInfo

    def allows(self, moment: dt.datetime) -> bool:
        local = moment.astimezone(self.zone).time()
        if self.start < self.end:
            return self.start <= local < self.end
        return local >= self.start or local < self.end

    def describe(self) -> str:
        return f"{self.start:%H:%M} to {self.end:%H:%M} ({self.zone.key})"


@lru_cache(maxsize=16)
def access_window(hours: tuple[object, ...], zone: str) -> AccessWindow:
    """ACCESS_HOURS and ACCESS_TIME_ZONE parsed, or ImproperlyConfigured naming the fault."""
    if len(hours) != 2:
        raise ImproperlyConfigured(f"ACCESS_HOURS must be (start, end), got {hours!r}")
    start, end = (hour_minute(value) for value in hours)
    try:
        return AccessWindow(start, end, ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"ACCESS_TIME_ZONE: unknown time zone {zone!r}") from error


def hour_minute(value: object) -> dt.time:
    match = HOUR_MINUTE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ImproperlyConfigured(f"ACCESS_HOURS: expected HH:MM (00:00-23:59), got {value!r}")
    return dt.time(int(match[1]), int(match[2]))


def current_access_window() -> AccessWindow:
    return access_window(tuple(settings.ACCESS_HOURS), settings.ACCESS_TIME_ZONE)


class RestrictAccessByTimeMiddleware:
    """403 outside the hours of settings.ACCESS_HOURS, in settings.ACCESS_TIME_ZONE."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response
        current_access_window()  # a malformed setting fails at startup

    def __call__(self, request: HttpRequest) -> HttpResponse:
        window = current_access_window()
        if not window.allows(timezone.now()):
            return json_error(403, f"the chat is open from {window.describe()}")
        return self.get_response(request)
