"""The public 双公示 query: which records the public may find, how a query is read, and one page of results.

Visible means: the current version, published (`published_at` set by the push/publish step), not
withdrawn, and for a penalty not repaired and not past its 公示截止期 (`publicity_ends_on`, checked
by date here, so a record leaves the pages the day after even if the expiry job has not run).

How the search text is read (decided here, documented for the public on the page):
- 18 characters of the USCC alphabet → exact 统一社会信用代码;
- text with a 文号 bracket or 号/字 and a digit → exact 决定文书号 (〔〕, [] and （） variants tried);
- anything else → any part of a party name (exact name first, then names starting with it, then
  names holding it elsewhere; newest first within each), **only among 法人及非法人组织, and
  among 个体工商户 when the text is at least 5 characters**; the bigram and trigram index of
  name_index.py finds the candidates and a LIKE makes them exact. Up to NAME_SORT_ROWS matches are
  sorted whole; a text in more names than that (a trade word: 餐饮, 建材) would make every page
  read all of them, so its page is read newest first along the decision-date index instead, one
  rank at a time (see _frequent_name_page), with the same result. The index is asked only for the query's
  uncommon n-grams: a bigram like 有限 would make it read a pointer to most of the table for
  nothing (PostgreSQL: by its statistics; SQLite: by counting, see _selective). A natural person
  is therefore never found by name: a Chinese personal name is 2-4 characters, the public sees
  natural persons only as "张某某", and matching on the masked form would turn the page into a
  way to test whether a given person has a record. 个体工商户 without a 字号 may be registered
  under the operator's own name, which the 5-character floor keeps out of reach. Natural persons' records stay findable by
  their 决定书文号, which the party holds.
Counts stop at `COUNT_CAP` and pages at `MAX_PAGE`: the page is for finding a record, not for
copying the database, and a bounded count keeps every query within a few index pages.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, F, Func, IntegerField, Q, TextField, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.core.text import half_width_table, without_control_characters
from gongkai.credit import name_index
from gongkai.credit.masking import INDIVIDUAL_BUSINESS, ORGANISATION, public_summary
from gongkai.credit.models import LicenseRecord, PenaltyRecord, PowerItem
from gongkai.credit.planner import without_jit

__all__ = [
    "COUNT_CAP",
    "CreditQuery",
    "KINDS",
    "MAX_PAGE",
    "PAGE_SIZE",
    "ResultPage",
    "read_query_text",
    "search_records",
    "visible_record",
    "visible_records",
    "withdrawal_notices",
]

PAGE_SIZE = 20
MAX_PAGE = 50
COUNT_CAP = PAGE_SIZE * MAX_PAGE  # 1000
MIN_NAME_LENGTH = 2
MIN_INDIVIDUAL_BUSINESS_NAME_LENGTH = 5  # longer than any personal name (2-4 characters)
NAME_SORT_ROWS = 3 * COUNT_CAP  # name matches up to which a page is sorted whole; beyond, read newest first
NAME_WALK_ROWS = 10_000  # rows read newest first before giving up and sorting the matches whole
NAME_SET_ROWS = 100_000  # SQLite: name-index candidates up to which a walk reads only the candidates' rows
NAME_PEEK_ROWS = 1000  # SQLite: rows such a walk first reads one by one (a dense text's page is among them)
NAME_WALK_ENTRIES = 100_000  # SQLite: decision-date index entries such a walk passes before giving up
RARE_BIGRAM_ROWS = 2000  # SQLite: two n-grams in at most this many names each narrow enough
COMMON_BIGRAM_ROWS = 500_000  # SQLite: n-grams in more names than this are not asked of FTS5 (unless all are)
CANDIDATE_MARGIN = 4  # a text has more than NAME_SORT_ROWS matches when the name index says this many times more
COMMON_GRAM_SHARE = 0.05  # PostgreSQL: n-grams in more names are not asked of the index (if all are: none is)
NAME_DATE_WINDOWS = (1, 7, 60)  # PostgreSQL: days before the newest decision asked first for a sparser text's page
COMMON_BIGRAMS_SECONDS = 600
_COMMON_GRAMS: dict[str, tuple[float, dict[str, float], float]] = {}  # kind → (until, shares, rows)
_SQLITE_SIZES: dict[tuple[str, str], dict[str, tuple[int, float]]] = {}  # (database, FTS) → {n-gram: (names, until)}
_CODEPOINT_ORDER: dict[str, bool] = {}
_DATE_INDEXES: dict[str, str | None] = {}
KINDS = {"penalty": PenaltyRecord, "license": LicenseRecord}
KIND_LABELS = {"penalty": "行政处罚", "license": "行政许可"}

_USCC = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_DOCUMENT_MARK = re.compile(r"[〔〕\[\]()（）【】号字第]")
# Digits, letters and the ideographic space fold; full-width brackets stay, the 文号 match knows them.
_QUERY_WIDTH = half_width_table("０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ"
                                "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ\u3000")
_BRACKET_VARIANTS = (("〔", "〕"), ("[", "]"), ("（", "）"), ("(", ")"), ("【", "】"))


@dataclass(frozen=True)
class CreditQuery:
    """What the public asked: text (name, USCC or 文号) and filters."""

    text: str = ""
    kind: str | None = None  # "penalty" | "license" | None for both
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None
    power_item_id: int | None = None
    page: int = 1


@dataclass
class ResultPage:
    query: CreditQuery
    mode: str  # "browse" | "uscc" | "document" | "name" | "refused"
    results: list[dict] = field(default_factory=list)
    total: int = 0
    total_capped: bool = False
    page: int = 1
    pages: int = 0
    notices: list[dict] = field(default_factory=list)
    message: str = ""

    def as_json(self) -> dict:
        return {
            "查询方式": {"browse": "浏览", "uscc": "统一社会信用代码", "document": "决定文书号", "name": "名称",
                      "refused": "不支持的查询"}[self.mode],
            "总数": self.total, "总数已封顶": self.total_capped, "页码": self.page, "总页数": self.pages,
            "每页条数": PAGE_SIZE, "结果": self.results, "撤销公告": self.notices, "说明": self.message,
        }


def read_query_text(text: str) -> tuple[str, str]:
    """(mode, normalised text): how the search box's text will be matched."""
    text = without_control_characters(text or "").translate(_QUERY_WIDTH).strip()[:200]
    if not text:
        return "browse", ""
    compact = text.replace(" ", "").upper()
    if _USCC.match(compact):
        return "uscc", compact
    if _DOCUMENT_MARK.search(text) and re.search(r"\d", text):
        return "document", text.replace(" ", "")
    if "某" in text or "×" in text or "*" in text or len(text) < MIN_NAME_LENGTH:
        return "refused", text
    return "name", text


