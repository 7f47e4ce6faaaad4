"""The search index table (SearchDocument); its full-text structures come in 0002_fulltext."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('org', '0002_audit_append_only_triggers'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(help_text='item = 公开条目；其他应用用自己的名字，如 enforcement', max_length=30, verbose_name='类别')),
                ('object_id', models.BigIntegerField(verbose_name='对象编号')),
                ('published_on', models.DateField(blank=True, null=True, verbose_name='发布日期')),
                ('year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='年度')),
                ('validity', models.CharField(blank=True, max_length=20, verbose_name='有效性')),
                ('category_ids', models.CharField(blank=True, help_text='栏目及其全部上级栏目的编号，空格分隔', max_length=200, verbose_name='栏目路径')),
                ('unit_name', models.CharField(blank=True, max_length=100, verbose_name='发布机构名称')),
                ('index_number', models.CharField(blank=True, max_length=40, verbose_name='索引号')),
                ('document_number', models.CharField(blank=True, max_length=80, verbose_name='文号')),
                ('title', models.CharField(max_length=300, verbose_name='标题')),
                ('url', models.CharField(max_length=300, verbose_name='链接')),
                ('facets', models.TextField(help_text='#a机关 #u单位 #c栏目 #y年度 #v有效性 #k类别', verbose_name='筛选词')),
                ('tokens', models.TextField(verbose_name='检索词')),
                ('match_text', models.TextField(help_text='规范化后的全文，用于精确核对候选结果', verbose_name='核对文本')),
                ('plain_text', models.TextField(help_text='去除标签后的文号、索引号、概述、关键词和正文，用于摘要', verbose_name='摘要正文')),
                ('indexed_at', models.DateTimeField(auto_now=True, verbose_name='索引时间')),
                ('agency', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='org.agency', verbose_name='机关')),
                ('unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='org.unit', verbose_name='发布机构')),
            ],
            options={
                'verbose_name': '检索文档',
                'verbose_name_plural': '检索文档',
                'indexes': [models.Index(fields=['-published_on', '-id'], name='search_doc_recent')],
                'constraints': [models.UniqueConstraint(fields=('kind', 'object_id'), name='search_document_unique_object')],
            },
        ),
    ]
