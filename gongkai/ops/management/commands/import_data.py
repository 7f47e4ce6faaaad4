"""`gongkai import KIND FILE [--agency CODE] [--dry-run]`: bring a ledger in; one importer per KIND.

Exit codes (DESIGN.md §3): 0 every row landed (or was already there); 1 some rows were rejected
(the good ones still land) or the file itself was refused, with a one-line reason on stderr;
2 usage errors (unknown kind, missing FILE, unknown or ambiguous agency). Never a traceback on
bad input.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils.module_loading import import_string

from gongkai.intake import UnreadableFile
from gongkai.org.models import Agency

# KIND -> dotted path of an importer: an object with `help`, `add_arguments(parser)` and
# `run(path, agency, *, dry_run, user, **options) -> ImportResult` (see intake.tables.TableSpec).
# A new kind is one line here; its own options go in its add_arguments (e.g. credit's --kind).
IMPORTERS: dict[str, str] = {
    "requests": "gongkai.inforequests.importer.REQUEST_LEDGER",
    "appeals": "gongkai.appeals.importer.APPEAL_LEDGER",
    "credit": "gongkai.credit.cli_importer.CREDIT_RECORDS",
    "ledger-channels": "gongkai.ledger.importers.CHANNELS_LEDGER",
    "ledger-posts": "gongkai.ledger.importers.POSTS_LEDGER",
    "ledger-press": "gongkai.ledger.importers.PRESS_LEDGER",
    "ledger-media": "gongkai.ledger.importers.MEDIA_LEDGER",
    "ledger-paper": "gongkai.ledger.importers.PAPER_LEDGER",
    "ledger-training": "gongkai.ledger.importers.TRAINING_LEDGER",
    "ledger-open-days": "gongkai.ledger.importers.OPEN_DAYS_LEDGER",
    "ledger-opinion": "gongkai.ledger.importers.OPINIONS_LEDGER",
    "ledger-clarifications": "gongkai.ledger.importers.CLARIFICATIONS_LEDGER",
}
MAX_PRINTED_ERRORS = 50
USAGE_ERROR = 2
REJECTED = 1


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def error_table(errors, limit: int = MAX_PRINTED_ERRORS) -> str:
    """The refused rows as an aligned text table (Chinese characters count double)."""
    header = ("行号", "列", "原因", "值")
    lines = [(str(e.row), e.column, e.reason, e.value if len(e.value) <= 30 else e.value[:29] + "…")
             for e in errors[:limit]]
    widths = [max(display_width(cells[i]) for cells in [header, *lines]) for i in range(3)]

    def render(cells):
        padded = [cell + " " * (widths[i] - display_width(cell)) for i, cell in enumerate(cells[:3])]
        return "  ".join([*padded, cells[3]]).rstrip()

    out = [render(header), render(tuple("-" * w for w in widths) + ("-" * 4,))] + [render(cells) for cells in lines]
    if len(errors) > limit:
        out.append(f"……另有{len(errors) - limit}条，见错误文件")
    return "\n".join(out)


class Command(BaseCommand):
    help = ("导入：requests（依申请公开台账）、appeals（行政复议、行政诉讼台账）、credit（双公示许可、处罚信息）、"
            "ledger-*（工作台账：渠道、发布、发布会、媒体、纸质文件、培训、公开日、舆情回应、澄清）")
    requires_system_checks = []

    def add_arguments(self, parser):
        subparsers = parser.add_subparsers(dest="kind", required=True, metavar="KIND")
        for kind, dotted in IMPORTERS.items():
            importer = import_string(dotted)
            sub = subparsers.add_parser(kind, help=importer.help)
            sub.add_argument("file", metavar="FILE", help="xlsx/xls/ods 或 CSV（UTF-8 或 GB18030）")
            sub.add_argument("--agency", metavar="CODE", help="机构代号；平台上只有一个机关时可省略")
            sub.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")
            importer.add_arguments(sub)

    def resolve_agency(self, code: str | None) -> Agency:
        if code:
            agency = Agency.objects.filter(code=code).first()
            if agency is None:
                known = "、".join(Agency.objects.order_by("code").values_list("code", flat=True)) or "（无）"
                raise CommandError(f"没有机构代号为“{code}”的机关；已有：{known}", returncode=USAGE_ERROR)
            return agency
        agencies = list(Agency.objects.all()[:2])
        if len(agencies) == 1:
            return agencies[0]
        if not agencies:
            raise CommandError("平台上还没有机关，请先创建机关", returncode=USAGE_ERROR)
        raise CommandError("平台上有多个机关，请用 --agency CODE 指定", returncode=USAGE_ERROR)

    def handle(self, *args, kind, file, agency=None, dry_run=False, **options):
        importer = import_string(IMPORTERS[kind])
        target = self.resolve_agency(agency)
        path = Path(file)
        try:
            result = importer.run(path, target, dry_run=dry_run, user=None, **options)
        except UnreadableFile as exc:
            self.stderr.write(f"无法导入 {path}：{exc}")
            sys.exit(REJECTED)
        except DatabaseError as exc:
            self.stderr.write(f"导入中断（数据库错误：{exc}）；已提交的批次保留，重新导入同一文件会从中断处继续")
            sys.exit(REJECTED)
        if result.ignored_columns:
            self.stdout.write("已忽略的列：" + "、".join(result.ignored_columns))
        if result.errors:
            self.stdout.write(error_table(result.errors))
        self.stdout.write(result.summary())
        if result.errors:
            self.stderr.write(result.summary())
            sys.exit(REJECTED)
