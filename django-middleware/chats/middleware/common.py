"""What the middlewares share: the shape of a refusal and the settings that list paths."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, JsonResponse  # type: ignore[import-untyped]

GetResponse = Callable[[HttpRequest], HttpResponse]


def json_error(status: int, message: str, headers: dict[str, str] | None = None) -> HttpResponse:
    """The one shape of every refusal: {"error": "..."} with its status."""
    return JsonResponse({"error": message}, status=status, headers=headers)


def as_tuple(value: str | Iterable[str]) -> tuple[str, ...]:
    """A setting that lists strings; a lone string is one item, never its characters."""
    return (value,) if isinstance(value, str) else tuple(value)


def path_in(request: HttpRequest, prefixes: str | Iterable[str]) -> bool:
    """Whether the request's path starts with one of the prefixes. path_info, not path:
    it is what URLs are resolved against, so a script prefix cannot hide a protected URL."""
    return bool(request.path_info.startswith(as_tuple(prefixes)))
