"""SQLite: the party-name FTS5 index is rebuilt with each name's 3-character pieces besides its bigrams (credit/name_index.py); PostgreSQL: credit 0017."""

from django.db import migrations

from gongkai.credit import name_index


def rebuild(apps, schema_editor):
    name_index.sqlite_rebuild(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0017_name_grams'),
    ]

    # Backwards keeps the trigrams: the index still holds every bigram the older query asks for.
    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
