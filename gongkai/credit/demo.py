"""Demo 双公示 data: a year of a bureau's work replayed through the real importer and the real push.

Nothing is written to the records directly. RowFactory makes the decisions as a case system would
export them; the year is then replayed in time order with Django's clock set to each moment
(`clock_at`): every working day at 17:30 the 信息员 imports that day's decisions (CSV files through
`import_file`, which sets the publication time), and at every time of the push job's schedule
(Monday and Thursday 02:00) the real `push_once` sends the outbox to the demo's credit platform, a
drop folder in var/demo/credit-platform/ written by the real DropFolderTransport. What makes a
realistic handful late is played, not written: the platform is down twice (the failed batches back off
and the job's own retry plan, `tasks.follow_up_at`, runs them again), and once a unit falls behind
with its imports for two weeks. A correction file (version 2 of some penalties) and a sample file
with a few per cent of broken rows (kept in var/demo/, so staff can download its error report) are
imported on their days too.
"""

from __future__ import annotations

import datetime as dt
import heapq
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.core.workdays import UnknownCalendarYear, WorkCalendar
from gongkai.credit.importing import import_file
from gongkai.credit.power_list import load_demo_power_list
from gongkai.credit.push import DeliveryFailed, DropFolderTransport, PushConfig, push_once
from gongkai.credit.samples import RowFactory, rows, write_csv
from gongkai.credit.tasks import follow_up_at, scheduled_push_times
from gongkai.holidays.calendar import current_calendar

# 100,000+ records in the demo database: mostly penalties (traffic and public order), a fair share of licences.
PENALTIES = 85_000
LICENSES = 20_000
DAYS = 365
CORRECTIONS = 200  # rows sent again with a corrected 处罚事由: version 2 of each, version 1 kept
CORRECTION_DAYS_AGO = 75
SAMPLE_ROWS = 1_000
SAMPLE_BROKEN_EVERY = 25  # 4 % of the sample's rows carry one defect each
SAMPLE_DAYS_AGO = 20  # the sample holds the decisions of the week before this day
SAMPLE_FILE_NAME = "credit-sample-with-errors.csv"
IMPORTER_USERNAME = "gongkaiban"
RECEIVER_DIR_NAME = "credit-platform"
IMPORT_TIME = dt.time(17, 30)


@dataclass(frozen=True)
class Outage:
    """Days (counted back from `today`) on which the credit platform acknowledges nothing."""

    first_day_ago: int
    days: int
    reason: str


@dataclass(frozen=True)
class Backlog:
    """Decisions of one unit (文号 marker) over `days` days that are imported `delay_workdays` late."""

    first_day_ago: int
    days: int
    marker: str
    delay_workdays: int


OUTAGES = (
    Outage(250, 4, "信用平台系统升级，暂停接收"),
    Outage(110, 3, "省信用平台交换目录故障"),
)
BACKLOGS = (Backlog(180, 12, "（治）", 9),)  # 治安支队's 信息员 away on training; caught up on return


def demo_factory(agency, today: dt.date, days: int = DAYS) -> RowFactory:
    """Rows decided over the `days` days up to yesterday (the validator refuses future decision dates)."""
    return RowFactory(agency.name, agency.uscc, seed=2026, start=today - dt.timedelta(days=days), days=days)


def _importer():
    return get_user_model().objects.filter(username=IMPORTER_USERNAME).first()


# --- the clock -------------------------------------------------------------------------------------

@contextmanager
def clock_at(moment: dt.datetime) -> Iterator[None]:
    """Django's clock starts at `moment` and ticks on: timezone.now, localdate, auto_now fields and the
    audit log all see the replayed time, as they would have on that day. Demo loading only."""
    real_now = timezone.now
    started = time.monotonic()
    timezone.now = lambda: moment + dt.timedelta(seconds=time.monotonic() - started)
    try:
        yield
    finally:
        timezone.now = real_now


