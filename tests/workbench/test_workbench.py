"""The 工作台 (/admin/) for each demo role: what it counts, in whose scope, and that every link lists those rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.catalog.models import Category, Consultation, Item
from gongkai.credit.models import ImportBatch, PenaltyRecord, RepairApplication
from gongkai.enforcement.models import DecisionDocument
from gongkai.holidays.calendar import current_calendar
from gongkai.inforequests.models import ApplicantDetails, InfoRequest, RequestEvent
from gongkai.org.models import Unit

User = get_user_model()
APPLICANT_NAME = "申请人甲某某"


def _user(name):
    return User.objects.get(username=name)


def _request(agency, number, received_on, state=InfoRequest.State.IN_PROGRESS):
    request = InfoRequest.objects.create(
        agency=agency, number=number, query_code_hash="x", channel="online", submitted_on=received_on,
        confirmed_on=received_on, received_on=received_on, applicant_kind="自然人", description="某路口监控设置情况",
        state=state)
    ApplicantDetails.objects.create(request=request, name=APPLICANT_NAME, phone="13800000000")
    return request


def _document(agency, unit, n, state=DecisionDocument.State.PENDING, **fields):
    return DecisionDocument.objects.create(
        agency=agency, unit=unit, document_number=f"示公交行罚决字〔2026〕{n}号", title="行政处罚决定书",
        decided_on=fields.pop("decided_on", timezone.localdate()), original_text="……", source_hash=f"h{n}",
        state=state, **fields)


@pytest.fixture
def work(demo_bureau, next_year_known):
    """A little of everything: two units' drafts and documents, requests on every clock state, 双公示 work."""
    agency = demo_bureau
    today = timezone.localdate()
    calendar = current_calendar()
    traffic = Unit.objects.get(agency=agency, name="交警支队")
    public_order = Unit.objects.get(agency=agency, name="治安支队")
    category = Category.objects.create(agency=agency, slug="traffic", name="交通管理")

    def item(unit, state, written_on=today):
        return Item.objects.create(agency=agency, unit=unit, category=category, title="通告", written_on=written_on,
                                   state=state)

    item(traffic, Item.State.DRAFT)
    item(traffic, Item.State.DRAFT, written_on=today - dt.timedelta(days=60))  # past the 20-working-day limit
    item(traffic, Item.State.IN_REVIEW)
    for _ in range(3):
        item(public_order, Item.State.DRAFT, written_on=today - dt.timedelta(days=90))
    item(public_order, Item.State.IN_REVIEW)
    Consultation.objects.create(agency=agency, unit=traffic, title="征求意见稿", draft_text="……", is_published=True,
                                opens_on=today - dt.timedelta(days=20), closes_on=today + dt.timedelta(days=3))

    _document(agency, traffic, 1, publish_due=today - dt.timedelta(days=3))
    _document(agency, public_order, 2, publish_due=calendar.add_workdays(today, 2))
    _document(agency, public_order, 3, publish_due=calendar.add_workdays(today, 6))
    _document(agency, public_order, 4, state=DecisionDocument.State.EXCLUDED, exclusion_code="minor")
    _document(agency, traffic, 5, state=DecisionDocument.State.PUBLISHED, changed_on=today, change_ground="changed",
              withdrawal_due=calendar.add_workdays(today, 3))

    _request(agency, "2026-0001", today - dt.timedelta(days=60))  # overdue
    _request(agency, "2026-0002", calendar.add_workdays(today, -17))  # due in 3 working days
    paused = _request(agency, "2026-0003", calendar.add_workdays(today, -3))
    RequestEvent.objects.create(request=paused, kind="consultation_started", on=calendar.add_workdays(today, -1),
                                deadline=calendar.add_workdays(today, 10))
    _request(agency, "2026-0004", today, state=InfoRequest.State.AWAITING_CONFIRMATION)
    _request(agency, "2026-0005", calendar.add_workdays(today, -10), state=InfoRequest.State.DECIDED)

    ImportBatch.objects.create(agency=agency, kind="penalty", file_name="a.csv", status=ImportBatch.Status.FAILED)
    ImportBatch.objects.create(agency=agency, kind="penalty", file_name="b.csv", status=ImportBatch.Status.RUNNING)
    record = PenaltyRecord.objects.create(
        agency=agency, natural_key="k1", record_hash="h", document_number="示公罚〔2026〕1号", party_name="某公司",
        party_kind=PenaltyRecord.PartyKind.ORGANISATION, decided_on=today - dt.timedelta(days=170), fields={},
        penalty_categories="罚款", fine_wan=Decimal("0.5"), publicity_ends_on=today + dt.timedelta(days=10))
    RepairApplication.objects.create(agency=agency, record=record, applicant="某公司", applied_on=today)
    return agency


def _workbench(client, username):
    client.force_login(_user(username))
    response = client.get("/admin/")
    assert response.status_code == 200
    return response, response.context["workbench"]


def _counts(workbench) -> dict[tuple[str, str], int | None]:
    return {(s.key, e.label): e.count for s in workbench.sections for e in s.entries}