def document_variants(number: str) -> list[str]:
    """The same 文号 with each common bracket pair (clerks and citizens type them differently)."""
    variants = {number}
    for opening, closing in _BRACKET_VARIANTS:
        for other_opening, other_closing in _BRACKET_VARIANTS:
            if opening in number or closing in number:
                variants.add(number.replace(opening, other_opening).replace(closing, other_closing))
    return sorted(variants)


def visible_records(model, agency, today: dt.date | None = None):
    """The rows of `model` the public may see today (the only queryset the public pages start from)."""
    today = today or timezone.localdate()
    queryset = model.objects.filter(agency=agency, is_current=True, published_at__isnull=False,
                                    withdrawn_at__isnull=True)
    if model is PenaltyRecord:
        queryset = queryset.filter(repaired_on__isnull=True, publicity_ends_on__gte=today)
    return queryset


def visible_record(agency, kind: str, pk: int, today: dt.date | None = None):
    model = KINDS.get(kind)
    if model is None:
        return None
    return visible_records(model, agency, today).select_related("power_item").filter(pk=pk).first()


def _name_kinds(text: str) -> list[str]:
    kinds = [ORGANISATION]
    if len(text) >= MIN_INDIVIDUAL_BUSINESS_NAME_LENGTH:
        kinds.append(INDIVIDUAL_BUSINESS)
    return kinds


