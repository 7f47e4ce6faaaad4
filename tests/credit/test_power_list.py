"""The power list: the demo list from the laws, xlsx export and import (round trip, bad rows), and the admin buttons."""

import io
import zipfile

import pytest
import xlsxwriter
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gongkai.core.power_list import load_power_list
from gongkai.credit.models import PowerItem
from gongkai.credit.power_list import (COLUMNS, PowerListFileError, export_power_list, import_power_list,
                                       load_demo_power_list)
from gongkai.org.models import Agency, AuditEntry


def sheet_rows(data: bytes) -> list[list[str]]:
    return [list(map(str, row)) for row in CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).iter_rows()]


def xlsx(rows: list[list[str]]) -> io.BytesIO:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    buffer.seek(0)
    buffer.name = "目录.xlsx"
    return buffer


def other_agency() -> Agency:
    return Agency.objects.create(code="other-psb", name="另一市公安局", office_name="公开办", office_address="某路1号",
                                 office_phone="0371-1", office_hours="工作日")


@pytest.mark.django_db
def test_demo_list_is_loaded_from_the_committed_json_and_reloading_changes_nothing(demo_bureau):
    entries = load_power_list()["items"]
    result = load_demo_power_list(demo_bureau)
    assert result.created == len(entries) and not result.errors
    first = entries[0]
    item = PowerItem.objects.get(agency=demo_bureau, code=first["id"])
    assert (item.department, item.get_kind_display(), item.name, item.basis) == (
        first["行政决定部门"], first["行政职权类别"], first["项目名称"], first["设定依据"])
    assert item.party_kinds == "、".join(first["行政相对人类别"])
    again = load_demo_power_list(demo_bureau)
    assert (again.created, again.updated, again.unchanged) == (0, 0, len(entries))
    assert PowerItem.objects.filter(kind="penalty").count() == load_power_list()["counts"]["行政处罚"]


@pytest.mark.django_db
def test_export_has_the_report_columns_and_import_round_trips(demo_bureau):
    load_demo_power_list(demo_bureau)
    rows = sheet_rows(export_power_list(demo_bureau))
    assert tuple(rows[0]) == COLUMNS == ("行政决定部门", "行政职权类别", "项目名称", "设定依据", "行政相对人类别", "事项编码")
    assert len(rows) == PowerItem.objects.count() + 1
    # Into the same agency: nothing changes; into another: the same list.
    same = import_power_list(demo_bureau, xlsx(rows))
    assert (same.created, same.updated, same.unchanged, same.errors) == (0, 0, len(rows) - 1, [])
    other = other_agency()
    assert import_power_list(other, xlsx(rows)).created == len(rows) - 1
    fields = ("code", "kind", "department", "name", "basis", "party_kinds")
    assert list(PowerItem.objects.filter(agency=other).order_by("code").values_list(*fields)) == \
        list(PowerItem.objects.filter(agency=demo_bureau).order_by("code").values_list(*fields))
    # An edited name updates the item with that code instead of adding one.
    rows[1][2] = rows[1][2] + "（修订）"
    edited = import_power_list(demo_bureau, xlsx(rows))
    assert (edited.created, edited.updated) == (0, 1)
    assert PowerItem.objects.get(agency=demo_bureau, code=rows[1][5]).name.endswith("（修订）")
    assert AuditEntry.objects.filter(action="import", object_repr="双公示目录").count() == 3


@pytest.mark.django_db
def test_bad_rows_are_reported_and_good_rows_saved(demo_bureau):
    good = ["治安支队", "行政处罚", "对测试行为的处罚", "《某法》第一条：……", "自然人、个体工商户", "CF-TEST-1"]
    rows = [
        list(COLUMNS),
        good,
        ["治安支队", "行政强制", "对甲的处罚", "依据", "自然人", "CF-TEST-2"],  # 3: unknown 职权类别
        ["治安支队", "行政处罚", "", "依据", "自然人", "CF-TEST-3"],  # 4: name missing
        ["治安支队", "行政处罚", "对乙的处罚", "依据", "公民", "CF-TEST-4"],  # 5: unknown party kind
        ["治安支队", "行政处罚", "对丙的处罚", "依据", "自然人", "CF-TEST-1"],  # 6: code repeated
        ["交警支队", "行政许可", "某项许可", "依据", "法人及非法人组织,自然人", "XK-TEST-1"],  # ok: "," accepted
    ]
    result = import_power_list(demo_bureau, xlsx(rows))
    assert [(e.row_number, e.column) for e in result.errors] == [
        (3, "行政职权类别"), (4, "项目名称"), (5, "行政相对人类别"), (6, "事项编码")]
    assert "第2行" in result.errors[-1].reason and result.errors[2].value == "公民"
    assert (result.created, result.rejected_rows) == (2, 4)
    assert PowerItem.objects.get(code="XK-TEST-1").party_kinds == "法人及非法人组织、自然人"
    assert PowerItem.objects.get(code="CF-TEST-1").name == "对测试行为的处罚"


@pytest.mark.django_db
def test_unusable_files_are_refused_whole(demo_bureau):
    with pytest.raises(PowerListFileError, match="事项编码"):
        import_power_list(demo_bureau, xlsx([list(COLUMNS[:5]), ["a", "行政处罚", "b", "c", "自然人"]]))
    not_xlsx = io.BytesIO(b"code,name\n1,2\n")
    with pytest.raises(PowerListFileError, match="不是有效的xlsx"):
        import_power_list(demo_bureau, not_xlsx)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(PowerListFileError, match="压缩炸弹"):
        import_power_list(demo_bureau, bomb)
    assert not PowerItem.objects.exists()


@pytest.mark.django_db
def test_admin_buttons_export_and_import(admin_client, demo_bureau):
    load_demo_power_list(demo_bureau)
    page = admin_client.get(reverse("admin:credit_poweritem_changelist")).content.decode()
    assert "导入xlsx" in page and "导出xlsx" in page
    response = admin_client.get(reverse("admin:credit_poweritem_export"))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = sheet_rows(b"".join(response.streaming_content))
    assert len(rows) == PowerItem.objects.count() + 1
    assert AuditEntry.objects.filter(action="export", object_repr="双公示目录").exists()
    rows[1][1] = "行政确认"
    upload = xlsx(rows)
    response = admin_client.post(reverse("admin:credit_poweritem_import"), {"file": upload, "agency": demo_bureau.pk})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="power-list-errors"' in page and "只能是“行政许可”或“行政处罚”" in page
    rows[1][1] = "行政许可" if "XK-" in rows[1][5] else "行政处罚"
    response = admin_client.post(reverse("admin:credit_poweritem_import"), {"file": xlsx(rows), "agency": demo_bureau.pk})
    assert response.status_code == 302
