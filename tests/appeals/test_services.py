"""Review and litigation cases: recording and closing them with the audit log, table 四 counts, the scoped admin."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.appeals.models import AppealCase
from gongkai.appeals.services import appeal_counts, close_case, record_case
from gongkai.core.annual_tables import APPEAL_BLOCKS, APPEAL_COLUMNS
from gongkai.org.models import AuditEntry

D = dt.date
REVIEW, LITIGATION = AppealCase.Kind.REVIEW, AppealCase.Kind.LITIGATION
DIRECT, AFTER_REVIEW = AppealCase.LitigationRoute.DIRECT, AppealCase.LitigationRoute.AFTER_REVIEW


def office():
    return User.objects.get(username="gongkaiban")


def case(agency, kind=REVIEW, filed_on=D(2024, 3, 1), route="", number=None, closed=None):
    """A case filed on `filed_on`, closed with `closed` = (outcome, date) when given."""
    created = record_case(agency, kind=kind, litigation_route=route, filed_on=filed_on,
                          case_number=number or f"案-{AppealCase.objects.count() + 1}", user=office())
    if closed:
        created = close_case(created, outcome=closed[0], closed_on=closed[1], user=office())
    return created


@pytest.mark.django_db
def test_recording_and_closing_a_case_is_audited(demo_bureau):
    created = case(demo_bureau, LITIGATION, route=DIRECT, number="（2024）示0102行初12号")
    assert created.outcome == AppealCase.Outcome.PENDING and created.closed_on is None
    closed = close_case(created, outcome="corrected", closed_on=D(2024, 9, 1), user=office())
    assert (closed.outcome, closed.closed_on) == ("corrected", D(2024, 9, 1))
    entries = AuditEntry.objects.filter(object_id=str(created.pk)).order_by("id")
    assert [e.action for e in entries] == ["create", "update"]
    assert entries[1].before["outcome"] == "pending" and entries[1].after["outcome"] == "corrected"
    assert entries[0].actor_name == "李公开"
    with pytest.raises(ValidationError, match="已审结"):
        close_case(closed, outcome="upheld", closed_on=D(2024, 9, 2))


@pytest.mark.django_db
@pytest.mark.parametrize("kwargs, field", [
    ({"kind": REVIEW, "litigation_route": DIRECT}, "litigation_route"),
    ({"kind": LITIGATION, "litigation_route": ""}, "litigation_route"),
    ({"kind": REVIEW, "filed_on": D(2099, 1, 1)}, "filed_on"),
])
def test_impossible_cases_are_refused(demo_bureau, kwargs, field):
    with pytest.raises(ValidationError) as excinfo:
        record_case(demo_bureau, **{"filed_on": D(2024, 3, 1), **kwargs})
    assert field in excinfo.value.message_dict and not AppealCase.objects.exists()


@pytest.mark.django_db
def test_a_case_cannot_close_before_it_was_filed_or_twice_under_one_number(demo_bureau):
    created = case(demo_bureau, number="复-1")
    with pytest.raises(ValidationError) as excinfo:
        close_case(created, outcome="upheld", closed_on=D(2024, 2, 1))
    assert "closed_on" in excinfo.value.message_dict
    with pytest.raises(ValidationError, match="已登记"):
        case(demo_bureau, number="复-1")


@pytest.mark.django_db
def test_appeal_counts_count_cases_filed_in_the_year_with_the_outcome_at_year_end(demo_bureau):
    case(demo_bureau, filed_on=D(2024, 3, 1), closed=("upheld", D(2024, 6, 1)))
    case(demo_bureau, filed_on=D(2024, 5, 1), closed=("upheld", D(2024, 12, 31)))  # closed on the last day: counts
    case(demo_bureau, filed_on=D(2024, 11, 1), closed=("corrected", D(2025, 1, 10)))  # decided after year end
    case(demo_bureau, filed_on=D(2024, 12, 20))  # still pending
    case(demo_bureau, LITIGATION, D(2024, 2, 1), DIRECT, closed=("other", D(2024, 8, 1)))
    case(demo_bureau, LITIGATION, D(2024, 12, 31), AFTER_REVIEW, closed=("corrected", D(2024, 12, 31)))
    case(demo_bureau, LITIGATION, D(2023, 12, 31), DIRECT, closed=("upheld", D(2024, 3, 1)))  # filed 2023
    case(demo_bureau, LITIGATION, D(2025, 1, 1), DIRECT)  # filed 2025

    counts = appeal_counts(demo_bureau, 2024)
    assert list(counts) == [block.key for block in APPEAL_BLOCKS]
    assert all(list(cells) == list(APPEAL_COLUMNS) for cells in counts.values())
    assert counts == {
        "review": {"结果维持": 2, "结果纠正": 0, "其他结果": 0, "尚未审结": 2, "总计": 4},
        "litigation_direct": {"结果维持": 0, "结果纠正": 0, "其他结果": 1, "尚未审结": 0, "总计": 1},
        "litigation_after_review": {"结果维持": 0, "结果纠正": 1, "其他结果": 0, "尚未审结": 0, "总计": 1},
    }
    assert appeal_counts(demo_bureau, 2023)["litigation_direct"] == {
        "结果维持": 0, "结果纠正": 0, "其他结果": 0, "尚未审结": 1, "总计": 1}
    next_year = appeal_counts(demo_bureau, 2025)
    assert next_year["review"]["总计"] == 0  # the case decided in 2025 stays in 2024's table only
    assert next_year["litigation_direct"] == {"结果维持": 0, "结果纠正": 0, "其他结果": 0, "尚未审结": 1, "总计": 1}


@pytest.mark.django_db
def test_appeal_counts_plug_into_the_annual_tables_and_pass_their_checks(demo_bureau):
    from gongkai.core.annual_tables import FORMAT_2021, check_consistency, empty_tables

    case(demo_bureau, filed_on=D(2024, 3, 1), closed=("upheld", D(2024, 6, 1)))
    tables = empty_tables(FORMAT_2021)
    tables.appeals = appeal_counts(demo_bureau, 2024)
    assert check_consistency(tables, FORMAT_2021) == []


@pytest.mark.django_db
def test_the_admin_lists_the_agency_cases_and_audits_a_save(client, demo_bureau):
    created = case(demo_bureau, number="复-9")
    client.force_login(office())
    listing = client.get(reverse("admin:appeals_appealcase_changelist"))
    assert listing.status_code == 200 and "复-9" in listing.content.decode()
    url = reverse("admin:appeals_appealcase_change", args=[created.pk])
    form = {"agency": demo_bureau.pk, "kind": "review", "litigation_route": "", "case_number": "复-9", "body": "示范市人民政府",
            "request": "", "filed_on": "2024-03-01", "outcome": "upheld", "closed_on": "", "note": ""}
    refused = client.post(url, form)
    assert refused.status_code == 200 and "已审结的案件须填写审结日期" in refused.content.decode()
    saved = client.post(url, {**form, "closed_on": "2024-05-01"})
    assert saved.status_code == 302
    created.refresh_from_db()
    assert (created.outcome, created.closed_on) == ("upheld", D(2024, 5, 1))
    assert AuditEntry.objects.filter(object_id=str(created.pk), action="update").count() == 1
    client.force_login(User.objects.get(username="xxy-jiaojing"))  # an officer has no appeals permission
    assert client.get(reverse("admin:appeals_appealcase_changelist")).status_code == 403
