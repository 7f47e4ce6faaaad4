"""Cached search pages: the same query on the same committed index is answered once.

Popular queries repeat (户籍, 驾照, 罚款 are most of a bureau's searches), and one answer costs a
count, a page of ids and the snippets, several milliseconds. The key holds the index generation
(gongkai.search.generation), read per request from the database, so an entry outlives no index
change: correctness never depends on a timeout. Entries live in the "search" cache (per process
in memory by default, Redis when REDIS_URL is set).
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.core.cache import caches

from gongkai.search.generation import current_generation
from gongkai.search.query import SearchPage, search

CACHE_ALIAS = "search"


def _timeout() -> int:
    """settings.SEARCH_CACHE_SECONDS: the longest a query is worth keeping; 0 turns the cache off."""
    return int(getattr(settings, "SEARCH_CACHE_SECONDS", 600))


def _key(generation: int, agency_id: int, parameters: dict) -> str:
    text = json.dumps([agency_id, parameters], ensure_ascii=False, sort_keys=True, default=str)
    return f"search:{generation}:{hashlib.blake2b(text.encode(), digest_size=16).hexdigest()}"


def _cached(form: str, build, query: str, agency, with_facets: bool, filters: dict):
    if _timeout() <= 0:
        return build(search(query, agency=agency, with_facets=with_facets, **filters))
    parameters = {"form": form, "q": query, "facets": with_facets, **filters}
    key = _key(current_generation(), getattr(agency, "pk", agency), parameters)
    cache = caches[CACHE_ALIAS]
    value = cache.get(key)
    if value is None:
        value = build(search(query, agency=agency, with_facets=with_facets, **filters))
        cache.set(key, value, _timeout())
    return value


def cached_search(query: str, *, agency, with_facets: bool = True, **filters) -> SearchPage:
    """`gongkai.search.query.search` with its pages kept per index generation (agency: an Agency or its id)."""
    return _cached("page", lambda page: page, query, agency, with_facets, filters)


def cached_search_json(query: str, *, agency, with_facets: bool = False, **filters) -> bytes:
    """The API's response body for the same search, kept ready as UTF-8 JSON."""
    return _cached("json", lambda page: json.dumps(page.as_json(), ensure_ascii=False).encode(),
                   query, agency, with_facets, filters)
