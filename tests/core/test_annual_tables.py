"""Tests for the annual-report tables: official labels, totals, 勾稽 consistency rules and JSON output."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core.annual_tables import (
    APPEAL_OUTCOMES,
    APPEALS_SECTION,
    APPLICANT_COLUMNS,
    FORMAT_2019,
    FORMAT_2021,
    FORMATS,
    PROACTIVE_SECTION,
    REQUESTS_SECTION,
    SECTION_HEADINGS,
    TOTAL,
    AnnualTables,
    Applicant,
    CellKind,
    DecisionCategory,
    RowRole,
    Rule,
    UnsupportedReportYear,
    check_consistency,
    compute_totals,
    empty_tables,
    format_for_year,
    group_subtotals,
    to_official_dict,
)

# ---- expected labels, copied verbatim from law-and-standards.md §2 -------------------

EXPECTED_SECTIONS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

EXPECTED_REQUEST_ROWS_2021 = (
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
)
ONLY_2021_REQUEST_ROWS = EXPECTED_REQUEST_ROWS_2021[25:28]
EXPECTED_REQUEST_ROWS_2019 = EXPECTED_REQUEST_ROWS_2021[:25] + EXPECTED_REQUEST_ROWS_2021[28:]

EXPECTED_PROACTIVE_2021 = (
    ("第二十条第（一）项", ("规章", "行政规范性文件"), ("本年制发件数", "本年废止件数", "现行有效件数")),
    ("第二十条第（五）项", ("行政许可",), ("本年处理决定数量",)),
    ("第二十条第（六）项", ("行政处罚", "行政强制"), ("本年处理决定数量",)),
    ("第二十条第（八）项", ("行政事业性收费",), ("本年收费金额（单位：万元）",)),
)
EXPECTED_PROACTIVE_2019 = (
    ("第二十条第（一）项", ("规章", "规范性文件"), ("本年新制作数量", "本年新公开数量", "对外公开总数量")),
    ("第二十条第（五）项", ("行政许可", "其他对外管理服务事项"), ("上一年项目数量", "本年增/减", "处理决定数量")),
    ("第二十条第（六）项", ("行政处罚", "行政强制"), ("上一年项目数量", "本年增/减", "处理决定数量")),
    ("第二十条第（八）项", ("行政事业性收费",), ("上一年项目数量", "本年增/减")),
    ("第二十条第（九）项", ("政府集中采购",), ("采购项目数量", "采购总金额")),
)

# Section 2 of shared/domain/law-and-standards.md, shipped with the tests (tests/data/README.md).
FORMAT_FILE = Path(__file__).resolve().parents[1] / "data" / "annual-report-format.md"


def _proactive_layout(fmt):
    return tuple(
        (sub.caption, tuple(row.label for row in sub.rows), sub.column_labels) for sub in fmt.proactive_tables
    )


def _rules(violations):
    return {violation.rule for violation in violations}


# ---- formats and labels --------------------------------------------------------------


@pytest.mark.parametrize("year", [2019, 2020])
def test_2019_and_2020_reports_use_the_2019_trial_format(year):
    assert format_for_year(year) is FORMAT_2019
    assert FORMAT_2019.instrument == "国办公开办函〔2019〕60号"


@pytest.mark.parametrize("year", [2021, 2022, 2025, 2040])
def test_reports_from_2021_use_the_2021_format(year):
    assert format_for_year(year) is FORMAT_2021
    assert FORMAT_2021.instrument == "国办公开办函〔2021〕30号"


@pytest.mark.parametrize("year", [2018, 2008])
def test_reports_before_2019_have_no_tabular_format(year):
    with pytest.raises(UnsupportedReportYear, match="narrative") as raised:
        format_for_year(year)
    assert isinstance(raised.value, ValueError)
    assert "叙述" in str(raised.value)


@pytest.mark.parametrize("fmt", FORMATS)
def test_section_headings_are_the_six_official_ones(fmt):
    assert fmt.section_headings == SECTION_HEADINGS == EXPECTED_SECTIONS
    assert (PROACTIVE_SECTION, REQUESTS_SECTION, APPEALS_SECTION) == EXPECTED_SECTIONS[1:4]


def test_table_2_layout_2021():
    assert _proactive_layout(FORMAT_2021) == EXPECTED_PROACTIVE_2021


def test_table_2_layout_2019_has_its_own_rows_and_columns():
    assert _proactive_layout(FORMAT_2019) == EXPECTED_PROACTIVE_2019
    labels_2021 = {label for _, rows, _ in _proactive_layout(FORMAT_2021) for label in rows}
    for only_2019 in ("其他对外管理服务事项", "政府集中采购", "规范性文件"):
        assert only_2019 not in labels_2021
    assert "第二十条第（九）项" not in {sub.caption for sub in FORMAT_2021.proactive_tables}


def test_table_2_column_kinds():
    fee = FORMAT_2021.proactive_sub_table("fees").columns[0]
    assert fee.kind is CellKind.AMOUNT
    change = FORMAT_2019.proactive_sub_table("penalty").columns[1]
    assert (change.label, change.kind) == ("本年增/减", CellKind.SIGNED_COUNT)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [(FORMAT_2019, EXPECTED_REQUEST_ROWS_2019), (FORMAT_2021, EXPECTED_REQUEST_ROWS_2021)],
)
def test_table_3_row_labels_verbatim_and_in_order(fmt, expected):
    assert tuple(row.label for row in fmt.request_rows) == expected


def test_table_3_curly_quotes_and_long_labels():
    row = FORMAT_2021.request_row("withheld.security_stability")
    assert row.label == "3.危及\u201c三安全一稳定\u201d"
    assert '"' not in row.label
    assert FORMAT_2019.request_row("partial").label == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


def test_table_3_other_handling_differs_between_formats():
    assert FORMAT_2019.request_row("other").role is RowRole.RESULT
    assert FORMAT_2021.request_row("other").role is RowRole.GROUP
    labels_2019 = {row.label for row in FORMAT_2019.request_rows}
    for label in ONLY_2021_REQUEST_ROWS:
        assert label not in labels_2019
    children = [row.label for row in FORMAT_2021.request_rows if row.parent == "other"]
    assert tuple(children) == ONLY_2021_REQUEST_ROWS


@pytest.mark.parametrize(("fmt", "printed_rows"), [(FORMAT_2019, 20), (FORMAT_2021, 22)])
def test_table_3_groups_carry_no_cells(fmt, printed_rows):
    groups = {row.label for row in fmt.request_rows if not row.has_cells}
    expected = {"三、本年度办理结果", "（三）不予公开", "（四）无法提供", "（五）不予处理"}
    if fmt is FORMAT_2021:
        expected.add("（六）其他处理")
    assert groups == expected
    # Published tables: rowspan 20 (2019) / 22 (2021) on 三、本年度办理结果.
    under_results = [row for row in fmt.request_rows if row.has_cells and row.level > 0]
    assert len(under_results) == printed_rows
    assert len(fmt.result_row_keys) == printed_rows - 1  # all but （七）总计


def test_table_3_row_keys():
    assert FORMAT_2021.value_row_keys[:4] == ("new", "carried_in", "granted", "partial")
    assert FORMAT_2021.value_row_keys[-2:] == ("total", "carried_out")
    assert FORMAT_2021.request_row("withheld.state_secret").label == "1.属于国家秘密"
    assert FORMAT_2021.request_row("other.fee_unpaid").parent == "other"
    assert len(set(FORMAT_2021.value_row_keys)) == len(FORMAT_2021.value_row_keys)


def test_table_3_columns_and_header():
    assert APPLICANT_COLUMNS + (TOTAL,) == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    for fmt in FORMATS:
        header = fmt.request_header
        assert header.label == "申请人情况"
        assert [child.label for child in header.children] == ["自然人", "法人或其他组织", "总计"]
        assert header.leaf_labels() == fmt.request_columns
        assert "法人或其他组织小计" not in fmt.request_columns
        assert fmt.request_corner_note == "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def test_table_4_has_fifteen_cells():
    for fmt in FORMATS:
        leaves = [label for node in fmt.appeal_header for label in node.leaf_labels()]
        assert leaves == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 3
        assert [node.label for node in fmt.appeal_header] == ["行政复议", "行政诉讼"]
        assert [child.label for child in fmt.appeal_header[1].children] == ["未经复议直接起诉", "复议后起诉"]
        assert sum(len(cells) for cells in empty_tables(fmt).appeals.values()) == 15


def test_every_decision_category_maps_to_a_result_row():
    for fmt in FORMATS:
        for category in DecisionCategory:
            row = fmt.request_row(fmt.row_key_for_decision(category))
            assert row.role is RowRole.RESULT
    assert all(FORMAT_2021.row_key_for_decision(c) == str(c) for c in DecisionCategory)
    folded = (DecisionCategory.OTHER_NO_CORRECTION, DecisionCategory.OTHER_FEE_UNPAID, DecisionCategory.OTHER)
    for category in folded:
        assert FORMAT_2019.row_key_for_decision(category) == "other"
    assert FORMAT_2019.row_key_for_decision("partial") == "partial"
    assert set(FORMAT_2021.result_row_keys) == {str(c) for c in DecisionCategory}


def test_every_label_appears_verbatim_in_the_domain_file():
    text = FORMAT_FILE.read_text(encoding="utf-8")
    for fmt in FORMATS:
        labels = set(fmt.section_headings) | set(fmt.request_columns) | set(fmt.appeal_columns)
        labels |= {row.label for row in fmt.request_rows}
        labels |= {block.label for block in fmt.appeal_blocks}
        labels.add(fmt.request_corner_note)
        for sub in fmt.proactive_tables:
            labels |= {sub.caption, *sub.column_labels, *(row.label for row in sub.rows)}
        missing = sorted(label for label in labels if label not in text)
        assert missing == []


# ---- helpers to build filled tables ----------------------------------------------------


def sh_2019_tables():
    """A 2019-format table whose 总计 column is [SH-2019]'s: 859 + 18 = 877 = 805 + 72."""
    tables = empty_tables(FORMAT_2019)
    requests = tables.requests
    requests["new"]["自然人"] = 850
    requests["new"]["商业企业"] = 9
    requests["carried_in"]["自然人"] = 18
    requests["granted"]["自然人"] = 500
    requests["partial"]["自然人"] = 100
    requests["withheld.third_party"]["自然人"] = 50
    requests["unavailable.not_held"]["自然人"] = 146
    requests["other"]["商业企业"] = 9
    requests["carried_out"]["自然人"] = 72
    return compute_totals(tables, FORMAT_2019)


