"""The settings' readers of environment variables: what each accepts, and a clear
configuration error for anything else (a deployment's settings are its environment)."""

from __future__ import annotations

from pathlib import Path

import pytest
from config.env import cache_from_url, database_from_url, flag, whole_number, words
from django.core.exceptions import ImproperlyConfigured

pytestmark = pytest.mark.task("deploy.docker")
SQLITE = Path("/tmp/unused.sqlite3")


@pytest.mark.parametrize(("value", "expected"), [("TRUE", True), (" on ", True), ("0", False)])
def test_a_flag_reads_the_usual_spellings(
    monkeypatch: pytest.MonkeyPatch, value: str, expected: bool
) -> None:
    monkeypatch.setenv("SOME_FLAG", value)
    assert flag("SOME_FLAG", default=not expected) is expected


def test_a_flag_left_unset_is_its_default_and_a_typo_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOME_FLAG", raising=False)
    assert flag("SOME_FLAG", default=True) is True
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG must be true or false"):
        flag("SOME_FLAG", default=True)


def test_words_drop_blanks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_LIST", " a.example , ,b.example,")
    assert words("SOME_LIST") == ["a.example", "b.example"]


@pytest.mark.parametrize("value", ["-1", "1e3", "٣", "1234567"])
def test_a_whole_number_is_ascii_digits_only(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOME_COUNT", value)
    with pytest.raises(ImproperlyConfigured, match="SOME_COUNT must be a whole number"):
        whole_number("SOME_COUNT", 0)


def test_a_mysql_url_becomes_a_strict_utf8mb4_database() -> None:
    config = database_from_url("mysql://app:p%40ss@db:3307/travel%5Fapp", SQLITE)
    assert config["ENGINE"] == "django.db.backends.mysql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("travel_app", "app", "p@ss")
    assert (config["HOST"], config["PORT"]) == ("db", "3307")
    assert config["OPTIONS"]["charset"] == "utf8mb4"
    assert "STRICT_ALL_TABLES" in config["OPTIONS"]["init_command"]


def test_no_url_is_the_sqlite_file() -> None:
    config = database_from_url("", SQLITE)
    assert (config["ENGINE"], config["NAME"]) == ("django.db.backends.sqlite3", str(SQLITE))


@pytest.mark.parametrize(
    ("url", "message"),
    [("oracle://db/app", "unsupported scheme"), ("mysql://db:3306/", "no database name")],
)
def test_a_database_url_it_cannot_use_is_refused(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url, SQLITE)


def test_a_cache_url_must_be_redis() -> None:
    assert cache_from_url("rediss://cache:6380/1")["LOCATION"] == "rediss://cache:6380/1"
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must start with redis://"):
        cache_from_url("memcached://cache:11211")
