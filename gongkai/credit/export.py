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

Speed and memory: rows are streamed, never collected. The importer stores each record version's
CSV line (`export_line`, rendered by `template_line` from the same `fields`), so a CSV export only
moves stored text into the file: no JSON decoded, no csv writer run per row, on either database
(PostgreSQL through a server-side cursor, SQLite through a plain cursor, both reading the line as
bytes). Rows stored before the column existed have an empty line and are rendered from `fields` as
they are met. The xlsx writer still renders from `fields` (it needs the cells, not a line). The
file is written under a `.partial` name and renamed when complete, so a reader never sees half a
file.

One rule of the line: a value is quoted when it holds a comma, a quote, a line feed **or a carriage
return**. That is PostgreSQL's CSV rule, which the PostgreSQL export always followed; the SQLite
export used to leave a lone carriage return unquoted (Python's csv writer quotes only the characters
of its own line terminator), which split the record in two for any CSV reader, ours included.
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
from django.db.models import BinaryField, Case, F, Func, JSONField, Max, Value, When
from django.db.models.functions import Cast

from gongkai.credit.kinds import KIND_LABELS, record_model
from gongkai.credit.planner import without_jit
from gongkai.credit.template import field_codes, field_names, template_line, template_values
from gongkai.org.audit import record as audit

EXPORT_FORMATS = ("csv", "xlsx")
CSV_BOM = "\ufeff"
XLSX_MAX_ROWS = 1_048_576  # Excel's sheet limit; later rows go on a continuation sheet
FETCH_ROWS = 5000  # rows per round trip on SQLite / per server-side cursor fetch on PostgreSQL


def current_records(kind: str, date_from: dt.date, date_to: dt.date, *, agency=None, include_withdrawn: bool = False):
    """The records an export or a count covers: current versions decided within the period."""
    records = record_model(kind).objects.filter(is_current=True, decided_on__gte=date_from, decided_on__lte=date_to)
    if agency is not None:
        records = records.filter(agency=agency)
    if not include_withdrawn:
        records = records.filter(withdrawn_at__isnull=True)
    return records.order_by("id")


# --- rows ------------------------------------------------------------------------------------------

def _decoded(stored) -> dict:
    """`fields` as a dict: SQLite hands the JSON text over, psycopg has already decoded jsonb."""
    return json.loads(stored) if isinstance(stored, (str, bytes)) else stored


def _fetch(sql: str, params) -> Iterator[list]:
    """The query's rows, FETCH_ROWS at a time: a server-side cursor on PostgreSQL (so the client never
    holds the result), a plain cursor on SQLite (which steps through the result as it is fetched).

    PostgreSQL sends the rows in binary (a blob arrives as it is stored, not as hex text) and without
    JIT, which costs more to compile than this plain scan saves (benchmarks/credit_export.py)."""
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        with without_jit():
            yield from _fetch_server_side(sql, params)
        return
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(FETCH_ROWS):
            yield chunk


def _fetch_server_side(sql: str, params) -> Iterator[list]:
    with connection.connection.cursor(name="credit_export", binary=True) as cursor:
        cursor.itersize = FETCH_ROWS
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(FETCH_ROWS):
            yield chunk


def _sql(query, *, table_scan: bool) -> tuple[str, tuple]:
    """The query's SQL; on SQLite, with `table_scan`, told to read the table in id order (NOT INDEXED).

    SQLite assumes any date range is selective, so it walks the decided_on index, fetches each row
    from wherever it lies and sorts the lot by id in a temporary B-tree: for a year out of a million
    records that was five times slower than reading the table straight through, which yields id order
    with no sort. PostgreSQL's planner knows the table and needs no hint."""
    sql, params = query.sql_with_params()
    if table_scan and connection.vendor == "sqlite":
        table = connection.ops.quote_name(query.model._meta.db_table)
        sql = sql.replace(f"FROM {table}", f"FROM {table} NOT INDEXED", 1)
    return sql, params


