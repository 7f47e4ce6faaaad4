"""Tables of the annual disclosure report (2019 and 2021 official formats): labels, totals, 勾稽 checks."""

# Why this module exists: 条例 art.50 makes every agency publish an annual report in the
# uniform format of the national 主管部门. Two formats apply to reports this platform
# produces: 国办公开办函〔2019〕60号 (reports for 2019 and 2020) and 国办公开办函〔2021〕30号
# (reports for 2021 onward). Reviewers compare the tables cell by cell with the official
# template, so every Chinese label below is copied verbatim and is data, not prose.
# Source: /work/shared/domain/law-and-standards.md §2.

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum, StrEnum
from typing import Union

__all__ = [
    "ADMINISTRATIVE_LITIGATION",
    "ADMINISTRATIVE_REVIEW",
    "APPEALS_SECTION",
    "APPEAL_BLOCKS",
    "APPEAL_COLUMNS",
    "APPEAL_HEADER",
    "APPEAL_OUTCOMES",
    "APPLICANT_COLUMNS",
    "FORMATS",
    "FORMAT_2019",
    "FORMAT_2021",
    "PROACTIVE_SECTION",
    "REQUESTS_SECTION",
    "REQUEST_COLUMNS",
    "REQUEST_CORNER_NOTE",
    "REQUEST_HEADER",
    "SECTION_HEADINGS",
    "TOTAL",
    "AnnualTables",
    "AppealBlock",
    "Applicant",
    "CellKind",
    "CellValue",
    "DecisionCategory",
    "HeaderNode",
    "ProactiveColumn",
    "ProactiveRow",
    "ProactiveSubTable",
    "ReportFormat",
    "RequestRow",
    "RowRole",
    "Rule",
    "UnsupportedReportYear",
    "Violation",
    "check_consistency",
    "compute_totals",
    "empty_tables",
    "format_for_year",
    "group_subtotals",
    "to_official_dict",
]

# A table 二 cell: counts are int, fee and procurement amounts may be Decimal.
CellValue = Union[int, Decimal]

# --------------------------------------------------------------------------------------
# Section headings (same six in both formats, §2.2)
# --------------------------------------------------------------------------------------

SECTION_HEADINGS: tuple[str, ...] = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)
PROACTIVE_SECTION = SECTION_HEADINGS[1]
REQUESTS_SECTION = SECTION_HEADINGS[2]
APPEALS_SECTION = SECTION_HEADINGS[3]

TOTAL = "总计"


@dataclass(frozen=True)
class HeaderNode:
    """One cell of a multi-level header; leaves are the data columns, inner nodes are merged cells."""

    label: str
    children: tuple[HeaderNode, ...] = ()

    def leaf_labels(self) -> tuple[str, ...]:
        if not self.children:
            return (self.label,)
        return tuple(label for child in self.children for label in child.leaf_labels())


# --------------------------------------------------------------------------------------
# Table 二: 主动公开政府信息情况 (§2.3)
# --------------------------------------------------------------------------------------


class CellKind(Enum):
    """What a table 二 column holds; decides the type accepted and whether negatives are allowed."""

    COUNT = "count"  # non-negative int
    SIGNED_COUNT = "signed_count"  # 2019 "本年增/减": a change, may be negative
    AMOUNT = "amount"  # money (万元 or 元 as the label says), int or Decimal, non-negative


@dataclass(frozen=True)
class ProactiveColumn:
    label: str
    kind: CellKind = CellKind.COUNT


@dataclass(frozen=True)
class ProactiveRow:
    """A 信息内容 row; the key is unique across the whole table 二 of a format."""

    key: str
    label: str


@dataclass(frozen=True)
class ProactiveSubTable:
    """One block of table 二, captioned by the 条例 art.20 item it reports on."""

    caption: str
    rows: tuple[ProactiveRow, ...]
    columns: tuple[ProactiveColumn, ...]

    @property
    def column_labels(self) -> tuple[str, ...]:
        return tuple(column.label for column in self.columns)


_PROCESSED_2021 = (ProactiveColumn("本年处理决定数量"),)
_PROJECTS_2019 = (
    ProactiveColumn("上一年项目数量"),
    ProactiveColumn("本年增/减", CellKind.SIGNED_COUNT),
    ProactiveColumn("处理决定数量"),
)

