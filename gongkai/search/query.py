"""Answering a search: exact hits over the index, newest first, with escaped, highlighted snippets.

How a query becomes hits
------------------------
1. The query is cut to MAX_QUERY_CHARS characters (with a note) and split on whitespace into
   terms (gongkai.search.text.query_terms, in "match form": full-width folded, lowercase,
   文号 brackets folded to 〔〕). Every term must occur in a hit; an empty or
   punctuation-only query gives an empty page.
2. Candidates: the AND of all the terms' tokens (gongkai.core.tokenize.query_tokens) in the
   full-text index — FTS5 `MATCH fts5_match_expression(...)` on SQLite,
   `search_vector @@ to_tsquery('simple', tsquery_text(...))` on PostgreSQL — AND-ed with the
   filter tokens (#a agency, #c column, #u unit, #y year, #v validity; a column's token is on
   every item of its sub-columns too; the agency token is left out when the database holds
   a single agency). Because every substring of a CJK run is covered by
   its bigrams (and a single character by a prefix), this never misses a text that contains
   the term: recall is 1.0.
3. Exactness: an AND of bigrams can also match a text holding them apart (户籍…迁移 has
   户籍 and 迁移 but not 籍迁). So every term the index cannot prove by itself (anything
   other than one bigram, one character or one whole Latin/digit run; see
   text.term_needs_verification) is checked in SQL against the stored normalised text
   `match_text`: `instr(match_text, term) > 0` (SQLite) / `strpos(match_text, term) > 0`
   (PostgreSQL). The check runs in the same statement as the match, so counts and pages are
   exact, not post-filtered.
   On SQLite a CJK term of three or more characters (出入境, 户籍迁移) needs no such check: it is an
   FTS5 phrase query over its bigrams ("户籍 籍迁 迁移"), which the index's token positions answer
   exactly (gongkai.core.tokenize.han_bigrams). The substring check then only guards the page
   shown (_results), never a scan of every candidate.
   Latin letters and digits match as whole runs (the tokeniser's rule: 12号 never finds 120号).
4. Order: texts holding the query's whole dictionary words (rank_tokens, e.g. 户籍迁移 as one
   word) first, then newest first (published_on, then id). On SQLite the FTS rowid is that
   recency key, so a page of the newest hits is read straight off the index.
5. Very frequent terms: on PostgreSQL counting them is the cost (a GIN bitmap of every hit), on
   SQLite the exact check and whole-word ranking of every candidate; so when there are many
   times COUNT_CAP of them the first pages are read by a bounded walk newest first instead, and
   the page says "超过N条" (the backends' frequent_page).
Only published, proactively disclosed texts are in the index (gongkai.search.indexing), so
nothing else can be found. Nothing is cached: each call reads the committed index.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count

from gongkai.catalog.models import Category
from gongkai.core.text import without_control_characters
from gongkai.core.tokenize import fts5_match_expression, han_bigrams, query_tokens, rank_tokens, tsquery_text
from gongkai.org.models import Agency
from gongkai.search import schema
from gongkai.search.indexing import classification_token
from gongkai.search.models import SearchDocument
from gongkai.search.text import MAX_QUERY_CHARS, highlight, query_terms, snippet, term_needs_verification

__all__ = ["SearchResult", "SearchPage", "search", "MAX_PER_PAGE", "FACET_LIMIT"]

MAX_PER_PAGE = 50
# Facet counts are computed when the hits are few enough to count per year and unit cheaply.
FACET_LIMIT = 2000
# Counting every hit of a very common word (户籍 in a quarter of a million texts) costs more than
# the page itself; past this many the page says "超过N条" (as every search engine does).
COUNT_CAP = 10000

# PostgreSQL: read the recency index backwards when about this many rows give a page of hits.
RECENCY_WALK_ROWS = 5000
# PostgreSQL, frequent words (see _PostgresBackend.frequent_page): tried when the planner expects
# WALK_GATE times COUNT_CAP hits; the walk reads at most WALK_SLACK times the rows that estimate
# says a page needs, and claims "more than COUNT_CAP" only when the frequency it saw puts the
# total at WALK_CLAIM_MARGIN times the cap.
WALK_GATE = 3
WALK_SLACK = 4
WALK_CLAIM_MARGIN = 1.5
# SQLite (see _SqliteBackend.frequent_page): at most this many candidates read per hit a page needs.
WALK_BUDGET = 50

VALIDITY_LABELS = {"valid": "有效", "expired": "失效", "repealed": "废止", "amended": "已修订"}


@dataclass
class SearchResult:
    kind: str
    object_id: int
    title: str
    title_html: str
    url: str
    index_number: str
    document_number: str
    published_on: dt.date | None
    unit_name: str
    validity: str
    validity_label: str
    snippet_html: str

    def as_json(self) -> dict:
        """Only what the public page shows."""
        return {
            "kind": self.kind, "title": self.title, "title_html": self.title_html, "url": self.url,
            "index_number": self.index_number, "document_number": self.document_number,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "unit": self.unit_name, "validity": self.validity, "validity_label": self.validity_label,
            "snippet_html": self.snippet_html,
        }


@dataclass
class SearchPage:
    query: str
    terms: list[str] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20
    results: list[SearchResult] = field(default_factory=list)
    facets: dict | None = None
    note: str = ""
    total_capped: bool = False  # more hits than COUNT_CAP; `total` is the cap

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def first_number(self) -> int:
        """The list number of this page's first hit (for <ol start>)."""
        return (self.page - 1) * self.per_page + 1

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages

    @property
    def previous_page(self) -> int:
        return self.page - 1

    @property
    def next_page(self) -> int:
        return self.page + 1

    def as_json(self) -> dict:
        return {
            "query": self.query, "note": self.note, "total": self.total, "total_capped": self.total_capped,
            "page": self.page,
            "per_page": self.per_page, "num_pages": self.num_pages,
            "results": [result.as_json() for result in self.results], "facets": self.facets,
        }


