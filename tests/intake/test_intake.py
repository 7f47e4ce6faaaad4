"""gongkai.intake: every reader, the decoder, the zip and sheet limits, cell-to-text and the error files."""

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from gongkai.intake import UnreadableFile
from gongkai.intake import readers
from gongkai.intake.archives import ArchiveLimits, ArchiveRefused, check_archive, open_archive
from gongkai.intake.cells import LOST_DIGITS_REASON, cell_text
from gongkai.intake.decoding import decode_text, head_encoding, open_text
from gongkai.intake.error_files import error_csv_chunks, error_xlsx, write_error_csv
from gongkai.intake.readers import csv_records, spreadsheet_rows, table_rows

ID_NUMBER = "110101199003071234"


def write_xlsx(path: Path, rows, *, as_numbers=False) -> Path:
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": as_numbers})
    sheet = book.add_worksheet()
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            sheet.write(number, column, value)
    book.close()
    return path


def write_ods(path: Path, rows) -> Path:
    """A minimal OpenDocument spreadsheet: strings as text cells, numbers as float cells."""
    def cell(value):
        if isinstance(value, (int, float)):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'

    body = "".join("<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="表1">{body}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


# --- cell to text ------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, text", [
    (None, ""), ("  甲 ", "甲"), (True, "TRUE"), (False, "FALSE"), (12.0, "12"), (12.5, "12.5"), (7, "7"),
    (dt.datetime(2024, 3, 1), "2024-03-01"), (dt.datetime(2024, 3, 1, 8, 30), "2024-03-01 08:30:00"),
    (dt.date(2024, 3, 1), "2024-03-01"), (999_999_999_999_999.0, "999999999999999"),
])
def test_cells_become_the_text_people_see(value, text):
    assert cell_text(value) == (text, None)


@pytest.mark.parametrize("value", [float(ID_NUMBER), int(ID_NUMBER), 1e15, -1e15])
def test_a_number_that_may_have_lost_digits_is_refused_not_guessed(value):
    text, problem = cell_text(value)
    assert problem == LOST_DIGITS_REASON and "15位" in problem and text.lstrip("-").isdigit()


# --- readers -----------------------------------------------------------------------------------------

def test_xlsx_rows_are_numbered_as_the_sheet_shows_them_with_problems_by_position(tmp_path):
    path = tmp_path / "a.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_string(2, 0, "姓名")  # a header on row 3, as office ledgers have it
    sheet.write_string(2, 1, "证件号码")
    sheet.write_string(3, 0, "张三")
    sheet.write_number(3, 1, float(ID_NUMBER))
    book.close()
    rows = [row for row in spreadsheet_rows(path) if any(row[1])]
    assert rows == [(3, ["姓名", "证件号码"], {}), (4, ["张三", "110101199003071200"], {1: LOST_DIGITS_REASON})]  # digits gone


def test_ods_is_read_like_xlsx(tmp_path):
    path = write_ods(tmp_path / "a.ods", [["姓名", "证件号码"], ["张三", ID_NUMBER], ["李四", 110101199003071234]])
    rows = list(table_rows(path))
    assert rows[0] == (1, ["姓名", "证件号码"], {})
    assert rows[1] == (2, ["张三", ID_NUMBER], {})
    assert rows[2][0] == 3 and rows[2][2] == {1: LOST_DIGITS_REASON}


def test_a_spreadsheet_is_recognised_by_content_whatever_its_name(tmp_path):
    path = write_xlsx(tmp_path / "ledger.txt", [["甲", "乙"]])
    assert readers.is_spreadsheet(path) and list(table_rows(path)) == [(1, ["甲", "乙"], {})]


