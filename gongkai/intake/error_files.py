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
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from gongkai.intake.xlsx_stream import xlsx_stream

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_FLUSH_ROWS = 2000


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
    """The error file as xlsx in an anonymous temporary file positioned at its start (for FileResponse),
    streamed row by row so a report of a million errors never sits in memory; numbers stay numbers,
    every text is written as text."""
    return xlsx_stream(columns, rows, widths=widths, sheet_title=sheet_title,
                       overflow_note="错误行超过Excel的行数上限，完整报告请下载CSV")
