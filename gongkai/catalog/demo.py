"""Demo directory for the demo bureau: columns, ~3,000 items over three years, consultations.

The data is what a real bureau's directory looks like after two and a bit years of work, so the
portal, search, deadlines and annual report have something true-to-life to show: 索引号 in
publication order with `IndexSequence` left where the next real publish continues, 文号 per
issuing prefix and year, most items published within 20 working days and some late. Everything
comes from one seeded `random.Random`, and rows go in with `bulk_create` (no per-item audit,
search or site work: the demo command reindexes and builds once after all loaders).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai.catalog import demo_texts as texts
from gongkai.catalog.models import Category, Comment, Consultation, IndexSequence, Item
from gongkai.catalog.models.category import NATIONAL_COLUMNS
from gongkai.core.index_numbers import render_index_number
from gongkai.core.workdays import UnknownCalendarYear, add_workdays, workdays_between
from gongkai.org import roles
from gongkai.org.audit import record
from gongkai.org.models import Agency, Unit

BUREAU_COLUMNS = (
    ("org-functions", "机构职能"),
    ("policies", "政策文件"),
    ("interpretations", "政策解读"),
    ("licensing", "行政许可"),
    ("penalties", "行政处罚"),
    ("budgets", "财政预决算"),
    ("public-order", "治安管理"),
    ("traffic", "交通管理"),
    ("exit-entry", "出入境管理"),
    ("household", "户政管理"),
    ("police-bulletins", "警情通报"),
)

# Tests find these by unit and state: exactly one draft in each of these three units.
DRAFTS = (
    ("交警支队", "traffic", "关于调整城区部分道路机动车通行组织的通告"),
    ("治安支队", "public-order", "关于加强寄递物流行业治安管理的通告"),
    ("出入境管理支队", "exit-entry", "出入境证件办理指南（2026年版）"),
)

# Further work in progress, kept out of the three units above so their single draft stays single.
EXTRA_DRAFTS = (
    ("宣传处", "police-bulletins", "关于近期冒充快递客服理赔诈骗的警情提示（草稿）"),
    ("城东分局", "public-order", "城东分局关于辖区出租房屋治安隐患排查情况的通报"),
    ("法制支队", "policies", "示范市公安局行政执法证据指引（征求意见后修改稿）"),
    ("办公室", "guide", "示范市公安局政府信息公开指南（修订稿）"),
    ("人口与户政管理支队", "household", "户籍业务“全市通办”事项清单"),
)

SEED = 20190403  # the 条例's revision date: any fixed number would do, this one is memorable
BATCH = 500

BULLETIN_UNITS = (("宣传处", 4), ("城东分局", 2), ("城西分局", 2), ("高新区分局", 2))
BRANCH_UNITS = (("城东分局", 1), ("城西分局", 1), ("高新区分局", 1))

# column → yearly count, unit weights, template weights. Periodic items (weekly bulletins, monthly
# statistics, holiday notices) are scheduled separately so their titles do not repeat.
RANDOM_PLAN = {
    "police-bulletins": (185, BULLETIN_UNITS,
                         ((texts.case_bulletin, 6), (texts.fraud_warning, 2), (texts.accident_bulletin, 2))),
    "traffic": (265, (("交警支队", 1),),
                ((texts.construction_closure, 11), (texts.camera_notice, 3), (texts.restriction_notice, 1),
                 (texts.event_control, 3), (texts.fangguanfu_guide, 5))),
    "public-order": (100, (("治安支队", 3), ("城东分局", 1), ("城西分局", 1), ("高新区分局", 1)),
                     ((texts.ebike_notice, 1), (texts.venue_inspection, 2))),
    "exit-entry": (45, (("出入境管理支队", 1),), ((texts.exit_entry_guide, 1),)),
    "household": (50, (("人口与户政管理支队", 1),), ((texts.household_guide, 1),)),
    "licensing": (130, (("治安支队", 7), ("交警支队", 2), ("出入境管理支队", 1)), ((texts.licensing_result, 1),)),
    "penalties": (130, (("交警支队", 4), ("治安支队", 3), ("城东分局", 1), ("城西分局", 1), ("高新区分局", 1)),
                  ((texts.penalty_decision, 1),)),
}

WITHDRAWAL_REASONS = ("发布内容有误，更正后重新发布", "涉及个人信息未完全隐去，撤回处理", "重复发布")
APPROVED_REVIEW = "经保密审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。"


@dataclass
class Planned:
    """An item before it becomes a row: its wording plus where, when and in what state."""

    text: texts.Text
    unit: str
    column: str
    written_on: dt.date
    state: str = Item.State.PUBLISHED
    delay: int | None = None  # working days from written_on to published_on; None: drawn
    published_on: dt.date | None = None
    links: dict = field(default_factory=dict)
    row: Item | None = None


def weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return rng.choices(values, weights=weights)[0]


def _weekday_fallback(day: dt.date, n: int) -> dt.date:
    """Monday-to-Friday counting, only for demo dates in a year the holiday package does not know
    yet; real deadlines never fall back like this (see gongkai.core.workdays)."""
    while n > 0:
        day += dt.timedelta(days=1)
        n -= day.weekday() < 5
    return day


def publish_date(written_on: dt.date, delay: int, today: dt.date) -> dt.date:
    """`delay` working days after `written_on`, pulled back so nothing is published after today."""
    try:
        published = add_workdays(written_on, delay)
        if published > today:
            published = add_workdays(written_on, max(0, min(delay, workdays_between(written_on, today))))
    except UnknownCalendarYear:
        published = _weekday_fallback(written_on, delay)
    return min(published, today)


def draw_delay(rng: random.Random) -> int:
    """Mostly on time, a tail of late publications (21-25 working days) so the rate is not 100%."""
    roll = rng.random()
    if roll < 0.62:
        return rng.randint(0, 3)
    if roll < 0.9:
        return rng.randint(4, 12)
    if roll < 0.955:
        return rng.randint(13, 20)
    return rng.randint(21, 25)


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def at(day: dt.date, rng: random.Random, earliest: int = 8, latest: int = 17) -> dt.datetime:
    moment = dt.datetime.combine(day, dt.time(rng.randint(earliest, latest), rng.randint(0, 59)))
    return timezone.make_aware(moment)


class DemoCatalog:
    """Plans every item in memory, then writes them in a few bulk statements."""

    def __init__(self, agency: Agency, today: dt.date):
        self.agency = agency
        self.today = today
        self.start = dt.date(today.year - 2, 1, 1)
        self.rng = random.Random(SEED)
        self.units = {unit.name: unit for unit in Unit.objects.filter(agency=agency)}
        self.planned: list[Planned] = []
        self.titles: set[str] = set()
        self._load_staff()

    # ------------------------------------------------------------------ staff

    def _load_staff(self) -> None:
        User = get_user_model()
        staff = User.objects.filter(staff_profile__agency=self.agency).select_related("staff_profile")
        self.officers, self.unit_reviewers, self.office_user, self.reviewer = {}, {}, None, None
        for user in staff.prefetch_related("groups").order_by("id"):
            groups = {group.name for group in user.groups.all()}
            unit = user.staff_profile.unit
            if roles.OFFICER in groups and unit:
                self.officers.setdefault(unit.name, user)
            if roles.OFFICE in groups:
                self.office_user = self.office_user or user
                if unit:
                    self.officers.setdefault(unit.name, user)
            if roles.REVIEWER in groups:
                if unit:
                    self.unit_reviewers.setdefault(unit.name, user)
                else:
                    self.reviewer = self.reviewer or user

    def author(self, unit: str):
        return self.officers.get(unit) or self.office_user

    def reviewer_for(self, unit: str):
        return self.unit_reviewers.get(unit) or self.reviewer or self.office_user

    # ------------------------------------------------------------------ planning

    def plan(self, text: texts.Text, unit: str, column: str, written_on: dt.date, **extra) -> Planned:
        planned = Planned(text, unit, column, written_on, **extra)
        self.planned.append(planned)
        self.titles.add(text.title)
        return planned

    def fresh_text(self, maker, unit: str, on: dt.date) -> texts.Text:
        """A template's text, redrawn a few times if the title is already taken."""
        text = maker(self.rng, on, unit)
        for _ in range(8):
            if text.title not in self.titles:
                break
            text = maker(self.rng, on, unit)
        return text

    def plan_random(self) -> None:
        span = (self.today - self.start).days + 1
        for column, (per_year, unit_weights, makers) in RANDOM_PLAN.items():
            for _ in range(round(per_year * span / 365)):
                unit = weighted(self.rng, unit_weights)
                on = random_day(self.rng, self.start, self.today)
                self.plan(self.fresh_text(weighted(self.rng, makers), unit, on), unit, column, on)

    def plan_periodic(self) -> None:
        rng, today = self.rng, self.today
        monday = self.start + dt.timedelta(days=-self.start.weekday() % 7)
        while monday <= today:
            self.plan(texts.weekly_bulletin(rng, monday, "宣传处"), "宣传处", "police-bulletins", monday,
                      delay=rng.choice((0, 0, 0, 1)))
            monday += dt.timedelta(days=7)
        for year in range(self.start.year, today.year + 1):
            for month in range(1, 13):
                first = dt.date(year, month, rng.randint(3, 8))
                if first > today:
                    break
                self.plan(texts.exit_entry_statistics(rng, first, "出入境管理支队"), "出入境管理支队", "exit-entry", first)
                self.plan(texts.household_notice(rng, first, "人口与户政管理支队"), "人口与户政管理支队", "household", first)
                mid = dt.date(year, month, rng.randint(12, 20))
                if mid <= today:
                    self.plan(texts.delivery_inspection(rng, mid, "治安支队"), "治安支队", "public-order", mid)
                if month in (1, 4, 7, 10):
                    self.plan(texts.demerit_notice(rng, first, "交警支队"), "交警支队", "traffic", first)
            for holiday_month, holiday in zip((12, 1, 3, 4, 5, 9, 9), texts.HOLIDAYS):
                day = dt.date(year, holiday_month, rng.randint(15, 25))
                if day <= today:
                    text = texts.exit_entry_hours(rng, day, "出入境管理支队", holiday=holiday)
                    self.plan(text, "出入境管理支队", "exit-entry", day)
                    text = texts.holiday_traffic(rng, day, "交警支队", holiday=holiday)
                    self.plan(text, "交警支队", "traffic", day)
            for maker, month, unit in ((texts.fireworks_notice, 12, "治安支队"), (texts.dog_notice, 3, "治安支队")):
                day = dt.date(year, month, rng.randint(10, 20))
                if day <= today:
                    self.plan(maker(rng, day, unit), unit, "public-order", day)

    def plan_policies(self) -> list[Planned]:
        """Named documents: each once, one revised (已修订 → its replacement), a few repealed."""
        rng, today = self.rng, self.today
        policies = []
        latest = today - dt.timedelta(days=30)
        for doc in texts.POLICY_DOCS:
            years = range(self.start.year, today.year + 1) if doc.genre == "计划" else (None,)
            for year in years:
                if year is None:
                    on = random_day(rng, self.start, latest)
                else:
                    on = dt.date(year, 2, rng.randint(10, 27))
                    if on > latest:
                        continue
                text = texts.policy_text(doc, rng, on)
                policies.append(self.plan(text, doc.unit, "policies", on, links={"doc": doc}))
        # One document revised a year later: the old one is 已修订 and points at the new.
        old = next(p for p in policies if p.links["doc"].title.endswith("行政处罚裁量基准"))
        old.written_on = dt.date(self.start.year, 3, 16)
        old.text = texts.policy_text(old.links["doc"], rng, old.written_on)
        revised_on = dt.date(self.start.year + 1, 4, 8)
        new = self.plan(texts.policy_text(old.links["doc"], rng, revised_on, revised=True), old.unit, "policies",
                        revised_on, links={"doc": old.links["doc"]})
        old.links["replaced_by"] = new
        policies.append(new)
        # Interim measures repealed later on (废止): they stay listed, marked.
        for number, title in enumerate(texts.REPEALED_TITLES):
            on = dt.date(self.start.year, 2 + number * 3, 10 + number)
            repealed = self.plan(texts.repealed_text(title, rng, on), "法制支队", "policies", on)
            repealed.links["repealed_on"] = min(today, dt.date(self.start.year + 1 + number % 2, 6, 30))
            policies.append(repealed)
        return policies

    def plan_office(self) -> None:
        rng, today, agency = self.rng, self.today, self.agency
        for order, unit in enumerate(texts.UNIT_FUNCTIONS):
            on = dt.date(self.start.year, 1, 15 + order)
            self.plan(texts.unit_function_text(unit, on), "办公室", "org-functions", on)
        for year in range(self.start.year, today.year + 1):
            on = dt.date(year, 1, 10)
            if on <= today:
                self.plan(texts.guide_text(agency, year), "办公室", "guide", on)
            budget_day = dt.date(year, 2, rng.randint(5, 25))
            if budget_day <= today:
                self.plan(texts.budget_text("budget", year, rng, budget_day), "办公室", "budgets", budget_day)
            final_day = dt.date(year, 8, rng.randint(10, 28))
            if final_day <= today:
                self.plan(texts.budget_text("final", year - 1, rng, final_day), "办公室", "budgets", final_day)
        for order, (name, gist) in enumerate(texts.RULE_DOCS):
            on = dt.date(self.start.year, 4 + order, 20)
            self.plan(texts.rule_text(name, gist, on), "办公室", "rules", on)

    def plan_annual_reports(self) -> None:
        """One report per year, published in January of the next; counts from the planned data."""
        for year in range(self.start.year - 1, self.today.year):
            on = dt.date(year + 1, 1, 18)
            if on > self.today:
                continue
            in_year = [p for p in self.planned if p.written_on.year == year]
            published = len(in_year) or self.rng.randint(900, 1200)
            normative = sum(1 for p in in_year if p.text.document_kind == "normative")
            self.plan(texts.annual_report_text(self.agency, year, published, normative, on), "办公室",
                      "annual-reports", on, delay=2)

    def plan_work_in_progress(self) -> None:
        today = self.today
        for unit, column, title in DRAFTS + EXTRA_DRAFTS:
            text = texts.Text(title, "", texts.paragraphs(f"{title}（草稿）", "正文待起草单位补充完善。"), "", "", "")
            self.plan(text, unit, column, today, state=Item.State.DRAFT)
        pending = (("交警支队", "traffic", texts.construction_closure), ("治安支队", "public-order", texts.ebike_notice),
                   ("出入境管理支队", "exit-entry", texts.exit_entry_guide), ("城西分局", "penalties", texts.penalty_decision),
                   ("人口与户政管理支队", "household", texts.household_guide), ("宣传处", "police-bulletins", texts.fraud_warning),
                   ("交警支队", "traffic", texts.camera_notice), ("高新区分局", "public-order", texts.venue_inspection))
        for number, (unit, column, maker) in enumerate(pending):
            on = today - dt.timedelta(days=2 + number * 5)  # the oldest are close to, or past, their deadline
            self.plan(self.fresh_text(maker, unit, on), unit, column, on, state=Item.State.IN_REVIEW)

    def plan_interpretations(self, policies: list[Planned]) -> None:
        """About 40 解读, each right after the policy it explains (同步起草、同步发布)."""
        explained = [p for p in policies if p.text.document_kind in ("normative", "rule") or p.text.genre == "意见"]
        explained = [p for p in explained if "repealed_on" not in p.links]
        extra = [p for p in policies if p not in explained]
        chosen = (explained + extra)[:40]
        while len(chosen) < 40 and explained:
            chosen.append(explained[len(chosen) % len(explained)])
        for policy in chosen:
            style = texts.INTERPRETATION_STYLES[policy.links.get("interpretations", 0) % len(texts.INTERPRETATION_STYLES)]
            policy.links["interpretations"] = policy.links.get("interpretations", 0) + 1
            on = policy.written_on + dt.timedelta(days=self.rng.randint(0, 3))
            planned = self.plan(texts.Text("", "", "", "", "", ""), policy.unit, "interpretations", on)
            planned.links["interprets"] = policy
            planned.links["style"] = style

    # ------------------------------------------------------------------ dates, numbers, rows

    def settle_dates(self) -> None:
        rng, today = self.rng, self.today
        for planned in sorted((p for p in self.planned if "interprets" not in p.links), key=lambda p: p.written_on):
            if planned.state == Item.State.PUBLISHED:
                delay = planned.delay if planned.delay is not None else draw_delay(rng)
                planned.published_on = publish_date(planned.written_on, delay, today)
        for planned in self.planned:
            policy = planned.links.get("interprets")
            if policy is not None:
                planned.written_on = max(planned.written_on, policy.published_on)
                planned.published_on = publish_date(planned.written_on, rng.randint(0, 2), today)
                planned.text = texts.interpretation_text(policy.text.title, "", policy.text.summary, rng,
                                                         planned.written_on, planned.links["style"])

    def assign_document_numbers(self) -> None:
        counters: dict[tuple[str, int], int] = {}
        for planned in sorted(self.planned, key=lambda p: (p.written_on, p.text.title)):
            prefix = planned.text.number_prefix
            if not prefix or planned.state == Item.State.DRAFT:
                continue
            key = (prefix, planned.written_on.year)
            counters[key] = counters.get(key, 0) + self.rng.randint(1, 3)  # other, unpublished documents take numbers too
            planned.links["document_number"] = f"{prefix}〔{planned.written_on.year}〕{counters[key]}号"
        for planned in self.planned:
            policy = planned.links.get("interprets")
            if policy is not None:
                number = policy.links.get("document_number", "")
                planned.text = texts.interpretation_text(policy.text.title, number, policy.text.summary, self.rng,
                                                         planned.written_on, planned.links["style"])

    def withdraw_a_few(self) -> None:
        candidates = [p for p in self.planned if p.column in ("police-bulletins", "penalties")
                      and p.state == Item.State.PUBLISHED and p.published_on and p.published_on < self.today]
        for number, planned in enumerate(self.rng.sample(candidates, min(4, len(candidates)))):
            planned.state = Item.State.WITHDRAWN
            planned.links["withdrawal_reason"] = WITHDRAWAL_REASONS[number % len(WITHDRAWAL_REASONS)]

    def build_rows(self, categories: dict[str, Category]) -> list[Item]:
        rng, agency = self.rng, self.agency
        rows = []
        for planned in self.planned:
            text, unit = planned.text, planned.unit
            reviewed = planned.published_on is not None
            reviewed_at = at(planned.published_on, rng) if reviewed else None
            kind = text.document_kind
            row = Item(
                agency=agency, unit=self.units[unit], category=categories[planned.column], title=text.title,
                summary=text.summary, document_number=planned.links.get("document_number", ""),
                written_on=planned.written_on, published_on=planned.published_on,
                effective_on=planned.written_on + dt.timedelta(days=30) if kind else None,
                repealed_on=planned.links.get("repealed_on"),
                topic=text.topic, genre=text.genre, keywords=text.keywords, document_kind=kind,
                validity=Item.Validity.REPEALED if "repealed_on" in planned.links else Item.Validity.VALID,
                body=text.body, state=planned.state, created_by=self.author(unit),
                reviewed_by=self.reviewer_for(unit) if reviewed else None, reviewed_at=reviewed_at,
                confidentiality_review=APPROVED_REVIEW if reviewed else "",
                withdrawal_reason=planned.links.get("withdrawal_reason", ""),
            )
            if planned.state == Item.State.IN_REVIEW:
                row.review_digest = row.content_digest()  # submitted as it stands (catalog/workflow.submit_item)
            row.created_at = at(planned.written_on, rng, 8, 11)
            row.updated_at = max(reviewed_at or row.created_at, row.created_at)
            planned.row = row
            rows.append(row)
        return rows

    def assign_index_numbers(self) -> dict[int, int]:
        """索引号 in publication order, per year, exactly as `assign_index_number` would have."""
        agency = self.agency
        existing = dict(IndexSequence.objects.filter(agency=agency).values_list("year", "last_value"))
        last = {}
        published = [p.row for p in self.planned if p.row.published_on is not None]
        for row in sorted(published, key=lambda r: (r.published_on, r.reviewed_at)):
            year = row.published_on.year
            last[year] = last.get(year, existing.get(year, 0)) + 1
            row.index_number = render_index_number(
                agency.index_number_format, org_code=agency.org_code, uscc=agency.uscc, year=year,
                month=row.published_on.month, sequence=last[year],
            )
        return last


