"""The statutory calendar: holidays, 调休 working days and working-day arithmetic.

Every legal time limit in this system (20 working days to answer a request, 7 to publish a
penalty, 20 to disclose a new document) is counted on this calendar. The State Council publishes
each year's holiday arrangement in November, so the calendar is data: one `YearSchedule` per year,
seeded from the `chinese-calendar` package and overridden by notices an administrator types in.
A year nobody has entered is an error, never a silent Monday-to-Friday guess: a wrong deadline is
worse than a missing one.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping

__all__ = [
    "UnknownCalendarYear",
    "YearSchedule",
    "WorkCalendar",
    "package_calendar",
    "is_workday",
    "add_workdays",
    "workdays_between",
]


class UnknownCalendarYear(LookupError):
    """Raised when a date falls in a year for which no holiday arrangement is known."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(
            f"没有{year}年的节假日安排（calendar for {year} is unknown）："
            f"请在管理后台录入国务院办公厅关于{year}年部分节假日安排的通知"
        )


@dataclass(frozen=True)
class YearSchedule:
    """One year's official arrangement.

    `holidays` are days off (the package also lists weekend days inside a holiday run; that is
    harmless). `workdays` are weekend days made working days (调休). Dates may fall outside
    `year`: the notice for year Y often starts 元旦 in December of Y-1.
    """

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]
    source: str = ""

    def dates_in(self, year: int) -> tuple[set[dt.date], set[dt.date]]:
        return (
            {d for d in self.holidays if d.year == year},
            {d for d in self.workdays if d.year == year},
        )


