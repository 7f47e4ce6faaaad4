"""Review (行政复议) and litigation (行政诉讼) cases brought over the agency's disclosure work."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from gongkai.core.annual_tables import ADMINISTRATIVE_LITIGATION, ADMINISTRATIVE_REVIEW, APPEAL_OUTCOMES
from gongkai.org.models import Agency


class AppealCase(models.Model):
    """One case, counted once in table 四 of the year it was filed (see services.appeal_counts).

    The choice labels are the official table 四 labels verbatim, because the report prints them.
    Closing a case goes through services.close_case so the outcome change is audited.
    """

    class Kind(models.TextChoices):
        REVIEW = "review", ADMINISTRATIVE_REVIEW
        LITIGATION = "litigation", ADMINISTRATIVE_LITIGATION

    class LitigationRoute(models.TextChoices):
        DIRECT = "direct", "未经复议直接起诉"
        AFTER_REVIEW = "after_review", "复议后起诉"

    class Outcome(models.TextChoices):
        UPHELD = "upheld", APPEAL_OUTCOMES[0]  # 结果维持
        CORRECTED = "corrected", APPEAL_OUTCOMES[1]  # 结果纠正
        OTHER = "other", APPEAL_OUTCOMES[2]  # 其他结果
        PENDING = "pending", APPEAL_OUTCOMES[3]  # 尚未审结

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="appeal_cases", verbose_name="机关")
    request = models.ForeignKey("inforequests.InfoRequest", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="appeal_cases", verbose_name="关联申请",
                                help_text="因依申请公开答复引起的案件；对主动公开等不服的案件可不填")
    kind = models.CharField("案件类型", max_length=20, choices=Kind.choices)
    litigation_route = models.CharField("起诉方式", max_length=20, choices=LitigationRoute.choices, blank=True,
                                        help_text="仅行政诉讼填写")
    case_number = models.CharField("案号", max_length=100, blank=True,
                                   help_text="复议机关或法院的案号；同一机关内不得重复")
    body = models.CharField("复议机关或审理法院", max_length=100, blank=True)
    filed_on = models.DateField("立案日期")
    outcome = models.CharField("结果", max_length=20, choices=Outcome.choices, default=Outcome.PENDING)
    closed_on = models.DateField("审结日期", null=True, blank=True)
    note = models.CharField("备注", max_length=300, blank=True)
    imported = models.BooleanField("历史台账导入", default=False, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", editable=False, verbose_name="登记人")
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "行政复议、行政诉讼案件"
        verbose_name_plural = "行政复议、行政诉讼案件"
        ordering = ["-filed_on", "-id"]
        indexes = [models.Index(fields=["agency", "filed_on"])]
        constraints = [
            # The case number is the natural key of a re-import; blank ones (not yet known) are not compared.
            models.UniqueConstraint(fields=["agency", "case_number"], condition=~Q(case_number=""),
                                    name="appeal_case_unique_number"),
            # Only litigation has a route, and litigation always has one: table 四 has no other place for it.
            models.CheckConstraint(
                condition=(Q(kind="review", litigation_route="")
                           | Q(kind="litigation", litigation_route__in=["direct", "after_review"])),
                name="appeal_case_route_matches_kind"),
            # A decided case has its date; a pending one has none.
            models.CheckConstraint(
                condition=(Q(outcome="pending", closed_on__isnull=True)
                           | (~Q(outcome="pending") & Q(closed_on__isnull=False))),
                name="appeal_case_closed_on_matches_outcome"),
            models.CheckConstraint(condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("filed_on")),
                                   name="appeal_case_closed_after_filed"),
        ]

    def __str__(self):
        label = self.get_kind_display()
        if self.litigation_route:
            label += f"（{self.get_litigation_route_display()}）"
        return f"{self.case_number or '未编号'} {label}"
