"""Every renderer of the annual report: a valid file with the official labels and merged headers, hand-entered cells marked, charts with words."""

import datetime as dt
import io
import re
import subprocess
import zipfile
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User

from gongkai.catalog.sanitize import sanitize_body_html
from gongkai.core import annual_tables as at
from gongkai.reports.document import build_document
from gongkai.reports.models import ManualCell
from gongkai.reports.renderers import render
from gongkai.reports.renderers.charts import charts_for, short_label
from gongkai.reports.renderers.html import render_body, table_grids, title_lines
from tests.system import require_program

pytestmark = pytest.mark.django_db
D = dt.date
SECURITY_ROW = "3.危及“三安全一稳定”"


def filled_tables(fmt):
    """Leaf counts that keep every rule: 一 + 二 = 三 + 四 in each applicant column."""
    tables = at.empty_tables(fmt)
    result_keys = fmt.result_row_keys
    for index, column in enumerate(at.APPLICANT_COLUMNS):
        for offset, key in enumerate(result_keys):
            tables.requests[key][column] = (index + offset) % 3
        results = sum(tables.requests[key][column] for key in result_keys)
        tables.requests["new"][column] = results + 1
        tables.requests["carried_in"][column] = index % 2
        tables.requests["carried_out"][column] = 1 + index % 2
    tables.appeals["review"].update({"结果维持": 3, "结果纠正": 1, "其他结果": 2, "尚未审结": 1})
    tables.appeals["litigation_direct"].update({"结果维持": 1, "其他结果": 1})
    tables.proactive_disclosure["rules"][fmt.proactive_tables[0].columns[0].label] = 2
    return at.compute_totals(tables, fmt)


