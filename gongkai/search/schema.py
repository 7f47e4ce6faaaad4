"""The full-text structures beside the SearchDocument table, per database (used by the migration and the benchmark).

SQLite: an FTS5 table `search_fts` over the columns `tokens` and `facets`, contentless
(the text already lives in search_searchdocument, no second copy), `detail=full`: token
positions are kept, so a CJK term of three or more characters is a phrase query over its
bigrams ("户籍 籍迁 迁移", see gongkai.core.tokenize.han_bigrams and phrase_index_text) answered
from the postings alone, at any collection size and word frequency, instead of reading every
candidate's text; and the
`unicode61` tokenizer with `remove_diacritics 0`: it treats CJK ideographs as token
characters and splits on spaces only, so each of our tokens stays one FTS token (checked by
tests/search/test_schema.py). Not `trigram`: it never matches 2-character terms (DESIGN §2).
Triggers on the table keep it in step, in the same transaction as the row change.
The FTS rowid is a recency key, (days since 1970 of published_on) << 32 | id, so the newest
hits come first by walking the index backwards, without touching the table.

PostgreSQL: a stored generated column `search_vector` = to_tsvector('simple', tokens) plus
the facet lexemes ('#a1', '#c5', ... taken verbatim, so no query word can collide with
them), with a GIN index. Being generated, it can never disagree with `tokens`.
A GIN index keeps no positions, so adjacency cannot come from bigrams there. Instead the column
also holds every CJK three- and four-character substring of `match_text`, prefixed with '~'
(search_cjk_ngrams: '~出入境', '~户籍迁移'; a prefix no token or facet has, so 出入境 as a
dictionary word stays a separate lexeme for ranking): a three- or four-character word is then one
exact lexeme, like a bigram, and a longer phrase an AND of its four-grams that a text can satisfy
with the pieces apart only in contrived cases (the exact check still runs). A text longer than
NGRAM_MAX_BYTES gets the lexeme '~~' instead (a tsvector holds at most 1 MB); queries treat
such texts with bigrams and the exact check (gongkai.search.query). Positions are stripped:
GIN never reads them, and the stored vector is smaller to read when a walk tests rows.
"""

from __future__ import annotations

TABLE = "search_searchdocument"
FTS_TABLE = "search_fts"
ROWID_ID_MASK = 0xFFFFFFFF  # the low 32 bits of the FTS rowid are the document id


def _recency_key(row: str) -> str:
    return (f"((CAST(julianday(COALESCE({row}.published_on, '1970-01-01')) - 2440587.5 AS INTEGER) << 32)"
            f" | {row}.id)")


def sqlite_create_statements(table: str = TABLE, fts_table: str = FTS_TABLE) -> list[str]:
    insert = f"INSERT INTO {fts_table}(rowid, tokens, facets) VALUES ({_recency_key('NEW')}, NEW.tokens, NEW.facets);"
    delete = (f"INSERT INTO {fts_table}({fts_table}, rowid, tokens, facets) "
              f"VALUES ('delete', {_recency_key('OLD')}, OLD.tokens, OLD.facets);")
    return [
        f"CREATE VIRTUAL TABLE {fts_table} USING fts5(tokens, facets, content='', detail=full, "
        "tokenize='unicode61 remove_diacritics 0')",
        f"CREATE TRIGGER {fts_table}_after_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts_table}_after_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts_table}_after_update AFTER UPDATE OF id, tokens, facets, published_on ON {table} "
        f"BEGIN {delete} {insert} END",
    ]


def sqlite_drop_statements(table: str = TABLE, fts_table: str = FTS_TABLE) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {fts_table}_after_update",
        f"DROP TRIGGER IF EXISTS {fts_table}_after_delete",
        f"DROP TRIGGER IF EXISTS {fts_table}_after_insert",
        f"DROP TABLE IF EXISTS {fts_table}",
    ]


# PostgreSQL n-gram lexemes (see the module docstring and gongkai.search.query).
NGRAM_PREFIX = "~"
NGRAM_LONG_LEXEME = "~~"
# 16,000 CJK characters: 32,000 n-grams of about 17 bytes each stay well under a tsvector's 1 MB.
NGRAM_MAX_BYTES = 48000
# The CJK characters of gongkai.core.tokenize (_CJK_BLOCKS); a superset is safe, as an n-gram is
# only ever a substring of the text.
_CJK_RUN = r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{3,}"
POSTGRESQL_NGRAM_FUNCTION = (
    "CREATE OR REPLACE FUNCTION search_cjk_ngrams(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE "
    f"STRICT AS $$ SELECT CASE WHEN octet_length(t) > {NGRAM_MAX_BYTES} THEN ARRAY['{NGRAM_LONG_LEXEME}'] ELSE "
    f"(SELECT coalesce(array_agg('{NGRAM_PREFIX}' || substr(m[1], i, n)), '{{}}'::text[]) "
    f"FROM regexp_matches(t, '{_CJK_RUN}', 'g') AS m, generate_series(3, 4) AS n, "
    "generate_series(1, char_length(m[1]) - n + 1) AS i) END $$")


def postgresql_create_statements(table: str = TABLE) -> list[str]:
    return [
        POSTGRESQL_NGRAM_FUNCTION,
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(strip(to_tsvector('simple'::regconfig, tokens)) || array_to_tsvector(string_to_array(facets, ' '))"
        " || array_to_tsvector(search_cjk_ngrams(match_text))) STORED",
        # Lexeme statistics down to about 0.2 % of rows instead of 8 %: the walk's gate reads them.
        f"ALTER TABLE {table} ALTER COLUMN search_vector SET STATISTICS 1000",
        f"CREATE INDEX {table}_vector_gin ON {table} USING gin (search_vector)",
    ]


def postgresql_drop_statements(table: str = TABLE) -> list[str]:
    return [f"DROP INDEX IF EXISTS {table}_vector_gin", f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
            "DROP FUNCTION IF EXISTS search_cjk_ngrams(text)"]


def sqlite_fill_statement(table: str = TABLE, fts_table: str = FTS_TABLE) -> str:
    """Index every existing row (the triggers only follow changes), for a migration that rebuilds the table."""
    return (f"INSERT INTO {fts_table}(rowid, tokens, facets) SELECT {_recency_key(table)}, tokens, facets "
            f"FROM {table}")


def sqlite_optimize(cursor, fts_table: str = FTS_TABLE) -> None:
    """Merge the FTS5 segments after a bulk load, so queries read one b-tree per token."""
    cursor.execute(f"INSERT INTO {fts_table}({fts_table}) VALUES ('optimize')")
