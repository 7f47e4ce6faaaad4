"""SQLite: the FTS5 table gains the `ngrams` column (CJK three- and four-character pieces, see search.schema); PostgreSQL unchanged."""

from django.db import migrations

from gongkai.search import schema


def rebuild_with_ngrams(apps, schema_editor):
    """Drop the FTS5 table and its triggers, make them again with the n-gram column, index every row and merge.

    PostgreSQL's tsvector has held the same n-grams since 0005.
    """
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    schema.register_sqlite_functions(connection.connection)  # also done per connection by the app; explicit here
    for statement in schema.sqlite_drop_statements() + schema.sqlite_create_statements():
        schema_editor.execute(statement)
    schema_editor.execute(schema.sqlite_fill_statement())
    with connection.cursor() as cursor:
        schema.sqlite_optimize(cursor)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_postgresql_ngrams")]
    operations = [migrations.RunPython(rebuild_with_ngrams, migrations.RunPython.noop)]