def appeal_fixture_tables(fmt=FORMAT_2021):
    """Table 四 numbers of the 2021 fixture quoted in §2.5."""
    tables = empty_tables(fmt)
    for key, outcomes in (
        ("review", (376, 97, 196, 121)),
        ("litigation_direct", (16, 1, 12, 27)),
        ("litigation_after_review", (74, 1, 30, 51)),
    ):
        tables.appeals[key].update(zip(APPEAL_OUTCOMES, outcomes))
    return compute_totals(tables, fmt)


# ---- totals ----------------------------------------------------------------------------


def test_compute_totals_fills_derived_cells_without_mutating_input():
    tables = empty_tables(FORMAT_2021)
    tables.requests["granted"]["自然人"] = 3
    tables.requests["other.fee_unpaid"]["法律服务机构"] = 2
    tables.appeals["review"]["结果纠正"] = 4
    filled = compute_totals(tables, FORMAT_2021)
    assert tables.requests["total"]["自然人"] == 0  # input untouched
    assert filled.requests["granted"][TOTAL] == 3
    assert filled.requests["total"]["自然人"] == 3
    assert filled.requests["total"]["法律服务机构"] == 2
    assert filled.requests["total"][TOTAL] == 5
    assert filled.appeals["review"][TOTAL] == 4


