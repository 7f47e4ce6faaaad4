"""Four eyes bound to content for 执法公开: the last person to edit the spans, and the digest of the text in review.

Documents already waiting for review get the digest of the text they would publish now.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from gongkai.enforcement.spans import digest, public_text


def freeze_pending_documents(apps, schema_editor):
    DecisionDocument = apps.get_model("enforcement", "DecisionDocument")
    for document in DecisionDocument.objects.filter(state="pending").only("id", "original_text", "spans"):
        DecisionDocument.objects.filter(pk=document.pk).update(
            review_digest=digest(public_text(document.original_text, document.spans)))


class Migration(migrations.Migration):

    dependencies = [
        ('enforcement', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='decisiondocument',
            name='last_edited_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='最后修改遮蔽的人'),
        ),
        migrations.AddField(
            model_name='decisiondocument',
            name='review_digest',
            field=models.CharField(blank=True, editable=False, help_text='送审公开文本的SHA-256；发布的必须正是这一文本', max_length=64, verbose_name='待审核公开文本摘要'),
        ),
        migrations.RunPython(freeze_pending_documents, migrations.RunPython.noop),
    ]