@pytest.mark.django_db
@pytest.mark.parametrize("username, first, sections", [
    ("gongkaiban", "requests", {"requests", "catalog", "enforcement", "credit", "report"}),
    ("lingdao", "requests", {"requests", "catalog", "enforcement", "credit", "report"}),
    ("shenhe", "catalog", {"catalog", "enforcement", "credit"}),
    ("xxy-jiaojing", "catalog", {"catalog", "enforcement"}),
    ("sh-jiaojing", "catalog", {"catalog", "enforcement"}),
])
def test_each_role_sees_its_own_part_first(client, work, username, first, sections):
    _, workbench = _workbench(client, username)
    keys = [s.key for s in workbench.sections]
    assert keys[0] == first
    assert set(keys) - {"alerts"} == sections


@pytest.mark.django_db
def test_office_sees_the_whole_agency(client, work):
    _, workbench = _workbench(client, "gongkaiban")
    counts = _counts(workbench)
    assert counts[("requests", "已超期")] == 1
    assert counts[("requests", "5个工作日内到期")] == 1
    assert counts[("requests", "暂停计算")] == 1
    assert counts[("requests", "待确认收到")] == 1
    assert counts[("requests", "已决定未送达")] == 1
    assert counts[("catalog", "草稿")] == 5
    assert counts[("catalog", "待审核")] == 2
    assert counts[("catalog", "超过20个工作日未公开")] == 4
    assert counts[("catalog", "7日内截止的征求意见")] == 1
    assert counts[("enforcement", "待审核文书")] == 3
    assert counts[("enforcement", "已超7个工作日")] == 1
    assert counts[("enforcement", "3个工作日内到期")] == 1
    assert counts[("enforcement", "不予公开")] == 1
    assert counts[("enforcement", "待撤回（决定已变更）")] == 1
    assert counts[("credit", "导入中的批次")] == 1
    assert counts[("credit", "导入失败的批次")] == 1
    assert counts[("credit", "30日内公示期满的行政处罚信息")] == 1
    assert counts[("credit", "待审核的信用修复申请")] == 1
    paused = next(e for s in workbench.sections for e in s.entries if e.label == "暂停计算")
    assert "征求" in paused.note and "到期" in paused.note  # which pause, and until when


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["xxy-jiaojing", "sh-jiaojing"])
def test_a_traffic_unit_never_sees_another_units_counts(client, work, username):
    response, workbench = _workbench(client, username)
    counts = _counts(workbench)
    drafts_label = "本单位草稿"
    assert counts[("catalog", drafts_label)] == 2  # not the 治安支队's three
    assert counts[("catalog", "待审核")] == 1
    assert counts[("catalog", "超过20个工作日未公开")] == 1
    assert counts[("enforcement", "待审核文书")] == 1
    assert counts[("enforcement", "3个工作日内到期")] == 0  # that one is the 治安支队's
    assert counts[("enforcement", "不予公开")] == 0
    assert not any(s.key in ("requests", "credit", "report") for s in workbench.sections)
    assert "交警支队" in response.content.decode()


@pytest.mark.django_db
def test_the_officer_sees_drafts_first_and_the_reviewer_the_review_queue(client, work):
    _, officer = _workbench(client, "xxy-jiaojing")
    assert officer.sections[0].entries[0].label == "本单位草稿"
    _, reviewer = _workbench(client, "sh-jiaojing")
    assert reviewer.sections[0].entries[0].label == "待审核"


@pytest.mark.django_db
def test_the_leader_sees_figures_only(client, work):
    response, workbench = _workbench(client, "lingdao")
    page = response.content.decode()
    assert workbench.figures_only
    assert all(e.url is None for s in workbench.sections for e in s.entries)
    assert APPLICANT_NAME not in page and "2026-0001" not in page
    assert "/admin/inforequests/" not in page
    assert _counts(workbench)[("requests", "已超期")] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["gongkaiban", "shenhe", "xxy-jiaojing", "sh-jiaojing"])
def test_every_count_opens_a_list_of_exactly_that_many_rows(client, work, username):
    _, workbench = _workbench(client, username)
    linked = [e for s in workbench.sections for e in s.entries if e.exact]
    assert linked
    for entry in linked:
        response = client.get(entry.url)
        assert response.status_code == 200, entry
        assert response.context["cl"].result_count == entry.count, entry


@pytest.mark.django_db
def test_the_model_list_stays_one_click_away(client, work):
    response, _ = _workbench(client, "gongkaiban")
    assert 'href="/admin/models/"' in response.content.decode()
    models = client.get("/admin/models/")
    assert models.status_code == 200 and models.context["app_list"]


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_the_annual_report_countdown_missing_cells_and_rules(client, work):
    _, workbench = _workbench(client, "gongkaiban")
    [countdown, missing, failing] = next(s for s in workbench.sections if s.key == "report").entries
    today = timezone.localdate()
    due = dt.date(today.year if today <= dt.date(today.year, 1, 31) else today.year + 1, 1, 31)
    assert countdown.count == (due - today).days and "第四十九条" in countdown.note
    assert missing.count > 0
    assert failing.label == "勾稽规则未通过" and failing.count == 0  # nothing entered by hand yet


@pytest.mark.django_db
def test_next_years_holiday_notice_is_asked_for_from_november(rf, demo_bureau):
    from gongkai.core.workdays import package_calendar
    from gongkai.workbench.counts import build

    last_known = max(package_calendar().years)
    request = rf.get("/admin/")
    request.user = _user("gongkaiban")

    def alerts(today):
        return [e.label for s in build(request, today).sections if s.key == "alerts" for e in s.entries]

    assert alerts(dt.date(last_known, 11, 2)) == [f"尚未录入{last_known + 1}年节假日安排"]
    assert alerts(dt.date(last_known, 10, 30)) == []
