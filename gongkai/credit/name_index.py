"""The index behind 双公示 search by any part of a party name: the 2- and 3-character pieces of every name, kept by the database.

Why n-grams: a name part of two or more characters contains all of its own 2- and 3-character
substrings, so "every n-gram the query asks is among the name's" never misses a name that contains
the query (recall 1.0); `party_name LIKE %q%` on the candidates then makes the answer exact, in the
same statement. Jieba words would miss 吕娜餐饮 inside 高新区吕娜餐饮有限公司 whenever the
segmenter cuts the name differently from the query; n-grams cannot.

Why trigrams besides bigrams: an index's cost is the length of the lists it reads, whatever their
intersection gives. At 5M records a 3-character keyword is in 18,500 names and its rarest bigram in
77,000; GIN turns the list into a bitmap at 0.2 µs an entry (15 ms before a row is read, twice a
page), FTS5 intersects it with its other bigram's 400,000 (8 ms); and a text whose bigrams are all
dense in one table (平安汽 among licences) could only be found by a scan. A text of three
characters or more asks for its trigrams, one of two characters for its bigram (credit 0017/0018:
the index about doubles).

Kept by the database in the same transaction as the row, so the lifecycle and the admin need not
know about it:
- SQLite: contentless FTS5 tables (`unicode61`, detail=none and columnsize=0: no phrase queries and
  no per-row size record, the LIKE check proves adjacency) fed by triggers that call
  `credit_name_grams(name)`, a Python function registered on every connection
  (`register_sqlite_functions`, from the app's `connection_created` handler). Only n-grams of
  letters/digits/ideographs are indexed: unicode61 would split punctuation away and the query side
  drops the same ones (sqlite_query_grams; a dropped condition only widens the candidates).
  The importer's chunks do not go through the insert trigger (`sqlite_bulk_insert`): SQLite 3.40's
  FTS5 writes its pending terms out as a new segment at every statement savepoint, which a trigger
  fired per row of an executemany makes one tiny segment per row (+39 % on an import), and even a
  trigger that does nothing joins the FTS table to every row's statement (+14 µs a row). The
  trigger is dropped for the chunk's INSERT and made again after it, and the chunk's rows are
  indexed by one INSERT … SELECT, all in the chunk's transaction.
- PostgreSQL: an IMMUTABLE function `credit_name_grams(text) -> text[]` (PL/pgSQL: see
  POSTGRESQL_FUNCTION) and a GIN expression index over it; the query is
  `credit_name_grams(party_name) @> ARRAY[...]` (postgresql_query_grams). The index keeps GIN's
  default fast update (rows go to a pending list, merged into the tree in batches of
  gin_pending_list_limit): with it off each row rewrites ~11 posting trees, and COPYing 300,000
  names took 16.2 s instead of 5.7 s with 3.6× the WAL. A larger pending list saved little and
  leaves queries a longer list to read.
Every version of every record is indexed (a few short tokens per row); visibility and the party kind
are filtered by the query, as before.
"""

from __future__ import annotations

from contextlib import contextmanager

TABLES = {"penalty": "credit_penaltyrecord", "license": "credit_licenserecord"}
SQLITE_FUNCTION = "credit_name_grams"


def fts_table(kind: str) -> str:
    return f"credit_{kind}_name_fts"


def indexable_grams(text: str) -> list[str]:
    """What SQLite's index holds for a name: its indexable bigrams, then its indexable trigrams."""
    return _indexable(text, 2) + _indexable(text, 3)


def sqlite_query_grams(text: str) -> list[str]:
    """What SQLite's index is asked for `text`: its indexable trigrams, and the bigrams none of them
    holds (beside punctuation, or a text of two characters). A name holding `text` holds them all."""
    trigrams = _indexable(text, 3)
    return trigrams + [bigram for bigram in _indexable(text, 2) if not any(bigram in gram for gram in trigrams)]


def _indexable(text: str, size: int) -> list[str]:
    """The distinct `size`-character substrings of `text` made of letters, digits or ideographs, in order."""
    return [gram for gram in _substrings(text, size) if gram.isalnum()]


def all_bigrams(text: str) -> list[str]:
    """Every distinct 2-character substring (PostgreSQL indexes them all, punctuation included)."""
    return _substrings(text, 2)


def all_trigrams(text: str) -> list[str]:
    """Every distinct 3-character substring (PostgreSQL indexes them too)."""
    return _substrings(text, 3)


def postgresql_query_grams(text: str) -> list[str]:
    """What PostgreSQL's index is asked for `text`: its trigrams, or for two characters its bigram.

    A name holding `text` holds all of them, so asking them never misses it. Each bigram of a longer
    text lies inside one of its trigrams, so asking the bigrams as well would add nothing."""
    return all_trigrams(text) if len(text) >= 3 else all_bigrams(text)


def _substrings(text: str, size: int) -> list[str]:
    return list(dict.fromkeys(text[i:i + size] for i in range(len(text) - size + 1)))


def sqlite_gram_text(name: str | None) -> str:
    return " ".join(indexable_grams(name or ""))


