"""The annual report as a Word file laid out like an official document (GB/T 9704-2012), with the official tables merged as printed.

The office edits, prints and files this version, so it follows the request letters' choices
(inforequests/letters/docx.py): A4, margins 37/35/28/26 mm, 22 lines of 28 characters, the title in
方正小标宋简体 二号, headings in 黑体 三号, the body in 仿宋_GB2312 三号, and every run's `w:eastAsia`
font set explicitly because Word picks the Chinese font from it, not from the font name python-docx
sets. The font table names a fallback for each official face (`w:altName`: 黑体, 仿宋), so a
machine without the 方正/GB2312 faces shows the intended style instead of 等线 or 宋体.
The tables are the grids of renderers/html.py, merged cell for cell (python-docx `merge`). Charts
are left out: a DOCX is the text the office edits; the PDF and the web page carry the charts.
"""

from __future__ import annotations

import io

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from gongkai.official_docx import (
    BODY_FONT,
    BODY_SIZE,
    CHARACTER,
    LINE_PITCH,
    TITLE_FONT,
    TITLE_SIZE,
    new_official_document,
    set_fonts,
)

from gongkai.reports.renderers.html import Grid, chinese_date, table_grids, title_lines

__all__ = ["render", "TITLE_FONT", "HEADING_FONT", "BODY_FONT"]

HEADING_FONT = "黑体"  # 一、二、… headings (GB/T 9704 7.3.5: 一级标题用黑体)
TABLE_SIZE = Pt(10.5)  # 五号: the official tables do not fit at 三号
NOTE_SIZE = Pt(9)  # 小五
TYPE_AREA_WIDTH = Mm(156)  # 210 − 28 − 26
# Fallbacks for the official faces, written into the font table (w:altName).
FONT_FALLBACKS = {TITLE_FONT: "黑体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei"}


def _paragraph(container, text: str, *, font: str = BODY_FONT, size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
               first_line_indent=None, right_indent=None, line_spacing=LINE_PITCH, superscript: str = ""):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = line_spacing
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.widow_control = True
    if first_line_indent is not None:
        fmt.first_line_indent = first_line_indent
    if right_indent is not None:
        fmt.right_indent = right_indent
    if text:
        set_fonts(paragraph.add_run(text), font, size)
    if superscript:
        run = paragraph.add_run(superscript)
        set_fonts(run, font, size)
        run.font.superscript = True
    return paragraph


def _add_font_fallbacks(document) -> None:
    """Declare the official faces in word/fontTable.xml with a w:altName Word uses when they are absent."""
    from lxml import etree

    for part in document.part.package.iter_parts():
        if str(part.partname) != "/word/fontTable.xml":
            continue
        root = etree.fromstring(part.blob)
        for name, alternative in FONT_FALLBACKS.items():
            font = etree.SubElement(root, qn("w:font"))
            font.set(qn("w:name"), name)
            alt = etree.SubElement(font, qn("w:altName"))
            alt.set(qn("w:val"), alternative)
            charset = etree.SubElement(font, qn("w:charset"))
            charset.set(qn("w:val"), "86")  # GB2312
            family = etree.SubElement(font, qn("w:family"))
            family.set(qn("w:val"), "modern" if name == BODY_FONT else "auto")
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _repeat_as_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _no_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _add_table(document, grid: Grid) -> None:
    caption = _paragraph(document, grid.caption, font=HEADING_FONT, size=Pt(12), align=WD_ALIGN_PARAGRAPH.CENTER,
                         line_spacing=Pt(20))
    caption.paragraph_format.keep_with_next = True
    table = document.add_table(rows=len(grid.rows), cols=grid.columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(grid.widths) or 1
    widths = [int(TYPE_AREA_WIDTH * width / total) for width in grid.widths]
    for tr in table._tbl.tr_lst:  # before merging every row has one w:tc per column
        for index, tc in enumerate(tr.tc_lst):
            tc.width = widths[index]
    for index, column in enumerate(table.columns):
        column.width = widths[index]
    for index in range(grid.header_rows):
        _repeat_as_header(table.rows[index])
    for row in table.rows:
        _no_split(row)
    # Merge first, then look every cell up once: python-docx's table.cell() rescans the whole table.
    for cell in grid.cells():
        if cell.rowspan > 1 or cell.colspan > 1:
            table.cell(cell.row, cell.col).merge(
                table.cell(cell.row + cell.rowspan - 1, cell.col + cell.colspan - 1))
    docx_cells = table._cells
    for cell in grid.cells():
        target = docx_cells[cell.row * grid.columns + cell.col]
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = target.paragraphs[0]
        paragraph.paragraph_format.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT if cell.kind in ("label", "corner", "caption") else WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        paragraph.paragraph_format.space_after = Pt(0)
        size = Pt(9) if cell.kind == "corner" or grid.key == "appeals" else TABLE_SIZE
        set_fonts(paragraph.add_run(cell.text), BODY_FONT, size)
        if cell.mark:
            run = paragraph.add_run(cell.mark)
            set_fonts(run, BODY_FONT, size)
            run.font.superscript = True
    for note in grid.notes:
        _paragraph(document, note, size=NOTE_SIZE, line_spacing=Pt(14))


def render(document: dict) -> bytes:
    word = new_official_document()
    _add_font_fallbacks(word)

    core = word.core_properties
    core.title = document["title"]
    core.author = (document.get("agency") or {}).get("name", "")
    core.language = "zh-CN"

    center = WD_ALIGN_PARAGRAPH.CENTER
    if document.get("state", "draft") == "draft":
        _paragraph(word, "草稿：本报告尚未审定，表中数据随业务记录实时更新。", size=Pt(12), line_spacing=Pt(20))
    for line in title_lines(document["title"]):
        _paragraph(word, line, font=TITLE_FONT, size=TITLE_SIZE, align=center, line_spacing=Pt(36))
    _paragraph(word, "")
    _paragraph(word, document.get("preamble", ""), first_line_indent=2 * CHARACTER)
    grids = table_grids(document)
    for report_section in document.get("sections") or []:
        heading = _paragraph(word, report_section["heading"], font=HEADING_FONT, first_line_indent=2 * CHARACTER)
        heading.paragraph_format.keep_with_next = True
        for text in report_section["paragraphs"]:
            _paragraph(word, text, first_line_indent=2 * CHARACTER)
        grid = grids.get(report_section.get("table") or "")
        if grid is not None:
            _add_table(word, grid)
    _paragraph(word, "")
    signature = [(document.get("agency") or {}).get("name", "")]
    if document.get("signed_off_on"):
        signature.append(chinese_date(document["signed_off_on"]))
    for text in signature:
        _paragraph(word, text, align=WD_ALIGN_PARAGRAPH.RIGHT, right_indent=4 * CHARACTER)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
