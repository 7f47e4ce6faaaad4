"""Tests of the request clock: dates counted by hand from the State Council holiday notices, plus properties."""

from __future__ import annotations

import datetime as dt
from functools import partial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core import clock
from gongkai.core.clock import (
    FEES_EFFECTIVE,
    OTHER_HANDLING_FEE_UNPAID,
    OTHER_HANDLING_NO_CORRECTION,
    OTHER_HANDLING_OTHER,
    ClockEvent,
    EventKind,
    InvalidClockEvents,
    is_overdue,
)
from gongkai.core.workdays import YearSchedule, build_calendar, package_calendar

D = dt.date
K = EventKind
CAL = package_calendar()
# The calendar is a required argument; these tests count on the package's calendar unless they say otherwise.
compute_deadline = partial(clock.compute_deadline, calendar=CAL)
validate_events = partial(clock.validate_events, calendar=CAL)
workdays_left = partial(clock.workdays_left, calendar=CAL)
falls_due_within = partial(clock.falls_due_within, calendar=CAL)


def ev(kind: EventKind, on: dt.date, **kwargs) -> ClockEvent:
    return ClockEvent(kind, on, **kwargs)


# ----------------------------------------------------------------------------------------------
# Hand-counted cases. Holiday notices used:
#   2025 春节: off 1月28日-2月4日; 调休 working days 1月26日(日) and 2月8日(六).
#   2024 国庆: off 10月1日-7日; 调休 working days 9月29日(日) and 10月12日(六).
#   2024 清明: off 4月4日-6日; 4月7日(日) works. 2024 劳动节: off 5月1日-5日; 4月28日(日), 5月11日(六) work.
#   2019 劳动节: off 5月1日-4日; 2019 端午: off 6月7日-9日.
# ----------------------------------------------------------------------------------------------


def test_spring_festival_2025():
    # After Mon 1/20: 21,22,23,24 (4), Sun 1/26 调休 (5), 1/27 (6), [1/28-2/4 off], 2/5 (7),
    # 2/6, 2/7, Sat 2/8 调休 (10), 2/10-2/14 (15), 2/17-2/21 (20).
    deadline = compute_deadline(D(2025, 1, 20), [])
    assert deadline.due == D(2025, 2, 21)
    assert deadline.state == "running"
    assert deadline.rules == "2019"
    assert deadline.correction_notice_due == D(2025, 2, 5)  # the 7th working day
    assert "第20个工作日为2025年2月21日（条例第三十三条第二款）" in deadline.explanation


def test_spring_festival_2025_consultation_over_the_holiday():
    # Letter out Fri 1/24, reply Mon 2/10: not counted = 1/26, 1/27, 2/5, 2/6, 2/7, 2/8, 2/10 = 7.
    # 2/21 + 7: 2/24, 2/25, 2/26, 2/27, 2/28, 3/3, 3/4.
    events = [ev(K.CONSULTATION_STARTED, D(2025, 1, 24)), ev(K.CONSULTATION_ENDED, D(2025, 2, 10))]
    deadline = compute_deadline(D(2025, 1, 20), events)
    assert deadline.due == D(2025, 3, 4)
    assert deadline.paused_workdays == 7
    assert any("期间7个工作日不计入（条例第三十三条第三款）" in s for s in deadline.explanation)


def test_spring_festival_2025_extension():
    # 2/21 + 20: 2/24-2/28 (5), 3/3-3/7 (10), 3/10-3/14 (15), 3/17-3/21 (20).
    events = [ev(K.EXTENSION_GRANTED, D(2025, 2, 10), by="王某", workdays=20)]
    deadline = compute_deadline(D(2025, 1, 20), events)
    assert deadline.due == D(2025, 3, 21)
    assert deadline.extension_workdays == 20
    assert any("经负责人王某同意延长20个工作日" in s and "条例第三十三条第二款" in s for s in deadline.explanation)


