"""The letters' words: each letter built as plain data from the records, so DOCX and PDF say the same thing.

Every letter the disclosure office sends about a request is built here and nowhere else; the
renderers (`docx.py`, `pdf.py`) only lay the data out. Which record each letter is read from:

- reply (答复告知书): the `Decision` (条例第三十六条至第三十九条). The operative sentence and the
  default legal basis come from `core.decision_rules`. When the clock stood still for a
  consultation, the letter says from when to when (the clock's `ConsultationSpan`s up to the
  decision), so the applicant can check the time taken (条例第三十三条第三款). Every reply carries the remedies sentence,
  not only refusals: any answer may be challenged (条例第五十一条), and a reply that omits the
  remedies lets the applicant's time to challenge it run longer (行政复议法, 行政诉讼法).
- correction (补正告知书): the `correction_requested` event; its note says what to correct and
  its deadline the time allowed (条例第三十条).
- extension (延期答复告知书): the `extension_granted` event; the new due date is recomputed by
  `core.clock` from the events up to that one (条例第三十三条第二款).
- third_party (征求第三方意见书): the `consultation_started` event (条例第三十二条). It states the
  15 working days and the day they end (`core.clock.consultation_limit`: the deadline recorded on
  the event, else the 15th working day after the letter went out, the day after which the clock
  resumes by itself). It goes to the
  third party, so it never names the applicant (the third party has no need to know who asked).
  The third party's name is read from the event's note: "第三方：名称" anywhere in the note, or
  else the note's first segment up to "；，。" or a line break. An empty note leaves a blank line
  for the name to be written in by hand.
- fee (收费通知书): the `FeeNotice`; the lines of the breakdown come from `core.fees`, and a record
  whose amount differs from the scale's total is refused rather than printed (国办函〔2020〕109号).

Where a request has several events of the kind, the latest is used unless one is named.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from gongkai.core import clock, fees
from gongkai.core.annual_tables import DecisionCategory
from gongkai.core.decision_rules import FILED_CATEGORIES, REMEDIES, SITUATIONS_BY_KEY
from gongkai.core.workdays import UnknownCalendarYear
from gongkai.inforequests.clock import RequestClock

__all__ = ["KINDS", "KIND_TITLES", "Paragraph", "Letter", "LetterNotAvailable", "build_letter", "chinese_date",
           "letter_number", "amount_in_capitals"]

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURE = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
SEAL_MARK = "（印章）"

# The five letters, in the order staff meet them while handling a request.
KIND_TITLES = {
    "reply": "政府信息公开申请答复告知书",
    "correction": "政府信息公开申请补正告知书",
    "extension": "政府信息公开申请延期答复告知书",
    "third_party": "政府信息公开征求第三方意见书",
    "fee": "政府信息公开信息处理费收费通知书",
}
KINDS = tuple(KIND_TITLES)

# A mark in the letter number per kind, so the five letters of one request never share a number.
_NUMBER_MARKS = {"reply": "", "correction": "补", "extension": "延", "third_party": "征", "fee": "费"}


class LetterNotAvailable(Exception):
    """The records do not (yet) hold what this letter must say; the message says what is missing."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph; `style` is how it sits on the page: 'addressee' flush left, 'body' indented
    two characters (GB/T 9704), 'item' an indented line of a list (breakdown, items to correct)."""

    text: str
    style: str = "body"


@dataclass(frozen=True)
class Letter:
    kind: str
    agency_name: str
    title: str
    number: str
    addressee: str
    body: tuple[Paragraph, ...]
    signature: str
    date: dt.date
    request_number: str

    @property
    def date_text(self) -> str:
        return chinese_date(self.date)

    @property
    def seal_mark(self) -> str:
        return SEAL_MARK

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Addressee then body: what both renderers print between the number and the signature."""
        return (Paragraph(self.addressee, "addressee"), *self.body)

    def plain_text(self) -> str:
        """The whole letter as text (tests, and a check that both formats hold the same words)."""
        lines = [self.agency_name, self.title, self.number, *(p.text for p in self.paragraphs),
                 self.seal_mark, self.signature, self.date_text]
        return "\n".join(lines)

    def filename(self, extension: str) -> str:
        return f"{self.request_number}-{self.kind}.{extension}"


