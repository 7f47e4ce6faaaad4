"""Positions in the full-text index: tokens rewritten for phrase search, FTS5 rebuilt with detail=full (see search.schema)."""

from django.db import migrations

from gongkai.core.tokenize import phrase_index_text
from gongkai.search import schema

REWRITE_BATCH = 1000


def _rewrite_tokens(apps) -> None:
    """Every row's tokens as phrase_index_text makes them, from the title and plain text it stores.

    build_document tokenises f"{title} {plain_text}"; both are stored, so no section is consulted.
    """
    SearchDocument = apps.get_model("search", "SearchDocument")
    rows = SearchDocument.objects.only("id", "title", "plain_text").order_by("id")
    batch = []
    for document in rows.iterator(chunk_size=REWRITE_BATCH):
        document.tokens = phrase_index_text(f"{document.title} {document.plain_text}")
        batch.append(document)
        if len(batch) == REWRITE_BATCH:
            SearchDocument.objects.bulk_update(batch, ["tokens"])
            batch = []
    if batch:
        SearchDocument.objects.bulk_update(batch, ["tokens"])


def rebuild_with_positions(apps, schema_editor):
    """SQLite: drop the FTS5 table and its triggers, rewrite the tokens, create it again and index every row.

    PostgreSQL: the tsvector column is generated from `tokens`, so rewriting them is the rebuild.
    """
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in schema.sqlite_drop_statements():
            schema_editor.execute(statement)
        _rewrite_tokens(apps)
        for statement in schema.sqlite_create_statements():
            schema_editor.execute(statement)
        schema_editor.execute(schema.sqlite_fill_statement())
    else:
        _rewrite_tokens(apps)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_index_generation")]
    operations = [migrations.RunPython(rebuild_with_positions, migrations.RunPython.noop)]
