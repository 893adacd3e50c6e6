"""A minimal GitHub organisation client: the code under test in this unit.

Program-style module: imported as top-level `client`. It calls `get_json` through this
module's own name, so tests patch `client.get_json` (or `requests.get` underneath it).
"""

from __future__ import annotations

from typing import Any

from utils import access_nested_map, get_json, memoize


class GithubOrgClient:
    """Reads an organisation and its public repositories from the GitHub API."""

    ORG_URL = "https://api.github.com/orgs/{org}"

    def __init__(self, org_name: str) -> None:
        """Remember the organisation's login; nothing is fetched yet."""
        self._org_name = org_name

    @memoize
    def org(self) -> dict[str, Any]:
        """The organisation's payload, fetched once per client."""
        return get_json(self.ORG_URL.format(org=self._org_name))

    @property
    def _public_repos_url(self) -> str:
        """Where the organisation lists its repositories (KeyError if the payload lacks it)."""
        return self.org["repos_url"]

    @memoize
    def repos_payload(self) -> list[dict[str, Any]]:
        """The organisation's repositories, fetched once per client."""
        return get_json(self._public_repos_url)

    def public_repos(self, license: str | None = None) -> list[str]:
        """Names of the repositories, in the API's order; only those under `license` if given."""
        return [
            repo["name"]
            for repo in self.repos_payload
            if license is None or self.has_license(repo, license)
        ]

    @staticmethod
    def has_license(repo: dict[str, Any], license_key: str) -> bool:
        """Whether `repo` is published under `license_key`.

        A repository without a licence (no `license` field, or GitHub's `"license": null`)
        has none: access_nested_map raises KeyError for both, and that means False.
        """
        if license_key is None:
            raise ValueError("license_key must be a licence key such as 'mit', not None")
        try:
            return access_nested_map(repo, ("license", "key")) == license_key
        except KeyError:
            return False
