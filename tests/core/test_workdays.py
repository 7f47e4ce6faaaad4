"""The statutory calendar against the published notices, and its arithmetic's properties."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.workdays import (
    UnknownCalendarYear,
    YearSchedule,
    add_workdays,
    build_calendar,
    is_workday,
    package_calendar,
    workdays_between,
)

D = dt.date


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


# Typed from the State Council notices (国办发明电), not read back from the package.
NOTICES = {
    2019: {  # 国办发明电〔2018〕15号, 劳动节 as amended by 国办发明电〔2019〕2号
        "holidays": [(D(2018, 12, 30), D(2019, 1, 1)), (D(2019, 2, 4), D(2019, 2, 10)), (D(2019, 4, 5), D(2019, 4, 7)),
                     (D(2019, 5, 1), D(2019, 5, 4)), (D(2019, 6, 7), D(2019, 6, 9)), (D(2019, 9, 13), D(2019, 9, 15)),
                     (D(2019, 10, 1), D(2019, 10, 7))],
        "workdays": [D(2018, 12, 29), D(2019, 2, 2), D(2019, 2, 3), D(2019, 4, 28), D(2019, 5, 5), D(2019, 9, 29), D(2019, 10, 12)],
    },
    2025: {  # 国办发明电〔2024〕12号
        "holidays": [(D(2025, 1, 1), D(2025, 1, 1)), (D(2025, 1, 28), D(2025, 2, 4)), (D(2025, 4, 4), D(2025, 4, 6)),
                     (D(2025, 5, 1), D(2025, 5, 5)), (D(2025, 5, 31), D(2025, 6, 2)), (D(2025, 10, 1), D(2025, 10, 8))],
        "workdays": [D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)],
    },
    2026: {  # 国办发明电〔2025〕7号
        "holidays": [(D(2026, 1, 1), D(2026, 1, 3)), (D(2026, 2, 15), D(2026, 2, 23)), (D(2026, 4, 4), D(2026, 4, 6)),
                     (D(2026, 5, 1), D(2026, 5, 5)), (D(2026, 6, 19), D(2026, 6, 21)), (D(2026, 9, 25), D(2026, 9, 27)),
                     (D(2026, 10, 1), D(2026, 10, 7))],
        "workdays": [D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)],
    },
}


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_calendar_matches_the_notice(year):
    notice = NOTICES[year]
    off = {d for start, end in notice["holidays"] for d in days(start, end)}
    on = set(notice["workdays"])
    for day in days(D(year, 1, 1), D(year, 12, 31)):
        expected = day in on or (day.weekday() < 5 and day not in off)
        assert is_workday(day) == expected, day


def test_issue_example_national_day_2019():
    assert add_workdays(D(2019, 9, 27), 20) == D(2019, 10, 30)
    assert workdays_between(D(2019, 9, 27), D(2019, 10, 30)) == 20


def test_spring_festival_2025_counts_makeup_saturday():
    # 1/27 is the last working day before the break; 2/5 the first after; 2/8 (Sat) works.
    assert add_workdays(D(2025, 1, 24), 1) == D(2025, 1, 26)  # Sunday 调休
    assert add_workdays(D(2025, 1, 27), 1) == D(2025, 2, 5)
    assert add_workdays(D(2025, 2, 7), 1) == D(2025, 2, 8)


def test_start_day_is_not_counted():
    assert add_workdays(D(2025, 3, 3), 1) == D(2025, 3, 4)
    assert add_workdays(D(2025, 3, 1), 1) == D(2025, 3, 3)  # from a Saturday
    assert workdays_between(D(2025, 3, 3), D(2025, 3, 3)) == 0


def test_unknown_year_is_an_error_naming_the_year():
    with pytest.raises(UnknownCalendarYear) as excinfo:
        add_workdays(D(2026, 12, 20), 20)
    assert excinfo.value.year == 2027
    assert "2027" in str(excinfo.value)
    with pytest.raises(UnknownCalendarYear, match="2003"):
        is_workday(D(2003, 5, 1))
    with pytest.raises(UnknownCalendarYear, match="2027"):
        workdays_between(D(2026, 12, 1), D(2027, 1, 10))


def test_an_override_replaces_the_year_and_reaches_back_into_december():
    override = YearSchedule(
        2027,
        holidays=frozenset(days(D(2026, 12, 31), D(2027, 1, 2))),
        workdays=frozenset({D(2027, 1, 3)}),
    )
    calendar = build_calendar([override])
    assert not calendar.is_workday(D(2026, 12, 31))  # Thursday, made a holiday by the 2027 notice
    assert calendar.is_workday(D(2027, 1, 3))  # Sunday worked
    assert calendar.add_workdays(D(2026, 12, 30), 1) == D(2027, 1, 3)
    assert not package_calendar().knows(2027)


KNOWN = st.dates(min_value=D(2005, 1, 1), max_value=D(2025, 6, 30))


@settings(max_examples=300, deadline=None)
@given(start=KNOWN, n=st.integers(min_value=0, max_value=120))
def test_adding_then_counting_back_gives_n(start, n):
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    if n:
        assert is_workday(end)
        back = add_workdays(end, -n)
        assert back == start if is_workday(start) else back < start


@settings(max_examples=300, deadline=None)
@given(start=KNOWN, n=st.integers(min_value=1, max_value=120))
def test_result_is_a_working_day_and_monotone(start, n):
    assert is_workday(add_workdays(start, n))
    assert add_workdays(start, n) < add_workdays(start, n + 1)


@settings(max_examples=200, deadline=None)
@given(a=KNOWN, b=KNOWN)
def test_between_is_antisymmetric_and_matches_a_day_by_day_count(a, b):
    assert workdays_between(a, b) == -workdays_between(b, a)
    if a <= b and (b - a).days < 200:
        assert workdays_between(a, b) == sum(1 for d in days(a + dt.timedelta(days=1), b) if is_workday(d))
