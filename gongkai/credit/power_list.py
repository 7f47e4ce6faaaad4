"""The agency's 双公示目录 in the database: loading the demo list, and the xlsx a department sends or receives.

The list is kept per agency in PowerItem and keyed by 事项编码, so a department can export it, edit
it in Excel and import it back without creating duplicates. The spreadsheet has exactly the
columns the seed report (2018 annual report) names for the catalogue — 行政决定部门, 行政职权类别,
项目名称, 设定依据, 行政相对人类别 — with 事项编码 added last as the key.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from gongkai.core.credit_fields import PARTY_KINDS
from gongkai.core.power_list import load_power_list
from gongkai.credit.import_jobs import XLSX_LIMITS, UploadRejected, check_xlsx_archive
from gongkai.credit.models import PowerItem
from gongkai.intake import UnreadableFile
from gongkai.intake.readers import spreadsheet_rows
from gongkai.org.audit import record as audit

PARTY_SEPARATOR = "、"
COLUMNS = ("行政决定部门", "行政职权类别", "项目名称", "设定依据", "行政相对人类别", "事项编码")
COLUMN_FIELDS = {
    "行政决定部门": "department",
    "行政职权类别": "kind",
    "项目名称": "name",
    "设定依据": "basis",
    "行政相对人类别": "party_kinds",
    "事项编码": "code",
}
KIND_BY_LABEL = {label: value for value, label in PowerItem.Kind.choices}
MAX_LENGTHS = {"code": 40, "department": 100, "name": 300, "party_kinds": 100}
COLUMN_WIDTHS = (16, 10, 40, 80, 28, 18)


class PowerListFileError(UnreadableFile):
    """The spreadsheet as a whole cannot be used (not an xlsx, a column missing)."""


@dataclass(frozen=True)
class PowerListRowError:
    row_number: int
    column: str
    value: str
    reason: str


@dataclass
class PowerListResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[PowerListRowError] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({error.row_number for error in self.errors})

    def summary(self) -> str:
        return (f"新增{self.created}项，更新{self.updated}项，未变{self.unchanged}项，"
                f"错误{self.rejected_rows}行")


def demo_item_values(entry: dict) -> dict:
    """One entry of the committed power_list.json as PowerItem field values."""
    return {
        "kind": KIND_BY_LABEL[entry["行政职权类别"]],
        "department": entry["行政决定部门"],
        "name": entry["项目名称"],
        "basis": entry["设定依据"],
        "party_kinds": PARTY_SEPARATOR.join(entry["行政相对人类别"]),
    }


def load_demo_power_list(agency) -> PowerListResult:
    """Load the list built from the law texts (gongkai/core/data/power_list.json), keyed by its item ids."""
    wanted = {entry["id"]: demo_item_values(entry) for entry in load_power_list()["items"]}
    return _save_items(agency, wanted)


def _save_items(agency, wanted: dict[str, dict], result: PowerListResult | None = None) -> PowerListResult:
    """Create the new codes, update the changed ones, leave the rest; in one transaction."""
    result = result or PowerListResult()
    with transaction.atomic():
        existing = {item.code: item for item in PowerItem.objects.filter(agency=agency, code__in=list(wanted))}
        to_create, to_update = [], []
        for code, values in wanted.items():
            item = existing.get(code)
            if item is None:
                to_create.append(PowerItem(agency=agency, code=code, **values))
            elif any(getattr(item, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(item, name, value)
                to_update.append(item)
            else:
                result.unchanged += 1
        PowerItem.objects.bulk_create(to_create)
        if to_update:
            PowerItem.objects.bulk_update(to_update, ["kind", "department", "name", "basis", "party_kinds"])
        result.created += len(to_create)
        result.updated += len(to_update)
    return result


# --- export ---------------------------------------------------------------------------------------

def export_power_list(agency) -> bytes:
    """The agency's list as an xlsx with the report's columns; every cell written as text."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    sheet = book.add_worksheet("双公示目录")
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    for column, (title, width) in enumerate(zip(COLUMNS, COLUMN_WIDTHS)):
        sheet.write_string(0, column, title, bold)
        sheet.set_column(column, column, width, wrap)
    sheet.freeze_panes(1, 0)
    items = PowerItem.objects.filter(agency=agency).order_by("kind", "code")
    for row, item in enumerate(items.iterator(), start=1):
        values = {"kind": item.get_kind_display()}
        for column, title in enumerate(COLUMNS):
            name = COLUMN_FIELDS[title]
            sheet.write_string(row, column, values.get(name, getattr(item, name)))
    book.close()
    return buffer.getvalue()


