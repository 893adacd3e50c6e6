"""Canned GitHub API payloads for the integration tests, in the program's structure.

TEST_PAYLOAD is a list of (org_payload, repos_payload, expected_repos, apache2_repos)
tuples, the shape `parameterized_class` spreads over a test class. As in the program's
file, the organisation payload holds only its `repos_url`, and every repository carries
the same fields as GitHub's API returns them, `license` included (`None` when GitHub
knows of none). The organisation is "google" as in the program, so a test that routes
its fake `requests.get` by the program's URLs works with this data; the repositories
are made up, and cover the licence cases `has_license` must tell apart.
"""

from typing import Any

ORG = "google"
API = "https://api.github.com"
ORG_PAYLOAD = {"repos_url": f"{API}/orgs/{ORG}/repos"}

LICENSES = {
    "apache-2.0": ("Apache License 2.0", "Apache-2.0", "MDc6TGljZW5zZTI="),
    "mit": ("MIT License", "MIT", "MDc6TGljZW5zZTEz"),
    "bsd-3-clause": (
        'BSD 3-Clause "New" or "Revised" License',
        "BSD-3-Clause",
        "MDc6TGljZW5zZTU=",
    ),
    "gpl-3.0": ("GNU General Public License v3.0", "GPL-3.0", "MDc6TGljZW5zZTk="),
}

OWNER = {
    "login": ORG,
    "id": 1342004,
    "node_id": "MDEyOk9yZ2FuaXphdGlvbjEzNDIwMDQ=",
    "avatar_url": "https://avatars1.githubusercontent.com/u/1342004?v=4",
    "gravatar_id": "",
    "url": f"{API}/users/{ORG}",
    "html_url": f"https://github.com/{ORG}",
    "followers_url": f"{API}/users/{ORG}/followers",
    "following_url": f"{API}/users/{ORG}/following{{/other_user}}",
    "gists_url": f"{API}/users/{ORG}/gists{{/gist_id}}",
    "starred_url": f"{API}/users/{ORG}/starred{{/owner}}{{/repo}}",
    "subscriptions_url": f"{API}/users/{ORG}/subscriptions",
    "organizations_url": f"{API}/users/{ORG}/orgs",
    "repos_url": f"{API}/users/{ORG}/repos",
    "events_url": f"{API}/users/{ORG}/events{{/privacy}}",
    "received_events_url": f"{API}/users/{ORG}/received_events",
    "type": "Organization",
    "site_admin": False,
}


def license_payload(key: str | None) -> dict[str, str] | None:
    """GitHub's `license` object for a licence key, or None for no known licence."""
    if key is None:
        return None
    name, spdx_id, node_id = LICENSES[key]
    return {
        "key": key,
        "name": name,
        "spdx_id": spdx_id,
        "url": f"{API}/licenses/{key}",
        "node_id": node_id,
    }


