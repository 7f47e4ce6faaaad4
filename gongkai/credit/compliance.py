"""双公示 deadlines: for each decision, pushed within 5 and publicly visible within 7 working days; per-unit figures.

Rules (core/publicity.py, law-and-standards.md §4.1): the data reach the credit platform within
`PUSH_WORKDAYS` (5) working days of the decision and are online within `PUBLISH_WORKDAYS` (7) working
days ("自作出行政决定之日起7个工作日内上网公开"). Working days are on the statutory calendar in force
(`holidays.calendar.current_calendar()`, administrator notices over the package); a year the
calendar does not know gives the status "unknown", never a Monday-to-Friday guess.

Statuses of one deadline: on_time (done by the due day), late (done after it), overdue (not done and
the due day has passed), at_risk (not done, due within `AT_RISK_WORKDAYS` working days), pending
(not done, not yet close), unknown (the calendar cannot say), not_required (a 轻微 penalty that the
2026 rules do not publish). The on-time rate is on_time / (on_time + late + overdue): a decision whose
time has not run out yet is not counted either way.

The unit a record belongs to is the 行政决定部门 of its power item, else its 处罚机关/许可机关.

A decision corrected later (a new version) was pushed and published when its first version was: the
deadlines count the earliest push and publication of any version, not the correction's.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from gongkai.core.publicity import MINOR, PUBLISH_WORKDAYS, PUSH_WORKDAYS, rules_for
from gongkai.core.workdays import UnknownCalendarYear, WorkCalendar
from gongkai.credit.kinds import AUTHORITY_FIELD
from gongkai.credit.models import LicenseRecord, PenaltyRecord, PowerItem
from gongkai.holidays.calendar import current_calendar

__all__ = [
    "AT_RISK_WORKDAYS",
    "DeadlineList",
    "DeadlineRow",
    "STATUS_LABELS",
    "UnitFigures",
    "annual_figures",
    "compliance_report",
    "deadline_rows",
    "decision_counts",
    "on_time_rates",
]

AT_RISK_WORKDAYS = 2
KIND_LABELS = {"penalty": "行政处罚", "license": "行政许可"}
MODELS = {"penalty": PenaltyRecord, "license": LicenseRecord}
STATUS_LABELS = {
    "on_time": "按期", "late": "逾期完成", "overdue": "逾期未完成", "at_risk": "即将到期",
    "pending": "未到期", "unknown": "期限未知", "not_required": "不予公示",
}
LATE = ("late", "overdue")
NO_UNIT = "（未填处罚机关）"


@dataclass(frozen=True)
class DeadlineRow:
    """One decision's two deadlines and where it stands on each."""

    kind: str
    pk: int
    document_number: str
    party_name: str
    unit: str
    decided_on: dt.date
    push_due: dt.date | None
    publish_due: dt.date | None
    pushed_on: dt.date | None
    published_on: dt.date | None
    push_status: str
    publish_status: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def push_status_label(self) -> str:
        return STATUS_LABELS[self.push_status]

    @property
    def publish_status_label(self) -> str:
        return STATUS_LABELS[self.publish_status]

    @property
    def is_late(self) -> bool:
        return self.push_status in LATE or self.publish_status in LATE

    @property
    def is_at_risk(self) -> bool:
        return self.push_status == "at_risk" or self.publish_status == "at_risk"


def _rate(on_time: int, late: int) -> float | None:
    return None if on_time + late == 0 else round(on_time / (on_time + late), 4)


