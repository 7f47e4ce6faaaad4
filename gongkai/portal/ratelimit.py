"""Rate limiting of public input (comments, later the online request form) per client, in the cache.

A client is a salted hash of its address, never the address itself: the counters in the cache
and the `client_hash` stored with a comment say "the same sender" without saying who. The salt
is derived from SECRET_KEY, so the hash cannot be reversed by hashing all IPv4 addresses without
the key.

Which address: REMOTE_ADDR, unless `settings.TRUSTED_PROXY_HOPS` (default 0) says how many
reverse proxies we run in front of Django. Each proxy appends the address it saw to
X-Forwarded-For, so the client is the entry that many places from the right; anything further
left was written by the client and is not believed. An IPv6 client is counted per /64, because
one household or phone gets a whole /64 and could otherwise rotate addresses freely.

Counting: a fixed window that starts at the client's first hit in a scope and lasts `period`
seconds (the cache entry's timeout). `cache.add` + `cache.incr` are atomic in the local-memory
cache (tests, demo) and in Redis (production); other cache backends may reset the timeout on
each hit, which only makes the limit stricter.
"""

from __future__ import annotations

import functools
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache
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


def client_address(request: HttpRequest) -> str:
    """The client's address as far as our own proxies vouch for it ('' when unknown)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    hops = int(getattr(settings, "TRUSTED_PROXY_HOPS", 0) or 0)
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            remote = forwarded[-hops]
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return remote[:100]
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_hash(request: HttpRequest) -> str:
    """64 hex characters standing for the client; stable for one SECRET_KEY."""
    return salted_hmac(HASH_SALT, client_address(request), algorithm="sha256").hexdigest()


def _key(request: HttpRequest, scope: str) -> str:
    return f"{KEY_PREFIX}:{scope}:{client_hash(request)}"


def check_rate(request: HttpRequest, scope: str, limit: int, period: int, *, consume: bool = True) -> bool:
    """True when this client may go on in `scope`: at most `limit` hits per `period` seconds.

    With `consume=False` it only looks (a form view peeks before validating, and counts a hit
    only for a submission it accepts, so a citizen correcting a typo is not punished).
    """
    key = _key(request, scope)
    if not consume:
        return (cache.get(key) or 0) < limit
    cache.add(key, 0, timeout=period)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period)
        count = 1
    allowed = count <= limit
    if not allowed:
        logger.warning("rate limit reached: scope=%s client=%s", scope, client_hash(request)[:12])
    return allowed


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
