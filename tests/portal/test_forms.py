"""The public forms as the server renders and checks them: each applicant type asked only for its own
fields, every control labelled, every error tied to its field, the file picker and the receipt in Chinese."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.inforequests.models import InfoRequest
from gongkai.portal.forms import CommentForm
from gongkai.portal.forms.request import OnlineRequestForm

pytestmark = pytest.mark.django_db

NEED = {"description": "2025年本市电动自行车登记数量", "document_reference": "", "form_wanted": "electronic",
        "delivery": "email"}
PERSON = {"applicant_kind": "自然人", "name": "林小雨", "id_type": "resident_id", "id_number": "11010519491231002X",
          "phone": "13612345678", **NEED}
COMPANY = {"applicant_kind": "商业企业", "name": "示范物流有限公司", "uscc": "91350100M000100Y43",
           "contact_person": "钱经理", "email": "office@example.com", **NEED}


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    caches["ratelimit"].clear()


def test_a_company_is_not_asked_for_an_identity_card(client, demo_bureau):
    assert client.post(reverse("requests_public:form"), COMPANY).status_code == 302
    applicant = InfoRequest.objects.get().applicant
    assert applicant.uscc == COMPANY["uscc"] and applicant.contact_person == "钱经理" and applicant.id_number == ""


def test_only_the_chosen_type_s_fields_are_kept(demo_bureau):
    form = OnlineRequestForm({**PERSON, "uscc": "91350100M000100Y43", "contact_person": "先填错的"})
    assert form.is_valid(), form.errors
    details = form.applicant_details()
    assert details["uscc"] == details["contact_person"] == "" and details["id_number"] == PERSON["id_number"]


def test_the_chosen_type_s_own_fields_are_required_and_only_they():
    form = OnlineRequestForm({**COMPANY, "uscc": "", "contact_person": ""})
    assert not form.is_valid()
    assert set(form.errors) == {"uscc", "contact_person"}
    form = OnlineRequestForm({**PERSON, "id_number": ""})
    assert not form.is_valid() and set(form.errors) == {"id_number"}


def test_an_empty_form_says_each_thing_once_in_plain_chinese():
    form = OnlineRequestForm({"applicant_kind": "自然人"})
    assert not form.is_valid()
    assert form.errors["name"] == ["请填写申请人姓名或名称"]
    assert all("这个字段" not in message for messages in form.errors.values() for message in messages)


def test_every_control_has_a_label_above_it_and_the_types_have_their_fieldsets(client, demo_bureau):
    page = client.get(reverse("requests_public:form")).content.decode()
    controls = re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', page)
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    assert controls and [c for c in controls if c not in labelled and c != "id_website"] == []
    assert 'data-applicant-for="person"' in page and 'data-applicant-for="organisation"' in page
    assert 'type="radio" name="applicant_kind" value="自然人"' in page and "checked" in page
    assert "选择文件" in page and 'id="id_attachment_chosen"' in page and "未选择文件" in page
    scripts = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', page)
    assert any(src.endswith("portal/forms.js") for src in scripts)
    assert [src for src in scripts if src.startswith(("http:", "https:", "//"))] == []  # nothing from a CDN


def test_an_error_is_tied_to_its_field(client, demo_bureau):
    page = client.post(reverse("requests_public:form"), {**PERSON, "id_number": "110105194912310021"}).content.decode()
    control = re.search(r'<input[^>]*id="id_id_number"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in control
    described = re.search(r'aria-describedby="([^"]+)"', control).group(1).split()
    assert "id_id_number_error" in described and "id_id_number_helptext" in described
    error = re.search(r'<ul class="field-errors" id="id_id_number_error">(.*?)</ul>', page, re.S).group(1)
    assert "校验码" in error
    assert 'role="alert"' in page and 'href="#id_id_number"' in page  # the summary links to the field


def test_an_attachment_of_the_wrong_kind_is_refused_beside_the_picker(client, demo_bureau):
    upload = SimpleUploadedFile("申请.exe", b"MZ", content_type="application/octet-stream")
    page = client.post(reverse("requests_public:form"), {**PERSON, "attachment": upload}).content.decode()
    assert 'id="id_attachment_error"' in page and "附件只能是PDF、JPG或PNG文件" in page


def test_the_receipt_can_be_printed(client, demo_bureau, next_year_known):
    response = client.post(reverse("requests_public:form"), PERSON)
    receipt = client.get(response["Location"]).content.decode()
    assert "data-print" in receipt and "打印回执" in receipt and 'class="print-only"' in receipt
    css = open(finders.find("portal/portal.css"), encoding="utf-8").read()
    assert "@media print" in css


def test_the_status_query_and_comment_form_tie_their_hints(client, demo_bureau):
    page = client.get(reverse("requests_public:status")).content.decode()
    assert re.search(r'<input[^>]*aria-describedby="id_number_helptext"[^>]*id="id_number"', page)
    assert 'id="id_number_helptext"' in page
    body = CommentForm({"body": ""})
    assert not body.is_valid()
    assert 'aria-describedby="id_body_helptext id_body_error"' in str(body["body"])


@pytest.mark.parametrize("name", ["search:search", "credit_public:query"])
def test_the_filters_are_labelled_fields_with_a_button(client, demo_bureau, name):
    page = client.get(reverse(name)).content.decode()
    controls = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', page)
    labelled = set(re.findall(r'<label for="([^"]+)"', page))
    assert controls and set(controls) <= labelled
    assert "筛选条件" in page and page.count('type="submit"') >= 3  # site search, query, filters
