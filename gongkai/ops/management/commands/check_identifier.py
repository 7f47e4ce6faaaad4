"""`gongkai check uscc|id|orgcode VALUE`: prints `valid`, or the reason and exits 1."""

import sys

from django.core.management.base import BaseCommand

from gongkai.core.identifiers import CHECKERS


class Command(BaseCommand):
    help = "校验统一社会信用代码（uscc）、居民身份证号码（id）或组织机构代码（orgcode）"
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(CHECKERS))
        parser.add_argument("value")

    def handle(self, *args, kind, value, **options):
        result = CHECKERS[kind](value)
        if result.valid:
            self.stdout.write("valid")
            return
        self.stderr.write(result.reason or "invalid")
        sys.exit(1)
