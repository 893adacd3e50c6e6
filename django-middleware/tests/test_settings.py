"""Configuration from the environment, and production settings that pass check --deploy."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from config.env import cache_from_url, database_from_url, flag, local_secret_key, words
from django.core.exceptions import ImproperlyConfigured

pytestmark = pytest.mark.task("app.project")

MODULE = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-5f0c9e2b7d4a41f3b8e6c1d0a9f7e3b2c5d8",
    "ALLOWED_HOSTS": "chat.example.com",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """manage.py in a fresh process: settings are read once, at startup."""
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=MODULE,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_check_deploy() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_embedded_defaults_fail_check_deploy() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={})
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_refuses_to_start_without(missing: str) -> None:
    env = {**PRODUCTION, missing: ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"{missing} is required when DEBUG is off" in result.stderr


def test_a_local_secret_key_is_made_once_per_path_readable_by_its_owner_only(
    tmp_path: Path,
) -> None:
    path = tmp_path / ".secret_key"
    key = local_secret_key(path)

    assert len(key) >= 50
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert local_secret_key(path) == key
    assert local_secret_key(tmp_path / "another") != key


def test_with_debug_on_and_no_secret_key_the_checkout_key_signs() -> None:
    """No key in the repository: the one made for this checkout (git-ignored) is used."""
    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = manage("shell", "--no-imports", "--command", show, env={})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (MODULE / ".secret_key").read_text().strip()


def test_sqlite_when_no_database_url(tmp_path: Path) -> None:
    config = database_from_url(None, tmp_path / "db.sqlite3")
    assert config == {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "db.sqlite3")}


def test_mysql_url_is_split_and_decoded(tmp_path: Path) -> None:
    config = database_from_url("mysql://app:p%40ss@db.local:3307/chat", tmp_path / "x")
    assert config["ENGINE"] == "django.db.backends.mysql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("chat", "app", "p@ss")
    assert (config["HOST"], config["PORT"]) == ("db.local", "3307")
    assert "STRICT_ALL_TABLES" in config["OPTIONS"]["init_command"]


def test_postgres_url(tmp_path: Path) -> None:
    config = database_from_url("postgres://postgres@127.0.0.1:5432/chat", tmp_path / "x")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("chat", "postgres", "")


def test_sqlite_url_names_a_file_of_its_own(tmp_path: Path) -> None:
    config = database_from_url(f"sqlite:///{tmp_path}/served.sqlite3", tmp_path / "x")
    assert config == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": f"{tmp_path}/served.sqlite3",
    }
    assert database_from_url("sqlite:///db.sqlite3", tmp_path / "x")["NAME"] == "db.sqlite3"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("oracle://db/chat", "unsupported scheme 'oracle'"),
        ("mysql://root@127.0.0.1:3306/", "no database name"),
        ("sqlite:///", "no file after sqlite:///"),
    ],
)
def test_bad_database_urls_are_named(tmp_path: Path, url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url, tmp_path / "x")


def test_cache_is_local_memory_without_redis_url() -> None:
    assert cache_from_url(None)["BACKEND"].endswith("LocMemCache")
    redis = cache_from_url("redis://127.0.0.1:6379/0")
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://127.0.0.1:6379/0"
    assert redis["OPTIONS"]["socket_connect_timeout"] > 0  # unreachable: an error, not a hang
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL"):
        cache_from_url("memcached://127.0.0.1:11211")


@pytest.mark.parametrize(
    ("value", "expected"), [("true", True), ("1", True), ("off", False), ("", False)]
)
def test_flags(monkeypatch: pytest.MonkeyPatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("SOME_FLAG", value)
    assert flag("SOME_FLAG", default=not expected) is expected


def test_a_misspelt_flag_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEBUG_X", "ture")
    with pytest.raises(ImproperlyConfigured, match="DEBUG_X must be true or false"):
        flag("DEBUG_X", default=True)


def test_words(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOSTS_X", " a.example , ,b.example,")
    assert words("HOSTS_X") == ["a.example", "b.example"]
    assert words("UNSET_X", "x,y") == ["x", "y"]