@dataclass
class UnitFigures:
    """Counts per status for the push and the publication deadline, and the on-time rates."""

    unit: str
    total: int = 0
    push: dict = field(default_factory=lambda: defaultdict(int))
    publish: dict = field(default_factory=lambda: defaultdict(int))

    def add(self, row: DeadlineRow) -> None:
        self.total += 1
        self.push[row.push_status] += 1
        self.publish[row.publish_status] += 1

    @property
    def push_rate(self) -> float | None:
        return _rate(self.push["on_time"], self.push["late"] + self.push["overdue"])

    @property
    def publish_rate(self) -> float | None:
        return _rate(self.publish["on_time"], self.publish["late"] + self.publish["overdue"])

    @property
    def push_late(self) -> int:
        return self.push["late"] + self.push["overdue"]

    @property
    def publish_late(self) -> int:
        return self.publish["late"] + self.publish["overdue"]

    @property
    def late(self) -> int:
        return self.push["late"] + self.push["overdue"] + self.publish["late"] + self.publish["overdue"]

    def as_dict(self) -> dict:
        return {"unit": self.unit, "total": self.total, "push": dict(self.push), "publish": dict(self.publish),
                "push_rate": self.push_rate, "publish_rate": self.publish_rate}


def _due(decided_on: dt.date, workdays: int, calendar: WorkCalendar, cache: dict) -> dt.date | None:
    key = (decided_on, workdays)
    if key not in cache:
        try:
            cache[key] = calendar.add_workdays(decided_on, workdays)
        except UnknownCalendarYear:
            cache[key] = None
    return cache[key]


def deadline_status(due: dt.date | None, done_on: dt.date | None, today: dt.date, calendar: WorkCalendar) -> str:
    """Where one deadline stands on `today` (see the module docstring for the statuses)."""
    if due is None:
        return "unknown"
    if done_on is not None:
        return "on_time" if done_on <= due else "late"
    if today > due:
        return "overdue"
    try:
        remaining = calendar.workdays_between(today, due)
    except UnknownCalendarYear:
        return "pending"
    return "at_risk" if remaining <= AT_RISK_WORKDAYS else "pending"


def _local_date(moment: dt.datetime | None) -> dt.date | None:
    return None if moment is None else timezone.localtime(moment).date()


def _first_times(model, agency) -> dict[str, tuple]:
    """Natural key -> (earliest pushed_at, earliest published_at) over the superseded versions."""
    queryset = model.objects.filter(agency=agency, is_current=False)
    return {key: (pushed, published) for key, pushed, published in
            queryset.order_by().values("natural_key").annotate(pushed=Min("pushed_at"), published=Min("published_at"))
            .values_list("natural_key", "pushed", "published")}


def _earliest(*moments: dt.datetime | None) -> dt.datetime | None:
    return min((moment for moment in moments if moment is not None), default=None)


def deadline_rows(agency, *, start: dt.date | None = None, end: dt.date | None = None, kind: str | None = None,
                  today: dt.date | None = None, calendar: WorkCalendar | None = None) -> list[DeadlineRow]:
    """Every current decision of `agency` decided in [start, end], with both deadlines' statuses."""
    today = today or timezone.localdate()
    calendar = calendar or current_calendar()
    cache: dict = {}
    rows: list[DeadlineRow] = []
    for record_kind in ([kind] if kind in MODELS else list(MODELS)):
        model = MODELS[record_kind]
        queryset = model.objects.filter(agency=agency, is_current=True)
        if start:
            queryset = queryset.filter(decided_on__gte=start)
        if end:
            queryset = queryset.filter(decided_on__lte=end)
        earlier = _first_times(model, agency)
        columns = ["id", "document_number", "party_name", "decided_on", "pushed_at", "published_at",
                   "power_item__department", "fields__" + AUTHORITY_FIELD[record_kind], "natural_key"]
        if record_kind == "penalty":
            columns += ["severity", "publicity_ends_on"]
        for values in queryset.order_by("decided_on", "id").values_list(*columns):
            pk, number, party, decided_on, pushed_at, published_at, department, authority, natural_key = values[:9]
            if natural_key in earlier:
                first_pushed, first_published = earlier[natural_key]
                pushed_at, published_at = _earliest(pushed_at, first_pushed), _earliest(published_at, first_published)
            exempt = False
            if record_kind == "penalty":
                severity, ends_on = values[9:11]
                exempt = (severity == MINOR and ends_on is None and not rules_for(decided_on).rule(MINOR).published)
            push_due = _due(decided_on, PUSH_WORKDAYS, calendar, cache)
            publish_due = _due(decided_on, PUBLISH_WORKDAYS, calendar, cache)
            pushed_on, published_on = _local_date(pushed_at), _local_date(published_at)
            if exempt:
                push_status = publish_status = "not_required"
            else:
                push_status = deadline_status(push_due, pushed_on, today, calendar)
                publish_status = deadline_status(publish_due, published_on, today, calendar)
            rows.append(DeadlineRow(record_kind, pk, number, party, department or authority or NO_UNIT,
                                    decided_on, push_due, publish_due, pushed_on, published_on, push_status,
                                    publish_status))
    return rows


