"""The 工作台's 年报 line "勾稽规则未通过": the same count as the report's own rule check, current on every visit, in scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.catalog.models import Category, Item
from gongkai.core import annual_tables as at
from gongkai.credit.models import PenaltyRecord
from gongkai.inforequests import services
from gongkai.org.models import Unit
from gongkai.reports.admin import save_manual_cell
from gongkai.reports.models import AnnualReport, ManualCell
from gongkai.reports.statistics import compute_statistics, failing_rules
from gongkai.workbench.counts import report_year_and_due

User = get_user_model()
LABEL = "勾稽规则未通过"
PERSON = {"name": "测试", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800000000"}


def _office():
    return User.objects.get(username="gongkaiban")


def _cell(agency, year, row_key, column, value):
    return ManualCell.objects.create(agency=agency, year=year, table="proactive", row_key=row_key, column=column,
                                     value=Decimal(value), entered_by=_office())


def _records(agency, year):
    """Requests answered and open across the year's ends (those dated by today), a published rule and a penalty decided in `year`."""
    for received, answered_after in ((dt.date(year - 1, 12, 20), 10), (dt.date(year, 3, 2), 5),
                                     (dt.date(year, 12, 1), None), (dt.date(year - 1, 6, 1), None)):
        if received + dt.timedelta(days=answered_after or 0) > timezone.localdate():
            continue  # early in the year: what has not happened yet
        request, _ = services.register_request(agency, channel="in_person", submitted_on=received, confirmed_on=None,
                                               applicant_kind="自然人", applicant=PERSON, description="核对测试",
                                               user=_office())
        if answered_after is not None:
            services.decide(request, _office(), situation="disclose",
                            decided_on=received + dt.timedelta(days=answered_after))
    category = Category.objects.create(agency=agency, slug="rules", name="规章")
    Item.objects.create(agency=agency, unit=Unit.objects.filter(agency=agency).first(), category=category, title="规章", written_on=dt.date(year, 2, 1),
                        published_on=dt.date(year, 2, 10), state=Item.State.PUBLISHED,
                        document_kind=Item.DocumentKind.RULE)
    PenaltyRecord.objects.create(
        agency=agency, natural_key="k1", record_hash="h", document_number=f"示公罚〔{year}〕1号", party_name="某公司",
        party_kind=PenaltyRecord.PartyKind.ORGANISATION, decided_on=dt.date(year, 5, 6), fields={},
        penalty_categories="罚款", fine_wan=Decimal("0.5"))


def _entry(client, username):
    client.force_login(User.objects.get(username=username))
    response = client.get("/admin/")
    assert response.status_code == 200
    workbench = response.context["workbench"]
    return next((e for s in workbench.sections for e in s.entries if e.label == LABEL), None)


@pytest.fixture
def seeded(demo_bureau, other_agency, next_year_known):
    """The year the workbench shows, with records and hand-entered cells: two break a rule, one is fine, one is
    entered on a cell the records compute (so the report ignores it), and another bureau breaks one of its own."""
    year, _ = report_year_and_due(timezone.localdate())
    _records(demo_bureau, year)
    _cell(demo_bureau, year, "coercion", "本年处理决定数量", "-3")
    _cell(demo_bureau, year, "fees", "本年收费金额（单位：万元）", "-0.5")
    _cell(demo_bureau, year, "penalty", "本年处理决定数量", "-7")  # computed from the records: never used
    _cell(demo_bureau, year - 1, "coercion", "本年处理决定数量", "-1")  # last year's report, not this one
    _cell(other_agency, year, "coercion", "本年处理决定数量", "-2")
    return demo_bureau, year


@pytest.mark.django_db
@pytest.mark.date_sensitive  # the year shown turns over after 31 January
def test_the_count_is_the_reports_own_rule_check(client, seeded):
    agency, year = seeded
    report_check = compute_statistics(agency, year).violations
    assert [v.rule for v in report_check] == [at.Rule.NEGATIVE, at.Rule.NEGATIVE]
    entry = _entry(client, "gongkaiban")
    assert entry.count == len(report_check) == 2 and entry.urgent
    assert "核对于" in entry.note


@pytest.mark.django_db
def test_the_link_opens_the_report_page_listing_the_same_failures(client, seeded):
    agency, year = seeded
    report = AnnualReport.objects.create(agency=agency, year=year)
    entry = _entry(client, "gongkaiban")
    assert entry.url == f"/admin/reports/annualreport/{report.pk}/change/#violations"
    page = client.get(entry.url.split("#")[0])
    assert page.status_code == 200 and len(page.context["violations"]) == entry.count == 2


@pytest.mark.django_db
def test_an_edited_cell_changes_the_count_at_once(client, seeded):
    agency, year = seeded
    assert _entry(client, "gongkaiban").count == 2
    save_manual_cell(agency, year, "coercion", "本年处理决定数量", Decimal("4"), "执法办案系统统计", _office())
    assert _entry(client, "gongkaiban").count == 1 == len(compute_statistics(agency, year).violations)
    ManualCell.objects.filter(agency=agency, year=year, row_key="fees").delete()
    assert _entry(client, "gongkaiban").count == 0 == len(compute_statistics(agency, year).violations)


@pytest.mark.django_db
def test_a_signed_off_report_is_counted_as_frozen(client, seeded):
    agency, year = seeded
    AnnualReport.objects.create(agency=agency, year=year, state=AnnualReport.State.SIGNED_OFF,
                                frozen={"violations": [], "state": "signed_off"})
    entry = _entry(client, "gongkaiban")
    assert entry.count == 0 and "审定时冻结" in entry.note


@pytest.mark.django_db
def test_the_leader_sees_the_figure_without_a_link(client, seeded):
    entry = _entry(client, "lingdao")
    assert entry.count == 2 and entry.url is None


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["xxy-jiaojing", "sh-jiaojing", "shenhe"])
def test_unit_staff_get_no_agency_report_figures(client, seeded, username):
    assert _entry(client, username) is None


@pytest.mark.django_db
def test_a_2019_format_year_counts_as_its_report_does(demo_bureau):
    """The 2019 format's 本年增/减 may be negative; its other project columns may not."""
    _cell(demo_bureau, 2020, "fees", "本年增/减", "-2")
    _cell(demo_bureau, 2020, "coercion", "上一年项目数量", "-1")
    _cell(demo_bureau, 2020, "other_services", "处理决定数量", "-4")
    assert failing_rules([demo_bureau.pk], 2020) == {demo_bureau.pk: 2}
    assert len(compute_statistics(demo_bureau, 2020).violations) == 2
