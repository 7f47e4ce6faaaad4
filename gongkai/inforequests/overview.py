"""The handler's overview: what is overdue, what falls due in the next five working days, and every
request whose clock needs a look (paused, decided but not delivered, consultation expired, not yet
confirmed, calendar pending, ended awaiting closure, impossible history).

All groups come from one bulk reading of the request clock (`inforequests.clock.RequestClock`).
A decided request still runs until its answer is delivered (国办公开办函〔2016〕235号), so it is
in the overdue and due-soon groups as well as in "已决定未送达".
"""

from __future__ import annotations

import datetime as dt
from operator import attrgetter

from gongkai.inforequests.clock import Reading, RequestClock, collector_paused, request_rows
from gongkai.inforequests.models import InfoRequest

SOON_WORKDAYS = 5

# The row type lists and reminders read: request, deadline, working days left.
Row = Reading

OPEN_STATES = (InfoRequest.State.IN_PROGRESS, InfoRequest.State.DECIDED)

GROUP_LABELS = {
    "overdue": "已逾期",
    "due_soon": f"{SOON_WORKDAYS}个工作日内到期",
    "awaiting_delivery": "已决定未送达",
    "consultation_expired": "征求意见期满",
    "paused": "计时中止",
    "unconfirmed": "待确认收到",
    "calendar_pending": "期限待定（缺少节假日安排）",
    "ended": "期限已终结待办结",
    "invalid": "办理记录需核对",
}


def _newest_first(row: Row) -> tuple:
    return row.request.received_on or row.request.submitted_on, row.request.id


def open_rows(queryset, today: dt.date, *, request_clock: RequestClock | None = None) -> list[Row]:
    """The clock of every open request (in progress, or decided and not yet delivered), the most
    recently received first."""
    request_clock = request_clock or RequestClock.current(today)
    rows = list(request_clock.readings(queryset.filter(state__in=OPEN_STATES)))
    rows.sort(key=_newest_first, reverse=True)
    return rows


def overview(queryset, today: dt.date, *, request_clock: RequestClock | None = None) -> dict:
    """The overview's groups, each a list of rows (keys: GROUP_LABELS): the running ones by working
    days left (most overdue first), the others most recently received first."""
    with collector_paused():
        return _groups(queryset, open_rows(queryset, today, request_clock=request_clock))


def _groups(queryset, rows: list[Row]) -> dict:
    """One pass over the rows (already most recently received first), then the running groups by days left."""
    overdue, due_soon, awaiting, running_expired, other = [], [], [], [], []
    for row in rows:
        left = row.left
        if left is None or row.deadline.state != "running":
            other.append(row)
            continue
        if left < 0:
            overdue.append(row)
        elif left <= SOON_WORKDAYS:
            due_soon.append(row)
        deadline = row.deadline
        if deadline.decided_on is not None and deadline.delivered_on is None:  # Deadline.awaiting_delivery
            awaiting.append(row)
        if deadline.consultation_expired:
            running_expired.append(row)
    by_left = attrgetter("left")
    overdue.sort(key=by_left)  # stable: newest first within a day
    due_soon.sort(key=by_left)
    awaiting.sort(key=by_left)
    unconfirmed = queryset.filter(state=InfoRequest.State.AWAITING_CONFIRMATION)
    in_state = {state: [r for r in other if r.deadline is not None and r.deadline.state == state]
                for state in ("paused", "pending", "ended")}
    expired = [r for r in other if r.deadline is not None and r.deadline.consultation_expired
               and r.deadline.state != "ended"]
    return {
        "overdue": overdue,
        "due_soon": due_soon,
        "awaiting_delivery": awaiting,
        "consultation_expired": sorted(running_expired + expired, key=_newest_first, reverse=True),
        "paused": in_state["paused"],
        "unconfirmed": sorted((Row(request, None, None) for request in request_rows(unconfirmed)),
                              key=lambda r: (r.request.submitted_on, r.request.id)),
        "calendar_pending": in_state["pending"],
        "ended": in_state["ended"],
        "invalid": [r for r in other if r.problems],
    }
