"""`gongkai workdays add DATE N | between A B | is DATE`: working-day arithmetic from the shell."""

import sys

from django.core.management.base import BaseCommand

from gongkai.core.workdays import UnknownCalendarYear
from gongkai.holidays.calendar import current_calendar
from gongkai.holidays.cli_args import BadArgument, parse_count, parse_date


class Command(BaseCommand):
    help = "法定工作日计算：add DATE N（DATE之后第N个工作日）；between A B（A之后至B含B的工作日数）；is DATE"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="operation", required=True)
        add = sub.add_parser("add", help="the Nth working day after DATE (DATE not counted)")
        add.add_argument("date")
        add.add_argument("n")
        between = sub.add_parser("between", help="working days after A up to and including B")
        between.add_argument("start")
        between.add_argument("end")
        is_day = sub.add_parser("is", help="is DATE a working day? prints yes or no")
        is_day.add_argument("date")

    def handle(self, *args, operation, **options):
        calendar = current_calendar()
        try:
            if operation == "add":
                result = calendar.add_workdays(parse_date(options["date"]), parse_count(options["n"])).isoformat()
            elif operation == "between":
                result = str(calendar.workdays_between(parse_date(options["start"]), parse_date(options["end"])))
            else:
                result = "yes" if calendar.is_workday(parse_date(options["date"])) else "no"
        except (BadArgument, UnknownCalendarYear) as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        self.stdout.write(result)