@dataclass
class WorkCalendar:
    """Working-day arithmetic over a set of known years.

    Each year is turned once into a sorted list of working-day ordinals, so adding or counting
    working days is a few binary searches however far apart the dates are. The latest run of
    consecutive known years is also indexed day by day (working days up to each day), so inside it
    adding and counting are two list lookups: the request clock does this for every open request.
    """

    schedules: Mapping[int, YearSchedule]
    _ordinals: dict[int, list[int]] = field(default_factory=dict, init=False, repr=False)
    # The latest run of consecutive known years as one index (built on first use): `_first` is the
    # ordinal of its 1 January, `_rank[i]` the working days on or before day `_first + i`, `_flat`
    # every working day's ordinal in order. Dates inside the run are then answered by list lookups;
    # anything else takes the per-year path, which also raises for a missing year.
    _first: int = field(default=0, init=False, repr=False)
    _rank: list[int] | None = field(default=None, init=False, repr=False)
    _flat: list[int] = field(default_factory=list, init=False, repr=False)

    @property
    def years(self) -> list[int]:
        return sorted(self.schedules)

    def knows(self, year: int) -> bool:
        return year in self.schedules

    def _year_ordinals(self, year: int) -> list[int]:
        cached = self._ordinals.get(year)
        if cached is not None:
            return cached
        if year not in self.schedules:
            raise UnknownCalendarYear(year)
        holidays, workdays = self.schedules[year].dates_in(year)
        # The next year's notice may reach back into late December of this one.
        following = self.schedules.get(year + 1)
        if following is not None:
            spill_holidays, spill_workdays = following.dates_in(year)
            holidays |= spill_holidays
            workdays |= spill_workdays
        ordinals = []
        day = dt.date(year, 1, 1)
        one = dt.timedelta(days=1)
        while day.year == year:
            if day in workdays or (day.weekday() < 5 and day not in holidays):
                ordinals.append(day.toordinal())
            day += one
        self._ordinals[year] = ordinals
        return ordinals

    def _index(self) -> list[int]:
        """The rank list of the latest run of consecutive known years (see the fields), built once."""
        if self._rank is not None:
            return self._rank
        years = sorted(self.schedules)
        rank: list[int] = []
        flat: list[int] = []
        if years:
            first_year = years[-1]
            while first_year - 1 in self.schedules:
                first_year -= 1
            self._first = first = dt.date(first_year, 1, 1).toordinal()
            for year in range(first_year, years[-1] + 1):
                flat.extend(self._year_ordinals(year))
            last = dt.date(years[-1], 12, 31).toordinal()
            count = 0
            position = 0
            for ordinal in range(first, last + 1):
                if position < len(flat) and flat[position] == ordinal:
                    count += 1
                    position += 1
                rank.append(count)
        self._flat = flat
        self._rank = rank
        return rank

    def is_workday(self, day: dt.date) -> bool:
        rank = self._rank if self._rank is not None else self._index()
        i = day.toordinal() - self._first
        if 0 < i < len(rank):
            return rank[i] != rank[i - 1]
        ordinals = self._year_ordinals(day.year)
        i = bisect.bisect_left(ordinals, day.toordinal())
        return i < len(ordinals) and ordinals[i] == day.toordinal()

    def add_workdays(self, day: dt.date, n: int) -> dt.date:
        """The Nth working day after `day` (`day` itself not counted); n < 0 counts back.

        n == 0 returns `day` unchanged, so `workdays_between(d, add_workdays(d, n)) == n`.
        """
        rank = self._rank if self._rank is not None else self._index()
        i = day.toordinal() - self._first
        if 0 < i < len(rank):
            if n == 0:
                return day
            # rank[i]: working days up to `day`; rank[i - 1]: those before it.
            k = rank[i] + n - 1 if n > 0 else rank[i - 1] + n
            if 0 <= k < len(self._flat):
                return dt.date.fromordinal(self._flat[k])
        if n == 0:
            self._year_ordinals(day.year)
            return day
        if n < 0:
            return self._subtract_workdays(day, -n)
        year = day.year
        ordinals = self._year_ordinals(year)
        index = bisect.bisect_right(ordinals, day.toordinal())
        remaining = n
        while True:
            available = len(ordinals) - index
            if remaining <= available:
                return dt.date.fromordinal(ordinals[index + remaining - 1])
            remaining -= available
            year += 1
            ordinals = self._year_ordinals(year)
            index = 0

    def _subtract_workdays(self, day: dt.date, n: int) -> dt.date:
        year = day.year
        ordinals = self._year_ordinals(year)
        index = bisect.bisect_left(ordinals, day.toordinal())  # working days before `day`
        remaining = n
        while True:
            if remaining <= index:
                return dt.date.fromordinal(ordinals[index - remaining])
            remaining -= index
            year -= 1
            ordinals = self._year_ordinals(year)
            index = len(ordinals)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end`; negative if `end` < `start`."""
        if end < start:
            return -self.workdays_between(end, start)
        rank = self._rank if self._rank is not None else self._index()
        i, j = start.toordinal() - self._first, end.toordinal() - self._first
        if 0 <= i and j < len(rank):
            return rank[j] - rank[i]
        total = 0
        for year in range(start.year, end.year + 1):
            ordinals = self._year_ordinals(year)
            low = bisect.bisect_right(ordinals, start.toordinal()) if year == start.year else 0
            high = bisect.bisect_right(ordinals, end.toordinal()) if year == end.year else len(ordinals)
            total += high - low
        return total


def schedules_from_package() -> dict[int, YearSchedule]:
    """Every year the `chinese-calendar` package knows, as schedules."""
    from chinese_calendar import constants

    years = {d.year for d in constants.holidays}
    schedules = {}
    for year in sorted(years):
        schedules[year] = YearSchedule(
            year=year,
            holidays=frozenset(d for d in constants.holidays if d.year == year),
            workdays=frozenset(d for d in constants.workdays if d.year == year),
            source="chinese-calendar",
        )
    return schedules


def build_calendar(overrides: Iterable[YearSchedule] = ()) -> WorkCalendar:
    """The package's years with each override replacing its year whole."""
    schedules = schedules_from_package()
    for schedule in overrides:
        schedules[schedule.year] = schedule
    return WorkCalendar(schedules)


@lru_cache(maxsize=1)
def package_calendar() -> WorkCalendar:
    """The calendar from the package alone (what code without a database falls back on)."""
    return build_calendar()


def is_workday(day: dt.date, calendar: WorkCalendar | None = None) -> bool:
    return (calendar or package_calendar()).is_workday(day)


def add_workdays(day: dt.date, n: int, calendar: WorkCalendar | None = None) -> dt.date:
    return (calendar or package_calendar()).add_workdays(day, n)


def workdays_between(start: dt.date, end: dt.date, calendar: WorkCalendar | None = None) -> int:
    return (calendar or package_calendar()).workdays_between(start, end)