def _name_match(queryset, kind: str, text: str, candidates: tuple[str, str, int] | None = None):
    """Records whose party_name contains `text`, organisations only (see the module docstring).

    Candidates come from the n-gram index (credit/name_index.py), the LIKE in the same statement
    makes them exact; a text with no indexable bigram (punctuation only) is a plain LIKE. SQLite:
    `candidates` is _sqlite_candidates(kind, text) when the caller has it already.
    """
    queryset = queryset.filter(party_kind__in=_name_kinds(text), party_name__contains=text)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.fields import ArrayField

        wanted = _postgresql_grams(kind, text)
        if wanted is None:  # a scan stops at the page's rows sooner than the index lists a tenth of the table
            return queryset
        grams = Func(F("party_name"), function="credit_name_grams", output_field=ArrayField(TextField()))
        return queryset.alias(name_grams=grams).filter(name_grams__contains=wanted)
    if connection.vendor == "sqlite":
        candidates = candidates or _sqlite_candidates(kind, text)
        if candidates:  # joined, not `id IN (…)`: the FTS5 cursor then streams, a LIMIT stops it early
            (fts, match, _), table = candidates, queryset.model._meta.db_table
            return queryset.extra(tables=[fts], where=[f'"{fts}".rowid = "{table}"."id"', f'"{fts}" MATCH %s'],
                                  params=[match])
    return queryset


def _sqlite_candidates(kind: str, text: str) -> tuple[str, str, int] | None:
    """SQLite: (FTS5 table, MATCH expression, the names of its rarest n-gram: see _selective) for
    `text`; None without an indexable n-gram."""
    grams = name_index.sqlite_query_grams(text)
    if not grams:
        return None
    fts = name_index.fts_table(kind)
    asked, bound = _selective(fts, grams)
    return fts, name_index.fts5_match(asked), bound


def _selective(fts: str, grams: list[str]) -> tuple[list[str], int]:
    """SQLite: (the query's n-grams (name_index.sqlite_query_grams) worth asking FTS5 for, rarest
    first, or all of them if none is; the number of names of the rarest, counted up to
    COMMON_BIGRAM_ROWS + 1).

    FTS5 intersects by seeking in every list. A list of a million names (示范, 有限, 公司) costs
    pages: 6 ms each at 5M records. A list of up to COMMON_BIGRAM_ROWS (77,000 names: 0.2 ms)
    costs little and narrows the candidates whose rows the LIKE must read, 20-40 µs each at 5M
    (a 5-character keyword: 3,000 candidates with its rarest bigram alone, 300 with all of its
    uncommon ones). So each bigram is counted up to COMMON_BIGRAM_ROWS + 1, those over it are left
    out, and counting stops as soon as two are in at most RARE_BIGRAM_ROWS names: their
    intersection is already a handful of rows. A count over RARE_BIGRAM_ROWS is remembered for
    COMMON_BIGRAMS_SECONDS (like PostgreSQL's statistics below), so a common bigram is counted once.
    Which bigrams are asked changes the speed only: the LIKE keeps the answer exact."""
    now = time.monotonic()
    remembered = _SQLITE_SIZES.setdefault((connection.settings_dict["NAME"], fts), {})
    sizes: dict[str, int] = {}
    for gram in grams:
        size, until = remembered.get(gram, (0, 0.0))
        if until <= now:
            size = _fts_count(fts, name_index.fts5_match([gram]), COMMON_BIGRAM_ROWS)
            if size > RARE_BIGRAM_ROWS:
                remembered[gram] = (size, now + COMMON_BIGRAMS_SECONDS)
        if size <= COMMON_BIGRAM_ROWS:
            sizes[gram] = size
        if sum(1 for counted in sizes.values() if counted <= RARE_BIGRAM_ROWS) >= 2:
            break
    asked = sorted(sizes, key=sizes.__getitem__)
    return (asked, sizes[asked[0]]) if asked else (grams, COMMON_BIGRAM_ROWS + 1)


