"""PostgreSQL: the party-name index holds each name's 3-character substrings besides its bigrams (credit/name_index.py).

The new index is built beside the old one, which is then dropped with its function; going back
does the reverse. SQLite's FTS5 index: credit 0018."""

from importlib import import_module

from django.db import migrations

from gongkai.credit import name_index

# credit_name_bigrams as 0016 left it, for going back.
BIGRAM_FUNCTION = import_module("gongkai.credit.migrations.0016_name_bigrams_plpgsql").PLPGSQL_BODY


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for kind in name_index.TABLES:
        for statement in name_index.postgresql_create_statements(kind):
            schema_editor.execute(statement)
        schema_editor.execute(f"DROP INDEX IF EXISTS {name_index.TABLES[kind]}_name_bigrams")
        # the query reads which grams are common from the new index's statistics (credit/public.py)
        schema_editor.execute(f"ANALYZE {name_index.TABLES[kind]}")
    schema_editor.execute("DROP FUNCTION IF EXISTS credit_name_bigrams(text)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(BIGRAM_FUNCTION)
    for kind, table in name_index.TABLES.items():
        schema_editor.execute(
            f"CREATE INDEX {table}_name_bigrams ON {table} USING gin (credit_name_bigrams(party_name))")
        for statement in name_index.postgresql_drop_statements(kind):
            schema_editor.execute(statement)
    schema_editor.execute("DROP FUNCTION IF EXISTS credit_name_grams(text)")


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0016_name_bigrams_plpgsql'),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