def _aware(naive: dt.datetime) -> dt.datetime:
    return timezone.make_aware(naive, timezone.get_default_timezone()).astimezone(dt.UTC)


def _is_workday(day: dt.date, calendar: WorkCalendar) -> bool:
    try:
        return calendar.is_workday(day)
    except UnknownCalendarYear:
        return day.weekday() < 5


def _next_workday(day: dt.date, calendar: WorkCalendar) -> dt.date:
    while not _is_workday(day, calendar):
        day += dt.timedelta(days=1)
    return day


def _add_workdays(day: dt.date, count: int, calendar: WorkCalendar) -> dt.date:
    for _ in range(count):
        day = _next_workday(day + dt.timedelta(days=1), calendar)
    return day


# --- the receiver ----------------------------------------------------------------------------------

class DemoReceiver:
    """The demo's credit platform: the real drop-folder transport, refusing during the outages."""

    def __init__(self, folder: Path, outages: list[tuple[dt.datetime, dt.datetime, str]]):
        self.deliver = DropFolderTransport(folder)
        self.outages = outages

    def __call__(self, batch: dict) -> set[str]:
        moment = timezone.now()
        for start, end, reason in self.outages:
            if start <= moment < end:
                raise DeliveryFailed(f"连接失败或超时：{reason}")
        return self.deliver(batch)


def receiver_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo" / RECEIVER_DIR_NAME


# --- the year's plan -------------------------------------------------------------------------------

def _decided_on(row: dict, kind: str) -> dt.date:
    return dt.datetime.strptime(row["CF_JDRQ" if kind == "penalty" else "XK_JDRQ"], "%Y/%m/%d").date()


def _import_plan(factory: RowFactory, kind: str, count: int, today: dt.date,
                 calendar: WorkCalendar) -> dict[dt.date, list[int]]:
    """Row numbers by the working day they are imported: the decision day's evening (or the next
    working day's), later for the decisions a backlog holds up."""
    plan: dict[dt.date, list[int]] = defaultdict(list)
    make = factory.penalty if kind == "penalty" else factory.license
    for n in range(count):
        row = make(n)
        decided_on = _decided_on(row, kind)
        day = _next_workday(decided_on, calendar)
        for backlog in BACKLOGS:
            first = today - dt.timedelta(days=backlog.first_day_ago)
            if (kind == "penalty" and backlog.marker in row["CF_WSH"]
                    and first <= decided_on < first + dt.timedelta(days=backlog.days)):
                caught_up = _add_workdays(first + dt.timedelta(days=backlog.days), backlog.delay_workdays, calendar)
                day = max(day, caught_up)
        if day < today:
            plan[day].append(n)
    return plan