def _term_parts(terms: list[str], checks: list[str], expression, separator: str, prefix_mark: str) -> str:
    """The AND of every term's tokens, built by the tokeniser's own expression function.

    For a term that is verified against match_text anyway, a one-character prefix token
    (the 号 of 12号) is dropped when other tokens remain: it would only widen the index scan
    to every token starting with that character, and the exact check decides in any case.
    """
    parts: list[str] = []
    for term in terms:
        term_parts = [part for part in expression(term).split(separator) if part]
        if term in checks:
            term_parts = [part for part in term_parts if not part.endswith(prefix_mark)] or term_parts
        parts.extend(part for part in term_parts if part not in parts)
    return separator.join(parts)


def _only_agency() -> bool:
    """True when the database holds one agency: its filter token would then only cost time."""
    return Agency.objects.count() <= 1


def _filter_tokens(*, agency, column, unit, year, validity, topic=None, genre=None) -> list[str] | None:
    """Facet tokens (without '#') for the filters; None when a filter names nothing that exists."""
    tokens = []
    if agency is not None and not _only_agency():
        tokens.append(f"a{getattr(agency, 'pk', agency)}")
    if column not in (None, ""):
        if isinstance(column, Category):
            column_id = column.pk
        elif isinstance(column, int) or (isinstance(column, str) and column.isdigit()):
            column_id = int(column)
        else:
            found = Category.objects.filter(slug=column)
            if agency is not None:
                found = found.filter(agency_id=getattr(agency, "pk", agency))
            column_id = found.values_list("id", flat=True).first()
            if column_id is None:
                return None
        tokens.append(f"c{column_id}")
    if unit not in (None, ""):
        tokens.append(f"u{int(getattr(unit, 'pk', unit))}")
    if year not in (None, ""):
        tokens.append(f"y{int(year)}")
    if validity:
        if validity not in VALIDITY_LABELS:
            return None
        tokens.append(f"v{validity}")
    for prefix, value in (("t", topic), ("g", genre)):
        if value:
            token = classification_token(prefix, value)
            if token is None:
                return None
            tokens.append(token)
    return tokens


