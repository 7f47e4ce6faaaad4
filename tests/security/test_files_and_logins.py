"""Attack suite, finding 12: backup files, restore paths, the audit log under TRUNCATE, logins, HTTPS headers.

Before the fix a backup was world-readable (umask), a manifest naming "../x" made restore open a
database outside its folder, TRUNCATE emptied the append-only audit log on PostgreSQL, a password
could be guessed without limit, production had no HSTS nor Content-Security-Policy, and the demo's
published password could run a public server.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.test import Client, override_settings

from gongkai.config.security import content_security_policy
from gongkai.ops.backup import BackupError, create_backup, restore_backup
from gongkai.ops.demo import ADMIN_USERNAME, DEMO_PASSWORD
from gongkai.portal import nginx

ROOT = Path(__file__).resolve().parents[2]


def sqlite_settings(path: Path) -> dict:
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}


def small_database(path: Path) -> Path:
    with sqlite3.connect(path) as raw:
        raw.execute("CREATE TABLE t (x)")
        raw.execute("INSERT INTO t VALUES (1)")
    return path


def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    previous = os.umask(0o022)
    try:
        archive = tmp_path / "backup.tar.gz"
        create_backup(archive, sqlite_settings(small_database(tmp_path / "db.sqlite3")), tmp_path / "media")
    finally:
        os.umask(previous)
    assert archive.stat().st_mode & 0o777 == 0o600


def archive_with(path: Path, manifest: dict, extra: dict[str, bytes] | None = None) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {"manifest.json": json.dumps(manifest).encode(), **(extra or {})}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("database", ["../x", "/ABSOLUTE/x", "media/../../x"])
def test_a_manifest_naming_a_path_outside_is_refused_and_nothing_is_written(tmp_path, monkeypatch, database):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))  # the restore's scratch folder lives under work/
    database = database.replace("/ABSOLUTE", str(tmp_path))
    archive = archive_with(tmp_path / "evil.tar.gz", {"format": 1, "vendor": "sqlite", "database": database})
    target = tmp_path / "target.sqlite3"
    with pytest.raises(BackupError, match="refused"):
        restore_backup(archive, sqlite_settings(target), tmp_path / "media")
    assert not (work / "x").exists() and not (tmp_path / "x").exists() and not target.exists()


@pytest.mark.parametrize("member", ["../escaped", "etc/passwd", "media/../../escaped"])
def test_an_archive_member_outside_the_expected_names_is_refused(tmp_path, monkeypatch, member):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    archive = archive_with(tmp_path / "evil.tar.gz", {"format": 1, "vendor": "sqlite", "database": "database.sqlite3"},
                           {member: b"owned"})
    with pytest.raises(BackupError, match="refused"):
        restore_backup(archive, sqlite_settings(tmp_path / "target.sqlite3"), tmp_path / "media")
    assert not list(tmp_path.rglob("escaped")) and not (tmp_path / "target.sqlite3").exists()


@pytest.mark.django_db
def test_truncate_of_the_audit_log_is_refused_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL gongkai.allow_truncate = 'off'")  # what every connection outside the suite has
        with pytest.raises(DatabaseError, match="TRUNCATE refused"), transaction.atomic():
            cursor.execute("TRUNCATE org_auditentry")


def login(client: Client, username: str, password: str):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


@pytest.mark.django_db
def test_the_sixth_login_after_five_failures_is_locked_out_for_that_user_and_address():
    User.objects.create_user("staff-a", password="right-password", is_staff=True)
    User.objects.create_user("staff-b", password="right-password", is_staff=True)
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(4):
        assert login(client, "staff-a", "wrong").status_code == 200  # the form again, with its error
    fifth = login(client, "staff-a", "wrong")
    sixth = login(client, "staff-a", "right-password")
    assert sixth.status_code == 429, fifth.status_code
    assert "登录失败次数过多" in sixth.content.decode()
    assert "_auth_user_id" not in client.session
    other_user = login(Client(REMOTE_ADDR="203.0.113.7"), "staff-b", "right-password")
    assert other_user.status_code == 302  # the lock is per username and address, not a whole office


@pytest.mark.django_db
def test_force_login_is_not_throttled(demo_bureau):
    user = User.objects.create_user("staff-c", password="x", is_staff=True, is_superuser=True)
    client = Client()
    for _ in range(7):
        client.force_login(user)
    assert client.get("/admin/").status_code == 200


def production_settings(**env) -> dict:
    """The settings module as a production process with `env` loads it (a fresh interpreter)."""
    code = ("import json; from gongkai.config import settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
            "['SESSION_COOKIE_SECURE','CSRF_COOKIE_SECURE','SECURE_HSTS_SECONDS','SECURE_SSL_REDIRECT',"
            "'SECURE_PROXY_SSL_HEADER','CONTENT_SECURITY_POLICY']}))")
    environment = {key: value for key, value in os.environ.items() if key != "PYTEST_VERSION"}
    done = subprocess.run([sys.executable, "-c", code], env={**environment, "DEBUG": "0", **env}, cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_gongkai_https_turns_on_secure_cookies_hsts_and_the_redirect_behind_the_proxy():
    https = production_settings(GONGKAI_HTTPS="1")
    assert https["SESSION_COOKIE_SECURE"] and https["CSRF_COOKIE_SECURE"] and https["SECURE_SSL_REDIRECT"]
    assert https["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert https["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert "default-src 'self'" in https["CONTENT_SECURITY_POLICY"]
    plain = production_settings(GONGKAI_HTTPS="0")
    assert not plain["SESSION_COOKIE_SECURE"] and not plain["SECURE_HSTS_SECONDS"]


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=True, SESSION_COOKIE_SECURE=True,
                   CSRF_COOKIE_SECURE=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_production_responses_carry_hsts_secure_cookies_and_redirect_plain_http():
    client = Client()
    assert client.get("/admin/login/").status_code == 301  # plain http goes to https
    response = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["csrftoken"]["secure"]


def script_hashes(html: str) -> set[str]:
    return {f"'sha256-{base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()}'"
            for script in re.findall(r"<script>(.*?)</script>", html, re.DOTALL)}


@pytest.mark.django_db
def test_portal_and_admin_answers_carry_the_content_security_policy(demo_bureau):
    client = Client()
    for path in ("/admin/login/", "/search/", "/ysqgk/"):
        response = client.get(path)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
        html = response.content.decode()
        assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
        assert script_hashes(html) <= set(policy.replace(";", " ").split()), f"{path}: an inline script the policy would block"


def test_the_https_nginx_example_redirects_sends_hsts_and_the_same_policy_and_routes():
    text = (nginx.conf_path().with_name("gongkai-https.conf")).read_text(encoding="utf-8")
    assert "listen 443 ssl;" in text and "return 301 https://$host$request_uri;" in text
    assert "ssl_certificate " in text and "Strict-Transport-Security" in text
    assert f'add_header Content-Security-Policy "{content_security_policy()}" always;' in text
    assert nginx.current_block(text) == nginx.dynamic_routes_block(), "run `gongkai nginx_routes --write`"


@pytest.mark.django_db
@override_settings(DEBUG=False, ALLOWED_HOSTS=["gongkai.example.gov.cn", "127.0.0.1"])
def test_serve_refuses_a_public_deployment_while_a_demo_account_has_the_published_password():
    User.objects.create_user(ADMIN_USERNAME, password=DEMO_PASSWORD, is_staff=True, is_superuser=True)
    with pytest.raises(CommandError, match="公开的演示密码"):
        call_command("serve")
