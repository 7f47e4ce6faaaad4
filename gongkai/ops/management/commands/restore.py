"""`gongkai restore FILE`: replace the database and uploaded files with a backup's."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, connections

from gongkai.ops.backup import BackupError, restore_backup, settings_from_url
from gongkai.org.audit import record


class Command(BaseCommand):
    help = "从备份归档恢复数据库和上传文件（覆盖现有数据）"

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--database-url", help="restore into this database instead of the configured one")
        parser.add_argument("--media-root", help="restore uploaded files here instead of MEDIA_ROOT")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, file, database_url, media_root, yes, **options):
        if not Path(file).is_file():
            self.stderr.write(f"no such backup file: {file}")
            sys.exit(1)
        target = settings_from_url(database_url) if database_url else connection.settings_dict
        if not yes and sys.stdin.isatty():
            answer = input(f"这将覆盖数据库 {target['NAME']} 和上传文件，确定恢复吗？[y/N] ")
            if answer.strip().lower() not in ("y", "yes"):
                self.stderr.write("cancelled")
                sys.exit(1)
        if not database_url:
            connections.close_all()
        try:
            manifest = restore_backup(Path(file), target, Path(media_root or settings.MEDIA_ROOT))
        except BackupError as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        if not database_url:
            record("restore", summary=f"从 {Path(file).name} 恢复（备份时间 {manifest['created']}）")
        self.stdout.write(f"restored from {file} (backup of {manifest['created']})")
