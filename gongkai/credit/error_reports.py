"""An import batch's rejected rows as a report staff download, fix in the case system and send again.

The columns are the batch's (行号, 字段代码, 字段名称, 值, 原因); writing them is gongkai.intake's
error_files (UTF-8 with BOM or xlsx, streamed from the database in row order, formula-safe), the
same writer as the file `gongkai import credit` leaves beside its input.
"""

from __future__ import annotations

from collections.abc import Iterator

from gongkai.intake.error_files import error_csv_chunks, error_xlsx

COLUMNS = ("行号", "字段代码", "字段名称", "值", "原因")
COLUMN_WIDTHS = (8, 14, 22, 40, 60)


def error_rows(batch) -> Iterator[tuple]:
    """The batch's row errors in COLUMNS order, streamed in row order."""
    return batch.errors.order_by("row_number", "id").values_list(
        "row_number", "field_code", "field_name", "value", "reason").iterator(chunk_size=5000)


def error_report_csv(batch) -> Iterator[bytes]:
    """The report as CSV byte chunks, for a StreamingHttpResponse."""
    return error_csv_chunks(COLUMNS, error_rows(batch))


def error_report_xlsx(batch):
    """The report as an xlsx in an anonymous temporary file, positioned at its start (for FileResponse)."""
    return error_xlsx(COLUMNS, error_rows(batch), widths=COLUMN_WIDTHS)


def report_file_name(batch, extension: str) -> str:
    stem = batch.file_name.rsplit(".", 1)[0] or f"批次{batch.pk}"
    return f"{stem}-错误报告.{extension}"
