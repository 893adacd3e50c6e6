"""pytest's configuration for the grader's tests; the helpers they import are in support.py."""

from __future__ import annotations

import pytest

# The fixture modules' tests and the alternatives' test files run only through the grader.
collect_ignore = ["fixtures", "alternatives"]


@pytest.fixture(autouse=True)
def _no_fixture_service(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRADER_FIXTURE_SERVICE", raising=False)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