def _gram_statistics(kind: str) -> tuple[dict[str, float], float]:
    """PostgreSQL: ({n-gram: share of rows} for the n-grams its statistics of the GIN index call most
    common, the rows of the record table) from the planner's statistics.

    Read from pg_stats (ANALYZE keeps the index expression's most common elements) and pg_class at
    most every COMMON_BIGRAMS_SECONDS per process; empty and 0 when there are no statistics yet."""
    now = time.monotonic()
    cached = _COMMON_GRAMS.get(kind)
    if cached and cached[0] > now:
        return cached[1], cached[2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                       "WHERE tablename = %s", [name_index.postgresql_index(kind)])
        row = cursor.fetchone()
        cursor.execute("SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass",
                       [name_index.TABLES[kind]])
        (rows,) = cursor.fetchone()
    common = dict(zip(row[0], row[1])) if row and row[0] else {}
    _COMMON_GRAMS[kind] = (now + COMMON_BIGRAMS_SECONDS, common, float(rows))
    return common, float(rows)


def _postgresql_grams(kind: str, text: str) -> list[str] | None:
    """PostgreSQL: the n-grams of `text` (name_index.postgresql_query_grams) to ask the GIN index for,
    or None when even the rarest is in COMMON_GRAM_SHARE of the names or more (建材: a tenth). Such
    a text's rows are many and spread: a scan or a walk newest first meets them every few rows,
    where the index would first list a tenth of the table as a bitmap (lossy beyond work_mem, then
    every row of a page is checked again with credit_name_grams) before the first row is read."""
    common = _gram_statistics(kind)[0]
    asked = _uncommon(name_index.postgresql_query_grams(text), common)
    return asked if min(common.get(gram, 0.0) for gram in asked) < COMMON_GRAM_SHARE else None


def _uncommon(grams: list[str], common: dict[str, float]) -> list[str]:
    """The query's n-grams worth asking the GIN index for: one in a tenth of all names makes
    the index read a tenth of the table's row pointers and narrows little. Those under
    COMMON_GRAM_SHARE are all asked: GIN intersects them itself, led by the rarest, and every
    row it leaves out is a heap fetch saved (a 5-character keyword at 5M: 77,000 rows with its
    rarest bigram, 1,400 with two; 83 → 5 ms). The LIKE on the candidates keeps the answer exact
    whichever are asked; the rarest one is always kept."""
    rare = [gram for gram in grams if common.get(gram, 0.0) < COMMON_GRAM_SHARE]
    return rare or [min(grams, key=lambda gram: common.get(gram, 0.0))]


def _few_candidates(kind: str, text: str, candidates: tuple[str, str, int] | None) -> bool:
    """Whether `text` may have at most NAME_SORT_ROWS matches, by the name index's figure for it,
    read without reading a row: its matches are then sorted whole. False when the figure is over
    CANDIDATE_MARGIN times NAME_SORT_ROWS.

    The figure is rough on both databases, hence the margin. SQLite: the names of the rarest n-gram
    asked (_selective; an upper bound: counting their intersection would read every list to its end
    when it is small, 10 ms for a 5-character keyword). PostgreSQL: the rarest n-gram's share of
    rows in the planner's statistics, when they list every one asked (one they do not list is rarer
    than all they list, and may be rare). Shares near the bottom of the list come from a few rows
    of ANALYZE's sample and count every party kind: at 5M, bigrams estimated at 3,067-3,867 names
    were in 1,720 companies' names, whose page is cheaper sorted whole than read through date
    windows that hold a few of them."""
    limit = NAME_SORT_ROWS * CANDIDATE_MARGIN
    if connection.vendor == "sqlite":
        if not candidates:
            return True
        return candidates[2] <= limit
    if connection.vendor == "postgresql":
        common, rows = _gram_statistics(kind)
        asked = _postgresql_grams(kind, text)
        if asked is None:  # dense
            return False
        if any(gram not in common for gram in asked):
            return True
        return min(common[gram] for gram in asked) * rows <= limit
    return True


def _name_rank(text: str) -> Case:
    """exact name first, then names starting with the text, then names holding it elsewhere."""
    return Case(When(party_name=text, then=Value(0)), When(party_name__startswith=text, then=Value(1)),
                default=Value(2), output_field=IntegerField())


