"""The second look before publication: its findings and decisions per document, and the agency's allow-list."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('enforcement', '0002_review_digest'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='enforcementsettings',
            name='public_scan_allow',
            field=models.TextField(blank=True, help_text='每行一项，公开文本中可以原样出现的文字：罚款代收银行账号、本机关对外电话等（公开前复查不再提示）', verbose_name='公开前复查白名单'),
        ),
        migrations.CreateModel(
            name='PublicScanHit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20, verbose_name='类别')),
                ('value', models.CharField(max_length=200, verbose_name='发现的文字（仅内部）')),
                ('excerpt', models.CharField(blank=True, max_length=300, verbose_name='上下文')),
                ('occurrences', models.PositiveSmallIntegerField(default=1, verbose_name='出现次数')),
                ('found_at', models.DateTimeField(auto_now_add=True, verbose_name='发现时间')),
                ('decision', models.CharField(blank=True, choices=[('', '待核实'), ('kept', '已核实（保留）'), ('masked', '已遮盖')], max_length=10, verbose_name='处理结果')),
                ('reason', models.CharField(blank=True, max_length=300, verbose_name='核实理由')),
                ('decided_at', models.DateTimeField(blank=True, null=True, verbose_name='处理时间')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='处理人')),
                ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scan_hits', to='enforcement.decisiondocument', verbose_name='文书')),
            ],
            options={
                'verbose_name': '公开前复查发现',
                'verbose_name_plural': '公开前复查发现',
                'ordering': ['id'],
                'constraints': [models.UniqueConstraint(fields=('document', 'kind', 'value'), name='enforcement_scan_hit')],
            },
        ),
    ]
