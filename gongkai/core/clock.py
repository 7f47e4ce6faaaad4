"""The request clock: when the answer to a 依申请公开 request is due, recomputed from its events.

The due date is never stored. It is a pure function of the receipt date, the request's events
(each with who and when) and the statutory calendar, so a holiday notice typed in later, or a
corrected event, reaches every request already under way.

Rules (2019 text, in force for requests received on or after 2019-05-15, 条例第五十六条):

- Answer within 20 working days of receipt (条例第三十三条第二款): the due date is the 20th working
  day after the receipt day (the receipt day itself is not counted).
- 补正 (条例第三十条): the notice must go out within 7 working days of receipt, once (一次性告知),
  with a reasonable deadline. While the correction is awaited nothing runs; when the corrected
  request arrives the 20 days start again from that day, and earlier pauses and extensions no
  longer matter. No correction by the deadline (and no good reason recorded) means 视为放弃申请:
  the request ends, annual-report row （六）其他处理 1.
- 征求第三方意见 (条例第三十二条) and 征求其他机关意见 (条例第三十四条) are not counted
  (条例第三十三条第三款).
- Waiting for a 信息处理费 payment is not counted; the applicant has 20 working days from the
  day after receiving the notice, and not paying ends the request, row （六）其他处理 2
  (国办函〔2020〕109号).
- One extension of at most 20 working days, approved by the head of the disclosure office and
  notified to the applicant (条例第三十三条第二款); the approver is recorded in `by`.
- 条例第三十五条: for clearly excessive requests the agency may set a later reasonable date.

Requests received before 2019-05-15 run on the 2008 text: 15 working days, one extension of at
most 15, only the time for 征求第三方意见 is excluded (2008年条例第二十四条), no 7-working-day
rule for the correction notice and no 信息处理费.

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
extension, pause ends, answer), and `compute_deadline` sorts the events itself, so the result does
not depend on the order of the input list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Literal, Sequence

from gongkai.core.workdays import WorkCalendar, package_calendar

__all__ = [
    "RULES_2019_EFFECTIVE",
    "ClockRules",
    "RULES_2019",
    "RULES_2008",
    "rules_for",
    "EventKind",
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
    "workdays_left",
    "is_overdue",
    "falls_due_within",
]

# 条例第五十六条: the 2019 revision took effect on 2019-05-15.
RULES_2019_EFFECTIVE = dt.date(2019, 5, 15)

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
    CONSULTATION_STARTED = "consultation_started"  # 征求第三方意见 (条例第三十二条)
    CONSULTATION_ENDED = "consultation_ended"
    AGENCY_CONSULTATION_STARTED = "agency_consultation_started"  # 征求其他机关意见 (条例第三十四条)
    AGENCY_CONSULTATION_ENDED = "agency_consultation_ended"
    EXTENSION_GRANTED = "extension_granted"  # `workdays`, `by` = the approving head
    REPLY_DELAYED = "reply_delayed"  # 条例第三十五条; `deadline` = the later date set
    FEE_NOTICE_SENT = "fee_notice_sent"  # `on` = day the applicant received it; `deadline` optional
    FEE_PAID = "fee_paid"
    ANSWERED = "answered"
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
    EventKind.WITHDRAWN: "申请人撤回申请",
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


@dataclass(frozen=True)
class ClockEvent:
    """One recorded step of a request: what happened, on which day, and who did or approved it."""

    kind: EventKind
    on: dt.date
    by: str = ""
    workdays: int = 0  # extension length
    deadline: dt.date | None = None  # correction deadline, fee payment deadline, 第三十五条 date
    note: str = ""  # for a late correction: the 正当理由


@dataclass(frozen=True)
class Deadline:
    """Where the clock of one request stands, and why, in sentences an applicant can check."""

    due: dt.date | None  # None while paused
    state: Literal["running", "paused", "ended"]
    paused_reason: str | None
    ended_reason: str | None
    ended_category: str | None  # annual-report key under （六）其他处理 (other.*), when it ended that way
    ended_on: dt.date | None
    answered_on_time: bool | None
    correction_notice_due: dt.date | None  # receipt + 7 working days; None under the 2008 text
    rules: Literal["2019", "2008"]
    clock_started: dt.date  # receipt, or receipt of the corrected request
    extension_workdays: int
    paused_workdays: int  # working days not counted so far (closed pauses)
    waiting_until: dt.date | None  # while paused: the day the awaited party must act by, if known
    workdays_remaining_when_paused: int | None  # working days the agency still has on resumption
    explanation: tuple[str, ...]


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
    )


def sort_events(events: Sequence[ClockEvent]) -> list[ClockEvent]:
    """Events in the order they take effect; a total order, so input order never matters."""
    return sorted(events, key=_sort_key)


def _fee_payment_deadline(notice: ClockEvent, calendar: WorkCalendar) -> dt.date:
    # 20 working days counted from the day after receipt = the 20th working day after it.
    return notice.deadline or calendar.add_workdays(notice.on, FEE_PAYMENT_WORKDAYS)


def validate_events(
    received: dt.date,
    events: Sequence[ClockEvent],
    *,
    calendar: WorkCalendar | None = None,
) -> list[str]:
    """Reasons, in Chinese, why this history cannot have happened; empty when it can.

    Only impossible or unlawful-to-record histories are refused. Late but real acts (a correction
    notice after the 7th working day, an extension after the due date) are accepted and their
    lateness is shown by `compute_deadline`.
    """
    cal = calendar or package_calendar()
    rules = rules_for(received)
    problems: list[str] = []
    open_pauses = {"third_party": 0, "agency": 0, "fee": 0}
    pending_correction: ClockEvent | None = None
    corrections_requested = 0
    extensions_since_start = 0
    fee_deadline: dt.date | None = None
    ended_by: str | None = None

    for event in sort_events(events):
        kind = event.kind
        prefix = f"{_day(event.on)}{KIND_LABELS[kind]}："

        def refuse(reason: str) -> None:
            problems.append(prefix + reason)

        if event.on < received:
            refuse(f"早于收到申请之日（{_day(received)}）")
            continue
        if ended_by is not None:
            refuse(f"申请已于此前{ended_by}，其后不能再登记事件")
            continue
        if pending_correction is not None and event.on > pending_correction.deadline:
            late_correction_with_reason = kind is EventKind.CORRECTION_RECEIVED and event.note.strip()
            if not late_correction_with_reason:
                refuse(
                    f"补正期限已于{_day(pending_correction.deadline)}届满，申请视为放弃（条例第三十条）；"
                    "逾期补正须在备注中写明正当理由"
                )
                continue
        if fee_deadline is not None and event.on > fee_deadline:
            refuse(f"缴费期限已于{_day(fee_deadline)}届满，申请视为放弃（国办函〔2020〕109号）")
            continue

        if kind in _PAUSE_OPENS or kind in (EventKind.EXTENSION_GRANTED, EventKind.REPLY_DELAYED):
            if pending_correction is not None:
                refuse("等待补正期间答复期限尚未起算，须先登记收到补正")
                continue

        if kind is EventKind.CORRECTION_REQUESTED:
            if pending_correction is not None:
                refuse("已有尚未补正的补正告知")
                continue
            if rules.name == "2019" and corrections_requested:
                refuse("补正应一次性告知，不能再次要求补正（条例第三十条）")
                continue
            if event.deadline is None:
                refuse("补正告知须载明合理的补正期限（条例第三十条）")
                continue
            if event.deadline < event.on:
                refuse("补正期限早于告知之日")
                continue
            if any(open_pauses.values()):
                refuse("征求意见或等待缴费期间不能要求补正，请先登记其结束")
                continue
            pending_correction = event
            corrections_requested += 1
        elif kind is EventKind.CORRECTION_RECEIVED:
            if pending_correction is None:
                refuse("没有在先的补正告知：收到补正不能早于要求补正")
                continue
            pending_correction = None
            extensions_since_start = 0
        elif kind in _PAUSE_OPENS:
            pause = _PAUSE_OPENS[kind]
            if pause == "fee":
                if not rules.fees_allowed:
                    refuse("2008年条例下的申请不收取信息处理费")
                    continue
                if open_pauses["fee"]:
                    refuse("已有尚未缴费的收费通知")
                    continue
                if event.deadline is not None and event.deadline < event.on:
                    refuse("缴费期限早于收到通知之日")
                    continue
                fee_deadline = _fee_payment_deadline(event, cal)
            open_pauses[pause] += 1
        elif kind in _PAUSE_CLOSES:
            pause = _PAUSE_CLOSES[kind]
            if not open_pauses[pause]:
                if pause == "fee":
                    refuse("没有在先的收费通知：缴费不能早于通知")
                else:
                    refuse(f"没有进行中的{_PAUSE_LABELS[pause]}：结束不能早于开始")
                continue
            open_pauses[pause] -= 1
            if pause == "fee":
                fee_deadline = None
        elif kind is EventKind.EXTENSION_GRANTED:
            if extensions_since_start:
                refuse("答复期限只能延长一次（条例第三十三条第二款）")
                continue
            if event.workdays < 1:
                refuse("延长的工作日数须为正数")
                continue
            if event.workdays > rules.max_extension_workdays:
                refuse(
                    f"延长的期限最长不得超过{rules.max_extension_workdays}个工作日"
                    f"（{rules.law}第{'三十三' if rules.name == '2019' else '二十四'}条第二款）"
                )
                continue
            if not event.by.strip():
                refuse("须登记同意延长的政府信息公开工作机构负责人（条例第三十三条第二款）")
                continue
            extensions_since_start += 1
        elif kind is EventKind.REPLY_DELAYED:
            if rules.name != "2019":
                refuse("2008年条例没有延迟答复的规定（条例第三十五条自2019年5月15日起施行）")
                continue
            if event.deadline is None or event.deadline <= event.on:
                refuse("须载明晚于决定之日的延迟答复期限（条例第三十五条）")
                continue
            if not cal.is_workday(event.deadline):
                refuse(f"延迟答复期限{_day(event.deadline)}不是工作日")
                continue
        elif kind is EventKind.ANSWERED:
            ended_by = "作出答复"
        elif kind is EventKind.WITHDRAWN:
            ended_by = "撤回"
    return problems


class _Walk:
    """One pass over the sorted events, carrying the running due date and the reasons for it."""

    def __init__(self, received: dt.date, cal: WorkCalendar, explain: bool):
        self.cal = cal
        self.rules = rules_for(received)
        self.explain = explain
        self.notes: list[str] = []
        self.clock_started = received
        self.due = cal.add_workdays(received, self.rules.answer_workdays)
        self.extension_workdays = 0
        self.paused_workdays = 0
        self.pending_correction: ClockEvent | None = None
        self.open_pauses: dict[str, list[ClockEvent]] = {"third_party": [], "agency": [], "fee": []}
        self.pause_since: dt.date | None = None  # start of the current merged pause
        self.pause_counts = False  # whether it began before the due date had passed
        self.pause_kinds: list[str] = []
        self.fee_deadline: dt.date | None = None
        self.ended: tuple[str, str | None, dt.date] | None = None
        self.answered_on_time: bool | None = None

    def say(self, text: str) -> None:
        self.notes.append(text)

    def law_ref(self, art_2019: str, art_2008: str) -> str:
        return f"条例{art_2019}" if self.rules.name == "2019" else f"2008年条例{art_2008}"

    # Pauses -----------------------------------------------------------------------------------

    def open_pause(self, pause: str, event: ClockEvent) -> None:
        if self.pause_since is None:
            self.pause_since = event.on
            self.pause_counts = event.on <= self.due
            self.pause_kinds = []
        if pause not in self.pause_kinds:
            self.pause_kinds.append(pause)
        self.open_pauses[pause].append(event)
        if pause == "fee":
            self.fee_deadline = _fee_payment_deadline(event, self.cal)
            if self.explain:
                self.say(
                    f"{_day(event.on)}申请人收到收费通知，缴费期限至{_day(self.fee_deadline)}"
                    "（自收到通知次日起20个工作日，国办函〔2020〕109号）"
                )

    def close_pause(self, pause: str, on: dt.date) -> None:
        self.open_pauses[pause].pop()
        if pause == "fee":
            self.fee_deadline = None
        if not any(self.open_pauses.values()):
            self.end_merged_pause(on)

    def end_merged_pause(self, on: dt.date) -> None:
        since = self.pause_since
        assert since is not None
        what = "、".join(_PAUSE_LABELS[p] for p in self.pause_kinds)
        n = self.cal.workdays_between(since, on)
        if self.pause_counts:
            self.due = self.cal.add_workdays(self.due, n)
            self.paused_workdays += n
            if self.explain:
                refs = []
                if any(p != "fee" for p in self.pause_kinds):
                    refs.append(self.law_ref("第三十三条第三款", "第二十四条第三款"))
                if "fee" in self.pause_kinds:
                    refs.append("国办函〔2020〕109号")
                self.say(
                    f"{_day(since)}起{what}，至{_day_after(on, since)}，期间{n}个工作日不计入"
                    f"（{'；'.join(refs)}），答复期限顺延至{_day(self.due)}"
                )
        elif self.explain:
            self.say(
                f"{_day(since)}起{what}，至{_day_after(on, since)}；开始时答复期限"
                f"（{_day(self.due)}）已届满，不再顺延"
            )
        self.pause_since = None
        self.pause_kinds = []
        for waiting in self.open_pauses.values():
            waiting.clear()

    def close_all_pauses(self, on: dt.date) -> None:
        if self.pause_since is not None:
            self.fee_deadline = None
            self.end_merged_pause(on)

    def effective_due_on(self, on: dt.date) -> bool:
        """Whether an act on `on` still falls inside the time limit (a counted pause is running)."""
        return on <= self.due or (self.pause_since is not None and self.pause_counts)

    # Events -----------------------------------------------------------------------------------

    def apply(self, event: ClockEvent) -> None:
        kind = event.kind
        if kind in _PAUSE_OPENS:
            pause = _PAUSE_OPENS[kind]
            if pause == "agency" and not self.rules.agency_consultation_excluded:
                if self.explain:
                    self.say(
                        f"{_day(event.on)}起征求其他机关意见；2008年条例只扣除征求第三方意见的时间"
                        "（2008年条例第二十四条第三款），该期间照常计算"
                    )
                return
            self.open_pause(pause, event)
        elif kind in _PAUSE_CLOSES:
            pause = _PAUSE_CLOSES[kind]
            if pause == "agency" and not self.rules.agency_consultation_excluded:
                return
            self.close_pause(pause, event.on)
        elif kind is EventKind.CORRECTION_REQUESTED:
            self.request_correction(event)
        elif kind is EventKind.CORRECTION_RECEIVED:
            self.receive_correction(event)
        elif kind is EventKind.EXTENSION_GRANTED:
            self.extend(event)
        elif kind is EventKind.REPLY_DELAYED:
            self.delay(event)
        elif kind is EventKind.ANSWERED:
            self.close_all_pauses(event.on)
            self.ended = ("已答复", None, event.on)
            if self.pending_correction is None:
                self.answered_on_time = event.on <= self.due
                if self.explain:
                    if self.answered_on_time:
                        verdict = "在答复期限内"
                    else:
                        late = max(1, self.cal.workdays_between(self.due, event.on))
                        verdict = f"超过答复期限{late}个工作日"
                    self.say(f"{_day(event.on)}作出答复，{verdict}")
            elif self.explain:
                self.say(f"{_day(event.on)}作出答复（补正期间）")
        elif kind is EventKind.WITHDRAWN:
            self.close_all_pauses(event.on)
            self.ended = ("申请人撤回申请", OTHER_HANDLING_OTHER, event.on)
            if self.explain:
                self.say(f"{_day(event.on)}申请人撤回申请，不再处理")

    def request_correction(self, event: ClockEvent) -> None:
        self.pending_correction = event
        if not self.explain:
            return
        self.say(
            f"{_day(event.on)}一次性告知申请人补正，补正期限至{_day(event.deadline)}"
            f"（{self.law_ref('第三十条', '第二十一条')}），补正前答复期限不计算"
        )
        limit = self.rules.correction_notice_workdays
        if limit is not None:
            notice_due = self.cal.add_workdays(self.clock_started, limit)
            if event.on > notice_due:
                self.say(
                    f"补正告知晚于法定期限：最迟应于{_day(notice_due)}告知"
                    f"（收到申请之日起{limit}个工作日内，条例第三十条）"
                )

    def receive_correction(self, event: ClockEvent) -> None:
        requested = self.pending_correction
        self.pending_correction = None
        self.clock_started = event.on
        had_adjustments = self.extension_workdays or self.paused_workdays
        self.extension_workdays = 0
        self.paused_workdays = 0
        self.due = self.cal.add_workdays(event.on, self.rules.answer_workdays)
        if not self.explain:
            return
        late = ""
        if requested is not None and event.on > requested.deadline:
            late = f"（逾期补正，正当理由：{event.note.strip()}）"
        self.say(
            f"{_day(event.on)}收到补正后的申请{late}，答复期限自该日起重新计算"
            f"（{self.law_ref('第三十条', '第二十一条')}）"
            + ("，此前的延长和不计入期间不再适用" if had_adjustments else "")
        )
        self.say(
            f"自该日起第{self.rules.answer_workdays}个工作日为{_day(self.due)}"
            f"（{self.law_ref('第三十三条第二款', '第二十四条第二款')}）"
        )

    def extend(self, event: ClockEvent) -> None:
        who = event.by.strip()
        if not self.effective_due_on(event.on):
            if self.explain:
                self.say(
                    f"{_day(event.on)}经负责人{who}同意延长{event.workdays}个工作日，但答复期限已于"
                    f"{_day(self.due)}届满，延长不产生效力（{self.law_ref('第三十三条第二款', '第二十四条第二款')}）"
                )
            return
        self.due = self.cal.add_workdays(self.due, event.workdays)
        self.extension_workdays += event.workdays
        if self.explain:
            self.say(
                f"{_day(event.on)}经负责人{who}同意延长{event.workdays}个工作日并告知申请人"
                f"（{self.law_ref('第三十三条第二款', '第二十四条第二款')}），答复期限延至{_day(self.due)}"
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

    def lapse(self, today: dt.date) -> None:
        """Deadlines the applicant let pass by `today` end the request."""
        correction = self.pending_correction
        if correction is not None and today > correction.deadline:
            self.ended = (
                "视为放弃申请（逾期未补正）",
                OTHER_HANDLING_NO_CORRECTION,
                correction.deadline + dt.timedelta(days=1),
            )
            if self.explain:
                self.say(
                    f"补正期限{_day(correction.deadline)}届满未收到补正，视为放弃申请，不再处理"
                    f"（{self.law_ref('第三十条', '第二十一条')}；年度报告：{OTHER_HANDLING}）"
                )
        elif self.fee_deadline is not None and today > self.fee_deadline:
            self.ended = (
                "视为放弃申请（逾期未缴纳信息处理费）",
                OTHER_HANDLING_FEE_UNPAID,
                self.fee_deadline + dt.timedelta(days=1),
            )
            if self.explain:
                self.say(
                    f"缴费期限{_day(self.fee_deadline)}届满未缴纳信息处理费，视为放弃申请，不再处理"
                    f"（国办函〔2020〕109号；年度报告：{OTHER_HANDLING}）"
                )

    def paused_state(self) -> tuple[str | None, dt.date | None, int | None]:
        """(reason, waiting until, working days left on resumption) while the clock stands still."""
        correction = self.pending_correction
        if correction is not None:
            return (
                f"等待申请人补正（补正期限至{_day(correction.deadline)}，条例第三十条）",
                correction.deadline,
                self.rules.answer_workdays,
            )
        if self.pause_since is None:
            return None, None, None
        reasons = []
        waits = []
        for event in self.open_pauses["third_party"]:
            reasons.append(
                f"征求第三方意见中（自{_day(event.on)}起；第三方应自收到征求意见书之日起"
                f"{CONSULTATION_REPLY_WORKDAYS}个工作日内提出意见，逾期由本机关依法决定，条例第三十二条）"
            )
            if event.deadline:
                waits.append(event.deadline)
        for event in self.open_pauses["agency"]:
            reasons.append(
                f"征求其他机关意见中（自{_day(event.on)}起；被征求意见机关应在"
                f"{CONSULTATION_REPLY_WORKDAYS}个工作日内提出意见，逾期视为同意公开，条例第三十四条）"
            )
            if event.deadline:
                waits.append(event.deadline)
        if self.fee_deadline is not None:
            reasons.append(f"等待申请人缴纳信息处理费（缴费期限至{_day(self.fee_deadline)}）")
            waits.append(self.fee_deadline)
        if self.pause_counts:
            left = self.cal.workdays_between(self.pause_since, self.due)
        else:
            left = -max(1, self.cal.workdays_between(self.due, self.pause_since))
        return "；".join(reasons), (min(waits) if waits else None), left


def compute_deadline(
    received: dt.date,
    events: Sequence[ClockEvent],
    *,
    today: dt.date | None = None,
    calendar: WorkCalendar | None = None,
    explain: bool = True,
) -> Deadline:
    """Where the request's clock stands, recomputed from scratch.

    `today` only decides whether a deadline the applicant had to meet (correction, payment) has
    passed; without it nothing ends by lapse. `explain=False` skips the sentences for bulk use
    (the overview of all open requests). Raises `InvalidClockEvents` for impossible histories
    and `UnknownCalendarYear` when a needed year's holiday notice is missing.
    """
    cal = calendar or package_calendar()
    problems = validate_events(received, events, calendar=cal)
    if problems:
        raise InvalidClockEvents(problems)
    walk = _Walk(received, cal, explain)
    rules = walk.rules
    if explain:
        walk.say(f"{_day(received)}收到申请（{walk.law_ref('第三十一条', '第二十四条')}）")
        if rules.name == "2008":
            walk.say(
                f"该申请于{_day(RULES_2019_EFFECTIVE)}前收到，适用2008年《政府信息公开条例》："
                f"答复期限{rules.answer_workdays}个工作日，最长延长{rules.max_extension_workdays}个工作日"
            )
        walk.say(
            f"第{rules.answer_workdays}个工作日为{_day(walk.due)}"
            f"（{walk.law_ref('第三十三条第二款', '第二十四条第二款')}）"
        )
    for event in sort_events(events):
        walk.apply(event)
    if walk.ended is None and today is not None:
        walk.lapse(today)

    paused_reason, waiting_until, remaining = walk.paused_state()
    clock_stopped = walk.pending_correction is not None or walk.pause_since is not None
    if walk.ended is not None:
        state = "ended"
        ended_reason, ended_category, ended_on = walk.ended
        paused_reason = waiting_until = remaining = None
    else:
        state = "paused" if clock_stopped else "running"
        ended_reason = ended_category = ended_on = None
        if explain:
            if clock_stopped:
                walk.say(f"目前答复期限暂停计算：{paused_reason}")
            else:
                walk.say(f"答复期限为{_day(walk.due)}")
    notice_limit = rules.correction_notice_workdays
    return Deadline(
        due=None if clock_stopped else walk.due,
        state=state,
        paused_reason=paused_reason,
        ended_reason=ended_reason,
        ended_category=ended_category,
        ended_on=ended_on,
        answered_on_time=walk.answered_on_time,
        correction_notice_due=cal.add_workdays(received, notice_limit) if notice_limit else None,
        rules=rules.name,
        clock_started=walk.clock_started,
        extension_workdays=walk.extension_workdays,
        paused_workdays=walk.paused_workdays,
        waiting_until=waiting_until,
        workdays_remaining_when_paused=remaining,
        explanation=tuple(walk.notes),
    )


def workdays_left(deadline: Deadline, today: dt.date, calendar: WorkCalendar | None = None) -> int | None:
    """Working days after `today` up to the due date: 0 on the due day, negative when overdue.

    Any day after the due date counts as at least one day late (a weekend right after it is -1).
    None unless the clock is running.
    """
    if deadline.state != "running" or deadline.due is None:
        return None
    cal = calendar or package_calendar()
    if today > deadline.due:
        return -max(1, cal.workdays_between(deadline.due, today))
    return cal.workdays_between(today, deadline.due)


def is_overdue(deadline: Deadline, today: dt.date) -> bool:
    """A running request whose due date has passed without an answer."""
    return deadline.state == "running" and deadline.due is not None and today > deadline.due


def falls_due_within(
    deadline: Deadline,
    today: dt.date,
    n_workdays: int = 5,
    calendar: WorkCalendar | None = None,
) -> bool:
    """A running request due today or within the next `n_workdays` working days (not yet overdue)."""
    left = workdays_left(deadline, today, calendar)
    return left is not None and 0 <= left <= n_workdays
