"""The annual report as HTML (standalone page, PDF source, admin preview, portal body) and the official table layout every renderer shares.

The three tables are laid out once here, as grids of cells with their row and column spans
exactly as the official formats print them (国办公开办函〔2019〕60号 and 〔2021〕30号; see
law-and-standards.md §2.3–2.5). The DOCX and XLSX renderers merge the same cells, so a reviewer
comparing any output with the official template finds the same merged headers in the same places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.template import Context, Engine

from gongkai.core import annual_tables as at
from gongkai.reports.renderers.charts import charts_for, render_svg

__all__ = ["Cell", "Grid", "render", "render_body", "render_page", "table_grids", "title_lines", "FOOTNOTE_MARK"]

FOOTNOTE_MARK = "†"  # a cell entered by hand (ManualCell), listed under the table with who entered it
MISSING_MARK = "‡"  # a draft's cell nobody has filled yet, counted as 0

TITLE_FONTS = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "黑体", "SimHei", "Noto Sans CJK SC"'
HEADING_FONTS = '"黑体", "SimHei", "Noto Sans CJK SC"'
BODY_FONTS = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"'

TABLE_TITLES = {"proactive": "主动公开政府信息情况", "requests": "收到和处理政府信息公开申请情况",
                "appeals": "政府信息公开行政复议、行政诉讼情况"}
TABLE_LABELS = {"proactive": "表二", "requests": "表三", "appeals": "表四"}

# A private engine: the report's templates are this package's and must not be overridden by a
# same-named template elsewhere on the site's template path.
_ENGINE = Engine(dirs=[str(Path(__file__).resolve().parent.parent / "templates")], autoescape=True)


@dataclass
class Cell:
    """One printed cell at (row, col) of its grid; spans as in the official table."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    scope: str | None = None  # col, colgroup, row, rowgroup for header cells
    kind: str = "value"  # value, label, head, corner, caption
    mark: str = ""  # FOOTNOTE_MARK or MISSING_MARK


@dataclass
class Grid:
    """A table as the official format prints it: `rows` hold only the cells that start in that row."""

    key: str
    caption: str
    columns: int
    header_rows: int
    rows: list[list[Cell]] = field(default_factory=list)
    widths: tuple[float, ...] = ()  # relative column widths, for PDF/DOCX
    notes: list[str] = field(default_factory=list)

    def add_row(self, cells: list[Cell]) -> None:
        self.rows.append(cells)

    @property
    def head(self) -> list[list[Cell]]:
        return self.rows[: self.header_rows]

    @property
    def body(self) -> list[list[Cell]]:
        return self.rows[self.header_rows:]

    @property
    def percent_widths(self) -> list[str]:
        total = sum(self.widths) or 1
        return [f"{100 * width / total:.2f}" for width in self.widths]

    def cells(self):
        return (cell for row in self.rows for cell in row)


