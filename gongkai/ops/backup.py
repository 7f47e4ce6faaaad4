"""Backup and restore of the database and uploaded files as one archive.

SQLite is copied through its online backup API, so a backup can run while the server writes;
PostgreSQL goes through pg_dump/pg_restore in their custom format. The archive is a tar.gz
with a manifest, the database and the media folder. It holds personal data, so it is written 0600;
a restore takes only the members it expects, as plain relative paths.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

import dj_database_url

ARCHIVE_FORMAT = 1
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"
MANIFEST = "manifest.json"
MEDIA_DIR = "media"


class BackupError(Exception):
    pass


def vendor_of(settings_dict: dict) -> str:
    engine = settings_dict["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"unsupported database engine {engine}")


def settings_from_url(url: str) -> dict:
    try:
        return dj_database_url.parse(url)
    except Exception as exc:
        raise BackupError(f"--database-url is malformed: {exc}") from exc


def pg_environment(settings_dict: dict) -> tuple[list[str], dict]:
    """Connection arguments for pg_dump/pg_restore; the password travels in the environment."""
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")


def dump_database(settings_dict: dict, workdir: Path) -> str:
    vendor = vendor_of(settings_dict)
    if vendor == "sqlite":
        target = workdir / SQLITE_MEMBER
        source = sqlite3.connect(settings_dict["NAME"])
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        return SQLITE_MEMBER
    args, env = pg_environment(settings_dict)
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(workdir / PG_MEMBER), *args], env)
    return PG_MEMBER


def load_database(settings_dict: dict, member: Path, vendor: str) -> None:
    if vendor != vendor_of(settings_dict):
        raise BackupError(f"the archive holds a {vendor} database; the target is {vendor_of(settings_dict)}")
    if vendor == "sqlite":
        Path(settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(member)
        dest = sqlite3.connect(settings_dict["NAME"])
        try:
            source.backup(dest)  # replaces the target page by page; readers see old or new, never half
        finally:
            dest.close()
            source.close()
        return
    args, env = pg_environment(settings_dict)
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(member)], env)


def create_backup(archive: Path, settings_dict: dict, media_root: Path) -> dict:
    archive = Path(archive)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        member = dump_database(settings_dict, workdir)
        manifest = {
            "format": ARCHIVE_FORMAT,
            "vendor": vendor_of(settings_dict),
            "database": member,
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "media_files": 0,
        }
        partial = archive.with_name(archive.name + ".partial")
        partial.unlink(missing_ok=True)  # O_EXCL below: never write into a file someone else prepared
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # personal data: owner only
        with os.fdopen(descriptor, "wb") as handle, tarfile.open(fileobj=handle, mode="w:gz") as tar:
            tar.add(workdir / member, arcname=member)
            if media_root.is_dir():
                for path in sorted(media_root.rglob("*")):
                    if path.is_file():
                        tar.add(path, arcname=f"{MEDIA_DIR}/{path.relative_to(media_root)}")
                        manifest["media_files"] += 1
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        partial.replace(archive)  # a crash never leaves a half archive under the real name
    return manifest


def _check_members(tar: tarfile.TarFile) -> None:
    """Only the manifest, the database and files under media/ as plain relative paths: anything else refused."""
    for member in tar.getmembers():
        name = member.name
        parts = Path(name).parts
        if name.startswith(("/", "\\")) or ".." in parts or not parts:
            raise BackupError(f"the archive holds an unsafe path {name!r}; refused")
        if name not in (MANIFEST, SQLITE_MEMBER, PG_MEMBER) and parts[0] != MEDIA_DIR:
            raise BackupError(f"the archive holds an unexpected member {name!r}; refused")
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"the archive holds a link or device {name!r}; refused")


def restore_backup(archive: Path, settings_dict: dict, media_root: Path) -> dict:
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive, "r:gz") as tar:
        workdir = Path(tmp)
        _check_members(tar)
        tar.extractall(workdir, filter="data")  # the data filter refuses absolute paths, "..", links outside
        try:
            manifest = json.loads((workdir / MANIFEST).read_text())
        except FileNotFoundError:
            raise BackupError(f"{archive} is not a gongkai backup (no {MANIFEST})") from None
        if manifest.get("format") != ARCHIVE_FORMAT:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        database = manifest.get("database")
        if database not in (SQLITE_MEMBER, PG_MEMBER):  # a name, never a path: no "../x", no "/etc/x"
            raise BackupError(f"the manifest names an unexpected database member {database!r}; refused")
        load_database(settings_dict, workdir / database, manifest.get("vendor"))
        restored_media = workdir / MEDIA_DIR
        if media_root.exists():
            shutil.rmtree(media_root)
        if restored_media.is_dir():
            shutil.copytree(restored_media, media_root)
        else:
            media_root.mkdir(parents=True, exist_ok=True)
    return manifest