def test_national_day_2024():
    # After Wed 9/25: 9/26, 9/27, Sun 9/29 调休 (3), 9/30 (4), [10/1-10/7 off], 10/8-10/11 (8),
    # Sat 10/12 调休 (9), 10/14-10/18 (14), 10/21-10/25 (19), Mon 10/28 (20).
    deadline = compute_deadline(D(2024, 9, 25), [])
    assert deadline.due == D(2024, 10, 28)
    assert deadline.correction_notice_due == D(2024, 10, 10)


def test_worked_example_from_the_brief():
    # 2024-03-01 (Fri): March has no holiday, 20th working day = 3/29. Consultation 3/5-3/12 (Tue to
    # Tue): 3/6, 3/7, 3/8, 3/11, 3/12 = 5 days. 3/29 + 5: 4/1, 4/2, 4/3, [4/4-4/6 清明], Sun 4/7 (4), 4/8.
    events = [ev(K.CONSULTATION_STARTED, D(2024, 3, 5)), ev(K.CONSULTATION_ENDED, D(2024, 3, 12))]
    deadline = compute_deadline(D(2024, 3, 1), events)
    assert deadline.due == D(2024, 4, 8)
    assert deadline.explanation[0] == "2024年3月1日收到申请（条例第三十一条）"
    assert "第20个工作日为2024年3月29日（条例第三十三条第二款）" in deadline.explanation
    assert any(
        s.startswith("2024年3月5日起征求第三方意见，至3月12日，期间5个工作日不计入（条例第三十三条第三款）")
        for s in deadline.explanation
    )
    # Then a 20-day extension: 4/8 + 20 = 4/9-4/12 (4), 4/15-19 (9), 4/22-26 (14), Sun 4/28 (15),
    # 4/29, 4/30, [5/1-5/5 off], 5/6, 5/7, 5/8 (20).
    extended = compute_deadline(
        D(2024, 3, 1), events + [ev(K.EXTENSION_GRANTED, D(2024, 3, 20), by="王某", workdays=20)]
    )
    assert extended.due == D(2024, 5, 8)


def test_correction_restarts_the_clock():
    # Corrected request received Wed 10/9: 10/10, 10/11, Sat 10/12 调休 (3), 10/14-10/18 (8),
    # 10/21-10/25 (13), 10/28-11/1 (18), 11/4, 11/5 (20).
    events = [
        ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15), by="李某"),
        ev(K.CORRECTION_RECEIVED, D(2024, 10, 9)),
    ]
    deadline = compute_deadline(D(2024, 9, 25), events, today=D(2024, 10, 20))
    assert deadline.due == D(2024, 11, 5)
    assert deadline.clock_started == D(2024, 10, 9)
    assert deadline.state == "running"
    assert any("重新计算（条例第三十条）" in s for s in deadline.explanation)


def test_waiting_for_correction_is_paused_then_deemed_abandoned():
    events = [ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15))]
    waiting = compute_deadline(D(2024, 9, 25), events, today=D(2024, 10, 15))
    assert waiting.state == "paused"
    assert waiting.due is None
    assert waiting.waiting_until == D(2024, 10, 15)
    assert "等待申请人补正" in waiting.paused_reason
    assert waiting.workdays_remaining_when_paused == 20

    lapsed = compute_deadline(D(2024, 9, 25), events, today=D(2024, 10, 16))
    assert lapsed.state == "ended"
    assert lapsed.due is None
    assert lapsed.ended_reason == "视为放弃申请（逾期未补正）"
    assert lapsed.ended_category == OTHER_HANDLING_NO_CORRECTION == "other.no_correction"
    assert lapsed.ended_on == D(2024, 10, 16)
    assert not is_overdue(lapsed, D(2024, 12, 1))

    # Without `today` nothing lapses.
    assert compute_deadline(D(2024, 9, 25), events).state == "paused"


