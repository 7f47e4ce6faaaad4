"""Keeping the search index in step with what is published, for every registered public section.

A section's search adapter (gongkai.publishing.sections) says what a public object's entry holds,
or that it has none (not public now). `index_object` follows one object; search.signals calls it
for each object a public_state_changed names. Every function writes through the ORM on the
caller's connection, so it joins the caller's transaction (the service's): a rolled-back publish or
withdrawal leaves the index, and its generation, as they were. The full-text structures (FTS5 table
or tsvector column, gongkai.search.schema) follow the SearchDocument rows inside the database
itself, so they cannot drift from the rows either.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from dataclasses import asdict

from django.db import connection, transaction

from gongkai.catalog.models.item import GENRES, TOPICS
from gongkai.core.tokenize import phrase_index_text
from gongkai.publishing import sections
from gongkai.publishing.sections import SearchEntry
from gongkai.search import schema
from gongkai.search.generation import bump_generation
from gongkai.search.models import SearchDocument
from gongkai.search.text import collapse_spaces, html_to_text, match_form

__all__ = ["index_object", "reindex_all", "reconcile_index", "index_document", "unindex_document", "build_document"]

REINDEX_BATCH = 1000
# Kinds and validity values become facet tokens ("#kitem"); FTS5 would split them on anything
# but letters and digits, so only those are allowed.
_FACET_VALUE = re.compile(r"^[a-z0-9]*$")


def classification_token(prefix: str, value: str) -> str | None:
    """主题分类 / 体裁分类 as facet tokens: their position in the catalog's lists (t3, g5)."""
    values = TOPICS if prefix == "t" else GENRES
    return f"{prefix}{values.index(value)}" if value in values else None


def _facets(*, kind: str, agency_id: int, unit_id: int | None, category_ids: Iterable[int], year: int | None,
            validity: str, topic: str = "", genre: str = "") -> str:
    for name, value in (("kind", kind), ("validity", validity)):
        if not _FACET_VALUE.match(value):
            raise ValueError(f"{name} {value!r} must be lowercase letters and digits")
    if not kind:
        raise ValueError("kind must not be empty")
    parts = [f"#a{agency_id}", f"#k{kind}"]
    if unit_id is not None:
        parts.append(f"#u{unit_id}")
    parts.extend(f"#c{category_id}" for category_id in category_ids)
    if year is not None:
        parts.append(f"#y{year}")
    if validity:
        parts.append(f"#v{validity}")
    for prefix, value in (("t", topic), ("g", genre)):
        token = classification_token(prefix, value) if value else None
        if token:
            parts.append(f"#{token}")
    return " ".join(parts)


def build_document(kind: str, object_id: int, *, agency_id: int, title: str, url: str,
                   published_on: dt.date | None = None, unit_id: int | None = None, unit_name: str = "",
                   category_ids: Iterable[int] = (), validity: str = "", index_number: str = "",
                   document_number: str = "", summary: str = "", keywords: str = "", body_html: str = "",
                   body_text: str = "", topic: str = "", genre: str = "") -> SearchDocument:
    """An unsaved SearchDocument: plain text, match text, tokens and facets computed once, here.

    `body_html` is stripped of tags; `body_text` is taken as plain text (summary and keywords
    are always plain text, so a literal "<script>" in them is text to escape, not markup).
    """
    category_ids = list(dict.fromkeys(category_ids))
    year = published_on.year if published_on else None
    body = collapse_spaces(" ".join(part for part in (html_to_text(body_html) if body_html else "", body_text) if part))
    plain_text = " ".join(collapse_spaces(part) for part in (document_number, index_number, summary, keywords, body)
                          if part and part.strip())
    title = collapse_spaces(title)
    full_text = f"{title} {plain_text}"
    return SearchDocument(
        kind=kind, object_id=object_id, agency_id=agency_id, unit_id=unit_id, published_on=published_on, year=year,
        validity=validity, category_ids=" ".join(str(category_id) for category_id in category_ids),
        unit_name=unit_name, index_number=index_number or "", document_number=document_number or "",
        title=title, url=url,
        facets=_facets(kind=kind, agency_id=agency_id, unit_id=unit_id, category_ids=category_ids, year=year,
                       validity=validity, topic=topic, genre=genre),
        tokens=phrase_index_text(full_text), match_text=match_form(full_text), plain_text=plain_text,
    )


