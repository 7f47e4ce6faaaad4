"""双公示 export: the national template (CF_*/XK_* columns in the standard's order) as CSV or xlsx, streamed.

What is written: the current version of every record of one kind whose decision date lies in the
period (both ends included), optionally of one agency, records taken down (撤下) left out unless
asked for, in the order they were recorded (id). This is a staff export: full values, no masking
(the public portal masks; this file goes to the credit platform or to the staff who upload it).

The template: row 1 holds the field codes in the order of core/credit_fields (that is the header
the platform's template and our own importer read); a second row with the Chinese names is
optional (`names_row`, `--names`) and off by default, because a machine reader takes row 2 as the
first record (our importer would reject it). Values are as validated at import: dates written
YYYY/MM/DD as the standard's format says ("格式为YYYY/MM/DD", 2099/12/31 = 长期), amounts in 万元.
CSV is UTF-8 with a BOM (Excel opens it in Chinese; the importer accepts it), "\\n" line ends.
xlsx writes every value as text (codes stay codes, nothing becomes a formula).

Speed and memory: rows are streamed, never collected. On PostgreSQL the CSV is made by the
server (`COPY (SELECT fields->>'CF_…' …) TO STDOUT WITH (FORMAT csv)`, read block by block), so
no Python code runs per row. On SQLite the `fields` text is read with a plain cursor and decoded
by json.loads in C, with no Django field conversion per row (SQLite's json_extract re-reads the
document for every column and was slower; benchmarks/credit_export.py measures both databases).
The file is written under a `.partial` name and renamed when complete, so a reader never sees half
a file.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.db.models import TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Replace

from gongkai.core.credit_fields import FIELDS_BY_KIND

EXPORT_FORMATS = ("csv", "xlsx")
KIND_LABELS = {"penalty": "行政处罚", "license": "行政许可"}
CSV_BOM = "\ufeff"
XLSX_MAX_ROWS = 1_048_576  # Excel's sheet limit; later rows go on a continuation sheet
FETCH_ROWS = 5000  # rows per round trip on SQLite / per server-side cursor fetch on PostgreSQL


def field_codes(kind: str) -> list[str]:
    return [spec.code for spec in FIELDS_BY_KIND[kind]]


def field_names(kind: str) -> list[str]:
    return [spec.name for spec in FIELDS_BY_KIND[kind]]


def _date_codes(kind: str) -> frozenset[str]:
    return frozenset(spec.code for spec in FIELDS_BY_KIND[kind] if spec.kind == "date")


def template_date(value: str) -> str:
    """Stored ISO dates ("2025-09-22") as the standard writes them ("2025/09/22")."""
    return value.replace("-", "/")


def template_fields(kind: str, stored: dict) -> dict:
    """One record's `fields` as the template carries them: standard order, dates YYYY/MM/DD, empties left out.

    The push sends this same form, so the file and the platform's copy never disagree."""
    dates = _date_codes(kind)
    out = {}
    for code in field_codes(kind):
        value = stored.get(code)
        if value in (None, ""):
            continue
        out[code] = template_date(value) if code in dates and isinstance(value, str) else value
    return out


def _model(kind: str):
    from gongkai.credit.importing import MODELS

    if kind not in MODELS:
        raise ValueError("kind must be license or penalty")
    return MODELS[kind]


def current_records(kind: str, date_from: dt.date, date_to: dt.date, *, agency=None, include_withdrawn: bool = False):
    """The records an export or a count covers: current versions decided within the period."""
    records = _model(kind).objects.filter(is_current=True, decided_on__gte=date_from, decided_on__lte=date_to)
    if agency is not None:
        records = records.filter(agency=agency)
    if not include_withdrawn:
        records = records.filter(withdrawn_at__isnull=True)
    return records.order_by("id")


# --- rows ------------------------------------------------------------------------------------------