def most_of_the_table(kind: str, date_from: dt.date, date_to: dt.date) -> bool:
    """Whether the period holds more than an eighth of the kind's records (versions included): then
    reading the whole table in order beats an index lookup per row. Counted on the decided_on index
    alone, which answers without reading the table."""
    model = record_model(kind)
    in_period = model.objects.filter(decided_on__gte=date_from, decided_on__lte=date_to).count()
    highest_id = model.objects.aggregate(highest=Max("id"))["highest"] or 0
    return in_period * 8 > highest_id


def template_rows(kind: str, records, *, table_scan: bool = False) -> Iterator[list]:
    """Every record as a list of values in the standard's order (None for an empty field), streamed."""
    sql, params = _sql(records.values_list("fields").query, table_scan=table_scan)
    for chunk in _fetch(sql, params):
        for (stored,) in chunk:
            yield template_values(kind, _decoded(stored))


def _utf8_bytes(column: str):
    """The text column as its UTF-8 bytes (PostgreSQL's text→bytea cast would read backslashes as escapes)."""
    if connection.vendor == "postgresql":
        return Func(F(column), Value("UTF8"), function="convert_to", output_field=BinaryField())
    return Cast(column, BinaryField())


def template_lines(kind: str, records, *, table_scan: bool = False) -> Iterator[list[bytes]]:
    """Every record's CSV line as UTF-8 bytes, in lists of up to FETCH_ROWS.

    The stored line is read as a blob, so it goes from the database to the file without being
    decoded and encoded again; `fields` is read only for a row whose line is still empty."""
    query = records.values_list(
        _utf8_bytes("export_line"),
        Case(When(export_line="", then=F("fields")), default=None, output_field=JSONField()),
    ).query
    sql, params = _sql(query, table_scan=table_scan)
    for chunk in _fetch(sql, params):
        yield [line if line else template_line(kind, _decoded(stored)).encode() for line, stored in chunk]


# --- writers ---------------------------------------------------------------------------------------

def _write_csv_header(handle, kind: str, names_row: bool) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(field_codes(kind))
    if names_row:
        writer.writerow(field_names(kind))


def write_csv(path: Path, kind: str, records, *, names_row: bool = False, table_scan: bool = False) -> int:
    """The template as CSV; returns the number of records written."""
    with open(path, "w", encoding="utf-8", newline="") as text_handle:
        text_handle.write(CSV_BOM)
        _write_csv_header(text_handle, kind, names_row)
    count = 0
    with open(path, "ab") as handle:
        for lines in template_lines(kind, records, table_scan=table_scan):
            handle.writelines(lines)
            count += len(lines)
    return count


def write_xlsx(path: Path, kind: str, records, *, names_row: bool = False, table_scan: bool = False) -> int:
    """The template as xlsx in XlsxWriter's constant_memory mode: each row goes to disk as written."""
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
               "strings_to_urls": False, "tmpdir": str(Path(path).parent)}
    header_rows = [field_codes(kind)] + ([field_names(kind)] if names_row else [])
    workbook = xlsxwriter.Workbook(str(path), options)
    try:
        sheet_number, sheet, next_row = 0, None, XLSX_MAX_ROWS
        count = 0
        for row in template_rows(kind, records, table_scan=table_scan):
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
    target = Path(target)
    fmt = fmt or target.suffix.lower().lstrip(".")
    if fmt not in EXPORT_FORMATS:
        raise ValueError("format must be csv or xlsx")
    if date_from > date_to:
        raise ValueError("the period ends before it starts")
    records = current_records(kind, date_from, date_to, agency=agency, include_withdrawn=include_withdrawn)
    partial = target.with_name(target.name + ".partial")
    try:
        table_scan = connection.vendor == "sqlite" and most_of_the_table(kind, date_from, date_to)
        rows = WRITERS[fmt](partial, kind, records, names_row=names_row, table_scan=table_scan)
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
