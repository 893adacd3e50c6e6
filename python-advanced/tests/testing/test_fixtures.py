"""Shape of testing/fixtures.py: what the integration tests rely on.

TEST_PAYLOAD feeds `parameterized_class` with (org_payload, repos_payload,
expected_repos, apache2_repos); the expected lists must agree with the repositories,
worked out here from the raw data, independently of the client.
"""

from __future__ import annotations

from typing import Any

import fixtures
import pytest

pytestmark = pytest.mark.task("testing.fixtures")

Case = tuple[dict[str, Any], list[dict[str, Any]], list[str], list[str]]


@pytest.fixture
def cases() -> list[Case]:
    """TEST_PAYLOAD, read when a test runs (an emptied fixtures.py fails tests, not collection)."""
    payload = fixtures.TEST_PAYLOAD
    assert isinstance(payload, list)
    assert payload, "TEST_PAYLOAD holds no case"
    return payload


def licence_key(repo: dict[str, Any]) -> str | None:
    licence = repo.get("license")
    return licence.get("key") if isinstance(licence, dict) else None


def test_every_case_is_a_four_tuple(cases: list[Case]) -> None:
    assert all(isinstance(case, tuple) and len(case) == 4 for case in cases)


def test_org_payload_points_at_its_repositories(cases: list[Case]) -> None:
    for org_payload, _repos, _expected, _apache2 in cases:
        assert isinstance(org_payload, dict)
        assert org_payload["repos_url"].startswith("https://api.github.com/")
        assert org_payload["repos_url"].endswith("/repos")


def test_repos_payload_holds_several_named_repositories(cases: list[Case]) -> None:
    for _org, repos, _expected, _apache2 in cases:
        assert isinstance(repos, list)
        assert len(repos) >= 5
        names = [repo["name"] for repo in repos]
        assert all(isinstance(name, str) and name for name in names)
        assert len(set(names)) == len(names), "repository names repeat"
        for repo in repos:
            licence = repo.get("license")
            assert licence is None or isinstance(licence.get("key"), str), repo["name"]


def test_expected_repos_are_every_name_in_order(cases: list[Case]) -> None:
    for _org, repos, expected_repos, _apache2 in cases:
        assert expected_repos == [repo["name"] for repo in repos]


def test_apache2_repos_are_exactly_the_apache_licensed_ones(cases: list[Case]) -> None:
    for _org, repos, _expected, apache2_repos in cases:
        apache = [repo["name"] for repo in repos if licence_key(repo) == "apache-2.0"]
        assert apache2_repos == apache


def test_the_licence_filter_has_something_to_filter(cases: list[Case]) -> None:
    """Some repositories are Apache-2.0 and some are not, or a filter that keeps all passes."""
    for _org, _repos, expected_repos, apache2_repos in cases:
        assert apache2_repos
        assert len(apache2_repos) < len(expected_repos)
