"""Every cell of the official tables computed from the records, for one agency and year.

Table 三 counts each request exactly once. A request is *finished* on the day it was answered (the
decision date), or the day its clock ended without an answer (视为放弃 after a missed correction,
an unpaid fee, a withdrawal). For year Y:
  一 本年新收  = received in Y;
  二 上年结转  = received before Y and not finished before Y;
  三 办理结果  = finished in Y, in the category of its decision or of the way it ended;
  四 结转下年  = received by 31 December of Y and not finished by then.
So 一 + 二 = 三 + 四 holds by construction, and this year's 二 equals last year's 四.

Cells no record can fill (行政强制 without records, 行政事业性收费 amounts, the 2019 format's
project counts) come from `ManualCell`, entered by hand and marked as such; a cell with neither is
reported as missing, counted as 0, and blocks nothing by itself but shows in the admin.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast

from gongkai.appeals.services import appeal_counts
from gongkai.catalog.models import Item
from gongkai.core import annual_tables as at
from gongkai.core.receipt import Channel
from gongkai.core.workdays import WorkCalendar
from gongkai.credit.models import LicenseRecord, PenaltyRecord
from gongkai.holidays.calendar import current_calendar
from gongkai.inforequests.clock import RequestClock
from gongkai.inforequests.models import InfoRequest
from gongkai.org.models import AuditEntry
from gongkai.reports.models import ManualCell

MANUAL = "manual"
COMPUTED = "computed"
MISSING = "missing"

# Table 二 cells each format computes from records; every other cell is manual.
COMPUTED_PROACTIVE_2021 = {
    ("rules", "本年制发件数"), ("rules", "本年废止件数"), ("rules", "现行有效件数"),
    ("normative_documents", "本年制发件数"), ("normative_documents", "本年废止件数"),
    ("normative_documents", "现行有效件数"),
    ("licensing", "本年处理决定数量"), ("penalty", "本年处理决定数量"),
}
COMPUTED_PROACTIVE_2019 = {
    ("rules", "本年新制作数量"), ("rules", "本年新公开数量"), ("rules", "对外公开总数量"),
    ("normative_documents", "本年新制作数量"), ("normative_documents", "本年新公开数量"),
    ("normative_documents", "对外公开总数量"),
    ("licensing", "处理决定数量"), ("penalty", "处理决定数量"),
}


@dataclass
class ReportStatistics:
    """The filled tables with, for every cell, where its value came from."""

    year: int
    fmt: at.ReportFormat
    tables: at.AnnualTables
    sources: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (table, row, column) -> kind
    manual_notes: dict[tuple[str, str, str], str] = field(default_factory=dict)
    violations: list[at.Violation] = field(default_factory=list)
    previous: at.AnnualTables | None = None
    unknown_calendar_years: set[int] = field(default_factory=set)  # holiday notices table 三 needs but lacks

    @property
    def missing(self) -> list[tuple[str, str, str]]:
        return sorted(key for key, kind in self.sources.items() if kind == MISSING)


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


# --- table 三 ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RequestFate:
    applicant_column: str
    received_on: dt.date
    finished_on: dt.date | None
    category: str | None


def request_fates(agency, until: dt.date, calendar: WorkCalendar | None = None,
                  missing_years: set[int] | None = None) -> list[RequestFate]:
    """Every received request of `agency` up to `until`, with when and how it was finished (as of `until`).

    A request's clock comes from `inforequests.clock.RequestClock` (events read in bulk). A holiday
    year the clock needs but the calendar lacks is added to `missing_years`: the request is then
    counted only by what needs no counting of working days (a withdrawal, an answer), and the
    report names the year and cannot be signed off until it is entered.

    An ordinary letter (平常信函) whose arrival was never confirmed is counted as received on its
    arrival day: 条例第三十一条第（二）项 makes the office confirm on that day, so the office's
    omission must not drop the request from table 三. Online, fax and e-mail requests are received
    only on 双方确认 (第（三）项): unconfirmed, they are not yet received and not counted.
    """
    request_clock = RequestClock(calendar=calendar or current_calendar(), today=until)
    received = Q(received_on__isnull=False, received_on__lte=until) | Q(
        received_on__isnull=True, channel=Channel.POST_ORDINARY, submitted_on__lte=until)
    requests = InfoRequest.objects.filter(agency=agency).filter(received)
    fates = []
    for reading in request_clock.readings(requests, until=until):
        request, deadline = reading.request, reading.deadline
        received_on = request.received_on or request.submitted_on
        decision = getattr(request, "decision", None)
        if decision is not None and decision.decided_on <= until:
            fates.append(RequestFate(request.applicant_kind, received_on, decision.decided_on, decision.category))
            continue
        if deadline is not None and deadline.calendar_pending and missing_years is not None:
            missing_years.add(deadline.calendar_pending)
        if deadline is not None and deadline.state == "ended" and deadline.ended_on and deadline.ended_on <= until \
                and deadline.ended_category:
            fates.append(RequestFate(request.applicant_kind, received_on, deadline.ended_on,
                                     deadline.ended_category))
        else:
            fates.append(RequestFate(request.applicant_kind, received_on, None, None))
    return fates


def fill_requests(tables: at.AnnualTables, fmt: at.ReportFormat, fates: list[RequestFate], year: int) -> None:
    start, end = _year_bounds(year)
    rows = tables.requests

    def add(row_key: str, column: str) -> None:
        rows[row_key][column] += 1

    for fate in fates:
        column = fate.applicant_column
        if fate.finished_on is not None and fate.finished_on < start:
            continue  # finished in an earlier year
        if fate.received_on > end:
            continue
        add("new" if fate.received_on >= start else "carried_in", column)
        if fate.finished_on is not None and fate.finished_on <= end:
            add(fmt.row_key_for_decision(fate.category), column)
        else:
            add("carried_out", column)


# --- table 二 ----------------------------------------------------------------------------------------

def _withdrawn_by(end: dt.date) -> Q:
    """Items withdrawn on or before `end`: a withdrawn item whose withdrawal (its audit entry) came
    after the year's end was still in force on 31 December. With no dated entry (imported history)
    the withdrawal is taken as before the end, the count the report gave until the date was known."""
    later = AuditEntry.objects.filter(content_type=ContentType.objects.get_for_model(Item),
                                      action=AuditEntry.Action.WITHDRAW, at__date__gt=end,
                                      object_id=Cast(OuterRef("pk"), CharField()))
    return Q(state=Item.State.WITHDRAWN) & ~Q(Exists(later))


def fill_proactive(tables: at.AnnualTables, fmt: at.ReportFormat, agency, year: int) -> set[tuple[str, str]]:
    """The computable cells of table 二; returns which (row, column) were computed."""
    start, end = _year_bounds(year)
    cells = tables.proactive_disclosure
    shown = Q(state__in=[Item.State.PUBLISHED, Item.State.WITHDRAWN]) | Q(published_on__isnull=False)
    documents = Item.objects.filter(agency=agency).filter(shown).exclude(published_on__isnull=True)
    kinds = {"rules": Item.DocumentKind.RULE, "normative_documents": Item.DocumentKind.NORMATIVE}
    decisions = {
        "licensing": LicenseRecord.objects.filter(agency=agency, is_current=True, decided_on__range=(start, end)).count(),
        "penalty": PenaltyRecord.objects.filter(agency=agency, is_current=True, decided_on__range=(start, end)).count(),
    }
    if fmt.key == "2021":
        for row, kind in kinds.items():
            of_kind = documents.filter(document_kind=kind)
            cells[row]["本年制发件数"] = of_kind.filter(written_on__range=(start, end)).count()
            cells[row]["本年废止件数"] = of_kind.filter(repealed_on__range=(start, end)).count()
            cells[row]["现行有效件数"] = (of_kind.filter(written_on__lte=end, published_on__lte=end)
                                     .exclude(repealed_on__lte=end).exclude(_withdrawn_by(end)).count())
        for row, count in decisions.items():
            cells[row]["本年处理决定数量"] = count
        return computed_proactive(fmt)
    for row, kind in kinds.items():
        of_kind = documents.filter(document_kind=kind)
        cells[row]["本年新制作数量"] = of_kind.filter(written_on__range=(start, end)).count()
        cells[row]["本年新公开数量"] = of_kind.filter(published_on__range=(start, end)).count()
        cells[row]["对外公开总数量"] = of_kind.filter(published_on__lte=end).exclude(repealed_on__lte=end).count()
    for row, count in decisions.items():
        cells[row]["处理决定数量"] = count
    return computed_proactive(fmt)


# --- all of it ----------------------------------------------------------------------------------------

def computed_proactive(fmt: at.ReportFormat) -> set[tuple[str, str]]:
    """The table 二 (row, column) cells `fill_proactive` computes in `fmt`; every other cell is entered by hand."""
    return COMPUTED_PROACTIVE_2021 if fmt.key == "2021" else COMPUTED_PROACTIVE_2019


def apply_manual_cells(stats: ReportStatistics, agency, computed: set[tuple[str, str]],
                       manual: dict | None = None) -> None:
    """Table 二's hand-entered cells into `stats` (`manual`: the agency's ManualCells by (table, row, column))."""
    tables = stats.tables
    if manual is None:
        manual = {(m.table, m.row_key, m.column): m
                  for m in ManualCell.objects.filter(agency=agency, year=stats.year).select_related("entered_by")}
    for sub_table in stats.fmt.proactive_tables:
        for row in sub_table.rows:
            for column in sub_table.columns:
                key = ("proactive", row.key, column.label)
                if (row.key, column.label) in computed:
                    stats.sources[key] = COMPUTED
                elif key in manual:
                    value = manual[key].value
                    tables.proactive_disclosure[row.key][column.label] = (
                        value if column.kind is at.CellKind.AMOUNT else int(value))
                    stats.sources[key] = MANUAL
                    stats.manual_notes[key] = f"{manual[key].entered_by}填报：{manual[key].note}".rstrip("：")
                else:
                    stats.sources[key] = MISSING
    for key in stats.fmt.value_row_keys:
        for column in stats.fmt.request_columns:
            stats.sources[("requests", key, column)] = COMPUTED
    for block in stats.fmt.appeal_blocks:
        for column in stats.fmt.appeal_columns:
            stats.sources[("appeals", block.key, column)] = COMPUTED


def request_tables(agency, year: int, fmt: at.ReportFormat, fates: list[RequestFate]) -> at.AnnualTables:
    tables = at.empty_tables(fmt)
    fill_requests(tables, fmt, fates, year)
    return at.compute_totals(tables, fmt)


def compute_statistics(agency, year: int, *, fmt: at.ReportFormat | None = None) -> ReportStatistics:
    """The report's tables for `agency` and `year`, checked against the official rules."""
    fmt = fmt or at.format_for_year(year)
    tables = at.empty_tables(fmt)
    missing_years: set[int] = set()
    fates = request_fates(agency, dt.date(year, 12, 31), missing_years=missing_years)
    fill_requests(tables, fmt, fates, year)
    computed = fill_proactive(tables, fmt, agency, year)
    counts = appeal_counts(agency, year)
    for block in fmt.appeal_blocks:
        tables.appeals[block.key] = dict(counts[block.key])
    stats = ReportStatistics(year=year, fmt=fmt, tables=tables, unknown_calendar_years=missing_years)
    apply_manual_cells(stats, agency, computed)
    stats.tables = at.compute_totals(stats.tables, fmt)
    previous_fmt = fmt if year - 1 >= fmt.first_year else at.FORMAT_2019 if year - 1 >= 2019 else None
    if previous_fmt is not None:
        # The same fates serve last year: anything finished after its 31 December counts as carried out.
        stats.previous = request_tables(agency, year - 1, previous_fmt, fates)
    stats.violations = at.check_consistency(stats.tables, fmt, stats.previous)
    return stats


