"""A very frequent term's first page comes from a bounded walk, and it is the exact path's page (both databases)."""

import datetime as dt
import re

import pytest
from django.db import connection

from gongkai.search import query
from gongkai.search.indexing import index_document
from gongkai.search.query import search

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'",
                                     reason="PostgreSQL only: its frequent-word statistics (the SQLite run checks SQLite's)")
sqlite_only = pytest.mark.skipif("connection.vendor != 'sqlite'",
                                 reason="SQLite only: FTS5's frequent-word path (the PostgreSQL run checks PostgreSQL's)")


@pytest.fixture
def frequent(demo_bureau):
    """120 texts, all with 户籍: a third hold 户籍迁移 as a word, a third 户籍窗口, and a third every bigram
    of 户籍窗口 but not the term itself (candidates the exact check must turn away); then ANALYZE."""
    bodies = ("申请户籍迁移的群众", "户籍窗口延时服务", "户籍在籍窗外的窗口")
    for number in range(120):
        body = bodies[number % 3]
        index_document("bench", number, agency_id=demo_bureau.pk, title=f"通知{number}", url=f"/x/{number}/",
                       published_on=dt.date(2026, 1, 1) + dt.timedelta(days=number), body_text=body)
    index_document("bench", 999, agency_id=demo_bureau.pk, title="无关", url="/x/999/", body_text="出入境")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchdocument")
    return demo_bureau


def pages(agency, text, monkeypatch, **kwargs):
    """The walk's page (cap 10: the planner expects far more hits), whether the walk answered, and the exact path's page."""
    answers = []
    backend = query._PostgresBackend if connection.vendor == "postgresql" else query._SqliteBackend
    original = backend.frequent_page

    def spy(self, *args):
        answers.append(original(self, *args))
        return answers[-1]

    monkeypatch.setattr(backend, "frequent_page", spy)
    monkeypatch.setattr(query, "COUNT_CAP", 10)
    walked = search(text, agency=agency, **kwargs)
    monkeypatch.setattr(query, "WALK_GATE", 10**9)
    exact = search(text, agency=agency, **kwargs)
    walked.walk_answered = answers[0] is not None
    return walked, exact


@pytest.mark.parametrize("text", ["户籍迁移", pytest.param("户籍窗口", marks=postgresql_only),
                                  pytest.param("户籍", marks=postgresql_only)])
def test_the_walk_gives_the_exact_first_page(frequent, monkeypatch, text):
    walked, exact = pages(frequent, text, monkeypatch, per_page=5)
    assert walked.walk_answered and walked.total_capped and exact.total_capped
    assert [r.object_id for r in walked.results] == [r.object_id for r in exact.results]
    assert len(walked.results) == 5


def test_whole_word_hits_rank_first_on_the_walk_too(frequent, monkeypatch):
    walked, _ = pages(frequent, "户籍迁移", monkeypatch, per_page=5)
    assert walked.walk_answered
    assert all(result.object_id % 3 == 0 for result in walked.results)


@postgresql_only
def test_a_wrong_estimate_falls_back_to_the_exact_path(frequent, monkeypatch):
    """The planner is told 户籍 is everywhere, but the page asked for is beyond what a bounded walk reads."""
    monkeypatch.setattr(query._PostgresBackend, "_estimate", lambda self, where, params: 10**7)
    walked, exact = pages(frequent, "出入境", monkeypatch)
    assert [r.object_id for r in walked.results] == [r.object_id for r in exact.results] == [999]
    assert not walked.walk_answered and walked.total == 1 and not walked.total_capped


@sqlite_only
@pytest.mark.parametrize("text", ["户籍", "户籍窗口"])
def test_sqlite_counts_terms_without_whole_word_ranking(frequent, monkeypatch, text):
    """户籍 is one bigram and 户籍窗口's exact check stops at the cap: FTS5 counts both in milliseconds."""
    walked, exact = pages(frequent, text, monkeypatch)
    assert not walked.walk_answered
    assert [r.object_id for r in walked.results] == [r.object_id for r in exact.results]


@sqlite_only
def test_too_few_whole_word_texts_are_counted_exactly(frequent, monkeypatch):
    """40 texts hold 户籍迁移 as a word: fewer than WALK_GATE times a cap of 100."""
    monkeypatch.setattr(query, "COUNT_CAP", 100)
    walked = search("户籍迁移", agency=frequent, per_page=5)
    assert walked.total == 40 and not walked.total_capped


@postgresql_only
def test_a_walk_total_is_an_estimate_shown_as_about(frequent, monkeypatch, client, settings):
    """Under the cap, the walk's total is the share of rows it read that were hits, labelled 约 on the page."""
    settings.SEARCH_CACHE_SECONDS = 0
    monkeypatch.setattr(query, "WALK_MIN_HITS", 0)
    page = search("户籍", agency=frequent, per_page=5)
    assert page.total_estimated and not page.total_capped and 80 <= page.total <= 121  # 120 of 121 texts
    assert [result.object_id for result in page.results] == [119, 118, 117, 116, 115]
    response = client.get("/search/", {"q": "户籍"})
    assert re.search(r"共找到 <strong>约\d+</strong> 条结果", response.content.decode())
