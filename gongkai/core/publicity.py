"""How long a 行政处罚 stays on the credit sites, when it may be repaired, and the 双公示 deadlines.

Sources (law-and-standards.md §4.1, §4.4):
- 发改办财金〔2019〕527号: 一般 penalty information at least 3 months, at most 1 year; 严重 at least
  6 months, at most 3 years; counted from the decision date; the site takes it down at the maximum.
- 《信用修复管理办法》 (NDRC, effective 2026-04-01, per news reports): 轻微 not published in principle
  (at most 3 months if an authority thinks it necessary, repairable once the legal duty is done);
  一般 3 months to 1 year; 严重 1 to 3 years; counted from the date of the document.
- 行政处罚法 (2021) 第四十八条第二款: a published decision that is changed, revoked or found unlawful or
  void is withdrawn "在三日内"; 第八十五条: "三日" means working days.
- The working-day functions take the statutory WorkCalendar (core/workdays); None means the
  calendar from the chinese-calendar package, which raises for a year it does not know.
- 双公示: the data reach the 发改委 within 5 working days of the decision and are online within 7
  working days (seed annual report 2018; §4.1).

Which rule set applies is decided by the decision date: the rules in force on that day. A record is
not re-timed when newer rules come into force (UNSURE: the 2026 办法's transitional provisions were
not seen). The 2023 令第58号 (effective 2023-05-01) is not a separate rule set here because its
period articles were not seen (§4.4); decisions before 2026-04-01 use the 527号 periods.

Period arithmetic follows 民法典 第二百零一条/第二百零二条 (cited from memory, not in laws/): a period
in months or years starts the day after the decision and ends on the corresponding day of the last
month (the month's last day when there is none). So a 1-year period from 2019-10-10 ends on
2020-10-10 (the 公示截止期), and a 3-month minimum from 2019-10-10 is reached at the end of
2020-01-10, so repair can be granted from 2020-01-11.
"""

from __future__ import annotations

import calendar as _calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from gongkai.core.workdays import WorkCalendar, add_workdays

__all__ = [
    "MINOR",
    "ORDINARY",
    "PUSH_WORKDAYS",
    "PUBLISH_WORKDAYS",
    "PublicityWindow",
    "RULES_2019",
    "RULES_2026",
    "RULE_SETS",
    "RuleSet",
    "SERIOUS",
    "SEVERITIES",
    "SeverityRule",
    "WITHDRAW_WORKDAYS",
    "add_months",
    "publication_deadlines",
    "publicity_window",
    "publish_due",
    "push_due",
    "repair_eligible",
    "rules_for",
    "withdrawal_due",
]

MINOR = "轻微"
ORDINARY = "一般"
SERIOUS = "严重"
SEVERITIES = (MINOR, ORDINARY, SERIOUS)

PUSH_WORKDAYS = 5  # to the 发改委 / credit platform
PUBLISH_WORKDAYS = 7  # "自作出行政决定之日起7个工作日内上网公开"
WITHDRAW_WORKDAYS = 3  # 行政处罚法 第四十八条第二款 with 第八十五条


@dataclass(frozen=True)
class SeverityRule:
    """Publicity for one severity: minimum and maximum months, or not published at all.

    `published` False means "not published in principle"; `max_months_if_published` is then the
    cap an authority must respect if it publishes anyway (2026: 轻微 at most 3 months).
    """

    published: bool
    min_months: int = 0
    max_months: int = 0
    max_months_if_published: int = 0


@dataclass(frozen=True)
class RuleSet:
    """One instrument's periods, in force from `effective_from` (inclusive)."""

    name: str
    source: str
    effective_from: date
    severities: dict  # severity -> SeverityRule
    note: str = ""

    def rule(self, severity: str) -> SeverityRule:
        try:
            return self.severities[severity]
        except KeyError:
            raise ValueError(f"失信程度应为{'、'.join(SEVERITIES)}之一，实为“{severity}”") from None


RULES_2019 = RuleSet(
    name="2019",
    source="发改办财金〔2019〕527号《关于进一步完善“信用中国”网站及地方信用门户网站行政处罚信息信用修复机制的通知》",
    # UNSURE: the notice's own date was not seen. It is the earliest rule set here, so it also
    # answers for older decisions: their records were on the sites under these periods from 2019 on.
    effective_from=date.min,
    severities={
        # The 527号 notice knows only 一般 and 严重. Decided strictly: a 轻微 penalty is still a
        # penalty that the 7-working-day rule requires to be published, and nothing in force before
        # 2026-04-01 exempts it, so it is treated as 一般 (3 months to 1 year). (A 轻微 violation that
        # is corrected in time is not penalised at all, 行政处罚法 第三十三条, so it has no record.)
        MINOR: SeverityRule(published=True, min_months=3, max_months=12),
        ORDINARY: SeverityRule(published=True, min_months=3, max_months=12),
        SERIOUS: SeverityRule(published=True, min_months=6, max_months=36),
    },
    note="轻微 is treated as 一般: the notice has no 轻微 category and no exemption from publication.",
)

