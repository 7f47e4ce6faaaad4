"""200 online submissions at once: every one stored, every number distinct."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import caches
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from gongkai.inforequests.models import InfoRequest

FORM = {"applicant_kind": "自然人", "name": "并发测试", "id_type": "resident_id", "id_number": "11010519491231002X",
        "phone": "13800000000", "description": "并发提交测试", "form_wanted": "electronic", "delivery": "email"}
SUBMISSIONS = 200


def submit(index: int) -> int:
    try:
        client = Client(REMOTE_ADDR=f"198.51.100.{index % 250}", HTTP_X_TEST=str(index))
        return client.post(reverse("requests_public:form"), FORM).status_code
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_concurrent_online_submissions_get_distinct_numbers(demo_bureau):
    caches["ratelimit"].clear()
    workers = 20 if connection.vendor == "postgresql" else 8
    with ThreadPoolExecutor(max_workers=workers) as pool:
        statuses = list(pool.map(submit, range(SUBMISSIONS)))
    assert statuses.count(302) == SUBMISSIONS, statuses
    numbers = list(InfoRequest.objects.values_list("number", flat=True))
    assert len(numbers) == SUBMISSIONS and len(set(numbers)) == SUBMISSIONS
    sequence = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    assert sequence == list(range(1, SUBMISSIONS + 1))  # no gaps, no repeats
