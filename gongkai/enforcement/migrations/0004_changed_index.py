"""An index of the changed decisions only, for the workbench's 待撤回 count (not a pass over every published document)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enforcement', '0003_public_scan'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='decisiondocument',
            index=models.Index(condition=models.Q(('changed_on__isnull', False)), fields=['agency', 'changed_on'],
                               name='enforcement_changed'),
        ),
    ]