def _save(document: SearchDocument) -> SearchDocument:
    """Insert or replace the row for (kind, object_id), keeping its id (the FTS rowid's low bits)."""
    with transaction.atomic():
        bump_generation()
        existing = (SearchDocument.objects.select_for_update().filter(kind=document.kind, object_id=document.object_id)
                    .values_list("id", flat=True).first())
        if existing is not None:
            document.pk = existing
            document.save(force_update=True)
        else:
            document.save(force_insert=True)
    return document


def index_document(kind: str, object_id: int, **fields) -> SearchDocument:
    """Index (or re-index) one published text of any app; see build_document for the fields.

    Other apps call this inside the transaction that publishes the text, and unindex_document
    inside the one that withdraws it.
    """
    return _save(build_document(kind, object_id, **fields))


def unindex_document(kind: str, object_id: int) -> int:
    with transaction.atomic():
        bump_generation()  # first, as in _save: one lock order for every index change
        deleted, _ = SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
    return deleted


# --- sections ---------------------------------------------------------------------------

def _document_of(entry: SearchEntry) -> SearchDocument:
    fields = asdict(entry)
    return build_document(fields.pop("kind"), fields.pop("object_id"), **fields)


def index_object(instance) -> None:
    """Make the index show `instance` as its section's adapter sees it now: indexed, or absent."""
    section = sections.for_model(type(instance))
    if section is None or section.search is None:
        raise LookupError(f"no public section with a search adapter for {type(instance).__name__}")
    entry = section.search.entry(instance)
    if entry is None:
        unindex_document(section.search.kind, instance.pk)
    else:
        _save(_document_of(entry))


def reconcile_index() -> tuple[int, int]:
    """Make every section's part of the index match its adapter now; returns (removed, added).

    The index follows the services inside their transactions, so it drifts only when rows change
    behind them (a queryset delete, a raw update, a restore). One pass over each adapter's searchable
    objects: entries whose object is gone or no longer searchable are removed, searchable objects
    without an entry are added. Entries already there are left as they are (reindex_all rewrites them).
    """
    removed = added = 0
    for section in sections.sections():
        adapter = section.search
        if adapter is None:
            continue
        indexed = set(SearchDocument.objects.filter(kind=adapter.kind).values_list("object_id", flat=True))
        searchable: set[int] = set()
        for entry in adapter.entries(None):
            searchable.add(entry.object_id)
            if entry.object_id not in indexed:
                _save(_document_of(entry))
                added += 1
        gone = indexed - searchable
        if gone:
            with transaction.atomic():
                bump_generation()
                removed += SearchDocument.objects.filter(kind=adapter.kind, object_id__in=gone).delete()[0]
    return removed, added


def reindex_all(agency=None) -> int:
    """Rebuild every section's part of the index (one agency or all) in one transaction; returns the count.

    Used by the demo loader and after imports or directory changes (a column moved under another
    parent changes which filters find its items). Rows are written with bulk_create in batches; on
    SQLite the FTS5 segments are merged at the end. Kinds no section owns are left alone.
    """
    agency_id = getattr(agency, "pk", agency)
    count = 0
    with transaction.atomic():
        bump_generation()
        for section in sections.sections():
            adapter = section.search
            if adapter is None:
                continue
            documents = SearchDocument.objects.filter(kind=adapter.kind)
            if agency_id is not None:
                documents = documents.filter(agency_id=agency_id)
            documents.delete()
            batch: list[SearchDocument] = []
            for entry in adapter.entries(agency_id):
                batch.append(_document_of(entry))
                if len(batch) >= REINDEX_BATCH:
                    SearchDocument.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            if batch:
                SearchDocument.objects.bulk_create(batch)
                count += len(batch)
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            schema.sqlite_optimize(cursor)
    return count
