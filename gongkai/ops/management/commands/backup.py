"""`gongkai backup FILE`: the database and uploaded files in one archive."""

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from gongkai.ops.backup import BackupError, create_backup
from gongkai.org.audit import record


class Command(BaseCommand):
    help = "备份数据库和上传文件到一个归档文件（.tar.gz）"

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        record("backup", summary=f"备份到 {Path(file).name}")
        try:
            manifest = create_backup(Path(file), connection.settings_dict, Path(settings.MEDIA_ROOT))
        except BackupError as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        self.stdout.write(f"backup written: {file} ({manifest['vendor']}, {manifest['media_files']} files)")
