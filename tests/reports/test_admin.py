"""The annual report's admin and services: the report page, manual cells, text, sign-off (refused on a broken rule), freezing, publishing, scope, audit."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.inforequests import services
from gongkai.org import roles
from gongkai.org.models import Agency, AuditEntry, StaffProfile
from gongkai.reports.document import build_document
from gongkai.reports.models import AnnualReport, ManualCell
from gongkai.reports.publishing import publish_report
from gongkai.reports.signoff import SignOffRefused, sign_off

pytestmark = pytest.mark.django_db
D = dt.date
PERSON = {"name": "测试", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800000000"}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def user(username):
    return User.objects.get(username=username)


def client_for(username):
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user(username))
    return client


def file_request(agency, received):
    request, _ = services.register_request(agency, channel="in_person", submitted_on=received, confirmed_on=None,
                                           applicant_kind="自然人", applicant=PERSON, description="报告测试",
                                           user=user("gongkaiban"))
    return request


@pytest.fixture
def report(demo_bureau):
    return AnnualReport.objects.create(agency=demo_bureau, year=2025)


def page_url(report):
    return reverse("admin:reports_annualreport_change", args=[report.pk])


def negative_cell(agency):
    return ManualCell.objects.create(agency=agency, year=2025, table="proactive", row_key="coercion",
                                     column="本年处理决定数量", value=Decimal("-2"), note="录入错误",
                                     entered_by=user("gongkaiban"))


def test_report_page_shows_the_live_report_deadline_missing_cells_and_placeholders(report):
    page = client_for("gongkaiban").get(page_url(report)).content.decode()
    assert "报送期限：2026年1月31日" in page and 'id="countdown"' in page
    assert "尚未审定" in page and "项数据未填报" in page
    assert "第二十条第（六）项　行政强制／本年处理决定数量" in page  # a missing cell with its form
    assert "<code>{主动公开总数}</code>" in page and "<code>{新收申请数}</code>" in page
    assert 'srcdoc="&lt;!DOCTYPE' in page  # the standalone report page, escaped into the frame
    assert "sandbox" in page and "（本列数据的勾稽关系为" in page  # the report itself, as readers see it
    for fmt in ("json", "html", "docx", "pdf", "xlsx"):
        assert f'id="download-{fmt}"' in page
    assert 'id="sign-off"' in page  # 公开办 holds reports.* (sign_off_report included)
    assert 'id="publish"' not in page  # not before sign-off


def test_manual_cell_from_the_page_keeps_who_entered_it_and_is_audited(report):
    client = client_for("gongkaiban")
    response = client.post(reverse("admin:reports_annualreport_manual_cell", args=[report.pk]),
                           {"cell": "coercion|本年处理决定数量", "value": "12", "note": "执法办案系统"})
    assert response.status_code == 302
    cell = ManualCell.objects.get(agency=report.agency, year=2025, row_key="coercion")
    assert cell.value == Decimal("12") and cell.entered_by == user("gongkaiban") and cell.table == "proactive"
    assert AuditEntry.objects.filter(action="create", summary__contains="手工填报2025年度报告表二").exists()
    document = build_document(report.agency, 2025, report=report)
    assert document["tables"]["二、主动公开政府信息情况"]["第二十条第（六）项"]["行政强制"]["本年处理决定数量"] == 12
    bad = client.post(reverse("admin:reports_annualreport_manual_cell", args=[report.pk]),
                      {"cell": "total|总计", "value": "1"})
    assert bad.status_code == 302 and ManualCell.objects.count() == 1  # only table 二 cells are offered


def test_narrative_edit_keeps_placeholders_live_and_is_audited(report):
    client = client_for("gongkaiban")
    client.post(reverse("admin:reports_annualreport_narrative", args=[report.pk]),
                {"section-problems": "本年共新收申请{新收申请数}件，{不存在的数字}照常显示。"})
    report.refresh_from_db()
    assert report.narrative == {"problems": "本年共新收申请{新收申请数}件，{不存在的数字}照常显示。"}
    file_request(report.agency, D(2025, 5, 6))
    problems = next(s for s in build_document(report.agency, 2025, report=report)["sections"] if s["key"] == "problems")
    assert problems["paragraphs"] == ["本年共新收申请1件，{不存在的数字}照常显示。"]
    page = client.get(page_url(report)).content.decode()
    assert "未知的占位符" in page and "{不存在的数字}" in page
    assert AuditEntry.objects.filter(action="update", summary="修改2025年度报告正文").exists()


def test_sign_off_is_refused_naming_the_cell_and_why_while_a_rule_fails(report):
    negative_cell(report.agency)
    with pytest.raises(SignOffRefused) as refused:
        sign_off(report, user("lingdao"))
    assert any("行政强制" in reason and "不能为负数" in reason for reason in refused.value.reasons)
    report.refresh_from_db()
    assert report.state == AnnualReport.State.DRAFT and report.frozen is None
    response = client_for("lingdao").post(reverse("admin:reports_annualreport_sign_off", args=[report.pk]), follow=True)
    page = response.content.decode()
    assert "勾稽关系检查未通过，不能审定" in page and "「行政强制」行「本年处理决定数量」列为-2" in page
    assert not AuditEntry.objects.filter(action="review", summary__contains="审定").exists()


def test_sign_off_needs_the_permission_and_the_scope(report, demo_bureau):
    with pytest.raises(PermissionDenied):
        sign_off(report, user("xxy-jiaojing"))  # 信息员
    other = Agency.objects.create(code="other-psb", name="另一市公安局", office_name="公开办", office_address="某路1号",
                                  office_phone="0371-1", office_hours="工作日")
    stranger = User.objects.create_user("other-leader", is_staff=True)
    stranger.groups.add(Group.objects.get(name=roles.LEADER))
    StaffProfile.objects.create(user=stranger, agency=other, full_name="他局长")
    with pytest.raises(PermissionDenied):
        sign_off(report, stranger)


def test_signed_off_report_is_frozen_and_does_not_move_when_records_change(report):
    file_request(report.agency, D(2025, 3, 3))
    client = client_for("lingdao")
    response = client.post(reverse("admin:reports_annualreport_sign_off", args=[report.pk]), follow=True)
    assert "报告已审定，数据已冻结" in response.content.decode()
    report.refresh_from_db()
    assert report.state == AnnualReport.State.SIGNED_OFF and report.signed_off_by == user("lingdao")
    frozen = build_document(report.agency, 2025, report=report)
    assert frozen["state"] == "signed_off" and frozen["signed_off_by"] == "王局长"
    assert frozen["figures"]["新收申请数"] == 1
    entry = AuditEntry.objects.get(action="review", object_id=str(report.pk))
    assert entry.actor == user("lingdao") and "数据冻结" in entry.summary
    # Records entered afterwards, and a late manual cell, change nothing in the signed-off report.
    file_request(report.agency, D(2025, 6, 1))
    file_request(report.agency, D(2025, 7, 1))
    ManualCell.objects.create(agency=report.agency, year=2025, table="proactive", row_key="coercion",
                              column="本年处理决定数量", value=Decimal("9"), entered_by=user("gongkaiban"))
    report.refresh_from_db()
    again = build_document(report.agency, 2025, report=report)
    assert again == frozen
    assert build_document(report.agency, 2025)["figures"]["新收申请数"] == 3  # the live figures did move
    assert "报告已审定，正文不能再修改" in client_for("gongkaiban").post(
        reverse("admin:reports_annualreport_narrative", args=[report.pk]), {"section-other": "x"},
        follow=True).content.decode()
    with pytest.raises(Exception):
        sign_off(report, user("lingdao"))  # once only


def test_publish_creates_the_portal_item_in_the_annual_reports_column_and_republish_updates_it(report):
    from gongkai.catalog.demo import create_directory

    create_directory(report.agency)
    file_request(report.agency, D(2025, 3, 3))
    with pytest.raises(Exception):
        publish_report(report, user("gongkaiban"))  # not before sign-off
    sign_off(report, user("lingdao"))
    report.refresh_from_db()
    with pytest.raises(PermissionDenied):
        publish_report(report, user("lingdao"))  # 领导 signs off; publishing is the office's
    response = client_for("gongkaiban").post(reverse("admin:reports_annualreport_publish", args=[report.pk]),
                                             follow=True)
    assert "已在门户“政府信息公开年报”栏目发布" in response.content.decode()
    report.refresh_from_db()
    item = report.published_item
    assert report.state == AnnualReport.State.PUBLISHED and item is not None
    assert item.state == Item.State.PUBLISHED and item.category.slug == "annual-reports"
    assert item.title == "示范市公安局2025年政府信息公开工作年度报告" and item.index_number
    assert item.created_by == user("lingdao") and item.reviewed_by == user("gongkaiban")
    assert 'colspan="7"' in item.body and "（本列数据的勾稽关系为" in item.body and "<svg" not in item.body
    attachment = item.attachments.get()
    assert attachment.file.name.endswith(".pdf") and attachment.check_status == "clean"
    assert attachment.file.open("rb").read(4) == b"%PDF"
    assert AuditEntry.objects.filter(action="publish", object_id=str(report.pk)).exists()
    assert AuditEntry.objects.filter(action="publish", object_id=str(item.pk)).exists()  # through the workflow
    # Publishing again updates the same item (变更) rather than adding a second report.
    again = publish_report(report, user("gongkaiban"))
    assert again.pk == item.pk and Item.objects.filter(category__slug="annual-reports", agency=report.agency,
                                                       title=item.title).count() == 1
    assert again.attachments.count() == 1


def test_an_agencys_office_cannot_see_another_agencys_report(report):
    other = Agency.objects.create(code="other-psb", name="另一市公安局", office_name="公开办", office_address="某路1号",
                                  office_phone="0371-1", office_hours="工作日")
    theirs = AnnualReport.objects.create(agency=other, year=2025)
    stranger = User.objects.create_user("other-office", is_staff=True)
    stranger.groups.add(Group.objects.get(name=roles.OFFICE))
    StaffProfile.objects.create(user=stranger, agency=other, full_name="他公开")
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(stranger)
    listing = client.get(reverse("admin:reports_annualreport_changelist")).content.decode()
    assert "另一市公安局2025年" in listing and "示范市公安局2025年" not in listing
    assert client.get(page_url(report)).status_code == 404
    assert client.get(reverse("admin:reports_annualreport_download", args=[report.pk, "json"])).status_code == 404
    assert client.post(reverse("admin:reports_annualreport_sign_off", args=[report.pk])).status_code == 404
    assert client.get(page_url(theirs)).status_code == 200
    # Unit staff of the bureau see their agency's report (reports are agency-wide) but cannot change it.
    officer = client_for("xxy-jiaojing")
    assert officer.get(page_url(report)).status_code in (200, 403)
    response = officer.post(reverse("admin:reports_annualreport_narrative", args=[report.pk]), {"section-other": "x"})
    assert response.status_code == 403


def test_downloads_are_audited_and_named_after_the_report(report):
    client = client_for("gongkaiban")
    response = client.get(reverse("admin:reports_annualreport_download", args=[report.pk, "xlsx"]))
    assert response.status_code == 200 and "filename*=utf-8''" in response["Content-Disposition"]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert AuditEntry.objects.filter(action="export", summary="下载2025年度报告（Excel（XLSX））").exists()
    assert client.get(reverse("admin:reports_annualreport_download", args=[report.pk, "exe"])).status_code == 404


def test_manual_cell_admin_keeps_the_entering_user_and_refuses_cells_that_do_not_exist(report):
    client = client_for("gongkaiban")
    url = reverse("admin:reports_manualcell_add")
    data = {"agency": report.agency.pk, "year": 2025, "table": "proactive", "row_key": "fees",
            "column": "本年收费金额（单位：万元）", "value": "1.25", "note": "财务科"}
    assert client.post(url, data).status_code == 302
    cell = ManualCell.objects.get()
    assert cell.entered_by == user("gongkaiban") and cell.value == Decimal("1.25")
    assert AuditEntry.objects.filter(action="create", object_id=str(cell.pk)).exists()
    refused = client.post(url, {**data, "row_key": "new", "table": "requests", "column": "总计"})
    assert refused.status_code == 200 and "不能手工填报" in refused.content.decode()
    sign_off(report, user("lingdao"))
    response = client.post(reverse("admin:reports_manualcell_change", args=[cell.pk]), {**data, "value": "3"})
    assert response.status_code == 403
    cell.refresh_from_db()
    assert cell.value == Decimal("1.25")