def test_late_correction_notice_is_explained():
    events = [ev(K.CORRECTION_REQUESTED, D(2024, 10, 11), deadline=D(2024, 10, 25))]
    deadline = compute_deadline(D(2024, 9, 25), events)
    assert any("补正告知晚于法定期限：最迟应于2024年10月10日告知" in s for s in deadline.explanation)


def test_late_correction_needs_a_recorded_reason():
    requested = ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15))
    late = ev(K.CORRECTION_RECEIVED, D(2024, 10, 16))
    assert validate_events(D(2024, 9, 25), [requested, late])
    excused = ev(K.CORRECTION_RECEIVED, D(2024, 10, 16), note="申请人住院")
    assert validate_events(D(2024, 9, 25), [requested, excused]) == []
    # 10/16 + 20: 10/17, 10/18, 10/21-25 (7), 10/28-11/1 (12), 11/4-11/8 (17), 11/11-11/13 (20).
    assert compute_deadline(D(2024, 9, 25), [requested, excused]).due == D(2024, 11, 13)


def test_fee_wait_is_not_counted_and_non_payment_ends_the_request():
    notice = ev(K.FEE_NOTICE_SENT, D(2024, 9, 27))
    # Pay within 20 working days from the day after 9/27: 9/29 (1), 9/30, 10/8-10/11 (6), 10/12 (7),
    # 10/14-18 (12), 10/21-25 (17), 10/28, 10/29, 10/30 (20).
    waiting = compute_deadline(D(2024, 9, 25), [notice], today=D(2024, 10, 30))
    assert waiting.state == "paused"
    assert waiting.waiting_until == D(2024, 10, 30)
    assert "等待申请人缴纳信息处理费" in waiting.paused_reason

    lapsed = compute_deadline(D(2024, 9, 25), [notice], today=D(2024, 10, 31))
    assert lapsed.state == "ended"
    assert lapsed.ended_category == OTHER_HANDLING_FEE_UNPAID == "other.fee_unpaid"
    assert lapsed.ended_reason == "视为放弃申请（逾期未缴纳信息处理费）"

    # Paid 10/9: not counted = 9/29, 9/30, 10/8, 10/9 = 4; 10/28 + 4 = 10/29, 10/30, 10/31, 11/1.
    paid = compute_deadline(D(2024, 9, 25), [notice, ev(K.FEE_PAID, D(2024, 10, 9))], today=D(2024, 11, 1))
    assert paid.state == "running"
    assert paid.due == D(2024, 11, 1)


def test_2008_rules_before_2019_05_15():
    # 2019-05-14 (2008 text, 15 days): 5/15-17 (3), 5/20-24 (8), 5/27-31 (13), 6/3, 6/4 (15).
    old = compute_deadline(D(2019, 5, 14), [])
    assert old.rules == "2008"
    assert old.due == D(2019, 6, 4)
    assert old.correction_notice_due is None
    assert any("适用2008年《政府信息公开条例》" in s for s in old.explanation)
    # 2019-05-15 (2019 text, 20 days): 5/16, 5/17 (2), 5/20-24 (7), 5/27-31 (12), 6/3-6/6 (16),
    # [6/7 端午], 6/10-6/13 (20).
    new = compute_deadline(D(2019, 5, 15), [])
    assert new.rules == "2019"
    assert new.due == D(2019, 6, 13)


def test_2008_extension_limit_is_15():
    too_long = [ev(K.EXTENSION_GRANTED, D(2019, 5, 20), by="王某", workdays=16)]
    assert validate_events(D(2019, 5, 14), too_long)
    # 6/4 + 15: 6/5, 6/6, [6/7], 6/10-14 (7), 6/17-21 (12), 6/24, 6/25, 6/26 (15).
    ok = [ev(K.EXTENSION_GRANTED, D(2019, 5, 20), by="王某", workdays=15)]
    assert compute_deadline(D(2019, 5, 14), ok).due == D(2019, 6, 26)


