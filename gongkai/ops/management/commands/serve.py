"""`gongkai serve`: the embedded server (gunicorn + whitenoise) and a job worker beside it."""

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动内置服务器（gunicorn）和后台任务进程（huey）"

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", default=os.environ.get("WEB_WORKERS", "2"))
        parser.add_argument("--no-jobs", action="store_true", help="do not start the job worker")

    def handle(self, *args, port, host, workers, no_jobs, **options):
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
