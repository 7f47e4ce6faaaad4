"""The answer to a request: its official category, legal basis, files, delivery and filing."""

from django.conf import settings
from django.db import models

from gongkai.core.decision_rules import SITUATIONS
from gongkai.inforequests.models.request import InfoRequest


class Decision(models.Model):
    """One decision per request. The situation fixes the annual-report category (core.decision_rules)."""

    class DeliveryChannel(models.TextChoices):
        DIRECT = "direct", "直接送达"
        ENTRUSTED = "entrusted", "委托送达"
        POST = "post", "邮寄送达（邮政企业）"
        EMAIL = "email", "电子邮件"
        ONLINE = "online", "网上送达"

    request = models.OneToOneField(InfoRequest, on_delete=models.CASCADE, related_name="decision", verbose_name="申请")
    situation = models.CharField("答复情形", max_length=40, choices=[(s.key, s.label) for s in SITUATIONS])
    category = models.CharField("年报统计类别", max_length=60, editable=False)
    legal_basis = models.CharField("法律依据", max_length=300)
    reasons = models.TextField("理由及说明", blank=True)
    decided_on = models.DateField("答复日期")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="决定人")
    delivery_channel = models.CharField("送达方式", max_length=20, choices=DeliveryChannel.choices, blank=True)
    delivered_on = models.DateField("送达日期", null=True, blank=True,
                                    help_text="邮寄送达以交邮之日为准（国办公开办函〔2016〕235号）")
    pages_supplied = models.PositiveIntegerField("提供信息页数", default=0)

    class Meta:
        verbose_name = "答复决定"
        verbose_name_plural = "答复决定"

    def __str__(self):
        return f"{self.request.number} {self.get_situation_display()}"

    @property
    def agency(self):
        return self.request.agency


def decision_file_path(instance, filename):
    return f"inforequests/{instance.decision.request.agency_id}/{instance.decision.request_id}/{filename}"


class DecisionFile(models.Model):
    """Information supplied to the applicant (private: never on the portal)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="files", verbose_name="答复")
    file = models.FileField("文件", upload_to=decision_file_path)
    title = models.CharField("名称", max_length=200)

    class Meta:
        verbose_name = "提供的信息"
        verbose_name_plural = "提供的信息"

    def __str__(self):
        return self.title


class NonDisclosureFiling(models.Model):
    """不予公开备案: what was refused, why, on which basis, who approved; reported to the level above."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="filing", verbose_name="答复")
    information = models.TextField("不予公开的信息")
    reasons = models.TextField("理由")
    legal_basis = models.CharField("法律依据", max_length=300)
    approved_by = models.CharField("审批人", max_length=60)
    filed_on = models.DateField("备案日期")
    filed_with = models.CharField("备案机关", max_length=100)

    class Meta:
        verbose_name = "不予公开备案"
        verbose_name_plural = "不予公开备案"
        ordering = ["-filed_on", "-id"]

    def __str__(self):
        return f"{self.decision.request.number} 不予公开备案"

    @property
    def agency(self):
        return self.decision.request.agency