def test_2008_rules_count_agency_consultation_2019_rules_do_not():
    consult = [
        ev(K.AGENCY_CONSULTATION_STARTED, D(2019, 5, 20)),
        ev(K.AGENCY_CONSULTATION_ENDED, D(2019, 5, 27)),
    ]
    assert compute_deadline(D(2019, 5, 14), consult).due == D(2019, 6, 4)
    # 2019 text: 5/21-24, 5/27 = 5 days not counted; 6/13 + 5 = 6/14, 6/17, 6/18, 6/19, 6/20.
    assert compute_deadline(D(2019, 5, 15), consult).due == D(2019, 6, 20)


def test_fees_do_not_exist_under_2008_rules():
    assert validate_events(D(2019, 5, 14), [ev(K.FEE_NOTICE_SENT, D(2019, 5, 20))])


def test_pause_after_the_due_date_does_not_revive_it():
    events = [ev(K.CONSULTATION_STARTED, D(2024, 10, 29)), ev(K.CONSULTATION_ENDED, D(2024, 11, 5))]
    deadline = compute_deadline(D(2024, 9, 25), events)
    assert deadline.due == D(2024, 10, 28)
    assert is_overdue(deadline, D(2024, 11, 6))
    assert any("已届满，不再顺延" in s for s in deadline.explanation)


def test_extension_after_the_due_date_has_no_effect():
    events = [ev(K.EXTENSION_GRANTED, D(2024, 10, 29), by="王某", workdays=20)]
    deadline = compute_deadline(D(2024, 9, 25), events)
    assert deadline.due == D(2024, 10, 28)
    assert deadline.extension_workdays == 0


def test_on_time_is_judged_on_delivery():
    decided = compute_deadline(D(2024, 9, 25), [ev(K.ANSWERED, D(2024, 10, 28))])
    assert (decided.state, decided.status, decided.answered_on_time) == ("running", "已决定未送达", None)
    assert decided.due == D(2024, 10, 28) and decided.decided_on == D(2024, 10, 28)
    on_time = compute_deadline(D(2024, 9, 25), [ev(K.ANSWERED, D(2024, 10, 28)),
                                                ev(K.DELIVERED, D(2024, 10, 28), method="direct")])
    assert on_time.state == "ended"
    assert on_time.ended_reason == "已送达答复"
    assert on_time.answered_on_time is True
    assert on_time.due == D(2024, 10, 28)
    late = compute_deadline(D(2024, 9, 25), [ev(K.ANSWERED, D(2024, 10, 28)),
                                             ev(K.DELIVERED, D(2024, 10, 30), method="post")])
    assert late.answered_on_time is False
    assert any("以交邮之日为送达之日" in s and "超过答复期限2个工作日" in s for s in late.explanation)


def test_withdrawal_ends_the_request():
    deadline = compute_deadline(D(2024, 9, 25), [ev(K.WITHDRAWN, D(2024, 10, 8))])
    assert deadline.state == "ended"
    assert deadline.ended_category == OTHER_HANDLING_OTHER


def test_overlapping_pauses_are_not_counted_twice():
    # Third party 10/8-10/14, fee 10/10-10/17: union 10/8-10/17; not counted 10/9-10/17 =
    # 10/9, 10/10, 10/11, 10/12, 10/14, 10/15, 10/16, 10/17 = 8. 10/28 + 8 = 10/29-31, 11/1, 11/4-11/7.
    events = [
        ev(K.CONSULTATION_STARTED, D(2024, 10, 8)),
        ev(K.FEE_NOTICE_SENT, D(2024, 10, 10)),
        ev(K.CONSULTATION_ENDED, D(2024, 10, 14)),
        ev(K.FEE_PAID, D(2024, 10, 17)),
    ]
    deadline = compute_deadline(D(2024, 9, 25), events)
    assert deadline.paused_workdays == 8
    assert deadline.due == D(2024, 11, 7)


