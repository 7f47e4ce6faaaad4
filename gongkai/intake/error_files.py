"""Refused rows as a file people open in Excel: CSV (UTF-8 with BOM) or xlsx, streamed, formula-safe.

Every importer writes its error file here, whatever its columns: the ledgers' (行号, 列, 原因, 值)
beside the input, the 双公示 batch's (行号, 字段代码, 字段名称, 值, 原因) beside the input and as
the admin's downloads. The values come from uploaded files, so nothing in them may turn into a
formula when the file is opened (CSV injection): a text starting with = + - @ or a tab gets a
leading apostrophe, which Excel shows as plain text.
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_FLUSH_ROWS = 2000
XLSX_MAX_DATA_ROWS = 1_048_575  # Excel's row limit less the header


def formula_safe(value):
    """A text cell that no spreadsheet program will evaluate; numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def error_csv_chunks(columns: Sequence[str], rows: Iterable[Sequence]) -> Iterator[bytes]:
    """The error file as CSV byte chunks (a BOM first, so Excel opens the Chinese), for a file or a response."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    yield codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow([formula_safe(value) for value in row])
        pending += 1
        if pending >= CSV_FLUSH_ROWS:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8")


def write_error_csv(target: Path, columns: Sequence[str], rows: Iterable[Sequence]) -> Path:
    """The error file written to `target` (replaced whole)."""
    with open(target, "wb") as handle:
        handle.writelines(error_csv_chunks(columns, rows))
    return Path(target)


def error_xlsx(columns: Sequence[str], rows: Iterable[Sequence], *, widths: Sequence[int] = (),
               sheet_title: str = "错误行"):
    """The error file as xlsx in an anonymous temporary file positioned at its start (for FileResponse).

    XlsxWriter's constant_memory mode writes each row to disk as it comes, so a report of a million
    errors never sits in memory; numbers stay numbers, every text is written as text."""
    import xlsxwriter

    handle = tempfile.TemporaryFile()
    book = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet(sheet_title)
    bold = book.add_format({"bold": True, "bg_color": "#EEEEEE"})
    for column, width in enumerate(widths):
        sheet.set_column(column, column, width)
    for column, title in enumerate(columns):
        sheet.write_string(0, column, title, bold)
    sheet.freeze_panes(1, 0)
    for number, row in enumerate(rows, start=1):
        if number == XLSX_MAX_DATA_ROWS:  # constant_memory writes rows in order, so the note takes the last one
            sheet.write_string(number, 0, "错误行超过Excel的行数上限，完整报告请下载CSV")
            break
        for column, value in enumerate(row):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(number, column, value)
            else:
                sheet.write_string(number, column, "" if value is None else str(value))
    book.close()
    handle.seek(0)
    return handle
