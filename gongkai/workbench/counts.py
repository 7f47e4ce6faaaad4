"""What the workbench counts: for one user, the work that is due, section by section, in their scope.

Every count is taken on the queryset the model's own admin lists for this user (`ModelAdmin.get_queryset`,
which applies `org.scoping`), narrowed by the same lookups its change-list link carries, so a count and
the list it opens show the same rows. Counts run in the database (COUNT over indexed columns); the only
rows read into Python are the open requests (the request clock is computed, never stored) and the
unpublished proactive items (their 20-working-day limit depends on the calendar, only their dates are
read), both bounded by the office's workload, not by the size of the archive, and the year's hand-entered
report cells, whose 勾稽 check (`reports.statistics.failing_rules`) is the annual report's own.

Agency-wide records (requests, 双公示, the annual report) are counted only for staff whose scope is
the whole agency: a unit's officer or reviewer sees their unit's work and no other unit's figures.
A leader (领导) sees figures only: no links into lists, so no applicant's details are a click away.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import admin
from django.db.models import Min
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from gongkai.catalog.deadlines import due_list
from gongkai.catalog.models import Consultation, Item
from gongkai.core import annual_tables
from gongkai.core.workdays import UnknownCalendarYear
from gongkai.credit.models import ImportBatch, PenaltyRecord, PushEntry, RepairApplication
from gongkai.enforcement.models import DecisionDocument
from gongkai.holidays.calendar import current_calendar
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.overview import SOON_WORKDAYS as REQUEST_SOON_WORKDAYS
from gongkai.inforequests.overview import overview
from gongkai.org.roles import ADMINISTRATOR, LEADER, OFFICE, OFFICER, REVIEWER, roles_of
from gongkai.org.models import Agency
from gongkai.org.scoping import scope_of, scope_queryset
from gongkai.reports.models import AnnualReport, ManualCell
from gongkai.reports.statistics import computed_proactive, failing_rules

ENFORCEMENT_SOON_WORKDAYS = 3  # as the reviewers' due list (enforcement/due.py)
CONSULTATION_CLOSING_DAYS = 7
PUBLICITY_ENDING_DAYS = 30
# From 1 November a 20-working-day limit starting now can end next year: its holiday notice is then needed.
HOLIDAY_NOTICE_WATCH_FROM = (11, 1)
ANNUAL_REPORT_DUE = (1, 31)  # 条例第四十九条第一款: 县级以上人民政府部门 publish last year's report by 1月31日


@dataclass(frozen=True)
class Entry:
    """One line of the workbench: a figure, what it counts, and where the rows are listed."""

    label: str
    count: int | None  # None: a fact without a number (a date, a missing notice)
    url: str | None = None
    note: str = ""
    exact: bool = False  # the link opens a change list holding exactly `count` rows
    urgent: bool = False


@dataclass
class Section:
    key: str
    title: str
    entries: list[Entry] = field(default_factory=list)


@dataclass
class Workbench:
    role_label: str
    scope_label: str
    figures_only: bool
    sections: list[Section]


# Section order per role: each role's own part first.
SECTION_ORDER = {
    OFFICER: ("catalog", "enforcement"),
    REVIEWER: ("catalog", "enforcement", "credit"),
    OFFICE: ("requests", "catalog", "enforcement", "credit", "report", "alerts"),
    LEADER: ("requests", "catalog", "enforcement", "credit", "report", "alerts"),
    ADMINISTRATOR: ("alerts", "requests", "catalog", "enforcement", "credit", "report"),
}
AGENCY_WIDE_SECTIONS = {"requests", "credit", "report", "alerts"}


class _Counter:
    """Counts on the admin's own querysets for one request, and builds the matching change-list links."""

    def __init__(self, request, today: dt.date, figures_only: bool):
        self.request = request
        self.user = request.user
        self.today = today
        self.figures_only = figures_only

    def queryset(self, model):
        return admin.site.get_model_admin(model).get_queryset(self.request)

    def can_view(self, model) -> bool:
        return self.user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")

    def link(self, model, params: dict | None = None) -> str | None:
        if self.figures_only or not self.can_view(model):
            return None
        try:
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            return None
        return f"{url}?{urlencode(params)}" if params else url

    def counted(self, label: str, model, lookups: dict, params: dict, **options) -> Entry:
        """A COUNT of the admin's rows under `lookups`; `params` are the same lookups as the change list takes them."""
        count = self.queryset(model).filter(**lookups).count()
        url = self.link(model, params)
        return Entry(label, count, url, exact=url is not None, urgent=options.pop("urgent", False) and count > 0,
                     **options)


