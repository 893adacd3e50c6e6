"""Beyond the program: how the cached pages are served. Browsers are told to ask again,
a warm page costs one small Redis read (the process keeps its own copy), the API's HTML
and JSON pages are kept apart, and no client is served a page rendered for another: not
a signed-in user's, not one holding a CSRF token, not one whose links name another host."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from properties import pages
from tests.conftest import MakeProperty, RedisServer

pytestmark = pytest.mark.task("extras.pages")


def test_the_server_keeps_pages_fifteen_minutes_and_browsers_ask_again(
    client: Client, redis_server: RedisServer, db: None
) -> None:
    response = client.get("/properties/")
    # Browsers and proxies cannot hear of a write: they must come back every time.
    assert response["Cache-Control"] == "no-cache"
    assert "Expires" not in response
    [page] = redis_server.client.keys("*views.decorators.cache.cache_page.property_list.*")
    assert 890 <= redis_server.client.ttl(page) <= 900


def gets(server: RedisServer) -> int:
    return int(server.client.info("commandstats").get("cmdstat_get", {}).get("calls", 0))


def test_a_warm_page_costs_one_small_redis_read(
    client: Client, redis_server: RedisServer, make_property: MakeProperty
) -> None:
    """The process keeps its own copy of the page; it only asks Redis for the generation."""
    make_property()
    client.get("/properties/")
    before = gets(redis_server)
    for _ in range(5):
        client.get("/properties/")
    assert gets(redis_server) - before == 5


def test_the_api_keeps_html_and_json_apart(client: Client, make_property: MakeProperty) -> None:
    make_property()
    html = client.get("/api/properties/", HTTP_ACCEPT="text/html")
    json_ = client.get("/api/properties/", HTTP_ACCEPT="application/json")
    assert html["Content-Type"].startswith("text/html")
    assert json_["Content-Type"] == "application/json"


STAFF_NAME = "staff-only-ada"
CSRF_TOKEN = re.compile(rb'"csrfToken": "([^"]+)"')


@pytest.fixture(params=["this process's copy", "the page cache (another process)"])
def layer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """What the second client is served from: this process's copy of the first page, or
    the shared page cache alone (as another process would, with an empty copy)."""

    def another_process() -> None:
        monkeypatch.setattr(pages, "local_pages", pages.LocalPages())

    return another_process if "another" in request.param else lambda: None


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_a_page_rendered_for_staff_never_reaches_an_anonymous_client(
    make_property: MakeProperty, layer: Callable[[], None], accept: str
) -> None:
    make_property()
    staff = Client()
    staff.force_login(User.objects.create_user(STAFF_NAME, is_staff=True))
    theirs = staff.get("/api/properties/", HTTP_ACCEPT=accept)
    assert theirs.status_code == 200
    layer()
    mine = Client().get("/api/properties/", HTTP_ACCEPT=accept)
    assert mine.status_code == 200
    assert STAFF_NAME.encode() not in mine.content
    if accept == "text/html":
        assert STAFF_NAME.encode() in theirs.content  # the staff page names them
        [token] = CSRF_TOKEN.findall(theirs.content)
        assert token not in mine.content


def test_a_page_holding_a_csrf_token_is_never_shared(
    make_property: MakeProperty, layer: Callable[[], None]
) -> None:
    """The browsable API's HTML carries the client's CSRF token: each client renders its own."""
    make_property()
    first = Client().get("/api/properties/", HTTP_ACCEPT="text/html")
    layer()
    second = Client().get("/api/properties/", HTTP_ACCEPT="text/html")
    [token] = CSRF_TOKEN.findall(first.content)
    assert token not in second.content
    assert "private" in second["Cache-Control"]


@pytest.mark.parametrize(
    ("host", "secure"), [("localhost", False), ("127.0.0.1", False), ("localhost", True)]
)
def test_each_host_and_scheme_gets_links_of_its_own(
    make_property: MakeProperty, layer: Callable[[], None], host: str, secure: bool
) -> None:
    for number in range(21):
        make_property(title=f"p{number}")
    first = Client().get("/api/properties/", HTTP_HOST="[::1]").json()
    assert first["next"] == "http://[::1]/api/properties/?page=2"
    layer()
    page = Client().get("/api/properties/", HTTP_HOST=host, secure=secure).json()
    scheme = "https" if secure else "http"
    assert page["next"] == f"{scheme}://{host}/api/properties/?page=2"


def test_the_api_pages_are_kept_in_the_page_cache_too(
    make_property: MakeProperty, layer: Callable[[], None], django_assert_num_queries: Any
) -> None:
    make_property()
    first = Client().get("/api/properties/", HTTP_ACCEPT="application/json")
    layer()
    with django_assert_num_queries(0):
        second = Client().get("/api/properties/", HTTP_ACCEPT="application/json")
    assert second.content == first.content
    assert second["Cache-Control"] == "no-cache"
