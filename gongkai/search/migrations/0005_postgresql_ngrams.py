"""PostgreSQL: the tsvector gains CJK three- and four-character n-grams and loses its positions (see search.schema); SQLite unchanged."""

from django.db import migrations

from gongkai.search import schema


def rebuild_vector(apps, schema_editor):
    """Drop the generated column and its GIN index and make them again with the n-gram lexemes (a table rewrite)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in schema.postgresql_drop_statements() + schema.postgresql_create_statements():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_phrase_positions")]
    operations = [migrations.RunPython(rebuild_vector, migrations.RunPython.noop)]
