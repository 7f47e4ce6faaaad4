"""Drafts out for public comment (征求意见) and the comments the public sends."""

from django.conf import settings
from django.db import models

from gongkai.catalog.models.item import Item
from gongkai.org.models import Agency, Unit
from gongkai.publishing import never_deleted


class Consultation(models.Model):
    """A draft open for comment between two dates; when it closes the office publishes a
    summary of the feedback and what was adopted (反馈情况)."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="consultations", verbose_name="机关")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="consultations", verbose_name="起草单位")
    title = models.CharField("标题", max_length=300)
    description = models.TextField("说明", blank=True)
    draft_text = models.TextField("征求意见稿")
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    is_published = models.BooleanField("已发布", default=False)
    resulting_item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="正式文件"
    )
    feedback_summary = models.TextField("意见反馈情况", blank=True)
    summary_published_on = models.DateField("反馈发布日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.title

    def is_open_on(self, day) -> bool:
        return self.is_published and self.opens_on <= day <= self.closes_on


class Comment(models.Model):
    """One comment. Contact details are private: only staff see them; the public sees at most the
    moderated text and the summary."""

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已采纳展示"
        REJECTED = "rejected", "不予展示"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments", verbose_name="征求意见")
    name = models.CharField("姓名或单位", max_length=60, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    body = models.TextField("意见", max_length=5000)
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    client_hash = models.CharField("来源摘要", max_length=64, editable=False)
    status = models.CharField("审核状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审核人"
    )

    class Meta:
        verbose_name = "公众意见"
        verbose_name_plural = "公众意见"
        ordering = ["-submitted_at"]

    def __str__(self):
        return self.body[:40]

    @property
    def agency(self):
        return self.consultation.agency


# A draft once out for comment, and a comment once shown, were public: taken down, never deleted
# (publishing/never_deleted.py).
never_deleted.guard(Consultation, ever_public=models.Q(is_published=True) | models.Q(summary_published_on__isnull=False),
                    hint="取消“已发布”")
never_deleted.guard(Comment, ever_public=models.Q(status=Comment.Status.APPROVED), hint="改为“不予展示”")
