"""Table 三 on the one request clock: a missing holiday year is named and blocks sign-off (finding 8),
unconfirmed ordinary letters are counted from their arrival day, unconfirmed online requests are not
(finding 4's tail)."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from gongkai.core.workdays import WorkCalendar, package_calendar
from gongkai.inforequests import services
from gongkai.reports import statistics
from gongkai.reports.document import build_document
from gongkai.reports.models import AnnualReport
from gongkai.reports.signoff import SignOffRefused, outstanding, sign_off

D = dt.date
PERSON = {"name": "测试", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800000000"}

pytestmark = pytest.mark.django_db


def office():
    return User.objects.get(username="gongkaiban")


def file_request(agency, submitted, channel="in_person", confirmed=None):
    request, _ = services.register_request(agency, channel=channel, submitted_on=submitted, confirmed_on=confirmed,
                                           applicant_kind="自然人", applicant=PERSON, description="报告测试",
                                           user=office())
    return request


@pytest.fixture
def without_2025(monkeypatch):
    """The calendar in force as if the 2025 holiday notice had never been entered."""
    schedules = {year: s for year, s in package_calendar().schedules.items() if year != 2025}
    monkeypatch.setattr(statistics, "current_calendar", lambda: WorkCalendar(schedules))


def test_missing_holiday_year_is_named_and_withdrawal_still_counted(demo_bureau, without_2025):
    """Finding 8: received 2024-12-10, withdrawn 12-20, 2025 missing → （六）3, not 结转; 2025 named."""
    request = file_request(demo_bureau, D(2024, 12, 10))
    services.record_event(request, office(), "withdrawn", D(2024, 12, 20))
    stats = statistics.compute_statistics(demo_bureau, 2024)
    assert stats.unknown_calendar_years == {2025}
    rows = stats.tables.requests
    assert rows["carried_out"]["自然人"] == 0
    assert sum(rows[key]["自然人"] for key in rows if key.startswith("other.")) == 1


def test_report_names_the_missing_year_and_refuses_sign_off(demo_bureau, without_2025):
    file_request(demo_bureau, D(2024, 12, 10))
    document = build_document(demo_bureau, 2024)
    assert document["calendar_missing"] == [2025]
    assert any("缺少2025年节假日安排" in item for item in outstanding(document))
    report = AnnualReport.objects.create(agency=demo_bureau, year=2024)
    with pytest.raises(SignOffRefused) as refused:
        sign_off(report, User.objects.get(username="lingdao"))
    assert "缺少2025年节假日安排" in refused.value.reasons[0]
    report.refresh_from_db()
    assert report.state == AnnualReport.State.DRAFT and report.frozen is None


def test_a_complete_calendar_adds_nothing_to_the_document(demo_bureau):
    file_request(demo_bureau, D(2024, 12, 10))
    assert "calendar_missing" not in build_document(demo_bureau, 2024)


def test_unconfirmed_ordinary_letter_counts_from_arrival_online_does_not(demo_bureau):
    """Art.31(二): the office must confirm a 平常信函 on its arrival day, so an unconfirmed one is
    received then; an online request is received only on 双方确认 (art.31(三))."""
    file_request(demo_bureau, D(2025, 11, 3), channel="post_ordinary")
    file_request(demo_bureau, D(2025, 11, 3), channel="online")
    rows = statistics.compute_statistics(demo_bureau, 2025).tables.requests
    assert rows["new"]["自然人"] == 1 and rows["carried_out"]["自然人"] == 1


def test_currently_valid_counts_an_item_withdrawn_after_the_year_end(demo_bureau):
    """Finding 9: 现行有效件数 is the count on 31 December, not by today's state."""
    from gongkai.catalog import workflow
    from gongkai.catalog.models import Category, Item
    from gongkai.org.models import Unit

    unit = Unit.objects.get(agency=demo_bureau, name="交警支队")
    category = Category.objects.create(agency=demo_bureau, slug="rules-test", name="规章测试")
    item = Item.objects.create(agency=demo_bureau, unit=unit, category=category, title="示范规章",
                               written_on=D(2024, 3, 1), document_kind=Item.DocumentKind.RULE)
    item = workflow.submit_item(item, User.objects.get(username="xxy-jiaojing"))
    item = workflow.publish_item(item, User.objects.get(username="sh-jiaojing"))
    Item.objects.filter(pk=item.pk).update(published_on=D(2024, 3, 5))
    before = statistics.compute_statistics(demo_bureau, 2024).tables.proactive_disclosure["rules"]["现行有效件数"]
    workflow.withdraw_item(Item.objects.get(pk=item.pk), User.objects.get(username="sh-jiaojing"), "测试撤回")
    after = statistics.compute_statistics(demo_bureau, 2024).tables.proactive_disclosure["rules"]["现行有效件数"]
    assert before == after >= 1  # withdrawn today (after 2024-12-31): still in force at the year's end
    assert Item.objects.get(pk=item.pk).state == Item.State.WITHDRAWN
