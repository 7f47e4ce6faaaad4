"""`gongkai reconcile-site`: the five-minute reconciliation job run by hand (portal/reconcile.py)."""

from django.core.management.base import BaseCommand

from gongkai.portal.reconcile import reconcile_site


class Command(BaseCommand):
    help = "核对门户网站和检索索引与数据库是否一致：撤下已撤回或已删除的页面和检索条目，补上缺少的"

    def handle(self, *args, **options):
        self.stdout.write(reconcile_site().summary())
