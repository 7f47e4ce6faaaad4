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
import json
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter

from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from gongkai.core.publicity import MINOR, PUBLISH_WORKDAYS, PUSH_WORKDAYS, rules_for
from gongkai.core.workdays import UnknownCalendarYear, WorkCalendar
from gongkai.credit.kinds import AUTHORITY_FIELD
from gongkai.credit.models import LicenseRecord, PenaltyRecord, PowerItem
from gongkai.credit.planner import without_jit
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


# ----- the same statuses for a whole period, computed by the database -------------------------------
#
# deadline_rows reads every decision into Python (88 s at 106k records). compliance_report reads:
#  1. totals: COUNT(*) per (decision date, power item, authority), from the index (agency, is_current,
#     decided_on, power_item, authority) alone: a GROUP BY in index order on both databases;
#  2. the possible exceptions: decisions not pushed or published yet, pushed more than 5 or published
#     more than 7 calendar days after the decision, or 轻微 without an end date, from a partial index
#     holding only those (credit 0013-0015; about one decision in ten), joined with a temporary table
#     of the period's decision dates (the calendar consulted once per date: the moment each deadline
#     ends and the status of one not met yet), their statuses counted by (date, power item, authority).
# Every other decision met both deadlines whatever the calendar says: N working days after a date are
# at least N calendar days after it (add_workdays counts the days after it; _days checks it), and 10:00
# UTC of day N is not yet past day N anywhere (UTC+14 at most). It is on time on both, or "unknown" on
# a date whose deadline the calendar does not know.
# The counts per date say on which dates a page of the late list falls (units in order, dates in
# order within a unit), so a page reads the late decisions of those one or two dates only, whatever
# its number; the export reads them date after date.

START_OF_TIME, END_OF_TIME = dt.date(1, 1, 1), dt.date(9999, 12, 31)
UTC_END_OF_DAY_HOURS = 10  # day N ends at (N + 1) 00:00 local = N 10:00 UTC at the latest (UTC+14)
CODES = ("on_time", "late", "overdue", "at_risk", "pending", "unknown", "not_required")  # statuses in SQL
CODE = {status: number for number, status in enumerate(CODES)}
LATE_CODES = {CODE["late"], CODE["overdue"]}
EXPORT_BATCH = 2000


def exception_predicate(kind: str, vendor: str, alias: str = "") -> str:
    """The WHERE of the partial indexes of possible exceptions (credit 0013-0015 hold the same text).

    SQLite uses a partial index only for a query that repeats its WHERE term for term, so the
    queries take it from here; tests check that their plans read the index on both databases."""
    column = (alias + ".") if alias else ""
    if vendor == "postgresql":
        late = "{c}{name} >= ({c}decided_on + {days} + time '%02d:00') AT TIME ZONE 'UTC'" % UTC_END_OF_DAY_HOURS
    else:
        late = "{c}{name} >= datetime({c}decided_on, '+{days} days', '+%d hours')" % UTC_END_OF_DAY_HOURS
    terms = [f"{column}pushed_at IS NULL", f"{column}published_at IS NULL",
             late.format(c=column, name="pushed_at", days=PUSH_WORKDAYS),
             late.format(c=column, name="published_at", days=PUBLISH_WORKDAYS)]
    if kind == "penalty":
        terms.append(f"({column}severity = '{MINOR}' AND {column}publicity_ends_on IS NULL)")
    return f"{column}is_current AND ({' OR '.join(terms)})"


@dataclass(frozen=True)
class _Day:
    """One decision date: both due days, the moment each deadline ends, and the status of a deadline
    not met yet (on `today`), from the calendar."""

    push_due: dt.date | None
    publish_due: dt.date | None
    push_end: object  # the first moment after the due day, as the database stores it (text on SQLite)
    publish_end: object
    push_open: str
    publish_open: str
    minor_exempt: bool  # a 轻微 penalty without an end date decided this day is not published

    @property
    def bounded(self) -> tuple[str, str]:
        """The statuses of a decision pushed and published within the bound (not an exception)."""
        return ("on_time" if self.push_due else "unknown", "on_time" if self.publish_due else "unknown")