def test_sh_2019_example_column_balances():
    tables = sh_2019_tables()
    totals = {key: tables.requests[key][TOTAL] for key in ("new", "carried_in", "total", "carried_out")}
    assert totals == {"new": 859, "carried_in": 18, "total": 805, "carried_out": 72}
    assert check_consistency(tables, FORMAT_2019) == []


def test_appeal_fixture_totals():
    tables = appeal_fixture_tables()
    assert [tables.appeals[key][TOTAL] for key in tables.appeals] == [790, 56, 156]
    assert check_consistency(tables, FORMAT_2021) == []


def test_group_subtotals():
    tables = empty_tables(FORMAT_2021)
    tables.requests["withheld.state_secret"]["自然人"] = 2
    tables.requests["withheld.third_party"]["其他"] = 3
    tables.requests["other.other"]["自然人"] = 1
    subtotals = group_subtotals(compute_totals(tables, FORMAT_2021), FORMAT_2021)
    assert list(subtotals) == ["withheld", "unavailable", "not_processed", "other"]
    assert subtotals["withheld"]["自然人"] == 2
    assert subtotals["withheld"][TOTAL] == 5
    assert subtotals["other"][TOTAL] == 1
    assert "other" not in group_subtotals(empty_tables(FORMAT_2019), FORMAT_2019)


# ---- consistency rules: each one broken and kept ---------------------------------------