def _primary_role(user) -> str:
    roles = roles_of(user)
    if user.is_superuser:
        return OFFICE
    for role in (OFFICE, LEADER, ADMINISTRATOR, REVIEWER, OFFICER):
        if role in roles:
            return role
    return OFFICER


def _soon(calendar, today: dt.date, workdays: int) -> dt.date | None:
    try:
        return calendar.add_workdays(today, workdays)
    except UnknownCalendarYear:
        return None


def requests_section(c: _Counter) -> Section:
    section = Section("requests", "依申请公开")
    groups = overview(c.queryset(InfoRequest), c.today)
    for key, label in (("overdue", "已超期"), ("due_soon", f"{REQUEST_SOON_WORKDAYS}个工作日内到期")):
        url = c.link(InfoRequest, {"clock": key})
        section.entries.append(Entry(label, len(groups[key]), url, exact=url is not None,
                                     urgent=key == "overdue" and bool(groups[key])))
    paused = groups["paused"]
    by_reason: dict[str, list] = defaultdict(list)
    for row in paused:
        # The clock's reason is a sentence with its article; the card keeps its head (e.g. 征求第三方意见中).
        reason = (row.deadline.paused_reason or "暂停计算").split("（")[0]
        by_reason[reason].append(row.deadline.waiting_until)
    notes = []
    for reason, untils in sorted(by_reason.items()):
        known = [d for d in untils if d is not None]
        notes.append(f"{reason} {len(untils)}件" + (f"，最早{min(known):%Y-%m-%d}到期" if known else ""))
    url = c.link(InfoRequest, {"clock": "paused"})
    section.entries.append(Entry("暂停计算", len(paused), url, note="；".join(notes), exact=url is not None))
    section.entries.append(c.counted("待确认收到", InfoRequest, {"state": InfoRequest.State.AWAITING_CONFIRMATION},
                                     {"state__exact": InfoRequest.State.AWAITING_CONFIRMATION}))
    section.entries.append(c.counted("已决定未送达", InfoRequest, {"state": InfoRequest.State.DECIDED},
                                     {"state__exact": InfoRequest.State.DECIDED}, urgent=True,
                                     note="期限以送达为准（国办公开办函〔2016〕235号）"))
    return section


def catalog_section(c: _Counter, role: str) -> Section:
    section = Section("catalog", "主动公开")
    drafts = c.counted("本单位草稿" if scope_of(c.user).unit_id else "草稿", Item, {"state": Item.State.DRAFT},
                       {"state__exact": Item.State.DRAFT})
    in_review = c.counted("待审核", Item, {"state": Item.State.IN_REVIEW}, {"state__exact": Item.State.IN_REVIEW},
                          urgent=role == REVIEWER)
    section.entries.extend([drafts, in_review] if role == OFFICER else [in_review, drafts])
    # Only the dates the limit runs from (and the unit due_list joins): a pending item's full row is not read.
    pending = c.queryset(Item).only("written_on", "changed_on", "unit__name")
    overdue = [e for e in due_list(pending, c.today) if e.due is not None and e.due < c.today]
    url = c.link(Item, {"limit": "overdue"})
    section.entries.append(Entry("超过20个工作日未公开", len(overdue), url, exact=url is not None, urgent=bool(overdue),
                                 note="条例第二十六条：形成或者变更之日起20个工作日内"))
    closing_by = c.today + dt.timedelta(days=CONSULTATION_CLOSING_DAYS)
    section.entries.append(c.counted(
        f"{CONSULTATION_CLOSING_DAYS}日内截止的征求意见", Consultation,
        {"is_published": True, "closes_on__gte": c.today, "closes_on__lte": closing_by},
        {"is_published__exact": 1, "closes_on__gte": c.today.isoformat(), "closes_on__lte": closing_by.isoformat()}))
    return section


