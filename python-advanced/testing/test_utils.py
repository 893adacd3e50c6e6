#!/usr/bin/env python3
"""Unit tests for utils.py, unittest style: run with `python -m unittest test_utils`.

They are the exercise: graded by mutation, each of utils.py's hand-written mutants
(tests/testing/test_mutants.py) must make one of these tests fail.
"""
# The program teaches unittest assertions, not pytest's bare assert.
# ruff: noqa: PT009, PT027

import unittest
from collections.abc import Mapping, Sequence
from typing import Any
from unittest.mock import Mock, patch

from parameterized import parameterized
from utils import access_nested_map, get_json, memoize


class TestAccessNestedMap(unittest.TestCase):
    """access_nested_map follows a path of keys and names the first one missing."""

    @parameterized.expand(
        [
            ({"a": 1}, ("a",), 1),
            ({"a": {"b": 2}}, ("a",), {"b": 2}),
            ({"a": {"b": 2}}, ("a", "b"), 2),
            ({"a": {"b": {"c": 3}}}, ["a", "b", "c"], 3),
            ({"a": 1}, (), {"a": 1}),
        ]
    )
    def test_access_nested_map(
        self, nested_map: Mapping[str, Any], path: Sequence[str], expected: Any
    ) -> None:
        """Each key of the path is one level deeper; an empty path is the map itself."""
        self.assertEqual(access_nested_map(nested_map, path), expected)

    @parameterized.expand(
        [
            ({}, ("a",), "a"),
            ({"a": 1}, ("a", "b"), "b"),
            ({"a": {"b": 2}}, ("a", "c"), "c"),
            ({"a": [1, 2]}, ("a", 0), 0),
        ]
    )
    def test_access_nested_map_exception(
        self, nested_map: Mapping[str, Any], path: Sequence[Any], missing: Any
    ) -> None:
        """A missing key, or a value on the way that is no mapping, is a KeyError naming it."""
        with self.assertRaises(KeyError) as caught:
            access_nested_map(nested_map, path)
        self.assertEqual(caught.exception.args, (missing,))


class TestGetJson(unittest.TestCase):
    """get_json fetches one URL once and returns the decoded body."""

    @parameterized.expand(
        [
            ("http://example.com", {"payload": True}),
            ("http://holberton.io", {"payload": False}),
        ]
    )
    def test_get_json(self, test_url: str, test_payload: dict[str, bool]) -> None:
        """requests.get is patched (as a context manager): no network, ever."""
        response = Mock(**{"json.return_value": test_payload})
        with patch("requests.get", return_value=response) as mock_get:
            self.assertEqual(get_json(test_url), test_payload)
        mock_get.assert_called_once_with(test_url)
        response.json.assert_called_once_with()

    @patch("requests.get")
    def test_get_json_error_body(self, mock_get: Mock) -> None:
        """An HTTP error's JSON body comes back as is (no raise_for_status, as in the program)."""
        mock_get.return_value.json.return_value = {"message": "Not Found"}
        self.assertEqual(get_json("https://api.github.com/orgs/nobody"), {"message": "Not Found"})
        mock_get.assert_called_once_with("https://api.github.com/orgs/nobody")


class TestMemoize(unittest.TestCase):
    """memoize turns a method into a property computed once per instance."""

    def test_memoize(self) -> None:
        """Two reads of the property call the method once and return its value twice."""

        class TestClass:
            def a_method(self) -> int:
                return 42

            @memoize
            def a_property(self) -> int:
                return self.a_method()

        with patch.object(TestClass, "a_method", return_value=42) as mock_method:
            instance = TestClass()
            self.assertEqual(instance.a_property, 42)
            self.assertEqual(instance.a_property, 42)
            mock_method.assert_called_once()

    def test_memoize_per_instance(self) -> None:
        """Each instance keeps its own value: the cache is not shared through the class."""

        class Counter:
            def __init__(self, start: int) -> None:
                self.start = start

            @memoize
            def value(self) -> int:
                return self.start

        first, second = Counter(1), Counter(2)
        self.assertEqual((first.value, second.value), (1, 2))


if __name__ == "__main__":
    unittest.main()
