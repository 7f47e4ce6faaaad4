"""Services that end or shorten a record's publicity: severity and its 公示截止期, expiry, 信用修复, withdrawal.

Each staff service is a transition of the kernel (org/transitions.py): permission, scope (the agency:
credit records belong to the agency as a whole), row lock and the audit entry in the same transaction
(ARCHITECTURE.md, "How data flows"). `user=None` is the system (the daily job, the demo's replay).
Rules are in `core.publicity`:
- the 公示截止期 and the first repair day come from the rule set in force on the decision date
  (发改办财金〔2019〕527号 before 2026-04-01, 《信用修复管理办法》 from then on), severity 一般 by default;
- repair needs the minimum period passed, the obligations performed (`repair_eligible`) and a 信用承诺
  (the 2026 办法's conditions; asked for under the 2019 rules too, the stricter reading);
- a decision changed or revoked is withdrawn "在三日内" (行政处罚法 第四十八条第二款, 第八十五条: working
  days) and the reason is published: the public query shows a withdrawal notice for its 文号.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from gongkai.core.publicity import MINOR, SEVERITIES, PublicityWindow, publicity_window, repair_eligible, rules_for, withdrawal_due
from gongkai.core.workdays import UnknownCalendarYear
from gongkai.credit.models import LicenseRecord, PenaltyRecord, PublicityTakedown, RepairApplication
from gongkai.holidays.calendar import current_calendar
from gongkai.org.audit import record as audit
from gongkai.org.transitions import Transition, register

__all__ = [
    "RepairNotAllowed",
    "apply_for_repair",
    "approve_repair",
    "expire_publicity",
    "reject_repair",
    "set_severity",
    "window_for",
    "withdraw_decision",
]


class RepairNotAllowed(ValidationError):
    """信用修复 cannot be granted (yet): the message says which condition is missing."""


def _credit(name: str, label: str, model: str, permission: str, *, sources=(), state_field: str = "state",
            audit_action: str = "update") -> Transition:
    return register(Transition(f"credit.{name}", label, f"credit.{model}", permission, frozenset(sources),
                               state_field=state_field, unit_field=None, audit_action=audit_action,
                               system_may_run=True))


SET_SEVERITY = _credit("set_severity", "设定失信程度", "PenaltyRecord", "credit.change_penaltyrecord")
APPLY_FOR_REPAIR = _credit("apply_for_repair", "登记信用修复申请", "PenaltyRecord", "credit.add_repairapplication",
                           audit_action="create")
APPROVE_REPAIR = _credit("approve_repair", "准予信用修复", "RepairApplication", "credit.change_repairapplication",
                         sources={RepairApplication.Status.PENDING}, state_field="status", audit_action="decide")
REJECT_REPAIR = _credit("reject_repair", "不予信用修复", "RepairApplication", "credit.change_repairapplication",
                        sources={RepairApplication.Status.PENDING}, state_field="status", audit_action="decide")
WITHDRAW_PENALTY = _credit("withdraw_penalty", "撤下行政处罚公示", "PenaltyRecord", "credit.change_penaltyrecord",
                           audit_action="withdraw")
WITHDRAW_LICENSE = _credit("withdraw_license", "撤下行政许可公示", "LicenseRecord", "credit.change_licenserecord",
                           audit_action="withdraw")


def window_for(record: PenaltyRecord, severity: str | None = None, *, publish_minor: bool = False) -> PublicityWindow:
    """The record's publicity window under the rules in force on its decision date."""
    return publicity_window(record.decided_on, severity or record.severity, publish_minor=publish_minor)


def _published_minor(record: PenaltyRecord) -> bool:
    """A 轻微 penalty under the 2026 rules that an authority decided to publish anyway (it has an end date)."""
    return (record.severity == MINOR and not rules_for(record.decided_on).rule(MINOR).published
            and record.publicity_ends_on is not None)


