"""Signing off an annual report: refused while any 勾稽 rule fails; on success the document is frozen, so the published report never moves.

A signed-off report is what the 第一责任人 approved (国办公开办函〔2021〕30号 (四)明确责任);
`build_document` returns `AnnualReport.frozen` from then on, so records entered or corrected later
change nothing in it. The frozen dict is `build_document`'s output plus who signed and when, and
last year's figures (for the year-on-year chart) as they stood at sign-off. Signing off is a
transition of the kernel (org/transitions.py): permission, the agency's scope, the row lock, the audit entry.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.org.audit import actor_display_name
from gongkai.org.transitions import Transition, register
from gongkai.reports.document import build_document
from gongkai.reports.models import AnnualReport

__all__ = ["SignOffRefused", "sign_off", "outstanding"]

SIGN_OFF_PERMISSION = "reports.sign_off_report"

SIGN_OFF = register(Transition("reports.sign_off", "审定年度报告", "reports.AnnualReport", SIGN_OFF_PERMISSION,
                               frozenset({AnnualReport.State.DRAFT}), unit_field=None, audit_action="review"))


class SignOffRefused(ValidationError):
    """The report's numbers break the official rules; `reasons` names each cell and why."""

    def __init__(self, reasons: list[str], heading: str = "勾稽关系检查未通过，不能审定："):
        self.reasons = list(reasons)
        super().__init__([heading, *self.reasons])


def outstanding(document: dict) -> list[str]:
    """What still stands between the report and publication, in words for the deadline panel."""
    items = []
    if document.get("calendar_missing"):
        items.append(calendar_missing_text(document["calendar_missing"]))
    if document.get("missing_cells"):
        items.append(f"尚有{len(document['missing_cells'])}项数据未填报（暂按0计）")
    if document.get("violations"):
        items.append(f"勾稽关系检查未通过{len(document['violations'])}处")
    if document.get("state", "draft") == AnnualReport.State.DRAFT:
        items.append("尚未审定")
    elif document.get("state") == AnnualReport.State.SIGNED_OFF:
        items.append("已审定，尚未在门户发布")
    return items


def calendar_missing_text(years: list[int]) -> str:
    """Why table 三 is not final: the clock of some requests needs a holiday notice not yet entered."""
    names = "、".join(f"{year}年" for year in years)
    return (f"缺少{names}节假日安排，部分申请的办理期限无法计算，表三数据待定："
            "请在管理后台录入国务院办公厅节假日安排通知后再审定")


def _previous_figures(report: AnnualReport) -> dict | None:
    last = (AnnualReport.objects.filter(agency=report.agency, year=report.year - 1, frozen__isnull=False)
            .values_list("frozen", flat=True).first())
    return (last or {}).get("figures") or None


def sign_off(report: AnnualReport, user) -> AnnualReport:
    """Freeze the report as it stands now. Raises SignOffRefused listing every broken rule, or the
    holiday years table 三 needs but the calendar lacks (its counts are not final until entered)."""
    with SIGN_OFF.run(report, user) as step:
        locked = step.obj
        if locked.frozen:
            raise ValidationError(f"“{locked.get_state_display()}”的报告不能再次审定")
        document = build_document(locked.agency, locked.year, report=locked)
        if document.get("calendar_missing"):
            raise SignOffRefused([calendar_missing_text(document["calendar_missing"])], heading="节假日安排缺失，不能审定：")
        if document["violations"]:
            raise SignOffRefused(document["violations"])
        now = timezone.now()
        document["state"] = AnnualReport.State.SIGNED_OFF
        document["signed_off_by"] = actor_display_name(user)
        document["signed_off_on"] = timezone.localdate(now).isoformat()
        previous = _previous_figures(locked)
        if previous:
            document["previous_figures"] = previous
        locked.frozen = document
        locked.state = AnnualReport.State.SIGNED_OFF
        locked.signed_off_by = user
        locked.signed_off_at = now
        locked.save(update_fields=["frozen", "state", "signed_off_by", "signed_off_at"])
        step.audit(f"审定{locked.year}年度报告（数据冻结）", before={"state": AnnualReport.State.DRAFT},
                   after={"state": locked.state, "manual_cells": len(document["manual_cells"]),
                          "missing_cells": len(document["missing_cells"])})
    return locked
