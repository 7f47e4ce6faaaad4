"""The workbench's 公示期满 index holds only the records still on the public query, so its count reads the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0011_name_index_bulk_fill'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='penaltyrecord',
            name='penalty_publicity_ends',
        ),
        migrations.AddIndex(
            model_name='penaltyrecord',
            index=models.Index(condition=models.Q(('is_current', True), ('withdrawn_at__isnull', True)),
                               fields=['agency', 'publicity_ends_on'], name='penalty_publicity_open'),
        ),
    ]