def _ranked(queryset, text: str, need: int) -> list:
    return list(queryset.annotate(name_rank=_name_rank(text)).order_by("name_rank", "-decided_on", "-id")[:need])


def _codepoint_order() -> bool:
    """Whether party_name's B-tree sorts by code point, so "starts with t" is the range [t, t + U+10FFFF)."""
    if connection.vendor == "sqlite":
        return True  # BINARY: UTF-8 bytes, i.e. code points
    if connection.vendor != "postgresql":
        return False
    database = connection.settings_dict["NAME"]
    if database not in _CODEPOINT_ORDER:
        with connection.cursor() as cursor:
            cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
            (collation,) = cursor.fetchone()
        _CODEPOINT_ORDER[database] = collation in ("C", "POSIX", "C.UTF-8", "C.utf8", "ucs_basic")
    return _CODEPOINT_ORDER[database]


def _newest_hits(queryset, hit: Q, need: int, candidates: tuple[str, str, int] | None = None,
                 window: int | None = None) -> list[int] | None:
    """Ids of the `need` newest rows of `queryset` matching `hit`, found by reading at most `window`
    (NAME_WALK_ROWS) rows newest first (the decision-date index, as the list without a search text
    does); None if they are not among those. The window is filtered inside the database, whose
    read stops at the `need`-th hit: fetching windows into Python read every row of the window
    (400, then 10,000) and sent it over, even when the hits came early.

    SQLite, with the name index's `candidates` for the hits when they are at most NAME_SET_ROWS:
    the first NAME_PEEK_ROWS rows when they may hold the page (_worth_a_peek), then
    _newest_candidate_hits, which reads only the candidates' rows."""
    if candidates is not None and window is None:
        fts, match, bound = candidates
        if bound <= NAME_SET_ROWS:
            peek = _worth_a_peek(queryset, bound, need)
            found = _newest_hits(queryset, hit, need, window=NAME_PEEK_ROWS) if peek else None
            return found if found is not None else _newest_candidate_hits(queryset, hit, need, fts, match)
    window = (queryset.annotate(hit=Case(When(hit, then=Value(1)), default=Value(0), output_field=IntegerField()))
              .order_by("-decided_on", "-id").values("id", "hit")[: NAME_WALK_ROWS if window is None else window])
    sql, params = window.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT walked.id FROM ({sql}) walked WHERE walked.hit = 1 LIMIT %s", [*params, need])
        found = [pk for (pk,) in cursor.fetchall()]
    return found if len(found) == need else None


def _worth_a_peek(queryset, candidates: int, need: int) -> bool:
    """SQLite: whether `candidates` spread evenly over the table would put `need` of them among its
    NAME_PEEK_ROWS newest rows. A sparser text's peek reads its 1,000 rows for nothing (a keyword
    in 18,500 of 4,000,000 names: 5 hits expected in them, 3 ms); a dense one's page is there."""
    if not NAME_PEEK_ROWS:
        return False
    with connection.cursor() as cursor:  # the table's rows, near enough: ids are not reused
        cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{queryset.model._meta.db_table}"')
        (rows,) = cursor.fetchone()
    return candidates * NAME_PEEK_ROWS >= need * rows


def _fts_count(fts: str, match: str, limit: int) -> int:
    """SQLite: how many rows the name index gives for `match`, counted up to `limit` + 1 (a bounded count costs little for any list)."""
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM (SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s LIMIT %s)',
                       [match, limit + 1])
        return cursor.fetchone()[0]


