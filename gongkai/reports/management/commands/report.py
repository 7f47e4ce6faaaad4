"""`gongkai report annual --year YYYY [--agency CODE] --format json|html|docx|pdf|xlsx -o FILE`."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from gongkai.org.audit import record
from gongkai.org.models import Agency
from gongkai.reports.document import build_document
from gongkai.reports.models import AnnualReport
from gongkai.reports.renderers import FORMATS, render
from gongkai.reports.rollup import build_region_document


class Command(BaseCommand):
    help = "生成政府信息公开工作年度报告"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="report", required=True)
        annual = sub.add_parser("annual", help="年度报告")
        annual.add_argument("--year", type=int, required=True)
        annual.add_argument("--agency", help="机构代号；只有一个机关时可省略")
        annual.add_argument("--region", action="store_true", help="汇总平台上全部机关（区域汇总）")
        annual.add_argument("--format", dest="fmt", choices=FORMATS, required=True)
        annual.add_argument("-o", "--output", required=True, help="输出文件（- 表示标准输出）")

    def handle(self, *args, year, agency, region, fmt, output, **options):
        if region:
            document = build_region_document(list(Agency.objects.order_by("name")), year)
            agency_obj = None
        else:
            agencies = Agency.objects.filter(code=agency) if agency else Agency.objects.all()
            if agencies.count() != 1:
                self.stderr.write(f"没有机构代号为“{agency}”的机关" if agency else "平台上有多个机关，请用 --agency 指定")
                sys.exit(2)
            agency_obj = agencies.get()
            report = AnnualReport.objects.filter(agency=agency_obj, year=year).first()
            document = build_document(agency_obj, year, report=report)
        data = render(document, fmt)
        if output == "-":
            sys.stdout.buffer.write(data)
        else:
            Path(output).write_bytes(data)
        record("export", agency=agency_obj, summary=f"生成{year}年度报告（{fmt}）")
        if document.get("violations"):
            self.stderr.write(f"勾稽关系检查未通过{len(document['violations'])}处：{document['violations'][0]}")