def load(agency, today: dt.date, *, penalties: int = PENALTIES, licenses: int = LICENSES, days: int = DAYS,
         corrections: int = CORRECTIONS, sample_rows: int = SAMPLE_ROWS, sample_dir: Path | None = None,
         receiver: Path | None = None) -> dict:
    """Replay the demo's year of 双公示 work up to the start of `today`; returns the batches by name
    ("penalties" and "licenses": the lists of daily batches) and the push runs. Small counts and
    fewer days make a quick test fixture."""
    user = _importer()
    calendar = current_calendar()
    load_demo_power_list(agency)
    factory = demo_factory(agency, today, days)
    plans = {"penalty": _import_plan(factory, "penalty", penalties, today, calendar),
             "license": _import_plan(factory, "license", licenses, today, calendar)}
    correction_day = _next_workday(today - dt.timedelta(days=min(CORRECTION_DAYS_AGO, days // 2)), calendar)
    sample_day = _next_workday(today - dt.timedelta(days=min(SAMPLE_DAYS_AGO, days // 4)), calendar)
    sample_dir = Path(sample_dir) if sample_dir else Path(settings.VAR_DIR) / "demo"
    outages = [(_aware(dt.datetime.combine(today - dt.timedelta(days=o.first_day_ago), dt.time())),
                _aware(dt.datetime.combine(today - dt.timedelta(days=o.first_day_ago - o.days), dt.time())), o.reason)
               for o in OUTAGES if o.first_day_ago < days]
    transport = DemoReceiver(Path(receiver) if receiver else receiver_dir(), outages)
    config = PushConfig(drop_dir=str(transport.deliver.folder))

    # (moment, order, what, day): imports, scheduled push runs and the follow-up runs they plan.
    events: list[tuple[dt.datetime, int, str, dt.date | None]] = []
    start = today - dt.timedelta(days=days)
    day = start
    while day < today:
        if _is_workday(day, calendar):
            events.append((_aware(dt.datetime.combine(day, IMPORT_TIME)), 0, "import", day))
        day += dt.timedelta(days=1)
    events += [(_aware(moment), 1, "push", None)
               for moment in scheduled_push_times(start, today - dt.timedelta(days=1))]
    heapq.heapify(events)

    batches: dict = {"penalties": [], "licenses": [], "push_runs": []}
    with tempfile.TemporaryDirectory(prefix="gongkai-credit-demo-") as temp:
        temp = Path(temp)
        while events:
            moment, _, what, day = heapq.heappop(events)
            with clock_at(moment):
                if what == "import":
                    _import_day(agency, user, factory, plans, day, temp, batches)
                    if corrections and day == correction_day:
                        batches["corrections"] = _import_corrections(agency, user, factory, plans, day, corrections,
                                                                     temp)
                    if sample_rows and day == sample_day:
                        batches["sample_with_errors"] = _import_sample(agency, user, day, penalties, sample_rows,
                                                                       sample_dir)
                    continue
                result = push_once(config, now=timezone.now, transport=transport)
                batches["push_runs"].append(result)
                retry_at = follow_up_at(result, follow_up=what == "retry")
                if retry_at is not None:
                    heapq.heappush(events, (retry_at, 2, "retry", None))
    return batches


def _import_day(agency, user, factory: RowFactory, plans: dict, day: dt.date, temp: Path, batches: dict) -> None:
    """The evening's two files: the penalties and the licences that reach the 信息员 today."""
    for kind, name, label in (("penalty", "penalties", "行政处罚信息"), ("license", "licenses", "行政许可信息")):
        numbers = plans[kind].get(day)
        if not numbers:
            continue
        make = factory.penalty if kind == "penalty" else factory.license
        path = write_csv(temp / f"{label}{day:%Y%m%d}.csv", kind, (make(n) for n in numbers))
        batches[name].append(import_file(path, agency=agency, kind=kind, user=user, today=day))
        path.unlink()


def _import_corrections(agency, user, factory: RowFactory, plans: dict, day: dt.date, count: int, temp: Path):
    """Corrected 处罚事由 for decisions already imported: version 2 of each, pushed again."""
    imported = sorted(n for import_day, numbers in plans["penalty"].items() if import_day < day for n in numbers)
    corrected = [{**row, "CF_SY": row["CF_SY"] + "（经复核更正事实描述）"}
                 for row in (factory.penalty(n) for n in imported[:count])]
    path = write_csv(temp / "行政处罚信息更正.csv", "penalty", corrected)
    return import_file(path, agency=agency, kind="penalty", user=user, today=day)


def _import_sample(agency, user, day: dt.date, first: int, count: int, sample_dir: Path):
    """A week's decisions from another case system export, a few per cent of them broken."""
    factory = RowFactory(agency.name, agency.uscc, seed=2026, start=day - dt.timedelta(days=7), days=7)
    sample_dir.mkdir(parents=True, exist_ok=True)
    # Numbers past the main file's, so the sample's good rows are new records, not versions of old ones.
    sample = write_csv(sample_dir / SAMPLE_FILE_NAME, "penalty",
                       rows(factory, "penalty", count, broken_every=SAMPLE_BROKEN_EVERY, first=first))
    return import_file(sample, agency=agency, kind="penalty", user=user, today=day)