def set_severity(record: PenaltyRecord, severity: str, *, user=None, publish_minor: bool = False,
                 note: str = "") -> PenaltyRecord:
    """Staff set 轻微/一般/严重; the 公示截止期 and the first repair day follow from the decision date's rules.

    Under the 2026 rules a 轻微 penalty is not published unless `publish_minor` (then at most 3 months).
    """
    if severity not in SEVERITIES:
        raise ValidationError(f"失信程度应为{'、'.join(SEVERITIES)}之一")
    with SET_SEVERITY.run(record, user) as step:
        record = step.obj
        before = {"severity": record.severity, "publicity_ends_on": record.publicity_ends_on,
                  "repair_from": record.repair_from}
        window = window_for(record, severity, publish_minor=publish_minor)
        record.severity = severity
        record.publicity_ends_on = window.end_date
        record.repair_from = window.earliest_repair_date
        record.save(update_fields=["severity", "publicity_ends_on", "repair_from"])
        rules = rules_for(record.decided_on)
        shown = f"公示截止期{window.end_date.isoformat()}" if window.published else "依规则原则上不予公示"
        step.audit(f"失信程度设为{severity}（{rules.source}）：{shown}" + (f"；{note}" if note else ""),
                   before=before,
                   after={"severity": severity, "publicity_ends_on": window.end_date,
                          "repair_from": window.earliest_repair_date, "rules": rules.name})
    return record


def expire_publicity(today: dt.date | None = None, *, agency=None) -> int:
    """Record every current penalty whose 公示截止期 has passed as taken down (once), with its audit entry.

    The public query already stops showing a record the day after its 公示截止期; this makes the
    take-down a recorded event (the audit log, the outbox). Safe to run any number of times.
    """
    today = today or timezone.localdate()
    already = PublicityTakedown.objects.filter(record=OuterRef("pk"), reason=PublicityTakedown.Reason.EXPIRED)
    due = PenaltyRecord.objects.filter(is_current=True, publicity_ends_on__lt=today).filter(~Exists(already))
    if agency is not None:
        due = due.filter(agency=agency)
    count = 0
    for record in due.only("id", "agency_id", "document_number", "publicity_ends_on").iterator(chunk_size=500):
        with transaction.atomic():
            _, created = PublicityTakedown.objects.get_or_create(
                record=record, reason=PublicityTakedown.Reason.EXPIRED,
                defaults={"agency_id": record.agency_id, "effective_on": record.publicity_ends_on + dt.timedelta(days=1),
                          "note": f"公示截止期{record.publicity_ends_on.isoformat()}已届满"})
            if created:
                audit("withdraw", record, agency=record.agency,
                      summary=f"公示期满，自{(record.publicity_ends_on + dt.timedelta(days=1)).isoformat()}起不再公示",
                      after={"publicity_ends_on": record.publicity_ends_on, "reason": "expired"})
                count += 1
    return count


def apply_for_repair(record: PenaltyRecord, *, applicant: str, applied_on: dt.date | None = None,
                     obligations_performed: bool = False, commitment_made: bool = False,
                     applicant_contact: str = "", user=None) -> RepairApplication:
    """Register a 信用修复 application (staff enter what the party filed)."""
    with APPLY_FOR_REPAIR.run(record, user) as step:
        record = step.obj
        application = RepairApplication.objects.create(
            agency_id=record.agency_id, record=record, applicant=applicant, applicant_contact=applicant_contact,
            applied_on=applied_on or timezone.localdate(), obligations_performed=obligations_performed,
            commitment_made=commitment_made)
        step.audit(f"登记信用修复申请：{record.document_number}", obj=application, agency=record.agency)
    return application


def _repair_blocker(record: PenaltyRecord, application: RepairApplication, on: dt.date) -> str | None:
    if not record.is_current:
        return "该处罚信息已有新版本，请对当前版本办理"
    if record.withdrawn_at is not None:
        return "该处罚决定已撤下，无需修复"
    if record.repaired_on is not None:
        return f"该处罚信息已于{record.repaired_on.isoformat()}完成信用修复"
    if record.publicity_ends_on is None:
        return "该处罚信息不在公示范围内"
    if on > record.publicity_ends_on:
        return "公示期已届满，信息已自动停止公示"
    if not application.obligations_performed:
        return "尚未履行行政处罚决定规定的义务"
    if not application.commitment_made:
        return "尚未作出信用承诺"
    if not repair_eligible(record.decided_on, record.severity, on, obligations_performed=True,
                           publish_minor=_published_minor(record)):
        window = window_for(record, publish_minor=_published_minor(record))
        return f"最短公示期未满：{window.earliest_repair_date.isoformat()}起方可修复"
    return None


