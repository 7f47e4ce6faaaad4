"""`gongkai redact [--format text|json]`: one document on stdin, its public version on stdout."""

import json
import sys

from django.core.management.base import BaseCommand

from gongkai.core.redaction import RedactionPolicy, redact, to_json_dict


class Command(BaseCommand):
    help = "对一份文书（标准输入）脱敏，输出公开版本；--format json 同时输出每处遮蔽及其类别"
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--punished", action="append", default=[], help="name of a punished party (repeatable)")
        parser.add_argument("--other", action="append", default=[], help="name of another natural person (repeatable)")
        parser.add_argument("--surname-mask", choices=("某某", "某"), default="某某")

    def handle(self, *args, format, punished, other, surname_mask, **options):
        data = sys.stdin.buffer.read()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.stderr.write("input is not UTF-8 text")
            sys.exit(1)
        policy = RedactionPolicy(punished_name_mask=surname_mask)
        result = redact(text, punished_names=punished, other_names=other, policy=policy)
        if format == "json":
            self.stdout.write(json.dumps(to_json_dict(result), ensure_ascii=False))
        else:
            self.stdout.write(result.text, ending="" if result.text.endswith("\n") else "\n")
