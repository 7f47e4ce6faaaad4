"""SQLite: the party-name FTS5 tables rebuilt with columnsize=0 (no per-row size record: nothing ranks by length)."""

from django.db import migrations

from gongkai.credit import name_index


def rebuild(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    name_index.register_sqlite_functions(connection.connection)
    for kind in name_index.TABLES:
        for statement in name_index.sqlite_drop_statements(kind) + name_index.sqlite_create_statements(kind):
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0010_party_name_bigrams'),
    ]

    # Backwards leaves the rebuilt tables: 0010's reverse drops them whatever their options.
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
