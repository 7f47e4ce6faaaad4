"""`gongkai serve`: the embedded server (gunicorn + whitenoise) and a job worker beside it."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def account_with_demo_password() -> str | None:
    """A demo account (gongkai.ops.demo) still active with the demo password, which is published in the README."""
    from django.contrib.auth import get_user_model

    from gongkai.ops.demo import ADMIN_USERNAME, DEMO_PASSWORD, USERS

    names = [ADMIN_USERNAME, *(spec.username for spec in USERS)]
    for user in get_user_model().objects.filter(username__in=names, is_active=True).order_by("-is_superuser"):
        if user.check_password(DEMO_PASSWORD):
            return user.username
    return None


class Command(BaseCommand):
    help = "启动内置服务器（gunicorn）和后台任务进程（huey）"

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", default=os.environ.get("WEB_WORKERS", "2"))
        parser.add_argument("--no-jobs", action="store_true", help="do not start the job worker")

    def handle(self, *args, port, host, workers, no_jobs, **options):
        self.refuse_public_demo_password()
        bin_dir = os.path.dirname(sys.executable)
        web = [
            os.path.join(bin_dir, "gunicorn"), "gongkai.config.wsgi:application",
            "--bind", f"{host}:{port}", "--workers", str(workers), "--threads", "4",
            "--access-logfile", "-", "--forwarded-allow-ips", "127.0.0.1",
        ]
        children = []
        if not no_jobs:
            children.append(subprocess.Popen([os.path.join(bin_dir, "gongkai"), "run_huey"]))
        self.stdout.write(f"门户：http://{host}:{port}/　管理后台：http://{host}:{port}/admin/　数据库：{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
        self.stdout.flush()
        server = subprocess.Popen(web)
        children.append(server)

        def stop(signum, frame):
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            server.wait()
        finally:
            stop(None, None)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()

    def refuse_public_demo_password(self) -> None:
        """The demo password is public: with DEBUG off and a public host name in ALLOWED_HOSTS (a real
        deployment) a demo account that still has it stops the server; on a local demo it is a loud warning."""
        username = account_with_demo_password()
        if username is None:
            return
        public_hosts = set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS
        message = (f"演示账户“{username}”仍使用公开的演示密码：请删除演示账户或修改其密码"
                   f"（gongkai changepassword {username}）。")
        if not settings.DEBUG and public_hosts:
            raise CommandError(f"{message}对外服务（ALLOWED_HOSTS={','.join(sorted(public_hosts))}）时拒绝启动。")
        self.stderr.write(self.style.WARNING(f"警告：{message}仅限本机演示使用。"))
