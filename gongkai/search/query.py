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
   On SQLite a CJK term of three or more characters (出入境, 户籍迁移) needs no such check: the
   FTS5 table's `ngrams` column holds every three- and four-character piece of each text
   (gongkai.core.ngrams), so a word of three or four characters is one posting list ("~出入境") and
   a longer phrase a phrase query over its four-character pieces ("~无犯罪记 ~犯罪记录 ~罪记录证
   ~记录证明"), which the index's positions answer exactly; a text too long for n-grams ('~~') is
   matched by a phrase query over the term's bigrams in `tokens` ("户籍 籍迁 迁移",
   gongkai.core.tokenize.han_bigrams). The substring check then only guards the page shown
   (_results), never a scan of every candidate.
   Latin letters and digits match as whole runs (the tokeniser's rule: 12号 never finds 120号).
4. Order: texts holding the query's whole dictionary words (rank_tokens, e.g. 户籍迁移 as one
   word) first, then newest first (published_on, then id). On SQLite the FTS rowid is that
   recency key, so a page of the newest hits is read straight off the index.
5. Frequent queries: on PostgreSQL collecting the hits is the cost (a heap row each), on SQLite
   the exact check and whole-word ranking of every candidate; so when there are many of them
   (see WALK_GATE) the first pages are read by a bounded walk newest first instead, and the page
   says "约N条" (an estimate from the walk) or "超过N条" (the backends' frequent_page).
   On PostgreSQL a CJK word of three or four characters is one n-gram lexeme and a longer phrase
   an AND of four-grams (gongkai.search.schema), so the GIN index answers words by itself too.
Only published, proactively disclosed texts are in the index (gongkai.search.indexing), so
nothing else can be found. Nothing is cached: each call reads the committed index.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

from django.db import connection, transaction

from gongkai.catalog.models import Category
from gongkai.core.ngrams import NGRAM_LONG_LEXEME, NGRAM_MAX_BYTES, term_ngrams
from gongkai.core.text import without_control_characters
from gongkai.core.tokenize import fts5_match_expression, han_bigrams, query_tokens, rank_tokens, tsquery_text
from gongkai.org.models import Agency
from gongkai.search import schema
from gongkai.search.indexing import classification_token
from gongkai.search.models import SearchDocument
from gongkai.search.text import (MAX_QUERY_CHARS, highlight, is_cjk_run, query_terms, snippet,
                                 term_needs_verification)

__all__ = ["SearchResult", "SearchPage", "search", "MAX_PER_PAGE", "FACET_LIMIT"]

MAX_PER_PAGE = 50
# Facet counts are computed when the hits are few enough to count per year and unit cheaply.
FACET_LIMIT = 2000
# Counting every hit of a very common word (户籍 in a quarter of a million texts) costs more than
# the page itself; past this many the page says "超过N条" (as every search engine does).
COUNT_CAP = 10000

# PostgreSQL: read the recency index backwards when about this many rows give a page of hits.
RECENCY_WALK_ROWS = 5000
# Frequent queries (the backends' frequent_page) are answered by a walk newest first instead of
# counting and sorting every hit. SQLite walks when its index counts min(WALK_MIN_HITS,
# WALK_GATE * COUNT_CAP) candidates and the query has an exact check or whole-word ranking;
# PostgreSQL when the hits' upper estimate reaches _walk_gate (at most WALK_GATE * COUNT_CAP).
# A walk's total is exact when the index settles every candidate, else an estimate (约N条); it
# claims "more than COUNT_CAP" only at WALK_CLAIM_MARGIN times the cap.
WALK_GATE = 3
WALK_MIN_HITS = 2000
# PostgreSQL: the walk reads at most WALK_SLACK times the rows the estimate says a page needs.
WALK_SLACK = 4
WALK_CLAIM_MARGIN = 1.5
# SQLite: at most this many candidates read per hit a page needs.
WALK_BUDGET = 50
# PostgreSQL: the planner's share of rows for a lexeme it has no statistics for (DEFAULT_TS_MATCH_SEL).
DEFAULT_LEXEME_SHARE = 0.005

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
    total_estimated: bool = False  # `total` is an estimate from a walk (shown as 约N条)

    @property
    def num_pages(self) -> int:
        """Pages up to COUNT_CAP hits: an estimated total may be larger, and no page past the cap is offered."""
        return max(1, -(-min(self.total, COUNT_CAP) // self.per_page))

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
            "total_estimated": self.total_estimated,
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


def _sqlite_phrase(bigrams: list[str]) -> str:
    """FTS5: a CJK term of three or more characters, exactly, from the postings (n-grams; bigrams for long texts).

    The term is one n-gram or a phrase of its four-character n-grams in the `ngrams` column, or, in a
    text too long for n-grams (marked '~~'), a phrase of its bigrams in `tokens` (search.schema).
    """
    term = bigrams[0] + "".join(bigram[1] for bigram in bigrams[1:])
    return (f'(ngrams : "{" ".join(term_ngrams(term))}" OR (ngrams : "{NGRAM_LONG_LEXEME}"'
            f' AND tokens : "{" ".join(bigrams)}"))')


class _SqliteBackend:
    """FTS5: the token AND on the `tokens` column, CJK words and phrases on `ngrams`, filters on `facets`."""

    def __init__(self, terms: list[str], filters: list[str], checks: list[str], boost: list[str],
                 phrases: dict[str, list[str]]):
        self.walk_total: tuple[int, bool] = (0, False)  # set by frequent_page: (total, exact?)
        tokens = _term_parts([term for term in terms if term not in phrases], checks, fts5_match_expression,
                             " AND ", "*")
        parts = [f"tokens : ({tokens})"] if tokens else []
        parts += [_sqlite_phrase(bigrams) for bigrams in phrases.values()]
        match = " AND ".join(parts)
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
        """A page of a query with many candidates read newest first, or None to count and sort as usual.

        FTS5 counts index matches (phrases included) in milliseconds. What costs is what the index
        does not settle: the exact check of each candidate (c1驾照, a 文号) and whole-word ranking
        (出入境 or 户籍迁移 as a word first), which orders every hit. When the candidates reach
        min(WALK_MIN_HITS, WALK_GATE * cap) they are read in rowid order (newest first): first those
        with the whole words, then the others (NOT the words), checking each, at most WALK_BUDGET
        rows per hit the page needs. `walk_total` is then the candidate count, exact when nothing
        was checked, else scaled by the share of walked candidates that passed (an estimate). If
        the walk does not fill the page, the exact path runs.
        """
        if not self.checks and not self.order_params:
            return None  # the index alone counts and pages these, newest first
        needed = offset + limit
        gate = int(WALK_GATE * cap)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {schema.FTS_TABLE} WHERE {schema.FTS_TABLE} MATCH %s"
                           " LIMIT %s)", [self.match, gate])
            candidates = cursor.fetchone()[0]
        if candidates < min(WALK_MIN_HITS, gate):
            return None
        phases = [self.match]
        if self.order_params:
            phases = [f"({self.match}) AND {self.order_params[0]}", f"({self.match}) NOT {self.order_params[0]}"]
        check = " AND ".join("instr(d.match_text, %s) > 0" for _ in self.checks) or "1"
        join = f" JOIN {schema.TABLE} d ON d.id = (f.rowid & {schema.ROWID_ID_MASK})" if self.checks else ""
        budget = WALK_BUDGET * needed
        hits, seen, passed = [], 0, 0
        with connection.cursor() as cursor:
            for phase in phases:
                cursor.execute(f"SELECT f.rowid & {schema.ROWID_ID_MASK}, {check} FROM {schema.FTS_TABLE} f{join}"
                               f" WHERE f.{schema.FTS_TABLE} MATCH %s ORDER BY f.rowid DESC LIMIT %s",
                               self.checks + [phase, budget - seen])
                for document_id, ok in cursor:
                    seen += 1
                    if ok:
                        passed += 1
                        hits.append(document_id)
                        if len(hits) == needed:
                            break
                if len(hits) == needed or seen >= budget:
                    break
        if len(hits) < needed:
            return None
        if not self.checks:
            self.walk_total = (candidates, True)
            return hits[offset:]
        estimate = max(passed, round(candidates * passed / seen))
        if candidates >= gate and estimate < WALK_CLAIM_MARGIN * cap:
            return None  # more candidates than counted, and too few passed to say "more than the cap"
        self.walk_total = (estimate, False)
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


def _ngram_lexemes(terms: list[str]) -> dict[str, list[str]]:
    """PostgreSQL: each CJK term of three or more characters with the n-gram lexemes that find it (core.ngrams).

    Three or four characters: the term itself, one exact lexeme. Longer: its four-grams, whose AND
    a text can satisfy with the pieces apart (户籍窗口 … 窗口办理 is no 户籍窗口办理 only if 籍窗口办 is
    missing), so such a term keeps the exact check.
    """
    return {term: term_ngrams(term) for term in terms if han_bigrams(term) is not None}


def _lexeme_and(lexemes: list[str]) -> str:
    """A ::tsquery literal of verbatim lexemes (n-grams and facets hold no quotes or backslashes)."""
    return " & ".join("'" + lexeme + "'" for lexeme in lexemes)


class _PostgresBackend:
    """tsvector: bigram tokens, n-gram lexemes and filter lexemes in one GIN lookup; a bounded walk for frequent words.

    `where` is the exact condition (GIN match plus the text checks). `walk_where` is the same set
    tested row by row on the recency index, cheapest first: a CJK term of two or more characters is
    a substring test on the row's match_text, which is exactly what its bigram or n-gram lexeme
    says, without reading the stored tsvector; the rest (Latin, 文号, filters) goes through it.
    """

    def __init__(self, terms: list[str], filters: list[str], checks: list[str], boost: list[str],
                 phrases: dict[str, list[str]]):
        self.ngrams = _ngram_lexemes(terms)
        self.where, self.params = self._condition(terms, filters, checks)
        self.match_where, self.match_params = self._condition(terms, filters, [])  # the index part alone
        substring_terms = [term for term in terms if is_cjk_run(term) and len(term) >= 2]
        rest = [term for term in terms if term not in substring_terms]
        walk = ["strpos(d.match_text, %s) > 0" for _ in substring_terms]
        self.walk_params = list(substring_terms)
        if rest or filters:
            rest_where, rest_params = self._condition(rest, filters, [term for term in checks if term in rest])
            walk.append(rest_where)
            self.walk_params += rest_params
        self.walk_where = " AND ".join(walk)
        self.probes = self._probes(terms)
        self.boost_query = ""
        self.ranked: list[tuple[str, list]] = []  # whole-word hits, then the others: one GIN match each
        if boost:
            self.boost_query = " & ".join("'" + token.replace("'", "''") + "'" for token in boost)
            self.ranked = [self._condition(terms, filters, checks, self.boost_query),
                           self._condition(terms, filters, checks, f"!({self.boost_query})")]
        self.walk_total: tuple[int, bool] = (0, False)  # set by frequent_page: (total, exact?)

    def _condition(self, terms: list[str], filters: list[str], checks: list[str],
                   extra: str = "") -> tuple[str, list]:
        """The GIN match of `terms`, `filters` and the tsquery `extra`, AND the text checks of `checks`."""
        pieces, params = [], []
        plain = [term for term in terms if term not in self.ngrams]
        base = _term_parts(plain, [term for term in checks if term in plain], tsquery_text, " & ", ":*")
        if base:
            pieces.append("to_tsquery('simple', %s)")
            params.append(base)
        for term in terms:
            if term in self.ngrams:  # the n-grams, or for a text too long to hold them ('~~') the bigrams
                pieces.append("(%s::tsquery || (%s::tsquery && to_tsquery('simple', %s)))")
                params += [_lexeme_and(self.ngrams[term]), _lexeme_and([NGRAM_LONG_LEXEME]),
                           tsquery_text(term)]
        if filters:
            pieces.append("%s::tsquery")
            params.append(_lexeme_and(["#" + token for token in filters]))
        if extra:
            pieces.append("%s::tsquery")
            params.append(extra)
        sql = "d.search_vector @@ (" + " && ".join(pieces) + ")" if pieces else "TRUE"
        for term in checks:
            if len(self.ngrams.get(term, ())) == 1:  # one n-gram: exact, unless the text is too long
                sql += f" AND (octet_length(d.match_text) <= {NGRAM_MAX_BYTES} OR strpos(d.match_text, %s) > 0)"
            else:
                sql += " AND strpos(d.match_text, %s) > 0"
            params.append(term)
        return sql, params

    def _probes(self, terms: list[str]) -> list[str]:
        """Lexemes every hit must hold (a one-character token ends with '*', a prefix): the rarest bounds the hits."""
        probes = []
        for term in terms:
            if term in self.ngrams:
                probes += self.ngrams[term]
            else:
                probes += [token + "*" if len(token) == 1 and is_cjk_run(token) else token
                           for token in query_tokens(term)]
        return probes

    def _fetch(self, sql: str, params: list, *, walk_recency_index: bool = False) -> list[tuple]:
        """Run with sequential scans ruled out, inside a transaction that scopes the setting.

        The planner does not know that testing a row's tsvector means detoasting it, so for a
        frequent word it picks a sequential scan that reads every row (seconds at 1M rows);
        the GIN bitmap, or the recency index read backwards for a first page, is what we want.
        The previous values are put back, as the caller may hold an outer transaction.
        """
        nested = connection.in_atomic_block  # only then do the settings outlive this block
        with transaction.atomic(), connection.cursor() as cursor:
            seqscan, work_mem, bitmapscan = self._settings(cursor, walk_recency_index)
            try:
                cursor.execute(sql, params)
                return cursor.fetchall()
            finally:
                if nested:
                    self._restore(cursor, seqscan, work_mem, bitmapscan)

    @staticmethod
    def _settings(cursor, walk_recency_index: bool) -> tuple[str, str, str]:
        # One round trip: the select list is evaluated left to right, so the old values are read first.
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('work_mem'),"
                       " current_setting('enable_bitmapscan'), set_config('enable_seqscan', 'off', true),"
                       " set_config('work_mem', '64MB', true),"
                       " set_config('enable_bitmapscan', CASE WHEN %s THEN 'off' ELSE current_setting('enable_bitmapscan') END,"
                       " true)", [walk_recency_index])
        seqscan, work_mem, bitmapscan = cursor.fetchone()[:3]
        return seqscan, work_mem, bitmapscan

    @staticmethod
    def _restore(cursor, seqscan: str, work_mem: str, bitmapscan: str) -> None:
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

    def _upper_estimate(self, rows: float, statistics: dict) -> float:
        """About how many texts at most hold every term: the smallest share of one lexeme each of them needs.

        The planner's estimate for the whole AND assumes the lexemes independent, which a word's
        overlapping bigrams and n-grams are not (it is off by orders of magnitude for a phrase).
        The shares are the column's statistics (_statistics), as the planner would use them.
        """
        if not self.probes:
            return self._estimate(self.match_where, self.match_params)
        return rows * min(_lexeme_share(statistics, lexeme) for lexeme in self.probes)

    def frequent_page(self, limit: int, offset: int, cap: int) -> list[int] | None:
        """A page of a frequent query's hits read off the recency index, or None to count as usual.

        Collecting every hit to count and sort them costs a heap row each (a second at 100,000 hits),
        while the newest hits of a frequent query are among the newest rows. So when the hits may be
        many (their upper estimate reaches _walk_gate), the recency index is read backwards, at most
        WALK_SLACK times the rows that estimate says the page needs, testing each row with walk_where
        (and, with whole-word ranking, whether it holds the whole words: those rank first, so the page
        is theirs if they alone fill it). The total is then estimated from the share of rows read
        that were hits (`estimated_total`, shown as 约). If the walk does not fill the page the exact
        path runs: a wrong estimate costs a bounded walk, never a wrong answer.
        """
        needed = offset + limit
        rows, statistics = _statistics()
        if rows <= 0:
            return None
        estimate = self._upper_estimate(rows, statistics)
        if self.boost_query:
            estimate = min(estimate, self._estimate("d.search_vector @@ %s::tsquery", [self.boost_query]))
        if estimate < _walk_gate(needed, rows, cap):
            return None
        budget = min(int(rows), int(WALK_SLACK * needed * rows / max(estimate, 1)) + 100)
        boosted = "d.search_vector @@ %s::tsquery" if self.boost_query else "TRUE"
        sql = (f"SELECT id, seen, {boosted} FROM (SELECT d.id, d.search_vector, d.match_text, row_number() OVER"
               f" (ORDER BY d.published_on DESC, d.id DESC) AS seen FROM {schema.TABLE} d"
               f" ORDER BY d.published_on DESC, d.id DESC LIMIT %s) d WHERE {self.walk_where}")
        params = ([self.boost_query] if self.boost_query else []) + [budget] + self.walk_params
        hits, matched, seen = [], 0, 0
        nested = connection.in_atomic_block
        with transaction.atomic():
            with connection.cursor() as cursor:
                settings = self._settings(cursor, True)
            try:
                # A server-side cursor: rows are tested only until the page is full.
                with connection.connection.cursor(name="search_walk") as walk:
                    walk.itersize = needed + 10
                    walk.execute(sql, params)
                    for document_id, seen, is_boosted in walk:
                        matched += 1
                        if is_boosted:
                            hits.append(document_id)
                            if len(hits) == needed:
                                break
            finally:
                if nested:
                    with connection.cursor() as cursor:
                        self._restore(cursor, *settings)
        if len(hits) < needed:
            return None
        self.walk_total = (max(matched, round(matched * rows / seen)), False)
        return hits[offset:]

    def count(self, cap: int) -> int:
        return self._fetch(f"SELECT count(*) FROM (SELECT 1 FROM {schema.TABLE} d WHERE {self.where} LIMIT %s) s",
                           self.params + [cap + 1])[0][0]

    def ids(self, limit: int | None, offset: int, total: int | None = None) -> list[int]:
        """Hit ids in rank order.

        When the hits are frequent (we know `total` already), the newest `offset + limit` of
        them are found by reading the recency index backwards and testing each row, which
        stops after a few hundred rows, instead of collecting and sorting every hit. With
        whole-word ranking, the texts with the words and those without are two GIN matches,
        each sorted by recency: ordering by a per-row `@@` would read every hit's tsvector.
        """
        if self.ranked:
            needed = None if limit is None else offset + limit
            found: list[int] = []
            for where, params in self.ranked:
                sql = f"SELECT d.id FROM {schema.TABLE} d WHERE {where} ORDER BY d.published_on DESC, d.id DESC"
                if needed is not None:
                    sql += " LIMIT %s"
                    params = params + [needed - len(found)]
                found += [row[0] for row in self._fetch(sql, params)]
                if needed is not None and len(found) >= needed:
                    break
            return found[offset:needed]
        sql = f"SELECT d.id FROM {schema.TABLE} d WHERE {self.where} ORDER BY d.published_on DESC, d.id DESC"
        params = self.params
        walk = False
        if limit is not None:
            sql += " LIMIT %s OFFSET %s"
            params = params + [limit, offset]
            if total:
                walk = (offset + limit) * self._table_rows() / total <= RECENCY_WALK_ROWS
        return [row[0] for row in self._fetch(sql, params, walk_recency_index=walk)]


# PostgreSQL: the search_vector column's lexeme statistics, read again when the table was analysed since.
_SHARES: dict = {"key": None, "shares": {}, "floor": DEFAULT_LEXEME_SHARE}


def _statistics() -> tuple[float, dict]:
    """The table's row estimate, and {"shares": {lexeme: share of rows}, "floor": share of any other lexeme}.

    The shares are pg_stats' most common elements of search_vector, read again only after the
    table was analysed. The planner takes a lexeme missing from them to be in min(0.005, the
    rarest listed share / 2) of the rows; so does this.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT c.reltuples, greatest(s.last_analyze, s.last_autoanalyze) FROM pg_class c"
                       " LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid WHERE c.oid = %s::regclass", [schema.TABLE])
        rows, key = cursor.fetchone()
        if key is None or key != _SHARES["key"]:
            cursor.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                           " WHERE schemaname = current_schema() AND tablename = %s AND attname = 'search_vector'",
                           [schema.TABLE])
            stats = cursor.fetchone()
            shares, floor = {}, DEFAULT_LEXEME_SHARE
            if stats and stats[0]:
                elements, frequencies = stats
                shares = dict(zip(elements, frequencies))
                floor = min(DEFAULT_LEXEME_SHARE, frequencies[len(elements)] / 2)
            _SHARES.update(key=key, shares=shares, floor=floor)
    return max(rows, 0), _SHARES


def _lexeme_share(statistics: dict, lexeme: str) -> float:
    shares = statistics["shares"]
    if lexeme.endswith("*"):  # a prefix: every listed lexeme it starts, or the floor
        prefix = lexeme[:-1]
        return min(1.0, max(statistics["floor"], sum(v for k, v in shares.items() if k.startswith(prefix))))
    return shares.get(lexeme, statistics["floor"])


def _walk_gate(needed: int, rows: float, cap: int) -> float:
    """PostgreSQL: the estimated hits from which a walk is cheaper than collecting them all.

    A walk reads about WALK_SLACK * needed * rows / hits rows; collecting reads every hit. They cost
    the same at sqrt(WALK_SLACK * needed * rows) hits (about 9,000 at 1M texts for a first page).
    """
    return min(WALK_GATE * cap, max(WALK_MIN_HITS, math.sqrt(WALK_SLACK * needed * rows)))


def _phrases(terms: list[str]) -> dict[str, list[str]]:
    """The terms SQLite answers from the index alone (n-grams and positions, _sqlite_phrase), with their bigrams.

    PostgreSQL's GIN index holds no positions (a `<->` query is rechecked on every candidate's
    tsvector, and a tsvector keeps at most 256 positions per lexeme and none past 16,383; RUM
    1.3.13 rechecks phrases as well): it finds such terms by n-gram lexemes (_ngram_lexemes).
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
    """Hits per year and per unit, from one grouped read of the hits' rows (the ids as one parameter).

    Two ORM queries with an IN list of up to FACET_LIMIT ids cost more than the search itself.
    """
    if connection.vendor == "postgresql":
        where, parameter = "id = ANY(%s)", list(ids)
    else:
        where, parameter = "id IN (SELECT value FROM json_each(%s))", json.dumps(ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT year, unit_id, unit_name, count(*) FROM {schema.TABLE} WHERE {where}"
                       " GROUP BY year, unit_id, unit_name", [parameter])
        groups = cursor.fetchall()
    years: dict[int, int] = {}
    units: dict[tuple[int, str], int] = {}
    for year, unit_id, unit_name, count in groups:
        if year is not None:
            years[year] = years.get(year, 0) + count
        if unit_id is not None:
            units[(unit_id, unit_name)] = units.get((unit_id, unit_name), 0) + count
    return {
        "year": [{"value": year, "count": count} for year, count in sorted(years.items(), reverse=True)],
        "unit": [{"value": unit_id, "label": name, "count": count}
                 for (unit_id, name), count in sorted(units.items(), key=lambda item: (-item[1], item[0][1]))],
    }


def _rounded(number: int) -> int:
    """An estimate to two significant digits (12,345 → 12,000): no more precise than it is."""
    digits = max(len(str(int(number))) - 2, 0)
    return int(round(number, -digits))


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
        number, exact = backend.walk_total
        if exact:
            result_page.total, result_page.total_capped = min(number, COUNT_CAP), number > COUNT_CAP
        elif number >= WALK_CLAIM_MARGIN * COUNT_CAP:
            result_page.total, result_page.total_capped = COUNT_CAP, True
        else:
            result_page.total, result_page.total_estimated = _rounded(number), True
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