def test_reply_delayed_under_article_35():
    events = [ev(K.REPLY_DELAYED, D(2024, 10, 8), deadline=D(2024, 12, 2), by="王某")]
    assert compute_deadline(D(2024, 9, 25), events).due == D(2024, 12, 2)
    assert validate_events(D(2024, 9, 25), [ev(K.REPLY_DELAYED, D(2024, 10, 8), deadline=D(2024, 11, 30))])


def test_overview_helpers():
    deadline = compute_deadline(D(2024, 9, 25), [])  # due Mon 10/28
    assert workdays_left(deadline, D(2024, 9, 27)) == 18
    assert workdays_left(deadline, D(2024, 10, 28)) == 0
    assert workdays_left(deadline, D(2024, 10, 29)) == -1
    assert falls_due_within(deadline, D(2024, 10, 21))  # 10/22-25, 10/28: 5 left
    assert not falls_due_within(deadline, D(2024, 10, 18))  # 6 left
    assert not falls_due_within(deadline, D(2024, 10, 29))
    assert not is_overdue(deadline, D(2024, 10, 28))
    assert is_overdue(deadline, D(2024, 10, 29))
    # A weekend right after a Friday due date is already late.
    spring = compute_deadline(D(2025, 1, 20), [])
    assert workdays_left(spring, D(2025, 2, 22)) == -1
    paused = compute_deadline(D(2024, 9, 25), [ev(K.CONSULTATION_STARTED, D(2024, 10, 8))])
    assert workdays_left(paused, D(2024, 10, 9)) is None
    assert not falls_due_within(paused, D(2024, 10, 9)) and not is_overdue(paused, D(2024, 12, 1))


def test_a_calendar_change_reaches_requests_under_way():
    # Suppose a notice makes Mon 2024-10-14 a holiday: the 20th working day moves to Tue 10/29.
    base = package_calendar().schedules[2024]
    changed = YearSchedule(2024, base.holidays | {D(2024, 10, 14)}, base.workdays, source="test")
    calendar = build_calendar([changed])
    assert compute_deadline(D(2024, 9, 25), [], calendar=calendar).due == D(2024, 10, 29)
    assert compute_deadline(D(2024, 9, 25), []).due == D(2024, 10, 28)


def test_unknown_year_is_one_pending_outcome_not_a_guess():
    pending = compute_deadline(D(2026, 12, 20), [ev(K.CONSULTATION_STARTED, D(2026, 12, 21))])
    assert (pending.state, pending.due, pending.calendar_pending) == ("pending", None, 2027)
    assert pending.status == "期限待定：缺少2027年节假日安排"
    assert "2027年部分节假日安排的通知" in pending.explanation[-1]
    # Impossible histories are still refused while the year is missing.
    with pytest.raises(InvalidClockEvents):
        compute_deadline(D(2026, 12, 20), [ev(K.CONSULTATION_ENDED, D(2026, 12, 21))])
    # A withdrawal needs no counting: it ends the request, and the report can count it (（六）3).
    withdrawn = compute_deadline(D(2026, 12, 10), [ev(K.WITHDRAWN, D(2026, 12, 20))])
    assert (withdrawn.state, withdrawn.ended_category, withdrawn.calendar_pending) == ("ended", OTHER_HANDLING_OTHER, 2027)


# ----------------------------------------------------------------------------------------------
# validate_events
# ----------------------------------------------------------------------------------------------

R = D(2024, 9, 25)


