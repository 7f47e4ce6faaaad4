"""Words and phrases answered by the index's positions return exactly what a substring scan returns (both databases).

SQLite answers a CJK term of three or more characters with an FTS5 phrase query over its bigrams,
without reading the texts; PostgreSQL keeps the exact check. Random texts built from pieces that
fake adjacency (出入 入境, two dictionary words cut from 出入入境) and random phrases (substrings of the
texts, and random strings) must give the substring scan's hit set, on a collection where the
phrase is rare (counted) and where it is frequent (the bounded walk answers the first page).
"""

import datetime as dt
import re

import pytest
from django.db import connection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gongkai.core.tokenize import han_bigrams, phrase_index_text
from gongkai.search import query
from gongkai.search.indexing import index_document
from gongkai.search.models import SearchDocument
from gongkai.search.query import search
from gongkai.search.text import query_terms

pytestmark = pytest.mark.django_db

PIECES = ("户籍", "籍迁", "迁移", "户籍迁移", "出入境", "出入", "入境", "派出所", "境", "户", "移", "，", " ", "a1", "派出")
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


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite only: FTS5 keeps positions")
def test_sqlite_reads_no_text_for_a_phrase(demo_bureau, monkeypatch):
    """The phrase goes to the index as a phrase; no term is left to the per-candidate text check."""
    seen = []
    original = query._SqliteBackend.__init__

    def spy(self, terms, filters, checks, boost, phrases):
        seen.append((checks, phrases))
        original(self, terms, filters, checks, boost, phrases)

    monkeypatch.setattr(query._SqliteBackend, "__init__", spy)
    _index(demo_bureau, ["申请户籍迁移", "户籍在此迁移"])
    found = search("户籍迁移", agency=demo_bureau)
    assert [result.object_id for result in found.results] == [0]
    assert seen == [([], {"户籍迁移": ["户籍", "籍迁", "迁移"]})]
    assert connection.vendor == "sqlite"


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only: its n-gram lexemes")
def test_postgresql_words_are_ngram_lexemes_and_long_texts_fall_back(demo_bureau):
    """出入境 is one "~" lexeme beside its bigrams; a text past NGRAM_MAX_BYTES has '~~' and is still found exactly."""
    from gongkai.search import schema

    long_body = "户籍" * (schema.NGRAM_MAX_BYTES // 6 + 10) + "，出入境派出所，户籍窗口窗口办理"
    _index(demo_bureau, ["办理出入境证件", long_body, "出入入境"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT object_id, tsvector_to_array(search_vector) FROM search_searchdocument ORDER BY object_id")
        lexemes = {object_id: set(array) for object_id, array in cursor.fetchall()}
    assert {"~出入境", "~办理出入", "出入", "入境"} <= lexemes[0] and "~~" not in lexemes[0]
    assert "~~" in lexemes[1] and not any(lexeme.startswith("~出") for lexeme in lexemes[1])
    assert "~出入境" not in lexemes[2]
    for phrase, expected in (("出入境", {0, 1}), ("出入境派出所", {1}), ("户籍窗口办理", set()), ("户籍户籍户", {1}),
                             ("入入境", {2})):
        found = search(phrase, agency=demo_bureau, per_page=50)
        assert {result.object_id for result in found.results} == expected == _scan(phrase), phrase
        assert found.total == len(expected)
