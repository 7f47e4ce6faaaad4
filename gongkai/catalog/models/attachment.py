"""Files attached to an item, checked for hidden content before they may go out."""

from django.conf import settings
from django.db import models

from gongkai.catalog.models.item import Item


def attachment_path(instance, filename):
    return f"attachments/{instance.item.agency_id}/{instance.item_id}/{filename}"


class Attachment(models.Model):
    """A PDF, DOCX or XLSX. Office files are inspected (hidden sheets and rows, comments, tracked
    changes): a finding blocks publication until a reviewer clears the file or replaces it."""

    class Check(models.TextChoices):
        CLEAN = "clean", "未发现隐藏内容"
        BLOCKED = "blocked", "发现隐藏内容，禁止发布"
        CLEARED = "cleared", "已人工确认可发布"

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments", verbose_name="条目")
    file = models.FileField("文件", upload_to=attachment_path)
    title = models.CharField("附件名称", max_length=200)
    size = models.PositiveBigIntegerField("大小（字节）", default=0, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True, editable=False)
    check_status = models.CharField("隐藏内容检查", max_length=10, choices=Check.choices, default=Check.CLEAN, editable=False)
    findings = models.JSONField("检查发现", default=list, blank=True, editable=False)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False,
        verbose_name="确认人",
    )
    cleared_at = models.DateTimeField("确认时间", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["id"]

    def __str__(self):
        return self.title

    @property
    def agency(self):
        return self.item.agency

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._recheck_item()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        self._recheck_item()
        return result

    def _recheck_item(self) -> None:
        """A file added, replaced or removed while its item is in review changes what was reviewed."""
        item = Item.objects.filter(pk=self.item_id, state=Item.State.IN_REVIEW).first()
        if item is not None:
            item.save()