def _day_end(due: dt.date | None, zone):
    """The first moment after local day `due`, as stored: SQLite compares Django's UTC text."""
    if due is None:
        return None
    moment = dt.datetime.combine(due + dt.timedelta(days=1), dt.time(), tzinfo=zone).astimezone(dt.timezone.utc)
    return moment.replace(tzinfo=None).isoformat(" ") if connection.vendor == "sqlite" else moment


def _days(dates, today: dt.date, calendar: WorkCalendar) -> dict:
    days, cache, zone = {}, {}, timezone.get_current_timezone()
    for decided_on in dates:
        push_due = _due(decided_on, PUSH_WORKDAYS, calendar, cache)
        publish_due = _due(decided_on, PUBLISH_WORKDAYS, calendar, cache)
        for due, workdays in ((push_due, PUSH_WORKDAYS), (publish_due, PUBLISH_WORKDAYS)):
            if due is not None and due < decided_on + dt.timedelta(days=workdays):  # what the index relies on
                raise AssertionError(f"{workdays} working days after {decided_on} fall on {due}")
        days[decided_on] = _Day(push_due, publish_due, _day_end(push_due, zone), _day_end(publish_due, zone),
                                deadline_status(push_due, None, today, calendar),
                                deadline_status(publish_due, None, today, calendar),
                                not rules_for(decided_on).rule(MINOR).published)
    return days


def _date_of(value) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _local_day(moment, zone) -> dt.date | None:
    """The local day of a moment as a raw cursor returns it (Django's UTC text on SQLite)."""
    if moment is None:
        return None
    if isinstance(moment, str):  # Django's naive UTC text on SQLite, with its offset on PostgreSQL
        moment = dt.datetime.fromisoformat(moment)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(zone).date()


def _raw(column: str) -> str:
    """A date or moment as text, parsed by fromisoformat: Django's SQLite connection parses date and
    datetime columns by their declared type in Python, psycopg without its C extension too (several
    microseconds a value, a second at 100,000 moments)."""
    return f"CAST({column} AS TEXT)"


def _id_list(ids) -> tuple[str, list]:
    """`r.id` among `ids`, as one parameter whatever their number."""
    if connection.vendor == "postgresql":
        return "r.id = ANY(%s)", [list(ids)]
    return "r.id IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


DAYS_TABLE = {
    "postgresql": "CREATE TEMPORARY TABLE IF NOT EXISTS compliance_days (d date PRIMARY KEY, push_end timestamptz, "
                  "publish_end timestamptz, push_open integer, publish_open integer, minor_exempt integer) "
                  "ON COMMIT DELETE ROWS",
    # `date` and `datetime` as in Django's tables: the same column affinity, or SQLite cannot look the
    # records' decided_on up in the primary key.
    "sqlite": "CREATE TEMPORARY TABLE IF NOT EXISTS compliance_days (d date PRIMARY KEY, push_end datetime, "
              "publish_end datetime, push_open integer, publish_open integer, minor_exempt integer) WITHOUT ROWID",
}


@contextmanager
def _session(days: dict):
    """A cursor in a transaction whose compliance_days holds `days` (a temporary table of the connection)."""
    with transaction.atomic(), without_jit(), connection.cursor() as cursor:
        cursor.execute(DAYS_TABLE[connection.vendor])
        cursor.execute("DELETE FROM compliance_days")
        rows = [(day, plan.push_end, plan.publish_end, CODE[plan.push_open], CODE[plan.publish_open],
                 int(plan.minor_exempt)) for day, plan in days.items()]
        for offset in range(0, len(rows), 1000):  # one statement per 1,000 dates, not one per date
            chunk = rows[offset: offset + 1000]
            cursor.execute(f"INSERT INTO compliance_days VALUES {', '.join(['(%s, %s, %s, %s, %s, %s)'] * len(chunk))}",
                           [value for row in chunk for value in row])
        yield cursor


@dataclass
class _Period:
    """An agency's decisions in [start, end] of some kinds, as the counts found them: each date's plan,
    each (power item, authority)'s unit, the corrected exceptions' ids, and per unit the late
    decisions per date (ordered), the dates with decisions at risk."""

    agency_id: int
    start: dt.date
    end: dt.date
    kinds: list
    unit: str | None = None  # only this unit's decisions (the page's filter)
    days: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)
    corrected: dict = field(default_factory=dict)
    late_days: dict = field(default_factory=dict)
    risk_days: set = field(default_factory=set)
    at_risk: int = 0

    @property
    def arguments(self) -> list:
        return [self.agency_id, self.start, self.end]


