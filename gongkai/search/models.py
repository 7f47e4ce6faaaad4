"""The search index's one table: a row per published text, fed by items now and 执法公开 documents later."""

from django.db import models

from gongkai.org.models import Agency, Unit


class SearchDocument(models.Model):
    """What search needs of one published text, copied at publication so queries touch no other table.

    The full-text index itself is not a Django field: on SQLite it is the FTS5 table
    `search_fts` kept in step by triggers on this table; on PostgreSQL it is the generated
    column `search_vector` with a GIN index (see `gongkai.search.schema`). Both are built
    from `tokens` (gongkai.core.tokenize.phrase_index_text) and `facets` (filter tokens).
    Small columns come first so that a row's date and ids sit on its first page.
    """

    kind = models.CharField("类别", max_length=30, help_text="item = 公开条目；其他应用用自己的名字，如 enforcement")
    object_id = models.BigIntegerField("对象编号")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+", verbose_name="机关")
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                             verbose_name="发布机构")
    published_on = models.DateField("发布日期", null=True, blank=True)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    validity = models.CharField("有效性", max_length=20, blank=True)
    category_ids = models.CharField("栏目路径", max_length=200, blank=True,
                                    help_text="栏目及其全部上级栏目的编号，空格分隔")
    unit_name = models.CharField("发布机构名称", max_length=100, blank=True)
    index_number = models.CharField("索引号", max_length=40, blank=True)
    document_number = models.CharField("文号", max_length=80, blank=True)
    title = models.CharField("标题", max_length=300)
    url = models.CharField("链接", max_length=300)
    facets = models.TextField("筛选词", help_text="#a机关 #u单位 #c栏目 #y年度 #v有效性 #k类别")
    tokens = models.TextField("检索词")
    match_text = models.TextField("核对文本", help_text="规范化后的全文，用于精确核对候选结果")
    plain_text = models.TextField("摘要正文", help_text="去除标签后的文号、索引号、概述、关键词和正文，用于摘要")
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_unique_object")]
        indexes = [models.Index(fields=["-published_on", "-id"], name="search_doc_recent")]

    def __str__(self):
        return self.title


class IndexGeneration(models.Model):
    """One row: the index's current generation, a random value renewed on every change (gongkai.search.generation)."""

    generation = models.BigIntegerField("版本", default=0)

    class Meta:
        verbose_name = "检索索引版本"
        verbose_name_plural = "检索索引版本"
