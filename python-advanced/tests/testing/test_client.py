"""Behaviour of testing/client.py: GithubOrgClient against a fake GitHub.

requests.get is replaced at the library level by a small router over canned payloads,
written here (not the unit's fixtures.py, which has its own task). No network.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests
from client import GithubOrgClient

pytestmark = pytest.mark.task("testing.client")

ORG_URL = "https://api.github.com/orgs/acme"
REPOS_URL = "https://api.github.com/orgs/acme/repos"
REPOS = [
    {"name": "anvil", "license": {"key": "apache-2.0", "spdx_id": "Apache-2.0"}},
    {"name": "rocket", "license": {"key": "mit"}},
    {"name": "magnet", "license": None},
    {"name": "tnt"},
    {"name": "spring", "license": {"key": "apache-2.0"}},
    {"name": "bird-seed", "license": {"name": "a licence payload without a key"}},
]


class FakeResponse:
    def __init__(self, payload: Any) -> None:
        self.payload = payload

    def json(self) -> Any:
        """The canned payload, as requests decodes a JSON body."""
        return self.payload


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fake GitHub for the organisation "acme"; returns the URLs requested, in order."""
    pages = {
        ORG_URL: {"login": "acme", "repos_url": REPOS_URL},
        REPOS_URL: REPOS,
    }
    asked: list[str] = []

    def get(url: str) -> FakeResponse:
        asked.append(url)
        return FakeResponse(pages.get(url, {"message": "Not Found"}))

    monkeypatch.setattr(requests, "get", get)
    return asked


def test_org_url_is_the_programs() -> None:
    assert GithubOrgClient.ORG_URL == "https://api.github.com/orgs/{org}"


def test_a_new_client_fetches_nothing(github: list[str]) -> None:
    GithubOrgClient("acme")
    assert github == []


def test_org_is_fetched_once_per_client(github: list[str]) -> None:
    client = GithubOrgClient("acme")
    assert client.org == {"login": "acme", "repos_url": REPOS_URL}
    assert client.org is client.org
    assert github == [ORG_URL]
    assert GithubOrgClient("acme").org == client.org
    assert github == [ORG_URL, ORG_URL]


def test_public_repos_url_comes_from_the_org(github: list[str]) -> None:
    assert GithubOrgClient("acme")._public_repos_url == REPOS_URL
    assert github == [ORG_URL]


def test_public_repos_lists_every_name_in_order(github: list[str]) -> None:
    assert GithubOrgClient("acme").public_repos() == [
        "anvil",
        "rocket",
        "magnet",
        "tnt",
        "spring",
        "bird-seed",
    ]


@pytest.mark.parametrize(
    ("license_key", "expected"),
    [("apache-2.0", ["anvil", "spring"]), ("mit", ["rocket"]), ("gpl-3.0", [])],
)
def test_public_repos_filters_by_licence(
    github: list[str], license_key: str, expected: list[str]
) -> None:
    assert GithubOrgClient("acme").public_repos(license=license_key) == expected
    assert GithubOrgClient("acme").public_repos(license_key) == expected


def test_repos_are_fetched_once_per_client(github: list[str]) -> None:
    client = GithubOrgClient("acme")
    client.public_repos()
    client.public_repos("mit")
    assert client.repos_payload is client.repos_payload
    assert github == [ORG_URL, REPOS_URL]


@pytest.mark.parametrize(
    ("repo", "expected"),
    [
        ({"license": {"key": "my_license"}}, True),
        ({"license": {"key": "other_license"}}, False),
        ({"license": {"key": "MY_LICENSE"}}, False),
        ({"license": None}, False),
        ({"license": "my_license"}, False),
        ({"license": {"name": "no key"}}, False),
        ({}, False),
    ],
)
def test_has_license(repo: dict[str, Any], expected: bool) -> None:
    assert GithubOrgClient.has_license(repo, "my_license") is expected


def test_has_license_refuses_none_as_the_key() -> None:
    # The program's client asserts; raising ValueError says the same.
    with pytest.raises((AssertionError, ValueError)):
        GithubOrgClient.has_license({"license": None}, None)  # type: ignore[arg-type]


def test_an_unknown_org_fails_naming_the_missing_field(github: list[str]) -> None:
    """GitHub answers 404 with {"message": "Not Found"}: no repos_url to follow."""
    client = GithubOrgClient("nobody")
    with pytest.raises(KeyError, match="repos_url"):
        client.public_repos()
    assert github == ["https://api.github.com/orgs/nobody"]
