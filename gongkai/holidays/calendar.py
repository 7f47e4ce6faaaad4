"""The calendar in force: the package's years with administrator-entered notices on top."""

from __future__ import annotations

import threading
import time

from django.db import connection

from gongkai.core.workdays import WorkCalendar, YearSchedule, build_calendar
from gongkai.holidays.models import HolidayNotice

# Other processes learn of a newly entered notice within this many seconds; this process at once
# (signals clear the cache).
CACHE_SECONDS = 60

_lock = threading.Lock()
_cached: tuple[float, WorkCalendar] | None = None


def notice_schedules() -> list[YearSchedule]:
    if HolidayNotice._meta.db_table not in connection.introspection.table_names():
        return []  # a database not migrated yet has no notices; the package still answers
    schedules = []
    for notice in HolidayNotice.objects.prefetch_related("periods", "makeup_workdays"):
        holidays = frozenset(day for period in notice.periods.all() for day in period.days())
        workdays = frozenset(m.date for m in notice.makeup_workdays.all())
        source = notice.document_number or notice.title
        schedules.append(YearSchedule(notice.year, holidays, workdays, source))
    return schedules


def current_calendar() -> WorkCalendar:
    """The calendar every deadline in the database is computed on."""
    global _cached
    with _lock:
        if _cached is not None and time.monotonic() - _cached[0] < CACHE_SECONDS:
            return _cached[1]
        calendar = build_calendar(notice_schedules())
        _cached = (time.monotonic(), calendar)
        return calendar


def forget_calendar() -> None:
    global _cached
    with _lock:
        _cached = None