class _SqliteBackend:
    """FTS5: the token AND restricted to the `tokens` column, filters on the `facets` column."""

    def __init__(self, terms: list[str], filters: list[str], checks: list[str], boost: list[str],
                 phrases: dict[str, list[str]]):
        parts = [_term_parts([term for term in terms if term not in phrases], checks, fts5_match_expression,
                             " AND ", "*")]
        parts += ['"' + " ".join(bigrams) + '"' for bigrams in phrases.values()]
        match = f"tokens : ({' AND '.join(part for part in parts if part)})"
        if filters:
            match += " AND facets : (" + " AND ".join(f'"{token}"' for token in filters) + ")"
        self.params: list = [match]
        self.match, self.checks = match, checks
        self.where = f"f.{schema.FTS_TABLE} MATCH %s"
        self.join = ""
        if checks:
            self.join = f" JOIN {schema.TABLE} d ON d.id = (f.rowid & {schema.ROWID_ID_MASK})"
            self.where += "".join(" AND instr(d.match_text, %s) > 0" for _ in checks)
            self.params += checks
        self.order = "f.rowid DESC"
        self.order_params: list = []
        if boost:
            boost_match = "tokens : (" + " AND ".join(f'"{token}"' for token in boost) + ")"
            self.order = (f"(f.rowid IN (SELECT rowid FROM {schema.FTS_TABLE} WHERE {schema.FTS_TABLE} MATCH %s))"
                          " DESC, f.rowid DESC")
            self.order_params = [boost_match]

    def count(self, cap: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {schema.FTS_TABLE} f{self.join} WHERE {self.where}"
                           " LIMIT %s)", self.params + [cap + 1])
            return cursor.fetchone()[0]

    def frequent_page(self, limit: int, offset: int, cap: int) -> list[int] | None:
        """A page of a frequent term's hits without counting them, or None to count as usual.

        FTS5 counts index matches up to the cap in milliseconds, and the exact check of a term
        without dictionary words (a 文号, c1驾照) stops at the cap too. Whole-word ranking (出入境
        or 户籍迁移 as a word first) is the cost: it orders every candidate. When the index holds
        WALK_GATE times `cap` texts with the whole words (which rank first), the newest of them are
        read in rowid order and checked one by one, at most WALK_BUDGET times the hits the page
        needs. The page is returned if the walk found it and the share of candidates that passed
        the check puts the total at WALK_CLAIM_MARGIN times `cap`; otherwise the exact path runs.
        """
        if not self.order_params:
            return None
        needed = offset + limit
        match = f"({self.match}) AND {self.order_params[0]}"
        gate = int(WALK_GATE * cap)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {schema.FTS_TABLE} WHERE {schema.FTS_TABLE} MATCH %s"
                           " LIMIT %s)", [match, gate])
            candidates = cursor.fetchone()[0]
            if candidates < gate:
                return None
            check = " AND ".join("instr(d.match_text, %s) > 0" for _ in self.checks) or "1"
            cursor.execute(f"SELECT f.rowid & {schema.ROWID_ID_MASK}, {check} FROM {schema.FTS_TABLE} f"
                           f" JOIN {schema.TABLE} d ON d.id = (f.rowid & {schema.ROWID_ID_MASK})"
                           f" WHERE f.{schema.FTS_TABLE} MATCH %s ORDER BY f.rowid DESC LIMIT %s",
                           self.checks + [match, WALK_BUDGET * needed])
            hits, seen = [], 0
            for document_id, passed in cursor:
                seen += 1
                if passed:
                    hits.append(document_id)
                    if len(hits) == needed:
                        break
        if len(hits) < needed or needed * candidates < WALK_CLAIM_MARGIN * cap * seen:
            return None
        return hits[offset:]

    def ids(self, limit: int | None, offset: int, total: int | None = None) -> list[int]:
        sql = f"SELECT f.rowid & {schema.ROWID_ID_MASK} FROM {schema.FTS_TABLE} f{self.join} WHERE {self.where} ORDER BY {self.order}"
        params = self.params + self.order_params
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params = params + [limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [row[0] for row in cursor.fetchall()]


class _PostgresBackend:
    """tsvector: the token AND and the filter lexemes in one GIN lookup."""

    def __init__(self, terms: list[str], filters: list[str], checks: list[str], boost: list[str],
                 phrases: dict[str, list[str]]):
        self.where = "d.search_vector @@ to_tsquery('simple', %s)"
        self.params: list = [_term_parts(terms, checks, tsquery_text, " & ", ":*")]
        if filters:
            self.where = "d.search_vector @@ (to_tsquery('simple', %s) && %s::tsquery)"
            self.params.append(" & ".join("'#" + token + "'" for token in filters))
        self.match_where, self.match_params = self.where, list(self.params)  # the index part alone
        self.where += "".join(" AND strpos(d.match_text, %s) > 0" for _ in checks)
        self.params += checks
        self.order = "d.published_on DESC, d.id DESC"  # matches the search_doc_recent index
        self.order_params: list = []
        if boost:
            self.order = "(d.search_vector @@ %s::tsquery) DESC, " + self.order
            self.order_params = [" & ".join("'" + token.replace("'", "''") + "'" for token in boost)]

    def _fetch(self, sql: str, params: list, *, walk_recency_index: bool = False) -> list[tuple]:
        """Run with sequential scans ruled out, inside a transaction that scopes the setting.

        The planner does not know that testing a row's tsvector means detoasting it, so for a
        frequent word it picks a sequential scan that reads every row (seconds at 1M rows);
        the GIN bitmap, or the recency index read backwards for a first page, is what we want.
        The previous values are put back, as the caller may hold an outer transaction.
        """
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('work_mem'),"
                           " current_setting('enable_bitmapscan')")
            seqscan, work_mem, bitmapscan = cursor.fetchone()
            cursor.execute("SELECT set_config('enable_seqscan', 'off', true), set_config('work_mem', '64MB', true),"
                           " set_config('enable_bitmapscan', %s, true)", ["off" if walk_recency_index else bitmapscan])
            try:
                cursor.execute(sql, params)
                return cursor.fetchall()
            finally:
                cursor.execute("SELECT set_config('enable_seqscan', %s, true), set_config('work_mem', %s, true),"
                               " set_config('enable_bitmapscan', %s, true)", [seqscan, work_mem, bitmapscan])

    def _table_rows(self) -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [schema.TABLE])
            return max(cursor.fetchone()[0], 0)

    def _estimate(self, where: str, params: list) -> float:
        """The planner's row estimate for a match (from the tsvector's most common lexemes)."""
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {schema.TABLE} d WHERE {where}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str):
            plan = json.loads(plan)
        return float(plan[0]["Plan"]["Plan Rows"])

    def frequent_page(self, limit: int, offset: int, cap: int) -> list[int] | None:
        """A page of a very frequent word's hits without counting them, or None to count as usual.

        Counting even `cap` hits of 户籍 (in a quarter of a million texts) means building a GIN
        bitmap of every one of them and fetching `cap` heap rows: about 100 ms at 1M texts. When
        the planner expects WALK_GATE times `cap` hits, the newest page is read instead by
        walking the recency index, bounded to WALK_SLACK times the rows the estimate says it
        needs. With whole-word ranking (出入境 as a word first), the walk reads only texts that
        hold the whole words: if they alone fill the page, they are the page. The page is
        returned only if the walk found it and the frequency it saw (hits per row read) puts the
        total at WALK_CLAIM_MARGIN times `cap` or more; otherwise the exact path runs, so an
        estimate that was wrong costs a bounded walk, never a wrong answer.
        """
        where, params = self.where, self.params
        # The candidates' frequency: the planner knows lexemes, not what strpos will keep.
        estimate_where, estimate_params = self.match_where, self.match_params
        if self.order_params:
            where = f"{self.where} AND d.search_vector @@ %s::tsquery"
            params = self.params + self.order_params
            estimate_where, estimate_params = "d.search_vector @@ %s::tsquery", self.order_params
        needed = offset + limit
        estimate = self._estimate(estimate_where, estimate_params)
        rows = self._table_rows()
        if rows <= 0 or estimate < WALK_GATE * cap:
            return None
        budget = min(int(rows), int(WALK_SLACK * needed * rows / estimate) + 100)
        sql = (f"SELECT id, seen FROM (SELECT d.id, d.search_vector, d.match_text, row_number() OVER"
               f" (ORDER BY d.published_on DESC, d.id DESC) AS seen FROM {schema.TABLE} d"
               f" ORDER BY d.published_on DESC, d.id DESC LIMIT %s) d WHERE {where}"
               f" ORDER BY seen LIMIT %s")
        hits = self._fetch(sql, [budget] + params + [needed], walk_recency_index=True)
        if len(hits) < needed or hits[-1][1] * WALK_CLAIM_MARGIN * cap > needed * rows:
            return None
        return [row[0] for row in hits[offset:]]

    def count(self, cap: int) -> int:
        return self._fetch(f"SELECT count(*) FROM (SELECT 1 FROM {schema.TABLE} d WHERE {self.where} LIMIT %s) s",
                           self.params + [cap + 1])[0][0]

    def ids(self, limit: int | None, offset: int, total: int | None = None) -> list[int]:
        """Hit ids in rank order.

        When the hits are frequent (we know `total` already), the newest `offset + limit` of
        them are found by reading the recency index backwards and testing each row, which
        stops after a few hundred rows, instead of collecting and sorting every hit.
        """
        sql = f"SELECT d.id FROM {schema.TABLE} d WHERE {self.where} ORDER BY {self.order}"
        params = self.params + self.order_params
        walk = False
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params = params + [limit, offset]
            if total and not self.order_params:
                walk = (offset + limit) * self._table_rows() / total <= RECENCY_WALK_ROWS
        return [row[0] for row in self._fetch(sql, params, walk_recency_index=walk)]