# ----- the same statuses for a whole period, from two reads per kind ----------------------------------
#
# deadline_rows reads every decision into Python (88 s at 106k records). compliance_report instead
# reads, per kind:
#  1. totals: COUNT(*) per (decision date, power item, authority) from the index (agency, is_current,
#     decided_on, power_item, authority) alone, a GROUP BY in index order on both databases;
#  2. the possible exceptions: the decisions not yet pushed or published, pushed more than 5 or
#     published more than 7 calendar days after the decision, or 轻微 without an end date, from a
#     partial index holding only those (migration 0013; about one decision in ten).
# Every other decision met both deadlines whatever the calendar says: N working days after a date
# are at least N calendar days after it (add_workdays counts the days after it), and 10:00 UTC of
# day N + 1 is not yet past day N anywhere (UTC+14 at most). It is on time on both, or "unknown" on a
# date whose deadline the calendar does not know. The exceptions get their statuses from
# deadline_status, the calendar consulted once per decision date, as deadline_rows does: the two
# cannot disagree on a rule, only on which rows they read (the seeded test compares them).

START_OF_TIME, END_OF_TIME = dt.date(1, 1, 1), dt.date(9999, 12, 31)
UTC_END_OF_DAY_HOURS = 10  # day N ends at (N + 1) 00:00 local = N 10:00 UTC at the latest (UTC+14)


def exception_predicate(kind: str, vendor: str) -> str:
    """The WHERE of the partial index of possible exceptions (migration 0013 holds the same text).

    SQLite uses a partial index only for a query repeating its WHERE term for term, so the query
    takes it from here; tests check that the plan reads the index on both databases."""
    if vendor == "postgresql":
        late = "{column} >= (decided_on + {days} + time '%02d:00') AT TIME ZONE 'UTC'" % UTC_END_OF_DAY_HOURS
    else:
        late = "{column} >= datetime(decided_on, '+{days} days', '+%d hours')" % UTC_END_OF_DAY_HOURS
    terms = ["pushed_at IS NULL", "published_at IS NULL", late.format(column="pushed_at", days=PUSH_WORKDAYS),
             late.format(column="published_at", days=PUBLISH_WORKDAYS)]
    if kind == "penalty":
        terms.append(f"(severity = '{MINOR}' AND publicity_ends_on IS NULL)")
    return f"is_current AND ({' OR '.join(terms)})"


@dataclass(frozen=True)
class _Day:
    """One decision date: both due days, the moment each deadline ends, and the status of a deadline
    not met yet (on `today`), from the calendar."""

    push_due: dt.date | None
    publish_due: dt.date | None
    push_end: object  # the stored form of the first moment after the due day (str on SQLite)
    publish_end: object
    push_open: str
    publish_open: str
    minor_exempt: bool  # a 轻微 penalty without an end date decided this day is not published


def _day_end(due: dt.date | None):
    """The first moment after local day `due`, as the database returns moments (str on SQLite)."""
    if due is None:
        return None
    moment = timezone.make_aware(dt.datetime.combine(due + dt.timedelta(days=1), dt.time()))
    return connection.ops.adapt_datetimefield_value(moment) if connection.vendor == "sqlite" else moment


