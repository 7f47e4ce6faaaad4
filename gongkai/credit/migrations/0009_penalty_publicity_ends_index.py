"""An index for the workbench's count of penalty records whose publicity period ends soon."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('credit', '0008_importbatch_progress_at'),
        ('org', '0003_agency_fees_enabled'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='penaltyrecord',
            index=models.Index(fields=['agency', 'publicity_ends_on'], name='penalty_publicity_ends'),
        ),
    ]
