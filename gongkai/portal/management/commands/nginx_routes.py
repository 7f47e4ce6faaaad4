"""`gongkai nginx_routes`: print nginx's dynamic routes from the registered sections, or --write them into deploy/nginx/gongkai.conf and gongkai-https.conf."""

from django.core.management.base import BaseCommand

from gongkai.portal import nginx


class Command(BaseCommand):
    help = "生成 nginx 动态路由（由各公开栏目登记的动态前缀生成）"

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="写入 deploy/nginx/gongkai.conf 与 gongkai-https.conf")

    def handle(self, *args, write=False, **options):
        if not write:
            self.stdout.write(nginx.dynamic_routes_block())
            return
        for path in (nginx.conf_path(), nginx.conf_path().with_name("gongkai-https.conf")):  # HTTP and HTTPS examples
            changed = nginx.rewrite(path)
            self.stdout.write(f"{path}：{'已更新' if changed else '无变化'}")
