"""A disclosure item (公开条目) with the national core metadata and its workflow state."""

from django.conf import settings
from django.db import models

from gongkai.catalog.models.category import Category
from gongkai.publishing import never_deleted
from gongkai.org.audit import record
from gongkai.org.models import Agency, Unit
from gongkai.org.transitions import content_digest

# 主题分类 and 体裁分类 as the bureau's directory uses them; free text is allowed, these are offered.
TOPICS = ("公安、安全、司法", "综合政务", "交通", "城乡建设、环境保护", "财政、金融、审计", "民政、扶贫、救灾",
          "卫生、体育", "科技、教育", "劳动、人事、监察", "其他")
GENRES = ("通告", "公告", "通知", "意见", "办法", "规定", "决定", "解读", "指南", "报告", "计划", "其他")

# What the public sees of an item; the review digest covers these and the attachments.
PUBLIC_FIELDS = ("unit_id", "category_id", "title", "summary", "document_number", "written_on", "effective_on",
                 "repealed_on", "topic", "genre", "keywords", "disclosure", "document_kind", "validity",
                 "replaced_by_id", "interprets_id", "body")


def public_content_digest(item) -> str:
    """The digest of everything the public would see of `item`: its public fields and each attachment's file.

    A plain function so the migration that freezes items already in review computes the same digest."""
    fields = {name: getattr(item, name) for name in PUBLIC_FIELDS}
    attachments = ([[a.title, a.sha256 or a.file.name] for a in item.attachments.order_by("id")]
                   if item.pk is not None else [])
    return content_digest({"fields": fields, "attachments": attachments})


class Item(models.Model):
    """One piece of government information in the directory.

    State moves draft → in_review → published → withdrawn only through gongkai.catalog.workflow,
    which checks the role and scope, writes the audit log and republishes the affected pages.

    Four eyes bound to content: submitting stores `review_digest`, the digest of the public fields
    (PUBLIC_FIELDS and the attachments); any save that changes them while in review returns the item
    to draft, and the workflow publishes only the reviewed digest, by someone other than the author
    and the last editor (`last_edited_by`, set by every edit path).
    """

    PUBLIC_FIELDS = PUBLIC_FIELDS

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

    class DocumentKind(models.TextChoices):
        """What 第二十条第（一）项 of the annual report counts."""

        NONE = "", "—"
        RULE = "rule", "规章"
        NORMATIVE = "normative", "行政规范性文件"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="items", verbose_name="机关")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="items", verbose_name="发布机构")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="items", verbose_name="目录栏目")
    index_number = models.CharField("索引号", max_length=40, unique=True, null=True, blank=True, editable=False)
    title = models.CharField("标题", max_length=300)
    summary = models.TextField("内容概述", blank=True, max_length=500)
    document_number = models.CharField("文号", max_length=80, blank=True, help_text="用六角括号，如 示公通〔2026〕12号")
    written_on = models.DateField("成文日期")
    changed_on = models.DateField("变更日期", null=True, blank=True, help_text="内容变更时填写，20个工作日期限自此重新计算")
    published_on = models.DateField("发布日期", null=True, blank=True, editable=False)
    effective_on = models.DateField("生效日期", null=True, blank=True)
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    topic = models.CharField("主题分类", max_length=40, blank=True)
    genre = models.CharField("体裁分类", max_length=40, blank=True)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    disclosure = models.CharField("公开属性", max_length=20, choices=Disclosure.choices, default=Disclosure.PROACTIVE)
    document_kind = models.CharField("文件类型", max_length=20, choices=DocumentKind.choices, default="", blank=True)
    validity = models.CharField("有效性", max_length=20, choices=Validity.choices, default=Validity.VALID)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaces", verbose_name="替代文件"
    )
    interprets = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="interpretations",
        verbose_name="所解读的政策", help_text="政策解读条目：选择被解读的政策文件",
    )
    body = models.TextField("正文", blank=True, help_text="保存时清理：只保留安全的排版标签")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", editable=False, verbose_name="起草人"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True, editable=False)
    confidentiality_review = models.TextField("保密审查意见", blank=True, editable=False)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name="最后修改人",
    )
    review_digest = models.CharField("提交审核时的内容摘要", max_length=64, blank=True, editable=False,
                                     help_text="提交审核时公开内容的SHA-256；发布的必须正是这一版本")
    withdrawal_reason = models.CharField("撤回理由", max_length=300, blank=True, editable=False)
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
        indexes = [
            models.Index(fields=["agency", "state", "published_on"]),
            models.Index(fields=["category", "state", "published_on"]),
            # the API's listing by validity (api/reads.py), alone or within a column: a range newest first,
            # not a walk of every item when few or none have that validity (1,000,000 items: benchmarks/api.py)
            models.Index(fields=["agency", "state", "validity", "published_on"], name="catalog_item_validity"),
            models.Index(fields=["category", "state", "validity", "published_on"], name="catalog_item_col_validity"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_public(self) -> bool:
        return self.state == self.State.PUBLISHED and self.disclosure == self.Disclosure.PROACTIVE

    def content_digest(self) -> str:
        return public_content_digest(self)

    def save(self, *args, **kwargs):
        """An item in review whose public content changed goes back to draft: it must be submitted again."""
        reopened = (self.pk is not None and self.state == self.State.IN_REVIEW
                    and self.content_digest() != self.review_digest)
        if reopened:
            self.state, self.review_digest = self.State.DRAFT, ""
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "state", "review_digest"}
        super().save(*args, **kwargs)
        if reopened:
            record("update", self, actor=self.last_edited_by, summary="提交审核后内容被修改，退回草稿",
                   before={"state": self.State.IN_REVIEW}, after={"state": self.state})

    @property
    def formed_on(self):
        """The day the 20-working-day clock runs from (条例第二十六条: 形成或者变更之日)."""
        return self.changed_on or self.written_on


# Published once (a 索引号 or a publication date is never taken back): withdrawn, never deleted, so the
# workflow's withdrawal unindexes, rebuilds and audits it (publishing/never_deleted.py).
never_deleted.guard(Item, ever_public=(
    models.Q(state__in=[Item.State.PUBLISHED, Item.State.WITHDRAWN]) | models.Q(published_on__isnull=False)
    | (models.Q(index_number__isnull=False) & ~models.Q(index_number=""))))
