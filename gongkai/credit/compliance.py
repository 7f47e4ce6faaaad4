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
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import (Case, CharField, Count, DateField, F, Func, Min, OuterRef, Q, Subquery, Value,
                              When)
from django.db.models.expressions import RawSQL
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, Least, NullIf, TruncDate
from django.utils import timezone

from gongkai.core.publicity import MINOR, PUBLISH_WORKDAYS, PUSH_WORKDAYS, rules_for
from gongkai.core.workdays import UnknownCalendarYear, WorkCalendar
from gongkai.credit.models import LicenseRecord, PenaltyRecord
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
AUTHORITY_FIELD = {"penalty": "CF_CFJG", "license": "XK_XKJG"}
STATUS_LABELS = {
    "on_time": "按期", "late": "逾期完成", "overdue": "逾期未完成", "at_risk": "即将到期",
    "pending": "未到期", "unknown": "期限未知", "not_required": "不予公示",
}
LATE = ("late", "overdue")


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


def _first_times(model, agency, start: dt.date | None, end: dt.date | None) -> dict[str, tuple]:
    """Natural key -> (earliest pushed_at, earliest published_at) over the superseded versions."""
    queryset = model.objects.filter(agency=agency, is_current=False)
    if start:
        queryset = queryset.filter(decided_on__gte=start)
    if end:
        queryset = queryset.filter(decided_on__lte=end)
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
        earlier = _first_times(model, agency, start, end)
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
            rows.append(DeadlineRow(record_kind, pk, number, party, department or authority or "（未填处罚机关）",
                                    decided_on, push_due, publish_due, pushed_on, published_on, push_status,
                                    publish_status))
    return rows


# ----- the same statuses computed by the database ---------------------------------------------------
#
# deadline_rows above reads every decision into Python (88 s at 106k records). The page and the annual
# figures instead ask the database: the calendar is consulted once per distinct decision date (a few
# hundred), and each date's two due days and "not done yet" statuses become CASE expressions; the
# figures are one GROUP BY (unit, push status, publish status) per kind and the lists are pages of an
# ORDER BY over the same expressions. deadline_rows stays the row-by-row definition the tests compare with.

@dataclass
class _DatePlan:
    """Per decision date: the due days and the status of a deadline not yet met, from the calendar."""

    push_due: dict = field(default_factory=dict)
    publish_due: dict = field(default_factory=dict)
    push_open: dict = field(default_factory=dict)
    publish_open: dict = field(default_factory=dict)
    minor_unpublished: list = field(default_factory=list)


def _open_status(due: dt.date | None, today: dt.date, calendar: WorkCalendar) -> str:
    return deadline_status(due, None, today, calendar)


def _date_plan(dates, today: dt.date, calendar: WorkCalendar) -> _DatePlan:
    plan, cache = _DatePlan(), {}
    for decided_on in dates:
        plan.push_due[decided_on] = _due(decided_on, PUSH_WORKDAYS, calendar, cache)
        plan.publish_due[decided_on] = _due(decided_on, PUBLISH_WORKDAYS, calendar, cache)
        plan.push_open[decided_on] = _open_status(plan.push_due[decided_on], today, calendar)
        plan.publish_open[decided_on] = _open_status(plan.publish_due[decided_on], today, calendar)
        if not rules_for(decided_on).rule(MINOR).published:
            plan.minor_unpublished.append(decided_on)
    return plan


def _dates_where(mapping: dict, wanted) -> list[dt.date]:
    return [day for day, value in mapping.items() if value == wanted]


def _due_expression(table: str, dues: dict) -> RawSQL:
    """The due day as the decision date plus a number of calendar days looked up by date group.

    Dates are grouped by that number (a handful of groups: 7 for most, more over holidays), so the
    SQL holds one IN list per group instead of a WHEN per date: small to compile, and an IN list is
    a lookup in the database. A date the calendar does not know matches no group: NULL, "unknown"."""
    groups: dict[int, list[dt.date]] = defaultdict(list)
    for day, due in dues.items():
        if due is not None:
            groups[(due - day).days].append(day)
    if not groups:
        return RawSQL("CAST(NULL AS date)", [], output_field=DateField())
    column = f'"{table}"."decided_on"'
    whens, params = [], []
    for days, dates in sorted(groups.items()):
        whens.append(f"WHEN {column} IN ({', '.join(['%s'] * len(dates))}) THEN {days}")
        params += dates
    offset = f"(CASE {' '.join(whens)} END)"
    if connection.vendor == "postgresql":  # a jsonb object is a sorted key lookup; an IN list a linear scan
        offsets = json.dumps({day.isoformat(): days for days, dates in groups.items() for day in dates})
        return RawSQL(f"({column} + (%s::jsonb ->> {column}::text)::integer)", [offsets], output_field=DateField())
    return RawSQL(f"date({column}, '+' || {offset} || ' days')", params, output_field=DateField())


