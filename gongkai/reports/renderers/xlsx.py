"""The annual report's numbers as a workbook: the three official tables on three sheets with merged headers, and the narrative's figures.

Superior offices collect the tables as spreadsheets to add them up, so each sheet holds exactly
the official grid of renderers/html.py (the same merged cells, numbers as numbers, not text) and
nothing else in the table area; notes on hand-entered cells go below the table. The figures sheet
lists every {占位符} value the narrative quotes, so a reader can check each sentence's number.
"""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from gongkai.reports.renderers.html import TABLE_LABELS, Grid, table_grids

__all__ = ["render", "SHEET_NAMES"]

SHEET_NAMES = {"proactive": "表二 主动公开", "requests": "表三 依申请公开", "appeals": "表四 复议诉讼"}
FIGURES_SHEET = "数据说明"
COLUMN_CHARACTERS = 1.9  # Excel column width units per CJK character, roughly


def _value(text: str):
    """Cells are numbers in the sheet: an office summing several agencies' tables must not meet text."""
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        try:
            return float(Decimal(text))
        except ArithmeticError:
            return text


def _write_grid(sheet, grid: Grid, title: str, formats: dict) -> None:
    sheet.merge_range(0, 0, 0, grid.columns - 1, title, formats["title"])
    offset = 2
    total = sum(grid.widths) or 1
    full_width = 120 if grid.key != "appeals" else 150
    for index, width in enumerate(grid.widths):
        sheet.set_column(index, index, max(6, full_width * width / total))
    for cell in grid.cells():
        if cell.header:
            fmt = formats["corner" if cell.kind == "corner" else "label" if cell.kind in ("label", "caption")
                          else "head"]
            value = cell.text
        else:
            value = _value(cell.text)
            fmt = formats["manual" if cell.mark else "number"]
        row, col = offset + cell.row, cell.col
        if cell.rowspan > 1 or cell.colspan > 1:
            sheet.merge_range(row, col, row + cell.rowspan - 1, col + cell.colspan - 1, value, fmt)
        elif value is None:
            sheet.write_blank(row, col, None, fmt)
        else:
            sheet.write(row, col, value, fmt)
    if grid.key == "requests":
        sheet.set_row(offset, 30)
    note_row = offset + len(grid.rows) + 1
    for note in grid.notes:
        sheet.write(note_row, 0, note, formats["note"])
        note_row += 1
    sheet.freeze_panes(offset + grid.header_rows, 0)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)


def render(document: dict) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": document["title"], "author": (document.get("agency") or {}).get("name", ""),
                             "comments": document.get("instrument", "")})
    base = {"font_name": "宋体", "font_size": 10, "border": 1, "valign": "vcenter", "text_wrap": True}
    formats = {
        "title": workbook.add_format({"font_name": "黑体", "font_size": 14, "align": "center", "valign": "vcenter"}),
        "head": workbook.add_format({**base, "align": "center"}),
        "label": workbook.add_format({**base, "align": "left"}),
        "corner": workbook.add_format({**base, "align": "left", "font_size": 9}),
        "number": workbook.add_format({**base, "align": "center"}),
        "manual": workbook.add_format({**base, "align": "center", "bg_color": "#FFF2CC"}),
        "note": workbook.add_format({"font_name": "宋体", "font_size": 9}),
        "key": workbook.add_format({"font_name": "宋体", "font_size": 10, "border": 1}),
        "header": workbook.add_format({"font_name": "黑体", "font_size": 10, "border": 1, "bg_color": "#EEEEEE"}),
    }
    grids = table_grids(document)
    for key, grid in grids.items():
        sheet = workbook.add_worksheet(SHEET_NAMES[key])
        _write_grid(sheet, grid, f"{TABLE_LABELS[key]}　{grid.caption}", formats)

    sheet = workbook.add_worksheet(FIGURES_SHEET)
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 60)
    sheet.write(0, 0, document["title"], formats["title"])
    rows = [("报告格式", document.get("instrument", "")), ("报告期限", f"{document.get('year')}年1月1日至12月31日"),
            ("报送期限", document.get("due_on", "")), ("状态", document.get("state", ""))]
    sheet.write_row(2, 0, ("项目", "数值"), formats["header"])
    line = 3
    for label, value in rows:
        sheet.write(line, 0, label, formats["key"])
        sheet.write(line, 1, value, formats["key"])
        line += 1
    line += 1
    sheet.write_row(line, 0, ("正文数据（{占位符}）", "数值"), formats["header"])
    line += 1
    for key, value in (document.get("figures") or {}).items():
        if isinstance(value, (dict, list)):
            continue
        sheet.write(line, 0, key, formats["key"])
        sheet.write(line, 1, value, formats["key"])
        line += 1
    for title, items in (("手工填报数据", document.get("manual_cells")), ("尚未填报", document.get("missing_cells")),
                         ("勾稽关系检查未通过", [{"message": m} for m in document.get("violations") or []])):
        if not items:
            continue
        line += 1
        sheet.write(line, 0, title, formats["header"])
        line += 1
        for item in items:
            text = item.get("message") or "，".join(f"{v}" for v in item.values() if v)
            sheet.write(line, 0, item.get("table", ""), formats["key"])
            sheet.write(line, 1, text, formats["key"])
            line += 1
    workbook.close()
    return buffer.getvalue()