def _days(dates, today: dt.date, calendar: WorkCalendar) -> dict:
    days, cache = {}, {}
    for decided_on in dates:
        push_due = _due(decided_on, PUSH_WORKDAYS, calendar, cache)
        publish_due = _due(decided_on, PUBLISH_WORKDAYS, calendar, cache)
        for due, workdays in ((push_due, PUSH_WORKDAYS), (publish_due, PUBLISH_WORKDAYS)):
            if due is not None and due < decided_on + dt.timedelta(days=workdays):  # what the index relies on
                raise AssertionError(f"{workdays} working days after {decided_on} fall on {due}")
        days[decided_on] = _Day(push_due, publish_due, _day_end(push_due), _day_end(publish_due),
                                deadline_status(push_due, None, today, calendar),
                                deadline_status(publish_due, None, today, calendar),
                                not rules_for(decided_on).rule(MINOR).published)
    return days


def _raw(column: str) -> str:
    """A column as the database stores it: Django's SQLite connection parses date and datetime columns
    by their declared type in Python (microseconds per value); an expression keeps the stored text."""
    return f"CAST({column} AS TEXT)" if connection.vendor == "sqlite" else column


def _date_of(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _local_day(moment) -> dt.date | None:
    """The local day of a moment as a raw cursor returns it (naive UTC text on SQLite)."""
    if moment is None:
        return None
    if isinstance(moment, str):
        moment = dt.datetime.fromisoformat(moment).replace(tzinfo=dt.timezone.utc)
    return timezone.localtime(moment).date()


def _earliest_of_versions(table: str, agency_id: int, ids: list[int]) -> dict[int, tuple]:
    """id of a corrected current version -> (earliest pushed_at, earliest published_at) of its decision."""
    found: dict[int, tuple] = {}
    with connection.cursor() as cursor:
        for offset in range(0, len(ids), 500):
            chunk = ids[offset: offset + 500]
            cursor.execute(f"SELECT id, natural_key, {_raw('pushed_at')}, {_raw('published_at')} FROM {table} "
                           f"WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk)
            current = {key: (pk, pushed, published) for pk, key, pushed, published in cursor.fetchall()}
            cursor.execute(f"SELECT natural_key, {_raw('MIN(pushed_at)')}, {_raw('MIN(published_at)')} FROM {table} "
                           f"WHERE agency_id = %s AND is_current = FALSE AND natural_key IN "
                           f"({', '.join(['%s'] * len(current))}) GROUP BY natural_key", [agency_id, *current])
            earlier = {key: (pushed, published) for key, pushed, published in cursor.fetchall()}
            for key, (pk, pushed, published) in current.items():
                first_pushed, first_published = earlier.get(key, (None, None))
                found[pk] = (_earliest(pushed, first_pushed), _earliest(published, first_published))
    return found


@dataclass
class _Figures:
    """What the reads of one period give: counts per (unit, push status, publish status), and the
    late and at-risk decisions as light tuples (unit, decided_on, id, kind, pushed_at, published_at,
    push status, publish status) in no particular order."""

    counts: dict = field(default_factory=lambda: defaultdict(int))
    late: list = field(default_factory=list)
    at_risk: list = field(default_factory=list)
    days: dict = field(default_factory=dict)


def _read_kind(figures: _Figures, record_kind: str, agency_id: int, start: dt.date, end: dt.date,
               unit: str | None, today: dt.date, calendar: WorkCalendar) -> None:
    model = MODELS[record_kind]
    table = model._meta.db_table
    period = [agency_id, start, end]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_raw('decided_on')}, power_item_id, authority, COUNT(*) FROM {table} "
                       "WHERE agency_id = %s AND is_current = TRUE AND decided_on BETWEEN %s AND %s "
                       "GROUP BY decided_on, power_item_id, authority", period)
        totals = [(_date_of(day), item, authority, decisions) for day, item, authority, decisions in cursor.fetchall()]
        new_days = {day for day, *_ in totals} - figures.days.keys()
        figures.days.update(_days(sorted(new_days), today, calendar))
        days = figures.days
        departments = dict(PowerItem.objects.filter(pk__in={item for _, item, _, _ in totals if item})
                           .values_list("pk", "department"))
        units: dict = {}

        def unit_of(item, authority):
            key = (item, authority)
            if key not in units:
                units[key] = departments.get(item) or authority or NO_UNIT
            return units[key]

        counts = figures.counts
        for day, item, authority, decisions in totals:
            name = unit_of(item, authority)
            if unit is None or name == unit:
                plan = days[day]
                counts[(name, "on_time" if plan.push_due else "unknown",
                        "on_time" if plan.publish_due else "unknown")] += decisions
        minor_columns = ", severity, publicity_ends_on" if record_kind == "penalty" else ", NULL, NULL"
        cursor.execute(f"SELECT {_raw('decided_on')}, id, power_item_id, authority, version, {_raw('pushed_at')}, "
                       f"{_raw('published_at')}{minor_columns} "
                       f"FROM {table} WHERE agency_id = %s AND decided_on BETWEEN %s AND %s AND "
                       f"{exception_predicate(record_kind, connection.vendor)}", period)
        rows = cursor.fetchall()
    corrected = _earliest_of_versions(table, agency_id, [row[1] for row in rows if row[4] > 1]) if any(
        row[4] > 1 for row in rows) else {}
    dates: dict = {}
    late, at_risk = figures.late, figures.at_risk
    for day, pk, item, authority, version, pushed, published, severity, ends_on in rows:
        day = dates.get(day) or dates.setdefault(day, _date_of(day))
        name = unit_of(item, authority)
        if unit is not None and name != unit:
            continue
        plan = days[day]
        if version > 1:
            pushed, published = corrected[pk]
        if plan.minor_exempt and severity == MINOR and ends_on is None:
            push = publish = "not_required"
        else:
            push = ("unknown" if plan.push_end is None else plan.push_open if pushed is None
                    else "on_time" if pushed < plan.push_end else "late")
            publish = ("unknown" if plan.publish_end is None else plan.publish_open if published is None
                       else "on_time" if published < plan.publish_end else "late")
        counts[(name, push, publish)] += 1
        counts[(name, "on_time" if plan.push_due else "unknown", "on_time" if plan.publish_due else "unknown")] -= 1
        if push in LATE or publish in LATE:
            late.append((name, day, pk, record_kind, pushed, published, push, publish))
        elif push == "at_risk" or publish == "at_risk":
            at_risk.append((name, day, pk, record_kind, pushed, published, push, publish))


