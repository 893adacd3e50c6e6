"""Beyond the program: no request a client can send yields a 5xx. Hypothesis sends every
route every method, with query strings, path ids and bodies drawn from hostile values
(derandomized, bounded); an API error is JSON naming the parameter or field, and a
refused write changes no row."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth.models import User
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from properties.models import Property
from properties.serializers import PropertySerializer
from rest_framework.test import APIClient

pytestmark = pytest.mark.task("api.properties")

# Every route, "{id}" standing for a path id. The admin's are HTML; the rest answer JSON.
ROUTES = [
    ("GET", "/properties/"),
    ("POST", "/properties/"),
    ("GET", "/properties/metrics/"),
    ("GET", "/api/health/"),
    ("GET", "/api/"),
    ("GET", "/api/properties/"),
    ("POST", "/api/properties/"),
    ("OPTIONS", "/api/properties/"),
    ("GET", "/api/properties.json"),
    ("GET", "/api/properties/{id}/"),
    ("PUT", "/api/properties/{id}/"),
    ("PATCH", "/api/properties/{id}/"),
    ("DELETE", "/api/properties/{id}/"),
    ("GET", "/admin/properties/property/"),
    ("GET", "/admin/properties/property/{id}/change/"),
    ("POST", "/admin/login/"),
]
PARAMETERS = ("page", "location", "min_price", "max_price", "format", "q", "o", "p")
FIELDS = tuple(PropertySerializer.Meta.fields)
HOSTILE = st.sampled_from(
    [
        *("", "0", "-1", "last", "1e999", "-1e999", "NaN", "inf", "1.005", "9" * 40),
        *("\x00", "\ud800", "\u202e", "' OR 1=1 --", "%", "../..", "json", "api", "x" * 300),
    ]
)
TEXT = st.one_of(HOSTILE, st.text(max_size=20), st.integers().map(str))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=8,
)
FIELD_BODIES = st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=len(FIELDS))
BODIES = st.one_of(
    st.none(),
    FIELD_BODIES.map(lambda body: (json.dumps(body).encode(), "application/json")),
    JSON_VALUES.map(lambda body: (json.dumps(body).encode(), "application/json")),
    st.tuples(
        st.binary(max_size=64),
        st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain"]),
    ),
)
PATH_IDS = st.one_of(st.just("existing"), TEXT.filter(bool), st.integers().map(str))


def rows() -> list[tuple[Any, ...]]:
    return list(Property.objects.order_by("pk").values_list())


def is_json(response: Any) -> bool:
    try:
        json.loads(response.content)
    except ValueError:
        return False
    return str(response["Content-Type"]).startswith("application/json")


@pytest.fixture
def clients(db: None) -> dict[str, APIClient]:
    staff = APIClient()
    staff.force_login(User.objects.create_user("staff", is_staff=True))
    return {"anonymous": APIClient(), "staff": staff}


@settings(
    max_examples=300,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    route=st.sampled_from(ROUTES),
    who=st.sampled_from(["anonymous", "staff"]),
    query=st.dictionaries(st.sampled_from(PARAMETERS) | TEXT, TEXT, max_size=3),
    path_id=PATH_IDS,
    body=BODIES,
)
def test_no_request_yields_a_server_error(
    clients: dict[str, APIClient],
    route: tuple[str, str],
    who: str,
    query: dict[str, str],
    path_id: str,
    body: tuple[bytes, str] | None,
) -> None:
    if not Property.objects.exists():
        Property.objects.create(title="t", description="d", price=1, location="Lisbon")
    if path_id == "existing":
        path_id = str(Property.objects.values_list("pk", flat=True).first())
    method, template = route
    path = template.replace("{id}", quote(path_id, safe="", errors="surrogatepass"))
    if query:
        path += "?" + urlencode(query, encoding="utf-8", errors="surrogatepass")
    data, content_type = body or (b"", "application/octet-stream")
    before = rows()

    response = clients[who].generic(method, path, data, content_type=content_type)

    assert response.status_code < 500, (method, path, data[:200], response.content[:300])
    if response.status_code >= 400 and not path.startswith("/admin/"):
        assert is_json(response), (method, path, response.content[:300])
    if response.status_code >= 400 and method != "GET":
        assert rows() == before  # nothing partly written
    if response.status_code == 400 and method == "GET" and not data and "/api/" in path:
        # A bad parameter is named: the error's keys are parameters that were sent.
        assert set(json.loads(response.content)) <= set(query), (path, response.content)