def _status_case(done: str, due: str, dues: dict, open_statuses: dict, exempt: Q | None, today: dt.date) -> Case:
    whens = [When(exempt, then=Value("not_required"))] if exempt is not None else []
    whens += [When(decided_on__in=_dates_where(dues, None), then=Value("unknown")),
              When(**{f"{done}__isnull": False, f"{done}__lte": F(due)}, then=Value("on_time")),
              When(**{f"{done}__isnull": False}, then=Value("late")),
              When(**{f"{due}__lt": today}, then=Value("overdue"))]
    # Open and not overdue: at risk up to the last due day 2 working days away. A due range, not a
    # list of dates, when the calendar agrees on every date in it (it always does but at unknown years).
    at_risk_dues = [dues[day] for day in _dates_where(open_statuses, "at_risk")]
    if at_risk_dues:
        last = max(at_risk_dues)
        if all(open_statuses[day] == "at_risk" for day, day_due in dues.items() if day_due and today <= day_due <= last):
            whens.append(When(**{f"{due}__lte": last}, then=Value("at_risk")))
        else:
            whens.append(When(decided_on__in=_dates_where(open_statuses, "at_risk"), then=Value("at_risk")))
    return Case(*whens, default=Value("pending"), output_field=CharField())


def _date_runs(dates: list[dt.date], chosen: set[dt.date]) -> Q:
    """`decided_on` among `chosen`, as ranges over the runs of consecutive `dates` (sorted) all chosen:
    a rule that changes once a year is one or two BETWEENs, not a list scanned per row."""
    runs: list[list[dt.date]] = []
    previous_chosen = False
    for day in dates:
        if day in chosen:
            if previous_chosen:
                runs[-1][1] = day
            else:
                runs.append([day, day])
        previous_chosen = day in chosen
    condition = Q(pk__in=[])
    for first, last in runs:
        condition |= Q(decided_on__range=(first, last))
    return condition


def _first_version_moment(model, column: str, current) -> Case:
    """The earlier of this version's and the superseded versions' `column` (see the module docstring)."""
    earlier = Subquery(model.objects.filter(agency=OuterRef("agency"), natural_key=OuterRef("natural_key"),
                                            is_current=False).order_by().values("natural_key")
                       .annotate(first=Min(column)).values("first")[:1])
    # Only a version after the first has predecessors: the subquery runs for those rows alone.
    return Case(When(version__gt=1, then=Least(Coalesce(current, earlier), Coalesce(earlier, current))),
                default=current)


def _local_day_sql(moment) -> Func | TruncDate:
    """The local calendar day of a stored moment, in SQL.

    SQLite: Django's TruncDate calls a Python function per row (a dozen times per row here, 4 s at
    50k records), so for a zone without daylight saving (Asia/Shanghai) the day is SQLite's own
    date(moment, '+N seconds') over the UTC text Django stores. PostgreSQL: TruncDate (AT TIME ZONE)."""
    zone = timezone.get_current_timezone()
    offsets = {zone.utcoffset(dt.datetime(year, month, 1)) for year in (2000, 2026) for month in (1, 7)}
    if connection.vendor == "sqlite" and len(offsets) == 1:
        seconds = int(offsets.pop().total_seconds())
        return Func(moment, Value(f"{seconds:+d} seconds"), function="date", output_field=DateField())
    return TruncDate(moment)


def _deadline_queryset(record_kind: str, agency, start, end, unit, today: dt.date, calendar: WorkCalendar):
    """Current decisions of one kind annotated with unit, due days, done days and both statuses."""
    model = MODELS[record_kind]
    queryset = model.objects.filter(agency=agency, is_current=True)
    if start:
        queryset = queryset.filter(decided_on__gte=start)
    if end:
        queryset = queryset.filter(decided_on__lte=end)
    dates = list(queryset.order_by("decided_on").values_list("decided_on", flat=True).distinct())
    plan = _date_plan(dates, today, calendar)
    pushed, published = F("pushed_at"), F("published_at")
    superseded = model.objects.filter(agency=agency, is_current=False)
    if dates and superseded.filter(decided_on__gte=dates[0], decided_on__lte=dates[-1]).exists():
        pushed = _first_version_moment(model, "pushed_at", pushed)
        published = _first_version_moment(model, "published_at", published)
    exempt = None
    if record_kind == "penalty":
        exempt = Q(severity=MINOR, publicity_ends_on__isnull=True) & _date_runs(dates, set(plan.minor_unpublished))
    queryset = queryset.annotate(
        unit=Coalesce(NullIf(F("power_item__department"), Value("")),
                      NullIf(KT(f"fields__{AUTHORITY_FIELD[record_kind]}"), Value("")),
                      Value("（未填处罚机关）"), output_field=CharField()),
        kind=Value(record_kind, output_field=CharField()),
        push_due=_due_expression(model._meta.db_table, plan.push_due),
        publish_due=_due_expression(model._meta.db_table, plan.publish_due),
        pushed_on=_local_day_sql(pushed), published_on=_local_day_sql(published),
    ).annotate(push_status=_status_case("pushed_on", "push_due", plan.push_due, plan.push_open, exempt, today),
               publish_status=_status_case("published_on", "publish_due", plan.publish_due, plan.publish_open,
                                           exempt, today))
    if unit:
        queryset = queryset.filter(unit=unit)
    return queryset


