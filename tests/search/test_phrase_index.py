"""Words and phrases answered by the index's n-grams return exactly what a substring scan returns (both databases).

SQLite answers a CJK term of three or more characters from the FTS5 `ngrams` column (one n-gram, or a
phrase query over its four-character n-grams; bigrams for texts past NGRAM_MAX_BYTES), without reading
the texts; PostgreSQL ANDs the n-gram lexemes and keeps the exact check. Random texts built from pieces
that fake adjacency (出入 入境, two dictionary words cut from 出入入境; 户籍迁移 and 籍迁移出 apart) and
random phrases (substrings of the texts, and random strings) must give the substring scan's hit set, on
a collection where the phrase is rare (counted) and where it is frequent (the bounded walk answers the
first page).
"""

import datetime as dt
import re

import pytest
from django.db import connection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gongkai.core.ngrams import NGRAM_MAX_BYTES, cjk_ngrams
from gongkai.core.tokenize import han_bigrams, phrase_index_text
from gongkai.search import query
from gongkai.search.indexing import index_document
from gongkai.search.models import SearchDocument
from gongkai.search.query import search
from gongkai.search.text import query_terms

pytestmark = pytest.mark.django_db

PIECES = ("户籍", "籍迁", "迁移", "户籍迁移", "籍迁移出", "出入境", "出入", "入境", "派出所", "境", "户", "移", "，", " ", "a1",
          "派出")
TEXTS = st.lists(st.lists(st.sampled_from(PIECES), max_size=12).map("".join), min_size=1, max_size=12)
ALNUM = "a1"
HYPOTHESIS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def collection_and_phrase(draw):
    texts = draw(TEXTS)
    source = draw(st.sampled_from(("substring", "pieces", "characters")))
    if source == "substring":
        text = draw(st.sampled_from(texts))
        start = draw(st.integers(0, max(0, len(text) - 1)))
        phrase = text[start : start + draw(st.integers(2, 8))]
    elif source == "pieces":
        phrase = "".join(draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=3)))
    else:
        phrase = "".join(draw(st.lists(st.sampled_from("户籍迁移出入境派所"), min_size=3, max_size=6)))
    return texts, phrase


def _index(agency, texts):
    SearchDocument.objects.all().delete()
    for number, text in enumerate(texts):
        index_document("phrase", number, agency_id=agency.pk, title=f"第{number}号", url=f"/p/{number}/",
                       published_on=dt.date(2026, 1, 1) + dt.timedelta(days=number), body_text=text)
    if connection.vendor == "postgresql":  # the walk's gate reads the lexeme statistics
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")


def _occurs(term, text):
    """`term` as a substring of `text`, where Latin letters and digits count only as whole runs.

    That is the search's documented rule (12号 never finds 120号, a never finds a1), so the scan
    a query is compared with follows it too; for CJK it is plain substring search.
    """
    before = "(?<![a-z0-9])" if term[0] in ALNUM else ""
    after = "(?![a-z0-9])" if term[-1] in ALNUM else ""
    return re.search(before + re.escape(term) + after, text) is not None


def _scan(phrase):
    """The object ids whose match text holds every term: the full substring scan."""
    terms = query_terms(phrase)
    return {document.object_id for document in SearchDocument.objects.all()
            if all(_occurs(term, document.match_text) for term in terms)}


@given(case=collection_and_phrase())
@example(case=(["出入入境", "出入境"], "出入境"))  # 出入 and 入境 as two words side by side
@example(case=(["户籍迁移，籍迁移出入境", "户籍迁移出"], "户籍迁移出"))  # every four-gram, but apart in the first
@HYPOTHESIS
def test_rare_phrases_find_exactly_the_substring_hits(demo_bureau, case):
    texts, phrase = case
    _index(demo_bureau, texts)
    if not query_terms(phrase):
        return
    found = search(phrase, agency=demo_bureau, per_page=50)
    expected = _scan(phrase)
    assert found.total == len(expected)
    assert {result.object_id for result in found.results} == expected


@given(case=collection_and_phrase())
@example(case=(["出入入境", "派出所出入境"], "出入境"))
@HYPOTHESIS
def test_frequent_phrases_give_the_exact_first_page(demo_bureau, monkeypatch, case):
    """With a cap of 3 the phrase is frequent: the walk's page, if it answers, is the exact path's page."""
    texts, phrase = case
    _index(demo_bureau, texts + [phrase] * 10)
    if not query_terms(phrase):
        return
    expected = _scan(phrase)
    monkeypatch.setattr(query, "COUNT_CAP", 3)
    monkeypatch.setattr(query, "WALK_GATE", 1)
    walked = search(phrase, agency=demo_bureau, per_page=3)
    if walked.total_estimated or walked.total_capped:
        WALKS.append(phrase)
    monkeypatch.setattr(query, "WALK_GATE", 10**9)
    monkeypatch.setattr(query, "COUNT_CAP", 10000)
    exact = search(phrase, agency=demo_bureau, per_page=50)
    assert {result.object_id for result in exact.results} == expected
    assert [result.object_id for result in walked.results] == [result.object_id for result in exact.results][:3]