def _parts(period: _Period, kind: str, first: dt.date | None = None,
           last: dt.date | None = None) -> list[tuple[str, list, str, str]]:
    """(FROM … WHERE, its parameters, effective pushed, effective published) per part of the exceptions
    decided in [first, last] (the period's by default): the first versions, read from the partial index
    alone, and the corrected ones (version > 1, their ids found by the counts), pushed and published
    when any version was (the module docstring)."""
    arguments = [period.agency_id, max(first or period.start, period.start), min(last or period.end, period.end)]
    table = MODELS[kind]._meta.db_table
    head = f"FROM {table} r JOIN compliance_days p ON p.d = r.decided_on WHERE r.agency_id = %s "
    parts = [(head + f"AND r.decided_on BETWEEN %s AND %s AND {exception_predicate(kind, connection.vendor, 'r')} "
                     "AND r.version = 1", arguments, "r.pushed_at", "r.published_at")]
    if period.corrected.get(kind):
        ids, parameters = _id_list(period.corrected[kind])

        def earliest(column: str) -> str:
            return f"(SELECT MIN(e.{column}) FROM {table} e WHERE e.agency_id = r.agency_id AND e.natural_key = r.natural_key)"

        parts.append((head + f"AND r.decided_on BETWEEN %s AND %s AND {ids}", arguments + parameters,
                      earliest("pushed_at"), earliest("published_at")))
    return parts


def _status_sql(kind: str, deadline: str, done: str) -> str:
    exempt = (f"WHEN p.minor_exempt = 1 AND r.severity = '{MINOR}' AND r.publicity_ends_on IS NULL "
              f"THEN {CODE['not_required']} " if kind == "penalty" else "")
    return (f"CASE {exempt}WHEN p.{deadline}_end IS NULL THEN {CODE['unknown']} WHEN {done} IS NULL "
            f"THEN p.{deadline}_open WHEN {done} < p.{deadline}_end THEN {CODE['on_time']} ELSE {CODE['late']} END")


def _counts(period: _Period, today: dt.date, calendar: WorkCalendar) -> dict:
    """(unit, push status, publish status) -> decisions; fills `period` for the lists."""
    unit = period.unit
    counts: dict = defaultdict(int)
    totals: dict = {}
    with connection.cursor() as cursor:
        for kind in period.kinds:
            table = MODELS[kind]._meta.db_table
            cursor.execute(f"SELECT {_raw('decided_on')}, power_item_id, authority, COUNT(*) FROM {table} "
                           "WHERE agency_id = %s AND is_current = TRUE AND decided_on BETWEEN %s AND %s "
                           "GROUP BY decided_on, power_item_id, authority", period.arguments)
            totals[kind] = cursor.fetchall()
            cursor.execute(f"SELECT r.id FROM {table} r WHERE r.agency_id = %s AND r.decided_on BETWEEN %s AND %s "
                           f"AND {exception_predicate(kind, connection.vendor, 'r')} AND r.version > 1",
                           period.arguments)
            period.corrected[kind] = [pk for (pk,) in cursor.fetchall()]
    dates = {raw: _date_of(raw) for rows in totals.values() for raw in {row[0] for row in rows}}
    period.days = _days(sorted(set(dates.values())), today, calendar)
    pairs = {(item, authority) for rows in totals.values() for _, item, authority, _ in rows}
    departments = dict(PowerItem.objects.filter(pk__in={item for item, _ in pairs if item})
                       .values_list("pk", "department"))
    period.units = {pair: departments.get(pair[0]) or pair[1] or NO_UNIT for pair in pairs}
    for rows in totals.values():
        for raw, item, authority, decisions in rows:
            name = period.units[(item, authority)]
            if unit is None or name == unit:
                counts[(name, *period.days[dates[raw]].bounded)] += decisions
    late_days: dict = defaultdict(lambda: defaultdict(int))
    with _session(period.days) as cursor:
        for kind in period.kinds:
            for source, parameters, pushed, published in _parts(period, kind):
                cursor.execute(f"SELECT {_raw('r.decided_on')}, r.power_item_id, r.authority, "
                               f"{_status_sql(kind, 'push', pushed)}, {_status_sql(kind, 'publish', published)}, "
                               f"COUNT(*) {source} GROUP BY r.decided_on, r.power_item_id, r.authority, 4, 5",
                               parameters)
                for raw, item, authority, push_code, publish_code, decisions in cursor.fetchall():
                    name, day = period.units.get((item, authority)), dates.get(raw)
                    if name is None or day is None:  # written between the totals and this read: in neither
                        continue
                    if unit is not None and name != unit:
                        continue
                    push, publish = CODES[push_code], CODES[publish_code]
                    counts[(name, push, publish)] += decisions
                    counts[(name, *period.days[day].bounded)] -= decisions
                    if push in LATE or publish in LATE:
                        late_days[name][day] += decisions
                    elif "at_risk" in (push, publish):
                        period.at_risk += decisions
                        period.risk_days.add(day)
    period.late_days = {name: sorted(per_day.items()) for name, per_day in late_days.items()}
    return counts