def chinese_date(day: dt.date) -> str:
    """Dates in letters are written 2026年3月5日 (no leading zeros), as official documents write them."""
    return f"{day.year}年{day.month}月{day.day}日"


def letter_number(agency, request_number: str, kind: str) -> str:
    """示公信〔2026〕第00012号 from request 00591782X-2026-00012 of 示范市公安局.

    The prefix is the agency name's first character + 公信 (公安 · 信息公开); the year and sequence
    are the request's own, so the letter is found from the request and back. A number that does
    not have the registered shape (imported history) is quoted whole.
    """
    prefix = f"{agency.name[:1]}公信{_NUMBER_MARKS[kind]}"
    parts = request_number.rsplit("-", 2)
    if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
        return f"{prefix}〔{parts[1]}〕第{parts[2]}号"
    return f"{prefix}〔{request_number}〕号"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿")


def amount_in_capitals(amount: Decimal) -> str:
    """人民币大写 for the fee notice (the form receipts and payment slips use), e.g. 贰佰元整."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    if amount < 0:
        raise ValueError("金额不能为负数")
    yuan, cents = divmod(int(amount * 100), 100)
    jiao, fen = divmod(cents, 10)
    if yuan == 0 and cents == 0:
        return "零元整"
    text = ""
    if yuan:
        groups = []
        n = yuan
        while n:
            n, group = divmod(n, 10000)
            groups.append(group)
        pending_zero = False
        for index in range(len(groups) - 1, -1, -1):
            group = groups[index]
            if group == 0:
                pending_zero = bool(text)
                continue
            digits = f"{group:04d}"
            part = ""
            for position, digit in enumerate(digits):
                value = int(digit)
                unit = _SMALL_UNITS[3 - position]
                if value == 0:
                    if part or text:
                        pending_zero = True
                    continue
                if pending_zero and (part or text):
                    part += "零"
                pending_zero = False
                part += _DIGITS[value] + unit
            text += part + _BIG_UNITS[index]
        text += "元"
    if cents == 0:
        return text + "整"
    if jiao:
        text += _DIGITS[jiao] + "角"
    elif yuan:
        text += "零"
    if fen:
        text += _DIGITS[fen] + "分"
    else:
        text += "整"
    return text


# Building blocks shared by the letters ---------------------------------------------------------


def _received_sentence(request, *, to_applicant: bool = True) -> str:
    """When the request counts as received (条例第三十一条) and what was asked, in the applicant's words."""
    if request.received_on is None:
        raise LetterNotAvailable("申请尚未确认收到（条例第三十一条），不能出具文书")
    asked = request.description.strip()
    reference = request.document_reference.strip()
    wanted = f"“{asked}”" + (f"（文件名称或文号：{reference}）" if reference else "")
    who = "本机关收到您提出的政府信息公开申请" if to_applicant else "本机关收到申请人提出的政府信息公开申请"
    return f"{chinese_date(request.received_on)}，{who}（申请编号：{request.number}），申请获取{wanted}。"


def _contact_paragraph(agency) -> Paragraph:
    """Where to ask and to send papers: the office's details as the 公开指南 prints them (条例第十二条)."""
    parts = [f"联系机构：{agency.office_name}", f"联系地址：{agency.office_address}"]
    if agency.office_postcode:
        parts.append(f"邮政编码：{agency.office_postcode}")
    parts.append(f"联系电话：{agency.office_phone}")
    return Paragraph("；".join(parts) + "。")


def _addressee_of_applicant(request) -> str:
    applicant = getattr(request, "applicant", None)
    name = applicant.name.strip() if applicant is not None else ""
    return f"{name or '申请人'}："


def _pick_event(request, kind: clock.EventKind, event_id: int | None):
    events = request.events.filter(kind=kind.value)
    if event_id is not None:
        event = events.filter(pk=event_id).first()
        if event is None:
            raise LetterNotAvailable("所选办理事项不属于该申请或类型不符")
        return event
    event = events.order_by("-on", "-id").first()
    if event is None:
        raise LetterNotAvailable(f"该申请没有“{clock.KIND_LABELS[kind]}”的办理记录")
    return event