def _column_expressions(kind: str) -> dict:
    """One text column per field code, dates turned into YYYY/MM/DD by the database."""
    dates = _date_codes(kind)
    columns = {}
    for position, code in enumerate(field_codes(kind)):
        value = KeyTextTransform(code, "fields")
        columns[f"c{position:02d}"] = (Replace(value, Value("-"), Value("/"), output_field=TextField())
                                         if code in dates else value)
    return columns


def _server_columns_query(kind: str, records):
    columns = _column_expressions(kind)
    return records.annotate(**columns).values_list(*columns)


def _rows_from_json_text(kind: str, records) -> Iterator[list]:
    """SQLite: the stored JSON text through a plain cursor, decoded in C, picked into the standard's order."""
    codes = field_codes(kind)
    date_positions = [i for i, code in enumerate(codes) if code in _date_codes(kind)]
    sql, params = records.values_list("fields").query.sql_with_params()
    loads = json.loads
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            chunk = cursor.fetchmany(FETCH_ROWS)
            if not chunk:
                return
            for (text,) in chunk:
                stored = loads(text) if isinstance(text, (str, bytes)) else text
                get = stored.get
                row = [get(code) for code in codes]
                for i in date_positions:
                    if row[i]:
                        row[i] = row[i].replace("-", "/")
                yield row


def template_rows(kind: str, records) -> Iterator[list | tuple]:
    """Every record as a list of values in the standard's order (None for an empty field), streamed."""
    if connection.vendor == "postgresql":
        # A server-side cursor; jsonb ->> is a lookup in the stored binary form, no JSON text parsed.
        return _server_columns_query(kind, records).iterator(chunk_size=FETCH_ROWS)
    return _rows_from_json_text(kind, records)


# --- writers ---------------------------------------------------------------------------------------

def _write_csv_header(handle, kind: str, names_row: bool) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(field_codes(kind))
    if names_row:
        writer.writerow(field_names(kind))


def write_csv(path: Path, kind: str, records, *, names_row: bool = False) -> int:
    """The template as CSV; returns the number of records written."""
    if connection.vendor == "postgresql":
        return _write_csv_postgresql(path, kind, records, names_row=names_row)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(CSV_BOM)
        _write_csv_header(handle, kind, names_row)
        counted = _Counter(template_rows(kind, records))
        csv.writer(handle, lineterminator="\n").writerows(counted)
    return counted.count


def _write_csv_postgresql(path: Path, kind: str, records, *, names_row: bool) -> int:
    """COPY … TO STDOUT: PostgreSQL formats the CSV; we only move its blocks into the file."""
    sql, params = _server_columns_query(kind, records).query.sql_with_params()
    with open(path, "w", encoding="utf-8", newline="") as text_handle:
        text_handle.write(CSV_BOM)
        _write_csv_header(text_handle, kind, names_row)
    with open(path, "ab") as handle, connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor: Django's wrapper has no copy()
        with raw.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, ENCODING 'UTF8')", params) as copy:
            for block in copy:
                handle.write(block)
        return raw.rowcount


class _Counter:
    """Counts what passes through without holding it."""

    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def write_xlsx(path: Path, kind: str, records, *, names_row: bool = False) -> int:
    """The template as xlsx in XlsxWriter's constant_memory mode: each row goes to disk as written."""
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False, "tmpdir": str(Path(path).parent)}
    header_rows = [field_codes(kind)] + ([field_names(kind)] if names_row else [])
    workbook = xlsxwriter.Workbook(str(path), options)
    try:
        sheet_number, sheet, next_row = 0, None, XLSX_MAX_ROWS
        count = 0
        for row in template_rows(kind, records):
            if next_row >= XLSX_MAX_ROWS:
                sheet_number += 1
                title = KIND_LABELS[kind] if sheet_number == 1 else f"{KIND_LABELS[kind]}（续{sheet_number - 1}）"
                sheet = workbook.add_worksheet(title)
                for number, header in enumerate(header_rows):
                    sheet.write_row(number, 0, header)
                next_row = len(header_rows)
            for column, value in enumerate(row):
                if value is not None:
                    sheet.write_string(next_row, column, value)
            next_row += 1
            count += 1
        if sheet is None:  # an empty period still gets the template's header
            sheet = workbook.add_worksheet(KIND_LABELS[kind])
            for number, header in enumerate(header_rows):
                sheet.write_row(number, 0, header)
    finally:
        workbook.close()
    return count