def _phrases(terms: list[str]) -> dict[str, list[str]]:
    """The terms the index answers by position (SQLite's FTS5 keeps positions), with their bigrams.

    PostgreSQL is left to the exact check: its GIN index holds no positions (a `<->` query is
    rechecked on every candidate's tsvector, the same read as strpos on match_text), and a
    tsvector keeps at most 256 positions per lexeme and none past 16,383, so phrases in long
    texts would be missed.
    """
    if connection.vendor != "sqlite":
        return {}
    return {term: bigrams for term in terms if (bigrams := han_bigrams(term))}


def _backend(terms, filters, checks, boost, phrases):
    if connection.vendor == "sqlite":
        return _SqliteBackend(terms, filters, checks, boost, phrases)
    if connection.vendor == "postgresql":
        return _PostgresBackend(terms, filters, checks, boost, phrases)
    raise RuntimeError(f"全文检索不支持数据库 {connection.vendor}")


def _result(document: SearchDocument, terms: list[str]) -> SearchResult:
    return SearchResult(
        kind=document.kind, object_id=document.object_id, title=document.title,
        title_html=highlight(document.title, terms), url=document.url, index_number=document.index_number,
        document_number=document.document_number, published_on=document.published_on,
        unit_name=document.unit_name, validity=document.validity,
        validity_label=VALIDITY_LABELS.get(document.validity, document.validity),
        snippet_html=snippet(document.plain_text, terms),
    )


