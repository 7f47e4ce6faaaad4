"""`gongkai import credit FILE --kind license|penalty`: the credit importer behind the shared command."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from django.utils import timezone

from gongkai.credit.error_reports import COLUMNS, error_rows
from gongkai.credit.importing import check_file, import_file, terminal_progress
from gongkai.intake import UnreadableFile
from gongkai.intake.error_files import write_error_csv
from gongkai.intake.tables import error_file_for

PRINTED_ERRORS = 200


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
        path = Path(path)
        if not path.is_file():
            raise UnreadableFile(f"文件不存在：{path}")
        if dry_run:
            return CreditImporter._dry_run(path, record_kind)
        batch = import_file(path, agency=agency, kind=record_kind, user=user,
                            progress=None if quiet else terminal_progress())
        if not quiet:
            sys.stderr.write("\n")
        printed = [PrintedError(e.row_number, f"{e.field_code} {e.field_name}".strip(), e.reason, e.value)
                   for e in batch.errors.order_by("row_number", "id")[:PRINTED_ERRORS]]
        error_file = error_file_for(path)
        if batch.rows_rejected:
            write_error_csv(error_file, COLUMNS, error_rows(batch))
        else:
            error_file.unlink(missing_ok=True)
        return CreditImportResult(batch=batch, errors=printed, error_file=error_file if batch.rows_rejected else None)

    @staticmethod
    def _dry_run(path: Path, kind: str) -> CreditImportResult:
        read, rejected, kept = check_file(path, kind, today=timezone.localdate(), keep_errors=PRINTED_ERRORS)
        errors = [PrintedError(number, f"{code} {name}", reason, value) for number, code, name, value, reason in kept]
        batch = SimpleNamespace(kind=kind, file_name=path.name, rows_read=read, rows_added=read - rejected,
                                rows_updated=0, rows_unchanged=0, rows_rejected=rejected)
        return CreditImportResult(batch=batch, errors=errors)


CREDIT_RECORDS = CreditImporter()
