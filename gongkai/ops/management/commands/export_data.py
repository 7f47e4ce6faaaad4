"""`gongkai export KIND -o FILE [--format csv|xlsx] [--agency CODE]`: take records out; one exporter per KIND.

Exit codes as for `gongkai import` (DESIGN.md §3): 0 written; 1 the export failed (a one-line reason
on stderr, no half file left); 2 usage errors (unknown kind, bad dates or format, unknown agency).
Every export is in the audit log with its counts (DESIGN.md §6).
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.module_loading import import_string

from gongkai.org.models import Agency

# KIND -> dotted path of an exporter: an object with `help`, `add_arguments(parser)` and
# `run(output, agency, *, fmt, user, **options) -> result with summary()` (see credit.export.CreditExporter).
# A new kind is one line here; its own options go in its add_arguments (e.g. credit's --kind, --from, --to).
EXPORTERS: dict[str, str] = {
    "credit": "gongkai.credit.export.CREDIT_EXPORT",
}
FORMATS = ("csv", "xlsx")
USAGE_ERROR = 2
FAILED = 1


class Command(BaseCommand):
    help = "导出：credit（双公示许可、处罚信息，国家标准模板）"
    requires_system_checks = []

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        for kind, dotted in EXPORTERS.items():
            exporter = import_string(dotted)
            sub = subparsers.add_parser(kind, help=exporter.help)
            sub.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件（.csv 或 .xlsx）")
            sub.add_argument("--format", dest="fmt", choices=FORMATS, help="csv 或 xlsx；省略时按文件扩展名")
            sub.add_argument("--agency", metavar="CODE", help="机构代号；省略时导出全部机关")
            exporter.add_arguments(sub)

    def resolve_agency(self, code: str | None) -> Agency | None:
        if not code:
            return None
        agency = Agency.objects.filter(code=code).first()
        if agency is None:
            known = "、".join(Agency.objects.order_by("code").values_list("code", flat=True)) or "（无）"
            raise CommandError(f"没有机构代号为“{code}”的机关；已有：{known}", returncode=USAGE_ERROR)
        return agency

    def handle(self, *args, kind, output, fmt=None, agency=None, **options):
        exporter = import_string(EXPORTERS[kind])
        path = Path(output)
        fmt = fmt or path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError("请用 --format csv|xlsx 指定格式，或使用 .csv/.xlsx 扩展名", returncode=USAGE_ERROR)
        if not path.parent.is_dir():
            raise CommandError(f"输出目录不存在：{path.parent}", returncode=USAGE_ERROR)
        for start, end in (("date_from", "date_to"),):
            if start in options and end in options and options[start] > options[end]:
                raise CommandError("--from 晚于 --to", returncode=USAGE_ERROR)
        target = self.resolve_agency(agency)
        try:
            result = exporter.run(path, target, fmt=fmt, user=None, **options)
        except (DatabaseError, OSError) as exc:
            self.stderr.write(f"导出失败：{exc}")
            sys.exit(FAILED)
        self.stdout.write(result.summary())
