"""The reviewers' due list, like the requests' overview: what must be published or withdrawn, and when.

Publishing is due 7 working days after the decision (seed report 2018, 国办发〔2018〕118号);
withdrawal 3 working days after the decision was changed (行政处罚法 第四十八条第二款, 第八十五条).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gongkai.core.workdays import UnknownCalendarYear
from gongkai.enforcement.models import DecisionDocument
from gongkai.holidays.calendar import current_calendar

SOON_WORKDAYS = 3


@dataclass(frozen=True)
class Row:
    document: DecisionDocument
    due: dt.date | None
    left: int | None  # working days after today up to the due date; negative when overdue


def _left(due: dt.date | None, today: dt.date, calendar) -> int | None:
    if due is None:
        return None
    try:
        if today > due:
            return -max(1, calendar.workdays_between(due, today))
        return calendar.workdays_between(today, due)
    except UnknownCalendarYear:
        return None


def overview(queryset, today: dt.date) -> dict:
    calendar = current_calendar()
    pending = [Row(d, d.publish_due, _left(d.publish_due, today, calendar))
               for d in queryset.filter(state=DecisionDocument.State.PENDING).order_by("publish_due", "id")]
    withdrawals = [Row(d, d.withdrawal_due, _left(d.withdrawal_due, today, calendar))
                   for d in queryset.filter(state=DecisionDocument.State.PUBLISHED, changed_on__isnull=False)
                   .order_by("withdrawal_due", "id")]
    return {
        "withdraw": withdrawals,
        "overdue": [r for r in pending if r.left is not None and r.left < 0],
        "due_soon": [r for r in pending if r.left is not None and 0 <= r.left <= SOON_WORKDAYS],
        "later": [r for r in pending if r.left is None or r.left > SOON_WORKDAYS],
        "soon_workdays": SOON_WORKDAYS,
    }