WALKS: list[str] = []


def test_the_frequent_phrases_went_through_the_walk():
    """Runs after the property test above: on both databases some of its pages came from the walk."""
    assert WALKS


def test_adjacent_dictionary_words_are_no_phrase():
    """出入 and 入境 cut as words from 出入入境 never sit next to each other in the indexed tokens."""
    tokens = phrase_index_text("出入入境").split()
    bigrams = han_bigrams("出入境")
    assert not any(tokens[i : i + len(bigrams)] == bigrams for i in range(len(tokens)))
    assert han_bigrams("出入境") == ["出入", "入境"] and han_bigrams("c1驾照") is None and han_bigrams("户籍") is None


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite only: its FTS5 match expression")
def test_sqlite_answers_words_and_phrases_from_ngrams(demo_bureau, monkeypatch):
    """The terms go to the index as n-grams; no term is left to the per-candidate text check."""
    seen = []
    original = query._SqliteBackend.__init__

    def spy(self, terms, filters, checks, boost, phrases):
        original(self, terms, filters, checks, boost, phrases)
        seen.append((checks, phrases, self.match))

    monkeypatch.setattr(query._SqliteBackend, "__init__", spy)
    _index(demo_bureau, ["申请户籍迁移", "户籍在此迁移", "户籍窗口办理", "户籍窗口，窗口办理"])
    assert [result.object_id for result in search("户籍迁移", agency=demo_bureau).results] == [0]
    assert [result.object_id for result in search("户籍窗口办理", agency=demo_bureau).results] == [2]
    (checks, phrases, match), (_, _, phrase_match) = seen
    assert checks == [] and phrases == {"户籍迁移": ["户籍", "籍迁", "迁移"]}
    assert match.startswith('(ngrams : "~户籍迁移" OR (ngrams : "~~" AND tokens : "户籍 籍迁 迁移"))')
    assert phrase_match.startswith('(ngrams : "~户籍窗口 ~籍窗口办 ~窗口办理" OR')


def _indexed_ngrams() -> dict[int, list[str]]:
    """Each document's '~' entries in the index: the FTS5 `ngrams` column in position order, or the tsvector's."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("CREATE VIRTUAL TABLE temp.ngram_probe USING fts5vocab(main, search_fts, instance)")
            cursor.execute("SELECT doc & 4294967295, term FROM temp.ngram_probe WHERE col = 'ngrams' ORDER BY doc, offset")
            rows = cursor.fetchall()
            cursor.execute("DROP TABLE temp.ngram_probe")
        else:
            cursor.execute("SELECT id, lexeme FROM search_searchdocument, unnest(tsvector_to_array(search_vector)) lexeme"
                           " WHERE lexeme LIKE '~%%' ORDER BY id, lexeme")
            rows = cursor.fetchall()
    object_ids = dict(SearchDocument.objects.values_list("id", "object_id"))
    grams: dict[int, list[str]] = {object_id: [] for object_id in object_ids.values()}
    for document_id, term in rows:
        grams[object_ids[document_id]].append(term)
    return grams


def test_the_index_holds_the_ngrams_of_the_match_text(demo_bureau):
    """SQLite's FTS5 column is cjk_ngrams in order (its phrase queries rely on it); PostgreSQL's lexemes their set."""
    _index(demo_bureau, ["办理出入境证件，派出所", "c1驾照 户籍迁移"])
    match_texts = dict(SearchDocument.objects.values_list("object_id", "match_text"))
    for object_id, grams in _indexed_ngrams().items():
        expected = cjk_ngrams(match_texts[object_id])
        assert grams == (expected if connection.vendor == "sqlite" else sorted(set(expected)))
        assert "~出入境" in grams or "~户籍迁移" in grams


def test_words_in_long_texts_fall_back_to_bigrams(demo_bureau):
    """A text past NGRAM_MAX_BYTES holds only '~~', and is still found exactly through its bigrams."""
    long_body = "户籍" * (NGRAM_MAX_BYTES // 6 + 10) + "，出入境派出所，户籍窗口窗口办理"
    _index(demo_bureau, ["办理出入境证件", long_body, "出入入境"])
    grams = _indexed_ngrams()
    assert {"~出入境", "~办理出入"} <= set(grams[0]) and "~~" not in grams[0]
    assert grams[1] == ["~~"]
    assert "~出入境" not in grams[2]
    for phrase, expected in (("出入境", {0, 1}), ("出入境派出所", {1}), ("户籍窗口办理", set()), ("户籍户籍户", {1}),
                             ("入入境", {2})):
        found = search(phrase, agency=demo_bureau, per_page=50)
        assert {result.object_id for result in found.results} == expected == _scan(phrase), phrase
        assert found.total == len(expected)