def test_column_balance_broken():
    tables = sh_2019_tables()
    tables.requests["carried_out"]["自然人"] = 71
    tables = compute_totals(tables, FORMAT_2019)
    violations = check_consistency(tables, FORMAT_2019)
    assert _rules(violations) == {Rule.COLUMN_BALANCE}
    by_column = {violation.column: violation for violation in violations}
    assert set(by_column) == {"自然人", TOTAL}
    violation = by_column[TOTAL]
    assert (violation.expected, violation.actual) == (72, 71)
    assert violation.table == "三、收到和处理政府信息公开申请情况"
    assert violation.row == "四、结转下年度继续办理"
    assert "勾稽关系" in violation.message and "总计" in violation.message and "71" in violation.message


def test_column_balance_broken_by_intake():
    tables = sh_2019_tables()
    tables.requests["new"]["商业企业"] = 10
    violations = check_consistency(compute_totals(tables, FORMAT_2019), FORMAT_2019)
    assert {(v.rule, v.column) for v in violations} == {
        (Rule.COLUMN_BALANCE, "商业企业"),
        (Rule.COLUMN_BALANCE, TOTAL),
    }


def test_row_total_broken_and_kept():
    tables = sh_2019_tables()
    assert check_consistency(tables, FORMAT_2019) == []
    tables.requests["granted"][TOTAL] = 499
    violations = [v for v in check_consistency(tables, FORMAT_2019) if v.rule is Rule.ROW_TOTAL]
    assert len(violations) == 1
    violation = violations[0]
    assert (violation.row_key, violation.row, violation.column) == ("granted", "（一）予以公开", TOTAL)
    assert (violation.expected, violation.actual) == (500, 499)
    assert "（一）予以公开" in violation.message and "六类申请人" in violation.message


def test_results_total_broken_and_kept():
    tables = compute_totals(empty_tables(FORMAT_2021), FORMAT_2021)
    tables.requests["other.no_correction"]["科研机构"] = 1
    tables.requests["other.no_correction"][TOTAL] = 1
    tables.requests["carried_in"]["科研机构"] = 1
    tables.requests["carried_in"][TOTAL] = 1
    violations = check_consistency(tables, FORMAT_2021)
    results = [v for v in violations if v.rule is Rule.RESULTS_TOTAL]
    assert {(v.row, v.column, v.expected, v.actual) for v in results} == {
        ("（七）总计", "科研机构", 1, 0),
        ("（七）总计", TOTAL, 1, 0),
    }
    assert "本年度办理结果各项之和" in results[0].message
    assert check_consistency(compute_totals(tables, FORMAT_2021), FORMAT_2021) == []


def test_negative_counts_reported_in_every_table():
    tables = empty_tables(FORMAT_2021)
    tables.requests["granted"]["自然人"] = -1
    tables.requests["carried_out"]["自然人"] = -1
    tables.appeals["litigation_direct"]["尚未审结"] = -2
    tables.proactive_disclosure["penalty"]["本年处理决定数量"] = -3
    tables.proactive_disclosure["fees"]["本年收费金额（单位：万元）"] = Decimal("-0.5")
    tables = compute_totals(tables, FORMAT_2021)
    negatives = [v for v in check_consistency(tables, FORMAT_2021) if v.rule is Rule.NEGATIVE]
    cells = {(v.table, v.row, v.column, v.actual) for v in negatives}
    assert ("二、主动公开政府信息情况", "行政处罚", "本年处理决定数量", -3) in cells
    assert ("二、主动公开政府信息情况", "行政事业性收费", "本年收费金额（单位：万元）", Decimal("-0.5")) in cells
    assert (REQUESTS_SECTION, "（一）予以公开", "自然人", -1) in cells
    assert (REQUESTS_SECTION, "（七）总计", TOTAL, -1) in cells
    assert (APPEALS_SECTION, "未经复议直接起诉", "尚未审结", -2) in cells
    assert all(v.expected is None and "负数" in v.message for v in negatives)


def test_signed_change_column_may_be_negative():
    tables = empty_tables(FORMAT_2019)
    tables.proactive_disclosure["penalty"]["本年增/减"] = -12
    tables.proactive_disclosure["procurement"]["采购总金额"] = Decimal("12.5")
    assert check_consistency(compute_totals(tables, FORMAT_2019), FORMAT_2019) == []


