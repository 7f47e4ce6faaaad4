"""双公示时限 at a million records (credit/compliance.py): each version's 处罚机关/许可机关 as a column, the
counts per decision date and unit from one index, and a partial index of the decisions that may be late.

- `authority` is added by ALTER TABLE … DEFAULT '' NOT NULL under SeparateDatabaseAndState (Django's
  SQLite backend would rebuild the table, dropping the name index's triggers and 0002's indexes) and
  filled from `fields`; the importer writes it from now on.
- (agency, is_current, decided_on) becomes (agency, is_current, decided_on, power_item, authority): the
  same leading columns, so what read the old index reads this one.
- *_deadline_exceptions holds the current decisions not pushed or published yet, pushed more than 5 or
  published more than 7 calendar days after the decision, or 轻微 without an end date. Its WHERE is
  compliance.exception_predicate's text at this migration (SQLite uses the index only for a query that
  repeats it); the tests check that the page's query reads it on both databases.
"""

from django.db import migrations, models

AUTHORITY = {"credit_penaltyrecord": "CF_CFJG", "credit_licenserecord": "XK_XKJG"}


def _predicate(vendor: str, penalty: bool) -> str:
    if vendor == "postgresql":
        late = "{} >= (decided_on + {} + time '10:00') AT TIME ZONE 'UTC'"
    else:
        late = "{} >= datetime(decided_on, '+{} days', '+10 hours')"
    terms = ["pushed_at IS NULL", "published_at IS NULL", late.format("pushed_at", 5), late.format("published_at", 7)]
    if penalty:
        terms.append("(severity = '轻微' AND publicity_ends_on IS NULL)")
    return f"is_current AND ({' OR '.join(terms)})"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, code in AUTHORITY.items():
        schema_editor.execute(f"ALTER TABLE {table} ADD COLUMN authority varchar(200) DEFAULT '' NOT NULL")
        value = (f"left(fields ->> '{code}', 200)" if vendor == "postgresql"
                 else f"substr(json_extract(fields, '$.{code}'), 1, 200)")
        schema_editor.execute(f"UPDATE {table} SET authority = {value} WHERE {value} <> ''")


def backwards(apps, schema_editor):
    for table in AUTHORITY:
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN authority")


def create_exception_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in AUTHORITY:
        penalty = table == "credit_penaltyrecord"
        stored = ["power_item_id", "authority", "version", "pushed_at", "published_at"] + (
            ["severity", "publicity_ends_on"] if penalty else [])
        if vendor == "postgresql":
            columns = f"(agency_id, decided_on) INCLUDE (id, {', '.join(stored)})"
        else:
            columns = f"(agency_id, decided_on, {', '.join(stored)})"
        name = "penalty_deadline_exceptions" if penalty else "license_deadline_exceptions"
        schema_editor.execute(f"CREATE INDEX {name} ON {table} {columns} WHERE {_predicate(vendor, penalty)}")


def drop_exception_indexes(apps, schema_editor):
    for name in ("penalty_deadline_exceptions", "license_deadline_exceptions"):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def _authority_fields():
    return [migrations.AddField(
        model_name=model_name, name="authority",
        field=models.CharField(blank=True, db_default="", default="", editable=False, max_length=200,
                               verbose_name="处罚机关/许可机关"))
        for model_name in ("licenserecord", "penaltyrecord")]


class Migration(migrations.Migration):

    dependencies = [
        ("credit", "0012_penalty_publicity_open"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=_authority_fields(),
        ),
        migrations.RemoveIndex(model_name="penaltyrecord", name="credit_pena_agency__c45150_idx"),
        migrations.AddIndex(
            model_name="penaltyrecord",
            index=models.Index(fields=["agency", "is_current", "decided_on", "power_item", "authority"],
                               name="penalty_current_day_unit"),
        ),
        migrations.RemoveIndex(model_name="licenserecord", name="credit_lice_agency__4d6b27_idx"),
        migrations.AddIndex(
            model_name="licenserecord",
            index=models.Index(fields=["agency", "is_current", "decided_on", "power_item", "authority"],
                               name="license_current_day_unit"),
        ),
        migrations.RunPython(create_exception_indexes, drop_exception_indexes),
    ]