@pytest.mark.parametrize(
    "events, fragment",
    [
        ([ev(K.CONSULTATION_STARTED, D(2024, 9, 24))], "早于收到申请之日"),
        ([ev(K.CORRECTION_RECEIVED, D(2024, 9, 26)),
          ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15))], "收到补正不能早于要求补正"),
        ([ev(K.CONSULTATION_ENDED, D(2024, 9, 26)), ev(K.CONSULTATION_STARTED, D(2024, 9, 27))], "结束不能早于开始"),
        ([ev(K.AGENCY_CONSULTATION_ENDED, D(2024, 9, 26))], "结束不能早于开始"),
        ([ev(K.EXTENSION_GRANTED, D(2024, 10, 8), by="王某", workdays=21)], "最长不得超过20个工作日"),
        ([ev(K.EXTENSION_GRANTED, D(2024, 10, 8), by="王某", workdays=0)], "须为正数"),
        ([ev(K.EXTENSION_GRANTED, D(2024, 10, 8), workdays=10)], "负责人"),
        ([ev(K.EXTENSION_GRANTED, D(2024, 10, 8), by="王某", workdays=10),
          ev(K.EXTENSION_GRANTED, D(2024, 10, 9), by="王某", workdays=10)], "只能延长一次"),
        ([ev(K.FEE_PAID, D(2024, 9, 27))], "缴费不能早于通知"),
        ([ev(K.FEE_NOTICE_SENT, D(2024, 9, 27)), ev(K.FEE_PAID, D(2024, 10, 31))], "缴费期限已于2024年10月30日届满"),
        ([ev(K.ANSWERED, D(2024, 10, 8)), ev(K.CONSULTATION_STARTED, D(2024, 10, 9))], "其后只能登记送达"),
        ([ev(K.WITHDRAWN, D(2024, 10, 8)), ev(K.ANSWERED, D(2024, 10, 9))], "其后不能再登记事件"),
        ([ev(K.CORRECTION_REQUESTED, D(2024, 9, 27))], "合理的补正期限"),
        ([ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 9, 26))], "补正期限早于告知之日"),
        ([ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15)),
          ev(K.CORRECTION_RECEIVED, D(2024, 10, 9)),
          ev(K.CORRECTION_REQUESTED, D(2024, 10, 10), deadline=D(2024, 10, 20))], "一次性告知"),
        ([ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15)),
          ev(K.CONSULTATION_STARTED, D(2024, 10, 8))], "等待补正期间"),
        ([ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15)),
          ev(K.ANSWERED, D(2024, 10, 18))], "补正期限已于2024年10月15日届满"),
        ([ev(K.CONSULTATION_STARTED, D(2024, 9, 27)),
          ev(K.CORRECTION_REQUESTED, D(2024, 9, 30), deadline=D(2024, 10, 15))], "请先登记其结束"),
        ([ev(K.FEE_NOTICE_SENT, D(2024, 9, 27)), ev(K.FEE_NOTICE_SENT, D(2024, 9, 30))], "尚未缴费的收费通知"),
    ],
)
def test_validate_refuses_impossible_histories(events, fragment):
    problems = validate_events(R, events)
    assert any(fragment in p for p in problems), problems
    with pytest.raises(InvalidClockEvents) as caught:
        compute_deadline(R, events)
    assert caught.value.problems == problems


def test_validate_accepts_a_full_history():
    events = [
        ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15), by="李某"),
        ev(K.CORRECTION_RECEIVED, D(2024, 10, 9)),
        ev(K.CONSULTATION_STARTED, D(2024, 10, 10)),
        ev(K.CONSULTATION_ENDED, D(2024, 10, 10)),  # same day: start applies before end
        ev(K.EXTENSION_GRANTED, D(2024, 10, 21), by="王某", workdays=20),
        ev(K.ANSWERED, D(2024, 11, 20)),
    ]
    assert validate_events(R, events) == []
    assert validate_events(R, list(reversed(events))) == []


# ----------------------------------------------------------------------------------------------
# Properties
# ----------------------------------------------------------------------------------------------

received_dates = st.dates(min_value=D(2019, 5, 15), max_value=D(2025, 6, 30))


