"""The 20-working-day limit for proactive disclosure (条例第二十六条): due list and on-time rates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from gongkai.catalog.models import Item
from gongkai.core.workdays import UnknownCalendarYear, WorkCalendar
from gongkai.holidays.calendar import current_calendar

PROACTIVE_LIMIT_WORKDAYS = 20  # 条例第二十六条：形成或者变更之日起20个工作日内


def due_date(item: Item, calendar: WorkCalendar | None = None) -> dt.date | None:
    """The last day to publish; None when the calendar does not reach that far yet."""
    try:
        return (calendar or current_calendar()).add_workdays(item.formed_on, PROACTIVE_LIMIT_WORKDAYS)
    except UnknownCalendarYear:
        return None


@dataclass(frozen=True)
class DueEntry:
    item: Item
    due: dt.date | None
    workdays_left: int | None  # negative when overdue


def due_list(queryset, today: dt.date, calendar: WorkCalendar | None = None) -> list[DueEntry]:
    """Unpublished proactive items, the most urgent first."""
    calendar = calendar or current_calendar()
    entries = []
    pending = queryset.filter(state__in=[Item.State.DRAFT, Item.State.IN_REVIEW],
                              disclosure=Item.Disclosure.PROACTIVE).select_related("unit")
    for item in pending:
        due = due_date(item, calendar)
        left = None
        if due is not None:
            try:
                left = calendar.workdays_between(today, due)
            except UnknownCalendarYear:
                left = None
        entries.append(DueEntry(item, due, left))
    return sorted(entries, key=lambda e: (e.due is None, e.due or dt.date.max))


@dataclass(frozen=True)
class UnitRate:
    unit: str
    published: int
    on_time: int

    @property
    def rate(self) -> float | None:
        return self.on_time / self.published if self.published else None


def on_time_rates(queryset, year: int, calendar: WorkCalendar | None = None) -> list[UnitRate]:
    """Per unit: items published in `year` and how many within 20 working days (for the annual report)."""
    calendar = calendar or current_calendar()
    published = defaultdict(int)
    on_time = defaultdict(int)
    items = queryset.filter(published_on__year=year, disclosure=Item.Disclosure.PROACTIVE).exclude(
        published_on__isnull=True).select_related("unit").only("unit__name", "written_on", "changed_on", "published_on")
    for item in items:
        published[item.unit.name] += 1
        due = due_date(item, calendar)
        if due is not None and item.published_on <= due:
            on_time[item.unit.name] += 1
    return [UnitRate(unit, published[unit], on_time[unit]) for unit in sorted(published)]