ROW_COLUMNS = ("kind", "id", "document_number", "party_name", "unit", "decided_on", "push_due", "publish_due",
               "pushed_on", "published_on", "push_status", "publish_status")
LATE_Q = Q(push_status__in=LATE) | Q(publish_status__in=LATE)
AT_RISK_Q = (Q(push_status="at_risk") | Q(publish_status="at_risk")) & ~LATE_Q


class DeadlineList:
    """A list of DeadlineRows the database sorts and slices: len() is known from the figures, a slice is
    one query (so django.core.paginator.Paginator pages it), iteration reads it in slices."""

    SLICE = 2000

    def __init__(self, querysets: list, condition: Q, order: tuple[str, ...], count: int):
        parts = [queryset.filter(condition).order_by().values_list(*ROW_COLUMNS) for queryset in querysets]
        self._query = (parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]).order_by(*order)
        self._count = count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [DeadlineRow(*values) for values in self._query[index]]
        return self[index: index + 1][0]

    def __iter__(self):
        for offset in range(0, self._count, self.SLICE):
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


def _status_counts(querysets: list, group: str | None) -> list[tuple]:
    """(group value, push status, publish status, count) over the querysets, one GROUP BY each."""
    columns = ([group] if group else []) + ["push_status", "publish_status"]
    counts = []
    for queryset in querysets:
        for values in queryset.order_by().values(*columns).annotate(decisions=Count("id")).values_list(
                *columns, "decisions"):
            counts.append(values if group else (None, *values))
    return counts


def _add_counts(figures: UnitFigures, push: str, publish: str, decisions: int) -> None:
    figures.total += decisions
    figures.push[push] += decisions
    figures.publish[publish] += decisions


RISK_WINDOW_DAYS = 40  # longer than 7 working days plus the longest holiday


def _at_risk_dates(today: dt.date, calendar: WorkCalendar) -> list[dt.date]:
    """The decision dates whose open deadline can be at risk today: a date older than the window is
    overdue or unknown, a later one not yet close. Narrows the at-risk list to an index range."""
    plan = _date_plan([today - dt.timedelta(days=n) for n in range(RISK_WINDOW_DAYS)], today, calendar)
    return [day for day in plan.push_due if "at_risk" in (plan.push_open[day], plan.publish_open[day])]


def compliance_report(agency, *, start=None, end=None, kind=None, unit: str | None = None,
                      today: dt.date | None = None, calendar: WorkCalendar | None = None) -> ComplianceReport:
    today = today or timezone.localdate()
    calendar = calendar or current_calendar()
    querysets = [_deadline_queryset(record_kind, agency, start, end, unit, today, calendar)
                 for record_kind in ([kind] if kind in MODELS else list(MODELS))]
    by_unit: dict[str, UnitFigures] = {}
    overall = UnitFigures("合计")
    late = at_risk = unknown = 0
    for unit_name, push, publish, decisions in _status_counts(querysets, "unit"):
        _add_counts(by_unit.setdefault(unit_name, UnitFigures(unit_name)), push, publish, decisions)
        _add_counts(overall, push, publish, decisions)
        is_late = push in LATE or publish in LATE
        late += decisions if is_late else 0
        at_risk += decisions if not is_late and "at_risk" in (push, publish) else 0
        unknown += decisions if "unknown" in (push, publish) else 0
    return ComplianceReport(start, end, today, sorted(by_unit.values(), key=lambda u: (-u.late, u.unit)), overall,
                            DeadlineList(querysets, LATE_Q, ("unit", "decided_on", "id", "kind"), late),
                            DeadlineList(querysets, AT_RISK_Q & Q(decided_on__in=_at_risk_dates(today, calendar)),
                                         ("push_due", "id", "kind"), at_risk), unknown)


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
        queryset = _deadline_queryset(record_kind, agency, start, end, None, today, calendar)
        for _, push, publish, decisions in _status_counts([queryset], None):
            _add_counts(figures[KIND_LABELS[record_kind]], push, publish, decisions)
            _add_counts(figures["合计"], push, publish, decisions)
    return {label: {"报送按期率": f.push_rate, "公示按期率": f.publish_rate, "决定数": f.total,
                    "报送逾期": f.push["late"] + f.push["overdue"], "公示逾期": f.publish["late"] + f.publish["overdue"],
                    "期限未知": f.publish["unknown"]}
            for label, f in figures.items()}


def annual_figures(agency, year: int, *, today: dt.date | None = None) -> dict:
    """Everything the annual report takes from 双公示 for `year`, in one dict."""
    return {"决定数量": decision_counts(agency, year), "按期情况": on_time_rates(agency, year, today=today)}