def test_appeal_total_broken():
    tables = appeal_fixture_tables()
    tables.appeals["litigation_after_review"][TOTAL] = 155
    violations = check_consistency(tables, FORMAT_2021)
    assert len(violations) == 1
    violation = violations[0]
    assert violation.rule is Rule.APPEAL_TOTAL
    assert (violation.table, violation.row, violation.column) == (APPEALS_SECTION, "复议后起诉", TOTAL)
    assert (violation.expected, violation.actual) == (156, 155)
    assert "行政诉讼（复议后起诉）" in violation.message


def _with_carry(fmt, carried_in, carried_out):
    tables = empty_tables(fmt)
    tables.requests["carried_in"]["自然人"] = carried_in
    tables.requests["granted"]["自然人"] = carried_in
    tables.requests["new"]["其他"] = carried_out
    tables.requests["carried_out"]["其他"] = carried_out
    return compute_totals(tables, fmt)


def test_carry_over_from_previous_year_kept_across_formats():
    last_year = _with_carry(FORMAT_2019, 0, 0)
    last_year.requests["new"]["自然人"] = 4
    last_year.requests["carried_out"]["自然人"] = 4
    last_year = compute_totals(last_year, FORMAT_2019)
    this_year = _with_carry(FORMAT_2021, 4, 0)
    assert check_consistency(last_year, FORMAT_2019) == []
    assert check_consistency(this_year, FORMAT_2021, previous=last_year) == []


def test_carry_over_from_previous_year_broken():
    last_year = _with_carry(FORMAT_2021, 0, 3)  # carries 3 of 其他 forward
    this_year = _with_carry(FORMAT_2021, 2, 0)  # but claims 2 of 自然人 came in
    assert check_consistency(this_year, FORMAT_2021) == []  # fine on its own
    violations = check_consistency(this_year, FORMAT_2021, previous=last_year)
    assert _rules(violations) == {Rule.CARRY_OVER}
    found = {(v.row, v.column, v.expected, v.actual) for v in violations}
    assert found == {
        ("二、上年结转政府信息公开申请数量", "自然人", 0, 2),
        ("二、上年结转政府信息公开申请数量", "其他", 3, 0),
        ("二、上年结转政府信息公开申请数量", TOTAL, 3, 2),
    }
    assert all("上年度报告" in v.message for v in violations)


def test_wrong_shape_raises():
    tables_2019 = empty_tables(FORMAT_2019)
    with pytest.raises(ValueError, match="table 二"):
        check_consistency(tables_2019, FORMAT_2021)
    tables = empty_tables(FORMAT_2021)
    del tables.requests["granted"]
    with pytest.raises(ValueError, match="granted"):
        compute_totals(tables, FORMAT_2021)
    tables = empty_tables(FORMAT_2021)
    tables.requests["granted"]["自然人"] = True
    with pytest.raises(TypeError):
        check_consistency(tables, FORMAT_2021)
    tables = empty_tables(FORMAT_2021)
    tables.requests["granted"]["自然人"] = Decimal(1)
    with pytest.raises(TypeError):
        to_official_dict(tables, FORMAT_2021)


# ---- JSON output -----------------------------------------------------------------------


def test_official_dict_structure_2021():
    tables = appeal_fixture_tables()
    tables.requests["other.fee_unpaid"]["自然人"] = 2
    tables.proactive_disclosure["fees"]["本年收费金额（单位：万元）"] = Decimal("0.35")
    tables.proactive_disclosure["penalty"]["本年处理决定数量"] = 7
    tables = compute_totals(tables, FORMAT_2021)
    official = to_official_dict(tables, FORMAT_2021)

    assert list(official) == list(EXPECTED_SECTIONS[1:4])
    proactive = official["二、主动公开政府信息情况"]
    assert list(proactive) == [caption for caption, _, _ in EXPECTED_PROACTIVE_2021]
    assert proactive["第二十条第（六）项"]["行政处罚"] == {"本年处理决定数量": 7}
    assert proactive["第二十条第（八）项"]["行政事业性收费"]["本年收费金额（单位：万元）"] == 0.35

    requests = official["三、收到和处理政府信息公开申请情况"]
    assert list(requests) == [
        "一、本年新收政府信息公开申请数量",
        "二、上年结转政府信息公开申请数量",
        "三、本年度办理结果",
        "四、结转下年度继续办理",
    ]
    results = requests["三、本年度办理结果"]
    assert list(results) == ["（一）予以公开", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
                             "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理", "（七）总计"]
    other = results["（六）其他处理"]
    assert list(other) == list(ONLY_2021_REQUEST_ROWS)
    fee_row = other["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"]
    assert list(fee_row) == list(APPLICANT_COLUMNS) + [TOTAL]
    assert fee_row["自然人"] == 2 and fee_row[TOTAL] == 2
    assert "3.危及“三安全一稳定”" in results["（三）不予公开"]
    assert results["（七）总计"][TOTAL] == 2

    appeals = official["四、政府信息公开行政复议、行政诉讼情况"]
    assert list(appeals) == ["行政复议", "行政诉讼"]
    assert appeals["行政复议"]["总计"] == 790
    assert list(appeals["行政诉讼"]) == ["未经复议直接起诉", "复议后起诉"]
    assert appeals["行政诉讼"]["复议后起诉"] == {"结果维持": 74, "结果纠正": 1, "其他结果": 30, "尚未审结": 51,
                                           "总计": 156}

    text = json.dumps(official, ensure_ascii=False)
    assert json.dumps(to_official_dict(tables, FORMAT_2021), ensure_ascii=False) == text
    assert '"本年收费金额（单位：万元）": 0.35' in text


