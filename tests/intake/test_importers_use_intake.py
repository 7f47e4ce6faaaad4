"""The importers outside the ledgers take intake's rules too: power list, 执法公开 documents, office attachments."""

import io
import zipfile

import pytest
import xlsxwriter

from gongkai.catalog.office_check import UnsafeFile, check_office_file
from gongkai.credit.power_list import COLUMNS, import_power_list
from gongkai.enforcement.parsing import DocumentError, read_file
from gongkai.intake.cells import LOST_DIGITS_REASON


@pytest.mark.django_db
def test_a_power_list_code_typed_as_a_long_number_is_refused_on_its_row(demo_bureau):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, COLUMNS)
    sheet.write_row(1, 0, ["治安支队", "行政处罚", "对甲的处罚", "依据", "自然人"])
    sheet.write_number(1, 5, 4101000000000012345.0)
    sheet.write_row(2, 0, ["治安支队", "行政处罚", "对乙的处罚", "依据", "自然人", "CF-TEST-9"])
    book.close()
    buffer.seek(0)
    result = import_power_list(demo_bureau, buffer)
    assert [(e.row_number, e.column, e.reason) for e in result.errors] == [(2, "事项编码", LOST_DIGITS_REASON)]
    assert result.created == 1


def test_documents_are_decoded_by_intake_and_utf16_is_refused_with_a_reason(tmp_path):
    text = "示范市公安局\n行政处罚决定书\n示公（治）行罚决字〔2026〕9号\n正文\n二〇二六年三月一日"
    gb = tmp_path / "gb.txt"
    gb.write_bytes(text.encode("gb18030"))
    utf16 = tmp_path / "u16.txt"
    utf16.write_bytes(text.encode("utf-16"))
    assert read_file(gb)[0].document_number == "示公（治）行罚决字〔2026〕9号"
    with pytest.raises(DocumentError, match="UTF-16"):
        read_file(utf16)


def test_a_docx_bomb_is_refused_before_python_docx_opens_it(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(DocumentError, match="压缩炸弹"):
        read_file(path)


def test_attachments_use_the_same_archive_limits():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(UnsafeFile, match="压缩炸弹"):
        check_office_file(bomb, "a.docx")
