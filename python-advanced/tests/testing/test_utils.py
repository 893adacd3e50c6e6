"""Behaviour of testing/utils.py: nested lookups, get_json, memoize.

requests.get is replaced at the library level (the `requests` module's attribute), so
these tests also grade another utils.py that calls `requests.get`. No network.
"""

from __future__ import annotations

from collections import OrderedDict
from types import MappingProxyType
from typing import Any

import pytest
import requests
from utils import access_nested_map, get_json, memoize

pytestmark = pytest.mark.task("testing.utils")


class FakeResponse:
    """Only what get_json may use: `.json()`, as the program's tests provide."""

    def __init__(self, payload: Any) -> None:
        self.payload = payload

    def json(self) -> Any:
        """The canned payload, as requests decodes a JSON body."""
        return self.payload


def response_with_body(status: int, body: bytes) -> requests.Response:
    """A real requests.Response, built locally instead of received."""
    response = requests.Response()
    response.status_code = status
    response._content = body
    response.headers["Content-Type"] = "application/json"
    return response


@pytest.fixture
def fake_get(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """requests.get answers every URL with {"url": url}; returns the URLs asked for."""
    asked: list[str] = []

    def get(url: str) -> FakeResponse:
        asked.append(url)
        return FakeResponse({"url": url})

    monkeypatch.setattr(requests, "get", get)
    return asked


@pytest.mark.parametrize(
    ("nested_map", "path", "expected"),
    [
        ({"a": 1}, ("a",), 1),
        ({"a": {"b": 2}}, ("a",), {"b": 2}),
        ({"a": {"b": 2}}, ("a", "b"), 2),
        ({"a": {"b": {"c": None}}}, ["a", "b", "c"], None),
        ({1: {(2, 3): "tuple key"}}, (1, (2, 3)), "tuple key"),
        ({"a": OrderedDict(b=MappingProxyType({"c": 3}))}, ("a", "b", "c"), 3),
        ({"a": 1}, (), {"a": 1}),
    ],
)
def test_access_nested_map_follows_the_path(
    nested_map: dict[Any, Any], path: tuple[Any, ...], expected: Any
) -> None:
    assert access_nested_map(nested_map, path) == expected


@pytest.mark.parametrize(
    ("nested_map", "path", "missing"),
    [
        ({}, ("a",), "a"),
        ({"a": {"b": 2}}, ("a", "c"), "c"),
        ({"a": {"b": {"c": 3}}}, ("a", "x", "c"), "x"),
    ],
)
def test_access_nested_map_names_the_missing_key(
    nested_map: dict[str, Any], path: tuple[str, ...], missing: str
) -> None:
    with pytest.raises(KeyError) as caught:
        access_nested_map(nested_map, path)
    assert caught.value.args == (missing,)


@pytest.mark.parametrize("leaf", [1, "text", [1, 2], None, 2.5])
def test_access_nested_map_raises_keyerror_through_a_non_mapping(leaf: Any) -> None:
    """`1["b"]` would be a TypeError and `"text"[0]` a character: both are KeyError('b')."""
    with pytest.raises(KeyError) as caught:
        access_nested_map({"a": leaf}, ("a", "b"))
    assert caught.value.args == ("b",)


def test_access_nested_map_does_not_index_into_a_list() -> None:
    with pytest.raises(KeyError) as caught:
        access_nested_map({"a": ["first"]}, ("a", 0))
    assert caught.value.args == (0,)


def test_get_json_fetches_the_url_once_and_decodes_it(fake_get: list[str]) -> None:
    assert get_json("https://api.github.com/orgs/example") == {
        "url": "https://api.github.com/orgs/example"
    }
    assert fake_get == ["https://api.github.com/orgs/example"]


def test_get_json_returns_an_http_error_body_as_is(monkeypatch: pytest.MonkeyPatch) -> None:
    """The documented choice: no raise_for_status(), as in the program."""
    not_found = response_with_body(404, b'{"message": "Not Found"}')
    monkeypatch.setattr(requests, "get", lambda url: not_found)
    assert get_json("https://api.github.com/orgs/nobody") == {"message": "Not Found"}


def test_get_json_rejects_a_body_that_is_not_json(monkeypatch: pytest.MonkeyPatch) -> None:
    page = response_with_body(502, b"<html>Bad gateway</html>")
    monkeypatch.setattr(requests, "get", lambda url: page)
    with pytest.raises(ValueError, match="Expecting value"):
        get_json("https://api.github.com/orgs/example")


def test_get_json_lets_a_connection_error_through(monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(url: str) -> None:
        raise requests.ConnectionError(f"cannot reach host='api.github.com' for {url}")

    monkeypatch.setattr(requests, "get", unreachable)
    with pytest.raises(requests.ConnectionError, match=r"api\.github\.com"):
        get_json("https://api.github.com/orgs/example")


@pytest.fixture
def counter_class() -> type[Any]:
    """A class whose memoized `value` counts how often it really runs.

    Made inside a fixture: with utils.py reduced to a starter, memoize fails when the
    class is made, and that must fail these tests, not the collection of this file.
    """

    class Counter:
        def __init__(self, start: int) -> None:
            self.start = start
            self.calls = 0

        @memoize
        def value(self) -> int:
            """The start value, computed once."""
            self.calls += 1
            return self.start

    return Counter


def test_memoize_computes_once_per_instance(counter_class: type[Any]) -> None:
    counter = counter_class(7)
    assert (counter.value, counter.value, counter.value) == (7, 7, 7)
    assert counter.calls == 1


def test_memoize_keeps_each_instance_apart(counter_class: type[Any]) -> None:
    first, second = counter_class(1), counter_class(2)
    assert (first.value, second.value, first.value) == (1, 2, 1)
    assert (first.calls, second.calls) == (1, 1)


def test_memoize_makes_a_read_only_property_that_keeps_name_and_doc(
    counter_class: type[Any],
) -> None:
    assert isinstance(counter_class.__dict__["value"], property)
    assert counter_class.value.fget.__name__ == "value"
    assert counter_class.value.__doc__ == "The start value, computed once."
    with pytest.raises(AttributeError):
        counter_class(1).value = 5


def test_memoize_does_not_cache_a_failure() -> None:
    class Flaky:
        attempts = 0

        @memoize
        def answer(self) -> int:
            self.attempts += 1
            if self.attempts == 1:
                raise ConnectionError("first try fails")
            return 42

    flaky = Flaky()
    with pytest.raises(ConnectionError):
        _ = flaky.answer
    assert flaky.answer == 42
    assert flaky.answer == 42
    assert flaky.attempts == 2