def _read(agency, start, end, kind, unit, today: dt.date, calendar: WorkCalendar) -> _Figures:
    figures = _Figures()
    with transaction.atomic():
        if connection.vendor == "postgresql":  # compiling these plans cost seconds, running them less
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        for record_kind in ([kind] if kind in MODELS else list(MODELS)):
            _read_kind(figures, record_kind, agency.pk, start or START_OF_TIME, end or END_OF_TIME, unit, today,
                       calendar)
    return figures


class DeadlineList:
    """Late or at-risk decisions in the page's order: len() and slices, so django's Paginator pages it.
    A slice reads the number and party of its own decisions only; iteration reads them 2,000 at a time."""

    SLICE = 2000

    def __init__(self, entries: list, days: dict):
        self._entries = entries
        self._days = days

    def count(self) -> int:
        return len(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index: index + 1][0]
        entries = self._entries[index]
        details: dict = {}
        for record_kind in {entry[3] for entry in entries}:
            ids = [entry[2] for entry in entries if entry[3] == record_kind]
            details.update(((record_kind, pk), (number, party)) for pk, number, party in
                           MODELS[record_kind].objects.filter(pk__in=ids).values_list("pk", "document_number",
                                                                                       "party_name"))
        rows = []
        for name, day, pk, record_kind, pushed, published, push, publish in entries:
            plan = self._days[day]
            number, party = details[(record_kind, pk)]
            rows.append(DeadlineRow(record_kind, pk, number, party, name, day, plan.push_due, plan.publish_due,
                                    _local_day(pushed), _local_day(published), push, publish))
        return rows

    def __iter__(self):
        for offset in range(0, len(self._entries), self.SLICE):
            yield from self[offset: offset + self.SLICE]


