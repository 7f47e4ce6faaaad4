"""信用修复 applications and the ledger of penalty records taken off the public pages (expiry, repair, withdrawal)."""

from django.conf import settings
from django.db import models

from gongkai.credit.models.records import PenaltyRecord
from gongkai.org.models import Agency


class RepairApplication(models.Model):
    """A party's request to take a penalty record down before its 公示截止期.

    Granted only after the minimum publicity period (发改办财金〔2019〕527号; 《信用修复管理办法》 2026),
    with the obligations performed and a 信用承诺 made (the 2026 办法's conditions); the decision,
    its date and its reason are kept here and in the audit log. The applicant's contact data are
    staff-only and never leave the admin.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已准予修复"
        REJECTED = "rejected", "不予修复"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    record = models.ForeignKey(PenaltyRecord, on_delete=models.PROTECT, related_name="repair_applications",
                               verbose_name="行政处罚信息")
    applicant = models.CharField("申请人", max_length=200)
    applicant_contact = models.CharField("联系方式（不公开）", max_length=200, blank=True)
    applied_on = models.DateField("申请日期")
    obligations_performed = models.BooleanField("已履行行政处罚决定规定的义务", default=False)
    commitment_made = models.BooleanField("已作出信用承诺", default=False)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_on = models.DateField("审核日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="审核人")
    decision_reason = models.CharField("审核意见", max_length=500, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "信用修复申请"
        verbose_name_plural = "信用修复申请"
        ordering = ["-applied_on", "-id"]

    def __str__(self):
        return f"{self.record.document_number} 信用修复申请（{self.get_status_display()}）"


class PublicityTakedown(models.Model):
    """One penalty record leaving the public pages, and why: the job and the services write it once.

    The public query already hides a record the day after its 公示截止期 (so the page is right even
    if the job did not run); this row is the record that it happened, for the audit and the
    credit-platform outbox.
    """

    class Reason(models.TextChoices):
        EXPIRED = "expired", "公示期满"
        REPAIRED = "repaired", "信用修复"
        WITHDRAWN = "withdrawn", "决定变更或撤销"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    record = models.ForeignKey(PenaltyRecord, on_delete=models.PROTECT, related_name="takedowns",
                               verbose_name="行政处罚信息")
    reason = models.CharField("撤下原因", max_length=10, choices=Reason.choices)
    effective_on = models.DateField("撤下日期")
    note = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "公示撤下记录"
        verbose_name_plural = "公示撤下记录"
        ordering = ["-effective_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["record", "reason"], name="takedown_once_per_reason")]

    def __str__(self):
        return f"{self.record.document_number} {self.get_reason_display()}"
