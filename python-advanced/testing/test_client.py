#!/usr/bin/env python3
"""Unit and integration tests for client.py, unittest style: `python -m unittest test_client`.

They are the exercise: graded by mutation, each of client.py's hand-written mutants
(tests/testing/test_mutants.py) must make one of these tests fail. Nothing here reaches
the network: unit tests patch `client.get_json`, the integration tests `requests.get`.
"""
# The program teaches unittest assertions, not pytest's bare assert.
# ruff: noqa: PT009

import unittest
from typing import Any
from unittest.mock import Mock, PropertyMock, patch

from client import GithubOrgClient
from fixtures import TEST_PAYLOAD
from parameterized import parameterized, parameterized_class

# Written out rather than read from GithubOrgClient.ORG_URL, so a wrong URL there fails.
GITHUB_ORGS = "https://api.github.com/orgs/"
ORG = "google"  # the organisation of fixtures.py, whose org payload is only its repos_url

REPOS = [
    {"name": "alpha", "license": {"key": "mit"}},
    {"name": "beta", "license": {"key": "apache-2.0"}},
    {"name": "gamma", "license": None},
    {"name": "delta"},
]


class TestGithubOrgClient(unittest.TestCase):
    """GithubOrgClient with get_json and its own properties replaced by mocks."""

    @parameterized.expand([("google",), ("abc",)])
    @patch("client.get_json")
    def test_org(self, org_name: str, mock_get_json: Mock) -> None:
        """org fetches the organisation's URL once, however often it is read."""
        mock_get_json.return_value = {"login": org_name}
        client = GithubOrgClient(org_name)
        self.assertEqual(client.org, {"login": org_name})
        self.assertEqual(client.org, {"login": org_name})
        mock_get_json.assert_called_once_with(GITHUB_ORGS + org_name)

    def test_public_repos_url(self) -> None:
        """_public_repos_url is the org payload's repos_url (org patched with PropertyMock)."""
        url = GITHUB_ORGS + "google/repos"
        with patch.object(
            GithubOrgClient, "org", new_callable=PropertyMock, return_value={"repos_url": url}
        ) as mock_org:
            self.assertEqual(GithubOrgClient("google")._public_repos_url, url)
        mock_org.assert_called_once_with()

    @parameterized.expand(
        [
            (None, ["alpha", "beta", "gamma", "delta"]),
            ("mit", ["alpha"]),
            ("apache-2.0", ["beta"]),
            ("gpl-3.0", []),
        ]
    )
    @patch("client.get_json", return_value=REPOS)
    def test_public_repos(
        self, license_key: str | None, expected: list[str], mock_get_json: Mock
    ) -> None:
        """public_repos lists names in order, filtered by licence when one is given."""
        url = GITHUB_ORGS + "google/repos"
        with patch.object(
            GithubOrgClient, "_public_repos_url", new_callable=PropertyMock, return_value=url
        ) as mock_url:
            client = GithubOrgClient("google")
            if license_key is None:
                self.assertEqual(client.public_repos(), expected)
            else:
                self.assertEqual(client.public_repos(license=license_key), expected)
            mock_url.assert_called_once_with()
        mock_get_json.assert_called_once_with(url)

    @parameterized.expand(
        [
            ({"license": {"key": "my_license"}}, "my_license", True),
            ({"license": {"key": "other_license"}}, "my_license", False),
            ({"license": None}, "my_license", False),
            ({"name": "unlicensed"}, "my_license", False),
        ]
    )
    def test_has_license(self, repo: dict[str, Any], license_key: str, expected: bool) -> None:
        """A repository has a licence only when its license.key matches."""
        self.assertIs(GithubOrgClient.has_license(repo, license_key), expected)


@parameterized_class(
    ("org_payload", "repos_payload", "expected_repos", "apache2_repos"),
    TEST_PAYLOAD,
)
class TestIntegrationGithubOrgClient(unittest.TestCase):
    """The whole client on canned payloads: only requests.get is replaced."""

    org_payload: dict[str, Any]
    repos_payload: list[dict[str, Any]]
    expected_repos: list[str]
    apache2_repos: list[str]

    @classmethod
    def setUpClass(cls) -> None:
        """Answer the org URL and its repos_url with the fixtures; any other URL fails."""
        routes = {
            GITHUB_ORGS + ORG: cls.org_payload,
            cls.org_payload["repos_url"]: cls.repos_payload,
        }

        def fake_get(url: str) -> Mock:
            return Mock(**{"json.return_value": routes[url]})  # KeyError names a wrong URL

        cls.get_patcher = patch("requests.get", side_effect=fake_get)
        cls.mock_get = cls.get_patcher.start()

    @classmethod
    def tearDownClass(cls) -> None:
        """Put the real requests.get back."""
        cls.get_patcher.stop()

    def test_public_repos(self) -> None:
        """Every repository, in the API's order."""
        client = GithubOrgClient(ORG)
        self.assertEqual(client.public_repos(), self.expected_repos)

    def test_public_repos_with_license(self) -> None:
        """Only the Apache-2.0 repositories."""
        client = GithubOrgClient(ORG)
        self.assertEqual(client.public_repos(license="apache-2.0"), self.apache2_repos)


if __name__ == "__main__":
    unittest.main()
