"""The full-text structures beside the SearchDocument table, per database (used by the migrations and the benchmark).

SQLite: an FTS5 table `search_fts` over the columns `tokens`, `facets` and `ngrams`, contentless
(the text already lives in search_searchdocument, no second copy), `detail=full` (token positions
are kept), with the `unicode61` tokenizer, `remove_diacritics 0` and '~' as a token character: it
treats CJK ideographs as token characters and splits on spaces only, so each of our tokens stays
one FTS token (checked by tests/search/test_schema.py). Not `trigram`: it never matches
2-character terms (DESIGN §2).
- `ngrams` holds every CJK three- and four-character piece of `match_text` (gongkai.core.ngrams:
  '~出入境', '~户籍迁移'), computed by `search_cjk_ngrams`, a Python function registered on every
  connection (`register_sqlite_functions`, from the app's connection_created handler) under the
  name of PostgreSQL's SQL function. A word of three or four characters is then one posting list,
  and a longer phrase a phrase query over its four-character pieces, answered from the postings
  (gongkai.search.query) instead of checking the positions of every text that holds its bigrams.
  The n-grams live in their own column, not in `tokens`: PostgreSQL's tsvector is built from
  `tokens` too and adds the n-grams itself.
- `tokens` keeps its positions for texts past NGRAM_MAX_BYTES, which get the marker '~~' instead
  of n-grams: there a CJK term is a phrase query over its bigrams ("户籍 籍迁 迁移", see
  gongkai.core.tokenize.han_bigrams and phrase_index_text).
Triggers on the table keep it in step, in the same transaction as the row change; a connection
that writes search_searchdocument must have the function registered (Django's always do).
The FTS rowid is a recency key, (days since 1970 of published_on) << 32 | id, so the newest
hits come first by walking the index backwards, without touching the table.

PostgreSQL: a stored generated column `search_vector` = to_tsvector('simple', tokens) plus
the facet lexemes ('#a1', '#c5', ... taken verbatim, so no query word can collide with
them), with a GIN index. Being generated, it can never disagree with `tokens`.
A GIN index keeps no positions, so adjacency cannot come from bigrams there. Instead the column
also holds the same '~' n-grams of `match_text` (the SQL function search_cjk_ngrams; a prefix no
token or facet has, so 出入境 as a dictionary word stays a separate lexeme for ranking): a three- or
four-character word is then one exact lexeme, like a bigram, and a longer phrase an AND of its
four-grams that a text can satisfy with the pieces apart only in contrived cases (the exact check
still runs). A text longer than NGRAM_MAX_BYTES gets the lexeme '~~' instead (a tsvector holds at
most 1 MB); queries treat such texts with bigrams and the exact check (gongkai.search.query).
Positions are stripped: GIN never reads them, and the stored vector is smaller to read when a walk
tests rows.
"""

from __future__ import annotations

from gongkai.core.ngrams import CJK_RUN_PATTERN, NGRAM_LENGTHS, NGRAM_LONG_LEXEME, NGRAM_MAX_BYTES, NGRAM_PREFIX, cjk_ngrams

TABLE = "search_searchdocument"
FTS_TABLE = "search_fts"
ROWID_ID_MASK = 0xFFFFFFFF  # the low 32 bits of the FTS rowid are the document id
NGRAM_FUNCTION = "search_cjk_ngrams"  # the same name on both databases


def _recency_key(row: str) -> str:
    return (f"((CAST(julianday(COALESCE({row}.published_on, '1970-01-01')) - 2440587.5 AS INTEGER) << 32)"
            f" | {row}.id)")


def sqlite_ngram_text(match_text: str | None) -> str:
    """The `ngrams` column's text: gongkai.core.ngrams.cjk_ngrams joined by spaces."""
    return " ".join(cjk_ngrams(match_text or ""))


def register_sqlite_functions(dbapi_connection) -> None:
    """Make search_cjk_ngrams callable by the FTS triggers on this SQLite connection."""
    dbapi_connection.create_function(NGRAM_FUNCTION, 1, sqlite_ngram_text, deterministic=True)


