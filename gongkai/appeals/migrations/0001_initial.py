"""Initial schema of review and litigation cases (depends only on committed org and inforequests migrations)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('inforequests', '0001_initial'),
        ('org', '0002_audit_append_only_triggers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AppealCase',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('review', '行政复议'), ('litigation', '行政诉讼')], max_length=20, verbose_name='案件类型')),
                ('litigation_route', models.CharField(blank=True, choices=[('direct', '未经复议直接起诉'), ('after_review', '复议后起诉')], help_text='仅行政诉讼填写', max_length=20, verbose_name='起诉方式')),
                ('case_number', models.CharField(blank=True, help_text='复议机关或法院的案号；同一机关内不得重复', max_length=100, verbose_name='案号')),
                ('body', models.CharField(blank=True, max_length=100, verbose_name='复议机关或审理法院')),
                ('filed_on', models.DateField(verbose_name='立案日期')),
                ('outcome', models.CharField(choices=[('upheld', '结果维持'), ('corrected', '结果纠正'), ('other', '其他结果'), ('pending', '尚未审结')], default='pending', max_length=20, verbose_name='结果')),
                ('closed_on', models.DateField(blank=True, null=True, verbose_name='审结日期')),
                ('note', models.CharField(blank=True, max_length=300, verbose_name='备注')),
                ('imported', models.BooleanField(default=False, editable=False, verbose_name='历史台账导入')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='登记时间')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='appeal_cases', to='org.agency', verbose_name='机关')),
                ('created_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='登记人')),
                ('request', models.ForeignKey(blank=True, help_text='因依申请公开答复引起的案件；对主动公开等不服的案件可不填', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='appeal_cases', to='inforequests.inforequest', verbose_name='关联申请')),
            ],
            options={
                'verbose_name': '行政复议、行政诉讼案件',
                'verbose_name_plural': '行政复议、行政诉讼案件',
                'ordering': ['-filed_on', '-id'],
                'indexes': [models.Index(fields=['agency', 'filed_on'], name='appeals_app_agency__982738_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('case_number', ''), _negated=True), fields=('agency', 'case_number'), name='appeal_case_unique_number'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'review'), ('litigation_route', '')), models.Q(('kind', 'litigation'), ('litigation_route__in', ['direct', 'after_review'])), _connector='OR'), name='appeal_case_route_matches_kind'), models.CheckConstraint(condition=models.Q(models.Q(('closed_on__isnull', True), ('outcome', 'pending')), models.Q(models.Q(('outcome', 'pending'), _negated=True), ('closed_on__isnull', False)), _connector='OR'), name='appeal_case_closed_on_matches_outcome'), models.CheckConstraint(condition=models.Q(('closed_on__isnull', True), ('closed_on__gte', models.F('filed_on')), _connector='OR'), name='appeal_case_closed_after_filed')],
            },
        ),
    ]
