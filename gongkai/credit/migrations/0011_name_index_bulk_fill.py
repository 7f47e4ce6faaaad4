"""SQLite: the party-name FTS5 tables rebuilt with columnsize=0 (no per-row size record: nothing ranks by length)."""

from django.db import migrations

from gongkai.credit import name_index


def rebuild(apps, schema_editor):
    name_index.sqlite_rebuild(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0010_party_name_bigrams'),
    ]

    # Backwards leaves the rebuilt tables: 0010's reverse drops them whatever their options.
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