def _fts_values(row: str) -> str:
    return f"{_recency_key(row)}, {row}.tokens, {row}.facets, {NGRAM_FUNCTION}({row}.match_text)"


def sqlite_create_statements(table: str = TABLE, fts_table: str = FTS_TABLE) -> list[str]:
    insert = f"INSERT INTO {fts_table}(rowid, tokens, facets, ngrams) VALUES ({_fts_values('NEW')});"
    delete = (f"INSERT INTO {fts_table}({fts_table}, rowid, tokens, facets, ngrams) "
              f"VALUES ('delete', {_fts_values('OLD')});")
    return [
        f"CREATE VIRTUAL TABLE {fts_table} USING fts5(tokens, facets, ngrams, content='', detail=full, "
        f"tokenize='unicode61 remove_diacritics 0 tokenchars ''{NGRAM_PREFIX}''')",
        f"CREATE TRIGGER {fts_table}_after_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {fts_table}_after_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts_table}_after_update AFTER UPDATE OF id, tokens, facets, match_text, published_on"
        f" ON {table} BEGIN {delete} {insert} END",
    ]


def sqlite_drop_statements(table: str = TABLE, fts_table: str = FTS_TABLE) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {fts_table}_after_update",
        f"DROP TRIGGER IF EXISTS {fts_table}_after_delete",
        f"DROP TRIGGER IF EXISTS {fts_table}_after_insert",
        f"DROP TABLE IF EXISTS {fts_table}",
    ]


# PostgreSQL's n-grams, from the constants of gongkai.core.ngrams (see there and the module docstring).
POSTGRESQL_NGRAM_FUNCTION = (
    f"CREATE OR REPLACE FUNCTION {NGRAM_FUNCTION}(t text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE "
    f"STRICT AS $$ SELECT CASE WHEN octet_length(t) > {NGRAM_MAX_BYTES} THEN ARRAY['{NGRAM_LONG_LEXEME}'] ELSE "
    f"(SELECT coalesce(array_agg('{NGRAM_PREFIX}' || substr(m[1], i, n)), '{{}}'::text[]) "
    f"FROM regexp_matches(t, '{CJK_RUN_PATTERN}', 'g') AS m, "
    f"generate_series({NGRAM_LENGTHS[0]}, {NGRAM_LENGTHS[-1]}) AS n, "
    "generate_series(1, char_length(m[1]) - n + 1) AS i) END $$")


def postgresql_create_statements(table: str = TABLE) -> list[str]:
    return [
        POSTGRESQL_NGRAM_FUNCTION,
        f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
        "(strip(to_tsvector('simple'::regconfig, tokens)) || array_to_tsvector(string_to_array(facets, ' '))"
        f" || array_to_tsvector({NGRAM_FUNCTION}(match_text))) STORED",
        # Lexeme statistics down to about 0.2 % of rows instead of 8 %: the walk's gate reads them.
        f"ALTER TABLE {table} ALTER COLUMN search_vector SET STATISTICS 1000",
        f"CREATE INDEX {table}_vector_gin ON {table} USING gin (search_vector)",
    ]


def postgresql_drop_statements(table: str = TABLE) -> list[str]:
    return [f"DROP INDEX IF EXISTS {table}_vector_gin", f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
            f"DROP FUNCTION IF EXISTS {NGRAM_FUNCTION}(text)"]


def sqlite_fill_statement(table: str = TABLE, fts_table: str = FTS_TABLE) -> str:
    """Index every existing row (the triggers only follow changes), for a migration that rebuilds the table."""
    return f"INSERT INTO {fts_table}(rowid, tokens, facets, ngrams) SELECT {_fts_values(table)} FROM {table}"


def sqlite_optimize(cursor, fts_table: str = FTS_TABLE) -> None:
    """Merge the FTS5 segments after a bulk load, so queries read one b-tree per token."""
    cursor.execute(f"INSERT INTO {fts_table}({fts_table}) VALUES ('optimize')")
