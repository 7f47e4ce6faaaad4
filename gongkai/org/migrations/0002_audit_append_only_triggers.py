"""Make the database itself refuse changes to audit entries.

PostgreSQL refuses UPDATE and DELETE. SQLite refuses UPDATE; it cannot refuse DELETE, because
SQLite has no TRUNCATE and Django's flush (used by test isolation and `flush`) deletes rows;
there the ORM and the admin refuse deletion (AuditQuerySet, AuditEntry.delete).
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION org_auditentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER org_auditentry_no_update BEFORE UPDATE OR DELETE ON org_auditentry
    FOR EACH ROW EXECUTE FUNCTION org_auditentry_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS org_auditentry_no_update ON org_auditentry;
DROP FUNCTION IF EXISTS org_auditentry_append_only();
"""
SQLITE_FORWARD = """
CREATE TRIGGER org_auditentry_no_update BEFORE UPDATE ON org_auditentry
BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only: UPDATE refused');
END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS org_auditentry_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
