"""Rate limiting of public input (comments, the online request form, queries) per client, in a shared cache.

A client is a salted hash of its address, never the address itself: the counters in the cache
and the `client_hash` stored with a comment say "the same sender" without saying who. The salt
is derived from SECRET_KEY, so the hash cannot be reversed by hashing all IPv4 addresses without
the key.

Which address: the peer (REMOTE_ADDR), unless the peer is one of our own reverse proxies
(`settings.TRUSTED_PROXIES`, default loopback: the shipped nginx talks to gunicorn over
127.0.0.1). Then X-Forwarded-For is read from the right, each proxy having appended the address
it saw, and the client is the first address that is not one of ours; anything further left was
written by the client and is not believed. So behind nginx every visitor has their own bucket,
and a visitor reaching Django directly (`gongkai serve`) cannot buy a fresh one with a made-up
header. An IPv6 client is counted per /64, because one household or phone gets a whole /64 and
could otherwise rotate addresses freely.

Counting: the cache alias "ratelimit" (settings.CACHES), shared by every process: the database
cache by default, Redis when REDIS_URL is set; a per-process cache would multiply every limit
by the number of workers and forget it on restart. Fixed windows of `period` seconds (counted from
the epoch): the n-th accepted hit of a window takes the key "…:<window>:<n>" with `cache.add`,
which is atomic on both backends (a unique key), so two workers can never both take hit n and at
most `limit` hits pass in a window. `incr` is not used: on the database cache it is a get and a
set that two workers could interleave. A hint key remembers the last n taken, so a hit costs a
read and a write or two, whatever the limit.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.utils.crypto import salted_hmac

from gongkai.portal.pages import portal_agency

logger = logging.getLogger(__name__)

HASH_SALT = "gongkai.portal.ratelimit.client"
KEY_PREFIX = "gongkai:rate"

TOO_MANY_TEMPLATE = """{% extends "portal/base.html" %}
{% block title %}操作过于频繁 · 政府信息公开{% endblock %}
{% block main %}
<h1>操作过于频繁</h1>
<p>您提交得过于频繁，请{{ wait_text }}后再试。</p>
<p>如有急事，请按公开指南所列的电话或地址与我们联系。</p>
{% endblock %}"""


CACHE_ALIAS = "ratelimit"


@functools.lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _is_trusted_proxy(address) -> bool:
    trusted = tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ())
    return any(address in network for network in _networks(trusted) if network.version == address.version)


def _parsed(text: str):
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return address.ipv4_mapped if address.version == 6 and address.ipv4_mapped else address


def client_address(request: HttpRequest) -> str:
    """The client's address as far as our own proxies vouch for it ('' when unknown)."""
    remote = (request.META.get("REMOTE_ADDR", "") or "").strip()
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    candidate, address = remote, _parsed(remote)
    # Right to left: while the address in hand is one of our proxies, the entry it appended names its peer.
    for entry in reversed(forwarded):
        if address is None or not _is_trusted_proxy(address):
            break
        candidate, address = entry, _parsed(entry)
    if address is None:
        return candidate[:100]
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_hash(request: HttpRequest) -> str:
    """64 hex characters standing for the client; stable for one SECRET_KEY."""
    return salted_hmac(HASH_SALT, client_address(request), algorithm="sha256").hexdigest()


def check_rate(request: HttpRequest, scope: str, limit: int, period: int, *, consume: bool = True,
               caller: str | None = None) -> bool:
    """True when this client may go on in `scope`: at most `limit` hits per `period` seconds.

    With `consume=False` it only looks (a form view peeks before validating, and counts a hit
    only for a submission it accepts, so a citizen correcting a typo is not punished).
    `caller` counts an authenticated caller (an API token: "token-<id>") instead of the client
    address, so its calls share one count from whatever address they come.
    """
    counters = caches[CACHE_ALIAS]
    window = int(time.time() // period)
    who = caller or client_hash(request)
    base = f"{KEY_PREFIX}:{scope}:{who}:{window}"
    last_taken = counters.get(f"{base}:n") or 0  # a hint: a concurrent hit may have taken more already
    if not consume:
        return last_taken < limit
    keep = period + 60
    hit = last_taken + 1
    while hit <= limit:
        if counters.add(f"{base}:{hit}", 1, timeout=keep):
            counters.set(f"{base}:n", hit, timeout=keep)
            return True
        hit += 1  # taken by a concurrent hit of the same client: try the next number
    logger.warning("rate limit reached: scope=%s client=%s", scope, who[:12])
    return False


def create_counter_table(sender, using: str = "default", **kwargs) -> None:
    """post_migrate: the database cache's table, so `migrate` (and `demo`, `serve`, the test database) makes it."""
    call_command("createcachetable", database=using, verbosity=0)


def too_many_requests(request: HttpRequest, period: int) -> HttpResponse:
    """The 429 page, in Chinese, with Retry-After."""
    minutes = max(1, round(period / 60))
    wait_text = f"{minutes}分钟" if minutes < 60 else f"{round(minutes / 60)}小时"
    context = {"wait_text": wait_text, "portal_agency": portal_agency(),  # the page frame names the agency
               "page_path": request.path}
    page = engines["django"].from_string(TOO_MANY_TEMPLATE).render(context, request)
    response = HttpResponse(page, status=429, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(period)
    return response


def rate_limited(scope: str, limit: int, period: int, methods: tuple[str, ...] = ("POST",)):
    """Decorator: every request in `methods` counts; over the limit the view is not called (429)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not check_rate(request, scope, limit, period):
                return too_many_requests(request, period)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate
