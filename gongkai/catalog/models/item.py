"""A disclosure item (公开条目) with the national core metadata and its workflow state."""

from django.conf import settings
from django.db import models

from gongkai.catalog.models.category import Category
from gongkai.org.models import Agency, Unit


class Item(models.Model):
    """One piece of government information in the directory.

    State moves draft → in_review → published → withdrawn/repealed only through
    gongkai.catalog.workflow, which checks the role and scope and writes the audit log.
    """

    class State(models.TextChoices):
        DRAFT = "draft", "草稿"
        IN_REVIEW = "in_review", "待审核"
        PUBLISHED = "published", "已发布"
        WITHDRAWN = "withdrawn", "已撤回"

    class Disclosure(models.TextChoices):
        PROACTIVE = "proactive", "主动公开"
        ON_REQUEST = "on_request", "依申请公开"
        NOT_DISCLOSED = "not_disclosed", "不予公开"

    class Validity(models.TextChoices):
        VALID = "valid", "有效"
        EXPIRED = "expired", "失效"
        REPEALED = "repealed", "废止"
        AMENDED = "amended", "已修订"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="items", verbose_name="机关")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="items", verbose_name="发布机构")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items", verbose_name="目录栏目")
    index_number = models.CharField("索引号", max_length=40, unique=True, null=True, blank=True, editable=False)
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    document_number = models.CharField("文号", max_length=80, blank=True)
    written_on = models.DateField("成文日期")
    published_on = models.DateField("发布日期", null=True, blank=True, editable=False)
    topic = models.CharField("主题分类", max_length=40, blank=True)
    genre = models.CharField("体裁分类", max_length=40, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    disclosure = models.CharField("公开属性", max_length=20, choices=Disclosure.choices, default=Disclosure.PROACTIVE)
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices, default=Validity.VALID)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces", verbose_name="替代文件"
    )
    body = models.TextField("正文", blank=True)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False, verbose_name="起草人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公开条目"
        verbose_name_plural = "公开条目"
        ordering = ["-published_on", "-id"]
        permissions = [
            ("submit_item", "可提交审核"),
            ("review_item", "可审核（保密审查）"),
            ("publish_item", "可发布、撤回公开条目"),
        ]
        indexes = [models.Index(fields=["agency", "state", "published_on"])]

    def __str__(self):
        return self.title