PROACTIVE_TABLES_2021: tuple[ProactiveSubTable, ...] = (
    ProactiveSubTable(
        "第二十条第（一）项",
        (ProactiveRow("rules", "规章"), ProactiveRow("normative_documents", "行政规范性文件")),
        (ProactiveColumn("本年制发件数"), ProactiveColumn("本年废止件数"), ProactiveColumn("现行有效件数")),
    ),
    ProactiveSubTable("第二十条第（五）项", (ProactiveRow("licensing", "行政许可"),), _PROCESSED_2021),
    ProactiveSubTable(
        "第二十条第（六）项",
        (ProactiveRow("penalty", "行政处罚"), ProactiveRow("coercion", "行政强制")),
        _PROCESSED_2021,
    ),
    ProactiveSubTable(
        "第二十条第（八）项",
        (ProactiveRow("fees", "行政事业性收费"),),
        (ProactiveColumn("本年收费金额（单位：万元）", CellKind.AMOUNT),),
    ),
)

PROACTIVE_TABLES_2019: tuple[ProactiveSubTable, ...] = (
    ProactiveSubTable(
        "第二十条第（一）项",
        (ProactiveRow("rules", "规章"), ProactiveRow("normative_documents", "规范性文件")),
        (ProactiveColumn("本年新制作数量"), ProactiveColumn("本年新公开数量"), ProactiveColumn("对外公开总数量")),
    ),
    ProactiveSubTable(
        "第二十条第（五）项",
        (ProactiveRow("licensing", "行政许可"), ProactiveRow("other_services", "其他对外管理服务事项")),
        _PROJECTS_2019,
    ),
    ProactiveSubTable(
        "第二十条第（六）项",
        (ProactiveRow("penalty", "行政处罚"), ProactiveRow("coercion", "行政强制")),
        _PROJECTS_2019,
    ),
    ProactiveSubTable(
        "第二十条第（八）项",
        (ProactiveRow("fees", "行政事业性收费"),),
        (ProactiveColumn("上一年项目数量"), ProactiveColumn("本年增/减", CellKind.SIGNED_COUNT)),
    ),
    ProactiveSubTable(
        "第二十条第（九）项",
        (ProactiveRow("procurement", "政府集中采购"),),
        (ProactiveColumn("采购项目数量"), ProactiveColumn("采购总金额", CellKind.AMOUNT)),
    ),
)

# --------------------------------------------------------------------------------------
# Table 三: 收到和处理政府信息公开申请情况 (§2.4), columns identical in both formats
# --------------------------------------------------------------------------------------


class Applicant(StrEnum):
    """Applicant types; the value is the official column label, so the request app stores one of these."""

    NATURAL_PERSON = "自然人"
    COMMERCIAL_ENTERPRISE = "商业企业"
    RESEARCH_INSTITUTION = "科研机构"
    PUBLIC_WELFARE_ORGANIZATION = "社会公益组织"
    LEGAL_SERVICE_ORGANIZATION = "法律服务机构"
    OTHER_ORGANIZATION = "其他"


APPLICANT_COLUMNS: tuple[str, ...] = tuple(str(applicant) for applicant in Applicant)
REQUEST_COLUMNS: tuple[str, ...] = APPLICANT_COLUMNS + (TOTAL,)

# Top-left merged cell: the official statement of the column balance rule.
REQUEST_CORNER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# No "法人或其他组织" subtotal column: the official form has none (§2.4, §8 item 8).
REQUEST_HEADER = HeaderNode(
    "申请人情况",
    (
        HeaderNode("自然人"),
        HeaderNode("法人或其他组织", tuple(HeaderNode(label) for label in APPLICANT_COLUMNS[1:])),
        HeaderNode(TOTAL),
    ),
)


class RowRole(Enum):
    """How a table 三 row takes part in the arithmetic."""

    INTAKE = "intake"  # 一、二: requests to be handled this year
    GROUP = "group"  # label only, no cells of its own (三、 and （三）（四）（五）, （六） in 2021)
    RESULT = "result"  # a numbered result row, summed into （七）总计
    RESULTS_TOTAL = "results_total"  # （七）总计
    CARRIED_OUT = "carried_out"  # 四、结转下年度继续办理