def test_official_dict_2019_other_is_a_row():
    official = to_official_dict(sh_2019_tables(), FORMAT_2019)
    results = official["三、收到和处理政府信息公开申请情况"]["三、本年度办理结果"]
    assert results["（六）其他处理"] == {
        "自然人": 0, "商业企业": 9, "科研机构": 0, "社会公益组织": 0, "法律服务机构": 0, "其他": 0, "总计": 9,
    }
    assert results["（七）总计"][TOTAL] == 805
    assert "第二十条第（九）项" in official["二、主动公开政府信息情况"]
    json.dumps(official)


# ---- properties ------------------------------------------------------------------------

SMALL = st.integers(min_value=0, max_value=60)


@st.composite
def leaf_tables(draw):
    """A format and leaf counts that balance per column, totals left for compute_totals."""
    fmt = draw(st.sampled_from(FORMATS))
    tables = empty_tables(fmt)
    requests = tables.requests
    for column in APPLICANT_COLUMNS:
        for key in fmt.result_row_keys:
            requests[key][column] = draw(SMALL)
        finished = sum(requests[key][column] for key in fmt.result_row_keys)
        carried_out = draw(SMALL)
        carried_in = draw(st.integers(min_value=0, max_value=finished + carried_out))
        requests["carried_out"][column] = carried_out
        requests["carried_in"][column] = carried_in
        requests["new"][column] = finished + carried_out - carried_in
    for cells in tables.appeals.values():
        for outcome in APPEAL_OUTCOMES:
            cells[outcome] = draw(SMALL)
    for sub in fmt.proactive_tables:
        for row in sub.rows:
            for column in sub.columns:
                if column.kind is CellKind.SIGNED_COUNT:
                    value = draw(st.integers(min_value=-60, max_value=60))
                elif column.kind is CellKind.AMOUNT:
                    value = draw(st.decimals(min_value=0, max_value=10_000, places=2))
                else:
                    value = draw(SMALL)
                tables.proactive_disclosure[row.key][column.label] = value
    return fmt, tables


def _filled_cells(tables: AnnualTables):
    cells = [("requests", key, column) for key in tables.requests for column in tables.requests[key]]
    cells += [("appeals", key, column) for key in tables.appeals for column in tables.appeals[key]]
    return cells


PROPERTY_SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY_SETTINGS
@given(leaf_tables())
def test_totals_of_random_leaves_are_consistent(generated):
    fmt, tables = generated
    filled = compute_totals(tables, fmt)
    assert check_consistency(filled, fmt) == []
    last_year = empty_tables(FORMAT_2019)
    last_year.requests["carried_out"] = dict(filled.requests["carried_in"])
    assert check_consistency(filled, fmt, previous=last_year) == []
    assert compute_totals(filled, fmt) == filled
    json.dumps(to_official_dict(filled, fmt))


@PROPERTY_SETTINGS
@given(leaf_tables(), st.data())
def test_any_single_perturbation_is_reported(generated, data):
    fmt, tables = generated
    filled = compute_totals(tables, fmt)
    table_name, key, column = data.draw(st.sampled_from(_filled_cells(filled)))
    delta = data.draw(st.integers(min_value=-30, max_value=30).filter(bool))
    getattr(filled, table_name)[key][column] += delta
    violations = check_consistency(filled, fmt)
    section = REQUESTS_SECTION if table_name == "requests" else APPEALS_SECTION
    assert any(v.table == section and v.row_key == key for v in violations)