def approve_repair(application: RepairApplication, *, user=None, on: dt.date | None = None,
                   reason: str = "") -> RepairApplication:
    """Grant 信用修复: the record leaves the public pages on `on`, with the date and reason kept."""
    on = on or timezone.localdate()
    with APPROVE_REPAIR.run(application, user) as step:
        application = step.obj
        record = PenaltyRecord.objects.select_for_update().get(pk=application.record_id)
        blocker = _repair_blocker(record, application, on)
        if blocker:
            raise RepairNotAllowed(blocker)
        reason = reason or "最短公示期已满，已履行义务并作出信用承诺"
        record.repaired_on = on
        record.save(update_fields=["repaired_on"])
        application.status = RepairApplication.Status.APPROVED
        application.decided_on, application.decided_by, application.decision_reason = on, user, reason
        application.save(update_fields=["status", "decided_on", "decided_by", "decision_reason"])
        PublicityTakedown.objects.get_or_create(record=record, reason=PublicityTakedown.Reason.REPAIRED,
                                                defaults={"agency_id": record.agency_id, "effective_on": on,
                                                          "note": reason[:300]})
        step.audit(f"准予信用修复，{on.isoformat()}起停止公示：{reason}", obj=record,
                   after={"repaired_on": on, "application": application.pk, "reason": reason})
    return application


def reject_repair(application: RepairApplication, *, reason: str, user=None, on: dt.date | None = None) -> RepairApplication:
    if not reason.strip():
        raise ValidationError("不予修复须说明理由")
    with REJECT_REPAIR.run(application, user) as step:
        application = step.obj
        application.status = RepairApplication.Status.REJECTED
        application.decided_on, application.decided_by = on or timezone.localdate(), user
        application.decision_reason = reason
        application.save(update_fields=["status", "decided_on", "decided_by", "decision_reason"])
        step.audit(f"不予信用修复：{reason}", agency=application.agency)
    return application


def withdraw_decision(record: PenaltyRecord | LicenseRecord, *, reason: str, changed_on: dt.date, user=None,
                      now: dt.datetime | None = None) -> PenaltyRecord | LicenseRecord:
    """Take a changed or revoked decision off the public pages and publish why (行政处罚法 第四十八条第二款).

    `changed_on` is the day the decision was changed, revoked or found unlawful/void; the deadline is
    three working days later on the statutory calendar (None when that year's calendar is unknown).
    The audit entry records whether the withdrawal was in time.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("撤下须填写公开的原因")
    transition = WITHDRAW_PENALTY if isinstance(record, PenaltyRecord) else WITHDRAW_LICENSE
    with transition.run(record, user) as step:
        record = step.obj
        if record.withdrawn_at is not None:
            raise ValidationError(f"该决定已于{timezone.localtime(record.withdrawn_at):%Y-%m-%d}撤下")
        now = now or timezone.now()
        try:
            due = withdrawal_due(changed_on, current_calendar())
        except UnknownCalendarYear:
            due = None
        withdrawn_on = timezone.localtime(now).date()
        on_time = None if due is None else withdrawn_on <= due
        record.withdrawn_at, record.withdrawal_reason = now, reason[:300]
        record.save(update_fields=["withdrawn_at", "withdrawal_reason"])
        if isinstance(record, PenaltyRecord):
            PublicityTakedown.objects.get_or_create(record=record, reason=PublicityTakedown.Reason.WITHDRAWN,
                                                    defaults={"agency_id": record.agency_id,
                                                              "effective_on": withdrawn_on, "note": reason[:300]})
        timing = "期限未知（该年度节假日安排未录入）" if due is None else (
            f"期限{due.isoformat()}，" + ("按期" if on_time else "逾期"))
        step.audit(f"决定变更或撤销（{changed_on.isoformat()}），撤下公示：{reason}；{timing}",
                   after={"changed_on": changed_on, "withdrawal_due": due, "withdrawn_on": withdrawn_on,
                          "on_time": on_time, "reason": reason})
    return record