@dataclass(frozen=True)
class RequestRow:
    """A table 三 row in print order; level 0 = 一…四, 1 = （一）…（七）, 2 = numbered sub-rows."""

    key: str
    label: str
    level: int
    role: RowRole
    parent: str | None = None

    @property
    def has_cells(self) -> bool:
        return self.role is not RowRole.GROUP


class DecisionCategory(StrEnum):
    """Outcome categories the request app maps its decisions onto; one per 2021 result row.

    Kept format-independent so a decision recorded in any year can be counted in
    whichever format that year's report uses (see ReportFormat.row_key_for_decision).
    """

    GRANTED = "granted"
    PARTIAL = "partial"
    WITHHELD_STATE_SECRET = "withheld.state_secret"
    WITHHELD_PROHIBITED_BY_LAW = "withheld.prohibited_by_law"
    WITHHELD_SECURITY_STABILITY = "withheld.security_stability"
    WITHHELD_THIRD_PARTY = "withheld.third_party"
    WITHHELD_INTERNAL_AFFAIRS = "withheld.internal_affairs"
    WITHHELD_PROCESS_INFORMATION = "withheld.process_information"
    WITHHELD_ENFORCEMENT_FILE = "withheld.enforcement_file"
    WITHHELD_QUERY_MATTER = "withheld.query_matter"
    UNAVAILABLE_NOT_HELD = "unavailable.not_held"
    UNAVAILABLE_NEEDS_CREATION = "unavailable.needs_creation"
    UNAVAILABLE_UNCLEAR_AFTER_CORRECTION = "unavailable.unclear_after_correction"
    NOT_PROCESSED_PETITION = "not_processed.petition_complaint"
    NOT_PROCESSED_REPEAT = "not_processed.repeat"
    NOT_PROCESSED_PUBLICATION = "not_processed.publication"
    NOT_PROCESSED_EXCESSIVE = "not_processed.excessive"
    NOT_PROCESSED_CONFIRM_OR_REISSUE = "not_processed.confirm_or_reissue"
    OTHER_NO_CORRECTION = "other.no_correction"
    OTHER_FEE_UNPAID = "other.fee_unpaid"
    OTHER = "other.other"


def _result(category: DecisionCategory, label: str, parent: str) -> RequestRow:
    return RequestRow(str(category), label, 2, RowRole.RESULT, parent)