@st.composite
def histories(draw, extension=True):
    """A valid history without corrections: consultations, at most one fee wait, maybe an extension."""
    received = draw(received_dates)
    events: list[ClockEvent] = []
    day = received
    fee_used = received < FEES_EFFECTIVE  # no fee before 国办函〔2020〕109号
    for _ in range(draw(st.integers(0, 3))):
        kinds = ["third_party", "agency"] + ([] if fee_used else ["fee"])
        kind = draw(st.sampled_from(kinds))
        start = day + dt.timedelta(days=draw(st.integers(0, 15)))
        end = start + dt.timedelta(days=draw(st.integers(0, 25)))
        if kind == "fee":
            fee_used = True
            end = min(end, CAL.add_workdays(start, 20))
            events += [ev(K.FEE_NOTICE_SENT, start), ev(K.FEE_PAID, end)]
        elif kind == "agency":
            events += [ev(K.AGENCY_CONSULTATION_STARTED, start), ev(K.AGENCY_CONSULTATION_ENDED, end)]
        else:
            events += [ev(K.CONSULTATION_STARTED, start), ev(K.CONSULTATION_ENDED, end)]
        # The next pause may overlap this one.
        day = start + dt.timedelta(days=draw(st.integers(0, 30)))
    if extension and draw(st.booleans()):
        on = received + dt.timedelta(days=draw(st.integers(0, 40)))
        events.append(ev(K.EXTENSION_GRANTED, on, by="王某", workdays=draw(st.integers(1, 20))))
    return received, events


FAST = settings(max_examples=150, deadline=None)


@FAST
@given(histories())
def test_due_is_a_working_day_and_matches_the_counts(history):
    received, events = history
    deadline = compute_deadline(received, events)
    assert deadline.state == "running"
    assert CAL.is_workday(deadline.due)
    total = 20 + deadline.paused_workdays + deadline.extension_workdays
    assert deadline.due == CAL.add_workdays(received, total)
    assert deadline.due >= CAL.add_workdays(received, 20)


@FAST
@given(histories(), st.integers(0, 60), st.integers(0, 30), st.booleans())
def test_pauses_never_shorten_the_time(history, offset, length, third_party):
    received, events = history
    start = received + dt.timedelta(days=offset)
    end = start + dt.timedelta(days=length)
    if third_party:
        extra = [ev(K.CONSULTATION_STARTED, start), ev(K.CONSULTATION_ENDED, end)]
    else:
        extra = [ev(K.AGENCY_CONSULTATION_STARTED, start), ev(K.AGENCY_CONSULTATION_ENDED, end)]
    before = compute_deadline(received, events).due
    after = compute_deadline(received, events + extra).due
    assert after >= before


@FAST
@given(received_dates, st.integers(0, 40), st.integers(0, 40))
def test_a_single_pause_in_time_adds_its_working_days_up_to_15(received, offset, length):
    start = received + dt.timedelta(days=offset)
    end = start + dt.timedelta(days=length)
    base = CAL.add_workdays(received, 20)
    deadline = compute_deadline(received, [ev(K.CONSULTATION_STARTED, start), ev(K.CONSULTATION_ENDED, end)])
    if start <= base:
        excluded = min(CAL.workdays_between(start, end), 15)  # 条例第三十二条: 15 working days to answer
        assert deadline.due == CAL.add_workdays(base, excluded)
    else:
        assert deadline.due == base


@FAST
@given(histories(extension=False), st.integers(0, 60), st.integers(1, 20))
def test_an_extension_in_time_adds_exactly_the_days_granted(history, offset, workdays):
    received, events = history
    before = compute_deadline(received, events).due
    on = min(received + dt.timedelta(days=offset), before)
    granted = events + [ev(K.EXTENSION_GRANTED, on, by="王某", workdays=workdays)]
    after = compute_deadline(received, granted).due
    opening = (K.CONSULTATION_STARTED, K.AGENCY_CONSULTATION_STARTED, K.FEE_NOTICE_SENT)
    pause_starts = [e.on for e in events if e.kind in opening]
    if all(s <= on for s in pause_starts):
        assert after == CAL.add_workdays(before, workdays)
    else:
        # A later pause that had started too late may now fall inside the longer time.
        assert after >= CAL.add_workdays(before, workdays)


