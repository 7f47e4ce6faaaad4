"""The region roll-up: the sum of the agencies' tables, checked like one report, in the same document shape every renderer draws."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, User

from gongkai.core import annual_tables as at
from gongkai.inforequests import services
from gongkai.org import roles
from gongkai.org.models import Agency, StaffProfile
from gongkai.reports.document import build_document
from gongkai.reports.models import AnnualReport, ManualCell
from gongkai.reports.renderers import render
from gongkai.reports.rollup import build_region_document, tables_from_official_dict
from gongkai.reports.signoff import sign_off

pytestmark = pytest.mark.django_db
D = dt.date
PERSON = {"name": "测试", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800000000"}
COMPANY = {"name": "测试公司", "uscc": "91230500MA1B3N1N2M", "contact_person": "联系人", "phone": "13800000000"}


def office():
    return User.objects.get(username="gongkaiban")


def office_of(agency):
    """The agency's own 公开办: requests are registered and decided by the agency's own office (scope)."""
    if StaffProfile.objects.filter(user=office(), agency=agency).exists():
        return office()
    user, created = User.objects.get_or_create(username=f"office-{agency.code}")
    if created:
        user.groups.add(Group.objects.get(name=roles.OFFICE))
        StaffProfile.objects.create(user=user, agency=agency, full_name=f"{agency.name}公开办")
    return user


def file_request(agency, received, kind="自然人", decided_on=None):
    request, _ = services.register_request(agency, channel="in_person", submitted_on=received, confirmed_on=None,
                                           applicant_kind=kind, applicant=PERSON if kind == "自然人" else COMPANY,
                                           description="汇总测试", user=office_of(agency))
    if decided_on:
        services.decide(request, office_of(agency), situation="disclose", decided_on=decided_on)
    return request


@pytest.fixture
def two_agencies(demo_bureau):
    other = Agency.objects.create(code="xian-psb", name="示范县公安局", office_name="县公安局办公室",
                                  office_address="县府路1号", office_phone="0371-2", office_hours="工作日",
                                  parent_name="示范市人民政府办公室")
    demo_bureau.parent_name = "示范市人民政府办公室"
    demo_bureau.save(update_fields=["parent_name"])
    file_request(demo_bureau, D(2024, 12, 20))  # carried into 2025
    file_request(demo_bureau, D(2025, 3, 3), decided_on=D(2025, 3, 10))
    file_request(demo_bureau, D(2025, 12, 29))  # carried out of 2025
    file_request(other, D(2025, 4, 1), kind="商业企业", decided_on=D(2025, 4, 8))
    file_request(other, D(2025, 5, 6), decided_on=D(2025, 5, 9))
    ManualCell.objects.create(agency=other, year=2025, table="proactive", row_key="coercion",
                              column="本年处理决定数量", value=Decimal("4"), note="县局执法系统", entered_by=office())
    ManualCell.objects.create(agency=demo_bureau, year=2025, table="proactive", row_key="coercion",
                              column="本年处理决定数量", value=Decimal("6"), note="市局执法系统", entered_by=office())
    return [demo_bureau, other]


def test_region_tables_are_the_cell_by_cell_sum_of_the_agencies(two_agencies):
    fmt = at.FORMAT_2021
    documents = [build_document(agency, 2025) for agency in two_agencies]
    region = build_region_document(two_agencies, 2025)
    parts = [tables_from_official_dict(d["tables"], fmt) for d in documents]
    summed = tables_from_official_dict(region["tables"], fmt)
    for row in fmt.value_row_keys:
        for column in fmt.request_columns:
            assert summed.requests[row][column] == sum(p.requests[row][column] for p in parts), (row, column)
    for block in summed.appeals:
        for column in fmt.appeal_columns:
            assert summed.appeals[block][column] == sum(p.appeals[block][column] for p in parts)
    for row, cells in summed.proactive_disclosure.items():
        for column, value in cells.items():
            assert value == sum(p.proactive_disclosure[row][column] for p in parts)
    requests = region["tables"][at.REQUESTS_SECTION]
    assert requests["一、本年新收政府信息公开申请数量"]["总计"] == 4
    assert requests["二、上年结转政府信息公开申请数量"]["总计"] == 1
    assert requests["四、结转下年度继续办理"]["总计"] == 2
    assert requests["一、本年新收政府信息公开申请数量"]["商业企业"] == 1
    assert region["tables"][at.PROACTIVE_SECTION]["第二十条第（六）项"]["行政强制"]["本年处理决定数量"] == 10
    assert region["violations"] == [] and at.check_consistency(summed, fmt) == []
    assert region["figures"]["新收申请数"] == 4 and region["figures"]["机关数"] == 2


def test_region_document_has_the_title_sections_per_agency_and_renders(two_agencies):
    region = build_region_document(two_agencies, 2025)
    assert region["title"] == "示范市地区2025年政府信息公开工作年度报告（汇总）"
    assert [s["heading"] for s in region["sections"]] == list(at.SECTION_HEADINGS)
    overview = region["sections"][0]["paragraphs"]
    assert any(p.startswith("示范市公安局（编制中）：") and "新收政府信息公开申请2件，上年结转1件" in p for p in overview)
    assert any(p.startswith("示范县公安局（编制中）：") and "新收政府信息公开申请2件" in p for p in overview)
    assert region["due_on"] == "2026-01-31"
    notes = region["manual_cells"][0]["note"]
    assert "示范市公安局" in notes and "示范县公安局" in notes
    html = render(region, "html").decode()
    assert region["title"][:6] in html and 'colspan="7"' in html and "示范县公安局" in html
    assert render(region, "xlsx")[:2] == b"PK" and render(region, "docx")[:2] == b"PK"


def test_a_signed_off_agency_counts_as_frozen_and_a_broken_one_is_named(two_agencies):
    bureau, county = two_agencies
    report = AnnualReport.objects.create(agency=bureau, year=2025)
    sign_off(report, User.objects.get(username="lingdao"))
    file_request(bureau, D(2025, 8, 8))  # after sign-off: not in the region's numbers
    ManualCell.objects.filter(agency=county).update(value=Decimal("-1"))
    region = build_region_document(two_agencies, 2025)
    new = region["tables"][at.REQUESTS_SECTION]["一、本年新收政府信息公开申请数量"]["总计"]
    assert new == 4
    assert any(v.startswith("示范县公安局：") and "行政强制" in v for v in region["violations"])
    # The sum (6 − 1 = 5) hides the county's negative cell: that is why each agency's own violations are listed.
    assert not any(v.startswith("汇总表：") for v in region["violations"])
    assert region["agencies"][0] == {"code": bureau.code, "name": bureau.name, "state": "signed_off"}