def _results(page_ids: list[int], terms: list[str], guarded: list[str] = ()) -> list[SearchResult]:
    """The page's hits in rank order, read in one query without the index-only columns.

    `guarded` terms were matched by position in the index, not checked against the text: the
    page shown is checked here (a few texts, never every candidate), so a hit that does not hold
    them as written can never be shown.
    """
    if guarded:
        texts = dict(SearchDocument.objects.filter(id__in=page_ids).values_list("id", "match_text"))
        page_ids = [pk for pk in page_ids if all(term in texts.get(pk, "") for term in guarded)]
    documents = SearchDocument.objects.defer("tokens", "match_text", "facets").in_bulk(page_ids)
    return [_result(documents[pk], terms) for pk in page_ids if pk in documents]


def _facet_counts(ids: list[int]) -> dict:
    rows = SearchDocument.objects.filter(id__in=ids)
    years = rows.exclude(year=None).values("year").annotate(count=Count("id")).order_by("-year")
    units = rows.exclude(unit=None).values("unit_id", "unit_name").annotate(count=Count("id")).order_by("-count", "unit_name")
    return {
        "year": [{"value": row["year"], "count": row["count"]} for row in years],
        "unit": [{"value": row["unit_id"], "label": row["unit_name"], "count": row["count"]} for row in units],
    }


def search(query: str, *, agency, column=None, unit=None, year=None, validity=None, topic=None, genre=None,
           page: int = 1, per_page: int = 20, with_facets: bool = True) -> SearchPage:
    """One page of hits for `query` within `agency` (None: every agency), optionally filtered.

    `column` is a Category, its id or its slug (its sub-columns are included); `unit` a Unit or
    id; `year` the publication year; `validity` one of valid / expired / repealed / amended.
    """
    query = without_control_characters(query or "").strip()
    per_page = max(1, min(int(per_page), MAX_PER_PAGE))
    page = max(1, int(page))
    note = ""
    if len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS]
        note = f"检索词过长，只按前{MAX_QUERY_CHARS}个字符检索。"
    terms = query_terms(query)
    result_page = SearchPage(query=query, terms=terms, page=page, per_page=per_page, note=note)
    if not terms:
        return result_page
    filters = _filter_tokens(agency=agency, column=column, unit=unit, year=year, validity=validity, topic=topic,
                             genre=genre)
    if filters is None:
        return result_page
    text = " ".join(terms)
    tokens = set(query_tokens(text))
    boost = [token for token in rank_tokens(text) if token not in tokens]
    phrases = _phrases(terms)
    checks = [term for term in terms if term_needs_verification(term) and term not in phrases]
    backend = _backend(terms, filters, checks, boost, phrases)
    offset = (page - 1) * per_page

    frequent_ids = backend.frequent_page(per_page, offset, COUNT_CAP) if offset < COUNT_CAP else None
    if frequent_ids is not None:
        result_page.total, result_page.total_capped = COUNT_CAP, True
        result_page.results = _results(frequent_ids, terms, list(phrases))
        return result_page
    counted = backend.count(COUNT_CAP)
    result_page.total_capped = counted > COUNT_CAP
    result_page.total = min(counted, COUNT_CAP)
    if result_page.total == 0:
        return result_page
    if with_facets and not result_page.total_capped and result_page.total <= FACET_LIMIT:
        all_ids = backend.ids(None, 0)
        page_ids = all_ids[offset : offset + per_page]
        result_page.facets = _facet_counts(all_ids)
    else:
        page_ids = backend.ids(per_page, offset, result_page.total) if offset < result_page.total else []
    result_page.results = _results(page_ids, terms, list(phrases))
    return result_page