@dataclass
class ComplianceReport:
    """What the admin page shows: per-unit figures, the late and at-risk decisions, the totals."""

    start: dt.date | None
    end: dt.date | None
    today: dt.date
    units: list[UnitFigures]
    overall: UnitFigures
    late: DeadlineList | list
    at_risk: DeadlineList | list
    unknown: int


def _add_counts(figures: UnitFigures, push: str, publish: str, decisions: int) -> None:
    figures.total += decisions
    figures.push[push] += decisions
    figures.publish[publish] += decisions


def compliance_report(agency, *, start=None, end=None, kind=None, unit: str | None = None,
                      today: dt.date | None = None, calendar: WorkCalendar | None = None) -> ComplianceReport:
    today = today or timezone.localdate()
    calendar = calendar or current_calendar()
    figures = _read(agency, start, end, kind, unit, today, calendar)
    by_unit: dict[str, UnitFigures] = {}
    overall = UnitFigures("合计")
    unknown = 0
    for (unit_name, push, publish), decisions in figures.counts.items():
        if decisions:
            _add_counts(by_unit.setdefault(unit_name, UnitFigures(unit_name)), push, publish, decisions)
            _add_counts(overall, push, publish, decisions)
            unknown += decisions if "unknown" in (push, publish) else 0
    days = figures.days
    figures.late.sort(key=lambda entry: (entry[0], entry[1], entry[2], entry[3]))
    figures.at_risk.sort(key=lambda entry: (days[entry[1]].push_due, entry[2], entry[3]))
    return ComplianceReport(start, end, today, sorted(by_unit.values(), key=lambda u: (-u.late, u.unit)), overall,
                            DeadlineList(figures.late, days), DeadlineList(figures.at_risk, days), unknown)


# ----- figures for the annual report ---------------------------------------------------------------

def decision_counts(agency, year: int) -> dict[str, int]:
    """行政许可 and 行政处罚 decisions made in `year` (current versions; a later withdrawal does not
    undo the fact that the decision was made that year)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return {
        KIND_LABELS[kind]: model.objects.filter(agency=agency, is_current=True, decided_on__range=(start, end)).count()
        for kind, model in (("license", LicenseRecord), ("penalty", PenaltyRecord))
    }


def on_time_rates(agency, year: int, *, today: dt.date | None = None, calendar: WorkCalendar | None = None) -> dict:
    """On-time push and publication rates for the year's decisions, per kind and overall (None = nothing due)."""
    today = today or timezone.localdate()
    calendar = calendar or current_calendar()
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    figures = {label: UnitFigures(label) for label in (*KIND_LABELS.values(), "合计")}
    for record_kind in MODELS:
        for (_, push, publish), decisions in _read(agency, start, end, record_kind, None, today, calendar).counts.items():
            _add_counts(figures[KIND_LABELS[record_kind]], push, publish, decisions)
            _add_counts(figures["合计"], push, publish, decisions)
    return {label: {"报送按期率": f.push_rate, "公示按期率": f.publish_rate, "决定数": f.total,
                    "报送逾期": f.push["late"] + f.push["overdue"], "公示逾期": f.publish["late"] + f.publish["overdue"],
                    "期限未知": f.publish["unknown"]}
            for label, f in figures.items()}


def annual_figures(agency, year: int, *, today: dt.date | None = None) -> dict:
    """Everything the annual report takes from 双公示 for `year`, in one dict."""
    return {"决定数量": decision_counts(agency, year), "按期情况": on_time_rates(agency, year, today=today)}
