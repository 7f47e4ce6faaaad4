"""SQLite: the partial *_deadline_exceptions indexes of 0013 also store is_current.

SQLite reads an index alone only when it holds every column the query names, and the queries name
is_current in repeating the index's WHERE (compliance.exception_predicate); without it each exception
was read from its table row. PostgreSQL reads the columns of a partial index's WHERE from nowhere
(the predicate is proved, not checked), so its indexes stay as 0013 made them.
"""

from django.db import migrations

COLUMNS = {
    "penalty": ("credit_penaltyrecord", "power_item_id, authority, version, pushed_at, published_at, severity, "
                "publicity_ends_on", True),
    "license": ("credit_licenserecord", "power_item_id, authority, version, pushed_at, published_at", False),
}


def _predicate(penalty: bool) -> str:
    late = "{} >= datetime(decided_on, '+{} days', '+10 hours')"
    terms = ["pushed_at IS NULL", "published_at IS NULL", late.format("pushed_at", 5), late.format("published_at", 7)]
    if penalty:
        terms.append("(severity = '轻微' AND publicity_ends_on IS NULL)")
    return f"is_current AND ({' OR '.join(terms)})"


def _recreate(schema_editor, with_is_current: bool):
    if schema_editor.connection.vendor != "sqlite":
        return
    for kind, (table, stored, penalty) in COLUMNS.items():
        name = f"{kind}_deadline_exceptions"
        leading = "agency_id, decided_on, is_current" if with_is_current else "agency_id, decided_on"
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(f"CREATE INDEX {name} ON {table} ({leading}, {stored}) WHERE {_predicate(penalty)}")


class Migration(migrations.Migration):

    dependencies = [
        ("credit", "0013_compliance_authority_and_indexes"),
    ]

    operations = [migrations.RunPython(lambda apps, editor: _recreate(editor, True),
                                       lambda apps, editor: _recreate(editor, False))]
