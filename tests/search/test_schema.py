"""The full-text structures each database gets, and that their tokenizers keep our tokens whole."""

import re

import pytest
from django.db import connection

from gongkai.core.ngrams import NGRAM_MAX_BYTES, cjk_ngrams
from gongkai.core.tokenize import index_text
from gongkai.search import schema

SAMPLE = "户籍迁移 办理 c1驾照 ＥＴＣ 示公通〔2024〕12号 00591782X/2026-00012"


@pytest.mark.django_db
def test_sqlite_fts5_uses_unicode61_without_diacritic_folding_and_not_trigram():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: the FTS5 table's tokenizer")
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
        (sql,) = cursor.fetchone()
    assert "unicode61 remove_diacritics 0 tokenchars ''~''" in sql
    assert "trigram" not in sql


@pytest.mark.django_db
def test_sqlite_unicode61_treats_cjk_as_token_characters():
    """Each of our space-joined tokens (CJK, CJK+digits, 文号, 索引号, '~' n-grams) is exactly one FTS5 token."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: FTS5's unicode61 tokenizer")
    tokens = index_text(SAMPLE).split() + cjk_ngrams(SAMPLE) + cjk_ngrams("x" * (NGRAM_MAX_BYTES + 1))
    tokenize = re.search(r"tokenize='(?:[^']|'')*'", schema.sqlite_create_statements()[0]).group()
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE temp.probe USING fts5(t, {tokenize})")
        cursor.execute("CREATE VIRTUAL TABLE temp.probe_vocab USING fts5vocab(temp, probe, row)")
        cursor.execute("INSERT INTO temp.probe(t) VALUES (%s)", [" ".join(tokens)])
        cursor.execute("SELECT term FROM temp.probe_vocab")
        vocabulary = {row[0] for row in cursor.fetchall()}
        cursor.execute("DROP TABLE temp.probe_vocab")
        cursor.execute("DROP TABLE temp.probe")
    assert vocabulary == set(tokens)
    assert {"户籍", "籍迁", "c1驾", "示公通2024年12号", "00591782xz2026z00012", "~户籍迁移", "~~"} <= vocabulary


@pytest.mark.django_db
def test_postgresql_simple_parser_keeps_our_tokens_whole():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: its simple text-search parser")
    tokens = index_text(SAMPLE).split()
    with connection.cursor() as cursor:
        cursor.execute("SELECT array_agg(lexeme) FROM unnest(to_tsvector('simple', %s))", [" ".join(tokens)])
        (lexemes,) = cursor.fetchone()
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_searchdocument_vector_gin'")
        (index_definition,) = cursor.fetchone()
    assert set(lexemes) == set(tokens)
    assert "gin (search_vector)" in index_definition


@pytest.mark.django_db
def test_sqlite_migration_0006_rebuilds_the_index_with_ngrams(demo_bureau):
    """The migration's rebuild indexes the rows already there: their n-grams become searchable words."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL's n-grams came with search 0005")
    from importlib import import_module

    from gongkai.search.indexing import index_document
    from gongkai.search.query import search

    migration = import_module("gongkai.search.migrations.0006_sqlite_ngrams")
    index_document("rebuild", 1, agency_id=demo_bureau.pk, title="通知", url="/r/1/", body_text="办理出入境证件")
    index_document("rebuild", 2, agency_id=demo_bureau.pk, title="通知", url="/r/2/", body_text="户籍窗口，窗口办理")
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")  # as if the rows predated it

    class Editor:
        def __init__(self):
            self.connection = connection

        def execute(self, sql):
            with connection.cursor() as cursor:
                cursor.execute(sql)

    assert search("出入境", agency=demo_bureau).total == 0
    migration.rebuild_with_ngrams(None, Editor())
    assert [result.object_id for result in search("出入境证件", agency=demo_bureau).results] == [1]
    assert search("户籍窗口办理", agency=demo_bureau).total == 0
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO search_fts(search_fts, rank) VALUES ('integrity-check', 0)")
