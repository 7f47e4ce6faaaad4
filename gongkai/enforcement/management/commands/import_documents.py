"""`gongkai import_documents PATH...`: take decision documents (.txt, .docx, .json, or folders of them) in."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from gongkai.enforcement.capture import drop_agency, import_file, link_pending_records
from gongkai.enforcement.parsing import SUFFIXES
from gongkai.org.models import Agency


class Command(BaseCommand):
    help = "导入执法决定文书（文本、DOCX 或带结构化字段的 JSON）；不予公开的情形先行判断，其余生成遮蔽建议待审核"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files or folders")
        parser.add_argument("--agency", default="", help="agency code (default: ENFORCEMENT_AGENCY / the portal's)")

    def handle(self, *args, paths, agency, **options):
        target = Agency.objects.filter(code=agency).first() if agency else drop_agency()
        if target is None:
            self.stderr.write(f"没有机关{('“' + agency + '”') if agency else ''}")
            sys.exit(1)
        files = []
        for name in paths:
            path = Path(name)
            if path.is_dir():
                files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
            elif path.is_file():
                files.append(path)
            else:
                self.stderr.write(f"{name}: 文件不存在")
                sys.exit(2)
        failed = 0
        counts = {"created": 0, "updated": 0, "unchanged": 0, "excluded": 0}
        for path in files:
            result = import_file(target, path)
            if result.error:
                failed += 1
                self.stderr.write(f"{path}: {result.error}")
                continue
            for outcome in result.outcomes:
                counts[outcome.status] += 1
                counts["excluded"] += outcome.document.state == "excluded"
        link_pending_records(target)
        self.stdout.write(f"新增 {counts['created']}，更新 {counts['updated']}，未变 {counts['unchanged']}，"
                          f"其中不予公开 {counts['excluded']}；失败文件 {failed}")
        if failed:
            sys.exit(1)
