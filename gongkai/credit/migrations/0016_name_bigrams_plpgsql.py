"""PostgreSQL: credit_name_bigrams() as a PL/pgSQL loop without DISTINCT (half the CPU per indexed row on import).

The GIN index over it is not rebuilt: it stores each row's set of distinct bigrams, and the new body
yields the same set (the old one deduplicated, GIN deduplicates the keys itself), so every entry
stays valid and `@>` answers the same."""

from django.db import migrations

PLPGSQL_BODY = """CREATE OR REPLACE FUNCTION credit_name_bigrams(name text) RETURNS text[] LANGUAGE plpgsql
IMMUTABLE PARALLEL SAFE STRICT AS $$
DECLARE
    grams text[] := '{}';
BEGIN
    FOR i IN 1 .. char_length(name) - 1 LOOP
        grams[i] := substr(name, i, 2);
    END LOOP;
    RETURN grams;
END $$"""

# The body of 0010, for going back.
SQL_BODY = (
    "CREATE OR REPLACE FUNCTION credit_name_bigrams(name text) RETURNS text[] LANGUAGE sql IMMUTABLE "
    "PARALLEL SAFE STRICT AS $$ SELECT coalesce(array_agg(DISTINCT substr(name, i, 2)), '{}'::text[]) "
    "FROM generate_series(1, char_length(name) - 1) AS i $$")


def _replace(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0015_deadline_exceptions_numbers_and_parties'),
    ]

    operations = [migrations.RunPython(_replace(PLPGSQL_BODY), _replace(SQL_BODY))]
