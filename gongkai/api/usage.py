"""Reads by a system, in the audit log: one entry per token per minute (per worker process) with the count of
its calls by operation, written after the response, instead of one entry per call.

Why: an audit entry is a committed INSERT; on PostgreSQL that commit alone took p50 4–6 ms, p95 12 ms
(benchmarks/api.py, `audit_entry_ms`), a quarter of the 50 ms read target, and a system syncing at its
limit (1,200 reads a minute) would have added 1.7 million rows a day to a log that can never be pruned.
Writes are not affected: each write keeps its own entry inside its own transaction (writes.py).

How: `note` adds the call to this process's tally under (token, minute) — a dict update under a lock, no
I/O. `flush` writes the tallies of minutes that have ended; it runs after every response of this process
(the `request_finished` signal, so the client never waits for it) and at interpreter exit (a gunicorn
worker's graceful stop). What a worker that is killed hard has not flushed — at most its last minute or
two of reads of public data — is lost; a worker that stays idle writes its last minute with its next
request. The entry says which minute it counts, so its own time (the time of writing) misleads no one.
"""

from __future__ import annotations

import atexit
import datetime as dt
import logging
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import timezone

from gongkai.org.audit import record

logger = logging.getLogger(__name__)

MINUTE = 60
MAX_OPERATIONS = 40  # distinct operations named in one entry; the rest are counted as "其他"


@dataclass
class Tally:
    agency: object  # the token's Agency
    actor_name: str
    calls: Counter = field(default_factory=Counter)


_lock = threading.Lock()
_pending: dict[tuple[int, int], Tally] = {}  # (token id, minute since the epoch) → its calls


def _operation(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    route = f"/{match.route}" if match is not None and match.route else request.path
    return f"{request.method} {route}"[:120]


def note(system, request: HttpRequest, *, now: float | None = None) -> None:
    """Count one read by `system` (a SystemToken) in this minute's tally."""
    key = (system.pk, int((now if now is not None else time.time()) // MINUTE))
    with _lock:
        tally = _pending.get(key)
        if tally is None:
            tally = _pending[key] = Tally(system.agency, system.audit_name)
        tally.calls[_operation(request)] += 1


def pending_calls() -> int:
    with _lock:
        return sum(sum(tally.calls.values()) for tally in _pending.values())


def discard() -> None:
    """Forget every tally (tests: a test's calls must not be written into another test's database)."""
    with _lock:
        _pending.clear()


def _summary(minute: int, calls: Counter) -> tuple[str, dict]:
    start = timezone.localtime(dt.datetime.fromtimestamp(minute * MINUTE, tz=dt.timezone.utc))
    total = sum(calls.values())
    named = calls.most_common(MAX_OPERATIONS)
    operations = dict(named)
    others = total - sum(operations.values())
    if others:
        operations["其他"] = others
    parts = "、".join(f"{name} {count}次" for name, count in operations.items())
    summary = f"读取：{start:%Y-%m-%d %H:%M}这一分钟共{total}次（{parts}）"
    return summary, {"minute": start.isoformat(), "calls": total, "operations": operations}


def flush(*, everything: bool = False, now: float | None = None) -> int:
    """Write one audit entry per tally of a minute that has ended (all of them with `everything`);
    returns how many entries were written. A tally whose write fails is kept for the next flush."""
    current = int((now if now is not None else time.time()) // MINUTE)
    with _lock:
        due = [key for key in _pending if everything or key[1] < current]
        if not due:
            return 0
        taken = {key: _pending.pop(key) for key in due}
    written = 0
    for (token_id, minute), tally in sorted(taken.items(), key=lambda entry: entry[0][1]):
        summary, after = _summary(minute, tally.calls)
        try:
            record("export", None, agency=tally.agency, actor_name=tally.actor_name,
                   object_repr=f"系统令牌{token_id}", summary=summary, after=after)
            written += 1
        except Exception:  # the database is away: keep the counts for the next flush
            logger.exception("could not write the API read tally of token %s", token_id)
            with _lock:
                kept = _pending.setdefault((token_id, minute), Tally(tally.agency, tally.actor_name))
                kept.calls.update(tally.calls)
    return written


def flush_after_response(sender=None, **kwargs) -> None:
    """request_finished: the minutes that have ended, after the answer has gone out."""
    if _pending:
        flush()


def flush_at_exit() -> None:
    if _pending:
        try:
            flush(everything=True)
        except Exception:  # at exit nothing is left to report to but the log
            logger.exception("could not write the API read tallies at exit")


atexit.register(flush_at_exit)
