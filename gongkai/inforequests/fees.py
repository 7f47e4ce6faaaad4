"""Charging the 信息处理费 (国办函〔2020〕109号): off unless the agency turns it on.

The per-request scale counts one applicant's requests received in a calendar month; the same
applicant is recognised by ID number or 统一社会信用代码, normalised, so typing differences do not
reset the count. The notice pauses the clock until payment, and non-payment within 20 working
days ends the request (core.clock), which the annual report counts under （六）其他处理 2.
Issuing a notice and recording a payment are transitions of the kernel (org/transitions.py) on the request.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Sum

from gongkai.core import clock
from gongkai.core.fees import FeeBasis, fee_for_request, fee_refusal
from gongkai.core.identifiers import normalize
from gongkai.inforequests import services
from gongkai.inforequests.models import FeeNotice, InfoRequest
from gongkai.org.transitions import Transition, register

ISSUE_FEE_NOTICE = register(Transition(
    "inforequests.issue_fee_notice", "送达收费通知", "inforequests.InfoRequest", "inforequests.add_feenotice",
    frozenset({InfoRequest.State.IN_PROGRESS}), unit_field=None))
RECORD_FEE_PAYMENT = register(Transition(
    "inforequests.record_fee_payment", "登记缴费", "inforequests.InfoRequest", "inforequests.change_feenotice",
    frozenset({InfoRequest.State.IN_PROGRESS}), unit_field=None))


def requests_in_month(request: InfoRequest) -> list[InfoRequest]:
    """The same applicant's requests received in the calendar month of `request`, in order."""
    applicant = request.applicant
    key = normalize(applicant.id_number or applicant.uscc)
    if not key:
        return [request]
    received = request.received_on
    candidates = InfoRequest.objects.filter(
        agency=request.agency, received_on__year=received.year, received_on__month=received.month,
        imported=False).select_related("applicant").order_by("received_on", "id")
    return [r for r in candidates if normalize(r.applicant.id_number or r.applicant.uscc) == key]


def nth_request_in_month(request: InfoRequest) -> int:
    return [r.pk for r in requests_in_month(request)].index(request.pk) + 1


def issue_fee_notice(request: InfoRequest, user, *, basis: str, sent_on: dt.date, pages: int | None = None) -> FeeNotice:
    """Compute the fee on one scale and record the notice; a zero fee issues no notice, and a fee the
    measure does not allow on this request (core.fees.fee_refusal) is refused with its rule."""
    ISSUE_FEE_NOTICE.check(user, request)
    if request.received_on is None:
        raise ValidationError("申请尚未确认收到，不能送达收费通知")
    if not request.agency.fees_enabled:
        raise ValidationError("本机关未开启信息处理费收取")
    basis = FeeBasis(basis)
    decision = getattr(request, "decision", None)
    refusal = fee_refusal(basis, received_on=request.received_on, form_wanted=request.form_wanted,
                          delivery=request.delivery, situation=decision.situation if decision else None)
    if refusal:  # 109号: not before it took effect; per page only for paper, e-mail or copied data
        raise ValidationError(refusal)
    nth = nth_request_in_month(request) if basis is FeeBasis.PER_REQUEST else None
    try:
        breakdown = fee_for_request(basis, nth_request_in_month=nth, pages=pages)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    if breakdown.total == 0:
        raise ValidationError("按所选方式计算不需收费（未超过免费额度）")
    with ISSUE_FEE_NOTICE.run(request, user) as step:
        services.record_event(step.obj, user, clock.EventKind.FEE_NOTICE_SENT.value, sent_on,
                              note="；".join(breakdown.lines()))
        notice = FeeNotice.objects.create(request=step.obj, basis=basis.value, nth_request_in_month=nth, pages=pages,
                                          amount=breakdown.total, sent_on=sent_on)
        step.audit(f"送达收费通知：{breakdown.total}元")
    return notice


def record_fee_payment(notice: FeeNotice, user, *, paid_on: dt.date, amount: Decimal) -> FeeNotice:
    RECORD_FEE_PAYMENT.check(user, notice.request)
    if amount != notice.amount:
        raise ValidationError(f"实缴金额{amount}元与通知金额{notice.amount}元不符")
    with RECORD_FEE_PAYMENT.run(notice.request, user) as step:
        notice = FeeNotice.objects.select_for_update().get(pk=notice.pk)
        if notice.paid_on is not None:
            raise ValidationError(f"该收费通知已于{notice.paid_on}缴费")
        services.record_event(step.obj, user, clock.EventKind.FEE_PAID.value, paid_on)
        notice.paid_on, notice.paid_amount = paid_on, amount
        notice.save(update_fields=["paid_on", "paid_amount"])
        step.audit(f"缴纳信息处理费：{amount}元")
    return notice


def fees_collected(agency, year: int) -> Decimal:
    """Total paid in `year` (the annual report's section 六)."""
    total = FeeNotice.objects.filter(request__agency=agency, paid_on__year=year).aggregate(total=Sum("paid_amount"))["total"]
    return total or Decimal("0")
