"""A throwaway database for one benchmark child process: SQLite under a temporary GONGKAI_VAR_DIR, or a
PostgreSQL database created for the run and dropped after it, whatever the child did."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def child_environment(backend: str, label: str, pg_url: str) -> Iterator[dict]:
    """The environment a benchmark's `--child` process runs with on `backend` ("sqlite" or "postgresql")."""
    with tempfile.TemporaryDirectory() as var_dir:
        env = {**os.environ, "GONGKAI_VAR_DIR": var_dir, "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
               "HUEY_IMMEDIATE": "1"}
        env.pop("DATABASE_URL", None)
        database = None
        if backend == "postgresql":
            import psycopg

            database = f"gongkai_bench_{label}_{os.getpid()}"
            with psycopg.connect(pg_url, autocommit=True) as admin_connection:
                admin_connection.execute(f'CREATE DATABASE "{database}"')
            env["DATABASE_URL"] = pg_url.rsplit("/", 1)[0] + "/" + database
        try:
            yield env
        finally:
            if database:
                with psycopg.connect(pg_url, autocommit=True) as admin_connection:
                    admin_connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