_ROWS_BEFORE_OTHER: tuple[RequestRow, ...] = (
    RequestRow("new", "一、本年新收政府信息公开申请数量", 0, RowRole.INTAKE),
    RequestRow("carried_in", "二、上年结转政府信息公开申请数量", 0, RowRole.INTAKE),
    RequestRow("results", "三、本年度办理结果", 0, RowRole.GROUP),
    RequestRow("granted", "（一）予以公开", 1, RowRole.RESULT, "results"),
    RequestRow("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, RowRole.RESULT, "results"),
    RequestRow("withheld", "（三）不予公开", 1, RowRole.GROUP, "results"),
    _result(DecisionCategory.WITHHELD_STATE_SECRET, "1.属于国家秘密", "withheld"),
    _result(DecisionCategory.WITHHELD_PROHIBITED_BY_LAW, "2.其他法律行政法规禁止公开", "withheld"),
    _result(DecisionCategory.WITHHELD_SECURITY_STABILITY, "3.危及“三安全一稳定”", "withheld"),
    _result(DecisionCategory.WITHHELD_THIRD_PARTY, "4.保护第三方合法权益", "withheld"),
    _result(DecisionCategory.WITHHELD_INTERNAL_AFFAIRS, "5.属于三类内部事务信息", "withheld"),
    _result(DecisionCategory.WITHHELD_PROCESS_INFORMATION, "6.属于四类过程性信息", "withheld"),
    _result(DecisionCategory.WITHHELD_ENFORCEMENT_FILE, "7.属于行政执法案卷", "withheld"),
    _result(DecisionCategory.WITHHELD_QUERY_MATTER, "8.属于行政查询事项", "withheld"),
    RequestRow("unavailable", "（四）无法提供", 1, RowRole.GROUP, "results"),
    _result(DecisionCategory.UNAVAILABLE_NOT_HELD, "1.本机关不掌握相关政府信息", "unavailable"),
    _result(DecisionCategory.UNAVAILABLE_NEEDS_CREATION, "2.没有现成信息需要另行制作", "unavailable"),
    _result(DecisionCategory.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION, "3.补正后申请内容仍不明确", "unavailable"),
    RequestRow("not_processed", "（五）不予处理", 1, RowRole.GROUP, "results"),
    _result(DecisionCategory.NOT_PROCESSED_PETITION, "1.信访举报投诉类申请", "not_processed"),
    _result(DecisionCategory.NOT_PROCESSED_REPEAT, "2.重复申请", "not_processed"),
    _result(DecisionCategory.NOT_PROCESSED_PUBLICATION, "3.要求提供公开出版物", "not_processed"),
    _result(DecisionCategory.NOT_PROCESSED_EXCESSIVE, "4.无正当理由大量反复申请", "not_processed"),
    _result(DecisionCategory.NOT_PROCESSED_CONFIRM_OR_REISSUE, "5.要求行政机关确认或重新出具已获取信息", "not_processed"),
)
_ROWS_AFTER_OTHER: tuple[RequestRow, ...] = (
    RequestRow("total", "（七）总计", 1, RowRole.RESULTS_TOTAL, "results"),
    RequestRow("carried_out", "四、结转下年度继续办理", 0, RowRole.CARRIED_OUT),
)

OTHER_LABEL = "（六）其他处理"

# 2019 (试行): （六）其他处理 is one numbered row of its own.
REQUEST_ROWS_2019: tuple[RequestRow, ...] = (
    _ROWS_BEFORE_OTHER
    + (RequestRow("other", OTHER_LABEL, 1, RowRole.RESULT, "results"),)
    + _ROWS_AFTER_OTHER
)

# 2021: （六）其他处理 is a group; the fee row follows the 信息处理费 rules (国办函〔2020〕109号).
REQUEST_ROWS_2021: tuple[RequestRow, ...] = (
    _ROWS_BEFORE_OTHER
    + (
        RequestRow("other", OTHER_LABEL, 1, RowRole.GROUP, "results"),
        _result(
            DecisionCategory.OTHER_NO_CORRECTION,
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "other",
        ),
        _result(
            DecisionCategory.OTHER_FEE_UNPAID,
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "other",
        ),
        _result(DecisionCategory.OTHER, "3.其他", "other"),
    )
    + _ROWS_AFTER_OTHER
)

# --------------------------------------------------------------------------------------
# Table 四: 政府信息公开行政复议、行政诉讼情况 (§2.5), identical in both formats
# --------------------------------------------------------------------------------------

APPEAL_OUTCOMES: tuple[str, ...] = ("结果维持", "结果纠正", "其他结果", "尚未审结")
APPEAL_COLUMNS: tuple[str, ...] = APPEAL_OUTCOMES + (TOTAL,)

ADMINISTRATIVE_REVIEW = "行政复议"
ADMINISTRATIVE_LITIGATION = "行政诉讼"


@dataclass(frozen=True)
class AppealBlock:
    """One five-cell block of table 四; litigation blocks sit under the merged 行政诉讼 header."""

    key: str
    label: str
    parent_label: str | None = None


APPEAL_BLOCKS: tuple[AppealBlock, ...] = (
    AppealBlock("review", ADMINISTRATIVE_REVIEW),
    AppealBlock("litigation_direct", "未经复议直接起诉", ADMINISTRATIVE_LITIGATION),
    AppealBlock("litigation_after_review", "复议后起诉", ADMINISTRATIVE_LITIGATION),
)


def _outcome_nodes() -> tuple[HeaderNode, ...]:
    return tuple(HeaderNode(label) for label in APPEAL_COLUMNS)


APPEAL_HEADER: tuple[HeaderNode, ...] = (
    HeaderNode(ADMINISTRATIVE_REVIEW, _outcome_nodes()),
    HeaderNode(
        ADMINISTRATIVE_LITIGATION,
        (HeaderNode("未经复议直接起诉", _outcome_nodes()), HeaderNode("复议后起诉", _outcome_nodes())),
    ),
)

# --------------------------------------------------------------------------------------
# The two formats
# --------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ReportFormat:
    """Everything that differs between the official formats, plus the shared parts for uniform access."""

    key: str
    instrument: str
    title: str
    first_year: int
    last_year: int | None  # None: still in force
    proactive_tables: tuple[ProactiveSubTable, ...]
    request_rows: tuple[RequestRow, ...]
    section_headings: tuple[str, ...] = SECTION_HEADINGS
    request_columns: tuple[str, ...] = REQUEST_COLUMNS
    request_header: HeaderNode = REQUEST_HEADER
    request_corner_note: str = REQUEST_CORNER_NOTE
    appeal_blocks: tuple[AppealBlock, ...] = APPEAL_BLOCKS
    appeal_columns: tuple[str, ...] = APPEAL_COLUMNS
    appeal_header: tuple[HeaderNode, ...] = APPEAL_HEADER
    _rows_by_key: dict[str, RequestRow] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_rows_by_key", {row.key: row for row in self.request_rows})

    def __repr__(self) -> str:
        return f"ReportFormat({self.key!r}, {self.instrument!r})"

    def request_row(self, key: str) -> RequestRow:
        return self._rows_by_key[key]

    @property
    def value_row_keys(self) -> tuple[str, ...]:
        """Keys of the table 三 rows that carry cells, in print order."""
        return tuple(row.key for row in self.request_rows if row.has_cells)

    @property
    def result_row_keys(self) -> tuple[str, ...]:
        """Keys of the rows summed into （七）总计."""
        return tuple(row.key for row in self.request_rows if row.role is RowRole.RESULT)

    @property
    def proactive_row_keys(self) -> tuple[str, ...]:
        return tuple(row.key for sub_table in self.proactive_tables for row in sub_table.rows)

    def proactive_sub_table(self, row_key: str) -> ProactiveSubTable:
        for sub_table in self.proactive_tables:
            if any(row.key == row_key for row in sub_table.rows):
                return sub_table
        raise KeyError(row_key)

    def row_key_for_decision(self, category: DecisionCategory | str) -> str:
        """The table 三 row a decision of this category is counted in (the one place for this mapping)."""
        key = str(DecisionCategory(category))
        if key in self._rows_by_key:
            return key
        # 2019 format: the three 2021 （六） sub-rows fold into the single （六）其他处理 row.
        parent = key.split(".", 1)[0]
        if parent in self._rows_by_key and self._rows_by_key[parent].role is RowRole.RESULT:
            return parent
        raise KeyError(f"no row for decision category {key!r} in format {self.key}")


FORMAT_2019 = ReportFormat(
    key="2019",
    instrument="国办公开办函〔2019〕60号",
    title="中华人民共和国政府信息公开工作年度报告格式（试行）",
    first_year=2019,
    last_year=2020,
    proactive_tables=PROACTIVE_TABLES_2019,
    request_rows=REQUEST_ROWS_2019,
)

FORMAT_2021 = ReportFormat(
    key="2021",
    instrument="国办公开办函〔2021〕30号",
    title="中华人民共和国政府信息公开工作年度报告格式",
    first_year=2021,
    last_year=None,
    proactive_tables=PROACTIVE_TABLES_2021,
    request_rows=REQUEST_ROWS_2021,
)

FORMATS: tuple[ReportFormat, ...] = (FORMAT_2019, FORMAT_2021)


class UnsupportedReportYear(ValueError):
    """Raised for report years that predate the tabular formats."""


def format_for_year(year: int) -> ReportFormat:
    """The official format a report covering `year` must use."""
    for fmt in reversed(FORMATS):
        if year >= fmt.first_year:
            return fmt
    raise UnsupportedReportYear(
        f"{year}年度报告早于国办公开办函〔2019〕60号，采用旧条例（2008年）下的叙述式格式，没有统一的统计表"
        f" (year {year}: reports before 2019 use the older narrative form, which has no official tables)"
    )


# --------------------------------------------------------------------------------------
# A filled report
# --------------------------------------------------------------------------------------


@dataclass
class AnnualTables:
    """The numbers of one annual report.

    proactive_disclosure: table 二, {proactive row key: {column label: value}}
    requests:             table 三, {row key: {column label: count}} for rows that carry cells
    appeals:              table 四, {block key: {column label: count}}
    """

    proactive_disclosure: dict[str, dict[str, CellValue]]
    requests: dict[str, dict[str, int]]
    appeals: dict[str, dict[str, int]]


def empty_tables(fmt: ReportFormat) -> AnnualTables:
    """All cells of `fmt` present and zero, so callers only add counts."""
    return AnnualTables(
        proactive_disclosure={
            row.key: {label: 0 for label in sub_table.column_labels}
            for sub_table in fmt.proactive_tables
            for row in sub_table.rows
        },
        requests={key: {label: 0 for label in fmt.request_columns} for key in fmt.value_row_keys},
        appeals={block.key: {label: 0 for label in fmt.appeal_columns} for block in fmt.appeal_blocks},
    )


def _require_keys(actual: Mapping[str, object], expected: tuple[str, ...], where: str) -> None:
    if set(actual) != set(expected):
        missing = [key for key in expected if key not in actual]
        unknown = [key for key in actual if key not in expected]
        raise ValueError(f"{where}: missing {missing}, unknown {unknown}")


def _require_int(value: object, where: str) -> None:
    # bool is an int subclass; a True in a count is a bug, not a 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{where}: expected int, got {value!r}")


def _require_shape(tables: AnnualTables, fmt: ReportFormat) -> None:
    """Shape errors are programming errors (wrong format, typo'd key): raise instead of reporting."""
    _require_keys(tables.proactive_disclosure, fmt.proactive_row_keys, "table 二 rows")
    for sub_table in fmt.proactive_tables:
        for row in sub_table.rows:
            cells = tables.proactive_disclosure[row.key]
            _require_keys(cells, sub_table.column_labels, f"table 二 row {row.key!r}")
            for column in sub_table.columns:
                value = cells[column.label]
                where = f"table 二 {row.key!r}/{column.label}"
                if column.kind is CellKind.AMOUNT and isinstance(value, Decimal):
                    continue
                _require_int(value, where)
    _require_keys(tables.requests, fmt.value_row_keys, "table 三 rows")
    for key in fmt.value_row_keys:
        _require_keys(tables.requests[key], fmt.request_columns, f"table 三 row {key!r}")
        for label in fmt.request_columns:
            _require_int(tables.requests[key][label], f"table 三 {key!r}/{label}")
    _require_keys(tables.appeals, tuple(block.key for block in fmt.appeal_blocks), "table 四 blocks")
    for block in fmt.appeal_blocks:
        _require_keys(tables.appeals[block.key], fmt.appeal_columns, f"table 四 block {block.key!r}")
        for label in fmt.appeal_columns:
            _require_int(tables.appeals[block.key][label], f"table 四 {block.key!r}/{label}")


def _results_sum(requests: Mapping[str, Mapping[str, int]], fmt: ReportFormat, column: str) -> int:
    return sum(requests[key][column] for key in fmt.result_row_keys)


def compute_totals(tables: AnnualTables, fmt: ReportFormat) -> AnnualTables:
    """A copy of `tables` with every derived cell filled, so callers only supply leaf counts.

    Derived cells: the 总计 column of table 三, the whole （七）总计 row, and the 总计 of each
    table 四 block. Whatever those cells held before is overwritten.
    """
    _require_shape(tables, fmt)
    filled = copy.deepcopy(tables)
    requests = filled.requests
    for label in APPLICANT_COLUMNS:
        requests["total"][label] = _results_sum(requests, fmt, label)
    for cells in requests.values():
        cells[TOTAL] = sum(cells[label] for label in APPLICANT_COLUMNS)
    for cells in filled.appeals.values():
        cells[TOTAL] = sum(cells[label] for label in APPEAL_OUTCOMES)
    return filled


def group_subtotals(tables: AnnualTables, fmt: ReportFormat) -> dict[str, dict[str, int]]:
    """Subtotals of the （三）（四）（五）（六） groups, for narrative text; the official table prints none."""
    subtotals: dict[str, dict[str, int]] = {}
    for group in fmt.request_rows:
        if group.role is not RowRole.GROUP or group.parent is None:
            continue
        members = [row.key for row in fmt.request_rows if row.parent == group.key]
        subtotals[group.key] = {
            label: sum(tables.requests[key][label] for key in members) for label in fmt.request_columns
        }
    return subtotals


# --------------------------------------------------------------------------------------
# Consistency rules (勾稽关系)
# --------------------------------------------------------------------------------------


class Rule(StrEnum):
    """Which consistency rule a violation breaks."""

    NEGATIVE = "negative"  # counts and amounts cannot be negative
    ROW_TOTAL = "row_total"  # table 三: 总计 = the six applicant columns
    RESULTS_TOTAL = "results_total"  # table 三: （七）总计 = the sum of the result rows
    COLUMN_BALANCE = "column_balance"  # table 三: 一 + 二 = 三（七） + 四, per column
    CARRY_OVER = "carry_over"  # table 三: this year's 二 = last year's 四
    APPEAL_TOTAL = "appeal_total"  # table 四: 总计 = the four outcomes


@dataclass(frozen=True)
class Violation:
    """One broken rule, located at the cell that should change; `expected` is None for a negative value."""

    rule: Rule
    table: str  # the section heading, verbatim
    row_key: str
    row: str  # the official row label (table 四: the block label)
    column: str  # the official column label
    expected: CellValue | None
    actual: CellValue
    message: str


def _negative_violations(tables: AnnualTables, fmt: ReportFormat) -> list[Violation]:
    violations: list[Violation] = []
    for sub_table in fmt.proactive_tables:
        for row in sub_table.rows:
            for column in sub_table.columns:
                value = tables.proactive_disclosure[row.key][column.label]
                if column.kind is not CellKind.SIGNED_COUNT and value < 0:
                    violations.append(
                        Violation(
                            Rule.NEGATIVE, PROACTIVE_SECTION, row.key, row.label, column.label, None, value,
                            f"表二{sub_table.caption}「{row.label}」行「{column.label}」列为{value}，不能为负数。",
                        )
                    )
    for key in fmt.value_row_keys:
        row = fmt.request_row(key)
        for label in fmt.request_columns:
            value = tables.requests[key][label]
            if value < 0:
                violations.append(
                    Violation(
                        Rule.NEGATIVE, REQUESTS_SECTION, key, row.label, label, None, value,
                        f"表三「{row.label}」行「{label}」列为{value}，申请数量不能为负数。",
                    )
                )
    for block in fmt.appeal_blocks:
        for label in fmt.appeal_columns:
            value = tables.appeals[block.key][label]
            if value < 0:
                violations.append(
                    Violation(
                        Rule.NEGATIVE, APPEALS_SECTION, block.key, block.label, label, None, value,
                        f"表四「{block.label}」「{label}」为{value}，案件数量不能为负数。",
                    )
                )
    return violations


def _request_violations(
    tables: AnnualTables, fmt: ReportFormat, previous: AnnualTables | None
) -> list[Violation]:
    violations: list[Violation] = []
    requests = tables.requests

    for key in fmt.value_row_keys:
        row = fmt.request_row(key)
        expected = sum(requests[key][label] for label in APPLICANT_COLUMNS)
        actual = requests[key][TOTAL]
        if actual != expected:
            violations.append(
                Violation(
                    Rule.ROW_TOTAL, REQUESTS_SECTION, key, row.label, TOTAL, expected, actual,
                    f"表三「{row.label}」行「总计」列应为六类申请人之和{expected}，实际为{actual}。",
                )
            )

    total_label = fmt.request_row("total").label
    for label in fmt.request_columns:
        expected = _results_sum(requests, fmt, label)
        actual = requests["total"][label]
        if actual != expected:
            violations.append(
                Violation(
                    Rule.RESULTS_TOTAL, REQUESTS_SECTION, "total", total_label, label, expected, actual,
                    f"表三「{total_label}」行「{label}」列应为本年度办理结果各项之和{expected}，实际为{actual}。",
                )
            )

    carried_out_label = fmt.request_row("carried_out").label
    for label in fmt.request_columns:
        cells = {key: requests[key][label] for key in ("new", "carried_in", "total", "carried_out")}
        expected = cells["new"] + cells["carried_in"] - cells["total"]
        actual = cells["carried_out"]
        if actual != expected:
            violations.append(
                Violation(
                    Rule.COLUMN_BALANCE, REQUESTS_SECTION, "carried_out", carried_out_label, label, expected,
                    actual,
                    f"表三「{label}」列不符合勾稽关系（第一项加第二项之和，等于第三项加第四项之和）："
                    f"一{cells['new']} + 二{cells['carried_in']} − 三（七）{cells['total']} = {expected}，"
                    f"但「{carried_out_label}」为{actual}。",
                )
            )

    if previous is not None:
        carried_in_label = fmt.request_row("carried_in").label
        for label in fmt.request_columns:
            expected = previous.requests["carried_out"][label]
            actual = requests["carried_in"][label]
            if actual != expected:
                violations.append(
                    Violation(
                        Rule.CARRY_OVER, REQUESTS_SECTION, "carried_in", carried_in_label, label, expected,
                        actual,
                        f"表三「{carried_in_label}」行「{label}」列应等于上年度报告"
                        f"「四、结转下年度继续办理」的{expected}，实际为{actual}。",
                    )
                )
    return violations


def _appeal_violations(tables: AnnualTables, fmt: ReportFormat) -> list[Violation]:
    violations: list[Violation] = []
    for block in fmt.appeal_blocks:
        cells = tables.appeals[block.key]
        expected = sum(cells[label] for label in APPEAL_OUTCOMES)
        actual = cells[TOTAL]
        if actual != expected:
            name = block.label if block.parent_label is None else f"{block.parent_label}（{block.label}）"
            violations.append(
                Violation(
                    Rule.APPEAL_TOTAL, APPEALS_SECTION, block.key, block.label, TOTAL, expected, actual,
                    f"表四「{name}」的「总计」应为结果维持、结果纠正、其他结果、尚未审结之和{expected}，"
                    f"实际为{actual}。",
                )
            )
    return violations


def check_consistency(
    tables: AnnualTables, fmt: ReportFormat, previous: AnnualTables | None = None
) -> list[Violation]:
    """Every broken 勾稽 rule, in table order; empty means the report's numbers agree.

    `previous` is last year's report (in either format: the rows 二 and 四 are the same in
    both); when given, this year's 二、上年结转 must equal last year's 四、结转下年度继续办理.
    Raises ValueError/TypeError when `tables` does not have the shape of `fmt`.
    """
    _require_shape(tables, fmt)
    if previous is not None:
        last_carried_out = previous.requests.get("carried_out", {})
        _require_keys(last_carried_out, REQUEST_COLUMNS, "previous table 三 row 'carried_out'")
    return (
        _negative_violations(tables, fmt)
        + _request_violations(tables, fmt, previous)
        + _appeal_violations(tables, fmt)
    )


# --------------------------------------------------------------------------------------
# JSON output
# --------------------------------------------------------------------------------------


def _json_number(value: CellValue) -> int | float:
    """Decimal amounts become JSON numbers: int when whole, else the float whose repr is that decimal."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def to_official_dict(tables: AnnualTables, fmt: ReportFormat) -> dict:
    """The report's tables as a JSON-ready dict keyed by the official labels, in print order.

    section heading → (table 二: sub-table caption →) row label → column label → value.
    Table 三 nests its rows as printed: 三、本年度办理结果 → （三）不予公开 → 1.属于国家秘密 → ….
    Table 四: 行政复议 → columns; 行政诉讼 → 未经复议直接起诉 / 复议后起诉 → columns.
    Group rows carry no numbers of their own, as in the official table.
    """
    _require_shape(tables, fmt)

    proactive = {
        sub_table.caption: {
            row.label: {
                label: _json_number(tables.proactive_disclosure[row.key][label])
                for label in sub_table.column_labels
            }
            for row in sub_table.rows
        }
        for sub_table in fmt.proactive_tables
    }

    def request_node(row: RequestRow) -> dict:
        if row.has_cells:
            return {label: tables.requests[row.key][label] for label in fmt.request_columns}
        return {child.label: request_node(child) for child in fmt.request_rows if child.parent == row.key}

    requests = {row.label: request_node(row) for row in fmt.request_rows if row.parent is None}

    appeals: dict = {}
    for block in fmt.appeal_blocks:
        cells = {label: tables.appeals[block.key][label] for label in fmt.appeal_columns}
        if block.parent_label is None:
            appeals[block.label] = cells
        else:
            appeals.setdefault(block.parent_label, {})[block.label] = cells

    return {PROACTIVE_SECTION: proactive, REQUESTS_SECTION: requests, APPEALS_SECTION: appeals}
