"""`gongkai build-site`: render the whole public portal into settings.SITE_ROOT and say what changed."""

from django.core.management.base import BaseCommand

from gongkai.portal import paths
from gongkai.portal.build import build_all


class Command(BaseCommand):
    help = "生成门户网站静态页面（全部重建）"

    def add_arguments(self, parser):
        parser.add_argument("--agency", default=None, help="机构代号（默认 PORTAL_AGENCY 或第一个机关）")

    def handle(self, *args, agency=None, **options):
        report = build_all(agency)
        rate = report.pages / report.seconds if report.seconds else 0
        self.stdout.write(
            f"已生成 {paths.site_root()}：页面和文件 {report.pages} 个（条目页 {report.item_pages}），"
            f"更新 {len(report.written)}，未变 {report.unchanged}，删除 {len(report.deleted)}，"
            f"用时 {report.seconds:.2f} 秒（{rate:.0f} 个/秒）"
        )
