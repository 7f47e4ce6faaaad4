"""`gongkai clock`: any request's clock from the shell, so an auditor or an officer can check a case without the database.

The events are core.clock's own (`KIND:DATE[:field=value…]`), on the statutory calendar in force.
Exit 1 with the article that forbids an impossible history (or the missing holiday year), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from django.core.management.base import BaseCommand, CommandError

from gongkai.core import clock
from gongkai.holidays.calendar import current_calendar

_FIELDS = {"deadline": "DATE", "workdays": "N", "by": "NAME", "note": "TEXT", "method": "|".join(clock.DELIVERY_METHODS)}
_EVENT_HELP = (
    "one clock event, KIND:DATE[:field=value...]; repeat for each. KIND: "
    + ", ".join(f"{k.value} ({clock.KIND_LABELS[k]})" for k in clock.EventKind)
    + ". Fields: " + ", ".join(f"{name}={shape}" for name, shape in _FIELDS.items())
    + " (deadline: 补正/缴费/提出意见/第三十五条 date; workdays and by: an extension; note: 逾期补正的正当理由;"
    " method: how a delivery was made, counted per 国办公开办函〔2016〕235号)"
)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"not a date in YYYY-MM-DD form: {text!r}", returncode=2) from None


def parse_event(text: str) -> clock.ClockEvent:
    """`correction_requested:2024-04-10:deadline=2024-04-25` → a ClockEvent; a usage error otherwise."""
    kind_text, _, rest = text.partition(":")
    try:
        kind = clock.EventKind(kind_text.strip())
    except ValueError:
        raise CommandError(f"unknown event kind {kind_text!r} (see --help)", returncode=2) from None
    date_text, _, fields_text = rest.partition(":")
    values: dict = {"kind": kind, "on": _date(date_text.strip())}
    for item in filter(None, fields_text.split(":")):
        name, sep, value = item.partition("=")
        if not sep or name not in _FIELDS:
            raise CommandError(f"unknown event field {item!r} (fields: {', '.join(_FIELDS)})", returncode=2)
        if name == "deadline":
            values[name] = _date(value)
        elif name == "workdays":
            if not value.isdigit():
                raise CommandError(f"workdays must be a whole number: {value!r}", returncode=2)
            values[name] = int(value)
        else:
            values[name] = value
    return clock.ClockEvent(**values)


class Command(BaseCommand):
    help = "依申请公开答复期限：由收到日期和办理事项计算答复期限、状态、是否按期送达及理由"

    def add_arguments(self, parser):
        parser.add_argument("--received", required=True, type=_date_arg, help="收到申请之日 YYYY-MM-DD (条例第三十一条)")
        parser.add_argument("--event", action="append", default=[], help=_EVENT_HELP)
        parser.add_argument("--rules", choices=["2008", "2019"],
                            help="the text the receipt date implies (2008 before 2019-05-15); a mismatch is an error")
        parser.add_argument("--today", type=_date_arg, help="the day to judge lapses on (default: today)")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, received, event, rules, today, format, **options):
        events = [parse_event(text) for text in event]
        implied = clock.rules_for(received).name
        if rules and rules != implied:
            self._refuse(f"{received}收到的申请适用{implied}年条例（条例第五十六条：2019年5月15日起施行），不是{rules}年条例")
        try:
            deadline = clock.compute_deadline(received, events, calendar=current_calendar(),
                                              today=today or dt.date.today())
        except clock.InvalidClockEvents as exc:
            self._refuse("；".join(exc.problems))
        if deadline.state == "pending":
            self._refuse(deadline.explanation[-1])
        result = {"due": deadline.due.isoformat() if deadline.due else None, "state": deadline.state,
                  "on_time": deadline.answered_on_time, "explanation": list(deadline.explanation)}
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"答复期限：{result['due'] or '—'}")
        self.stdout.write(f"状态：{deadline.status}（{deadline.state}）")
        on_time = {True: "按期送达", False: "逾期送达", None: "尚未送达"}[deadline.answered_on_time]
        self.stdout.write(f"是否按期：{on_time}")
        for sentence in deadline.explanation:
            self.stdout.write(f"- {sentence}")

    def _refuse(self, reason: str) -> None:
        self.stderr.write(reason.replace("\n", " "))
        sys.exit(1)


def _date_arg(text: str) -> dt.date:
    """argparse type: a bad date is a usage error (exit 2)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {text!r}") from None
