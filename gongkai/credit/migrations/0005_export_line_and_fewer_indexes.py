"""`export_line` on both record tables, and no separate index on `natural_key`.

Both changes are made with plain SQL under SeparateDatabaseAndState: Django's SQLite backend would
rebuild each table to add a NOT NULL column or to drop a field's index, and a rebuild drops the
public-query indexes of migration 0002, which are not in the model state. `ALTER TABLE … ADD COLUMN
… DEFAULT ''` changes only the schema on both databases (PostgreSQL >= 11 stores the constant
default, SQLite reads it for old rows), so the migration takes milliseconds at millions of rows.
Old rows keep an empty line and are rendered from `fields` when exported.
"""

from django.db import migrations, models

TABLES = ("credit_penaltyrecord", "credit_licenserecord")


def _natural_key_indexes(schema_editor, table):
    """Django's own index on natural_key (and its `_like` twin on PostgreSQL), found by introspection."""
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return [name for name, info in constraints.items()
            if info["index"] and not info["unique"] and info["columns"] == ["natural_key"]]


def forwards(apps, schema_editor):
    for table in TABLES:
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN export_line text DEFAULT '' NOT NULL")
        for name in _natural_key_indexes(schema_editor, table):
            schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def backwards(apps, schema_editor):
    for table in TABLES:
        schema_editor.execute(f"CREATE INDEX {table}_natural_key_0005 ON {table} (natural_key)")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN export_line")


def _state_operations():
    operations = []
    for model_name in ("licenserecord", "penaltyrecord"):
        operations += [
            migrations.AddField(
                model_name=model_name,
                name="export_line",
                field=models.TextField(blank=True, db_default="", default="", editable=False,
                                       verbose_name="导出行（国家标准模板CSV）"),
            ),
            migrations.AlterField(
                model_name=model_name,
                name="natural_key",
                field=models.CharField(help_text="决定书文号＋相对人", max_length=300, verbose_name="自然键"),
            ),
        ]
    return operations


class Migration(migrations.Migration):

    dependencies = [
        ("credit", "0004_licenserecord_license_agency_pushed_and_more"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=_state_operations(),
            database_operations=[migrations.RunPython(forwards, backwards, elidable=False)],
        ),
    ]
