"""Settings from environment variables: the database and cache URLs, flags and lists.

Kept apart from settings.py so that the parsing is plain functions with tests of their
own (tests/test_settings.py).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

DATABASE_ENGINES = {
    "sqlite": "django.db.backends.sqlite3",
    "mysql": "django.db.backends.mysql",
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
}
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off", ""}
REDIS_TIMEOUT_S = 2


def flag(name: str, default: bool) -> bool:
    """A yes/no variable; anything but a recognised spelling is a configuration error."""
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE:
        return True
    if value.strip().lower() in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def words(name: str, default: str = "") -> list[str]:
    """A comma-separated list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str | None, sqlite_path: Path) -> dict[str, Any]:
    """Django's DATABASES["default"] for a URL; no URL means the SQLite file."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_path)}
    parts = urlsplit(url)
    engine = DATABASE_ENGINES.get(parts.scheme)
    if engine is None:
        known = ", ".join(f"{scheme}://" for scheme in DATABASE_ENGINES)
        raise ImproperlyConfigured(f"DATABASE_URL: unsupported scheme {parts.scheme!r} ({known})")
    if parts.scheme == "sqlite":  # sqlite:////an/absolute/path, sqlite:///a/relative/path
        if not parts.path[1:]:
            raise ImproperlyConfigured("DATABASE_URL: no file after sqlite:///")
        return {"ENGINE": engine, "NAME": unquote(parts.path[1:])}
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ImproperlyConfigured("DATABASE_URL: no database name after the host")
    config: dict[str, Any] = {
        "ENGINE": engine,
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
    }
    if parts.scheme == "mysql":
        # Strict mode: MariaDB refuses bad data instead of truncating it with a warning.
        config["OPTIONS"] = {
            "charset": "utf8mb4",
            "init_command": "SET sql_mode='STRICT_ALL_TABLES'",
        }
    return config


def cache_from_url(url: str | None) -> dict[str, Any]:
    """Django's CACHES["default"]: Redis for a redis:// URL, else local memory (one process)."""
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if urlsplit(url).scheme not in {"redis", "rediss"}:
        raise ImproperlyConfigured(f"REDIS_URL must start with redis:// or rediss://, got {url!r}")
    # Timeouts, so that an unreachable Redis is an error within seconds (the rate limiter
    # answers 503) rather than a request held for the system's TCP timeout.
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": REDIS_TIMEOUT_S, "socket_timeout": REDIS_TIMEOUT_S},
    }


def whole_number(name: str, default: int) -> int:
    """A count such as TRUSTED_PROXIES; only ASCII digits are a number."""
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    if not re.fullmatch(r"[0-9]{1,6}", value):
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}")
    return int(value)


def at_least_one(name: str, default: int) -> int:
    """A whole number that must be 1 or more, such as a limit or a number of days."""
    value = whole_number(name, default)
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be at least 1, got {value}")
    return value


def local_secret_key(path: Path) -> str:
    """The signing key of a checkout with no SECRET_KEY: random, made on first start and
    kept in a git-ignored file, so no key in the repository signs anyone's tokens.

    The file appears complete or not at all (written aside, then linked into place), so
    two processes starting together end up with the same key."""
    if path.exists():
        return path.read_text().strip()
    draft = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        draft.write_text(secrets.token_urlsafe(50) + "\n")
    except OSError as error:
        raise ImproperlyConfigured(f"set SECRET_KEY, or let the app write {path}") from error
    draft.chmod(0o600)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        draft.unlink()
    return path.read_text().strip()