WRITERS = {"csv": write_csv, "xlsx": write_xlsx}


# --- the export as a whole -------------------------------------------------------------------------

@dataclass(frozen=True)
class ExportResult:
    kind: str
    format: str
    path: Path
    rows: int
    date_from: dt.date
    date_to: dt.date
    agency_code: str | None

    def summary(self) -> str:
        scope = f"机关{self.agency_code}" if self.agency_code else "全部机关"
        return (f"credit/{self.kind}: 导出{KIND_LABELS[self.kind]}信息{self.rows}条（{scope}，决定日期"
                f"{self.date_from.isoformat()}至{self.date_to.isoformat()}，{self.format}）→ {self.path}")


def export_records(kind: str, date_from: dt.date, date_to: dt.date, target: Path, *, fmt: str | None = None,
                   agency=None, user=None, names_row: bool = False, include_withdrawn: bool = False) -> ExportResult:
    """Write the template for one kind and period to `target` and record the export in the audit log."""
    from gongkai.org.audit import record as audit

    target = Path(target)
    fmt = fmt or target.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise ValueError("format must be csv or xlsx")
    if date_from > date_to:
        raise ValueError("the period ends before it starts")
    records = current_records(kind, date_from, date_to, agency=agency, include_withdrawn=include_withdrawn)
    partial = target.with_name(target.name + ".partial")
    try:
        rows = WRITERS[fmt](partial, kind, records, names_row=names_row)
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()
    result = ExportResult(kind=kind, format=fmt, path=target, rows=rows, date_from=date_from, date_to=date_to,
                          agency_code=agency.code if agency is not None else None)
    audit("export", None, actor=user, agency=agency,
          object_repr=f"双公示{KIND_LABELS[kind]}导出 {target.name}",
          summary=f"导出{KIND_LABELS[kind]}信息{rows}条（决定日期{date_from.isoformat()}至{date_to.isoformat()}，"
                  f"{fmt}{'，含已撤下' if include_withdrawn else ''}）",
          after={"kind": kind, "format": fmt, "rows": rows, "from": date_from.isoformat(), "to": date_to.isoformat(),
                 "agency": result.agency_code, "file": target.name, "include_withdrawn": include_withdrawn})
    return result


class CreditExporter:
    """`gongkai export credit …`: the exporter object behind the shared export command."""

    help = "双公示：行政许可、行政处罚信息（国家标准模板，XK_*/CF_* 列，CSV 或 xlsx）"

    @staticmethod
    def add_arguments(parser) -> None:
        parser.add_argument("--kind", dest="record_kind", required=True, choices=("license", "penalty"),
                            help="license 许可 / penalty 处罚")
        parser.add_argument("--from", dest="date_from", required=True, type=_date_argument, metavar="YYYY-MM-DD",
                            help="决定日期自（含）")
        parser.add_argument("--to", dest="date_to", required=True, type=_date_argument, metavar="YYYY-MM-DD",
                            help="决定日期至（含）")
        parser.add_argument("--names", dest="names_row", action="store_true",
                            help="第二行加中文字段名（机器读取时会被当作数据行）")
        parser.add_argument("--include-withdrawn", action="store_true", help="包括已撤下的记录")

    @staticmethod
    def run(output: Path, agency, *, fmt: str | None, user, record_kind: str, date_from: dt.date, date_to: dt.date,
            names_row: bool = False, include_withdrawn: bool = False, **options) -> ExportResult:
        return export_records(record_kind, date_from, date_to, output, fmt=fmt, agency=agency, user=user,
                              names_row=names_row, include_withdrawn=include_withdrawn)


def _date_argument(text: str) -> dt.date:
    import argparse

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应写作YYYY-MM-DD：{text!r}") from None


CREDIT_EXPORT = CreditExporter()