def enforcement_section(c: _Counter, calendar) -> Section:
    section = Section("enforcement", "执法公开")
    pending = c.queryset(DecisionDocument).filter(state=DecisionDocument.State.PENDING)
    earliest = pending.aggregate(first=Min("publish_due"))["first"]
    note = ""
    if earliest is not None:
        try:
            left = (-max(1, calendar.workdays_between(earliest, c.today)) if c.today > earliest
                    else calendar.workdays_between(c.today, earliest))
            note = f"最早期限{earliest:%Y-%m-%d}（" + (f"已超{-left}个工作日" if left < 0 else f"剩{left}个工作日") + "）"
        except UnknownCalendarYear as exc:
            note = f"最早期限{earliest:%Y-%m-%d}（缺少{exc.year}年节假日安排）"
    state = {"state": DecisionDocument.State.PENDING}
    state_param = {"state__exact": DecisionDocument.State.PENDING}
    section.entries.append(c.counted("待审核文书", DecisionDocument, state, state_param,
                                     note=f"决定之日起7个工作日内公开；{note}".rstrip("；")))
    section.entries.append(c.counted("已超7个工作日", DecisionDocument, {**state, "publish_due__lt": c.today},
                                     {**state_param, "publish_due__lt": c.today.isoformat()}, urgent=True))
    soon = _soon(calendar, c.today, ENFORCEMENT_SOON_WORKDAYS)
    if soon is not None:
        section.entries.append(c.counted(
            f"{ENFORCEMENT_SOON_WORKDAYS}个工作日内到期", DecisionDocument,
            {**state, "publish_due__gte": c.today, "publish_due__lte": soon},
            {**state_param, "publish_due__gte": c.today.isoformat(), "publish_due__lte": soon.isoformat()}))
    section.entries.append(c.counted("不予公开", DecisionDocument, {"state": DecisionDocument.State.EXCLUDED},
                                     {"state__exact": DecisionDocument.State.EXCLUDED}))
    section.entries.append(c.counted(
        "待撤回（决定已变更）", DecisionDocument, {"state": DecisionDocument.State.PUBLISHED, "changed_on__isnull": False},
        {"state__exact": DecisionDocument.State.PUBLISHED, "changed_on__isnull": "False"}, urgent=True,
        note="行政处罚法第四十八条：三日内撤回"))
    return section


def credit_section(c: _Counter) -> Section:
    section = Section("credit", "双公示")
    for status, label in ((ImportBatch.Status.RUNNING, "导入中的批次"), (ImportBatch.Status.FAILED, "导入失败的批次")):
        section.entries.append(c.counted(label, ImportBatch, {"status": status}, {"status__exact": status},
                                         urgent=status == ImportBatch.Status.FAILED))
    # The outbox has no admin list: a figure only (the pending entries are few, served by credit_push_due).
    failures = (scope_queryset(PushEntry.objects.filter(state=PushEntry.State.PENDING), c.user, unit_field=None)
                .exclude(last_error="").count())
    section.entries.append(Entry("报送失败待重试", failures, note="信用平台报送队列：每周一、周四自动重试",
                                 urgent=failures > 0))
    ending_by = c.today + dt.timedelta(days=PUBLICITY_ENDING_DAYS)
    section.entries.append(c.counted(
        f"{PUBLICITY_ENDING_DAYS}日内公示期满的行政处罚信息", PenaltyRecord,
        {"is_current": True, "withdrawn_at__isnull": True,
         "publicity_ends_on__gte": c.today, "publicity_ends_on__lte": ending_by},
        {"is_current__exact": 1, "withdrawn_at__isnull": "True",
         "publicity_ends_on__gte": c.today.isoformat(), "publicity_ends_on__lte": ending_by.isoformat()}))
    section.entries.append(c.counted("待审核的信用修复申请", RepairApplication,
                                     {"status": RepairApplication.Status.PENDING},
                                     {"status__exact": RepairApplication.Status.PENDING}))
    return section


def report_year_and_due(today: dt.date) -> tuple[int, dt.date]:
    """The report the office works on now and the day it must be published (条例第四十九条)."""
    due_this_year = dt.date(today.year, *ANNUAL_REPORT_DUE)
    if today <= due_this_year:
        return today.year - 1, due_this_year
    return today.year, dt.date(today.year + 1, *ANNUAL_REPORT_DUE)


def _manual_cells(year: int) -> set[tuple[str, str]]:
    """The table 二 cells no record fills, which the office enters by hand."""
    fmt = annual_tables.format_for_year(year)
    return {(row.key, column.label) for sub_table in fmt.proactive_tables
            for row in sub_table.rows for column in sub_table.columns} - computed_proactive(fmt)