def _letter(request, kind: str, addressee: str, body: list[Paragraph], on: dt.date) -> Letter:
    agency = request.agency
    return Letter(kind=kind, agency_name=agency.name, title=KIND_TITLES[kind],
                  number=letter_number(agency, request.number, kind), addressee=addressee, body=tuple(body),
                  signature=agency.name, date=on, request_number=request.number)


# The five letters ------------------------------------------------------------------------------


def reply_letter(request) -> Letter:
    """答复告知书: what was asked, the decision sentence, reasons, legal basis, remedies."""
    decision = getattr(request, "decision", None)
    if decision is None:
        raise LetterNotAvailable("该申请尚未作出答复决定")
    situation = SITUATIONS_BY_KEY[decision.situation]
    category = DecisionCategory(decision.category) if decision.category else situation.category
    refused = category is not DecisionCategory.GRANTED  # anything short of full disclosure gives reasons
    body = [Paragraph(_received_sentence(request)), *_consultation_paragraphs(request, decision.decided_on),
            Paragraph(situation.letter_text)]
    filing = getattr(decision, "filing", None) if category in FILED_CATEGORIES else None
    if filing is not None and category is DecisionCategory.PARTIAL:
        body.append(Paragraph(f"不予公开的内容：{filing.information.strip()}"))
    if decision.reasons.strip():
        label = "理由" if refused else "说明"
        body.append(Paragraph(f"{label}：{decision.reasons.strip()}"))
    if category in (DecisionCategory.GRANTED, DecisionCategory.PARTIAL) and decision.situation != "already_public":
        body.append(Paragraph(
            f"本机关按照您申请时选择的{request.get_form_wanted_display()}形式，以{request.get_delivery_display()}"
            "方式向您提供上述政府信息。"))
        titles = [f.title for f in decision.files.all()]
        for index, title in enumerate(titles, start=1):
            body.append(Paragraph(f"{index}. {title}", "item"))
    body.append(Paragraph(f"依据{decision.legal_basis.strip() or situation.article}的规定，特此告知。"))
    body.append(Paragraph(REMEDIES))
    body.append(_contact_paragraph(request.agency))
    return _letter(request, "reply", _addressee_of_applicant(request), body, decision.decided_on)


def _consultation_paragraphs(request, decided_on: dt.date) -> list[Paragraph]:
    """When the clock stood still for consultations before the decision: their dates, one sentence each."""
    if not request.events.filter(kind__in=(clock.EventKind.CONSULTATION_STARTED.value,
                                           clock.EventKind.AGENCY_CONSULTATION_STARTED.value)).exists():
        return []
    try:
        deadline = RequestClock.current().deadline(request, until=decided_on)
    except clock.InvalidClockEvents as exc:
        raise LetterNotAvailable(f"办理记录有误，请先核对：{exc}") from None
    if deadline.calendar_pending:  # the end of an unanswered consultation is counted in working days
        raise LetterNotAvailable(f"{UnknownCalendarYear(deadline.calendar_pending)}；录入后才能出具此告知书")
    article = ("《中华人民共和国政府信息公开条例》（2008年）第二十四条第三款" if deadline.rules == "2008"
               else f"{REGULATION}第三十三条第三款")
    paragraphs = []
    for span in deadline.consultations:
        if not span.excluded or span.ended is None:
            continue
        lapsed = "，被征求意见方逾期未提出意见" if span.how == "lapsed" else ""
        paragraphs.append(Paragraph(
            f"本机关于{chinese_date(span.started)}至{chinese_date(span.ended)}{span.label}（{span.article}）{lapsed}，"
            f"根据{article}的规定，该期间不计算在答复期限内。"))
    return paragraphs


