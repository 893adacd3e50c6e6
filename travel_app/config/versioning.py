"""API versions: /api/v1/... is the API's versioned address, and /api/... stays an alias
of the newest version, so clients written before versioning keep working (an alias, not
a redirect: a client that POSTs does not follow a redirect with its body).

Each version is a URL namespace (config/urls.py includes the same API once per version
and once bare), so DRF's NamespaceVersioning reads `request.version` from the route:
"v1" under /api/v1/, the default version, "v1" too, under the alias. A link the API
builds keeps the form the client used: pagination links are built from the request's
own URL, and reverse() (the API's root, the docs' schema URL) goes through `reverse`
below. The OpenAPI schema lists each operation once: `only_one_copy` drops the copy a
version adds to a schema that holds both.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from rest_framework.request import Request
from rest_framework.versioning import BaseVersioning, NamespaceVersioning

VERSIONS = ("v1",)
CURRENT = VERSIONS[-1]
# A version's segment in an OpenAPI path, e.g. the "v1/" of /api/v1/listings/.
VERSION_SEGMENT = re.compile(r"^/api/v\d+/")

Endpoint = tuple[str, str, str, Any]  # path, path regex, method, view: as drf-spectacular


class APIVersioning(NamespaceVersioning):
    """NamespaceVersioning whose unversioned alias reverses to unversioned URLs."""

    default_version = CURRENT
    allowed_versions = VERSIONS

    def reverse(
        self,
        viewname: str,
        args: Any = None,
        kwargs: Any = None,
        request: Request | None = None,
        format: str | None = None,
        **extra: Any,
    ) -> str:
        """A versioned URL for a versioned request; a bare one for the alias, whose
        request.version is the default without a namespace to prefix."""
        match = getattr(request, "resolver_match", None)
        if match is None or not match.namespace:
            return BaseVersioning.reverse(self, viewname, args, kwargs, request, format, **extra)
        return super().reverse(viewname, args, kwargs, request, format, **extra)


def only_one_copy(endpoints: list[Endpoint]) -> list[Endpoint]:
    """drf-spectacular's preprocessing hook: where a schema enumerates the alias and a
    version (`manage.py spectacular`, /api/schema/: the site's whole URL configuration),
    the alias's paths stay, as before versioning; /api/v1/schema/ enumerates v1 alone."""
    bare = {(path, method) for path, _, method, _ in endpoints if unversioned(path) == path}
    return [
        (path, regex, method, view)
        for path, regex, method, view in endpoints
        if unversioned(path) == path or (unversioned(path), method) not in bare
    ]


def unversioned(path: str) -> str:
    """/api/v1/listings/ -> /api/listings/: the alias's path of a version's."""
    return VERSION_SEGMENT.sub("/api/", path)


def unknown_version(request: HttpRequest, name: str) -> JsonResponse:
    """/api/<name>/... for a version this API does not have: a JSON 404 that says which
    versions there are. (A path that v1 lacks is the site's 404, as under the alias.)"""
    if name in VERSIONS:
        raise Http404(request.path)
    known = ", ".join(f"/api/{version}/" for version in VERSIONS)
    return JsonResponse({"detail": f"No API version {name!r}: use {known}."}, status=404)
