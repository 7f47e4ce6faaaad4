"""The full-text index beside SearchDocument: FTS5 on SQLite, tsvector + GIN on PostgreSQL (see search.schema)."""

from django.db import migrations

from gongkai.search import schema


def _statements(schema_editor, *, create: bool) -> list[str]:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        return schema.sqlite_create_statements() if create else schema.sqlite_drop_statements()
    if vendor == "postgresql":
        return schema.postgresql_create_statements() if create else schema.postgresql_drop_statements()
    raise RuntimeError(f"全文检索不支持数据库 {vendor}")


def create_fulltext(apps, schema_editor):
    for statement in _statements(schema_editor, create=True):
        schema_editor.execute(statement)


def drop_fulltext(apps, schema_editor):
    for statement in _statements(schema_editor, create=False):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create_fulltext, drop_fulltext)]