def correction_letter(request, event_id: int | None = None) -> Letter:
    """补正告知书: told once, what to correct, by when, and that the clock restarts (条例第三十条)."""
    event = _pick_event(request, clock.EventKind.CORRECTION_REQUESTED, event_id)
    if event.deadline is None:
        raise LetterNotAvailable("补正告知须写明补正期限（条例第三十条）")
    items = [line.strip() for line in re.split(r"[\n；;]", event.note) if line.strip()]
    if not items:
        items = ["所需政府信息的名称、文号或者便于本机关查询的其他特征性描述（条例第二十九条第二款第（二）项）"]
    body = [
        Paragraph(_received_sentence(request)),
        Paragraph("经审查，您的申请内容不明确，本机关无法据此确定您所需的政府信息。根据"
                  f"{REGULATION}第三十条的规定，现一次性告知您对以下事项作出补正："),
        *(Paragraph(f"{index}. {item}", "item") for index, item in enumerate(items, start=1)),
        Paragraph(f"请您于{chinese_date(event.deadline)}前向本机关提交补正后的申请。答复期限自本机关收到补正的申请之日起计算。"
                  "您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"),
        _contact_paragraph(request.agency),
    ]
    return _letter(request, "correction", _addressee_of_applicant(request), body, event.on)


def _due_date_with(request, event, *, including: bool) -> dt.date | None:
    """The due date as it stood just before (or once) `event` took effect: core.clock over the events
    recorded up to it, so later events (an answer, a second pause) do not change what the letter said."""
    cut = (event.on, event.pk)
    earlier = [e.to_clock_event() for e in request.events.all()
               if (e.on, e.pk) < cut or (including and (e.on, e.pk) == cut)]
    deadline = RequestClock.current().deadline(request, recorded=earlier, until=event.on)
    if deadline.calendar_pending:  # a letter must not state a due date the calendar cannot give
        raise LetterNotAvailable(f"{UnknownCalendarYear(deadline.calendar_pending)}；录入后才能出具此告知书")
    return deadline.due


def extension_letter(request, event_id: int | None = None) -> Letter:
    """延期答复告知书: the head's consent, the working days added and the new due date (条例第三十三条第二款)."""
    event = _pick_event(request, clock.EventKind.EXTENSION_GRANTED, event_id)
    if request.received_on is None:
        raise LetterNotAvailable("申请尚未确认收到")
    before = _due_date_with(request, event, including=False)
    after = _due_date_with(request, event, including=True)
    if before is not None and after is not None and after == before:
        raise LetterNotAvailable("该次延期在原答复期限届满后作出，未产生延长效力，不能出具延期答复告知书")
    reason = event.note.strip().removeprefix("因").rstrip("。，,;；") or "所申请的政府信息需要进一步检索、核实"
    new_due = f"，本机关将于{chinese_date(after)}前作出答复" if after else ""
    body = [
        Paragraph(_received_sentence(request)),
        Paragraph(f"因{reason}，本机关无法在法定期限内作出答复。经本机关政府信息公开工作机构负责人同意，根据"
                  f"{REGULATION}第三十三条第二款的规定，答复期限延长{event.workdays}个工作日{new_due}。"),
        Paragraph("特此告知。"),
        _contact_paragraph(request.agency),
    ]
    return _letter(request, "extension", _addressee_of_applicant(request), body, event.on)


_THIRD_PARTY_NAME = re.compile(r"第三方[:：]\s*([^；;，,。\n]+)")


def third_party_name(note: str) -> str:
    """The consulted party's name from the event note (see the module docstring); '' if none."""
    match = _THIRD_PARTY_NAME.search(note)
    if match:
        return match.group(1).strip()
    return re.split(r"[；;，,。\n]", note.strip(), maxsplit=1)[0].strip()


