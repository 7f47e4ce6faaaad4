"""The statute table: every article the request clock implements, each with hand-counted cases as data.

Each row is (article, received, events, today → due, state, on time). The working days were counted
by hand on the State Council notices and checked with `gongkai workdays add`:
  2024: 清明 off 4/4-4/6, Sun 4/7 works; 劳动节 off 5/1-5/5, Sun 4/28 and Sat 5/11 work;
        国庆 off 10/1-10/7, Sun 9/29 and Sat 10/12 work. March 2024 has no holiday.
  2019: 端午 off 6/7. 2021: 元旦 off 1/1-1/3.
The refusals table holds the bad input each article forbids, with the article the refusal cites.
Property tests close the file: the folded walk refuses exactly what validate_events reports.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core import clock
from gongkai.core.clock import ClockEvent, EventKind as K, InvalidClockEvents
from gongkai.core.receipt import Channel, receipt_date, receipt_warning
from gongkai.core.workdays import package_calendar

D = dt.date
CAL = package_calendar()


def ev(kind: K, on: dt.date, **fields) -> ClockEvent:
    return ClockEvent(kind, on, **fields)


DIRECT, POST, EMAIL = "direct", "post", "email"

# (case, received, events, today, due, state, on_time)
CASES = [
    # 条例第三十三条第二款: 20 working days, one extension of at most 20 with the head's consent.
    ("33/plain-march", D(2024, 3, 1), [], D(2024, 3, 10), D(2024, 3, 29), "running", None),
    # 9/26, 9/27, Sun 9/29, 9/30, 10/8-10/11, Sat 10/12, 10/14-18, 10/21-25, 10/28.
    ("33/national-day", D(2024, 9, 25), [], D(2024, 10, 1), D(2024, 10, 28), "running", None),
    # 3/29 + 20: 4/1-4/3 (3), Sun 4/7 (4), 4/8-12 (9), 4/15-19 (14), 4/22-26 (19), Sun 4/28 (20).
    ("33/extension", D(2024, 3, 1), [ev(K.EXTENSION_GRANTED, D(2024, 3, 20), by="王某", workdays=20)],
     D(2024, 3, 21), D(2024, 4, 28), "running", None),
    ("33/extension-after-due-has-no-effect", D(2024, 9, 25),
     [ev(K.EXTENSION_GRANTED, D(2024, 10, 29), by="王某", workdays=20)], D(2024, 10, 30), D(2024, 10, 28), "running", None),
    # 条例第三十三条第三款 with 第三十二条: the third party's time is not counted, at most 15 working days.
    # 3/5-3/12: 3/6, 3/7, 3/8, 3/11, 3/12 = 5; 3/29 + 5: 4/1, 4/2, 4/3, Sun 4/7, 4/8.
    ("32/reply-in-time", D(2024, 3, 1),
     [ev(K.CONSULTATION_STARTED, D(2024, 3, 5)), ev(K.CONSULTATION_ENDED, D(2024, 3, 12))], D(2024, 4, 1),
     D(2024, 4, 8), "running", None),
    # Finding 2: consulted 3/4, reply 8/30. Only 3/5-3/25 (15 working days) excluded; 3/29 + 15 = 4/22.
    ("32/late-reply-capped-at-15", D(2024, 3, 1),
     [ev(K.CONSULTATION_STARTED, D(2024, 3, 4)), ev(K.CONSULTATION_ENDED, D(2024, 8, 30))], D(2024, 9, 2),
     D(2024, 4, 22), "running", None),
    ("32/no-reply-yet-paused", D(2024, 3, 1), [ev(K.CONSULTATION_STARTED, D(2024, 3, 4))], D(2024, 3, 20),
     None, "paused", None),
    ("32/no-reply-resumes-by-itself", D(2024, 3, 1), [ev(K.CONSULTATION_STARTED, D(2024, 3, 4))], D(2024, 5, 1),
     D(2024, 4, 22), "running", None),
    # 条例第三十四条: the co-producing agency, the same 15 working days, then consent is presumed.
    # 2019 text: 5/21-24, 5/27 = 5; 6/13 + 5 = 6/14, 6/17, 6/18, 6/19, 6/20.
    ("34/reply-in-time", D(2019, 5, 15),
     [ev(K.AGENCY_CONSULTATION_STARTED, D(2019, 5, 20)), ev(K.AGENCY_CONSULTATION_ENDED, D(2019, 5, 27))],
     D(2019, 5, 28), D(2019, 6, 20), "running", None),
    ("34/no-reply-consent-presumed", D(2024, 3, 1), [ev(K.AGENCY_CONSULTATION_STARTED, D(2024, 3, 4))],
     D(2024, 4, 1), D(2024, 4, 22), "running", None),
    # 条例第三十五条: a later reasonable date, which must be a working day.
    ("35/later-date", D(2024, 9, 25), [ev(K.REPLY_DELAYED, D(2024, 10, 8), deadline=D(2024, 12, 2))],
     D(2024, 10, 9), D(2024, 12, 2), "running", None),
    ("35/earlier-date-keeps-the-due-date", D(2024, 9, 25), [ev(K.REPLY_DELAYED, D(2024, 10, 8), deadline=D(2024, 10, 25))],
     D(2024, 10, 9), D(2024, 10, 28), "running", None),
    # 条例第三十条: notice within 7 working days, once; the clock restarts from the corrected request.
    # 10/9 + 20: 10/10, 10/11, Sat 10/12, 10/14-18, 10/21-25, 10/28-11/1, 11/4, 11/5.
    ("30/timely-notice-restarts", D(2024, 9, 25),
     [ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15)), ev(K.CORRECTION_RECEIVED, D(2024, 10, 9))],
     D(2024, 10, 20), D(2024, 11, 5), "running", None),
    ("30/waiting-is-paused", D(2024, 9, 25), [ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15))],
     D(2024, 10, 15), None, "paused", None),
    ("30/no-correction-lapses", D(2024, 9, 25), [ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15))],
     D(2024, 10, 16), None, "ended", None),
    # Finding 1: notice 4/10, long after 3/12 (the 7th working day): no pause, no restart, still due 3/29.
    ("30/late-notice-cannot-revive", D(2024, 3, 1),
     [ev(K.CORRECTION_REQUESTED, D(2024, 4, 10), deadline=D(2024, 4, 25)), ev(K.CORRECTION_RECEIVED, D(2024, 4, 15)),
      ev(K.ANSWERED, D(2024, 5, 10)), ev(K.DELIVERED, D(2024, 5, 10), method=DIRECT)],
     D(2024, 5, 10), D(2024, 3, 29), "ended", False),
    ("30/late-notice-no-lapse", D(2024, 3, 1), [ev(K.CORRECTION_REQUESTED, D(2024, 4, 10), deadline=D(2024, 4, 25))],
     D(2024, 5, 1), D(2024, 3, 29), "running", None),
    # 国办公开办函〔2016〕235号: the time limit is met by delivery (post: the day posted).
    # Finding 3: decided on the due day 10/28, posted 11/1 → late.
    ("235/posted-four-days-later", D(2024, 9, 25),
     [ev(K.ANSWERED, D(2024, 10, 28)), ev(K.DELIVERED, D(2024, 11, 1), method=POST)], D(2024, 11, 2),
     D(2024, 10, 28), "ended", False),
    ("235/decided-not-delivered", D(2024, 9, 25), [ev(K.ANSWERED, D(2024, 10, 28))], D(2024, 10, 28),
     D(2024, 10, 28), "running", None),
    ("235/e-mail-same-day", D(2024, 9, 25),
     [ev(K.ANSWERED, D(2024, 10, 25)), ev(K.DELIVERED, D(2024, 10, 25), method=EMAIL)], D(2024, 10, 26),
     D(2024, 10, 28), "ended", True),
    # 条例第四十二条 and 国办函〔2020〕109号: the wait for payment is not counted; 20 working days to pay.
    # Paid 10/9: 9/29, 9/30, 10/8, 10/9 = 4; 10/28 + 4 = 10/29, 10/30, 10/31, 11/1.
    ("109/paid", D(2024, 9, 25), [ev(K.FEE_NOTICE_SENT, D(2024, 9, 27)), ev(K.FEE_PAID, D(2024, 10, 9))],
     D(2024, 11, 1), D(2024, 11, 1), "running", None),
    # 9/27 + 20 = 10/30: 10/30 still waiting, 10/31 视为放弃.
    ("109/waiting", D(2024, 9, 25), [ev(K.FEE_NOTICE_SENT, D(2024, 9, 27))], D(2024, 10, 30), None, "paused", None),
    ("109/unpaid-lapses", D(2024, 9, 25), [ev(K.FEE_NOTICE_SENT, D(2024, 9, 27))], D(2024, 10, 31), None, "ended", None),
    # First month of the measure: 2021-01-04 + 20 = 2/1 (元旦 1/1-1/3); paid 1/6-1/8 = 2 → 2/3.
    ("42/first-month-of-109", D(2021, 1, 4), [ev(K.FEE_NOTICE_SENT, D(2021, 1, 6)), ev(K.FEE_PAID, D(2021, 1, 8))],
     D(2021, 1, 11), D(2021, 2, 3), "running", None),
    # 1/6 + 20: 1/7, 1/8 (2), 1/11-15 (7), 1/18-22 (12), 1/25-29 (17), 2/1, 2/2, 2/3 (20); 2/4 视为放弃.
    ("42/unpaid-in-the-first-month", D(2021, 1, 4), [ev(K.FEE_NOTICE_SENT, D(2021, 1, 6))], D(2021, 2, 4),
     None, "ended", None),
    # 2008年条例第二十四条: 15 working days, one extension of at most 15; only the third party's time excluded.
    # 5/15-17 (3), 5/20-24 (8), 5/27-31 (13), 6/3, 6/4 (15).
    ("2008-24/plain", D(2019, 5, 14), [], D(2019, 5, 15), D(2019, 6, 4), "running", None),
    # 6/4 + 15: 6/5, 6/6, [6/7], 6/10-14 (7), 6/17-21 (12), 6/24, 6/25, 6/26.
    ("2008-24/extension-15", D(2019, 5, 14), [ev(K.EXTENSION_GRANTED, D(2019, 5, 20), by="王某", workdays=15)],
     D(2019, 5, 21), D(2019, 6, 26), "running", None),
    ("2008-24/agency-time-counts", D(2019, 5, 14),
     [ev(K.AGENCY_CONSULTATION_STARTED, D(2019, 5, 20)), ev(K.AGENCY_CONSULTATION_ENDED, D(2019, 5, 27))],
     D(2019, 5, 28), D(2019, 6, 4), "running", None),
    # 2008年条例第二十一条第（四）项: no 7-day limit; the corrected request restarts the 15 days.
    # Notice 5/20 (10 working days after 5/6), corrected 5/27: + 15 = 6/18.
    ("2008-21/no-seven-day-limit", D(2019, 5, 6),
     [ev(K.CORRECTION_REQUESTED, D(2019, 5, 20), deadline=D(2019, 5, 31)), ev(K.CORRECTION_RECEIVED, D(2019, 5, 27))],
     D(2019, 5, 28), D(2019, 6, 18), "running", None),
    ("2008-21/no-correction-lapses", D(2019, 5, 6), [ev(K.CORRECTION_REQUESTED, D(2019, 5, 8), deadline=D(2019, 5, 17))],
     D(2019, 5, 20), None, "ended", None),
]


@pytest.mark.parametrize("case, received, events, today, due, state, on_time", CASES, ids=[c[0] for c in CASES])
def test_statute_case(case, received, events, today, due, state, on_time):
    deadline = clock.compute_deadline(received, events, calendar=CAL, today=today)
    assert (deadline.due, deadline.state, deadline.answered_on_time) == (due, state, on_time)


def test_every_article_has_at_least_two_cases():
    per_article: dict[str, int] = {}
    for case, *_ in CASES:
        article = case.split("/")[0]
        per_article[article] = per_article.get(article, 0) + 1
    per_article["31"] = len(RECEIPTS)
    wanted = {"30", "31", "32", "33", "34", "35", "42", "2008-21", "2008-24", "235", "109"}
    assert wanted <= per_article.keys()
    assert all(per_article[a] >= 2 for a in wanted), per_article


def _explanation(received, events, today):
    return "\n".join(clock.compute_deadline(received, events, calendar=CAL, today=today).explanation)


def test_the_explanations_say_what_the_law_says_next():
    late = _explanation(D(2024, 3, 1), CASES[15][2], D(2024, 5, 10))
    assert "补正告知晚于法定期限：最迟应于2024年3月12日告知" in late and "不重新计算" in late
    third = clock.compute_deadline(D(2024, 3, 1), [ev(K.CONSULTATION_STARTED, D(2024, 3, 4))], calendar=CAL,
                                   today=D(2024, 5, 1))
    assert third.status == "征求意见期满"
    assert third.consultation_expired == ("第三方逾期未提出意见，由本机关依照条例的规定决定是否公开（条例第三十二条）",)
    agency = clock.compute_deadline(D(2024, 3, 1), [ev(K.AGENCY_CONSULTATION_STARTED, D(2024, 3, 4))], calendar=CAL,
                                    today=D(2024, 4, 1))
    assert "逾期未提出意见，视为同意公开（条例第三十四条）" in agency.consultation_expired[0]
    posted = _explanation(D(2024, 9, 25), CASES[17][2], D(2024, 11, 2))
    assert "以交邮之日为送达之日" in posted and "超过答复期限4个工作日" in posted
    undelivered = clock.compute_deadline(D(2024, 9, 25), [ev(K.ANSWERED, D(2024, 10, 28))], calendar=CAL)
    assert undelivered.status == "已决定未送达"
    assert clock.workdays_left(undelivered, D(2024, 10, 25), CAL) == 1


def test_2008_citations_are_the_2008_articles():
    waiting = clock.compute_deadline(D(2019, 5, 6), [ev(K.CORRECTION_REQUESTED, D(2019, 5, 8), deadline=D(2019, 5, 17))],
                                     calendar=CAL, today=D(2019, 5, 10))
    assert "2008年条例第二十一条第（四）项" in waiting.paused_reason
    assert "条例第三十条" not in waiting.paused_reason.replace("2008年条例", "")


# 条例第三十一条: (channel, arrived or submitted, confirmed) → receipt day, due date.
RECEIPTS = [
    # Finding 4: an ordinary letter arrived 3/1, confirmed 3/20: the clock counts from 3/1.
    (Channel.POST_ORDINARY, D(2024, 3, 1), D(2024, 3, 20), D(2024, 3, 1), D(2024, 3, 29)),
    (Channel.POST_ORDINARY, D(2024, 3, 1), D(2024, 3, 1), D(2024, 3, 1), D(2024, 3, 29)),
    # Signed for on 3/4: 3/5-3/8 (4), 3/11-15 (9), 3/18-22 (14), 3/25-29 (19), 4/1 (20).
    (Channel.POST_SIGNED, D(2024, 3, 1), D(2024, 3, 4), D(2024, 3, 4), D(2024, 4, 1)),
    (Channel.ONLINE, D(2024, 3, 1), D(2024, 3, 4), D(2024, 3, 4), D(2024, 4, 1)),
    (Channel.IN_PERSON, D(2024, 3, 1), None, D(2024, 3, 1), D(2024, 3, 29)),
]


@pytest.mark.parametrize("channel, arrived, confirmed, received, due", RECEIPTS)
def test_receipt_day_by_channel(channel, arrived, confirmed, received, due):
    assert receipt_date(channel, arrived, confirmed) == received
    assert clock.compute_deadline(received, [], calendar=CAL).due == due


def test_late_confirmation_is_warned_in_the_explanation():
    warning = receipt_warning(Channel.POST_ORDINARY, D(2024, 3, 1), D(2024, 3, 20))
    assert "条例第三十一条第（二）项" in warning and "自到达之日起计算" in warning
    assert receipt_warning(Channel.POST_ORDINARY, D(2024, 3, 1), D(2024, 3, 1)) is None
    assert receipt_warning(Channel.ONLINE, D(2024, 3, 1), D(2024, 3, 20)) is None
    explained = clock.compute_deadline(D(2024, 3, 1), [], calendar=CAL, receipt_warning=warning).explanation
    assert explained[1] == warning


# Bad input: (received, events, the article the refusal cites).
REFUSALS = [
    ("end without a start", D(2024, 9, 25), [ev(K.CONSULTATION_ENDED, D(2024, 9, 26))], "条例第三十二条"),
    ("agency end without a start", D(2024, 9, 25), [ev(K.AGENCY_CONSULTATION_ENDED, D(2024, 9, 26))], "条例第三十四条"),
    ("out of order: corrected before asked", D(2024, 9, 25),
     [ev(K.CORRECTION_RECEIVED, D(2024, 9, 26)), ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15))],
     "条例第三十条"),
    ("before the receipt", D(2024, 9, 25), [ev(K.CONSULTATION_STARTED, D(2024, 9, 24))], "条例第三十一条"),
    ("a second 补正", D(2024, 9, 25),
     [ev(K.CORRECTION_REQUESTED, D(2024, 9, 27), deadline=D(2024, 10, 15)), ev(K.CORRECTION_RECEIVED, D(2024, 10, 9)),
      ev(K.CORRECTION_REQUESTED, D(2024, 10, 10), deadline=D(2024, 10, 20))], "一次性告知，不能再次要求补正（条例第三十条）"),
    ("extension without approver", D(2024, 9, 25), [ev(K.EXTENSION_GRANTED, D(2024, 10, 8), workdays=10)],
     "条例第三十三条第二款"),
    ("2008 extension over 15", D(2019, 5, 14), [ev(K.EXTENSION_GRANTED, D(2019, 5, 20), by="王某", workdays=16)],
     "2008年条例第二十四条第二款"),
    ("fee before 109号 (finding 5)", D(2020, 6, 10), [ev(K.FEE_NOTICE_SENT, D(2020, 6, 12))],
     "国办函〔2020〕109号自2021年1月1日起施行"),
    ("fee under the 2008 text", D(2019, 5, 14), [ev(K.FEE_NOTICE_SENT, D(2019, 5, 20))], "条例第四十二条"),
    ("delivery before the decision", D(2024, 9, 25),
     [ev(K.ANSWERED, D(2024, 10, 20)), ev(K.DELIVERED, D(2024, 10, 18), method=POST)], "国办公开办函〔2016〕235号第一条"),
    ("delivery without its method", D(2024, 9, 25),
     [ev(K.ANSWERED, D(2024, 10, 20)), ev(K.DELIVERED, D(2024, 10, 21))], "国办公开办函〔2016〕235号第一条"),
    ("reply deadline over 15 days", D(2024, 3, 1), [ev(K.CONSULTATION_STARTED, D(2024, 3, 4), deadline=D(2024, 3, 26))],
     "条例第三十二条"),
    ("第三十五条 under the 2008 text", D(2019, 5, 14), [ev(K.REPLY_DELAYED, D(2019, 5, 20), deadline=D(2019, 7, 1))],
     "条例第三十五条"),
]


@pytest.mark.parametrize("case, received, events, article", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_bad_input_is_refused_with_its_article(case, received, events, article):
    problems = clock.validate_events(received, events, calendar=CAL)
    assert any(article in p for p in problems), problems
    with pytest.raises(InvalidClockEvents) as caught:
        clock.compute_deadline(received, events, calendar=CAL)
    assert caught.value.problems == problems


# 条例第三十六条第（四）项 and 第（五）项: two answers, one report row ----------------------------------


def test_does_not_exist_and_not_ours_are_separate_answers():
    from gongkai.core.annual_tables import DecisionCategory
    from gongkai.core.decision_rules import SITUATIONS_BY_KEY, letter_sentence

    missing, elsewhere = SITUATIONS_BY_KEY["not_held"], SITUATIONS_BY_KEY["not_ours"]
    assert missing.article.endswith("第三十六条第（四）项") and "不存在" in missing.letter_text
    assert elsewhere.article.endswith("第三十六条第（五）项") and "不存在" not in elsewhere.letter_text
    # Both are 表三（四）1.本机关不掌握相关政府信息.
    assert missing.category is elsewhere.category is DecisionCategory.UNAVAILABLE_NOT_HELD
    sentence = letter_sentence("not_ours", reasons="该信息由交通运输部门制作", responsible_agency="示范市交通运输局",
                               responsible_contact="0000-12345678")
    assert "理由是：该信息由交通运输部门制作。" in sentence and "示范市交通运输局" in sentence and "0000-12345678" in sentence
    with pytest.raises(ValueError, match="第三十六条第（五）项"):
        letter_sentence("not_ours")
    assert letter_sentence("not_held") == missing.letter_text
    # 确认或重新出具 has no article of its own; art.39 is about petitions and publications.
    assert SITUATIONS_BY_KEY["confirm_or_reissue"].article.endswith("第二条")


# Properties of the folded walk ------------------------------------------------------------------

KINDS = list(K)


@st.composite
def any_history(draw):
    """Any events at all, valid or not, around a receipt day."""
    received = draw(st.dates(min_value=D(2019, 1, 1), max_value=D(2025, 6, 30)))
    events = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(KINDS))
        on = received + dt.timedelta(days=draw(st.integers(-2, 60)))
        fields = {}
        if kind in (K.CORRECTION_REQUESTED, K.REPLY_DELAYED) or draw(st.booleans()) and kind is K.FEE_NOTICE_SENT:
            fields["deadline"] = on + dt.timedelta(days=draw(st.integers(0, 30)))
        if kind is K.EXTENSION_GRANTED:
            fields.update(workdays=draw(st.integers(0, 25)), by=draw(st.sampled_from(["", "王某"])))
        if kind is K.DELIVERED:
            fields["method"] = draw(st.sampled_from(["", *clock.DELIVERY_METHODS]))
        events.append(ev(kind, on, **fields))
    return received, events


PROPS = settings(max_examples=300, deadline=None)


@PROPS
@given(any_history(), st.dates(min_value=D(2019, 1, 1), max_value=D(2025, 12, 31)))
def test_refusal_is_all_or_nothing(history, today):
    """compute_deadline refuses exactly when validate_events finds a problem, with the same reasons."""
    received, events = history
    problems = clock.validate_events(received, events, calendar=CAL)
    if problems:
        with pytest.raises(InvalidClockEvents) as caught:
            clock.compute_deadline(received, events, calendar=CAL, today=today)
        assert caught.value.problems == problems
    else:
        deadline = clock.compute_deadline(received, events, calendar=CAL, today=today)
        assert deadline.state in ("running", "paused", "ended")


@PROPS
@given(any_history())
def test_a_valid_history_is_never_due_before_the_plain_time_limit(history):
    """Whatever the agency does, the due date is never earlier than the plain 20 (or 15) working days."""
    received, events = history
    if clock.validate_events(received, events, calendar=CAL):
        return
    deadline = clock.compute_deadline(received, events, calendar=CAL)
    plain = CAL.add_workdays(received, clock.rules_for(received).answer_workdays)
    if deadline.due is not None:
        assert deadline.due >= plain
        assert CAL.is_workday(deadline.due) or any(e.kind is K.REPLY_DELAYED for e in events)
