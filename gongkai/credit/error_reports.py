"""An import batch's rejected rows as a report staff download, fix in the case system and send again.

Both formats stream from the database in row order: CSV as a generator of byte chunks (UTF-8
with BOM, so Excel opens it in Chinese), xlsx through XlsxWriter's constant_memory mode into a
temporary file, so a report of a million errors never sits in memory. Values come from uploaded
files, so nothing in them may turn into a formula when the report is opened in Excel.
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from collections.abc import Iterator

COLUMNS = ("行号", "字段代码", "字段名称", "值", "原因")
COLUMN_WIDTHS = (8, 14, 22, 40, 60)
XLSX_MAX_DATA_ROWS = 1_048_575  # Excel's row limit less the header
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_FLUSH_ROWS = 2000


def _rows(batch) -> Iterator[tuple]:
    return batch.errors.order_by("row_number", "id").values_list(
        "row_number", "field_code", "field_name", "value", "reason").iterator(chunk_size=5000)


def _csv_safe(text: str) -> str:
    """A leading quote keeps Excel from evaluating a cell such as "=HYPERLINK(...)" (CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def error_report_csv(batch) -> Iterator[bytes]:
    """The report as CSV byte chunks, for a StreamingHttpResponse."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    yield codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for number, code, name, value, reason in _rows(batch):
        writer.writerow([number, code, name, _csv_safe(value), _csv_safe(reason)])
        pending += 1
        if pending >= CSV_FLUSH_ROWS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8")


def error_report_xlsx(batch):
    """The report as an xlsx in an anonymous temporary file, positioned at its start (for FileResponse)."""
    import xlsxwriter

    handle = tempfile.TemporaryFile()
    book = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet("错误行")
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    for column, width in enumerate(COLUMN_WIDTHS):
        sheet.set_column(column, column, width)
    for column, title in enumerate(COLUMNS):
        sheet.write_string(0, column, title, bold)
    sheet.freeze_panes(1, 0)
    for row, (number, code, name, value, reason) in enumerate(_rows(batch), start=1):
        if row == XLSX_MAX_DATA_ROWS:  # constant_memory writes rows in order, so the note takes the last one
            sheet.write_string(row, 0, "错误行超过Excel的行数上限，完整报告请下载CSV")
            break
        sheet.write_number(row, 0, number)
        sheet.write_string(row, 1, code)
        sheet.write_string(row, 2, name)
        sheet.write_string(row, 3, value)
        sheet.write_string(row, 4, reason)
    book.close()
    handle.seek(0)
    return handle


def report_file_name(batch, extension: str) -> str:
    stem = batch.file_name.rsplit(".", 1)[0] or f"批次{batch.pk}"
    return f"{stem}-错误报告.{extension}"
