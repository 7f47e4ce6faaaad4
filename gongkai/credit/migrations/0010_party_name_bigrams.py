"""The party-name bigram index of credit/name_index.py (双公示 search by any part of a name), per database."""

from django.db import migrations

from gongkai.credit import name_index

# PostgreSQL as it was made here (credit 0017 replaced it with name_index's grams index).
POSTGRESQL_FUNCTION = (
    "CREATE OR REPLACE FUNCTION credit_name_bigrams(name text) RETURNS text[] LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT coalesce(array_agg(DISTINCT substr(name, i, 2)), '{}'::text[]) "
    "FROM generate_series(1, char_length(name) - 1) AS i $$")


def postgresql_create_statements(kind):
    table = name_index.TABLES[kind]
    return [POSTGRESQL_FUNCTION,
            f"CREATE INDEX {table}_name_bigrams ON {table} USING gin (credit_name_bigrams(party_name))"]


def postgresql_drop_statements(kind):
    return [f"DROP INDEX IF EXISTS {name_index.TABLES[kind]}_name_bigrams"]


def create(apps, schema_editor):
    connection = schema_editor.connection
    for kind in name_index.TABLES:
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            name_index.register_sqlite_functions(connection.connection)
            statements = name_index.sqlite_create_statements(kind)
        elif connection.vendor == "postgresql":
            statements = postgresql_create_statements(kind)
        else:
            statements = []
        for statement in statements:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    for kind in name_index.TABLES:
        if connection.vendor == "sqlite":
            statements = name_index.sqlite_drop_statements(kind)
        elif connection.vendor == "postgresql":
            statements = postgresql_drop_statements(kind)
        else:
            statements = []
        for statement in statements:
            schema_editor.execute(statement)
    if connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS credit_name_bigrams(text)")


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0009_penalty_publicity_ends_index'),
    ]

    operations = [migrations.RunPython(create, drop)]
