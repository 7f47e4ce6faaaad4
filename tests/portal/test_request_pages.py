"""The online request form, the receipt and the status query: validated, rate limited, private."""

import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from gongkai.inforequests import services
from gongkai.inforequests.models import InfoRequest

PERSON = {"applicant_kind": "自然人", "name": "林小雨", "id_type": "resident_id", "id_number": "11010519491231002X",
          "phone": "13612345678", "email": "lin@example.com", "address": "示范市幸福路88号", "postcode": "450000",
          "description": "2025年本市电动自行车登记数量", "document_reference": "", "form_wanted": "electronic",
          "delivery": "email"}
PRIVATE = ("林小雨", "11010519491231002X", "13612345678", "lin@example.com", "幸福路88号", "电动自行车登记数量")


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    caches["ratelimit"].clear()


@pytest.mark.django_db
@pytest.mark.date_sensitive
def test_file_a_request_then_read_its_status(client, demo_bureau, next_year_known):
    response = client.post(reverse("requests_public:form"), PERSON)
    assert response.status_code == 302
    receipt = client.get(response["Location"]).content.decode()
    request = InfoRequest.objects.get()
    assert request.number in receipt and request.channel == "online" and request.received_on is not None
    code = receipt.split('id="receipt-code">')[1].split("<")[0]
    assert request.query_code_matches(code)
    assert request.number not in client.get(reverse("requests_public:receipt")).content.decode()  # shown once
    status = client.post(reverse("requests_public:status"), {"number": request.number, "code": code}).content.decode()
    due = services.deadline_of(request).due
    assert "办理中" in status and f"{due.year}年{due.month}月{due.day}日" in status
    for value in PRIVATE:
        assert value not in receipt and value not in status


@pytest.mark.django_db
def test_wrong_code_and_unknown_number_get_the_same_answer(client, demo_bureau):
    client.post(reverse("requests_public:form"), PERSON)
    number = InfoRequest.objects.get().number
    wrong = client.post(reverse("requests_public:status"), {"number": number, "code": "AAAAAAAA"}).content.decode()
    unknown = client.post(reverse("requests_public:status"), {"number": "00000000X-2099-99999", "code": "AAAAAAAA"}).content.decode()
    assert "申请编号或查询码不正确" in wrong

    def neutral(page):
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        return page.replace(number, "N").replace("00000000X-2099-99999", "N")

    assert neutral(wrong) == neutral(unknown)


@pytest.mark.django_db
def test_bad_input_shows_errors_and_keeps_what_was_typed(client, demo_bureau):
    bad = {**PERSON, "id_number": "110105194912310021", "postcode": "45"}
    response = client.post(reverse("requests_public:form"), bad)
    page = response.content.decode()
    assert response.status_code == 400 and "校验码" in page and "邮政编码应为6位数字" in page
    assert 'value="林小雨"' in page and "电动自行车登记数量" in page
    assert not InfoRequest.objects.exists()


@pytest.mark.django_db
def test_csrf_is_enforced(demo_bureau):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("requests_public:form"), PERSON).status_code == 403
    assert not InfoRequest.objects.exists()


@pytest.mark.django_db
def test_submissions_are_rate_limited_per_client(demo_bureau):
    first = Client(REMOTE_ADDR="203.0.113.5")
    for _ in range(5):
        assert first.post(reverse("requests_public:form"), PERSON).status_code == 302
    assert first.post(reverse("requests_public:form"), PERSON).status_code == 429
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(reverse("requests_public:form"), PERSON).status_code == 302
    assert InfoRequest.objects.count() == 6


@pytest.mark.django_db
def test_oversized_text_and_attachments_are_refused(client, demo_bureau):
    from django.core.files.uploadedfile import SimpleUploadedFile

    too_long = {**PERSON, "description": "长" * 5001}
    assert client.post(reverse("requests_public:form"), too_long).status_code == 400
    big = SimpleUploadedFile("证明.pdf", b"%PDF" + b"0" * (5 * 1024 * 1024))
    assert client.post(reverse("requests_public:form"), {**PERSON, "attachment": big}).status_code == 400
    exe = SimpleUploadedFile("证明.exe", b"MZ")
    assert client.post(reverse("requests_public:form"), {**PERSON, "attachment": exe}).status_code == 400
    assert not InfoRequest.objects.exists()


@pytest.mark.django_db
def test_honeypot_stores_nothing(client, demo_bureau):
    assert client.post(reverse("requests_public:form"), {**PERSON, "website": "http://spam"}).status_code == 302
    assert not InfoRequest.objects.exists()


@pytest.mark.django_db
def test_a_due_date_in_a_year_without_a_holiday_notice_is_pending_not_an_error(client, admin_client, demo_bureau):
    """Every December the next year's notice may not be entered yet: pages say so instead of failing."""
    import datetime as dt

    response = client.post(reverse("requests_public:form"), PERSON)
    code = client.get(response["Location"]).content.decode().split('id="receipt-code">')[1].split("<")[0]
    request = InfoRequest.objects.get()
    InfoRequest.objects.filter(pk=request.pk).update(received_on=dt.date(2040, 12, 20))
    status = client.post(reverse("requests_public:status"), {"number": request.number, "code": code})
    assert status.status_code == 200
    assert "待定（2040年节假日安排公布后确定）" in status.content.decode()
    listing = admin_client.get(reverse("admin:inforequests_inforequest_changelist"))
    assert listing.status_code == 200 and "待定：缺少2040年节假日安排" in listing.content.decode()
    handling = admin_client.get(reverse("admin:inforequests_inforequest_handle", args=[request.pk]))
    assert handling.status_code == 200 and "没有2040年的节假日安排" in handling.content.decode()
