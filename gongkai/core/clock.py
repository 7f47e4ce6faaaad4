"""The request clock: when the answer to a 依申请公开 request is due, recomputed from its events.

The due date is never stored. It is a pure function of the receipt date, the request's events
(each with who and when) and the statutory calendar, so a holiday notice typed in later, or a
corrected event, reaches every request already under way. One walk over the sorted events both
refuses impossible histories (`validate_events`) and computes the clock (`compute_deadline`): the
state machine exists once.

Rules (2019 text, in force for requests received on or after 2019-05-15, 条例第五十六条):

- Answer within 20 working days of receipt (条例第三十三条第二款): the due date is the 20th working
  day after the receipt day (the receipt day itself is not counted).
- 补正 (条例第三十条): the notice must go out within 7 working days of receipt, once (一次性告知),
  with a reasonable deadline. While the correction is awaited nothing runs; when the corrected
  request arrives the 20 days start again from that day, and earlier pauses and extensions no
  longer matter. No correction by the deadline (and no good reason recorded) means 视为放弃申请:
  the request ends, annual-report row （六）其他处理 1. A notice sent after the 7th working day has
  none of these effects (the applicant's side, where the text leaves the late notice open): the
  time limit keeps running from receipt, the corrected request does not restart it, and an
  applicant who does not correct is not deemed to have given up.
- 征求第三方意见 (条例第三十二条) and 征求其他机关意见 (条例第三十四条) are not counted
  (条例第三十三条第三款), but each for at most the 15 working days the consulted party has to
  answer, counted from the day the letter goes out (the applicant's side: the day it arrives is
  not known). When they pass with no answer the clock resumes by itself, and the law says what
  follows: the agency decides (third party, 第三十二条) or consent is presumed (co-producing
  agency, 第三十四条). A reply arriving later is recorded but excludes nothing more.
- Waiting for a 信息处理费 payment is not counted; the applicant has 20 working days from the
  day after receiving the notice, and not paying ends the request, row （六）其他处理 2
  (国办函〔2020〕109号). No fee exists for requests received before the measure took effect.
- One extension of at most 20 working days, approved by the head of the disclosure office and
  notified to the applicant (条例第三十三条第二款); the approver is recorded in `by`.
- 条例第三十五条: for clearly excessive requests the agency may set a later reasonable date.
- The time limit is met by delivery, not by the decision (国办公开办函〔2016〕235号第四条): in
  person or through another agency, the day the applicant signs; by post, the day it is handed to
  the post office; by e-mail or online (which 235号 does not name), the day it is sent. A decided
  but undelivered request is still running ("已决定未送达").

Requests received before 2019-05-15 run on the 2008 text: 15 working days, one extension of at
most 15, only the time for 征求第三方意见 is excluded (2008年条例第二十四条), no 7-working-day
rule for the correction notice (第二十一条第（四）项 only says to tell the applicant) and no
信息处理费.

How a pause is counted. A pause that starts on day A and ends on day B (a consultation, a fee
wait) adds `workdays_between(A, B)` working days to the due date: the working days after A up to
and including B. Day A is still the agency's own day (the letter went out that day), B is not
(the reply came in that day). This equals stopping a stopwatch on A and restarting it on B: the
working days left at A are counted again from B. Overlapping pauses are merged into one span
(their union), so a day is never excluded twice. A pause or an extension that begins after the
running due date has passed has no effect: it cannot revive a time limit that has already run
out (the explanation says so). Pauses therefore never shorten the time, and an extension made in
time adds exactly the working days granted.

Same-day events are applied in a fixed order (correction notice, corrected request, pause starts,
extension, pause ends, answer, delivery), and the walk sorts the events itself, so the result
does not depend on the order of the input list.

With `explain=False` no sentence is built at all: the walk a bulk reading runs for every open
request differs from the full one only in `explanation` (tests/core/test_clock_bulk.py).

A year whose holiday notice is missing is one outcome, never an exception: the walk is redone
with that year counted as weekends only, so impossible histories are still refused, and the
result says `state="pending"` with `calendar_pending` naming the year and no due date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Literal, NamedTuple, Sequence

from gongkai.core.workdays import UnknownCalendarYear, WorkCalendar

__all__ = [
    "RULES_2019_EFFECTIVE",
    "FEES_EFFECTIVE",
    "ClockRules",
    "RULES_2019",
    "RULES_2008",
    "rules_for",
    "EventKind",
    "DELIVERY_METHODS",
    "ClockEvent",
    "Deadline",
    "InvalidClockEvents",
    "OTHER_HANDLING",
    "OTHER_HANDLING_NO_CORRECTION",
    "OTHER_HANDLING_FEE_UNPAID",
    "OTHER_HANDLING_OTHER",
    "sort_events",
    "validate_events",
    "compute_deadline",
    "consultation_limit",
    "ConsultationSpan",
    "workdays_left",
    "is_overdue",
    "falls_due_within",
]

# 条例第五十六条: the 2019 revision took effect on 2019-05-15.
RULES_2019_EFFECTIVE = dt.date(2019, 5, 15)
# 国办函〔2020〕109号 is dated 2020-11-17; its text in force from 2021-01-01. The final article was
# not in any stored copy (law-and-standards.md §1.6 marks the date UNSURE): the strict reading,
# no fee on a request received before it, is the default.
FEES_EFFECTIVE = dt.date(2021, 1, 1)

# Annual-report rows for requests that end without an answer: the group （六）其他处理 and its 2021
# sub-rows 1-3. The keys equal `annual_tables.DecisionCategory` values (not imported: this module
# needs only the strings).
OTHER_HANDLING = "（六）其他处理"
OTHER_HANDLING_NO_CORRECTION = "other.no_correction"  # 1.申请人无正当理由逾期不补正……
OTHER_HANDLING_FEE_UNPAID = "other.fee_unpaid"  # 2.申请人逾期未按收费通知要求缴纳费用……
OTHER_HANDLING_OTHER = "other.other"  # 3.其他

# 国办函〔2020〕109号: the applicant pays within 20 working days from the day after the notice.
FEE_PAYMENT_WORKDAYS = 20
# 条例第三十二条 / 第三十四条: the consulted party answers within 15 working days of receiving the letter.
CONSULTATION_REPLY_WORKDAYS = 15


@dataclass(frozen=True)
class ClockRules:
    """The numbers of one version of the 条例, so imported history is judged by the law of its day."""

    name: Literal["2019", "2008"]
    answer_workdays: int
    max_extension_workdays: int
    correction_notice_workdays: int | None  # None: the 2008 text set no limit
    agency_consultation_excluded: bool  # 2008 excluded only the third party's time
    fees_allowed: bool
    law: str  # how the explanation names the text


RULES_2019 = ClockRules(
    name="2019",
    answer_workdays=20,
    max_extension_workdays=20,
    correction_notice_workdays=7,
    agency_consultation_excluded=True,
    fees_allowed=True,
    law="条例",
)
RULES_2008 = ClockRules(
    name="2008",
    answer_workdays=15,
    max_extension_workdays=15,
    correction_notice_workdays=None,
    agency_consultation_excluded=False,
    fees_allowed=False,
    law="2008年条例",
)


def rules_for(received: dt.date) -> ClockRules:
    """The text in force on the receipt day (条例第五十六条)."""
    return RULES_2019 if received >= RULES_2019_EFFECTIVE else RULES_2008


class EventKind(str, Enum):
    CORRECTION_REQUESTED = "correction_requested"  # 补正告知 sent; `deadline` = the deadline given
    CORRECTION_RECEIVED = "correction_received"  # corrected request received; the clock restarts
    CONSULTATION_STARTED = "consultation_started"  # 征求第三方意见 (第三十二条); `deadline` ≤ 15 working days
    CONSULTATION_ENDED = "consultation_ended"
    AGENCY_CONSULTATION_STARTED = "agency_consultation_started"  # 征求其他机关意见 (第三十四条)
    AGENCY_CONSULTATION_ENDED = "agency_consultation_ended"
    EXTENSION_GRANTED = "extension_granted"  # `workdays`, `by` = the approving head
    REPLY_DELAYED = "reply_delayed"  # 条例第三十五条; `deadline` = the later date set
    FEE_NOTICE_SENT = "fee_notice_sent"  # `on` = day the applicant received it; `deadline` optional
    FEE_PAID = "fee_paid"
    ANSWERED = "answered"  # the decision is made (作出答复); the time limit runs on until delivery
    DELIVERED = "delivered"  # `method`: one of DELIVERY_METHODS; `on` = its counting day (235号)
    WITHDRAWN = "withdrawn"


KIND_LABELS = {
    EventKind.CORRECTION_REQUESTED: "告知补正",
    EventKind.CORRECTION_RECEIVED: "收到补正",
    EventKind.CONSULTATION_STARTED: "征求第三方意见",
    EventKind.CONSULTATION_ENDED: "征求第三方意见结束",
    EventKind.AGENCY_CONSULTATION_STARTED: "征求其他机关意见",
    EventKind.AGENCY_CONSULTATION_ENDED: "征求其他机关意见结束",
    EventKind.EXTENSION_GRANTED: "延长答复期限",
    EventKind.REPLY_DELAYED: "确定延迟答复期限",
    EventKind.FEE_NOTICE_SENT: "送达收费通知",
    EventKind.FEE_PAID: "缴纳信息处理费",
    EventKind.ANSWERED: "作出答复",
    EventKind.DELIVERED: "送达答复",
    EventKind.WITHDRAWN: "申请人撤回申请",
}

# 国办公开办函〔2016〕235号: the way the decision is served, and which day counts for the time limit.
# The keys equal Decision.DeliveryChannel values, plus `ledger`: imported history whose 台账 gives
# only the day the request was closed, not how the answer was served.
DELIVERY_METHODS = {
    "direct": ("直接送达", "申请人签收之日"),
    "entrusted": ("委托其他行政机关代为送达", "申请人签收之日"),
    "post": ("邮寄送达（邮政企业）", "交邮之日"),
    "email": ("电子邮件送达", "发送之日"),
    "online": ("网上送达", "发送之日"),
    "ledger": ("送达（历史台账未载明方式）", "台账所载办结之日"),
}

# Same-day order: a correction before anything else, pauses open before they close, the end last.
_SAME_DAY_ORDER = {
    EventKind.CORRECTION_REQUESTED: 0,
    EventKind.CORRECTION_RECEIVED: 1,
    EventKind.CONSULTATION_STARTED: 2,
    EventKind.AGENCY_CONSULTATION_STARTED: 2,
    EventKind.FEE_NOTICE_SENT: 2,
    EventKind.EXTENSION_GRANTED: 3,
    EventKind.REPLY_DELAYED: 3,
    EventKind.CONSULTATION_ENDED: 4,
    EventKind.AGENCY_CONSULTATION_ENDED: 4,
    EventKind.FEE_PAID: 4,
    EventKind.ANSWERED: 5,
    EventKind.WITHDRAWN: 5,
    EventKind.DELIVERED: 6,
}

# Which pause each start/end event belongs to.
_PAUSE_OPENS = {
    EventKind.CONSULTATION_STARTED: "third_party",
    EventKind.AGENCY_CONSULTATION_STARTED: "agency",
    EventKind.FEE_NOTICE_SENT: "fee",
}
_PAUSE_CLOSES = {
    EventKind.CONSULTATION_ENDED: "third_party",
    EventKind.AGENCY_CONSULTATION_ENDED: "agency",
    EventKind.FEE_PAID: "fee",
}
_PAUSE_LABELS = {
    "third_party": "征求第三方意见",
    "agency": "征求其他机关意见",
    "fee": "等待申请人缴纳信息处理费",
}
_CONSULTATION_ARTICLE = {"third_party": "条例第三十二条", "agency": "条例第三十四条"}
# What the law says once the consulted party's 15 working days pass with no answer.
_CONSULTATION_LAPSED = {
    "third_party": "第三方逾期未提出意见，由本机关依照条例的规定决定是否公开（条例第三十二条）",
    "agency": "被征求意见机关逾期未提出意见，视为同意公开（条例第三十四条）",
}

FEE_LAW = "国办函〔2020〕109号"
DELIVERY_LAW = "国办公开办函〔2016〕235号"


class ClockEvent(NamedTuple):
    """One recorded step of a request: what happened, on which day, and who did or approved it.
    (Immutable; a named tuple because a bulk reading makes tens of thousands.)"""

    kind: EventKind
    on: dt.date
    by: str = ""
    workdays: int = 0  # extension length
    deadline: dt.date | None = None  # correction, fee payment, consultation reply, 第三十五条 date
    note: str = ""  # for a late correction: the 正当理由
    method: str = ""  # for a delivery: a key of DELIVERY_METHODS


class ConsultationSpan(NamedTuple):
    """One consultation letter's time as the clock counted it (条例第三十二条、第三十四条).

    `ended` is the day the reply came in, the last day of the 15 working days when none came
    ("lapsed"), or the day the answer or withdrawal closed it; None while it is still open.
    `excluded`: whether its time was left out of the answer's time limit (not when it began after
    the limit had run out). Another agency's view under the 2008 text stops nothing and is not listed.
    """

    kind: Literal["third_party", "agency"]
    started: dt.date
    ended: dt.date | None
    how: Literal["reply", "lapsed", "closed", "open"]
    excluded: bool

    @property
    def label(self) -> str:
        return _PAUSE_LABELS[self.kind]

    @property
    def article(self) -> str:
        return _CONSULTATION_ARTICLE[self.kind]


def consultation_limit(event: ClockEvent, calendar: WorkCalendar) -> dt.date:
    """The last day the consulted party may answer: the deadline the letter gave, else the 15th working
    day after the letter went out (条例第三十二条、第三十四条; counted from the sending day, the
    applicant's side, as the clock counts it)."""
    return event.deadline or calendar.add_workdays(event.on, CONSULTATION_REPLY_WORKDAYS)


class Deadline(NamedTuple):
    """Where the clock of one request stands, and why, in sentences an applicant can check.
    (Immutable; a named tuple because a bulk reading makes one per distinct history.)"""

    due: dt.date | None  # None while paused, and while the calendar is pending
    state: Literal["running", "paused", "ended", "pending"]  # pending: a holiday year is missing
    paused_reason: str | None
    ended_reason: str | None
    ended_category: str | None  # annual-report key under （六）其他处理 (other.*), when it ended that way
    ended_on: dt.date | None
    answered_on_time: bool | None  # judged on delivery (235号); None until delivered
    correction_notice_due: dt.date | None  # receipt + 7 working days; None under the 2008 text
    rules: Literal["2019", "2008"]
    clock_started: dt.date  # receipt, or receipt of the corrected request
    extension_workdays: int
    paused_workdays: int  # working days not counted so far (closed pauses)
    waiting_until: dt.date | None  # while paused: the day the awaited party must act by, if known
    workdays_remaining_when_paused: int | None  # working days the agency still has on resumption
    explanation: tuple[str, ...]
    decided_on: dt.date | None = None
    delivered_on: dt.date | None = None
    consultation_expired: tuple[str, ...] = ()  # 征求意见期满: what the law says happens next
    calendar_pending: int | None = None  # the missing holiday year, when state == "pending"
    consultations: tuple[ConsultationSpan, ...] = ()  # every consultation letter, in the order sent

    @property
    def awaiting_delivery(self) -> bool:
        """Decided, not yet delivered: the time limit is still running (235号)."""
        return self.decided_on is not None and self.delivered_on is None and self.state == "running"

    @property
    def status(self) -> str:
        """The one label a list shows for the request's clock."""
        if self.state == "pending":
            return f"期限待定：缺少{self.calendar_pending}年节假日安排"
        if self.state == "ended":
            return self.ended_reason or "已办结"
        if self.state == "paused":
            return "暂停计算"
        if self.awaiting_delivery:
            return "已决定未送达"
        if self.consultation_expired:
            return "征求意见期满"
        return "办理中"


class InvalidClockEvents(ValueError):
    """The events describe an impossible history; `problems` says what, in Chinese."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("；".join(problems))


def _day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _day_after(d: dt.date, since: dt.date) -> str:
    """A date written short when the year is plain from the sentence."""
    return f"{d.month}月{d.day}日" if d.year == since.year else _day(d)


def _sort_key(event: ClockEvent):
    return (
        event.on,
        _SAME_DAY_ORDER[event.kind],
        event.kind.value,
        event.by,
        event.workdays,
        event.deadline or dt.date.min,
        event.note,
        event.method,
    )


def sort_events(events: Sequence[ClockEvent]) -> list[ClockEvent]:
    """Events in the order they take effect; a total order, so input order never matters."""
    return sorted(events, key=_sort_key)


class _ProvisionalCalendar(WorkCalendar):
    """The calendar with each missing year counted as weekends only, remembering which were missing.

    Used only to finish a walk that met a missing year: its dates are never shown as due dates.
    """

    def __init__(self, real: WorkCalendar):
        super().__init__(real.schedules)
        self.missing: set[int] = set()

    def _year_ordinals(self, year: int) -> list[int]:
        if year in self.schedules:
            return super()._year_ordinals(year)
        cached = self._ordinals.get(year)
        if cached is None:
            self.missing.add(year)
            first, last = dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()
            cached = [o for o in range(first, last + 1) if dt.date.fromordinal(o).weekday() < 5]
            self._ordinals[year] = cached
        return cached


@dataclass
class _Refusal:
    text: str
    needs_calendar: bool  # depends on working-day counts, so it is dropped while a year is pending


class _OpenConsultation(NamedTuple):
    event: ClockEvent
    limit: dt.date  # the last day the consulted party may answer
    order: int  # the how-manieth consultation letter
    excluded: bool  # its time is left out of the time limit (the pause began in time)


class _Walk:
    """One pass over the sorted events: refuses what cannot be, carries the running due date."""

    def __init__(self, received: dt.date, cal: WorkCalendar, explain: bool):
        self.received = received
        self.cal = cal
        self.rules = rules_for(received)
        self.explain = explain
        self.notes: list[str] = []
        self.refusals: list[_Refusal] = []
        self.clock_started = received
        self.due = cal.add_workdays(received, self.rules.answer_workdays)
        self.extension_workdays = 0
        self.paused_workdays = 0
        self.extensions_since_start = 0
        self.corrections_requested = 0
        self.pending_correction: ClockEvent | None = None  # a timely notice: the clock stands still
        self.late_correction: ClockEvent | None = None  # a late notice: recorded, no effect on time
        self.consultations: dict[str, list[_OpenConsultation]] = {"third_party": [], "agency": []}
        self.expired_unanswered = {"third_party": 0, "agency": 0}
        self.uncounted_agency_open = 0  # 2008 text: the agency's time runs on
        self.fee_notice: ClockEvent | None = None
        self.fee_deadline: dt.date | None = None
        self.pause_since: dt.date | None = None  # start of the current merged pause
        self.pause_counts = False  # whether it began before the due date had passed
        self.pause_kinds: list[str] = []
        self.decided: ClockEvent | None = None
        self.ended: tuple[str, str | None, dt.date] | None = None
        self.ended_by_event = False  # by a delivery or a withdrawal: no working-day count involved
        self.answered_on_time: bool | None = None
        self.expired: list[str] = []
        self.spans: list[tuple[int, ConsultationSpan]] = []  # (order sent, span) of closed consultations
        self.sent = 0  # consultation letters counted so far

    def say(self, text: str) -> None:
        if self.explain:
            self.notes.append(text)

    def law_ref(self, art_2019: str, art_2008: str) -> str:
        return f"条例{art_2019}" if self.rules.name == "2019" else f"2008年条例{art_2008}"

    def correction_ref(self) -> str:
        return self.law_ref("第三十条", "第二十一条第（四）项")

    def answer_ref(self) -> str:
        return self.law_ref("第三十三条第二款", "第二十四条第二款")

    @property
    def fees_allowed(self) -> bool:
        return self.rules.fees_allowed and self.received >= FEES_EFFECTIVE

    # Refusals ---------------------------------------------------------------------------------

    def check(self, event: ClockEvent) -> tuple[str, bool] | None:
        """Why `event` cannot follow the history so far, with the article; None when it can."""
        kind = event.kind
        if event.on < self.received:
            return f"早于收到申请之日（{_day(self.received)}，条例第三十一条）", False
        if self.ended is not None:
            return f"申请已办结（{_day(self.ended[2])}{self.ended[0]}），其后不能再登记事件", False
        if self.decided is not None and kind is not EventKind.DELIVERED:
            return f"已于{_day(self.decided.on)}作出答复，其后只能登记送达（{DELIVERY_LAW}第一条）", False
        correction = self.pending_correction
        if correction is not None and event.on > correction.deadline:
            if not (kind is EventKind.CORRECTION_RECEIVED and event.note.strip()):
                return (f"补正期限已于{_day(correction.deadline)}届满，申请视为放弃（{self.correction_ref()}）；"
                        "逾期补正须在备注中写明正当理由"), False
        if self.fee_deadline is not None and event.on > self.fee_deadline:
            return f"缴费期限已于{_day(self.fee_deadline)}届满，申请视为放弃（{FEE_LAW}）", True
        stops_clock = kind in _PAUSE_OPENS or kind in (EventKind.EXTENSION_GRANTED, EventKind.REPLY_DELAYED)
        if stops_clock and correction is not None:
            return f"等待补正期间答复期限尚未起算，须先登记收到补正（{self.correction_ref()}）", False

        if kind is EventKind.CORRECTION_REQUESTED:
            if correction is not None or self.late_correction is not None:
                return "已有尚未补正的补正告知", False
            if self.rules.name == "2019" and self.corrections_requested:
                return "补正应一次性告知，不能再次要求补正（条例第三十条）", False
            if event.deadline is None:
                return f"补正告知须载明合理的补正期限（{self.correction_ref()}）", False
            if event.deadline < event.on:
                return "补正期限早于告知之日", False
            if self.pause_since is not None or self.uncounted_agency_open:
                return f"征求意见或等待缴费期间不能要求补正，请先登记其结束（{self.correction_ref()}）", False
        elif kind is EventKind.CORRECTION_RECEIVED:
            if correction is None and self.late_correction is None:
                return f"没有在先的补正告知：收到补正不能早于要求补正（{self.correction_ref()}）", False
        elif kind is EventKind.FEE_NOTICE_SENT:
            if self.rules.name == "2008":
                return f"2008年条例下的申请不收取信息处理费（信息处理费依条例第四十二条和{FEE_LAW}收取）", False
            if not self.fees_allowed:
                return (f"{FEE_LAW}自{_day(FEES_EFFECTIVE)}起施行，此前收到的申请不收取信息处理费"
                        "（条例第四十二条第一款）"), False
            if self.fee_notice is not None:
                return "已有尚未缴费的收费通知", False
            if event.deadline is not None and event.deadline < event.on:
                return "缴费期限早于收到通知之日", False
        elif kind is EventKind.FEE_PAID:
            if self.fee_notice is None:
                return f"没有在先的收费通知：缴费不能早于通知（{FEE_LAW}）", False
        elif kind in (EventKind.CONSULTATION_STARTED, EventKind.AGENCY_CONSULTATION_STARTED):
            pause = _PAUSE_OPENS[kind]
            if event.deadline is not None:
                if event.deadline < event.on:
                    return "提出意见的期限早于征求意见之日", False
                limit = self.cal.add_workdays(event.on, CONSULTATION_REPLY_WORKDAYS)
                if event.deadline > limit:
                    return (f"被征求意见方应在{CONSULTATION_REPLY_WORKDAYS}个工作日内提出意见，期限最迟为"
                            f"{_day(limit)}（{_CONSULTATION_ARTICLE[pause]}）"), True
        elif kind in (EventKind.CONSULTATION_ENDED, EventKind.AGENCY_CONSULTATION_ENDED):
            pause = _PAUSE_CLOSES[kind]
            uncounted = pause == "agency" and not self.rules.agency_consultation_excluded
            still_open = self.uncounted_agency_open if uncounted else self.consultations[pause]
            if not still_open and not self.expired_unanswered[pause]:
                return (f"没有进行中的{_PAUSE_LABELS[pause]}：结束不能早于开始"
                        f"（{_CONSULTATION_ARTICLE[pause]}）"), False
        elif kind is EventKind.EXTENSION_GRANTED:
            article = f"{self.rules.law}第{'三十三' if self.rules.name == '2019' else '二十四'}条第二款"
            if self.extensions_since_start:
                return f"答复期限只能延长一次（{article}）", False
            if event.workdays < 1:
                return "延长的工作日数须为正数", False
            if event.workdays > self.rules.max_extension_workdays:
                return f"延长的期限最长不得超过{self.rules.max_extension_workdays}个工作日（{article}）", False
            if not event.by.strip():
                return f"须登记同意延长的政府信息公开工作机构负责人（{article}）", False
        elif kind is EventKind.REPLY_DELAYED:
            if self.rules.name != "2019":
                return "2008年条例没有延迟答复的规定（条例第三十五条自2019年5月15日起施行）", False
            if event.deadline is None or event.deadline <= event.on:
                return "须载明晚于决定之日的延迟答复期限（条例第三十五条）", False
            if not self.cal.is_workday(event.deadline):
                return f"延迟答复期限{_day(event.deadline)}不是工作日（条例第三十五条）", True
        elif kind is EventKind.DELIVERED:
            if self.decided is None:
                return f"尚未作出答复：送达的是已作出的处理决定，不能早于答复（{DELIVERY_LAW}第一条）", False
            if event.method not in DELIVERY_METHODS:
                names = "、".join(label for label, _ in DELIVERY_METHODS.values())
                return f"须写明送达方式（{names}；{DELIVERY_LAW}第一条）", False
        return None

    # Pauses -----------------------------------------------------------------------------------

    def open_pause(self, pause: str, on: dt.date) -> None:
        if self.pause_since is None:
            self.pause_since = on
            self.pause_counts = on <= self.due
            self.pause_kinds = []
        if pause not in self.pause_kinds:
            self.pause_kinds.append(pause)

    def anything_open(self) -> bool:
        return self.fee_notice is not None or any(self.consultations.values())

    def close_if_last(self, on: dt.date) -> None:
        if self.pause_since is not None and not self.anything_open():
            self.end_merged_pause(on)

    def end_merged_pause(self, on: dt.date) -> None:
        since = self.pause_since
        assert since is not None
        n = self.cal.workdays_between(since, on)
        if self.pause_counts:
            self.due = self.cal.add_workdays(self.due, n)
            self.paused_workdays += n
        if self.explain:
            what = "、".join(_PAUSE_LABELS[p] for p in self.pause_kinds)
            if self.pause_counts:
                refs = []
                if any(p != "fee" for p in self.pause_kinds):
                    refs.append(self.law_ref("第三十三条第三款", "第二十四条第三款"))
                if "fee" in self.pause_kinds:
                    refs.append(FEE_LAW)
                self.say(
                    f"{_day(since)}起{what}，至{_day_after(on, since)}，期间{n}个工作日不计入"
                    f"（{'；'.join(refs)}），答复期限顺延至{_day(self.due)}"
                )
            else:
                self.say(
                    f"{_day(since)}起{what}，至{_day_after(on, since)}；开始时答复期限"
                    f"（{_day(self.due)}）已届满，不再顺延"
                )
        self.pause_since = None
        self.pause_kinds = []

    def close_all_pauses(self, on: dt.date) -> None:
        """An answer or a withdrawal ends every wait on its day."""
        for pause, waiting in self.consultations.items():
            for consultation in waiting:
                self.end_consultation(pause, consultation, on, "closed")
            waiting.clear()
        self.uncounted_agency_open = 0
        self.fee_notice = self.fee_deadline = None
        if self.pause_since is not None:
            self.end_merged_pause(on)

    def expire_consultations(self, before: dt.date) -> None:
        """Consultations whose 15 working days ended before `before` end by themselves, on their last day."""
        consultations = self.consultations
        if not consultations["third_party"] and not consultations["agency"]:
            return
        while True:
            due = [(c.limit, pause, c) for pause, open_ in self.consultations.items() for c in open_
                   if c.limit < before]
            if not due:
                return
            limit, pause, consultation = min(due, key=lambda item: (item[0], item[1]))
            self.consultations[pause].remove(consultation)
            self.end_consultation(pause, consultation, limit, "lapsed")
            self.expired_unanswered[pause] += 1
            self.expired.append(_CONSULTATION_LAPSED[pause])
            if self.explain:
                self.say(
                    f"征求意见期满：{_day(consultation.event.on)}发出的征求意见书，提出意见期限{_day(limit)}届满"
                    f"未收到意见（{CONSULTATION_REPLY_WORKDAYS}个工作日，自发出之日起算），答复期限自次日起恢复计算；"
                    + _CONSULTATION_LAPSED[pause]
                )
            self.close_if_last(limit)

    # Events -----------------------------------------------------------------------------------

    def step(self, event: ClockEvent) -> None:
        self.expire_consultations(before=event.on)
        refusal = self.check(event)
        if refusal is not None:
            text, needs_calendar = refusal
            self.refusals.append(_Refusal(f"{_day(event.on)}{KIND_LABELS[event.kind]}：{text}", needs_calendar))
            return
        self.apply(event)

    def apply(self, event: ClockEvent) -> None:
        kind = event.kind
        if kind in (EventKind.CONSULTATION_STARTED, EventKind.AGENCY_CONSULTATION_STARTED):
            self.consult(_PAUSE_OPENS[kind], event)
        elif kind in (EventKind.CONSULTATION_ENDED, EventKind.AGENCY_CONSULTATION_ENDED):
            self.consultation_answered(_PAUSE_CLOSES[kind], event)
        elif kind is EventKind.FEE_NOTICE_SENT:
            self.fee_notice = event
            # 20 working days counted from the day after receipt = the 20th working day after it.
            self.fee_deadline = event.deadline or self.cal.add_workdays(event.on, FEE_PAYMENT_WORKDAYS)
            self.open_pause("fee", event.on)
            if self.explain:
                self.say(
                    f"{_day(event.on)}申请人收到收费通知，缴费期限至{_day(self.fee_deadline)}"
                    f"（自收到通知次日起20个工作日，{FEE_LAW}）"
                )
        elif kind is EventKind.FEE_PAID:
            self.fee_notice = self.fee_deadline = None
            self.close_if_last(event.on)
        elif kind is EventKind.CORRECTION_REQUESTED:
            self.request_correction(event)
        elif kind is EventKind.CORRECTION_RECEIVED:
            self.receive_correction(event)
        elif kind is EventKind.EXTENSION_GRANTED:
            self.extend(event)
        elif kind is EventKind.REPLY_DELAYED:
            self.delay(event)
        elif kind is EventKind.ANSWERED:
            self.decide(event)
        elif kind is EventKind.DELIVERED:
            self.deliver(event)
        elif kind is EventKind.WITHDRAWN:
            self.close_all_pauses(event.on)
            self.pending_correction = self.late_correction = None
            self.ended = ("申请人撤回申请", OTHER_HANDLING_OTHER, event.on)
            self.ended_by_event = True
            if self.explain:
                self.say(f"{_day(event.on)}申请人撤回申请，不再处理")

    def consult(self, pause: str, event: ClockEvent) -> None:
        if pause == "agency" and not self.rules.agency_consultation_excluded:
            self.uncounted_agency_open += 1
            if self.explain:
                self.say(
                    f"{_day(event.on)}起征求其他机关意见；2008年条例只扣除征求第三方意见的时间"
                    "（2008年条例第二十四条第三款），该期间照常计算"
                )
            return
        self.open_pause(pause, event.on)
        self.consultations[pause].append(_OpenConsultation(event, consultation_limit(event, self.cal), self.sent,
                                                           self.pause_counts))
        self.sent += 1

    def end_consultation(self, pause: str, consultation: _OpenConsultation, on: dt.date, how: str) -> None:
        span = ConsultationSpan(pause, consultation.event.on, on, how, consultation.excluded)
        self.spans.append((consultation.order, span))

    def consultation_spans(self) -> tuple[ConsultationSpan, ...]:
        """Closed and still open consultations, in the order the letters went out."""
        spans = list(self.spans)
        for pause, waiting in self.consultations.items():
            spans += [(c.order, ConsultationSpan(pause, c.event.on, None, "open", c.excluded)) for c in waiting]
        if len(spans) > 1:
            spans.sort()  # by the order sent (unique), so the spans themselves are never compared
        return tuple(span for _, span in spans)

    def consultation_answered(self, pause: str, event: ClockEvent) -> None:
        if pause == "agency" and not self.rules.agency_consultation_excluded:
            self.uncounted_agency_open -= 1
            return
        if self.expired_unanswered[pause]:
            # The replies do not say which letter they answer: a late reply to a letter whose time
            # has run out is taken first, so the letters still open keep their own time.
            self.expired_unanswered[pause] -= 1
            if self.explain:
                self.say(
                    f"{_day(event.on)}收到{_PAUSE_LABELS[pause]}的回复，已超过{CONSULTATION_REPLY_WORKDAYS}个工作日的"
                    f"提出意见期限（{_CONSULTATION_ARTICLE[pause]}），逾期的时间不再扣除"
                )
            return
        self.end_consultation(pause, self.consultations[pause].pop(0), event.on, "reply")  # the oldest letter first
        self.close_if_last(event.on)

    def request_correction(self, event: ClockEvent) -> None:
        self.corrections_requested += 1
        limit = self.rules.correction_notice_workdays
        notice_due = self.cal.add_workdays(self.clock_started, limit) if limit is not None else None
        if notice_due is not None and event.on > notice_due:
            self.late_correction = event
            if self.explain:
                self.say(
                    f"{_day(event.on)}告知申请人补正，补正期限至{_day(event.deadline)}；补正告知晚于法定期限："
                    f"最迟应于{_day(notice_due)}告知（收到申请之日起{limit}个工作日内，条例第三十条）。"
                    "逾期告知补正不中止、不重新计算答复期限，申请人未补正的也不视为放弃申请"
                    f"（从有利于申请人的角度），答复期限仍为{_day(self.due)}"
                )
            return
        self.pending_correction = event
        if self.explain:
            self.say(
                f"{_day(event.on)}一次性告知申请人补正，补正期限至{_day(event.deadline)}"
                f"（{self.correction_ref()}），补正前答复期限不计算"
            )

    def receive_correction(self, event: ClockEvent) -> None:
        if self.late_correction is not None:
            self.late_correction = None
            if self.explain:
                self.say(
                    f"{_day(event.on)}收到补正后的申请；因补正告知逾期，答复期限不重新计算，仍为{_day(self.due)}"
                )
            return
        requested = self.pending_correction
        self.pending_correction = None
        self.clock_started = event.on
        had_adjustments = self.extension_workdays or self.paused_workdays
        self.extension_workdays = 0
        self.paused_workdays = 0
        self.extensions_since_start = 0
        self.due = self.cal.add_workdays(event.on, self.rules.answer_workdays)
        late = ""
        if requested is not None and event.on > requested.deadline:
            late = f"（逾期补正，正当理由：{event.note.strip()}）"
        if self.explain:
            self.say(
                f"{_day(event.on)}收到补正后的申请{late}，答复期限自该日起重新计算（{self.correction_ref()}）"
                + ("，此前的延长和不计入期间不再适用" if had_adjustments else "")
            )
        if self.explain:
            self.say(f"自该日起第{self.rules.answer_workdays}个工作日为{_day(self.due)}（{self.answer_ref()}）")

    def effective_due_on(self, on: dt.date) -> bool:
        """Whether an act on `on` still falls inside the time limit (a counted pause is running)."""
        return on <= self.due or (self.pause_since is not None and self.pause_counts)

    def extend(self, event: ClockEvent) -> None:
        who = event.by.strip()
        self.extensions_since_start += 1
        if not self.effective_due_on(event.on):
            if self.explain:
                self.say(
                    f"{_day(event.on)}经负责人{who}同意延长{event.workdays}个工作日，但答复期限已于"
                    f"{_day(self.due)}届满，延长不产生效力（{self.answer_ref()}）"
                )
            return
        self.due = self.cal.add_workdays(self.due, event.workdays)
        self.extension_workdays += event.workdays
        if self.explain:
            self.say(
                f"{_day(event.on)}经负责人{who}同意延长{event.workdays}个工作日并告知申请人"
                f"（{self.answer_ref()}），答复期限延至{_day(self.due)}"
            )

    def delay(self, event: ClockEvent) -> None:
        assert event.deadline is not None
        if not self.effective_due_on(event.on):
            if self.explain:
                self.say(f"{_day(event.on)}确定延迟答复期限，但答复期限已于{_day(self.due)}届满，不产生效力")
            return
        if event.deadline > self.due:
            self.due = event.deadline
        if self.explain:
            self.say(
                f"{_day(event.on)}因申请数量、频次明显超过合理范围，确定延迟答复的合理期限至"
                f"{_day(event.deadline)}并告知申请人（条例第三十五条），答复期限为{_day(self.due)}"
            )

    def decide(self, event: ClockEvent) -> None:
        self.close_all_pauses(event.on)
        self.late_correction = None
        if self.pending_correction is not None:
            # Answered while the correction was awaited: the 20 days had not restarted; they run
            # from the decision, so delivery still has a time limit.
            self.pending_correction = None
            self.clock_started = event.on
            self.due = self.cal.add_workdays(event.on, self.rules.answer_workdays)
            if self.explain:
                self.say(f"{_day(event.on)}在补正期间作出答复，送达期限为{_day(self.due)}")
        elif self.explain:
            verdict = "在答复期限内" if event.on <= self.due else "已超过答复期限"
            self.say(f"{_day(event.on)}作出答复（{verdict}），以送达之日判断是否按期答复（{DELIVERY_LAW}第四条）")
        self.decided = event

    def deliver(self, event: ClockEvent) -> None:
        self.answered_on_time = event.on <= self.due
        self.ended = ("已送达答复", None, event.on)
        self.ended_by_event = True
        if self.explain:
            label, counting_day = DELIVERY_METHODS[event.method]
            if self.answered_on_time:
                verdict = "在答复期限内"
            else:
                verdict = f"超过答复期限{max(1, self.cal.workdays_between(self.due, event.on))}个工作日"
            self.say(f"{_day(event.on)}{label}（以{counting_day}为送达之日，{DELIVERY_LAW}第四条），{verdict}")

    def lapse(self, today: dt.date) -> None:
        """Deadlines the other side let pass by `today`: consultations resume, the applicant's end the request."""
        self.expire_consultations(before=today)
        if self.ended is not None or self.decided is not None:
            return
        correction = self.pending_correction
        if correction is not None and today > correction.deadline:
            self.ended = ("视为放弃申请（逾期未补正）", OTHER_HANDLING_NO_CORRECTION,
                          correction.deadline + dt.timedelta(days=1))
            if self.explain:
                self.say(
                    f"补正期限{_day(correction.deadline)}届满未收到补正，视为放弃申请，不再处理"
                    f"（{self.correction_ref()}；年度报告：{OTHER_HANDLING}）"
                )
        elif self.fee_deadline is not None and today > self.fee_deadline:
            self.ended = ("视为放弃申请（逾期未缴纳信息处理费）", OTHER_HANDLING_FEE_UNPAID,
                          self.fee_deadline + dt.timedelta(days=1))
            if self.explain:
                self.say(
                    f"缴费期限{_day(self.fee_deadline)}届满未缴纳信息处理费，视为放弃申请，不再处理"
                    f"（{FEE_LAW}；年度报告：{OTHER_HANDLING}）"
                )

    def paused_state(self) -> tuple[str | None, dt.date | None, int | None]:
        """(reason, waiting until, working days left on resumption) while the clock stands still."""
        correction = self.pending_correction
        if correction is not None:
            return (
                f"等待申请人补正（补正期限至{_day(correction.deadline)}，{self.correction_ref()}）",
                correction.deadline,
                self.rules.answer_workdays,
            )
        if self.pause_since is None:
            return None, None, None
        reasons = []
        waits = []
        for pause, waiting in self.consultations.items():
            for consultation in waiting:
                reasons.append(
                    f"{_PAUSE_LABELS[pause]}中（自{_day(consultation.event.on)}起，提出意见期限至"
                    f"{_day(consultation.limit)}；{_CONSULTATION_LAPSED[pause]}）"
                )
                waits.append(consultation.limit)
        if self.fee_deadline is not None:
            reasons.append(f"等待申请人缴纳信息处理费（缴费期限至{_day(self.fee_deadline)}）")
            waits.append(self.fee_deadline)
        if self.pause_counts:
            left = self.cal.workdays_between(self.pause_since, self.due)
        else:
            left = -max(1, self.cal.workdays_between(self.due, self.pause_since))
        return "；".join(reasons), (min(waits) if waits else None), left


def _walk(received: dt.date, events: Sequence[ClockEvent], cal: WorkCalendar, today: dt.date | None,
          explain: bool) -> _Walk:
    walk = _Walk(received, cal, explain)
    rules = walk.rules
    if explain:
        walk.say(f"{_day(received)}收到申请（{walk.law_ref('第三十一条', '第二十四条')}）")
        if rules.name == "2008":
            walk.say(
                f"该申请于{_day(RULES_2019_EFFECTIVE)}前收到，适用2008年《政府信息公开条例》："
                f"答复期限{rules.answer_workdays}个工作日，最长延长{rules.max_extension_workdays}个工作日"
            )
        walk.say(f"第{rules.answer_workdays}个工作日为{_day(walk.due)}（{walk.answer_ref()}）")
    for event in sort_events(events):
        walk.step(event)
    if walk.ended is None and today is not None:
        walk.lapse(today)
    return walk


def _walk_any_calendar(received, events, cal, today, explain) -> tuple[_Walk, int | None]:
    """The walk, redone on the provisional calendar when a year is missing; (walk, missing year)."""
    try:
        return _walk(received, events, cal, today, explain), None
    except UnknownCalendarYear:
        provisional = _ProvisionalCalendar(cal)
        walk = _walk(received, events, provisional, today, explain=False)
        return walk, min(provisional.missing)


def validate_events(received: dt.date, events: Sequence[ClockEvent], *, calendar: WorkCalendar) -> list[str]:
    """Reasons, in Chinese and with the article, why this history cannot have happened; empty when it can.

    Only impossible or unlawful-to-record histories are refused. Late but real acts (a correction
    notice after the 7th working day, an extension after the due date) are accepted and their
    lateness is shown by `compute_deadline`. While a holiday year is missing, refusals that rest
    on counting working days are left out: they are checked once the notice is entered.
    """
    walk, missing = _walk_any_calendar(received, events, calendar, None, explain=False)
    return [r.text for r in walk.refusals if missing is None or not r.needs_calendar]


def compute_deadline(
    received: dt.date,
    events: Sequence[ClockEvent],
    *,
    calendar: WorkCalendar,
    today: dt.date | None = None,
    explain: bool = True,
    receipt_warning: str | None = None,
) -> Deadline:
    """Where the request's clock stands, recomputed from scratch on the calendar given.

    `today` decides whether a deadline another party had to meet (a consultation reply, a
    correction, a payment) has passed; without it nothing ends by lapse. `explain=False` skips
    the sentences for bulk use. `receipt_warning` (core.receipt.receipt_warning) is shown right
    after the receipt sentence. Raises `InvalidClockEvents` for impossible histories; a missing
    holiday year is the `pending` state, never an exception.
    """
    walk, missing = _walk_any_calendar(received, events, calendar, today, explain)
    problems = [r.text for r in walk.refusals if missing is None or not r.needs_calendar]
    if problems:
        raise InvalidClockEvents(problems)
    rules = walk.rules
    notice_limit = rules.correction_notice_workdays
    if missing is not None:
        return _pending(received, walk, missing, explain)
    if receipt_warning and explain:
        walk.notes.insert(1, receipt_warning)

    paused_reason, waiting_until, remaining = walk.paused_state()
    clock_stopped = walk.pending_correction is not None or walk.pause_since is not None
    if walk.ended is not None:
        state = "ended"
        ended_reason, ended_category, ended_on = walk.ended
        paused_reason = waiting_until = remaining = None
    else:
        state = "paused" if clock_stopped else "running"
        ended_reason = ended_category = ended_on = None
        if walk.explain:
            if clock_stopped:
                walk.say(f"目前答复期限暂停计算：{paused_reason}")
            elif walk.decided is not None:
                walk.say(f"已决定未送达：须于{_day(walk.due)}前送达（{DELIVERY_LAW}第四条）")
            else:
                walk.say(f"答复期限为{_day(walk.due)}")
    return Deadline(
        due=None if clock_stopped else walk.due,
        state=state,
        paused_reason=paused_reason,
        ended_reason=ended_reason,
        ended_category=ended_category,
        ended_on=ended_on,
        answered_on_time=walk.answered_on_time,
        correction_notice_due=calendar.add_workdays(received, notice_limit) if notice_limit else None,
        rules=rules.name,
        clock_started=walk.clock_started,
        extension_workdays=walk.extension_workdays,
        paused_workdays=walk.paused_workdays,
        waiting_until=waiting_until,
        workdays_remaining_when_paused=remaining,
        explanation=tuple(walk.notes),
        decided_on=walk.decided.on if walk.decided else None,
        delivered_on=walk.ended[2] if walk.ended and walk.ended[0] == "已送达答复" else None,
        consultation_expired=tuple(walk.expired),
        calendar_pending=None,
        consultations=walk.consultation_spans() if walk.sent else (),
    )


def _pending(received: dt.date, walk: _Walk, year: int, explain: bool) -> Deadline:
    """The one outcome for a missing holiday year: no date is given, facts without counting stay."""
    ended = walk.ended if walk.ended_by_event else None
    sentence = (f"缺少{year}年的节假日安排，答复期限待定：请在管理后台录入国务院办公厅关于{year}年"
                "部分节假日安排的通知")
    delivered = ended is not None and ended[0] == "已送达答复"
    return Deadline(
        due=None,
        state="ended" if ended else "pending",
        paused_reason=None,
        ended_reason=ended[0] if ended else None,
        ended_category=ended[1] if ended else None,
        ended_on=ended[2] if ended else None,
        answered_on_time=None,
        correction_notice_due=None,
        rules=walk.rules.name,
        clock_started=walk.clock_started,
        extension_workdays=0,
        paused_workdays=0,
        waiting_until=None,
        workdays_remaining_when_paused=None,
        explanation=(f"{_day(received)}收到申请", sentence) if explain else (),
        decided_on=walk.decided.on if walk.decided else None,
        delivered_on=ended[2] if delivered else None,
        consultation_expired=(),
        calendar_pending=year,
    )


def workdays_left(deadline: Deadline, today: dt.date, calendar: WorkCalendar) -> int | None:
    """Working days after `today` up to the due date: 0 on the due day, negative when overdue.

    Any day after the due date counts as at least one day late (a weekend right after it is -1).
    None unless the clock is running (a decided, undelivered request still runs).
    """
    if deadline.state != "running" or deadline.due is None:
        return None
    if today > deadline.due:
        return -max(1, calendar.workdays_between(deadline.due, today))
    return calendar.workdays_between(today, deadline.due)


def is_overdue(deadline: Deadline, today: dt.date) -> bool:
    """A running request whose due date has passed without delivery of an answer."""
    return deadline.state == "running" and deadline.due is not None and today > deadline.due


def falls_due_within(deadline: Deadline, today: dt.date, calendar: WorkCalendar, n_workdays: int = 5) -> bool:
    """A running request due today or within the next `n_workdays` working days (not yet overdue)."""
    left = workdays_left(deadline, today, calendar)
    return left is not None and 0 <= left <= n_workdays