def report_section(c: _Counter) -> Section:
    section = Section("report", "年报")
    year, due = report_year_and_due(c.today)
    reports = c.queryset(AnnualReport).filter(year=year).defer("frozen", "narrative")
    report = reports.first()
    state = report.get_state_display() if report is not None else "尚未创建"
    days = (due - c.today).days
    url = None
    if report is not None and not c.figures_only and c.can_view(AnnualReport):
        url = reverse("admin:reports_annualreport_change", args=[report.pk])
    elif not c.figures_only:
        url = c.link(AnnualReport)
    section.entries.append(Entry(f"{year}年度报告：距{due:%Y-%m-%d}公开期限", days, url,
                                 note=f"条例第四十九条；当前状态：{state}",
                                 urgent=days <= 15 and (report is None or report.state != AnnualReport.State.PUBLISHED)))
    scope = scope_of(c.user)
    agencies = Agency.objects.all() if scope.everything else Agency.objects.filter(pk=scope.agency_id)
    agency_ids = list(agencies.values_list("id", flat=True))
    entered = set(ManualCell.objects.filter(agency_id__in=agency_ids, year=year, table="proactive")
                  .values_list("agency_id", "row_key", "column"))
    wanted = _manual_cells(year)
    missing = sum(len({cell for cell in wanted if (agency_id, *cell) not in entered}) for agency_id in agency_ids)
    section.entries.append(Entry("待手工填报的表二单元格", missing, url, note="无记录可计算的单元格，须由公开办填报"))
    section.entries.append(_failing_rules_entry(c, year, agency_ids, url))
    return section


def _failing_rules_entry(c: _Counter, year: int, agency_ids: list[int], url: str | None) -> Entry:
    """The 勾稽 rules the report fails, checked on this visit: a signed-off report as it was frozen,
    a draft by `reports.statistics.failing_rules` (its hand-entered cells; the rest hold by construction)."""
    frozen = dict(AnnualReport.objects.filter(agency_id__in=agency_ids, year=year, frozen__isnull=False)
                  .values_list("agency_id", "frozen__violations"))
    live = failing_rules([agency_id for agency_id in agency_ids if agency_id not in frozen], year)
    count = sum(live.values()) + sum(len(violations or []) for violations in frozen.values())
    checked = timezone.localtime()
    note = (f"核对于{checked:%Y-%m-%d %H:%M}（打开本页时）；由记录计算的单元格按构造符合规则，"
            "未通过的是手工填报的单元格；未通过不能审定")
    if frozen and not live:
        note = f"按审定时冻结的报告；核对于{checked:%Y-%m-%d %H:%M}"
    return Entry("勾稽规则未通过", count, f"{url}#violations" if url and "/change/" in url else url, note=note,
                 urgent=count > 0)


def alerts_section(c: _Counter, calendar) -> Section:
    section = Section("alerts", "提醒")
    next_year = c.today.year + 1
    if (c.today.month, c.today.day) >= HOLIDAY_NOTICE_WATCH_FROM and not calendar.knows(next_year):
        url = None
        if not c.figures_only:
            try:
                url = reverse("admin:holidays_holidaynotice_add")
            except NoReverseMatch:
                url = None
        section.entries.append(Entry(f"尚未录入{next_year}年节假日安排", None, url, urgent=True,
                                     note="国务院办公厅通知发布后请录入，否则跨年期限无法计算"))
    return section


def build(request, today: dt.date) -> Workbench:
    """The workbench of `request.user` on `today`."""
    user = request.user
    role = _primary_role(user)
    scope = scope_of(user)
    figures_only = role == LEADER and not user.is_superuser
    c = _Counter(request, today, figures_only)
    calendar = current_calendar()
    unit_bound = scope.unit_id is not None
    makers = {
        "requests": (InfoRequest, lambda: requests_section(c)),
        "catalog": (Item, lambda: catalog_section(c, role)),
        "enforcement": (DecisionDocument, lambda: enforcement_section(c, calendar)),
        "credit": (PenaltyRecord, lambda: credit_section(c)),
        "report": (AnnualReport, lambda: report_section(c)),
        "alerts": (None, lambda: alerts_section(c, calendar)),
    }
    sections = []
    for key in SECTION_ORDER[role]:
        model, make = makers[key]
        if unit_bound and key in AGENCY_WIDE_SECTIONS:
            continue
        if model is not None and not c.can_view(model):
            continue
        section = make()
        if section.entries:
            sections.append(section)
    profile = getattr(user, "staff_profile", None)
    if scope.everything:
        scope_label = "全部机关"
    elif profile is not None and unit_bound:
        scope_label = f"{profile.agency.name} · {profile.unit.name}"
    elif profile is not None:
        scope_label = profile.agency.name
    else:
        scope_label = "无"
    role_label = "超级管理员" if user.is_superuser else "、".join(sorted(roles_of(user))) or "未分配角色"
    return Workbench(role_label, scope_label, figures_only, sections)
