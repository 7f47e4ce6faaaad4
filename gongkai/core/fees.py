"""信息处理费: the progressive per-request and per-page scales of 国办函〔2020〕109号, in Decimal yuan.

Requests are free by default (条例第四十二条第一款). Only when the number or frequency of an
applicant's requests clearly exceeds a reasonable range may the agency charge a 信息处理费, under
the measure of 国办函〔2020〕109号 (条例第四十二条第二款; in force from 2021-01-01, unverified).
The measure gives two scales, both 超额累进 (each band's rate applies only to the part in that band):

- 按件计收 (its art.4): the same applicant's requests in one calendar month (自然月). Requests
  1-10 are free; 11-30 cost 100元 each; from the 31st, each further band of 10 requests costs
  100元 more per request (31-40: 200元, 41-50: 300元, ...).
- 按量计收 (its art.5): the pages of one request. Pages 1-30 are free; 31-100: 10元/页;
  101-200: 20元/页; from 201: 40元/页.

One request is charged on one scale only, never both (its art.3): `fee_for_request` takes the
basis and refuses the other scale's quantity. Counting which request of the month this is is the
caller's. Whether a fee may be charged at all is `fee_refusal`'s: never on a request received
before the measure took effect (core.clock.FEES_EFFECTIVE), and 按量 only where the information is
given as paper, by e-mail or as copied electronic data, not where the agency only points to
information already published (its art.5).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from gongkai.core.clock import FEE_LAW, FEES_EFFECTIVE

__all__ = [
    "FeeBasis",
    "FeeBand",
    "FeeBreakdown",
    "fee_per_request",
    "fee_for_month",
    "fee_by_pages",
    "breakdown_by_requests",
    "breakdown_by_pages",
    "fee_for_request",
    "fee_refusal",
]

YUAN = Decimal("0.01")

# 按件: (first request of the band, last or None for open-ended, 元 per request).
FREE_REQUESTS_PER_MONTH = 10
FIRST_CHARGED_BAND_LAST = 30
FIRST_CHARGED_RATE = Decimal("100")
STEP_REQUESTS = 10  # from the 31st request, every 10 requests ...
STEP_RATE = Decimal("100")  # ... raise the rate by 100元 per request

# 按量: (first page, last page or None, 元 per page).
PAGE_BANDS: tuple[tuple[int, int | None, Decimal], ...] = (
    (1, 30, Decimal("0")),
    (31, 100, Decimal("10")),
    (101, 200, Decimal("20")),
    (201, None, Decimal("40")),
)


class FeeBasis(str, Enum):
    PER_REQUEST = "per_request"  # 按件计收
    PER_PAGE = "per_page"  # 按量计收


BASIS_LABELS = {FeeBasis.PER_REQUEST: "按件计收", FeeBasis.PER_PAGE: "按量计收"}
_UNIT = {FeeBasis.PER_REQUEST: "件", FeeBasis.PER_PAGE: "页"}


def _yuan(amount: Decimal) -> Decimal:
    return amount.quantize(YUAN)


@dataclass(frozen=True)
class FeeBand:
    """The part of the quantity that falls in one band of the scale, for the 收费通知书."""

    basis: FeeBasis
    first: int  # first request (or page) of this band that is charged here
    last: int  # last one charged here
    rate: Decimal  # 元 per request (or page)

    @property
    def count(self) -> int:
        return self.last - self.first + 1

    @property
    def amount(self) -> Decimal:
        return _yuan(self.rate * self.count)

    def describe(self) -> str:
        unit = _UNIT[self.basis]
        span = f"第{self.first}{unit}" if self.first == self.last else f"第{self.first}—{self.last}{unit}"
        if not self.rate:
            return f"{span}，共{self.count}{unit}，免费"
        return f"{span}，共{self.count}{unit}，每{unit}{self.rate}元，计{self.amount}元"


@dataclass(frozen=True)
class FeeBreakdown:
    """A fee with the bands it is made of: the 收费通知 must state the basis and the rate (109号)."""

    basis: FeeBasis
    bands: tuple[FeeBand, ...]

    @property
    def total(self) -> Decimal:
        return _yuan(sum((band.amount for band in self.bands), Decimal("0")))

    @property
    def quantity(self) -> int:
        return sum(band.count for band in self.bands)

    def lines(self) -> list[str]:
        """Chinese lines for the 收费通知书: one per band, then the total."""
        head = f"{BASIS_LABELS[self.basis]}（国办函〔2020〕109号，超额累进）"
        return [head, *(band.describe() for band in self.bands), f"合计{self.total}元"]


def _request_rate(nth: int) -> Decimal:
    """The rate of the band that the Nth request of the month falls in (109号 按件)."""
    if nth <= FREE_REQUESTS_PER_MONTH:
        return Decimal("0")
    if nth <= FIRST_CHARGED_BAND_LAST:
        return FIRST_CHARGED_RATE
    step = (nth - FIRST_CHARGED_BAND_LAST - 1) // STEP_REQUESTS + 1
    return FIRST_CHARGED_RATE + STEP_RATE * step


def _request_band_bounds(nth: int) -> tuple[int, int]:
    """First and last request of the band holding the Nth request."""
    if nth <= FREE_REQUESTS_PER_MONTH:
        return 1, FREE_REQUESTS_PER_MONTH
    if nth <= FIRST_CHARGED_BAND_LAST:
        return FREE_REQUESTS_PER_MONTH + 1, FIRST_CHARGED_BAND_LAST
    step = (nth - FIRST_CHARGED_BAND_LAST - 1) // STEP_REQUESTS
    first = FIRST_CHARGED_BAND_LAST + 1 + step * STEP_REQUESTS
    return first, first + STEP_REQUESTS - 1


def fee_per_request(nth_request_in_month: int) -> Decimal:
    """The fee for the applicant's Nth request of the calendar month (1-based), 109号 按件."""
    if nth_request_in_month < 1:
        raise ValueError("本月第几件申请须为正整数")
    return _yuan(_request_rate(nth_request_in_month))