@pytest.fixture
def document(demo_bureau):
    """The demo bureau's 2025 document with numbers in every table and one hand-entered cell."""
    ManualCell.objects.create(agency=demo_bureau, year=2025, table="proactive", row_key="coercion",
                              column="本年处理决定数量", value=Decimal("7"), note="据执法办案系统统计",
                              entered_by=User.objects.get(username="gongkaiban"))
    document = build_document(demo_bureau, 2025)
    document["tables"] = at.to_official_dict(filled_tables(at.FORMAT_2021), at.FORMAT_2021)
    document["tables"][at.PROACTIVE_SECTION]["第二十条第（六）项"]["行政强制"]["本年处理决定数量"] = 7
    document["charts"] = {"requests_by_outcome": {"（一）予以公开": 5, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": 2},
                          "requests_by_applicant": {"自然人": 9, "商业企业": 3}}
    return document


class TableShape(HTMLParser):
    """Reads each <table>'s cells with their spans and checks every row is filled exactly once."""

    def __init__(self):
        super().__init__()
        self.tables, self.cells = [], []
        self.current = None
        self.open_cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.current = {"id": attrs.get("id"), "rows": []}
        elif tag == "tr" and self.current is not None:
            self.current["rows"].append([])
        elif tag in ("th", "td") and self.current is not None:
            cell = {"tag": tag, "colspan": int(attrs.get("colspan", 1)), "rowspan": int(attrs.get("rowspan", 1)),
                    "scope": attrs.get("scope"), "text": ""}
            self.current["rows"][-1].append(cell)
            self.cells.append(cell)
            self.open_cell = cell

    def handle_data(self, data):
        if self.open_cell is not None:
            self.open_cell["text"] += data

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self.open_cell = None
        elif tag == "table":
            self.tables.append(self.current)
            self.current = None

    def widths(self, table):
        """Columns occupied per row, following rowspans down; all equal for a well-formed table."""
        taken: dict[int, set[int]] = {}
        for r, row in enumerate(table["rows"]):
            col = 0
            for cell in row:
                while col in taken.get(r, set()):
                    col += 1
                for dr in range(cell["rowspan"]):
                    for dc in range(cell["colspan"]):
                        taken.setdefault(r + dr, set()).add(col + dc)
                col += cell["colspan"]
        return [len(taken[r]) for r in range(len(table["rows"]))]


def parse(html: str) -> TableShape:
    shape = TableShape()
    shape.feed(html)
    return shape


def cell(shape, text):
    return next(c for c in shape.cells if c["text"].strip() == text)


def test_html_page_has_the_official_layout_and_labels(document):
    html = render(document, "html").decode()
    assert html.startswith("<!DOCTYPE html>") or "<!DOCTYPE html>" in html[:400]
    assert '<html lang="zh-CN">' in html and "<script" not in html
    assert document["title"] in html and document["preamble"] in html
    positions = [html.index(heading) for heading in at.SECTION_HEADINGS]
    assert positions == sorted(positions)
    assert at.REQUEST_CORNER_NOTE in html and SECURITY_ROW in html
    shape = parse(html)
    tables = {table["id"]: table for table in shape.tables}
    assert set(tables) == {"table-proactive", "table-requests", "table-appeals"}
    assert parse(html).widths(tables["table-requests"]) == [10] * len(tables["table-requests"]["rows"])
    assert set(shape.widths(tables["table-appeals"])) == {15}
    assert set(shape.widths(tables["table-proactive"])) == {4}
    corner = cell(shape, at.REQUEST_CORNER_NOTE)
    assert (corner["colspan"], corner["rowspan"]) == (3, 3)
    assert cell(shape, "申请人情况")["colspan"] == 7 and cell(shape, "申请人情况")["scope"] == "colgroup"
    assert cell(shape, "法人或其他组织")["colspan"] == 5
    assert cell(shape, "自然人")["rowspan"] == 2 and cell(shape, "总计")["rowspan"] == 2
    assert cell(shape, "三、本年度办理结果")["rowspan"] == 22
    assert cell(shape, "（三）不予公开")["rowspan"] == 8 and cell(shape, "（六）其他处理")["rowspan"] == 3
    assert cell(shape, "（一）予以公开")["colspan"] == 2 and cell(shape, "四、结转下年度继续办理")["colspan"] == 3
    assert cell(shape, "行政复议")["colspan"] == 5 and cell(shape, "行政复议")["rowspan"] == 2
    assert cell(shape, "行政诉讼")["colspan"] == 10
    assert cell(shape, "未经复议直接起诉")["colspan"] == 5 and cell(shape, "复议后起诉")["colspan"] == 5
    assert all(c["scope"] for c in shape.cells if c["tag"] == "th" and c["text"] != at.REQUEST_CORNER_NOTE)
    assert html.count("<caption>") == 3
    # The hand-entered cell: marked, and the note says who entered it and from where.
    assert '7<sup class="mark">†</sup>' in html
    assert "「行政强制」「本年处理决定数量」为手工填报数据（gongkaiban填报：据执法办案系统统计）" in html
    # A cell nobody filled is flagged in a draft.
    assert "「行政事业性收费」「本年收费金额（单位：万元）」尚未填报，暂按0计" in html


def test_html_charts_are_inline_svg_with_a_text_alternative(document):
    html = render(document, "html").decode()
    assert html.count("<svg") == 2
    assert 'role="img"' in html and 'aria-labelledby="chart-requests_by_outcome-title chart-requests_by_outcome-desc"' in html
    assert "<title id=\"chart-requests_by_outcome-title\">2025年政府信息公开申请办理结果</title>" in html
    assert "（一）予以公开：5件；（二）部分公开：2件。" in html  # the description, in desc and caption
    assert short_label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "（二）部分公开"


def test_year_on_year_chart_when_last_years_figures_are_at_hand(document):
    assert all(c.key != "year_on_year" for c in charts_for(document).get("overview", ()))  # none without last year's
    document["previous_figures"] = {"主动公开总数": 10, "新收申请数": 4, "办结申请数": 3, "行政复议数": 0, "行政诉讼数": 1}
    chart = next(c for c in charts_for(document)["overview"] if c.key == "year_on_year")
    assert chart.categories == ("主动公开总数", "新收申请数", "办结申请数", "行政复议数", "行政诉讼数")
    assert [legend for legend, _colour, _values in chart.series] == ["2024年", "2025年"]
    assert "2024年与" not in chart.title and "2025年与2024年主要数据对比" == chart.title


def test_2019_format_prints_other_as_one_row_and_twenty_result_rows(demo_bureau):
    document = build_document(demo_bureau, 2020)
    shape = parse(render(document, "html").decode())
    assert cell(shape, "三、本年度办理结果")["rowspan"] == 20
    other = cell(shape, "（六）其他处理")
    assert (other["rowspan"], other["colspan"]) == (1, 2)
    assert cell(shape, "第二十条第（九）项")["colspan"] == 4


def test_portal_body_survives_the_catalog_sanitiser_with_its_merged_headers(document):
    body = render_body(document, portal=True)
    cleaned = sanitize_body_html(body)
    assert "<svg" not in cleaned and "<script" not in cleaned
    assert 'colspan="7"' in cleaned and 'rowspan="22"' in cleaned and 'scope="colgroup"' in cleaned
    assert at.REQUEST_CORNER_NOTE in cleaned and SECURITY_ROW in cleaned
    assert "<h2>一、总体情况</h2>" in cleaned


def test_title_breaks_before_the_year():
    assert title_lines("示范市公安局2025年政府信息公开工作年度报告") == ["示范市公安局", "2025年政府信息公开工作年度报告"]


def test_docx_has_merged_official_headers_and_east_asian_fonts(document):
    from docx import Document
    from docx.oxml.ns import qn

    word = Document(io.BytesIO(render(document, "docx")))
    section = word.sections[0]
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm), round(section.left_margin.mm),
            round(section.right_margin.mm)) == (37, 35, 28, 26)
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    texts = [p.text for p in word.paragraphs]
    assert "示范市公安局" in texts and "2025年政府信息公开工作年度报告" in texts
    assert all(heading in texts for heading in at.SECTION_HEADINGS)
    assert len(word.tables) == 3
    requests = word.tables[1]
    assert len(requests.columns) == 10 and len(requests.rows) == 3 + 25
    top = requests.rows[0].cells
    assert top[0]._tc is top[1]._tc is top[2]._tc and top[0].text == at.REQUEST_CORNER_NOTE
    assert requests.cell(2, 0)._tc is top[0]._tc  # the corner also spans three header rows
    assert len({id(c._tc) for c in top[3:]}) == 1 and top[3].text == "申请人情况"
    second = requests.rows[1].cells
    assert len({id(c._tc) for c in second[4:9]}) == 1 and second[4].text == "法人或其他组织"
    labels = [requests.cell(r, 0).text for r in range(5, 27)]
    assert set(labels) == {"三、本年度办理结果"}
    assert any(c.text == SECURITY_ROW for c in requests.rows[9].cells)
    appeals = word.tables[2]
    assert len(appeals.columns) == 15 and appeals.cell(0, 0).text == "行政复议" and appeals.cell(1, 4).text == "行政复议"
    assert appeals.cell(0, 5).text == "行政诉讼" and appeals.cell(0, 14).text == "行政诉讼"
    assert appeals.cell(1, 5).text == "未经复议直接起诉" and appeals.cell(1, 10).text == "复议后起诉"
    # Every run names its East Asian font; the title is 方正小标宋简体, the body 仿宋_GB2312, headings 黑体.
    runs = [run for p in word.paragraphs for run in p.runs if run.text.strip()]
    fonts = {}
    for run in runs:  # the first run of each text: the title line, not the signature's agency name
        fonts.setdefault(run.text, run._element.rPr.rFonts.get(qn("w:eastAsia")))
    assert all(fonts.values())
    assert fonts["示范市公安局"] == "方正小标宋简体" and fonts["一、总体情况"] == "黑体"
    assert fonts[document["preamble"]] == "仿宋_GB2312"
    table_fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for c in requests._cells for p in c.paragraphs
                   for r in p.runs}
    assert table_fonts == {"仿宋_GB2312"}
    assert any("†" in c.text for c in word.tables[0]._cells)
    with zipfile.ZipFile(io.BytesIO(render(document, "docx"))) as archive:
        font_table = archive.read("word/fontTable.xml").decode()
    assert 'w:name="方正小标宋简体"' in font_table and 'w:altName w:val="黑体"' in font_table