RULES_2026 = RuleSet(
    name="2026",
    source="《信用修复管理办法》（国家发展改革委，2026年4月1日起施行）",
    effective_from=date(2026, 4, 1),
    severities={
        MINOR: SeverityRule(published=False, min_months=0, max_months=0, max_months_if_published=3),
        ORDINARY: SeverityRule(published=True, min_months=3, max_months=12),
        SERIOUS: SeverityRule(published=True, min_months=12, max_months=36),
    },
    note="轻微: not published in principle; if published, at most 3 months and repairable at once.",
)

RULE_SETS = (RULES_2019, RULES_2026)  # chronological


class PublicityWindow(NamedTuple):
    """The result of `publicity_window`; unpacks as (earliest_repair_date, end_date, published).

    `end_date` is the 公示截止期 (the last day shown). `earliest_repair_date` is the first day a
    信用修复 may take the record down (the minimum period has passed); both are None when the record
    is not published.
    """

    earliest_repair_date: date | None
    end_date: date | None
    published: bool


def add_months(day: date, months: int) -> date:
    """The corresponding day `months` later; the month's last day when it has none (1-31 → 2-28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def rules_for(decision_date: date, rule_sets: tuple[RuleSet, ...] = RULE_SETS) -> RuleSet:
    """The rule set in force on `decision_date` (the latest whose effective date is not after it)."""
    chosen = None
    for rule_set in sorted(rule_sets, key=lambda r: r.effective_from):
        if rule_set.effective_from <= decision_date:
            chosen = rule_set
    if chosen is None:
        raise LookupError(f"没有适用于{decision_date.isoformat()}作出的决定的公示期限规则")
    return chosen


def publicity_window(
    decision_date: date,
    severity: str,
    rules: RuleSet | None = None,
    *,
    publish_minor: bool = False,
) -> PublicityWindow:
    """When the penalty may be repaired and when its publicity ends, under the rules of its date.

    `publish_minor` is the authority's decision to publish a 轻微 penalty that the rules say is not
    published in principle (2026): it is then shown for at most 3 months and may be repaired at once.
    """
    rule_set = rules or rules_for(decision_date)
    rule = rule_set.rule(severity)
    if not rule.published:
        if not publish_minor:
            return PublicityWindow(None, None, False)
        return PublicityWindow(decision_date, add_months(decision_date, rule.max_months_if_published), True)
    earliest = add_months(decision_date, rule.min_months) + timedelta(days=1)
    return PublicityWindow(earliest, add_months(decision_date, rule.max_months), True)


def repair_eligible(
    decision_date: date,
    severity: str,
    on: date,
    *,
    obligations_performed: bool,
    rules: RuleSet | None = None,
    publish_minor: bool = False,
) -> bool:
    """Whether 信用修复 may be granted on `on`: published, still shown, minimum period passed, and the
    obligations performed (the 2026 办法 also requires a public 信用承诺; the caller checks that)."""
    window = publicity_window(decision_date, severity, rules, publish_minor=publish_minor)
    if not window.published or not obligations_performed:
        return False
    return window.earliest_repair_date <= on <= window.end_date


def withdrawal_due(changed_on: date, calendar: WorkCalendar | None = None) -> date:
    """Last day to withdraw a published decision that was changed, revoked or found unlawful/void.

    行政处罚法 第四十八条第二款 "在三日内撤回", with 第八十五条: three working days after `changed_on`.
    """
    return add_workdays(changed_on, WITHDRAW_WORKDAYS, calendar)


def push_due(decision_date: date, calendar: WorkCalendar | None = None) -> date:
    """Last day to push the record to the credit platform: 5 working days after the decision."""
    return add_workdays(decision_date, PUSH_WORKDAYS, calendar)


def publish_due(decision_date: date, calendar: WorkCalendar | None = None) -> date:
    """Last day the record must be publicly visible: 7 working days after the decision (§4.1)."""
    return add_workdays(decision_date, PUBLISH_WORKDAYS, calendar)


def publication_deadlines(decision_date: date, calendar: WorkCalendar | None = None) -> tuple[date, date]:
    """(push_due, publish_due) for one decision."""
    return push_due(decision_date, calendar), publish_due(decision_date, calendar)
