"""PostgreSQL: the public list's order (newest decision first, then id) as a partial index of current records.

The public 双公示 page with no search text lists visible records ORDER BY decided_on DESC, id DESC.
The (agency, is_current, decided_on) index gives the dates in order but not the ids within a day,
so PostgreSQL read and sorted a whole day's decisions (thousands at a city's scale) for each page
of 20. This index hands them over in the exact order, and the page stops after its rows. SQLite
needs none: every SQLite index ends with the rowid, which is `id`, so the existing index already
orders by (decided_on, id).
"""

from django.db import migrations

TABLES = ("credit_penaltyrecord", "credit_licenserecord")


def _name(table: str) -> str:
    return f"{table.removeprefix('credit_')[:7]}_pub_recent_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {_name(table)} ON {table} "
                              "(agency_id, decided_on DESC, id DESC) WHERE is_current = true")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {_name(table)}")


class Migration(migrations.Migration):
    dependencies = [("credit", "0005_export_line_and_fewer_indexes")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
