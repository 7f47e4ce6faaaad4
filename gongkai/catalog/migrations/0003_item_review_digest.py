"""Four eyes bound to content: who last edited an item, and the digest of the version submitted for review.

Items already in review are frozen as they stand, so a reviewer can publish them without a resubmission.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from gongkai.catalog.models.item import public_content_digest


def freeze_items_in_review(apps, schema_editor):
    Item = apps.get_model("catalog", "Item")
    for item in Item.objects.filter(state="in_review"):
        Item.objects.filter(pk=item.pk).update(review_digest=public_content_digest(item))


class Migration(migrations.Migration):

    dependencies = [
        ('catalog', '0002_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='item',
            name='last_edited_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='最后修改人'),
        ),
        migrations.AddField(
            model_name='item',
            name='review_digest',
            field=models.CharField(blank=True, editable=False, help_text='提交审核时公开内容的SHA-256；发布的必须正是这一版本', max_length=64, verbose_name='提交审核时的内容摘要'),
        ),
        migrations.RunPython(freeze_items_in_review, migrations.RunPython.noop),
    ]
