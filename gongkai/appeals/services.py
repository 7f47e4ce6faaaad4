"""Recording and closing review and litigation cases, and counting them for table 四 of the annual report.

Recording and closing are transitions of the kernel (org/transitions.py): permission, the agency's scope,
row lock, the audit entry in the same transaction. `user=None` is the system (the ledger import, the demo).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone

from gongkai.appeals.models import AppealCase
from gongkai.core.annual_tables import APPEAL_BLOCKS, APPEAL_COLUMNS, TOTAL
from gongkai.org.transitions import Transition, register

# Table 四 block key (annual_tables.APPEAL_BLOCKS) for each (kind, route) a case can have.
BLOCK_KEYS: dict[tuple[str, str], str] = {
    (AppealCase.Kind.REVIEW, ""): "review",
    (AppealCase.Kind.LITIGATION, AppealCase.LitigationRoute.DIRECT): "litigation_direct",
    (AppealCase.Kind.LITIGATION, AppealCase.LitigationRoute.AFTER_REVIEW): "litigation_after_review",
}
PENDING_LABEL = AppealCase.Outcome.PENDING.label

RECORD_CASE = register(Transition("appeals.record_case", "登记案件", "appeals.AppealCase", "appeals.add_appealcase",
                                  unit_field=None, audit_action="create", system_may_run=True))
CLOSE_CASE = register(Transition("appeals.close_case", "审结案件", "appeals.AppealCase", "appeals.change_appealcase",
                                 frozenset({AppealCase.Outcome.PENDING}), state_field="outcome", unit_field=None,
                                 system_may_run=True, refusal="该案件已审结"))


def case_snapshot(case: AppealCase) -> dict:
    return {"kind": case.kind, "litigation_route": case.litigation_route, "case_number": case.case_number,
            "filed_on": case.filed_on, "outcome": case.outcome, "closed_on": case.closed_on,
            "request": case.request.number if case.request_id else None}


def validate_case(case: AppealCase, *, today: dt.date | None = None) -> None:
    """The rules both the admin and the importer rely on, with the field each message belongs to."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if case.kind == AppealCase.Kind.REVIEW and case.litigation_route:
        errors["litigation_route"] = "行政复议案件不填写起诉方式"
    if case.kind == AppealCase.Kind.LITIGATION and case.litigation_route not in AppealCase.LitigationRoute.values:
        errors["litigation_route"] = "行政诉讼案件须选择“未经复议直接起诉”或“复议后起诉”"
    if case.filed_on and case.filed_on > today:
        errors["filed_on"] = "立案日期不能晚于今天"
    if case.request_id is not None:
        if case.request.agency_id != case.agency_id:
            errors["request"] = "关联申请不属于本机关"
        elif case.filed_on and case.request.received_on and case.filed_on < case.request.received_on:
            errors["filed_on"] = "立案日期不能早于关联申请的收到日期"
    if case.outcome == AppealCase.Outcome.PENDING:
        if case.closed_on is not None:
            errors["closed_on"] = "尚未审结的案件不填写审结日期"
    else:
        if case.closed_on is None:
            errors["closed_on"] = "已审结的案件须填写审结日期"
        elif case.filed_on and case.closed_on < case.filed_on:
            errors["closed_on"] = "审结日期不能早于立案日期"
        elif case.closed_on > today:
            errors["closed_on"] = "审结日期不能晚于今天"
    if errors:
        raise ValidationError(errors)


def record_case(agency, *, kind: str, filed_on: dt.date, litigation_route: str = "", case_number: str = "",
                body: str = "", note: str = "", request=None, user=None) -> AppealCase:
    """Register a new case (pending until closed), audited in the same transaction."""
    case = AppealCase(agency=agency, request=request, kind=kind, litigation_route=litigation_route,
                      case_number=case_number.strip(), body=body.strip(), note=note.strip(), filed_on=filed_on,
                      created_by=user if getattr(user, "is_authenticated", False) else None)
    RECORD_CASE.check(user, case)
    validate_case(case)
    if case.case_number and AppealCase.objects.filter(agency=agency, case_number=case.case_number).exists():
        raise ValidationError({"case_number": f"案号“{case.case_number}”已登记"})
    with RECORD_CASE.run(case, user) as step:
        case.save()
        step.audit(f"登记{case}", after=case_snapshot(case))
    return case


def close_case(case: AppealCase, *, outcome: str, closed_on: dt.date, user=None, note: str | None = None) -> AppealCase:
    """Record the decision or judgment. A case is closed once: a later appeal is a new case."""
    if outcome not in AppealCase.Outcome.values or outcome == AppealCase.Outcome.PENDING:
        raise ValidationError({"outcome": "请选择结果维持、结果纠正或其他结果"})
    with CLOSE_CASE.run(case, user) as step:
        locked = step.obj
        before = case_snapshot(locked)
        locked.outcome, locked.closed_on = outcome, closed_on
        if note is not None:
            locked.note = note.strip()
        validate_case(locked)
        locked.save()
        step.audit(f"审结：{locked.get_outcome_display()} {closed_on}", before=before, after=case_snapshot(locked))
    return locked


def appeal_counts(agency, year: int) -> dict[str, dict[str, int]]:
    """The 15 cells of table 四 for `year`: {block key: {official column label: count}}.

    Which cases count: those *filed* (立案日期) from 1 January to 31 December of `year`, each in
    its block (行政复议 / 未经复议直接起诉 / 复议后起诉), with its outcome as it stood on 31
    December: a case still pending then, or decided only after that day, counts as 尚未审结.

    Why this rule: every case is counted exactly once, in the report of the year it was brought,
    and a published report can be recomputed later with the same figures (DESIGN.md §1) because
    a decision made after the year end never changes that year's table. A case filed in one year
    and decided in the next therefore stays 尚未审结 in the first year's report and does not appear
    in the next year's table 四; its outcome belongs in the narrative (section 五/六) if needed.

    The shape is that of `annual_tables.AnnualTables.appeals`, so the report can use it as is.
    """
    year_start, year_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counts = {block.key: {label: 0 for label in APPEAL_COLUMNS} for block in APPEAL_BLOCKS}
    outcome_labels = dict(AppealCase.Outcome.choices)
    rows = (AppealCase.objects.filter(agency=agency, filed_on__gte=year_start, filed_on__lte=year_end)
            .values("kind", "litigation_route", "outcome", "closed_on").annotate(n=Count("id")).order_by())
    for row in rows:
        block = counts[BLOCK_KEYS[(row["kind"], row["litigation_route"])]]
        decided_by_year_end = row["closed_on"] is not None and row["closed_on"] <= year_end
        label = outcome_labels[row["outcome"]] if decided_by_year_end else PENDING_LABEL
        block[label] += row["n"]
        block[TOTAL] += row["n"]
    return counts
