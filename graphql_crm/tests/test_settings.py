"""Configuration from the environment, and production settings that pass check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from config.env import cache_from_url, database_from_url, flag, local_secret_key, words
from django.core.exceptions import ImproperlyConfigured

# The container runs these production settings: they belong with the image.
pytestmark = pytest.mark.task("deploy.docker")

MODULE = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-5f0c9e2b7d4a41f3b8e6c1d0a9f7e3b2c5d8",
    "ALLOWED_HOSTS": "messaging.example.com",
}


# What check --deploy judges, never taken from where the tests run (compose's tests
# service has the web's SECURE_SSL_REDIRECT=false, for plain HTTP on the project's network).
DEPLOY_SETTINGS = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """manage.py in a fresh process: settings are read once, at startup."""
    clean = {k: v for k, v in os.environ.items() if k not in DEPLOY_SETTINGS}
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


def test_without_secret_key_a_checkout_makes_its_own_random_key(tmp_path: Path) -> None:
    key = local_secret_key(tmp_path / ".secret_key")
    assert len(key) >= 50
    assert (tmp_path / ".secret_key").stat().st_mode & 0o777 == 0o600  # the owner's only
    assert local_secret_key(tmp_path / ".secret_key") == key  # kept: sessions survive
    assert local_secret_key(tmp_path / ".another_key") != key


def test_debug_settings_without_secret_key_sign_with_the_checkout_key() -> None:
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.SECRET_KEY)", env={}
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == (MODULE / ".secret_key").read_text().strip()


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


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("oracle://db/chat", "unsupported scheme 'oracle'"),
        ("mysql://root@127.0.0.1:3306/", "no database name"),
    ],
)
def test_bad_database_urls_are_named(tmp_path: Path, url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=message):
        database_from_url(url, tmp_path / "x")


def test_cache_is_local_memory_without_redis_url() -> None:
    assert cache_from_url(None)["BACKEND"].endswith("LocMemCache")
    assert cache_from_url("redis://127.0.0.1:6379/0") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/0",
    }
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
