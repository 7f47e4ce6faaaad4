"""`gongkai import credit FILE --kind license|penalty`: the credit importer behind the shared command."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.inforequests.importer import UnreadableTable


@dataclass(frozen=True)
class PrintedError:
    row: int
    column: str
    reason: str
    value: str


@dataclass
class CreditImportResult:
    batch: object
    errors: list[PrintedError] = field(default_factory=list)
    error_file: Path | None = None
    ignored_columns: tuple[str, ...] = ()

    def summary(self) -> str:
        b = self.batch
        text = (f"credit/{b.kind}: {b.file_name} 读取{b.rows_read}行，新增{b.rows_added}行，更新{b.rows_updated}行，"
                f"未变{b.rows_unchanged}行，拒绝{b.rows_rejected}行")
        if self.error_file:
            text += f"；错误报告：{self.error_file}"
        return text


def write_error_csv(batch, target: Path) -> Path:
    """The error report next to the input (UTF-8 with BOM, so Excel opens it in Chinese)."""
    with open(target, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["行号", "字段代码", "字段名称", "值", "原因"])
        for error in batch.errors.order_by("row_number", "id").iterator():
            writer.writerow([error.row_number, error.field_code, error.field_name, error.value, error.reason])
    return target


class CreditImporter:
    help = "双公示：行政许可、行政处罚信息（国家标准 XK_*/CF_* 字段，CSV 或 xlsx）"

    @staticmethod
    def add_arguments(parser) -> None:
        parser.add_argument("--kind", dest="record_kind", required=True, choices=("license", "penalty"),
                            help="license 许可 / penalty 处罚")
        parser.add_argument("--quiet", action="store_true", help="不显示进度")

    @staticmethod
    def run(path: Path, agency, *, dry_run: bool, user, record_kind: str, quiet: bool = False,
            **options) -> CreditImportResult:
        from gongkai.credit.importing import ImportFileError, import_file, read_table, terminal_progress
        from gongkai.core.credit_validation import validate_row
        from django.utils import timezone

        if not Path(path).is_file():
            raise UnreadableTable(f"文件不存在：{path}")
        if dry_run:
            return CreditImporter._dry_run(Path(path), record_kind, validate_row, read_table, ImportFileError, timezone.localdate())
        try:
            batch = import_file(path, agency=agency, kind=record_kind, user=user,
                                progress=None if quiet else terminal_progress())
        except ImportFileError as exc:
            raise UnreadableTable(str(exc)) from None
        if not quiet:
            sys.stderr.write("\n")
        printed = [PrintedError(e.row_number, f"{e.field_code} {e.field_name}".strip(), e.reason, e.value)
                   for e in batch.errors.order_by("row_number", "id")[:200]]
        error_file = Path(path).with_suffix(".errors.csv")
        if batch.rows_rejected:
            write_error_csv(batch, error_file)
        elif error_file.exists():
            error_file.unlink()
        return CreditImportResult(batch=batch, errors=printed, error_file=error_file if batch.rows_rejected else None)

    @staticmethod
    def _dry_run(path, kind, validate_row, read_table, ImportFileError, today):
        from types import SimpleNamespace

        try:
            _, rows = read_table(path, kind)
        except ImportFileError as exc:
            raise UnreadableTable(str(exc)) from None
        errors, read, rejected = [], 0, 0
        for number, row in rows:
            read += 1
            record, row_errors = validate_row(kind, row, today=today)
            if record is None:
                rejected += 1
                errors += [PrintedError(number, f"{e.code} {e.name}", e.reason, e.value) for e in row_errors]
        batch = SimpleNamespace(kind=kind, file_name=path.name, rows_read=read, rows_added=read - rejected,
                                rows_updated=0, rows_unchanged=0, rows_rejected=rejected)
        return CreditImportResult(batch=batch, errors=errors[:200])


CREDIT_RECORDS = CreditImporter()
