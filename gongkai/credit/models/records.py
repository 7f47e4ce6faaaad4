"""Licensing and penalty records: every field of the national standard, versioned, never edited.

The standard's fields (CF_* / XK_*) are kept as text in `fields`, keyed by their codes, exactly as
validated; the columns beside them are what the platform queries, masks and counts. A changed row
from the case system becomes a new version; the old one stays for the record and stops being
current, so every published state can be reproduced.
"""

from django.db import models

from gongkai.credit.models.power import PowerItem
from gongkai.org.models import Agency
from gongkai.publishing import never_deleted


class ImportBatch(models.Model):
    """One file taken in: its progress while running and its outcome after."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    kind = models.CharField("类别", max_length=10, choices=PowerItem.Kind.choices)
    file_name = models.CharField("文件", max_length=300)
    file = models.FileField("上传文件", upload_to="credit/imports/", blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_read = models.PositiveIntegerField("已读行数", default=0)
    rows_added = models.PositiveIntegerField("新增", default=0)
    rows_updated = models.PositiveIntegerField("更新（新版本）", default=0)
    rows_unchanged = models.PositiveIntegerField("未变", default=0)
    rows_rejected = models.PositiveIntegerField("错误行", default=0)
    message = models.TextField("说明", blank=True)
    started_at = models.DateTimeField("开始", null=True, blank=True)
    # Written with every chunk: a running batch whose progress stopped long ago lost its worker
    # (import_jobs.fail_stalled_imports), and only then may staff queue it again.
    progress_at = models.DateTimeField("最近进展", null=True, blank=True)
    finished_at = models.DateTimeField("结束", null=True, blank=True)
    created_by = models.ForeignKey("auth.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="导入人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "导入批次"
        verbose_name_plural = "导入批次"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name}（{self.get_status_display()}）"


class RowError(models.Model):
    """A rejected row: row number, field code and name, the value, the reason."""

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="errors", verbose_name="批次")
    row_number = models.PositiveIntegerField("行号")
    field_code = models.CharField("字段代码", max_length=20, blank=True)
    field_name = models.CharField("字段名称", max_length=60, blank=True)
    value = models.TextField("值", blank=True)
    reason = models.CharField("原因", max_length=300)

    class Meta:
        verbose_name = "错误行"
        verbose_name_plural = "错误行"
        ordering = ["row_number", "id"]


class CreditRecord(models.Model):
    """What licensing and penalty records share."""

    class PartyKind(models.TextChoices):
        ORGANISATION = "法人及非法人组织", "法人及非法人组织"
        NATURAL_PERSON = "自然人", "自然人"
        INDIVIDUAL_BUSINESS = "个体工商户", "个体工商户"

    # No database constraint on these three (migration 0007): the importer writes the ids it read
    # from the database, PROTECT still guards deletion, and on PostgreSQL each constraint was a
    # trigger fired per written row. The agency needs no index of its own: every index leads with it.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关",
                               db_constraint=False, db_index=False)
    power_item = models.ForeignKey(PowerItem, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   verbose_name="双公示目录事项", db_constraint=False)
    batch = models.ForeignKey(ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name="导入批次", db_constraint=False)
    # No index of its own: every lookup names the agency, and the unique constraint (agency,
    # natural_key, version) serves it; a second B-tree of random keys only slowed the import.
    natural_key = models.CharField("自然键", max_length=300, help_text="决定书文号＋相对人")
    version = models.PositiveIntegerField("版本", default=1)
    is_current = models.BooleanField("当前版本", default=True)
    record_hash = models.CharField("内容摘要", max_length=64)
    document_number = models.CharField("决定文书号", max_length=200, db_index=True)
    # SQLite's public name search reads this index; PostgreSQL drops it (migration 0007) and uses 0002's.
    party_name = models.CharField("行政相对人名称", max_length=200, db_index=True)
    party_kind = models.CharField("行政相对人类别", max_length=20, choices=PartyKind.choices)
    party_uscc = models.CharField("统一社会信用代码", max_length=18, blank=True, db_index=True)
    decided_on = models.DateField("决定日期", db_index=True)
    fields = models.JSONField("全部字段（国家标准）")
    # The record's line of the national CSV template, rendered by the importer from `fields` when the
    # version is written (export.template_line), so a CSV export streams text instead of decoding JSON
    # per row. Empty for rows written before migration 0005: the export renders those from `fields`.
    export_line = models.TextField("导出行（国家标准模板CSV）", blank=True, default="", db_default="", editable=False)
    pushed_at = models.DateTimeField("报送时间", null=True, blank=True)
    published_at = models.DateTimeField("公示时间", null=True, blank=True)
    withdrawn_at = models.DateTimeField("撤下时间", null=True, blank=True)
    withdrawal_reason = models.CharField("撤下原因（公开）", max_length=300, blank=True)
    created_at = models.DateTimeField("入库时间", auto_now_add=True)
    # 处罚机关 / 许可机关 (CF_CFJG / XK_XKJG of `fields`), written by the importer with the version: the
    # 双公示时限 page counts per unit from an index instead of reading every record's JSON (credit 0013).
    authority = models.CharField("处罚机关/许可机关", max_length=200, blank=True, default="", db_default="",
                                 editable=False)

    class Meta:
        abstract = True


class PenaltyRecord(CreditRecord):
    class Severity(models.TextChoices):
        MINOR = "轻微", "轻微"
        ORDINARY = "一般", "一般"
        SERIOUS = "严重", "严重"

    penalty_categories = models.CharField("处罚类别", max_length=100)
    fine_wan = models.DecimalField("罚款金额（万元）", max_digits=18, decimal_places=6, null=True, blank=True)
    severity = models.CharField("失信程度", max_length=10, choices=Severity.choices, default=Severity.ORDINARY)
    publicity_ends_on = models.DateField("公示截止期", null=True, blank=True)
    repair_from = models.DateField("可申请信用修复日期", null=True, blank=True)
    repaired_on = models.DateField("信用修复日期", null=True, blank=True)

    class Meta:
        verbose_name = "行政处罚信息"
        verbose_name_plural = "行政处罚信息"
        ordering = ["-decided_on", "-id"]
        # penalty_current_day_unit: 双公示时限's counts per decision date and unit from the index alone;
        # credit 0013 also adds a partial index of the decisions that may be late (compliance.py).
        indexes = [models.Index(fields=["agency", "is_current", "decided_on", "power_item", "authority"],
                                name="penalty_current_day_unit"),
                   models.Index(fields=["agency", "pushed_at"], name="penalty_agency_pushed"),
                   # The workbench's "公示期满" count: a range of end dates in the rows still on the public
                   # query, read from the index alone (the rows themselves: 0.35 s at 62,000 of 1,000,000).
                   models.Index(fields=["agency", "publicity_ends_on"], name="penalty_publicity_open",
                                condition=models.Q(is_current=True, withdrawn_at__isnull=True))]
        constraints = [models.UniqueConstraint(fields=["agency", "natural_key", "version"], name="penalty_key_version")]

    def __str__(self):
        return self.document_number


class LicenseRecord(CreditRecord):
    license_category = models.CharField("许可类别", max_length=20)
    valid_from = models.DateField("有效期自", null=True, blank=True)
    valid_until = models.DateField("有效期至", null=True, blank=True, help_text="空表示长期（2099/12/31）")

    class Meta:
        verbose_name = "行政许可信息"
        verbose_name_plural = "行政许可信息"
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["agency", "is_current", "decided_on", "power_item", "authority"],
                                name="license_current_day_unit"),
                   models.Index(fields=["agency", "pushed_at"], name="license_agency_pushed")]
        constraints = [models.UniqueConstraint(fields=["agency", "natural_key", "version"], name="license_key_version")]

    def __str__(self):
        return self.document_number


# On the public query from the moment it is imported (published_at) and at the credit platform once pushed:
# a record is taken down (withdrawn_at, the lifecycle's 撤下公示), never deleted (publishing/never_deleted.py).
for _model in (PenaltyRecord, LicenseRecord):
    never_deleted.guard(_model, ever_public=models.Q(pushed_at__isnull=False) | models.Q(published_at__isnull=False),
                        hint="使用“撤下公示”")