def repo_payload(number: int, name: str, language: str, license_key: str | None) -> dict[str, Any]:
    """One repository as GitHub's organisation repos endpoint lists it."""
    url = f"{API}/repos/{ORG}/{name}"
    return {
        "id": 7000000 + number,
        "node_id": f"MDEwOlJlcG9zaXRvcnk3MDAwMDA{number}",
        "name": name,
        "full_name": f"{ORG}/{name}",
        "private": False,
        "owner": OWNER,
        "html_url": f"https://github.com/{ORG}/{name}",
        "description": f"The {name} project (synthetic data for offline tests).",
        "fork": number % 4 == 0,
        "url": url,
        "forks_url": f"{url}/forks",
        "keys_url": f"{url}/keys{{/key_id}}",
        "collaborators_url": f"{url}/collaborators{{/collaborator}}",
        "teams_url": f"{url}/teams",
        "hooks_url": f"{url}/hooks",
        "issue_events_url": f"{url}/issues/events{{/number}}",
        "events_url": f"{url}/events",
        "assignees_url": f"{url}/assignees{{/user}}",
        "branches_url": f"{url}/branches{{/branch}}",
        "tags_url": f"{url}/tags",
        "blobs_url": f"{url}/git/blobs{{/sha}}",
        "git_tags_url": f"{url}/git/tags{{/sha}}",
        "git_refs_url": f"{url}/git/refs{{/sha}}",
        "trees_url": f"{url}/git/trees{{/sha}}",
        "statuses_url": f"{url}/statuses/{{sha}}",
        "languages_url": f"{url}/languages",
        "stargazers_url": f"{url}/stargazers",
        "contributors_url": f"{url}/contributors",
        "subscribers_url": f"{url}/subscribers",
        "subscription_url": f"{url}/subscription",
        "commits_url": f"{url}/commits{{/sha}}",
        "git_commits_url": f"{url}/git/commits{{/sha}}",
        "comments_url": f"{url}/comments{{/number}}",
        "issue_comment_url": f"{url}/issues/comments{{/number}}",
        "contents_url": f"{url}/contents/{{+path}}",
        "compare_url": f"{url}/compare/{{base}}...{{head}}",
        "merges_url": f"{url}/merges",
        "archive_url": f"{url}/{{archive_format}}{{/ref}}",
        "downloads_url": f"{url}/downloads",
        "issues_url": f"{url}/issues{{/number}}",
        "pulls_url": f"{url}/pulls{{/number}}",
        "milestones_url": f"{url}/milestones{{/number}}",
        "notifications_url": f"{url}/notifications{{?since,all,participating}}",
        "labels_url": f"{url}/labels{{/name}}",
        "releases_url": f"{url}/releases{{/id}}",
        "deployments_url": f"{url}/deployments",
        "created_at": f"2013-0{1 + number % 9}-1{number % 10}T10:00:00Z",
        "updated_at": "2019-11-18T12:00:00Z",
        "pushed_at": "2019-11-14T12:00:00Z",
        "git_url": f"git://github.com/{ORG}/{name}.git",
        "ssh_url": f"git@github.com:{ORG}/{name}.git",
        "clone_url": f"https://github.com/{ORG}/{name}.git",
        "svn_url": f"https://github.com/{ORG}/{name}",
        "homepage": None,
        "size": 100 * number,
        "stargazers_count": 10 * number,
        "watchers_count": 10 * number,
        "language": language,
        "has_issues": True,
        "has_projects": True,
        "has_downloads": True,
        "has_wiki": number % 2 == 0,
        "has_pages": False,
        "forks_count": number,
        "mirror_url": None,
        "archived": False,
        "disabled": False,
        "open_issues_count": number % 5,
        "license": license_payload(license_key),
        "forks": number,
        "open_issues": number % 5,
        "watchers": 10 * number,
        "default_branch": "master",
        "permissions": {"admin": False, "push": False, "pull": True},
    }


REPOS_PAYLOAD = [
    repo_payload(1, "nimbus-cache", "Go", "apache-2.0"),
    repo_payload(2, "quartz-lint", "Python", "mit"),
    repo_payload(3, "tidewater", "Rust", "apache-2.0"),
    repo_payload(4, "pebble-ui", "TypeScript", None),
    repo_payload(5, "lantern-rpc", "C++", "apache-2.0"),
    repo_payload(6, "mosaic-db", "Java", "bsd-3-clause"),
    repo_payload(7, "ember-trace", "Go", "apache-2.0"),
    repo_payload(8, "sprocket", "C", "gpl-3.0"),
    repo_payload(9, "kestrel-build", "Starlark", "mit"),
]

EXPECTED_REPOS = [
    "nimbus-cache",
    "quartz-lint",
    "tidewater",
    "pebble-ui",
    "lantern-rpc",
    "mosaic-db",
    "ember-trace",
    "sprocket",
    "kestrel-build",
]

APACHE2_REPOS = ["nimbus-cache", "tidewater", "lantern-rpc", "ember-trace"]

TEST_PAYLOAD = [(ORG_PAYLOAD, REPOS_PAYLOAD, EXPECTED_REPOS, APACHE2_REPOS)]