def _unit_sql(period: _Period, unit: str | None) -> tuple[str, list]:
    """The decisions of `unit` (any: None): its (power item, authority) pairs as the counts found them."""
    if unit is None:
        return "1 = 1", []
    pairs = [(item or 0, authority) for (item, authority), name in period.units.items() if name == unit]
    if not pairs:
        return "1 = 0", []
    return (f"(COALESCE(r.power_item_id, 0), r.authority) IN (VALUES {', '.join(['(%s, %s)'] * len(pairs))})",
            [value for pair in pairs for value in pair])


LATE_SQL = "({push} IN (1, 2) OR {publish} IN (1, 2))"
AT_RISK_SQL = "(({push} = 3 OR {publish} = 3) AND NOT {push} IN (1, 2) AND NOT {publish} IN (1, 2))"


def _entries(period: _Period, unit: str | None, first: dt.date, last: dt.date, which: str) -> list[tuple]:
    """(date, id, kind, unit, pushed, published, push, publish, number, party) of the late (or at-risk)
    decisions of `unit` (any: None) decided in [first, last], from the partial index alone (credit 0015
    stores the number and party there), in no particular order."""
    condition, unit_parameters = _unit_sql(period, unit)
    units, found = period.units, []
    with _session({day: plan for day, plan in period.days.items() if first <= day <= last}) as cursor:
        for kind in period.kinds:
            for source, parameters, pushed, published in _parts(period, kind, first, last):
                push, publish = _status_sql(kind, "push", pushed), _status_sql(kind, "publish", published)
                wanted = (LATE_SQL if which == "late" else AT_RISK_SQL).format(push=push, publish=publish)
                cursor.execute(f"SELECT {_raw('r.decided_on')}, r.id, {_raw(pushed)}, {_raw(published)}, {push}, "
                               f"{publish}, r.power_item_id, r.authority, r.document_number, r.party_name {source} "
                               f"AND {wanted} AND {condition}", [*parameters, *unit_parameters])
                for raw, pk, pushed_at, published_at, push_code, publish_code, item, authority, number, party in (
                        cursor.fetchall()):
                    name = units.get((item, authority))
                    if name is not None:  # (None: written after the counts)
                        found.append((_date_of(raw), pk, kind, name, pushed_at, published_at, CODES[push_code],
                                      CODES[publish_code], number, party))
    return found


def _rows(period: _Period, entries: list[tuple]) -> list[DeadlineRow]:
    zone, days = timezone.get_current_timezone(), period.days
    return [DeadlineRow(kind, pk, number, party, name, day, days[day].push_due, days[day].publish_due,
                        _local_day(pushed, zone), _local_day(published, zone), push, publish)
            for day, pk, kind, name, pushed, published, push, publish, number, party in entries]


def _late_slice(period: _Period, start: int, stop: int) -> list[DeadlineRow]:
    """Late decisions [start, stop) of the list in (unit, date, id, kind) order: the dates they fall on."""
    entries, position = [], 0
    for unit, per_day in sorted(period.late_days.items()):
        size = sum(decisions for _, decisions in per_day)
        low, high = max(start, position) - position, min(stop, position + size) - position
        position += size
        if low >= high:
            continue
        reached, chosen, skip = 0, [], 0
        for day, decisions in per_day:
            if reached + decisions > low and reached < high:
                if not chosen:
                    skip = low - reached
                chosen.append(day)
            reached += decisions
        found = sorted(_entries(period, unit, chosen[0], chosen[-1], "late"), key=itemgetter(0, 1, 2))
        entries += found[skip: skip + high - low]
    return _rows(period, entries)


