"""`gongkai redact [--format text|json]`: one document on stdin, its public version on stdout."""

import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand

from gongkai.core.redaction import MAX_TEXT_CHARS, RedactionPolicy, redact, to_json_dict


class Command(BaseCommand):
    help = "对一份文书（标准输入）脱敏，输出公开版本；--format json 同时输出每处遮蔽及其类别和不予公开的理由"
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=("text", "json"), default="text")
        parser.add_argument("--punished", action="append", default=[], help="name of a punished natural person (repeatable)")
        parser.add_argument("--other", action="append", default=[], help="name of another natural person (repeatable)")
        parser.add_argument("--punished-org", action="append", default=[],
                            help="name or code of a punished organisation: kept verbatim (repeatable)")
        parser.add_argument("--allow", action="append", default=[],
                            help="a public name the engine must not mask: agency, unit, place (repeatable)")
        parser.add_argument("--punished-birth", type=dt.date.fromisoformat, default=None,
                            help="the punished person's birth date (YYYY-MM-DD) from the case record")
        parser.add_argument("--act-date", type=dt.date.fromisoformat, default=None,
                            help="the date of the act (YYYY-MM-DD), if the text does not say it")
        parser.add_argument("--surname-mask", choices=("某某", "某"), default="某某")

    def handle(self, *args, format, punished, other, punished_org, allow, punished_birth, act_date, surname_mask,
               **options):
        data = sys.stdin.buffer.read(MAX_TEXT_CHARS * 4 + 1)
        if len(data) > MAX_TEXT_CHARS * 4:
            self.stderr.write(f"input is larger than {MAX_TEXT_CHARS * 4} bytes: not one document")
            sys.exit(1)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.stderr.write("input is not UTF-8 text")
            sys.exit(1)
        policy = RedactionPolicy(punished_name_mask=surname_mask)
        try:
            result = redact(text, punished_names=punished, other_names=other, punished_org=punished_org, allow=allow,
                            punished_birth=punished_birth, act_date=act_date, policy=policy)
        except ValueError as error:
            self.stderr.write(str(error))
            sys.exit(1)
        if format == "json":
            self.stdout.write(json.dumps(to_json_dict(result), ensure_ascii=False))
        else:
            self.stdout.write(result.text, ending="" if result.text.endswith("\n") else "\n")
