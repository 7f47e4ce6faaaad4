"""Who is calling: a system token (Bearer), checked for expiry, revocation and the ability the endpoint
needs; rate limits counted in the shared cache through the portal's limiter (portal/ratelimit.py), so
every worker process counts together: a token's calls against the token alone, from whatever address
they come (writes and reads in separate counts), anonymous reads against the client's address.

A presented token that is wrong, expired or revoked is refused (401) even on a public endpoint:
a system that believes it is authenticated must learn that it is not, not be served quietly as
anonymous at the lower limits.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from gongkai.api.models import Ability, SystemToken, hash_token
from gongkai.api import usage
from gongkai.api.problems import ApiProblem
from gongkai.org.audit import record
from gongkai.portal.ratelimit import CACHE_ALIAS, check_rate

# (hits, seconds) per window; settings.API_RATE_LIMITS overrides any of them.
DEFAULT_LIMITS = {"anonymous": (60, 60), "read": (1200, 60), "write": (120, 60)}
WRITE_SCOPE, TOKEN_READ_SCOPE = "api-write", "api-read"
LAST_USED_STEP = dt.timedelta(minutes=1)  # last_used_at is written at most once a minute per token


def limits(name: str) -> tuple[int, int]:
    return {**DEFAULT_LIMITS, **getattr(settings, "API_RATE_LIMITS", {})}[name]


def caller_key(system: SystemToken) -> str:
    """The rate limiter's key for a token's calls: the token, never the address they come from."""
    return f"token-{system.pk}"


@contextmanager
def _one_commit():
    """The limiter's counter writes (one or two: the hit and the hint) in one transaction when the counters
    are in the database: one commit per call instead of two, and on PostgreSQL a commit that does not wait
    for the disk (a counter lost in a crash lets a client a few calls more; nothing else is in this
    transaction). Each waited-for commit cost p50 5-8 ms on PostgreSQL, more than the page query itself.
    Inside a caller's transaction (tests) nothing changes."""
    counters = caches[CACHE_ALIAS]
    alias = router.db_for_write(counters.cache_model_class) if isinstance(counters, DatabaseCache) else None
    if alias is None or connections[alias].in_atomic_block:
        yield
        return
    with transaction.atomic(using=alias):
        if connections[alias].vendor == "postgresql":
            with connections[alias].cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def _throttle(request: HttpRequest, scope: str, limit_period: tuple[int, int],
              system: SystemToken | None = None) -> None:
    limit, period = limit_period
    with _one_commit():
        allowed = check_rate(request, scope, limit, period, caller=caller_key(system) if system is not None else None)
    if not allowed:
        raise ApiProblem("too_many_requests", f"请求过于频繁：每{period}秒至多{limit}次，请稍后再试",
                         headers={"Retry-After": str(period)})


def identify(token: str) -> SystemToken:
    """The token's system, or a 401 problem saying why not."""
    system = (SystemToken.objects.select_related("agency", "unit").filter(token_hash=hash_token(token.strip())).first()
              if token else None)
    if system is None:
        raise ApiProblem("unauthorized", "令牌无效")
    refusal = system.refusal()
    if refusal:
        raise ApiProblem("token_revoked" if system.revoked_at else "token_expired", refusal)
    now = timezone.now()
    if system.last_used_at is None or now - system.last_used_at > LAST_USED_STEP:
        SystemToken.objects.filter(pk=system.pk).update(last_used_at=now)
    return system


class SystemTokenAuth(HttpBearer):
    """The Bearer token of one ability; the endpoint runs with `request.auth` = the SystemToken."""

    def __init__(self, ability: Ability):
        self.ability = ability
        super().__init__()

    def authenticate(self, request: HttpRequest, token: str) -> SystemToken:
        system = identify(token)
        if self.ability not in system.abilities:
            raise ApiProblem("forbidden", f"令牌没有“{Ability(self.ability).label}”权限")
        if self.ability == Ability.READ:
            _throttle(request, TOKEN_READ_SCOPE, limits("read"), system)
        else:
            _throttle(request, WRITE_SCOPE, limits("write"), system)
        return system


def reader(request: HttpRequest, scope: str, portal_limit: tuple[int, int] | None = None,
           token_raises_limit: bool = True) -> SystemToken | None:
    """For public reads: the calling system when a token is presented (refused if bad), else None.

    Anonymous calls are counted per client under `scope` with `portal_limit` (the portal's own scope
    and limit for the same data, so the API is no way around the portal's limit), or the API's
    anonymous limit. A token's calls are counted against the token: with the read ability at its
    higher limit, unless `token_raises_limit` is False (the request status query: guessing query
    codes stays as slow for a system as for anyone); without it at the anonymous limit. The call is
    attributed to the system in the audit log by the minute's tally (usage.py)."""
    header = request.headers.get("Authorization", "")
    system = None
    if header:
        kind, _, token = header.partition(" ")
        if kind.lower() != "bearer":
            raise ApiProblem("unauthorized", "Authorization 应为 Bearer 令牌")
        system = identify(token)
    if system is not None and token_raises_limit and Ability.READ in system.abilities:
        _throttle(request, TOKEN_READ_SCOPE, limits("read"), system)
    else:
        _throttle(request, scope, portal_limit or limits("anonymous"), system)
    if system is not None:
        usage.note(system, request)
    return system


def audit_call(system: SystemToken, action: str, summary: str, obj=None) -> None:
    """The entry that names the system for a write (inside the write's transaction)."""
    record(action, obj, agency=system.agency, actor_name=system.audit_name, summary=summary)


PUSH_CREDIT = SystemTokenAuth(Ability.PUSH_CREDIT)
PUSH_DOCUMENTS = SystemTokenAuth(Ability.PUSH_DOCUMENTS)
REGISTER_REQUESTS = SystemTokenAuth(Ability.REGISTER_REQUESTS)
