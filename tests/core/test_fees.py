"""Tests of the 信息处理费 scales (国办函〔2020〕109号) at every band edge, totals worked out by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.fees import (
    FeeBasis,
    breakdown_by_pages,
    breakdown_by_requests,
    fee_by_pages,
    fee_for_month,
    fee_for_request,
    fee_per_request,
    fee_refusal,
)


@pytest.mark.parametrize(
    "nth, fee",
    [(1, "0"), (10, "0"), (11, "100"), (30, "100"), (31, "200"), (40, "200"), (41, "300"), (50, "300"), (51, "400")],
)
def test_fee_of_the_nth_request(nth, fee):
    assert fee_per_request(nth) == Decimal(fee)


@pytest.mark.parametrize(
    "count, total",
    [
        (0, "0"),
        (10, "0"),  # all free
        (11, "100"),  # 1 x 100
        (30, "2000"),  # 20 x 100
        (31, "2200"),  # 2000 + 1 x 200
        (40, "4000"),  # 2000 + 10 x 200
        (41, "4300"),  # 4000 + 1 x 300
        (50, "7000"),  # 4000 + 10 x 300
        (51, "7400"),  # 7000 + 1 x 400
    ],
)
def test_fee_for_a_month(count, total):
    assert fee_for_month(count) == Decimal(total)


@pytest.mark.parametrize(
    "pages, total",
    [
        (0, "0"),
        (30, "0"),  # free
        (31, "10"),  # 1 x 10
        (100, "700"),  # 70 x 10
        (101, "720"),  # 700 + 1 x 20
        (200, "2700"),  # 700 + 100 x 20
        (201, "2740"),  # 2700 + 1 x 40
        (250, "4700"),  # 2700 + 50 x 40
    ],
)
def test_fee_by_pages(pages, total):
    assert fee_by_pages(pages) == Decimal(total)


def test_amounts_are_yuan_with_cents():
    assert str(fee_by_pages(31)) == "10.00"
    assert str(fee_for_month(31)) == "2200.00"


def test_page_breakdown_for_the_notice():
    breakdown = breakdown_by_pages(201)
    assert [(b.first, b.last, b.count, b.rate) for b in breakdown.bands] == [
        (1, 30, 30, Decimal("0")),
        (31, 100, 70, Decimal("10")),
        (101, 200, 100, Decimal("20")),
        (201, 201, 1, Decimal("40")),
    ]
    assert breakdown.quantity == 201
    assert breakdown.lines() == [
        "按量计收（国办函〔2020〕109号，超额累进）",
        "第1—30页，共30页，免费",
        "第31—100页，共70页，每页10元，计700.00元",
        "第101—200页，共100页，每页20元，计2000.00元",
        "第201页，共1页，每页40元，计40.00元",
        "合计2740.00元",
    ]


def test_request_breakdown_across_bands():
    # An application split into 5 requests that are the applicant's 8th-12th this month:
    # 8, 9, 10 free; 11, 12 at 100.
    breakdown = breakdown_by_requests(8, 12)
    assert [(b.first, b.last, b.rate) for b in breakdown.bands] == [(8, 10, Decimal("0")), (11, 12, Decimal("100"))]
    assert breakdown.total == Decimal("200")
    # 29th-42nd: 29, 30 at 100; 31-40 at 200; 41, 42 at 300 = 200 + 2000 + 600.
    assert breakdown_by_requests(29, 42).total == Decimal("2800")


def test_one_scale_per_request():
    assert fee_for_request(FeeBasis.PER_REQUEST, nth_request_in_month=31).total == Decimal("200")
    assert fee_for_request(FeeBasis.PER_PAGE, pages=101).total == Decimal("720")
    with pytest.raises(ValueError, match="只能选择其一"):
        fee_for_request(FeeBasis.PER_REQUEST, nth_request_in_month=31, pages=101)
    with pytest.raises(ValueError, match="只能选择其一"):
        fee_for_request(FeeBasis.PER_PAGE, nth_request_in_month=31, pages=101)


@pytest.mark.parametrize("call", [lambda: fee_per_request(0), lambda: fee_by_pages(-1), lambda: fee_for_month(-1)])
def test_nonsense_quantities_are_refused(call):
    with pytest.raises(ValueError):
        call()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 300))
def test_month_total_is_the_sum_of_each_request(count):
    assert fee_for_month(count) == sum((fee_per_request(n) for n in range(1, count + 1)), Decimal("0"))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 1000))
def test_page_fee_never_decreases_and_grows_by_the_band_rate(pages):
    step = fee_by_pages(pages + 1) - fee_by_pages(pages)
    rate = breakdown_by_pages(pages + 1).bands[-1].rate
    assert step == rate >= 0


# fee_refusal: whether a fee may be charged at all (国办函〔2020〕109号 and its art.5) -----------------


def test_no_fee_on_a_request_received_before_the_measure():
    refusal = fee_refusal(FeeBasis.PER_REQUEST, received_on=dt.date(2020, 12, 31), form_wanted="paper", delivery="post")
    assert "国办函〔2020〕109号自2021年1月1日起施行" in refusal
    assert fee_refusal(FeeBasis.PER_REQUEST, received_on=dt.date(2021, 1, 4), form_wanted="paper", delivery="post") is None


def test_per_page_only_for_paper_e_mail_or_copied_data():
    on = dt.date(2024, 3, 1)
    allowed = [("paper", "collect"), ("paper", "online"), ("electronic", "email"), ("electronic", "post"),
               ("electronic", "collect")]
    for form, delivery in allowed:
        assert fee_refusal(FeeBasis.PER_PAGE, received_on=on, form_wanted=form, delivery=delivery) is None, (form, delivery)
    online = fee_refusal(FeeBasis.PER_PAGE, received_on=on, form_wanted="electronic", delivery="online")
    assert "第五条" in online
    # Only pointing to information already published: no per-page fee, but the per-request scale still applies.
    published = fee_refusal(FeeBasis.PER_PAGE, received_on=on, form_wanted="paper", delivery="post",
                            situation="already_public")
    assert "已经主动公开" in published and "第五条" in published
    assert fee_refusal(FeeBasis.PER_REQUEST, received_on=on, form_wanted="paper", delivery="post",
                       situation="already_public") is None
