"""Fees: off by default; the 11th request of a month is charged; notice pauses; payment resumes."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from gongkai.inforequests import fees, services
from gongkai.inforequests.models import FeeNotice, InfoRequest

D = dt.date
PERSON = {"name": "频繁申请人", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800001111"}


def file_requests(agency, count, day=D(2025, 3, 3)):
    user = User.objects.get(username="gongkaiban")
    return [services.register_request(agency, channel="in_person", submitted_on=day, confirmed_on=None,
                                      applicant_kind="自然人", applicant=PERSON, description=f"第{i}件", user=user)[0]
            for i in range(count)]


@pytest.mark.django_db
def test_fees_are_off_by_default(demo_bureau):
    [request] = file_requests(demo_bureau, 1)
    with pytest.raises(ValidationError, match="未开启"):
        fees.issue_fee_notice(request, User.objects.get(username="gongkaiban"), basis="per_page", sent_on=D(2025, 3, 4), pages=50)


@pytest.mark.django_db
def test_eleventh_request_in_a_month_costs_100_and_payment_resumes_the_clock(demo_bureau):
    demo_bureau.fees_enabled = True
    demo_bureau.save()
    requests = file_requests(demo_bureau, 11)
    office = User.objects.get(username="gongkaiban")
    with pytest.raises(ValidationError, match="不需收费"):
        fees.issue_fee_notice(requests[9], office, basis="per_request", sent_on=D(2025, 3, 4))
    notice = fees.issue_fee_notice(requests[10], office, basis="per_request", sent_on=D(2025, 3, 4))
    assert notice.amount == Decimal("100.00") and notice.nth_request_in_month == 11
    assert services.deadline_of(requests[10], D(2025, 3, 10)).state == "paused"
    with pytest.raises(ValidationError, match="不符"):
        fees.record_fee_payment(notice, office, paid_on=D(2025, 3, 10), amount=Decimal("50"))
    fees.record_fee_payment(notice, office, paid_on=D(2025, 3, 10), amount=Decimal("100.00"))
    assert services.deadline_of(requests[10], D(2025, 3, 11)).state == "running"
    assert fees.fees_collected(demo_bureau, 2025) == Decimal("100.00")


@pytest.mark.django_db
def test_unpaid_fee_ends_the_request_as_other_handling_2(demo_bureau):
    demo_bureau.fees_enabled = True
    demo_bureau.save()
    [request] = file_requests(demo_bureau, 1)
    fees.issue_fee_notice(request, User.objects.get(username="gongkaiban"), basis="per_page", sent_on=D(2025, 3, 4), pages=31)
    deadline = services.deadline_of(request, D(2025, 5, 1))
    assert deadline.state == "ended" and deadline.ended_category == "other.fee_unpaid"


@pytest.mark.django_db
def test_fee_on_a_request_received_before_109_is_refused_and_nothing_stored(demo_bureau):
    """Finding 5: 国办函〔2020〕109号 applies from its effective date; a June 2019 request pays nothing."""
    demo_bureau.fees_enabled = True
    demo_bureau.save()
    request, _ = services.register_request(demo_bureau, channel="in_person", submitted_on=D(2019, 6, 3), confirmed_on=None,
                                           applicant_kind="自然人", applicant=PERSON, description="收费测试",
                                           user=User.objects.get(username="gongkaiban"))
    with pytest.raises(ValidationError, match="109号"):
        fees.issue_fee_notice(request, User.objects.get(username="gongkaiban"), basis="per_page",
                              sent_on=D(2019, 6, 5), pages=50)
    assert not FeeNotice.objects.exists() and not request.events.exists()


@pytest.mark.django_db
def test_per_page_fee_for_online_delivery_of_electronic_data_is_refused(demo_bureau):
    """Finding 6: 109号第五条 charges per page only for paper, e-mail or copied electronic data."""
    demo_bureau.fees_enabled = True
    demo_bureau.save()
    [request] = file_requests(demo_bureau, 1)
    request.delivery = InfoRequest.Delivery.ONLINE
    request.save(update_fields=["delivery"])
    with pytest.raises(ValidationError, match="第五条"):
        fees.issue_fee_notice(request, User.objects.get(username="gongkaiban"), basis="per_page",
                              sent_on=D(2025, 3, 4), pages=50)
    assert not FeeNotice.objects.exists()
