"""Taking a request from intake to a delivered decision; every step checked, audited, evented.

Each step is a transition of the kernel (org/transitions.py): the permission, the agency's scope (a
request belongs to the agency as a whole), the source state, the row lock and the audit entry in the
same transaction. Registration from the public form has no user: the system registers it.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core import clock
from gongkai.core.annual_tables import Applicant as ApplicantColumn
from gongkai.core.decision_rules import FILED_CATEGORIES, SITUATIONS_BY_KEY
from gongkai.core.identifiers import check_id_number, check_uscc
from gongkai.core.receipt import Channel, ReceiptDateError, receipt_date
from gongkai.inforequests.clock import RequestClock
from gongkai.inforequests.models import (
    ApplicantDetails,
    Decision,
    InfoRequest,
    NonDisclosureFiling,
    RequestEvent,
    RequestSequence,
)
from gongkai.org.transitions import Transition, register

QUERY_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud over the phone
QUERY_CODE_LENGTH = 8

AWAITING, IN_PROGRESS, DECIDED = (InfoRequest.State.AWAITING_CONFIRMATION, InfoRequest.State.IN_PROGRESS,
                                  InfoRequest.State.DECIDED)


def _request_transition(name: str, label: str, permission: str, sources=(), **options) -> Transition:
    return register(Transition(f"inforequests.{name}", label, "inforequests.InfoRequest", permission,
                               frozenset(sources), unit_field=None, **options))


REGISTER = _request_transition("register", "登记申请", "inforequests.add_inforequest", audit_action="create",
                               system_may_run=True)
CONFIRM_RECEIPT = _request_transition("confirm_receipt", "确认收到", "inforequests.change_inforequest", {AWAITING},
                                      refusal="该申请已确认收到")
RECORD_EVENT = _request_transition("record_event", "登记办理事项", "inforequests.change_inforequest", {IN_PROGRESS})
DECIDE = _request_transition("decide", "作出答复", "inforequests.decide_inforequest", {IN_PROGRESS},
                             audit_action="decide", refusal="该申请已作出答复")
RECORD_DELIVERY = _request_transition("record_delivery", "登记送达", "inforequests.change_inforequest", {DECIDED})


def _next_number(agency, year: int) -> str:
    try:
        with transaction.atomic():
            RequestSequence.objects.get_or_create(agency=agency, year=year)
    except IntegrityError:
        pass
    sequence = RequestSequence.objects.select_for_update().get(agency=agency, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return f"{agency.org_code}-{year}-{sequence.last_value:05d}"


def new_query_code() -> str:
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def validate_applicant(kind: str, details: dict) -> None:
    """条例第二十九条: name, proof of identity and contact; identifiers checked by their checksums."""
    errors = {}
    if not details.get("name", "").strip():
        errors["name"] = "请填写申请人姓名或名称"
    if kind == ApplicantColumn.NATURAL_PERSON:
        if details.get("id_type") == ApplicantDetails.IdType.RESIDENT_ID:
            result = check_id_number(details.get("id_number", ""))
            if not result.valid:
                errors["id_number"] = f"居民身份证号码无效：{result.reason}"
        elif not details.get("id_number", "").strip():
            errors["id_number"] = "请填写身份证件号码"
    else:
        result = check_uscc(details.get("uscc", ""))
        if not result.valid:
            errors["uscc"] = f"统一社会信用代码无效：{result.reason}"
        if not details.get("contact_person", "").strip():
            errors["contact_person"] = "请填写联系人"
    if not any(details.get(field, "").strip() for field in ("phone", "email", "address")):
        errors["phone"] = "请至少填写一种联系方式"
    if errors:
        raise ValidationError(errors)


def register_request(agency, *, channel: str, submitted_on: dt.date, confirmed_on: dt.date | None,
                     applicant_kind: str, applicant: dict, description: str, document_reference: str = "",
                     form_wanted: str = InfoRequest.FormWanted.ELECTRONIC, delivery: str = InfoRequest.Delivery.POST,
                     oral: bool = False, user=None) -> tuple[InfoRequest, str]:
    """Register a request from any channel; returns it with its query code (shown once, stored hashed).

    The receipt date follows 条例第三十一条. A letter or online request not yet confirmed is kept as
    "待确认收到": its clock has not started.
    """
    validate_applicant(applicant_kind, applicant)
    if not description.strip():
        raise ValidationError({"description": "请描述所需的政府信息（条例第二十九条第（二）项）"})
    today = timezone.localdate()
    if submitted_on > today or (confirmed_on and confirmed_on > today):
        raise ValidationError("日期不能晚于今天")
    try:
        received_on = receipt_date(Channel(channel), submitted_on, confirmed_on)
    except ReceiptDateError:
        if channel == Channel.IN_PERSON:
            raise
        received_on = None
    code = new_query_code()
    with REGISTER.run(InfoRequest(agency=agency), user) as step:
        request = step.obj
        number = _next_number(agency, (received_on or submitted_on).year)
        for name, value in dict(
                number=number, query_code_hash=InfoRequest.hash_query_code(number, code), channel=channel,
                oral=oral, submitted_on=submitted_on, confirmed_on=confirmed_on, received_on=received_on,
                applicant_kind=applicant_kind, description=description, document_reference=document_reference,
                form_wanted=form_wanted, delivery=delivery,
                created_by=user if getattr(user, "is_authenticated", False) else None,
                state=IN_PROGRESS if received_on else AWAITING).items():
            setattr(request, name, value)
        request.save(force_insert=True)
        ApplicantDetails.objects.create(request=request, **{k: v for k, v in applicant.items() if v is not None})
        # The audit log names the request, never the applicant.
        step.audit(f"登记申请（{request.get_channel_display()}）")
    return request, code


def confirm_receipt(request: InfoRequest, confirmed_on: dt.date, user) -> InfoRequest:
    """The office confirms an ordinary letter, online or fax request with the applicant (条例第三十一条)."""
    try:
        received_on = receipt_date(Channel(request.channel), request.submitted_on, confirmed_on)
    except ReceiptDateError as exc:
        raise ValidationError(str(exc)) from None
    with CONFIRM_RECEIPT.run(request, user) as step:
        locked = step.obj
        if locked.received_on is not None:
            raise ValidationError("该申请已确认收到")
        locked.confirmed_on, locked.received_on = confirmed_on, received_on
        locked.state = IN_PROGRESS
        locked.save()
        step.audit(f"确认收到申请：{received_on}")
    return locked


def deadline_of(request: InfoRequest, today: dt.date | None = None, *, explain: bool = True) -> clock.Deadline | None:
    """Where the clock stands, recomputed from the events and the delivery on the calendar in force."""
    return RequestClock.current(today).deadline(request, explain=explain)


def record_event(request: InfoRequest, user, kind: str, on: dt.date, *, workdays: int = 0,
                 deadline: dt.date | None = None, approved_by: str = "", note: str = "") -> RequestEvent:
    """Append one clock event after checking the whole history stays possible (core.clock)."""
    kind = clock.EventKind(kind)
    if request.received_on is None:
        raise ValidationError("申请尚未确认收到，不能登记办理事项")
    RECORD_EVENT.check(user, request)
    if kind == clock.EventKind.EXTENSION_GRANTED:
        if not user.has_perm("inforequests.approve_extension") and not approved_by.strip():
            raise PermissionDenied("延长答复期限须经政府信息公开工作机构负责人同意（条例第三十三条第二款）")
        approved_by = approved_by or getattr(getattr(user, "staff_profile", None), "full_name", user.get_username())
    new = clock.ClockEvent(kind=kind, on=on, by=approved_by, workdays=workdays, deadline=deadline, note=note)
    with RECORD_EVENT.run(request, user) as step:
        locked = step.obj
        problems = RequestClock.current().problems(locked, [new])
        if problems:
            raise ValidationError(problems)
        event = RequestEvent.objects.create(request=locked, kind=kind.value, on=on, workdays=workdays, deadline=deadline,
                                            approved_by=approved_by, note=note, recorded_by=user)
        step.audit(f"{event.get_kind_display()}：{on}",
                   after={"kind": kind.value, "on": on, "workdays": workdays, "deadline": deadline})
    return event


def decide(request: InfoRequest, user, *, situation: str, decided_on: dt.date, reasons: str = "",
           legal_basis: str = "", withheld_information: str = "", approved_by: str = "") -> Decision:
    """Record the answer in its official category; refusals are filed with the level above."""
    DECIDE.check(user, request)
    spec = SITUATIONS_BY_KEY.get(situation)
    if spec is None:
        raise ValidationError({"situation": "请选择答复情形"})
    if request.received_on is None:
        raise ValidationError("申请尚未确认收到，不能作出答复")
    if decided_on < request.received_on:
        raise ValidationError({"decided_on": "答复日期不能早于收到申请之日"})
    if decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "答复日期不能晚于今天"})
    filed = spec.category in FILED_CATEGORIES
    if filed and not (withheld_information.strip() and approved_by.strip() and reasons.strip()):
        raise ValidationError("不予公开（含部分公开）须写明不予公开的信息、理由和审批人，以便备案")
    with DECIDE.run(request, user) as step:
        locked = step.obj
        if hasattr(locked, "decision"):
            raise ValidationError("该申请已作出答复")
        problems = RequestClock.current().problems(locked, [clock.ClockEvent(kind=clock.EventKind.ANSWERED, on=decided_on)])
        if problems:
            raise ValidationError(problems)
        decision = Decision.objects.create(
            request=locked, situation=situation, category=spec.category.value, legal_basis=legal_basis or spec.article,
            reasons=reasons, decided_on=decided_on, decided_by=user)
        RequestEvent.objects.create(request=locked, kind=clock.EventKind.ANSWERED.value, on=decided_on, recorded_by=user)
        if filed:
            NonDisclosureFiling.objects.create(
                decision=decision, information=withheld_information, reasons=reasons, legal_basis=decision.legal_basis,
                approved_by=approved_by, filed_on=decided_on, filed_with=locked.agency.parent_name or "上级主管部门")
        locked.state = DECIDED
        locked.save(update_fields=["state"])
        step.audit(f"答复：{spec.label}", after={"category": spec.category.value})
    return decision


def record_delivery(decision: Decision, user, *, channel: str, delivered_on: dt.date) -> Decision:
    """Delivery closes the request. Postal delivery is dated the day it is handed to the post office
    (国办公开办函〔2016〕235号), which is what `delivered_on` must hold for 邮寄送达."""
    if delivered_on < decision.decided_on:
        raise ValidationError({"delivered_on": "送达日期不能早于答复日期"})
    with RECORD_DELIVERY.run(decision.request, user) as step:
        request = step.obj
        problems = RequestClock.current().problems(request, [
            clock.ClockEvent(kind=clock.EventKind.DELIVERED, on=delivered_on, method=channel)])
        if problems:
            raise ValidationError(problems)
        decision.delivery_channel, decision.delivered_on = channel, delivered_on
        decision.save(update_fields=["delivery_channel", "delivered_on"])
        request.state, request.closed_on = InfoRequest.State.CLOSED, delivered_on
        request.save(update_fields=["state", "closed_on"])
        step.audit(f"送达：{decision.get_delivery_channel_display()} {delivered_on}")
    decision.request = request
    return decision
