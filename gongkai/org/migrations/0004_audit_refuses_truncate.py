"""Make PostgreSQL refuse TRUNCATE of the audit log too (row triggers never see a TRUNCATE).

A statement-level BEFORE TRUNCATE trigger raises unless the session has set
`gongkai.allow_truncate = 'on'`: the test suite sets it on its own connections (tests/conftest.py),
because Django's flush between transactional tests empties every table with TRUNCATE. No setting of
the application sets it, so a running platform, `gongkai` commands and a psql session cannot empty
the log without first saying so deliberately. SQLite has no TRUNCATE.
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION org_auditentry_no_truncate() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('gongkai.allow_truncate', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit log is append-only: TRUNCATE refused';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER org_auditentry_no_truncate BEFORE TRUNCATE ON org_auditentry
    FOR EACH STATEMENT EXECUTE FUNCTION org_auditentry_no_truncate();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS org_auditentry_no_truncate ON org_auditentry;
DROP FUNCTION IF EXISTS org_auditentry_no_truncate();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("org", "0003_agency_fees_enabled")]
    operations = [migrations.RunPython(forward, backward)]
