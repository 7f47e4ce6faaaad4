"""Tests for gongkai.core.publicity: windows under the 2019 and 2026 rules, repair, and the deadlines."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.publicity import (
    RULES_2019,
    RULES_2026,
    PublicityWindow,
    add_months,
    publication_deadlines,
    publicity_window,
    publish_due,
    push_due,
    repair_eligible,
    rules_for,
    withdrawal_due,
)
from gongkai.core.workdays import package_calendar

D = date


def test_add_months_clamps_to_month_end():
    assert add_months(D(2019, 10, 10), 12) == D(2020, 10, 10)
    assert add_months(D(2019, 8, 31), 6) == D(2020, 2, 29)
    assert add_months(D(2021, 1, 31), 1) == D(2021, 2, 28)
    assert add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)


@pytest.mark.parametrize(("day", "expected"), [
    (D(2018, 1, 1), RULES_2019), (D(2019, 10, 10), RULES_2019), (D(2026, 3, 31), RULES_2019),
    (D(2026, 4, 1), RULES_2026), (D(2030, 1, 1), RULES_2026),
])
def test_rules_for_the_decision_date(day, expected):
    assert rules_for(day) is expected


def test_ordinary_same_under_both_rule_sets():
    assert publicity_window(D(2026, 3, 31), "一般") == (D(2026, 7, 1), D(2027, 3, 31), True)
    assert publicity_window(D(2026, 4, 1), "一般") == (D(2026, 7, 2), D(2027, 4, 1), True)


def test_serious_minimum_changes_on_2026_04_01():
    # 527号: at least 6 months; 2026 办法: at least 1 year. Maximum 3 years under both.
    assert publicity_window(D(2026, 3, 31), "严重") == (D(2026, 10, 1), D(2029, 3, 31), True)
    assert publicity_window(D(2026, 4, 1), "严重") == (D(2027, 4, 2), D(2029, 4, 1), True)


def test_minor_before_and_after_2026_04_01():
    # 2019: no 轻微 category, treated as 一般 (published, 3 months-1 year).
    assert publicity_window(D(2026, 3, 31), "轻微") == (D(2026, 7, 1), D(2027, 3, 31), True)
    # 2026: not published in principle ...
    assert publicity_window(D(2026, 4, 1), "轻微") == PublicityWindow(None, None, False)
    # ... or at most 3 months, repairable at once, if the authority publishes it.
    assert publicity_window(D(2026, 4, 1), "轻微", publish_minor=True) == (D(2026, 4, 1), D(2026, 7, 1), True)


def test_explicit_rules_override_the_date():
    assert publicity_window(D(2020, 1, 15), "严重", RULES_2026) == (D(2021, 1, 16), D(2023, 1, 15), True)


def test_sample_record_one_year_window():
    """The 双鸭山 sample: decided 2019-10-10, 公示截止期 about a year later (§4.2)."""
    earliest, end, published = publicity_window(D(2019, 10, 10), "一般")
    assert published and end == D(2020, 10, 10) and earliest == D(2020, 1, 11)


def test_unknown_severity():
    with pytest.raises(ValueError, match="失信程度"):
        publicity_window(D(2026, 4, 1), "特别严重")


def test_repair_eligibility():
    decided = D(2026, 4, 1)
    assert not repair_eligible(decided, "一般", D(2026, 7, 1), obligations_performed=True)
    assert repair_eligible(decided, "一般", D(2026, 7, 2), obligations_performed=True)
    assert not repair_eligible(decided, "一般", D(2026, 7, 2), obligations_performed=False)
    assert not repair_eligible(decided, "一般", D(2027, 4, 2), obligations_performed=True)  # already taken down
    assert not repair_eligible(decided, "严重", D(2027, 4, 1), obligations_performed=True)
    assert repair_eligible(decided, "严重", D(2027, 4, 2), obligations_performed=True)
    assert not repair_eligible(decided, "轻微", D(2026, 5, 1), obligations_performed=True)  # nothing published
    assert repair_eligible(decided, "轻微", decided, obligations_performed=True, publish_minor=True)


@given(st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31)), st.sampled_from(["轻微", "一般", "严重"]))
def test_window_properties(decided, severity):
    earliest, end, published = publicity_window(decided, severity)
    if not published:
        assert decided >= D(2026, 4, 1) and severity == "轻微" and earliest is None and end is None
        return
    assert decided < earliest <= end
    assert end <= add_months(decided, 36)


# --- working-day deadlines (2026 holidays: 国办发明电〔2025〕7号, as in test_workdays) ------------------

def test_push_and_publish_deadlines_skip_the_holiday():
    calendar = package_calendar()
    # Decided Wed 2026-09-30: 10-01..10-07 off; working days 10-08, 10-09, Sat 10-10 (调休), 10-12, 10-13 …
    assert push_due(D(2026, 9, 30), calendar) == D(2026, 10, 13)
    assert publish_due(D(2026, 9, 30), calendar) == D(2026, 10, 15)
    assert publication_deadlines(D(2026, 9, 30), calendar) == (D(2026, 10, 13), D(2026, 10, 15))
    # An ordinary week: decided Mon 2026-03-02.
    assert push_due(D(2026, 3, 2), calendar) == D(2026, 3, 9)
    assert publish_due(D(2026, 3, 2)) == D(2026, 3, 11)


def test_withdrawal_within_three_working_days():
    calendar = package_calendar()
    assert withdrawal_due(D(2026, 3, 5), calendar) == D(2026, 3, 10)  # Thu → Tue
    assert withdrawal_due(D(2026, 4, 30), calendar) == D(2026, 5, 8)  # 劳动节 5-01..05 off, Sat 5-09 on
