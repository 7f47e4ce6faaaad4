"""Issue 14 finding 5: rate limits shared by every process, keyed on the real client behind the shipped nginx."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse

from gongkai.inforequests.models import InfoRequest
from gongkai.portal import ratelimit
from tests.portal.test_request_pages import PERSON

ROOT = Path(__file__).resolve().parents[2]

# One worker process: Django on its own SQLite file, the counter table made as `migrate` makes it,
# then `hits` requests from one client against a limit of 5; prints how many were let through.
WORKER = textwrap.dedent("""
    import django, sys
    django.setup()
    from django.core.management import call_command
    from django.test import RequestFactory
    from gongkai.portal.ratelimit import check_rate
    call_command("createcachetable", verbosity=0)
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    # a window of ~30 years: the test cannot straddle two windows
    print(sum(check_rate(request, "two-processes", 5, 10**9) for _ in range(int(sys.argv[1]))))
""")


def test_the_counters_live_in_a_cache_every_process_shares():
    backend = settings.CACHES[ratelimit.CACHE_ALIAS]["BACKEND"]
    assert backend in ("django.core.cache.backends.db.DatabaseCache", "django.core.cache.backends.redis.RedisCache")


def test_two_processes_count_in_one_bucket(tmp_path):
    """Four gunicorn workers must not mean four times the limit: 4 + 4 hits, 5 allowed in all."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gongkai.config.settings", "GONGKAI_VAR_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}", "SECRET_KEY": "two-processes-one-key",
           "REDIS_URL": ""}
    subprocess.run([sys.executable, "-c", "import django; django.setup(); "
                    "from django.core.management import call_command; call_command('createcachetable')"],
                   env=env, cwd=ROOT, check=True)
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, "4"], env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
               for _ in range(2)]
    allowed = [int(worker.communicate(timeout=120)[0].strip()) for worker in workers]
    assert sum(allowed) == 5, allowed


def behind_nginx(client_ip: str, forwarded_for: str = "") -> dict:
    """What gunicorn sees behind deploy/nginx/gongkai.conf: the peer is nginx on loopback, and
    nginx appended the visitor's address to whatever X-Forwarded-For the visitor sent."""
    chain = f"{forwarded_for}, {client_ip}" if forwarded_for else client_ip
    return {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": chain}


@pytest.mark.django_db
def test_behind_nginx_two_visitors_have_two_buckets(client, demo_bureau, next_year_known):
    form = reverse("requests_public:form")
    for _ in range(5):
        assert client.post(form, PERSON, **behind_nginx("198.51.100.1")).status_code == 302
    assert client.post(form, PERSON, **behind_nginx("198.51.100.1")).status_code == 429
    # the same person cannot escape by writing an address of their own in front of nginx's entry
    assert client.post(form, PERSON, **behind_nginx("198.51.100.1", forwarded_for="192.0.2.77")).status_code == 429
    # a second citizen is not locked out by the first one
    assert client.post(form, PERSON, **behind_nginx("198.51.100.2")).status_code == 302
    assert InfoRequest.objects.count() == 6


def test_a_spoofed_header_from_a_direct_peer_does_not_change_the_key():
    """`gongkai serve` without a proxy: the visitor is the peer, whatever X-Forwarded-For says."""
    factory = RequestFactory()
    plain = factory.post("/", REMOTE_ADDR="203.0.113.7")
    spoofed = [factory.post("/", REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=forged)
               for forged in ("192.0.2.1", "192.0.2.2, 127.0.0.1", "127.0.0.1", "garbage")]
    assert {ratelimit.client_hash(request) for request in spoofed} == {ratelimit.client_hash(plain)}


def test_a_chain_of_our_own_proxies_is_walked_to_the_first_foreign_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1", "::1", "10.0.0.0/8"]
    request = RequestFactory().post("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4, 10.0.0.2")
    assert ratelimit.client_address(request) == "198.51.100.4"
    ipv6 = RequestFactory().post("/", REMOTE_ADDR="::1", HTTP_X_FORWARDED_FOR="2001:db8:1:2:3:4:5:6")
    assert ratelimit.client_address(ipv6) == "2001:db8:1:2::/64"


@pytest.mark.django_db
def test_the_database_cache_table_is_made_by_migrate():
    counters = caches[ratelimit.CACHE_ALIAS]
    assert counters.add("probe", 1, timeout=60) and counters.get("probe") == 1


@pytest.mark.django_db(transaction=True)
def test_migrate_makes_the_shared_counter_table():
    """The counters' table is made by `migrate` itself (the test database gets it from Django's test
    setup, which would hide a missing hook): dropped, then post_migrate as `migrate` sends it."""
    from django.conf import settings
    from django.core.management.sql import emit_post_migrate_signal
    from django.db import connection

    table = settings.CACHES["ratelimit"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE "{table}"')
    assert table not in connection.introspection.table_names()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert table in connection.introspection.table_names()