def register_sqlite_functions(dbapi_connection) -> None:
    dbapi_connection.create_function(SQLITE_FUNCTION, 1, sqlite_gram_text, deterministic=True)


def sqlite_fill_statement(kind: str) -> str:
    """Index the rows with an id above the one parameter (AUTOINCREMENT: a chunk's rows are above the max before it)."""
    return (f"INSERT INTO {fts_table(kind)}(rowid, grams) SELECT id, {SQLITE_FUNCTION}(party_name) "
            f"FROM {TABLES[kind]} WHERE id > %s")


def _index_new_row(kind: str) -> str:
    fts = fts_table(kind)
    return f"INSERT INTO {fts}(rowid, grams) VALUES (NEW.id, {SQLITE_FUNCTION}(NEW.party_name));"


def _insert_trigger(kind: str) -> tuple[str, str]:
    """(name, CREATE statement) of the trigger that indexes a row inserted one at a time."""
    name = f"{fts_table(kind)}_after_insert"
    return name, f"CREATE TRIGGER {name} AFTER INSERT ON {TABLES[kind]} BEGIN {_index_new_row(kind)} END"


@contextmanager
def sqlite_bulk_insert(connection, cursor, kind: str):
    """Rows inserted inside the block are indexed by one statement at its end instead of by the insert trigger.

    The trigger is dropped for the block and created again after it, inside the caller's
    transaction: other connections only ever see the trigger there and the index complete. The
    trigger's mere presence costs (FTS5 joins every INSERT statement, one per executemany row), so
    it is not enough for it to do nothing."""
    if not connection.in_atomic_block:
        raise RuntimeError("sqlite_bulk_insert needs the writer's transaction")
    cursor.execute(f"SELECT coalesce(max(id), 0) FROM {TABLES[kind]}")
    (before,) = cursor.fetchone()
    name, create = _insert_trigger(kind)
    cursor.execute(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        cursor.execute(create)
        cursor.execute(sqlite_fill_statement(kind), [before])


def fts5_match(bigrams: list[str]) -> str:
    """An FTS5 MATCH expression: every bigram, each quoted (they hold no quote: letters and ideographs only)."""
    return " AND ".join(f'"{bigram}"' for bigram in bigrams)


def sqlite_create_statements(kind: str) -> list[str]:
    table, fts = TABLES[kind], fts_table(kind)
    insert = _index_new_row(kind)
    delete = f"INSERT INTO {fts}({fts}, rowid, grams) VALUES ('delete', OLD.id, {SQLITE_FUNCTION}(OLD.party_name));"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(grams, content='', detail=none, columnsize=0, "
        "tokenize='unicode61 remove_diacritics 0')",
        f"INSERT INTO {fts}(rowid, grams) SELECT id, {SQLITE_FUNCTION}(party_name) FROM {table}",
        _insert_trigger(kind)[1],
        f"CREATE TRIGGER {fts}_after_delete AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER {fts}_after_update AFTER UPDATE OF id, party_name ON {table} BEGIN {delete} {insert} END",
    ]


def sqlite_rebuild(schema_editor) -> None:
    """SQLite, in a migration: both FTS5 tables and their triggers made again and every row indexed
    anew (contentless FTS5 deletes a row by repeating the tokens it was given, so a change to what is
    indexed, or to the table's options, means indexing every row again)."""
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    register_sqlite_functions(connection.connection)
    for kind in TABLES:
        for statement in sqlite_drop_statements(kind) + sqlite_create_statements(kind):
            schema_editor.execute(statement)


def sqlite_drop_statements(kind: str) -> list[str]:
    fts = fts_table(kind)
    return [f"DROP TRIGGER IF EXISTS {fts}_after_{event}" for event in ("update", "delete", "insert")] + [
        f"DROP TABLE IF EXISTS {fts}"]


# Every 2- and 3-character substring, in order, repeats kept: the GIN index and `@>` compare sets of
# keys (GIN drops a row's duplicate keys itself), so deduplicating here only cost time. A PL/pgSQL
# loop, because the index evaluates it for every inserted row (the SQL body of credit 0010,
# array_agg(DISTINCT …) over generate_series, sorted every name: twice the CPU; credit 0016).
POSTGRESQL_FUNCTION = """CREATE OR REPLACE FUNCTION credit_name_grams(name text) RETURNS text[] LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
    grams text[] := '{}';
    size integer := char_length(name);
BEGIN
    FOR i IN 1 .. size - 1 LOOP
        grams[i] := substr(name, i, 2);
    END LOOP;
    FOR i IN 1 .. size - 2 LOOP
        grams[size - 1 + i] := substr(name, i, 3);
    END LOOP;
    RETURN grams;
END $$"""


def postgresql_index(kind: str) -> str:
    return f"{TABLES[kind]}_name_grams"


def postgresql_create_statements(kind: str) -> list[str]:
    table = TABLES[kind]
    return [POSTGRESQL_FUNCTION,
            f"CREATE INDEX {postgresql_index(kind)} ON {table} USING gin (credit_name_grams(party_name))"]


def postgresql_drop_statements(kind: str) -> list[str]:
    return [f"DROP INDEX IF EXISTS {postgresql_index(kind)}"]
