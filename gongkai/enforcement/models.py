"""执法公开 records: decision documents as captured, their redaction, publication and withdrawal.

A document is never edited into a different fact: the original text stays as captured, the spans
record what the reviewer decided to hide, and `public_text` is the exact text the reviewer approved
(stored at publication, never re-computed by the engine afterwards).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from gongkai.enforcement.exclusions import absolute_exclusion
from gongkai.enforcement.spans import digest, public_text
from gongkai.org.models import Agency, Unit
from gongkai.publishing import never_deleted

# Exclusions that no reviewer and no agency setting can lift (law-and-standards.md §3.1 art.6, §3.3
# local 公示办法 (一)(二)): minors, state or police work secrets, personal privacy as the main facts.
ABSOLUTE_EXCLUSIONS = ("minor", "secret", "privacy")
# Exclusions that are the strict default for UNSURE exceptions (§3.2); an agency may opt in.
POLICY_EXCLUSIONS = ("on_the_spot", "warning_only")


class EnforcementSettings(models.Model):
    """Per-agency choices the rules leave open; every default is the strict one.

    Publication periods (law-and-standards.md §3.3): the shortest of the sources is taken for each
    case: natural persons 2 years (裕华区 rule; SAMR says 3 years), organisations 3 years (SAMR
    令第45号 art.13; 裕华区 says 5), and 3 months for 警告/通报批评 or a small fine (SAMR art.13).
    "较低数额罚款" is left to provinces by SAMR; the default amounts are the 行政处罚法 第五十一条
    thresholds for on-the-spot fines (自然人200元以下, 法人和其他组织3000元以下).
    """

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="enforcement_settings",
                                  verbose_name="机关")
    publish_on_the_spot = models.BooleanField(
        "公开当场（简易程序）处罚决定", default=False,
        help_text="默认不公开（公安机关执法公开规定的例外情形，从严）；本机关决定公开的可勾选")
    publish_warning_only = models.BooleanField(
        "公开仅给予警告的处罚决定", default=False,
        help_text="默认不公开（参照市场监管总局令第45号第二条）；本机关决定公开的可勾选")
    natural_person_months = models.PositiveSmallIntegerField("自然人公开期限（月）", default=24)
    organisation_months = models.PositiveSmallIntegerField("法人和其他组织公开期限（月）", default=36)
    minor_penalty_months = models.PositiveSmallIntegerField("警告、通报批评、较低数额罚款公开期限（月）", default=3)
    low_fine_natural_yuan = models.PositiveIntegerField("自然人较低数额罚款（元，含）", default=200)
    low_fine_organisation_yuan = models.PositiveIntegerField("组织较低数额罚款（元，含）", default=3000)
    public_scan_allow = models.TextField(
        "公开前复查白名单", blank=True,
        help_text="每行一项，公开文本中可以原样出现的文字：罚款代收银行账号、本机关对外电话等（公开前复查不再提示）")

    class Meta:
        verbose_name = "执法公开设置"
        verbose_name_plural = "执法公开设置"

    def __str__(self):
        return f"{self.agency}执法公开设置"

    @classmethod
    def for_agency(cls, agency) -> "EnforcementSettings":
        """The saved settings, or unsaved defaults (strict) when none were saved."""
        agency_id = getattr(agency, "pk", agency)
        found = cls.objects.filter(agency_id=agency_id).first()
        return found or cls(agency_id=agency_id)


class DecisionDocument(models.Model):
    """One 行政处罚决定书 or 行政复议决定书 taken from the case system."""

    class Kind(models.TextChoices):
        PENALTY = "penalty", "行政处罚决定书"
        REVIEW = "review", "行政复议决定书"

    class Procedure(models.TextChoices):
        ORDINARY = "ordinary", "普通程序"
        SIMPLE = "simple", "简易程序（当场）"

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        EXCLUDED = "excluded", "不予公开"
        PUBLISHED = "published", "已公开"
        WITHDRAWN = "withdrawn", "已撤回"
        EXPIRED = "expired", "公开期满"

    class Exclusion(models.TextChoices):
        NONE = "", "—"
        MINOR = "minor", "未成年人"
        SECRET = "secret", "国家秘密或警务工作秘密"
        PRIVACY = "privacy", "主要事实涉及个人隐私"
        ON_THE_SPOT = "on_the_spot", "当场（简易程序）处罚"
        WARNING_ONLY = "warning_only", "仅给予警告"

    class WithdrawalGround(models.TextChoices):
        CHANGED = "changed", "依法变更"
        REVOKED = "revoked", "依法撤销"
        ILLEGAL = "illegal", "确认违法"
        VOID = "void", "确认无效"

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="机关")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name="办案单位")
    kind = models.CharField("文书种类", max_length=10, choices=Kind.choices, default=Kind.PENALTY)
    document_number = models.CharField("文号", max_length=200, db_index=True)
    title = models.CharField("标题", max_length=300)
    decided_on = models.DateField("决定日期", db_index=True)
    act_on = models.DateField("违法行为发生日期", null=True, blank=True)
    procedure = models.CharField("程序", max_length=10, choices=Procedure.choices, default=Procedure.ORDINARY)
    parties = models.JSONField("当事人", default=list, blank=True,
                               help_text="[{role, name, id_number, birth_date, kind}]，仅内部使用，从不公开")
    penalties = models.JSONField("处罚内容", default=list, blank=True)
    flags = models.JSONField("案件标记", default=dict, blank=True, help_text="minor / secret / privacy")
    original_text = models.TextField("原文")
    proposed_spans = models.JSONField("系统建议的遮蔽", default=list)
    spans = models.JSONField("审核确定的遮蔽", default=list)
    public_text = models.TextField("公开文本（审核通过的原样）", blank=True)
    last_edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                       related_name="+", editable=False, verbose_name="最后修改遮蔽的人")
    review_digest = models.CharField("待审核公开文本摘要", max_length=64, blank=True, editable=False,
                                     help_text="送审公开文本的SHA-256；发布的必须正是这一文本")

    state = models.CharField("状态", max_length=10, choices=State.choices, default=State.PENDING, db_index=True)
    exclusion_code = models.CharField("不予公开情形", max_length=20, choices=Exclusion.choices, blank=True)
    exclusion_reason = models.CharField("不予公开理由", max_length=300, blank=True)
    publish_due = models.DateField("公开期限", null=True, blank=True, help_text="决定之日起7个工作日")

    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name="审核发布人")
    review_note = models.CharField("审核意见", max_length=300, blank=True)
    publication_ends_on = models.DateField("公开截止日期", null=True, blank=True)

    change_ground = models.CharField("决定变动情形", max_length=10, choices=WithdrawalGround.choices, blank=True)
    changed_on = models.DateField("决定被变更/撤销/确认违法或无效的日期", null=True, blank=True)
    withdrawal_due = models.DateField("撤回期限", null=True, blank=True, help_text="行政处罚法第四十八条：三日内")
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawal_reason = models.CharField("撤回理由（公开）", max_length=500, blank=True)
    offline_on = models.DateField("下网日期", null=True, blank=True, help_text="公开期满后撤下")

    penalty_record = models.ForeignKey("credit.PenaltyRecord", on_delete=models.SET_NULL, null=True, blank=True,
                                       related_name="+", verbose_name="行政处罚信息（双公示）")
    source_name = models.CharField("来源文件", max_length=300, blank=True)
    source_hash = models.CharField("内容摘要", max_length=64, db_index=True)
    captured_at = models.DateTimeField("采集时间", auto_now_add=True)

    class Meta:
        verbose_name = "执法决定文书"
        verbose_name_plural = "执法决定文书"
        ordering = ["-decided_on", "-id"]
        permissions = [("publish_decisiondocument", "可以审核发布和撤回执法决定文书")]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "document_number"], name="enforcement_doc_number"),
            # The database refuses a published or withdrawn row that carries an absolute exclusion,
            # whatever code path (admin, shell, QuerySet.update) tries to write it.
            models.CheckConstraint(
                condition=~Q(state__in=["published", "withdrawn"]) | ~Q(exclusion_code__in=ABSOLUTE_EXCLUSIONS),
                name="enforcement_excluded_never_public"),
        ]
        indexes = [models.Index(fields=["agency", "state", "published_on"], name="enforcement_public_list"),
                   # The workbench's "待撤回": the few changed decisions, not every published document.
                   models.Index(fields=["agency", "changed_on"], name="enforcement_changed",
                                condition=Q(changed_on__isnull=False))]

    def __str__(self):
        return f"{self.get_kind_display()} {self.document_number}"

    @property
    def on_portal(self) -> bool:
        """Published (full text) or withdrawn (notice with the reason), until taken offline."""
        return self.state in (self.State.PUBLISHED, self.State.WITHDRAWN) and self.offline_on is None

    def save(self, *args, **kwargs):
        """Last guard in Python (the CheckConstraint is the one in the database): a document whose
        original text or case facts show an absolute exclusion never becomes public.

        Four eyes bound to content: until a person edits the spans (services.edit_spans, which sets
        `last_edited_by` and freezes `review_digest`), the text in review is the engine's proposal and
        its digest follows it; after that a change by any other path leaves the digest stale, and
        publication is refused until someone edits the spans through the service again."""
        if self.state in (self.State.PUBLISHED, self.State.WITHDRAWN):
            found = absolute_exclusion(self)
            if found is not None:
                raise ValidationError(f"该文书不得公开：{found.reason}")
        if self.state == self.State.PENDING and self.last_edited_by_id is None:
            self.review_digest = digest(public_text(self.original_text, self.spans))
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "review_digest"}
        super().save(*args, **kwargs)


# Published once (withdrawn or its period over since): withdrawn, never deleted (publishing/never_deleted.py).
never_deleted.guard(DecisionDocument, ever_public=(
    Q(state__in=[DecisionDocument.State.PUBLISHED, DecisionDocument.State.WITHDRAWN, DecisionDocument.State.EXPIRED])
    | Q(published_at__isnull=False) | Q(published_on__isnull=False)))


class PublicScanHit(models.Model):
    """One finding of the second look before publication (core/public_scan.py) and the reviewer's decision.

    The scan runs on the exact text that would be published; each distinct (kind, string) is one row,
    so a name found three times is decided once. Publication waits while a finding has no decision:
    kept (已核实, with the reviewer's reason) or masked (遮盖, a manual span). The row keeps who decided,
    when and why; the audit log gets the kind and the decision, not the string.
    """

    class Decision(models.TextChoices):
        OPEN = "", "待核实"
        KEPT = "kept", "已核实（保留）"
        MASKED = "masked", "已遮盖"

    document = models.ForeignKey(DecisionDocument, on_delete=models.CASCADE, related_name="scan_hits",
                                 verbose_name="文书")
    kind = models.CharField("类别", max_length=20)
    value = models.CharField("发现的文字（仅内部）", max_length=200)
    excerpt = models.CharField("上下文", max_length=300, blank=True)
    occurrences = models.PositiveSmallIntegerField("出现次数", default=1)
    found_at = models.DateTimeField("发现时间", auto_now_add=True)
    decision = models.CharField("处理结果", max_length=10, choices=Decision.choices, blank=True)
    reason = models.CharField("核实理由", max_length=300, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="处理人")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "公开前复查发现"
        verbose_name_plural = "公开前复查发现"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["document", "kind", "value"], name="enforcement_scan_hit")]

    def __str__(self):
        return f"{self.document} {self.kind}"
