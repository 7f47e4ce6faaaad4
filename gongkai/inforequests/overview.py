"""The handler's overview: what falls due in the next five working days and what is overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.core import clock
from gongkai.core.workdays import UnknownCalendarYear
from gongkai.holidays.calendar import current_calendar
from gongkai.inforequests.models import InfoRequest

SOON_WORKDAYS = 5


@dataclass(frozen=True)
class Row:
    request: InfoRequest
    deadline: clock.Deadline
    left: int | None


def open_rows(queryset, today: dt.date) -> list[Row]:
    calendar = current_calendar()
    rows = []
    open_requests = queryset.filter(state=InfoRequest.State.IN_PROGRESS).prefetch_related("events")
    for request in open_requests:
        try:
            deadline = clock.compute_deadline(request.received_on, [e.to_clock_event() for e in request.events.all()],
                                              today=today, calendar=calendar, explain=False)
            left = clock.workdays_left(deadline, today, calendar)
        except UnknownCalendarYear:
            continue  # shown by the calendar alert; the deadline cannot be computed honestly
        rows.append(Row(request, deadline, left))
    return rows


def overview(queryset, today: dt.date) -> dict:
    rows = open_rows(queryset, today)
    running = [r for r in rows if r.deadline.state == "running" and r.left is not None]
    return {
        "overdue": sorted((r for r in running if r.left < 0), key=lambda r: r.left),
        "due_soon": sorted((r for r in running if 0 <= r.left <= SOON_WORKDAYS), key=lambda r: r.left),
        "paused": [r for r in rows if r.deadline.state == "paused"],
        "ended": [r for r in rows if r.deadline.state == "ended"],
    }