def create_directory(agency: Agency) -> dict[str, Category]:
    categories = {}
    for order, (slug, name) in enumerate(NATIONAL_COLUMNS):
        categories[slug] = Category.objects.create(agency=agency, slug=slug, name=name, sort_order=order, is_national=True)
    for order, (slug, name) in enumerate(BUREAU_COLUMNS):
        categories[slug] = Category.objects.create(agency=agency, parent=categories["statutory"], slug=slug, name=name,
                                                   sort_order=order)
    return categories


def link_rows(catalog: DemoCatalog) -> None:
    """Second pass once rows have keys: 解读 → policy, 已修订 → replacement."""
    changed = []
    for planned in catalog.planned:
        policy = planned.links.get("interprets")
        if policy is not None:
            planned.row.interprets = policy.row
            changed.append(planned.row)
        replacement = planned.links.get("replaced_by")
        if replacement is not None:
            planned.row.replaced_by = replacement.row
            planned.row.validity = Item.Validity.AMENDED
            planned.row.repealed_on = replacement.row.published_on
            changed.append(planned.row)
    Item.objects.bulk_update(changed, ["interprets", "replaced_by", "validity", "repealed_on"], batch_size=BATCH)


def restore_timestamps(rows: list[Item]) -> None:
    """`auto_now_add` stamps load time on bulk_create; put back when the work really happened."""
    Item.objects.bulk_update(rows, ["created_at", "updated_at"], batch_size=BATCH)