def breakdown_by_requests(first: int, last: int) -> FeeBreakdown:
    """The fee for requests `first`..`last` of the applicant's month, band by band.

    One application split by the 一事一申请 rule into several requests is charged as the run of
    numbers those requests take in the month.
    """
    if first < 1 or last < first - 1:
        raise ValueError("申请序号须为正整数且起止有序")
    bands = []
    nth = first
    while nth <= last:
        band_first, band_last = _request_band_bounds(nth)
        upto = min(band_last, last)
        bands.append(FeeBand(FeeBasis.PER_REQUEST, nth, upto, _request_rate(nth)))
        nth = upto + 1
    return FeeBreakdown(FeeBasis.PER_REQUEST, tuple(bands))


def fee_for_month(count: int) -> Decimal:
    """Total fees for `count` requests by one applicant in one calendar month (109号 按件)."""
    if count < 0:
        raise ValueError("申请件数不能为负数")
    return breakdown_by_requests(1, count).total


def breakdown_by_pages(pages: int) -> FeeBreakdown:
    """The fee for one request of `pages` pages, band by band (109号 按量)."""
    if pages < 0:
        raise ValueError("页数不能为负数")
    bands = []
    for band_first, band_last, rate in PAGE_BANDS:
        if pages < band_first:
            break
        upto = pages if band_last is None else min(band_last, pages)
        bands.append(FeeBand(FeeBasis.PER_PAGE, band_first, upto, rate))
    return FeeBreakdown(FeeBasis.PER_PAGE, tuple(bands))


def fee_by_pages(pages: int) -> Decimal:
    """Total fee for one request of `pages` pages (109号 按量)."""
    return breakdown_by_pages(pages).total


def fee_for_request(
    basis: FeeBasis,
    *,
    nth_request_in_month: int | None = None,
    pages: int | None = None,
) -> FeeBreakdown:
    """The fee of one request on the one scale chosen: never both for the same request (109号)."""
    basis = FeeBasis(basis)
    if basis is FeeBasis.PER_REQUEST:
        if pages is not None:
            raise ValueError("按件计收的申请不能再按页数计费（两种方式只能选择其一）")
        if nth_request_in_month is None:
            raise ValueError("按件计收须给出本月第几件申请")
        fee_per_request(nth_request_in_month)  # validates
        return breakdown_by_requests(nth_request_in_month, nth_request_in_month)
    if nth_request_in_month is not None:
        raise ValueError("按量计收的申请不能再按件计费（两种方式只能选择其一）")
    if pages is None:
        raise ValueError("按量计收须给出页数")
    return breakdown_by_pages(pages)


# 109号 art.5: 按量 applies to 纸质件, 发送电子邮件, 复制电子数据. Keys are InfoRequest.FormWanted and
# InfoRequest.Delivery values: paper in any way; electronic by e-mail, or copied onto a medium the
# applicant collects or is posted. Electronic information fetched online is none of these.
_PER_PAGE_DELIVERIES_FOR_ELECTRONIC = frozenset({"email", "collect", "post"})
# Decisions that only point to information already published (条例第三十六条第（一）项).
_POINTS_TO_PUBLISHED = frozenset({"already_public"})


def fee_refusal(basis: FeeBasis, *, received_on: dt.date, form_wanted: str, delivery: str,
                situation: str | None = None) -> str | None:
    """Why no 信息处理费 of this basis may be charged on this request, in Chinese with the rule; None if it may.

    `situation` is the decision's core.decision_rules key when the answer is already chosen.
    """
    basis = FeeBasis(basis)
    if received_on < FEES_EFFECTIVE:
        return (f"{FEE_LAW}自{FEES_EFFECTIVE.year}年{FEES_EFFECTIVE.month}月{FEES_EFFECTIVE.day}日起施行，"
                "此前收到的申请不收取信息处理费（条例第四十二条第一款）")
    if basis is not FeeBasis.PER_PAGE:
        return None
    if situation in _POINTS_TO_PUBLISHED:
        return f"所申请信息已经主动公开、本机关只告知获取方式和途径的，不按量收费（{FEE_LAW}第五条）"
    if form_wanted != "paper" and delivery not in _PER_PAGE_DELIVERIES_FOR_ELECTRONIC:
        return f"按量计收只适用于提供纸质件、发送电子邮件、复制电子数据的情形（{FEE_LAW}第五条）"
    return None
