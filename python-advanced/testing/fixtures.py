"""Canned GitHub API payloads for the integration tests: synthetic, written for this unit.

TEST_PAYLOAD is a list of (org_payload, repos_payload, expected_repos, apache2_repos)
tuples, the shape `parameterized_class` spreads over a test class. The organisation's
login is "google", as in the program, so an integration test that routes its fake
`requests.get` by the program's URLs works with this data too; the repositories are
made up. They cover the licence cases `has_license` must tell apart: Apache 2.0, other
licences, GitHub's `"license": null`, and no `license` field at all.
"""

APACHE_2 = {
    "key": "apache-2.0",
    "name": "Apache License 2.0",
    "spdx_id": "Apache-2.0",
    "url": "https://api.github.com/licenses/apache-2.0",
}
MIT = {
    "key": "mit",
    "name": "MIT License",
    "spdx_id": "MIT",
    "url": "https://api.github.com/licenses/mit",
}
BSD_3 = {
    "key": "bsd-3-clause",
    "name": 'BSD 3-Clause "New" or "Revised" License',
    "spdx_id": "BSD-3-Clause",
    "url": "https://api.github.com/licenses/bsd-3-clause",
}
GPL_3 = {
    "key": "gpl-3.0",
    "name": "GNU General Public License v3.0",
    "spdx_id": "GPL-3.0",
    "url": "https://api.github.com/licenses/gpl-3.0",
}

ORG_PAYLOAD = {
    "login": "google",
    "id": 900001,
    "url": "https://api.github.com/orgs/google",
    "repos_url": "https://api.github.com/orgs/google/repos",
    "description": "A synthetic organisation payload for offline tests.",
    "public_repos": 10,
    "type": "Organization",
}

REPOS_PAYLOAD = [
    {
        "id": 700001,
        "name": "nimbus-cache",
        "full_name": "google/nimbus-cache",
        "private": False,
        "fork": False,
        "html_url": "https://github.com/google/nimbus-cache",
        "language": "Go",
        "license": APACHE_2,
    },
    {
        "id": 700002,
        "name": "quartz-lint",
        "full_name": "google/quartz-lint",
        "private": False,
        "fork": False,
        "html_url": "https://github.com/google/quartz-lint",
        "language": "Python",
        "license": MIT,
    },
    {
        "id": 700003,
        "name": "tidewater",
        "full_name": "google/tidewater",
        "private": False,
        "fork": False,
        "html_url": "https://github.com/google/tidewater",
        "language": "Rust",
        "license": APACHE_2,
    },
    {
        "id": 700004,
        "name": "pebble-ui",
        "full_name": "google/pebble-ui",
        "private": False,
        "fork": True,
        "html_url": "https://github.com/google/pebble-ui",
        "language": "TypeScript",
        "license": None,
    },
    {
        "id": 700005,
        "name": "lantern-rpc",
        "full_name": "google/lantern-rpc",
        "private": False,
        "fork": False,
        "html_url": "https://github.com/google/lantern-rpc",
        "language": "C++",
        "license": APACHE_2,
    },
    {
        "id": 700006,
        "name": "mosaic-db",
        "full_name": "google/mosaic-db",
        "private": False,
        "fork": False,
        "html_url": "https://github.com/google/mosaic-db",
        "language": "Java",
        "license": BSD_3,
    },
    {
        "id": 700007,
        "name": "fjord",
        "full_name": "google/fjord",
        "private": False,
        "fork": False,
        "html_url": "https://github.com/google/fjord",
        "language": "Kotlin",
    },
    {
        "id": 700008,
        "name": "ember-trace",
        "full_name": "google/ember-trace",
        "private": False,
        "fork": False,
        "html_url": "https://github.com/google/ember-trace",
        "language": "Go",
        "license": APACHE_2,
    },
    {
        "id": 700009,
        "name": "sprocket",
        "full_name": "google/sprocket",
        "private": False,
        "fork": False,
        "html_url": "https://github.com/google/sprocket",
        "language": "C",
        "license": GPL_3,
    },
    {
        "id": 700010,
        "name": "kestrel-build",
        "full_name": "google/kestrel-build",
        "private": False,
        "fork": False,
        "html_url": "https://github.com/google/kestrel-build",
        "language": "Starlark",
        "license": MIT,
    },
]

EXPECTED_REPOS = [
    "nimbus-cache",
    "quartz-lint",
    "tidewater",
    "pebble-ui",
    "lantern-rpc",
    "mosaic-db",
    "fjord",
    "ember-trace",
    "sprocket",
    "kestrel-build",
]

APACHE2_REPOS = ["nimbus-cache", "tidewater", "lantern-rpc", "ember-trace"]

TEST_PAYLOAD = [(ORG_PAYLOAD, REPOS_PAYLOAD, EXPECTED_REPOS, APACHE2_REPOS)]