def save_sequences(agency: Agency, last: dict[int, int]) -> None:
    """Leave each year's counter at its last number, so the next real publish continues from it."""
    for year, value in last.items():
        sequence, _ = IndexSequence.objects.get_or_create(agency=agency, year=year)
        if sequence.last_value < value:
            sequence.last_value = value
            sequence.save(update_fields=["last_value"])


def create_consultations(catalog: DemoCatalog) -> None:
    rng, today, agency, units = catalog.rng, catalog.today, catalog.agency, catalog.units
    moderator = catalog.office_user
    open_one = Consultation.objects.create(
        agency=agency, unit=units["治安支队"], title="《示范市电动自行车管理规定（征求意见稿）》公开征求意见",
        description="为规范电动自行车登记、通行和停放充电管理，我局起草了本规定征求意见稿，现向社会公开征求意见。",
        draft_text=texts.paragraphs("第一条 为了加强电动自行车管理，保障道路交通安全和消防安全，制定本规定。",
                                    "第二条 电动自行车应当经公安机关交通管理部门登记，取得号牌后方可上道路行驶。",
                                    "第三条 禁止在建筑物的公共门厅、疏散通道、楼梯间停放电动自行车或者为其充电。"),
        opens_on=today - dt.timedelta(days=10), closes_on=today + dt.timedelta(days=15), is_published=True,
    )
    basis = next(p for p in catalog.planned if p.text.title.endswith("轻微违法行为不予处罚清单》的通知"))
    closes_on = basis.written_on - dt.timedelta(days=12)
    closed = Consultation.objects.create(
        agency=agency, unit=units["法制支队"], title="《示范市公安局轻微违法行为不予处罚清单（征求意见稿）》公开征求意见",
        description="根据《中华人民共和国行政处罚法》第三十三条，我局起草了轻微违法行为不予处罚清单，现公开征求意见。",
        draft_text=texts.paragraphs("一、首次违反治安管理，情节轻微并及时改正，没有造成危害后果的，不予处罚。",
                                    "二、驾驶电动自行车未佩戴安全头盔，经教育后改正的，不予罚款。"),
        opens_on=closes_on - dt.timedelta(days=30), closes_on=closes_on, is_published=True,
        resulting_item=basis.row, summary_published_on=basis.written_on,
        feedback_summary=("征求意见期间共收到意见建议6条。经研究，采纳2条：增加“电动自行车未佩戴安全头盔首次违法不予罚款”情形、"
                          "明确教育纠正的方式；部分采纳1条；未采纳3条，主要涉及超出本局职权的事项和与上位法规定不一致的建议。"
                          "感谢社会各界的关心和支持。"),
    )
    comments = (
        (closed, "张先生", "13912345678", "建议将电动自行车首次未戴头盔纳入不予处罚清单，以教育为主。", Comment.Status.APPROVED),
        (closed, "示范市律师协会", "lawyers@example.org", "建议明确“及时改正”的期限，避免执法尺度不一。", Comment.Status.APPROVED),
        (closed, "李女士", "13700001111", "清单中“危害后果轻微”的认定标准应当列举，便于群众理解。", Comment.Status.APPROVED),
        (closed, "匿名", "", "你们就是想少罚款，这种清单没有用！！！", Comment.Status.REJECTED),
        (closed, "王某", "wang@example.com", "建议把违法停车全部改为不予处罚。", Comment.Status.REJECTED),
        (closed, "赵先生", "15800002222", "建议在网站同时公开适用清单的典型案例。", Comment.Status.APPROVED),
        (open_one, "周女士", "13600003333", "建议小区统一建设电动自行车集中充电设施后再禁止室内充电。", Comment.Status.APPROVED),
        (open_one, "快递从业人员", "13500004444", "外卖、快递电动自行车能否办理专用号牌？", Comment.Status.PENDING),
        (open_one, "孙先生", "sun@example.net", "建议对违规改装电动自行车的销售者加大罚款力度。", Comment.Status.PENDING),
    )
    rows = [Comment(consultation=consultation, name=name, contact=contact, body=body, status=status,
                    client_hash=hashlib.sha256(f"demo-comment-{number}".encode()).hexdigest(),
                    moderated_by=moderator if status != Comment.Status.PENDING else None)
            for number, (consultation, name, contact, body, status) in enumerate(comments)]
    Comment.objects.bulk_create(rows)
    for row, (consultation, *_rest) in zip(rows, comments):
        day = random_day(rng, consultation.opens_on, min(consultation.closes_on, today))
        row.submitted_at = at(day, rng, 8, 22)
    Comment.objects.bulk_update(rows, ["submitted_at"])


def load(agency: Agency, today: dt.date) -> None:
    """Load the demo directory for `agency` as of `today` (the caller holds the transaction)."""
    catalog = DemoCatalog(agency, today)
    categories = create_directory(agency)
    catalog.plan_random()
    catalog.plan_periodic()
    policies = catalog.plan_policies()
    catalog.plan_office()
    catalog.plan_interpretations(policies)
    catalog.plan_annual_reports()
    catalog.plan_work_in_progress()
    catalog.settle_dates()
    catalog.assign_document_numbers()
    catalog.withdraw_a_few()
    rows = catalog.build_rows(categories)
    last = catalog.assign_index_numbers()
    Item.objects.bulk_create(rows, batch_size=BATCH)
    link_rows(catalog)
    restore_timestamps(rows)
    save_sequences(agency, last)
    create_consultations(catalog)
    published = sum(1 for row in rows if row.state == Item.State.PUBLISHED)
    record("import", agency, agency=agency,
           summary=f"载入演示数据：{len(categories)}个栏目，{len(rows)}条公开条目（已发布{published}条），2项征求意见")