# --- import ---------------------------------------------------------------------------------------

def _read_xlsx(file) -> list[tuple[int, list[str], dict[int, str]]]:
    """All rows of the first sheet as intake reads them: (row number, cell texts, {position: problem}).
    A power list is a few thousand rows, so reading it whole is fine."""
    try:
        check_xlsx_archive(file)
    except UploadRejected as exc:
        raise PowerListFileError(str(exc)) from None
    try:
        return list(spreadsheet_rows(file, XLSX_LIMITS))
    except UnreadableFile as exc:
        raise PowerListFileError(str(exc)) from None


def _clean_row(number: int, cells: dict[str, str], errors: list[PowerListRowError]) -> tuple[str, dict] | None:
    """The row's code and field values, or None after adding its errors."""
    found: list[PowerListRowError] = []

    def reject(column: str, reason: str) -> None:
        found.append(PowerListRowError(number, column, cells.get(column, ""), reason))

    for column in COLUMNS:
        if not cells.get(column):
            reject(column, "必填项为空")
    kind_label = cells.get("行政职权类别", "")
    if kind_label and kind_label not in KIND_BY_LABEL:
        reject("行政职权类别", "只能是“行政许可”或“行政处罚”")
    parties = [part.strip() for part in
               cells.get("行政相对人类别", "").replace("，", PARTY_SEPARATOR).replace(",", PARTY_SEPARATOR)
               .replace("；", PARTY_SEPARATOR).replace(";", PARTY_SEPARATOR).split(PARTY_SEPARATOR) if part.strip()]
    unknown = [part for part in parties if part not in PARTY_KINDS]
    if unknown:
        reject("行政相对人类别", f"不是标准的相对人类别：{'、'.join(unknown)}（应为{'、'.join(PARTY_KINDS)}）")
    for column, name in COLUMN_FIELDS.items():
        limit = MAX_LENGTHS.get(name)
        if limit and len(cells.get(column, "")) > limit:
            reject(column, f"超过{limit}个字符")
    if found:
        errors.extend(found)
        return None
    values = {
        "kind": KIND_BY_LABEL[kind_label],
        "department": cells["行政决定部门"],
        "name": cells["项目名称"],
        "basis": cells["设定依据"],
        "party_kinds": PARTY_SEPARATOR.join(dict.fromkeys(parties)),
    }
    return cells["事项编码"], values


def import_power_list(agency, file, *, user=None) -> PowerListResult:
    """Good rows are saved (new codes added, changed ones updated); bad rows come back with their reasons.

    `file` is a path or an open binary file. A code that appears twice in the file is an error on
    its second row, so the spreadsheet cannot silently overwrite itself.
    """
    rows = _read_xlsx(file)
    if not rows:
        raise PowerListFileError("文件是空的")
    header = rows[0][1]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise PowerListFileError(f"缺少必需的列：{'、'.join(missing)}")
    positions = {column: header.index(column) for column in COLUMNS}
    result = PowerListResult()
    wanted: dict[str, dict] = {}
    seen_on: dict[str, int] = {}
    for number, row, problems in rows[1:]:
        if not any(row):
            continue
        cells = {column: row[index] if index < len(row) else "" for column, index in positions.items()}
        lost = [PowerListRowError(number, column, cells[column], problems[index])
                for column, index in positions.items() if index in problems]
        if lost:  # a number that lost digits (a 事项编码 typed as a number): refused, not guessed
            result.errors.extend(lost)
            continue
        cleaned = _clean_row(number, cells, result.errors)
        if cleaned is None:
            continue
        code, values = cleaned
        if code in seen_on:
            result.errors.append(PowerListRowError(number, "事项编码", code, f"与第{seen_on[code]}行的事项编码重复"))
            continue
        seen_on[code] = number
        wanted[code] = values
    with transaction.atomic():
        _save_items(agency, wanted, result)
        audit("import", agency, actor=user, agency=agency, object_repr="双公示目录",
              summary=f"导入双公示目录：{result.summary()}")
    return result