def _number_text(value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "" if value is None else str(value)


class _Marks:
    """Which cells were entered by hand or are still missing, keyed as the document lists them."""

    def __init__(self, document: dict):
        self.manual = {(m["table"], m["row"], m["column"]): m for m in document.get("manual_cells") or []}
        self.missing = {(m["table"], m["row"], m["column"]) for m in document.get("missing_cells") or []}
        self.show_missing = document.get("state", "draft") == "draft"
        self.notes: dict[str, list[str]] = {}

    def mark(self, table: str, row_key: str, row_label: str, column: str) -> str:
        label = TABLE_LABELS[table]
        manual = self.manual.get((label, row_key, column))
        if manual is not None:
            note = manual.get("note") or "手工填报"
            self.notes.setdefault(table, []).append(f"{FOOTNOTE_MARK}「{row_label}」「{column}」为手工填报数据（{note}）。")
            return FOOTNOTE_MARK
        if self.show_missing and (label, row_key, column) in self.missing:
            self.notes.setdefault(table, []).append(f"{MISSING_MARK}「{row_label}」「{column}」尚未填报，暂按0计。")
            return MISSING_MARK
        return ""


def _proactive_grid(fmt: at.ReportFormat, data: dict, marks: _Marks) -> Grid:
    width = 1 + max(len(sub_table.columns) for sub_table in fmt.proactive_tables)
    grid = Grid("proactive", TABLE_TITLES["proactive"], width, header_rows=0,
                widths=(2.2,) + (1.0,) * (width - 1))
    for sub_table in fmt.proactive_tables:
        r = len(grid.rows)
        grid.add_row([Cell(sub_table.caption, r, 0, colspan=width, header=True, scope="colgroup", kind="caption")])
        r += 1
        head = [Cell("信息内容", r, 0, header=True, scope="col", kind="head")]
        spans = [1] * len(sub_table.columns)
        spans[-1] = width - 1 - (len(sub_table.columns) - 1)
        col = 1
        for column, span in zip(sub_table.columns, spans):
            head.append(Cell(column.label, r, col, colspan=span, header=True, scope="col", kind="head"))
            col += span
        grid.add_row(head)
        cells_by_row = data.get(sub_table.caption, {})
        for row in sub_table.rows:
            r = len(grid.rows)
            cells = [Cell(row.label, r, 0, header=True, scope="row", kind="label")]
            col = 1
            for column, span in zip(sub_table.columns, spans):
                value = cells_by_row.get(row.label, {}).get(column.label)
                cells.append(Cell(_number_text(value), r, col, colspan=span,
                                  mark=marks.mark("proactive", row.key, row.label, column.label)))
                col += span
            grid.add_row(cells)
    return grid


def _request_values(fmt: at.ReportFormat, data: dict, row: at.RequestRow) -> dict:
    path = []
    current: at.RequestRow | None = row
    while current is not None:
        path.append(current.label)
        current = fmt.request_row(current.parent) if current.parent else None
    node = data
    for label in reversed(path):
        node = node.get(label, {})
    return node


def _descendants_with_cells(fmt: at.ReportFormat, key: str) -> int:
    count = 0
    for row in fmt.request_rows:
        if row.parent == key:
            count += 1 if row.has_cells else _descendants_with_cells(fmt, row.key)
    return count


def _request_grid(fmt: at.ReportFormat, data: dict, marks: _Marks) -> Grid:
    label_columns = 3
    columns = label_columns + len(fmt.request_columns)
    grid = Grid("requests", TABLE_TITLES["requests"], columns, header_rows=3,
                widths=(1.0, 1.5, 3.6) + (1.0,) * len(fmt.request_columns))
    header = fmt.request_header  # 申请人情况 → 自然人 / 法人或其他组织(5) / 总计
    leaves = len(header.leaf_labels())
    grid.add_row([
        Cell(fmt.request_corner_note, 0, 0, rowspan=3, colspan=label_columns, header=True, kind="corner"),
        Cell(header.label, 0, label_columns, colspan=leaves, header=True, scope="colgroup", kind="head"),
    ])
    second, third = [], []
    col = label_columns
    for child in header.children:
        if child.children:
            second.append(Cell(child.label, 1, col, colspan=len(child.children), header=True, scope="colgroup",
                               kind="head"))
            for leaf in child.children:
                third.append(Cell(leaf.label, 2, col, header=True, scope="col", kind="head"))
                col += 1
        else:
            second.append(Cell(child.label, 1, col, rowspan=2, header=True, scope="col", kind="head"))
            col += 1
    grid.add_row(second)
    grid.add_row(third)
    for row in fmt.request_rows:
        r = len(grid.rows)
        cells: list[Cell] = []
        starts_here = [row]
        # A group prints as a rowspan label in front of its first member's cells; it has no row of its own.
        if not row.has_cells:
            continue
        parent = fmt.request_row(row.parent) if row.parent else None
        while parent is not None and _first_member(fmt, parent.key) == starts_here[-1].key:
            starts_here.append(parent)
            parent = fmt.request_row(parent.parent) if parent.parent else None
        for group in reversed(starts_here[1:]):
            cells.append(Cell(group.label, r, group.level, rowspan=_descendants_with_cells(fmt, group.key),
                              header=True, scope="rowgroup", kind="label"))
        cells.append(Cell(row.label, r, row.level, colspan=label_columns - row.level, header=True, scope="row",
                          kind="label"))
        values = _request_values(fmt, data, row)
        for offset, column in enumerate(fmt.request_columns):
            cells.append(Cell(_number_text(values.get(column)), r, label_columns + offset,
                              mark=marks.mark("requests", row.key, row.label, column)))
        grid.add_row(cells)
    return grid


def _first_member(fmt: at.ReportFormat, group_key: str) -> str | None:
    """The first row with cells under a group, where the group's rowspan label is printed."""
    for row in fmt.request_rows:
        if row.parent == group_key:
            return row.key if row.has_cells else _first_member(fmt, row.key)
    return None


def _appeal_grid(fmt: at.ReportFormat, data: dict, marks: _Marks) -> Grid:
    per_block = len(fmt.appeal_columns)
    columns = per_block * len(fmt.appeal_blocks)
    grid = Grid("appeals", TABLE_TITLES["appeals"], columns, header_rows=3, widths=(1.0,) * columns)
    top, second, third, values = [], [], [], []
    col = 0
    for node in fmt.appeal_header:  # 行政复议 (5) | 行政诉讼 → 未经复议直接起诉 (5) / 复议后起诉 (5)
        width = len(node.leaf_labels())
        if node.children and node.children[0].children:
            top.append(Cell(node.label, 0, col, colspan=width, header=True, scope="colgroup", kind="head"))
            inner = col
            for child in node.children:
                second.append(Cell(child.label, 1, inner, colspan=len(child.children), header=True,
                                   scope="colgroup", kind="head"))
                inner += len(child.children)
        else:
            top.append(Cell(node.label, 0, col, rowspan=2, colspan=width, header=True, scope="colgroup", kind="head"))
        col += width
    col = 0
    for block in fmt.appeal_blocks:
        cells = (data.get(block.label) if block.parent_label is None
                 else data.get(block.parent_label, {}).get(block.label)) or {}
        for label in fmt.appeal_columns:
            third.append(Cell(label, 2, col, header=True, scope="col", kind="head"))
            values.append(Cell(_number_text(cells.get(label)), 3, col,
                               mark=marks.mark("appeals", block.key, block.label, label)))
            col += 1
    for row in (top, second, third, values):
        grid.add_row(row)
    return grid


def report_format(document: dict) -> at.ReportFormat | None:
    for fmt in at.FORMATS:
        if fmt.key == document.get("format"):
            return fmt
    return None


def table_grids(document: dict) -> dict[str, Grid]:
    """The official tables of the document by section table key (proactive, requests, appeals)."""
    fmt = report_format(document)
    tables = document.get("tables")
    if fmt is None or not tables:
        return {}
    marks = _Marks(document)
    grids = {
        "proactive": _proactive_grid(fmt, tables.get(at.PROACTIVE_SECTION, {}), marks),
        "requests": _request_grid(fmt, tables.get(at.REQUESTS_SECTION, {}), marks),
        "appeals": _appeal_grid(fmt, tables.get(at.APPEALS_SECTION, {}), marks),
    }
    for key, grid in grids.items():
        grid.notes = marks.notes.get(key, [])
    return grids


_YEAR_PART = re.compile(r"^(.+?)(\d{4}年.+)$")


def title_lines(title: str) -> list[str]:
    """示范市公安局 / 2025年政府信息公开工作年度报告: official titles break before the year, not mid-word."""
    match = _YEAR_PART.match(title)
    return [match.group(1), match.group(2)] if match else [title]


def chinese_date(iso: str | None) -> str:
    if not iso:
        return ""
    year, month, day = (int(part) for part in iso[:10].split("-"))
    return f"{year}年{month}月{day}日"


def _context(document: dict, *, charts: bool, portal: bool) -> dict:
    grids = table_grids(document)
    chart_svgs = {}
    if charts:
        for section, section_charts in charts_for(document).items():
            chart_svgs[section] = [{"svg": render_svg(chart, f"chart-{chart.key}"), "chart": chart}
                                   for chart in section_charts]
    sections = []
    for section in document.get("sections") or []:
        sections.append({**section, "grid": grids.get(section.get("table") or ""),
                         "charts": chart_svgs.get(section["key"], [])})
    return {
        "document": document,
        "title_lines": title_lines(document["title"]),
        "sections": sections,
        "portal": portal,
        "is_draft": document.get("state", "draft") == "draft",
        "signed_on": chinese_date(document.get("signed_off_on")),
        "title_fonts": TITLE_FONTS, "heading_fonts": HEADING_FONTS, "body_fonts": BODY_FONTS,
        "footnote_mark": FOOTNOTE_MARK,
    }


def render_body(document: dict, *, charts: bool = True, portal: bool = False) -> str:
    """The report's body: title block, preamble, sections with tables and charts.

    `portal=True` gives the fragment stored as the portal item's body: only the tags the
    catalog's sanitiser keeps (no SVG, no classes), since the attached PDF carries the charts.
    """
    return _ENGINE.get_template("reports/report_body.html").render(
        Context(_context(document, charts=charts and not portal, portal=portal)))


def render_page(document: dict, *, for_print: bool = False) -> str:
    """A standalone page (lang zh-CN, its own CSS); `for_print` adds the A4 page rules WeasyPrint uses."""
    context = _context(document, charts=True, portal=False)
    context["body"] = _ENGINE.get_template("reports/report_body.html").render(Context(context))
    context["for_print"] = for_print
    return _ENGINE.get_template("reports/report_page.html").render(Context(context))


def render(document: dict) -> bytes:
    return render_page(document).encode("utf-8")