def test_a_spreadsheet_from_an_open_file_is_read_too(tmp_path):
    data = write_xlsx(tmp_path / "a.xlsx", [["甲"], ["乙"]]).read_bytes()
    assert [cells for _, cells, _ in spreadsheet_rows(io.BytesIO(data))] == [["甲"], ["乙"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_in_each_encoding_streams_the_same_rows(tmp_path, encoding):
    path = tmp_path / "a.csv"
    path.write_text("姓名,证件号码\n张三, 110101199003071234 \n", encoding=encoding)
    assert list(csv_records(path)) == [["姓名", "证件号码"], ["张三", " 110101199003071234 "]]
    assert list(table_rows(path)) == [(1, ["姓名", "证件号码"], {}), (2, ["张三", ID_NUMBER], {})]


def test_csv_delimiter_is_the_one_the_header_uses(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("姓名\t证件号码\n张三\t1\n", encoding="utf-8")
    assert [cells for _, cells, _ in table_rows(path)] == [["姓名", "证件号码"], ["张三", "1"]]


def test_a_broken_csv_is_refused_with_the_reason(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes("姓名\n张三\n".encode("utf-8") + b"\xff\xfe\xfd")
    with pytest.raises(UnreadableFile, match="编码"):
        list(csv_records(path))


# --- decoding ----------------------------------------------------------------------------------------

def test_gb18030_and_utf8_with_or_without_bom_decode_to_the_same_text():
    text = "申请人：张三，罚款２００元。𠮷"  # 𠮷 is outside GBK: only GB18030 has it
    for data in (text.encode("utf-8"), "\ufeff".encode("utf-8") + text.encode("utf-8"), text.encode("gb18030")):
        assert decode_text(data) == text


@pytest.mark.parametrize("data, reason", [
    ("姓名".encode("utf-16"), "UTF-16"), (b"PK\x03\x04\x00\x00", "空字节"), (b"\x81\x30\xff\xff", "编码"),
])
def test_what_is_not_utf8_or_gb18030_text_is_refused(data, reason):
    with pytest.raises(UnreadableFile, match=reason):
        decode_text(data)


def test_a_streamed_head_cut_inside_a_character_keeps_its_encoding():
    utf8, gb = "申请".encode("utf-8"), "申请".encode("gb18030")
    assert head_encoding(utf8[:-1], complete=False) == "utf-8"
    assert head_encoding(gb, complete=True) == "gb18030"
    with pytest.raises(UnreadableFile):
        head_encoding(utf8[:-1] + b"\x00", complete=True)


def test_open_text_streams_gb18030(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("第一行\n第二行\n".encode("gb18030"))
    with open_text(path) as handle:
        assert handle.read().splitlines() == ["第一行", "第二行"]


# --- archive and sheet limits ------------------------------------------------------------------------

def zip_with(members: dict[str, bytes]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def test_a_zip_bomb_is_refused_before_anything_is_inflated(tmp_path):
    bomb = zip_with({"xl/worksheets/sheet1.xml": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb.getvalue()) < 100_000
    with pytest.raises(ArchiveRefused, match="压缩炸弹"):
        open_archive(bomb, ArchiveLimits(what="电子表格"), not_a_package="不是压缩包")
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb.getvalue())
    with pytest.raises(UnreadableFile, match="压缩炸弹"):
        list(spreadsheet_rows(path))


def test_total_inflated_size_and_member_count_are_limited():
    archive = zipfile.ZipFile(zip_with({f"{n}.bin": bytes(range(256)) * 10 for n in range(5)}))
    with pytest.raises(ArchiveRefused, match="解压后超过"):
        check_archive(archive, ArchiveLimits(max_inflated=5000))
    with pytest.raises(ArchiveRefused, match="部件过多"):
        check_archive(archive, ArchiveLimits(max_members=3))
    assert len(check_archive(archive, ArchiveLimits())) == 5


def test_what_is_not_a_zip_is_refused_with_the_callers_reason():
    with pytest.raises(ArchiveRefused, match="不是有效的xlsx"):
        open_archive(io.BytesIO(b"not a zip"), ArchiveLimits(), not_a_package="文件不是有效的xlsx文件")


def test_an_oversized_sheet_is_refused_before_its_cells_become_python(tmp_path, monkeypatch):
    path = tmp_path / "wide.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_string(0, 0, "甲")
    sheet.write_string(999, 99, "乙")  # two cells, a used range of 100,000
    book.close()
    sheet_size = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    assert sheet_size.height * sheet_size.width == 100_000
    monkeypatch.setattr(readers, "MAX_SHEET_CELLS", 99_999)
    with pytest.raises(UnreadableFile, match="数据区域过大（1000行×100列）"):
        list(spreadsheet_rows(path))


def test_a_damaged_spreadsheet_is_refused_with_a_reason(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(b"this is no spreadsheet")
    with pytest.raises(UnreadableFile, match="无法读取电子表格"):
        list(spreadsheet_rows(path))


# --- error files -------------------------------------------------------------------------------------

ERRORS = [(3, "证件号码", LOST_DIGITS_REASON, "110101199003071232"), (5, "金额", "不是数字", "=1+2"),
          (7, "备注", "过长", "-减号开头")]


def test_the_error_csv_has_a_bom_the_columns_and_every_error_formula_safe(tmp_path):
    target = write_error_csv(tmp_path / "a.errors.csv", ("行号", "列", "原因", "值"), ERRORS)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert table == [["行号", "列", "原因", "值"], ["3", "证件号码", LOST_DIGITS_REASON, "110101199003071232"],
                     ["5", "金额", "不是数字", "'=1+2"], ["7", "备注", "过长", "'-减号开头"]]
    assert b"".join(error_csv_chunks(("行号", "列", "原因", "值"), ERRORS)) == data


def test_the_error_xlsx_keeps_row_numbers_as_numbers_and_text_as_text():
    handle = error_xlsx(("行号", "列", "原因", "值"), ERRORS, widths=(8, 14, 40, 30))
    rows = CalamineWorkbook.from_filelike(handle).get_sheet_by_index(0).to_python()
    assert rows[0] == ["行号", "列", "原因", "值"]
    assert rows[2] == [5.0, "金额", "不是数字", "=1+2"]  # written as a string: never a formula
    assert len(rows) == 4
