"""`gongkai demo`: migrate, load the demo bureau (once), collect static files, print the login."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from gongkai.ops.demo import ADMIN_USERNAME, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "准备演示环境：迁移数据库、载入示范市公安局演示数据、收集静态文件"

    def add_arguments(self, parser):
        parser.add_argument("--port", default="8000")

    def handle(self, *args, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        agency, created = load_demo()
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("build_site", verbosity=0)
        self.stdout.write(f"{'已载入' if created else '沿用已有的'}演示机关：{agency.name}")
        self.stdout.write(f"管理后台：http://127.0.0.1:{port}/admin/")
        self.stdout.write(f"用户名：{ADMIN_USERNAME}　密码：{DEMO_PASSWORD}")
        self.stdout.write(f"其他角色（同一密码）：gongkaiban 公开办、lingdao 领导、shenhe 审核人、xxy-jiaojing 信息员 …")
