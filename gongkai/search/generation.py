"""The search index's generation: a new random value set in the same transaction as every index change.

Cached search results are keyed by it (gongkai.search.cache), so a publish, change or withdrawal
makes every older cached page unreachable the moment its transaction commits: the cache can never
serve a hit the committed index no longer has, nor miss one it has. The value is random, not a
counter, so a rolled-back change can never hand its number (and a page cached under it inside
that transaction) to a later change.
"""

from __future__ import annotations

import secrets

from django.db import connection

from gongkai.search.models import IndexGeneration


def current_generation() -> int:
    """The committed generation (0 before the first index change)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT generation FROM {IndexGeneration._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return row[0] if row else 0


def bump_generation() -> None:
    """Call inside the transaction that changes the index (or what its filters resolve to)."""
    value = secrets.randbits(62)
    if not IndexGeneration.objects.filter(pk=1).update(generation=value):
        IndexGeneration.objects.update_or_create(pk=1, defaults={"generation": value})
