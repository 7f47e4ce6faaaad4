"""Reading settings from the environment, failing loudly with the variable's name."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def database_from_env(default_sqlite: Path) -> dict:
    """The default database from DATABASE_URL; SQLite under var/ when it is unset.

    A malformed URL stops the start with a message naming DATABASE_URL, instead of Django
    complaining later about an engine nobody asked for.
    """
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        url = f"sqlite:///{default_sqlite}"
    try:
        # Connections are kept between requests: opening one (a PostgreSQL backend process, or a
        # SQLite file with its PRAGMAs) cost more than a cached search answer.
        config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "300")),
                                       conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several kinds for bad input
        raise ImproperlyConfigured(f"DATABASE_URL is malformed ({exc}): {url!r}") from exc
    engine = config.get("ENGINE", "")
    if engine not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ImproperlyConfigured(
            f"DATABASE_URL names an unsupported database {engine or url!r}: use sqlite:/// or postgresql://"
        )
    if engine == "django.db.backends.sqlite3":
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"DATABASE_URL has no SQLite file path: {url!r}")
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers go on while the server writes; IMMEDIATE avoids lock upgrades
        # that fail with "database is locked" under concurrent writers.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
        # One test database per test process, so two suites on one machine never share a file.
        config["TEST"] = {"NAME": str(Path(config["NAME"]).with_name(f"test_gongkai_{os.getpid()}.sqlite3"))}
    else:
        if not config.get("NAME"):
            raise ImproperlyConfigured(f"DATABASE_URL has no database name: {url!r}")
        config["TEST"] = {"NAME": f"test_{config['NAME']}_{os.getpid()}"}
    return config


def secret_key_file(path: Path) -> str:
    """A key generated once and kept in var/ when SECRET_KEY is not set.

    The demo and the command line work from a fresh clone; a production deployment sets
    SECRET_KEY explicitly (docs/OPERATIONS.md) or keeps this file with the database.
    """
    if path.exists():
        return path.read_text().strip()
    import secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key