def _newest_candidate_hits(queryset, hit: Q, need: int, fts: str, match: str) -> list[int] | None:
    """SQLite: the walk of _newest_hits along the decision-date index, reading a row only when the
    name index holds it as a candidate, over the NAME_WALK_ENTRIES newest entries of the table.

    A row walk reads every row it passes for its name (5 µs each when cached, far more when not),
    and its 10,000 rows are one day at 5M records: hits that sit elsewhere in that day, or are
    one in two hundred, are not among them, and the fallback sorts every match. Here the candidate
    ids are put in a temporary b-tree first (0.25 µs each) and the `+id IN` test is answered from
    the index entry (0.1 µs each), before SQLite seeks the row."""
    table = queryset.model._meta.db_table
    among_candidates = f'+"{table}"."id" IN (SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s)'
    walked = queryset.filter(hit).extra(where=[among_candidates], params=[match])
    with connection.cursor() as cursor:  # the oldest date of the window, from the index alone
        cursor.execute(f'SELECT decided_on FROM "{table}" ORDER BY decided_on DESC LIMIT 1 OFFSET %s',
                       [NAME_WALK_ENTRIES - 1])
        oldest = cursor.fetchone()
    if oldest:
        walked = walked.filter(decided_on__gte=oldest[0])
    sql, params = walked.order_by("-decided_on", "-id").values_list("id", flat=True)[:need].query.sql_with_params()
    index = _date_index(table)
    if index:  # else the planner may take a visibility index and sort every candidate it finds there
        sql = sql.replace(f'FROM "{table}"', f'FROM "{table}" INDEXED BY "{index}"', 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = [pk for (pk,) in cursor.fetchall()]
    return found if len(found) == need else None


def _date_index(table: str) -> str | None:
    """SQLite: the name of `table`'s index on decided_on alone (its entries end with the id: the walk's order)."""
    if table not in _DATE_INDEXES:
        with connection.cursor() as cursor:
            constraints = connection.introspection.get_constraints(cursor, table)
        _DATE_INDEXES[table] = next((name for name, spec in constraints.items()
                                     if spec["index"] and spec["columns"] == ["decided_on"]), None)
    return _DATE_INDEXES[table]


def _frequent_name_page(base, matched, text: str, need: int, candidates: tuple[str, str, int] | None = None,
                        date_windows: bool = False) -> list:
    """The first `need` name hits, ranked, when too many names hold `text` to sort them all.

    `base`: the visible rows with the query's filters; `matched`: the same holding `text` (index).
    Names starting with `text` come from the name index's range when they are few, else the exact
    name first and the rest newest first by walking; names holding it further in are then read
    newest first by walking, which finds them quickly because they are many. A walk that does not
    find its rows within NAME_WALK_ROWS (a text common in one rank and rare in the other) falls back
    to sorting that rank's matches. SQLite: `candidates` are the name index's for `text`.
    PostgreSQL, `date_windows`: names holding it further in are read as in _newest_by_dates."""
    kinds = _name_kinds(text)
    starts = Q(party_name__startswith=text)
    if _codepoint_order() and text.lower() == text.upper():  # SQLite's LIKE folds Latin case, a range does not
        starts &= Q(party_name__gte=text, party_name__lt=text + "\U0010ffff")  # the name index's range
    leading = base.filter(starts, party_kind__in=kinds)
    starting = leading.order_by()[: NAME_SORT_ROWS + 1].count()
    if starting <= NAME_SORT_ROWS:
        page = _ranked(leading, text, need) if starting else []
    else:  # a common start ("示范市"): the exact name first, then the rest newest first
        page = list(leading.filter(party_name=text).annotate(name_rank=Value(0)).order_by("-decided_on", "-id")[:need])
        page += _newest(base, leading.exclude(party_name=text), starts & Q(party_kind__in=kinds) & ~Q(party_name=text),
                        need - len(page), rank=1)
    inside = Q(party_name__contains=text, party_kind__in=kinds) & ~Q(party_name__startswith=text)
    inside_matches = matched.exclude(party_name__startswith=text)
    if date_windows:
        return page + _newest_by_dates(base, inside_matches, need - len(page), rank=2)
    return page + _newest(base, inside_matches, inside, need - len(page), rank=2, candidates=candidates)


def _newest_by_dates(base, matches, need: int, rank: int) -> list:
    """PostgreSQL: the `need` newest of `matches`, asked for the last NAME_DATE_WINDOWS days before
    the newest visible decision first, then for all of them.

    A row walk fetches each row it passes from the heap: 10,000 rows are one day at 5M records,
    and a text one in two hundred, or whose names sit elsewhere in that day, is not found there
    (3-character keyword: 0 of 20, then 18,754 matches sorted, 0.5 s). A window's matches come
    from the name index and the decision-date index together, a few hundred rows; if the window
    holds `need` of them, they are the newest of all, as every match outside it is older."""
    if need <= 0:
        return []
    newest = base.order_by("-decided_on", "-id").values_list("decided_on", flat=True).first()
    records = []
    if newest is not None:
        for days in NAME_DATE_WINDOWS:
            records = list(matches.filter(decided_on__gte=newest - dt.timedelta(days=days))
                           .order_by("-decided_on", "-id")[:need])
            if len(records) == need:
                break
    if len(records) < need:
        records = list(matches.order_by("-decided_on", "-id")[:need])
    for record in records:
        record.name_rank = rank
    return records


def _newest(base, matches, hit: Q, need: int, rank: int, candidates: tuple[str, str, int] | None = None) -> list:
    """The `need` newest of `matches` (= `base` rows meeting `hit`), walking `base` newest first, or sorting."""
    if need <= 0:
        return []
    ids = _newest_hits(base, hit, need, candidates)
    records = list(matches.order_by("-decided_on", "-id")[:need]) if ids is None else _in_order(base, ids) if ids else []
    for record in records:
        record.name_rank = rank
    return records


def _in_order(queryset, ids: list[int]) -> list:
    by_id = queryset.in_bulk(ids)
    return [by_id[pk] for pk in ids]


def _name_results(kind: str, agency, query: CreditQuery, text: str, today: dt.date, need: int) -> tuple[int, list]:
    """(count up to COUNT_CAP + 1, the first `need` records ranked) for a name query on one kind.

    Up to NAME_SORT_ROWS matches (almost every real name or part of one) are found by the bigram
    index and sorted whole: one pass reads each match's rank, date and id, which give both the
    count and the page's order, and the page's rows are then read by id (a count and a sorted page
    would each check every candidate's name, and candidates can be thousands when the query's
    bigrams sit elsewhere in the names). Beyond, sorting them all would read every match (a tenth
    of all companies for a trade word like 餐饮), so the page is read newest first instead.
    The pass stops at COUNT_CAP + 1 matches, which the count needs, instead of NAME_SORT_ROWS + 1
    when the name index says the text has far more (_few_candidates): its page is then read newest
    first, and the pass reads a third of the rows (a 3-character keyword in 18,500 names at 5M). A
    text with fewer candidates reads them all, as sorting them is then the cheaper page.
    PostgreSQL: a text of dense n-grams (_postgresql_grams) is read newest first at once, its
    count stopping at COUNT_CAP + 1 as well."""
    candidates = _sqlite_candidates(kind, text) if connection.vendor == "sqlite" else None
    matched = _filtered(kind, agency, query, "name", text, today, candidates)
    base = _filtered(kind, agency, query, "browse", text, today)
    if connection.vendor == "postgresql":
        dense = _postgresql_grams(kind, text) is None
        if dense:
            return matched.order_by()[: COUNT_CAP + 1].count(), _frequent_name_page(base, matched, text, need)
    sort_rows = NAME_SORT_ROWS if _few_candidates(kind, text, candidates) else min(NAME_SORT_ROWS, COUNT_CAP)
    keys = list(matched.annotate(name_rank=_name_rank(text)).order_by()
                .values_list("name_rank", "decided_on", "id")[: max(sort_rows, COUNT_CAP) + 1])
    count = min(len(keys), COUNT_CAP + 1)
    if len(keys) <= sort_rows:
        keys.sort(key=lambda key: (key[0], -key[1].toordinal(), -key[2]))
        page = _in_order(KINDS[kind].objects.all(), [pk for *_, pk in keys[:need]])
        for record, (rank, *_) in zip(page, keys):
            record.name_rank = rank
        return count, page
    date_windows = connection.vendor == "postgresql"  # and not dense
    return count, _frequent_name_page(base, matched, text, need, candidates, date_windows=date_windows)


def _filtered(kind: str, agency, query: CreditQuery, mode: str, text: str, today: dt.date,
              candidates: tuple[str, str, int] | None = None):
    queryset = visible_records(KINDS[kind], agency, today)
    if mode == "uscc":
        queryset = queryset.filter(party_uscc=text)
    elif mode == "document":
        queryset = queryset.filter(document_number__in=document_variants(text))
    elif mode == "name":
        queryset = _name_match(queryset, kind, text, candidates)
    if query.decided_from:
        queryset = queryset.filter(decided_on__gte=query.decided_from)
    if query.decided_to:
        queryset = queryset.filter(decided_on__lte=query.decided_to)
    if query.power_item_id:
        queryset = queryset.filter(power_item_id=query.power_item_id)
    return queryset


def detail_url(kind: str, pk: int) -> str:
    try:
        return reverse("credit_public:detail", args=[kind, pk])
    except NoReverseMatch:  # a URLconf without the public pages (scripts, benchmarks)
        return f"/xygs/{kind}/{pk}/"


def _row(kind: str, record) -> dict:
    summary = public_summary(record)
    summary["详情"] = detail_url(kind, record.pk)
    return summary


def withdrawal_notices(agency, number: str) -> list[dict]:
    """Published decisions with this 文号 that were changed or revoked: the reason is published."""
    notices = []
    for kind, model in KINDS.items():
        found = (model.objects.filter(agency=agency, is_current=True, published_at__isnull=False,
                                      withdrawn_at__isnull=False, document_number__in=document_variants(number))
                 .only("document_number", "withdrawn_at", "withdrawal_reason").order_by("-withdrawn_at"))
        for record in found:
            notices.append({"类别": KIND_LABELS[kind], "决定文书号": record.document_number,
                            "撤下日期": timezone.localtime(record.withdrawn_at).date().isoformat(),
                            "原因": record.withdrawal_reason, "状态": f"已撤销：{record.withdrawal_reason}"})
    return notices


def search_records(agency, query: CreditQuery, today: dt.date | None = None) -> ResultPage:
    """One page of visible, masked results for `query`, newest decision first."""
    today = today or timezone.localdate()
    mode, text = read_query_text(query.text)
    page_number = min(max(query.page, 1), MAX_PAGE)
    result = ResultPage(query=query, mode=mode, page=page_number)
    if mode == "refused":
        result.message = "请输入企业或组织名称（至少2个字）、统一社会信用代码或决定文书号。自然人信息不支持按姓名查询。"
        return result
    kinds = [query.kind] if query.kind in KINDS else list(KINDS)
    offset = (page_number - 1) * PAGE_SIZE
    candidates = []
    total = 0
    with without_jit(parallel=False):
        for kind in kinds:
            if mode == "name":
                count, records = _name_results(kind, agency, query, text, today, offset + PAGE_SIZE)
            else:
                queryset = _filtered(kind, agency, query, mode, text, today)
                count = queryset.order_by()[: COUNT_CAP + 1].count()
                records = list(queryset.order_by("-decided_on", "-id")[: offset + PAGE_SIZE])
            total += count
            for record in records:
                candidates.append((-getattr(record, "name_rank", 0), record.decided_on, kind == "penalty", record.pk,
                                   kind, record))
    candidates.sort(key=lambda c: c[:4], reverse=True)
    result.results = [_row(kind, record) for *_, kind, record in candidates[offset: offset + PAGE_SIZE]]
    result.total_capped = total > COUNT_CAP
    result.total = min(total, COUNT_CAP)
    result.pages = min((result.total + PAGE_SIZE - 1) // PAGE_SIZE, MAX_PAGE)
    if mode == "document":
        result.notices = withdrawal_notices(agency, text)
    if mode == "name" and len(text) < MIN_INDIVIDUAL_BUSINESS_NAME_LENGTH:
        result.message = "按名称查询只检索法人及非法人组织；个体工商户请输入至少5个字的名称，自然人请按决定文书号查询。"
    return result


def catalog_items(agency) -> dict[str, list[PowerItem]]:
    """The 双公示目录: the power items the agency publishes, grouped 行政许可 then 行政处罚."""
    items = PowerItem.objects.filter(agency=agency, is_published=True).order_by("kind", "code")
    grouped = {"行政许可": [], "行政处罚": []}
    for item in items:
        grouped[item.get_kind_display()].append(item)
    return grouped
