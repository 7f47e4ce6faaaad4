"""Backup and restore round-trip the database and uploaded files into an empty database."""

import datetime as dt
import sqlite3
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.credit import demo as credit_demo
from gongkai.ops import demo as ops_demo
from gongkai.ops.demo import load_demo

TODAY = dt.date(2026, 12, 7)


def small_credit_year(agency, today):
    """The whole demo but a small 双公示 year: the round trip needs every table filled, not 100k rows."""
    credit_demo.load(agency, today, penalties=300, licenses=60, days=60, corrections=5, sample_rows=20,
                     receiver=Path(settings_media_root()) / "credit-platform")


def settings_media_root():
    from django.conf import settings

    return settings.MEDIA_ROOT


def table_rows(fetch, tables):
    return {table: sorted(map(repr, fetch(f'SELECT * FROM "{table}"'))) for table in tables}


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database(tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    Path(settings.MEDIA_ROOT, "attachments").mkdir(parents=True)
    Path(settings.MEDIA_ROOT, "attachments", "通告.pdf").write_bytes(b"%PDF-1.4 demo")
    monkeypatch.setattr(ops_demo, "DEMO_LOADERS", [
        small_credit_year if loader is ops_demo.load_credit else loader for loader in ops_demo.DEMO_LOADERS])
    load_demo(TODAY)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    tables = [t for t in connection.introspection.table_names() if not t.startswith("sqlite_")]
    if connection.vendor == "sqlite":  # a contentless FTS5 table cannot be read; its shadow tables hold it all
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            virtual = {name for (name,) in cursor.fetchall()}
        tables = [t for t in tables if t not in virtual]
    params = connection.settings_dict
    if connection.vendor == "sqlite":
        with sqlite3.connect(params["NAME"]) as raw:
            source = table_rows(lambda sql: raw.execute(sql).fetchall(), tables)
    else:
        dsn = f"host={params['HOST']} port={params['PORT'] or 5432} user={params['USER']} dbname={params['NAME']}"
        with psycopg.connect(dsn) as raw:
            source = table_rows(lambda sql: raw.execute(sql).fetchall(), tables)
    assert sum(map(len, source.values())) > 50

    restored_media = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        target_file = tmp_path / "empty.sqlite3"
        call_command("restore", str(archive), database_url=f"sqlite:///{target_file}", media_root=str(restored_media), yes=True)
        with sqlite3.connect(target_file) as target:
            restored = table_rows(lambda sql: target.execute(sql).fetchall(), tables)
    else:
        name = f"gongkai_restore_{uuid.uuid4().hex[:8]}"
        admin_dsn = f"host={params['HOST']} port={params['PORT'] or 5432} user={params['USER']} dbname=postgres"
        with psycopg.connect(admin_dsn, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            url = f"postgresql://{params['USER']}@{params['HOST']}:{params['PORT'] or 5432}/{name}"
            call_command("restore", str(archive), database_url=url, media_root=str(restored_media), yes=True)
            with psycopg.connect(admin_dsn.replace("dbname=postgres", f"dbname={name}")) as target:
                restored = table_rows(lambda sql: target.execute(sql).fetchall(), tables)
        finally:
            with psycopg.connect(admin_dsn, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert restored == source
    assert (restored_media / "attachments" / "通告.pdf").read_bytes() == b"%PDF-1.4 demo"


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    import tarfile

    with tarfile.open(bogus, "w:gz"):
        pass
    from gongkai.ops.backup import BackupError, restore_backup

    with pytest.raises(BackupError, match="not a gongkai backup"):
        restore_backup(bogus, {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "x.sqlite3")}, tmp_path / "m")
