"""PostgreSQL planner settings shared by the 双公示 reads over many rows: the public query, the compliance view, the export."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def without_jit(*, parallel: bool = True) -> Iterator[None]:
    """PostgreSQL: the block's statements are planned without JIT, in the caller's transaction or one of its own.

    At a million records and more these reads' estimated costs pass jit_above_cost, and compiling a
    plan took longer than running it (the compliance view: 13.6 s of 14.8 s at 50k; a name query:
    33 ms a statement at 5M; the export's plain scan). `SET LOCAL` ends with the transaction, so no
    other statement of the connection is affected. SQLite: nothing to do, and no transaction opened.

    `parallel=False` also plans without parallel workers, for reads that stop after a few thousand
    rows (the public query's LIMITs): starting two workers and gathering their rows cost 10-13 ms a
    statement at 5M, more than the rows they read (a name's first 3,001 matches: 31 ms with
    workers, 18 ms without). The compliance view's aggregates over every row keep them.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        if not parallel:
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
