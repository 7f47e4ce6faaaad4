"""An agency's annual report for a year, the cells entered by hand, and its sign-off."""

from django.conf import settings
from django.db import models

from gongkai.org.models import Agency


class AnnualReport(models.Model):
    """Live until sign-off: figures are recomputed from the records on every view; signing off
    freezes the tables and the narrative exactly as approved, so the published report never moves."""

    class State(models.TextChoices):
        DRAFT = "draft", "编制中"
        SIGNED_OFF = "signed_off", "已审定"
        PUBLISHED = "published", "已发布"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="annual_reports", verbose_name="机关")
    year = models.PositiveIntegerField("年度")
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.DRAFT)
    narrative = models.JSONField("正文（各部分文字，可含{数字占位符}）", default=dict, blank=True)
    frozen = models.JSONField("审定时的报告", null=True, blank=True, editable=False)
    signed_off_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name="审定人", editable=False)
    signed_off_at = models.DateTimeField("审定时间", null=True, blank=True, editable=False)
    published_item = models.ForeignKey("catalog.Item", on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", verbose_name="门户发布条目", editable=False)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "agency"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="annual_report_unique_year")]
        permissions = [("sign_off_report", "可审定年度报告")]

    def __str__(self):
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"


class ManualCell(models.Model):
    """A table cell the records cannot fill (e.g. 行政强制 without records), entered by hand and kept
    with who entered it; the report marks it as entered by hand."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    year = models.PositiveIntegerField("年度")
    table = models.CharField("表", max_length=20, choices=[("proactive", "表二"), ("requests", "表三"), ("appeals", "表四")])
    row_key = models.CharField("行", max_length=80)
    column = models.CharField("列", max_length=80)
    value = models.DecimalField("数值", max_digits=18, decimal_places=4)
    note = models.CharField("说明（数据来源）", max_length=300, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                   verbose_name="填报人")
    entered_at = models.DateTimeField("填报时间", auto_now=True)

    class Meta:
        verbose_name = "手工填报数据"
        verbose_name_plural = "手工填报数据"
        constraints = [models.UniqueConstraint(fields=["agency", "year", "table", "row_key", "column"],
                                               name="manual_cell_unique")]

    def __str__(self):
        return f"{self.year} {self.row_key}/{self.column} = {self.value}"