def failing_rules(agency_ids, year: int) -> dict[int, int]:
    """How many 勾稽 rules each agency's report for `year` fails, read from the hand-entered cells alone.

    This is `compute_statistics`'s check without the records, so the workbench can show it on every
    visit (one query on ManualCell). The cells computed from records satisfy every rule by
    construction: `fill_requests` counts each request once as 一 or 二 and once as 三 or 四, last
    year's 四 comes from the same requests, `compute_totals` fills every 总计, and counts are never
    negative. So the only rule a report can fail is a hand-entered table 二 cell below zero in a
    column that cannot be negative; `check_consistency` itself is run here on tables holding only
    those cells. The records' part is the property test in tests/reports/test_statistics.py (random
    histories keep every rule); tests/workbench compares the two checks on seeded records.
    """
    if year < at.FORMAT_2019.first_year:
        return {agency_id: 0 for agency_id in agency_ids}  # the 2008 format: no tables, no rules
    fmt = at.format_for_year(year)
    manual: dict[int, dict] = {agency_id: {} for agency_id in agency_ids}
    for cell in ManualCell.objects.filter(agency_id__in=manual, year=year, table="proactive").select_related(
            "entered_by"):
        manual[cell.agency_id][(cell.table, cell.row_key, cell.column)] = cell
    failing = {}
    for agency_id, cells in manual.items():
        stats = ReportStatistics(year=year, fmt=fmt, tables=at.empty_tables(fmt))
        apply_manual_cells(stats, None, computed_proactive(fmt), manual=cells)
        failing[agency_id] = len(at.check_consistency(at.compute_totals(stats.tables, fmt), fmt))
    return failing
