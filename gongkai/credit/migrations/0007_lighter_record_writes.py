"""Fewer structures to update per written record: redundant indexes go, and on PostgreSQL the per-row foreign-key triggers.

Every record the importer writes updates each index of its table, and on PostgreSQL fires one
deferred RI trigger per foreign key. Measured with COPY of 100,000 ready rows into the penalty
table (PostgreSQL's own loader, no validation): 10,200 rows/s with the 18 indexes and 3 foreign
keys of 0006, 14,700 without the foreign keys, 16,400 without the indexes dropped here too.

Dropped, because another index answers every query that used them:
- `agency_id` alone: (agency_id, is_current, decided_on), (agency_id, pushed_at) and the unique
  (agency_id, natural_key, version) all lead with it;
- on PostgreSQL, `party_name` alone: the public name search there is LIKE 'prefix%' over the
  partial pattern index of 0002, and the admin's search is a case-insensitive contains, which no
  B-tree serves. SQLite keeps it: Django writes the `is_current = true` filter as a bare
  `is_current`, which SQLite does not match to the partial indexes' `WHERE is_current = 1`, so its
  name search is a range on this plain index;
- on PostgreSQL, the `varchar_pattern_ops` twins Django adds to every indexed varchar
  (document_number, party_name, party_uscc): nothing queries these columns with LIKE 'prefix%'
  except the public name search, which has its own partial pattern index.

The foreign keys to agency, import batch and power-list item stay in the model (Django's PROTECT
still refuses to delete a referenced row) but lose their PostgreSQL constraint: records are
written only by the importer, with ids it read from the database in the same transaction. SQLite
keeps its constraints: removing them there means rebuilding the table, and its checks are cheap.
Plain SQL under SeparateDatabaseAndState, as in 0005, so SQLite never rebuilds the table (a rebuild
would drop the public indexes of 0002, which are not in the model state).
"""

from django.db import migrations, models
import django.db.models.deletion

TABLES = ("credit_penaltyrecord", "credit_licenserecord")
FOREIGN_KEYS = ("agency_id", "batch_id", "power_item_id")


def _constraints(schema_editor, table):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def _redundant_indexes(constraints, vendor):
    for name, info in constraints.items():
        if not info["index"] or info["unique"] or info.get("primary_key"):
            continue
        if info["columns"] == ["agency_id"] or (vendor == "postgresql" and info["columns"] == ["party_name"]
                                                  and not name.endswith("_like")):
            yield name
        elif vendor == "postgresql" and name.endswith("_like") and info["columns"] in (
                ["document_number"], ["party_name"], ["party_uscc"]):
            yield name


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    quote = schema_editor.quote_name
    for table in TABLES:
        constraints = _constraints(schema_editor, table)
        for name in _redundant_indexes(constraints, vendor):
            schema_editor.execute(f"DROP INDEX {quote(name)}")
        if vendor == "postgresql":
            for name, info in constraints.items():
                if info["foreign_key"] and info["columns"][0] in FOREIGN_KEYS:
                    schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        schema_editor.execute(f"CREATE INDEX {table[7:14]}_agency_0007 ON {table} (agency_id)")
        if vendor == "postgresql":
            schema_editor.execute(f"CREATE INDEX {table[7:14]}_party_name_0007 ON {table} (party_name)")
            for column, target in (("agency_id", "org_agency"), ("batch_id", "credit_importbatch"),
                                   ("power_item_id", "credit_poweritem")):
                schema_editor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {table[7:14]}_{column}_0007_fk FOREIGN KEY ({column}) "
                    f"REFERENCES {target} (id) DEFERRABLE INITIALLY DEFERRED")


def _state_operations():
    operations = []
    for model_name in ("licenserecord", "penaltyrecord"):
        operations += [
            migrations.AlterField(
                model_name=model_name,
                name="agency",
                field=models.ForeignKey(db_constraint=False, db_index=False,
                                        on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                        to="org.agency", verbose_name="机关"),
            ),
            migrations.AlterField(
                model_name=model_name,
                name="batch",
                field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                        on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                        to="credit.importbatch", verbose_name="导入批次"),
            ),
            migrations.AlterField(
                model_name=model_name,
                name="power_item",
                field=models.ForeignKey(blank=True, db_constraint=False, null=True,
                                        on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                        to="credit.poweritem", verbose_name="双公示目录事项"),
            ),
        ]
    return operations


class Migration(migrations.Migration):

    dependencies = [
        ("credit", "0006_public_recent_index"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=_state_operations(),
            database_operations=[migrations.RunPython(forwards, backwards, elidable=False)],
        ),
    ]