def test_pdf_has_title_tables_and_two_faces(document, tmp_path):
    """How long it takes is benchmarks/report_pdf.py's question; this test checks what it holds."""
    pdftotext = require_program("pdftotext", "poppler-utils")
    pdf = render(document, "pdf")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, text=True, check=True).stdout
    text = re.sub(r"\s+", "", text)  # table cells wrap their labels over several lines
    assert "示范市公安局2025年政府信息公开工作年度报告" in text
    assert "一、本年新收政府信息公开申请数量" in text and "未经复议直接起诉" in text and "—1—" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    faces = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()}
    assert len(faces) <= 2 and any("CJK" in face for face in faces)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+", info)  # A4
    assert "示范市公安局2025年政府信息公开工作年度报告" in info


def test_xlsx_has_three_table_sheets_with_merged_headers_and_the_figures(document):
    from python_calamine import CalamineWorkbook

    data = render(document, "xlsx")
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    assert workbook.sheet_names == ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼", "数据说明"]
    requests = workbook.get_sheet_by_name("表三 依申请公开").to_python()
    assert requests[2][0] == at.REQUEST_CORNER_NOTE and requests[2][3] == "申请人情况"
    assert requests[3][3:5] == ["自然人", "法人或其他组织"] and requests[4][4:9] == list(at.APPLICANT_COLUMNS[1:])
    labels = [row[0] or row[1] or row[2] for row in requests]
    assert "一、本年新收政府信息公开申请数量" in labels and "四、结转下年度继续办理" in labels
    assert any(SECURITY_ROW in row for row in requests)
    new_row = next(row for row in requests if row[0] == "一、本年新收政府信息公开申请数量")
    assert all(isinstance(value, float) for value in new_row[3:])  # numbers, not text
    appeals = workbook.get_sheet_by_name("表四 复议诉讼").to_python()
    assert appeals[2][0] == "行政复议" and appeals[2][5] == "行政诉讼" and appeals[3][10] == "复议后起诉"
    proactive = workbook.get_sheet_by_name("表二 主动公开").to_python()
    assert any("第二十条第（六）项" in row for row in proactive)
    figures = {row[0]: row[1] for row in workbook.get_sheet_by_name("数据说明").to_python() if row and row[0]}
    assert figures["新收申请数"] == document["figures"]["新收申请数"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml").decode()
    assert '<mergeCell ref="A3:C5"/>' in sheet and '<mergeCell ref="D3:J3"/>' in sheet and '<mergeCell ref="E4:I4"/>' in sheet


def test_grids_put_every_cell_inside_the_table(document):
    for grid in table_grids(document).values():
        for c in grid.cells():
            assert c.col + c.colspan <= grid.columns and c.row + c.rowspan <= len(grid.rows)


def test_the_demo_bureaus_real_year_renders_in_every_format(demo_bureau):
    """Realistic data (the demo's requests) through all five renderers: nothing breaks, numbers agree."""
    from gongkai.inforequests.demo import load

    load(demo_bureau, D(2026, 3, 1))
    document = build_document(demo_bureau, 2025)
    assert not document["violations"]
    new_total = document["tables"][at.REQUESTS_SECTION]["一、本年新收政府信息公开申请数量"]["总计"]
    assert new_total > 50
    html = render(document, "html").decode()
    assert f">{new_total}</td>" in html and html.count("<svg") >= 2
    for fmt in ("json", "docx", "pdf", "xlsx"):
        assert len(render(document, fmt)) > 1000