@FAST
@given(histories().flatmap(lambda h: st.tuples(st.just(h), st.permutations(h[1]))))
def test_recomputation_is_deterministic_and_ignores_input_order(pair):
    (received, events), shuffled = pair
    first = compute_deadline(received, events, today=D(2026, 1, 1))
    assert compute_deadline(received, events, today=D(2026, 1, 1)) == first
    assert compute_deadline(received, list(shuffled), today=D(2026, 1, 1)) == first


@FAST
@given(histories())
def test_explain_false_gives_the_same_dates(history):
    received, events = history
    full = compute_deadline(received, events)
    bare = compute_deadline(received, events, explain=False)
    assert bare.explanation == ()
    assert (bare.due, bare.state, bare.paused_workdays) == (full.due, full.state, full.paused_workdays)


def test_category_keys_match_the_annual_tables():
    from gongkai.core.annual_tables import DecisionCategory

    keys = {c.value for c in DecisionCategory}
    assert {OTHER_HANDLING_NO_CORRECTION, OTHER_HANDLING_FEE_UNPAID, OTHER_HANDLING_OTHER} <= keys


def test_consultation_spans_say_when_each_letter_ran_and_whether_it_was_excluded():
    """What the answer letter states: each consultation's dates, how it ended, whether its time was left out."""
    received = D(2025, 3, 3)  # due 3/31
    replied = compute_deadline(received, [ev(K.CONSULTATION_STARTED, D(2025, 3, 5)),
                                          ev(K.CONSULTATION_ENDED, D(2025, 3, 14))])
    assert replied.consultations == (clock.ConsultationSpan("third_party", D(2025, 3, 5), D(2025, 3, 14), "reply", True),)
    # No reply: the 15 working days after 3/5 end on 3/26, and the span ends there.
    lapsed = compute_deadline(received, [ev(K.CONSULTATION_STARTED, D(2025, 3, 5))], today=D(2025, 4, 30))
    assert lapsed.consultations == (clock.ConsultationSpan("third_party", D(2025, 3, 5), D(2025, 3, 26), "lapsed", True),)
    assert clock.consultation_limit(ev(K.CONSULTATION_STARTED, D(2025, 3, 5)), CAL) == D(2025, 3, 26)
    assert clock.consultation_limit(ev(K.CONSULTATION_STARTED, D(2025, 3, 5), deadline=D(2025, 3, 20)), CAL) == D(2025, 3, 20)
    # Two letters, the agency's still open when the answer closes it; then one begun after the due date.
    both = compute_deadline(received, [
        ev(K.AGENCY_CONSULTATION_STARTED, D(2025, 3, 6)), ev(K.CONSULTATION_STARTED, D(2025, 3, 5)),
        ev(K.CONSULTATION_ENDED, D(2025, 3, 7)), ev(K.ANSWERED, D(2025, 3, 12))])
    assert [(s.kind, s.started, s.ended, s.how) for s in both.consultations] == [
        ("third_party", D(2025, 3, 5), D(2025, 3, 7), "reply"), ("agency", D(2025, 3, 6), D(2025, 3, 12), "closed")]
    late = compute_deadline(received, [ev(K.CONSULTATION_STARTED, D(2025, 4, 2)),
                                       ev(K.CONSULTATION_ENDED, D(2025, 4, 8))])
    assert late.consultations[0].excluded is False and late.due == D(2025, 3, 31)
    open_ = compute_deadline(received, [ev(K.CONSULTATION_STARTED, D(2025, 3, 5))], today=D(2025, 3, 10))
    assert open_.consultations == (clock.ConsultationSpan("third_party", D(2025, 3, 5), None, "open", True),)
    assert compute_deadline(received, []).consultations == ()
