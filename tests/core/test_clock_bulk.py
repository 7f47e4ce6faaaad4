"""What makes the clock cheap in bulk changes no answer: the calendar's day index against its per-year
binary searches, and a walk without explanation sentences against the full one, on any history."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core import clock
from gongkai.core.clock import DELIVERY_METHODS, ClockEvent, EventKind, InvalidClockEvents
from gongkai.core.workdays import UnknownCalendarYear, WorkCalendar, YearSchedule, build_calendar, package_calendar

D = dt.date
K = EventKind
CAL = package_calendar()
FIRST_YEAR, LAST_YEAR = min(CAL.years), max(CAL.years)


class PerYearCalendar(WorkCalendar):
    """The same schedules answered only by the per-year binary searches (the index left empty)."""

    def _index(self) -> list[int]:
        self._rank = []
        return self._rank


def outcome(function, *args):
    try:
        return function(*args)
    except UnknownCalendarYear as exc:
        return ("unknown", exc.year)


# Dates from a year before the package's first to a year after its last, so both edges are crossed.
any_day = st.dates(min_value=D(FIRST_YEAR - 1, 1, 1), max_value=D(LAST_YEAR + 1, 12, 31))


@settings(max_examples=400, deadline=None)
@given(any_day, st.integers(-80, 80), any_day)
def test_the_day_index_answers_as_the_per_year_searches(day, n, other):
    slow = PerYearCalendar(CAL.schedules)
    assert outcome(CAL.add_workdays, day, n) == outcome(slow.add_workdays, day, n)
    assert outcome(CAL.workdays_between, day, other) == outcome(slow.workdays_between, day, other)
    assert outcome(CAL.is_workday, day) == outcome(slow.is_workday, day)


def test_the_index_covers_the_latest_run_of_known_years_and_a_gap_stays_unknown():
    schedules = dict(CAL.schedules)
    del schedules[2022]  # a gap: 2023 onwards is the latest run, 2021 is known but outside it
    calendar = WorkCalendar(schedules)
    slow = PerYearCalendar(schedules)
    for day, n in ((D(2023, 1, 3), 5), (D(2021, 12, 20), 10), (D(2023, 1, 4), -5), (D(2024, 6, 3), -400)):
        assert outcome(calendar.add_workdays, day, n) == outcome(slow.add_workdays, day, n)
    assert outcome(calendar.add_workdays, D(2021, 12, 20), 10) == ("unknown", 2022)
    assert outcome(calendar.workdays_between, D(2021, 6, 1), D(2023, 6, 1)) == ("unknown", 2022)
    assert calendar.add_workdays(D(2023, 1, 3), 5) == slow.add_workdays(D(2023, 1, 3), 5)


def test_a_notice_entered_for_a_year_reaches_the_index():
    """The index is built from the calendar's own schedules: a calendar built with a notice uses it."""
    day = D(2025, 3, 3)
    plain = build_calendar()
    holiday = YearSchedule(2025, frozenset({D(2025, 3, 4)}), frozenset(), "test")
    with_notice = build_calendar([holiday])
    assert plain.add_workdays(day, 1) == D(2025, 3, 4)
    assert with_notice.add_workdays(day, 1) == D(2025, 3, 5)
    assert with_notice.workdays_between(day, D(2025, 3, 5)) == 1


# Arbitrary histories, possible or not: the kinds in any order, with or without the fields they need.
kinds = st.sampled_from([k for k in K if k is not K.DELIVERED])


@st.composite
def any_history(draw):
    received = draw(st.dates(min_value=D(2018, 6, 1), max_value=D(2026, 6, 30)))
    events = []
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(kinds)
        on = received + dt.timedelta(days=draw(st.integers(-2, 80)))
        deadline = draw(st.one_of(st.none(), st.integers(-3, 40).map(lambda d: on + dt.timedelta(days=d))))
        events.append(ClockEvent(kind, on, by=draw(st.sampled_from(["", "王主任"])),
                                 workdays=draw(st.sampled_from([0, 5, 20, 25])), deadline=deadline,
                                 note=draw(st.sampled_from(["", "因病"]))))
    if draw(st.booleans()):
        on = received + dt.timedelta(days=draw(st.integers(0, 90)))
        events.append(ClockEvent(K.ANSWERED, on))
        if draw(st.booleans()):
            events.append(ClockEvent(K.DELIVERED, on + dt.timedelta(days=draw(st.integers(-1, 10))),
                                     method=draw(st.sampled_from(sorted(DELIVERY_METHODS)))))
    today = received + dt.timedelta(days=draw(st.integers(0, 200)))
    return received, events, today


def result(explain: bool, received, events, today):
    try:
        return clock.compute_deadline(received, events, calendar=CAL, today=today, explain=explain)
    except InvalidClockEvents as exc:
        return exc.problems


@settings(max_examples=400, deadline=None)
@given(any_history())
def test_without_sentences_the_walk_gives_the_same_clock(history):
    """explain=False (the bulk reading's walk) differs from the full walk only in the sentences."""
    full, bare = result(True, *history), result(False, *history)
    if isinstance(full, list):
        assert bare == full  # the same refusals, in the same words
        return
    assert bare.explanation == ()
    assert bare._replace(explanation=full.explanation) == full
    assert full.explanation  # and the full walk does explain


@pytest.mark.parametrize("year", [FIRST_YEAR, LAST_YEAR])
def test_edges_of_the_known_years(year):
    slow = PerYearCalendar(CAL.schedules)
    for day in (D(year, 1, 1), D(year, 1, 2), D(year, 12, 30), D(year, 12, 31)):
        for n in (-1, 0, 1, 3):
            assert outcome(CAL.add_workdays, day, n) == outcome(slow.add_workdays, day, n)
        assert outcome(CAL.is_workday, day) == outcome(slow.is_workday, day)