def third_party_letter(request, event_id: int | None = None) -> Letter:
    """征求第三方意见书 (条例第三十二条): 15 working days to answer, and what follows either way."""
    event = _pick_event(request, clock.EventKind.CONSULTATION_STARTED, event_id)
    name = third_party_name(event.note)
    try:
        limit = clock.consultation_limit(event.to_clock_event(), RequestClock.current().calendar)
    except UnknownCalendarYear as exc:  # the letter must not state a day the calendar cannot give
        raise LetterNotAvailable(f"{exc}；录入后才能出具此征求意见书") from None
    body = [
        Paragraph(_received_sentence(request, to_applicant=False)),
        Paragraph("经审查，该政府信息涉及贵方，公开可能损害贵方的合法权益。根据"
                  f"{REGULATION}第三十二条的规定，现书面征求贵方意见。"),
        Paragraph(f"根据{REGULATION}第三十二条，贵方应当自收到征求意见书之日起{clock.CONSULTATION_REPLY_WORKDAYS}个工作日内"
                  f"提出意见。本征求意见书于{chinese_date(event.on)}发出，请贵方于{chinese_date(limit)}前以书面形式向本机关"
                  "提出是否同意公开的意见；不同意公开的，请一并说明理由。"),
        Paragraph("贵方逾期未提出意见的，由本机关依照条例的规定决定是否公开。贵方不同意公开且有合理理由的，本机关不予公开；"
                  "本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定公开的政府信息内容和理由书面告知贵方。"),
        _contact_paragraph(request.agency),
    ]
    addressee = f"{name}：" if name else "＿＿＿＿＿＿＿＿＿＿："
    return _letter(request, "third_party", addressee, body, event.on)


def fee_letter(request) -> Letter:
    """收费通知书 (条例第四十二条, 国办函〔2020〕109号): basis, scale, amount, 20 working days, how to pay."""
    notice = getattr(request, "fee_notice", None)
    if notice is None:
        raise LetterNotAvailable("该申请没有信息处理费记录")
    basis = fees.FeeBasis(notice.basis)
    try:
        if basis is fees.FeeBasis.PER_REQUEST:
            breakdown = fees.fee_for_request(basis, nth_request_in_month=notice.nth_request_in_month)
        else:
            breakdown = fees.fee_for_request(basis, pages=notice.pages)
    except ValueError as exc:
        raise LetterNotAvailable(f"收费记录不完整：{exc}") from None
    if breakdown.total != Decimal(notice.amount).quantize(fees.YUAN):
        raise LetterNotAvailable(f"收费记录金额{notice.amount}元与计费标准计算的{breakdown.total}元不一致，请核对")
    if breakdown.total <= 0:
        raise LetterNotAvailable("按计费标准应免费，不出具收费通知书")
    agency = request.agency
    quantity = (f"您本自然月提出的第{notice.nth_request_in_month}件申请" if basis is fees.FeeBasis.PER_REQUEST
                else f"本次申请提供的政府信息共{notice.pages}页")
    body = [
        Paragraph(_received_sentence(request)),
        Paragraph(f"您申请公开政府信息的数量、频次明显超过合理范围。根据{REGULATION}第四十二条和{FEE_MEASURE}的规定，"
                  f"本机关对该申请收取信息处理费。{quantity}，计费明细如下："),
        *(Paragraph(line, "item") for line in breakdown.lines()),
        Paragraph(f"应缴金额：人民币{breakdown.total}元（大写：{amount_in_capitals(breakdown.total)}）。"),
        Paragraph(f"请您自收到本通知之日的次日起{clock.FEE_PAYMENT_WORKDAYS}个工作日内缴纳。缴费方式：请持本通知书到本机关"
                  f"政府信息公开工作机构（{agency.office_address}）办理缴费手续，或者通过本机关告知的政府非税收入缴款渠道缴纳，"
                  f"缴费时请注明申请编号{request.number}。"),
        Paragraph("您逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。"),
        Paragraph(REMEDIES),
        _contact_paragraph(agency),
    ]
    return _letter(request, "fee", _addressee_of_applicant(request), body, notice.sent_on)


def build_letter(request, kind: str, *, event_id: int | None = None) -> Letter:
    """The letter of `kind` for `request`; raises LetterNotAvailable when the records do not support it."""
    if kind == "reply":
        return reply_letter(request)
    if kind == "correction":
        return correction_letter(request, event_id)
    if kind == "extension":
        return extension_letter(request, event_id)
    if kind == "third_party":
        return third_party_letter(request, event_id)
    if kind == "fee":
        return fee_letter(request)
    raise LetterNotAvailable(f"未知的文书类型：{kind}")