def _all_late(period: _Period):
    """The whole late list in order: one read of the period's late decisions, numbers and parties
    EXPORT_BATCH at a time."""
    per_unit: dict = defaultdict(list)
    for entry in _entries(period, period.unit, period.start, period.end, "late"):
        per_unit[entry[3]].append(entry)
    for unit in sorted(per_unit):
        entries = sorted(per_unit.pop(unit), key=itemgetter(0, 1, 2))
        for offset in range(0, len(entries), EXPORT_BATCH):
            yield from _rows(period, entries[offset: offset + EXPORT_BATCH])


def _at_risk_rows(period: _Period) -> list[DeadlineRow]:
    """The decisions at risk and not late, by push due day (the dates the counts found them on)."""
    if not period.risk_days:
        return []
    entries = _entries(period, period.unit, min(period.risk_days), max(period.risk_days), "at_risk")
    return sorted(_rows(period, entries), key=lambda row: (row.push_due, row.pk, row.kind))


class DeadlineList:
    """Decisions in the page's order, read when sliced: len() is known from the counts, a slice is read
    from the database (so django.core.paginator.Paginator pages it), iteration reads a few dates at a time."""

    def __init__(self, count: int, read_slice, read_all):
        self._count, self._read_slice, self._read_all = count, read_slice, read_all

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            rows = self._read_slice(start, stop) if start < stop else []
            return rows[::step] if step != 1 else rows
        return self[index: index + 1][0]

    def __iter__(self):
        return iter(self._read_all())


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


def _period(agency, start, end, kind, unit: str | None = None) -> _Period:
    return _Period(agency.pk, start or START_OF_TIME, end or END_OF_TIME, [kind] if kind in MODELS else list(MODELS),
                   unit)


def compliance_report(agency, *, start=None, end=None, kind=None, unit: str | None = None,
                      today: dt.date | None = None, calendar: WorkCalendar | None = None) -> ComplianceReport:
    today = today or timezone.localdate()
    calendar = calendar or current_calendar()
    period = _period(agency, start, end, kind, unit)
    counts = _counts(period, today, calendar)
    by_unit: dict[str, UnitFigures] = {}
    overall = UnitFigures("合计")
    unknown = 0
    for (unit_name, push, publish), decisions in counts.items():
        if decisions:
            _add_counts(by_unit.setdefault(unit_name, UnitFigures(unit_name)), push, publish, decisions)
            _add_counts(overall, push, publish, decisions)
            unknown += decisions if "unknown" in (push, publish) else 0
    at_risk_rows: list = []

    def at_risk_slice(first: int, stop: int) -> list:
        if not at_risk_rows:
            at_risk_rows.extend(_at_risk_rows(period))
        return at_risk_rows[first:stop]

    late = DeadlineList(sum(n for per_day in period.late_days.values() for _, n in per_day),
                        lambda first, stop: _late_slice(period, first, stop), lambda: _all_late(period))
    at_risk = DeadlineList(period.at_risk, at_risk_slice, lambda: at_risk_slice(0, period.at_risk))
    return ComplianceReport(start, end, today, sorted(by_unit.values(), key=lambda u: (-u.late, u.unit)), overall,
                            late, at_risk, unknown)


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
        for (_, push, publish), decisions in _counts(_period(agency, start, end, record_kind), today,
                                                     calendar).items():
            _add_counts(figures[KIND_LABELS[record_kind]], push, publish, decisions)
            _add_counts(figures["合计"], push, publish, decisions)
    return {label: {"报送按期率": f.push_rate, "公示按期率": f.publish_rate, "决定数": f.total,
                    "报送逾期": f.push["late"] + f.push["overdue"], "公示逾期": f.publish["late"] + f.publish["overdue"],
                    "期限未知": f.publish["unknown"]}
            for label, f in figures.items()}


def annual_figures(agency, year: int, *, today: dt.date | None = None) -> dict:
    """Everything the annual report takes from 双公示 for `year`, in one dict."""
    return {"决定数量": decision_counts(agency, year), "按期情况": on_time_rates(agency, year, today=today)}
