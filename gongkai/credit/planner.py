"""PostgreSQL planner settings shared by the 双公示 reads over many rows: the public query, the compliance view, the export."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction


@contextmanager
def without_jit() -> Iterator[None]:
    """PostgreSQL: the block's statements are planned without JIT, in the caller's transaction or one of its own.

    At a million records and more these reads' estimated costs pass jit_above_cost, and compiling a
    plan took longer than running it (the compliance view: 13.6 s of 14.8 s at 50k; a name query:
    33 ms a statement at 5M; the export's plain scan). `SET LOCAL` ends with the transaction, so no
    other statement of the connection is affected. SQLite: nothing to do, and no transaction opened.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        yield
