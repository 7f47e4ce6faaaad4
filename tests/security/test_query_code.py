"""Issue 14 finding 12 (query code): the code of an online request is shown once and stored nowhere in plain text."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core import signing
from django.urls import reverse

from gongkai.inforequests.models import InfoRequest
from gongkai.portal.request_views import RECEIPT_COOKIE, RECEIPT_SALT
from tests.portal.test_request_pages import PERSON

pytestmark = pytest.mark.django_db


def code_on(page: str) -> str:
    return page.split('id="receipt-code">')[1].split("<")[0]


def stored_text() -> str:
    """Every session's data and every column of every request, as text."""
    sessions = [json.dumps(session.get_decoded(), ensure_ascii=False) for session in Session.objects.all()]
    requests = [json.dumps(row, ensure_ascii=False, default=str) for row in InfoRequest.objects.values()]
    return "\n".join(sessions + requests)


def test_the_code_is_in_no_session_and_no_column_before_or_after_the_receipt(client, demo_bureau, next_year_known):
    client.get(reverse("requests_public:form"))  # a visitor with a session, as a browser would have
    client.session.save()
    response = client.post(reverse("requests_public:form"), PERSON)
    assert response.status_code == 302
    pending = stored_text()  # between the form and the receipt page: where the old code kept it
    code = code_on(client.get(response["Location"]).content.decode())
    request = InfoRequest.objects.get()
    assert request.query_code_matches(code)
    assert code not in pending and code not in stored_text()
    assert "receipt-code" not in client.get(reverse("requests_public:receipt")).content.decode()  # shown once


def test_the_receipt_way_expires_and_cannot_be_forged(client, demo_bureau, next_year_known):
    response = client.post(reverse("requests_public:form"), PERSON)
    with time_machine.travel(dt.timedelta(minutes=11)):
        assert "receipt-code" not in client.get(response["Location"]).content.decode()
    client.cookies[RECEIPT_COOKIE] = signing.dumps({"number": "X", "code": "FORGED", "received_on": "2026-01-01"},
                                                   salt="another-salt")
    assert "FORGED" not in client.get(reverse("requests_public:receipt")).content.decode()
    client.cookies[RECEIPT_COOKIE] = signing.dumps({"number": "X", "code": "GENUINE", "received_on": "2026-01-01"},
                                                   salt=RECEIPT_SALT)
    assert "GENUINE" in client.get(reverse("requests_public:receipt")).content.decode()
