"""Attack suite, finding 6: a tiny spreadsheet or document built to exhaust memory never kills the process reading it.

The attack files are in tests/security/data (written by make_bombs.py beside them). Before the fix
the xlsx made calamine ask for 512 GiB and abort the test process with SIGABRT; now the used range
is refused before any reader allocates, and whatever gets past that is read in a memory-capped
child whose death becomes a clear error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import xlsxwriter
from django.test import override_settings

from gongkai.enforcement.parsing import DocumentError, from_docx
from gongkai.intake import UnreadableFile
from gongkai.intake.isolation import CHILD_DIED
from gongkai.intake.readers import spreadsheet_rows, table_rows
from tests.security.data.make_bombs import write_two_cell_xlsx

DATA = Path(__file__).parent / "data"


def test_the_tiny_xlsx_bomb_is_refused_by_its_used_range_and_the_process_survives():
    bomb = DATA / "sheet_bomb.xlsx"
    assert bomb.stat().st_size < 2048
    with pytest.raises(UnreadableFile) as refused:
        list(spreadsheet_rows(bomb))
    assert str(refused.value) == "电子表格的数据区域过大（1048576行×16384列），已拒绝；请删除多余的行列或拆分后导入"


def test_the_same_bomb_under_another_name_through_the_ledger_reader_is_refused():
    with pytest.raises(UnreadableFile, match="数据区域过大"):
        list(table_rows(DATA / "sheet_bomb.xlsx"))


def test_a_far_cell_under_a_row_element_that_names_another_row_is_still_found(tmp_path):
    """The fast bound trusts the row elements' numbers only while no cell has a longer one."""
    hidden = tmp_path / "hidden.xlsx"
    write_two_cell_xlsx(hidden, "XFD1048576", row_tag="2")
    with pytest.raises(UnreadableFile, match=r"数据区域过大（1048576行×16384列）"):
        list(spreadsheet_rows(hidden))


def test_an_ods_whose_repeated_rows_and_columns_explode_is_refused():
    with pytest.raises(UnreadableFile, match=r"数据区域过大（1048576行×16384列）"):
        list(spreadsheet_rows(DATA / "sheet_bomb.ods"))


def test_the_docx_bomb_is_refused_before_python_docx_inflates_it():
    with pytest.raises(DocumentError, match="压缩比异常，疑似压缩炸弹"):
        from_docx(DATA / "docx_bomb.docx")


@override_settings(READER_MEMORY_LIMIT_MB=256)
def test_a_sheet_within_the_cell_limit_that_exhausts_the_child_gives_the_clear_error(tmp_path):
    """60 million cells pass the used-range limit, but calamine's grid needs well over 256 MB: the child
    dies (Rust aborts on a failed allocation), the parent raises UnreadableFile and goes on."""
    heavy = tmp_path / "heavy.xlsx"
    write_two_cell_xlsx(heavy, "CV600000")
    with pytest.raises(UnreadableFile) as refused:
        list(spreadsheet_rows(heavy))
    assert str(refused.value) == CHILD_DIED


def test_normal_sheets_still_read_in_order_with_their_texts(tmp_path):
    path = tmp_path / "ledger.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["名称", "统一社会信用代码"])
    for number in range(1, 4500):  # more than one batch from the child
        sheet.write_row(number, 0, [f"单位{number}", "91110000MA00000000"])
    book.close()
    rows = list(spreadsheet_rows(path))
    assert len(rows) == 4500
    assert rows[0] == (1, ["名称", "统一社会信用代码"], {})
    assert rows[-1][:2] == (4500, ["单位4499", "91110000MA00000000"])
    with path.open("rb") as upload:  # an uploaded file object is copied for the child
        assert len(list(spreadsheet_rows(upload))) == 4500


def test_rows_through_the_child_are_exactly_the_rows_read_in_this_process(tmp_path):
    """A batch travels as one joined text (isolation._pack); a cell holding a separator character, an empty
    cell and a cell with a problem come back exactly as the in-process reader gives them."""
    from gongkai.intake.isolation import CELL_SEPARATOR, ROW_SEPARATOR, _pack, _unpack
    from gongkai.intake.readers import read_sheet_rows

    path = tmp_path / "mixed.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["名称", "备注", "金额"])
    for number in range(1, 4100):
        sheet.write_string(number, 0, f"单位{number}")
        if number % 1000:
            sheet.write_string(number, 1, "" if number % 7 else f"第{number}行")
        sheet.write_number(number, 2, 12345678901234567 if number == 2500 else number)  # a number that lost digits
    book.close()
    in_process = list(read_sheet_rows(path))
    assert list(spreadsheet_rows(path)) == in_process
    assert any(problems for _, _, problems in in_process)

    plain = in_process[1:2001]
    kind, payload = _pack(plain)
    assert kind == "text" and list(_unpack(*payload)) == plain
    tricky = [(1, [f"a{CELL_SEPARATOR}b", "c"], {}), (2, [f"d{ROW_SEPARATOR}", ""], {1: "x"})]
    assert _pack(tricky) == ("rows", tricky)  # ambiguous when joined: sent as rows
    assert _pack([(1, [], {})]) == ("rows", [(1, [], {})])
    assert _pack([]) == ("rows", [])
