"""Requests from intake to delivered decision: receipt dates, the clock, decisions and filings."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.inforequests import services
from gongkai.inforequests.models import InfoRequest, NonDisclosureFiling
from gongkai.inforequests.overview import overview
from gongkai.org.models import AuditEntry

D = dt.date
PERSON = {"name": "陈明", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800001111",
          "address": "示范市幸福路1号"}
COMPANY = {"name": "示范律师事务所", "uscc": "91230500MA1B3N1N2M", "contact_person": "刘律师", "email": "law@example.com"}


def office():
    return User.objects.get(username="gongkaiban")


def register(agency, **overrides):
    values = dict(channel="in_person", submitted_on=D(2025, 9, 26), confirmed_on=None, applicant_kind="自然人",
                  applicant=PERSON, description="2025年交通事故统计数据", user=office())
    values.update(overrides)
    return services.register_request(agency, **values)


@pytest.mark.django_db
def test_in_person_request_is_received_on_the_day_and_numbered(demo_bureau):
    request, code = register(demo_bureau)
    assert request.received_on == D(2025, 9, 26) and request.number == "00591782X-2025-00001"
    assert request.query_code_matches(code) and not request.query_code_matches("WRONG123")
    assert len(code) == 8 and code not in request.query_code_hash
    # 20 working days after 9/26 across National Day 2025 (10/1-10/8; 9/28 and 10/11 worked).
    assert services.deadline_of(request, D(2025, 10, 1)).due == D(2025, 10, 30)


@pytest.mark.django_db
def test_letters_and_online_requests_wait_for_confirmation(demo_bureau):
    request, _ = register(demo_bureau, channel="post_ordinary", submitted_on=D(2025, 3, 3))
    assert request.state == InfoRequest.State.AWAITING_CONFIRMATION and request.received_on is None
    assert services.deadline_of(request) is None
    with pytest.raises(ValidationError):
        services.record_event(request, office(), "consultation_started", D(2025, 3, 5))
    request = services.confirm_receipt(request, D(2025, 3, 4), office())
    # Confirmed a day after it arrived: art.31(二) wants it confirmed the day it arrives, so the clock
    # counts from the arrival day (core.receipt).
    assert request.received_on == D(2025, 3, 3)
    signed, _ = register(demo_bureau, channel="post_signed", submitted_on=D(2025, 3, 3), confirmed_on=D(2025, 3, 5))
    assert signed.received_on == D(2025, 3, 5)


@pytest.mark.django_db
@pytest.mark.parametrize("kind, details, field", [
    ("自然人", {**PERSON, "id_number": "110105194912310021"}, "id_number"),
    ("法律服务机构", {**COMPANY, "uscc": "91230500MA1B3N1N2X"}, "uscc"),
    ("自然人", {**PERSON, "phone": "", "address": ""}, "phone"),
])
def test_invalid_applicants_are_refused_with_the_reason(demo_bureau, kind, details, field):
    with pytest.raises(ValidationError) as excinfo:
        register(demo_bureau, applicant_kind=kind, applicant=details)
    assert field in excinfo.value.message_dict
    assert not InfoRequest.objects.exists()


@pytest.mark.django_db
def test_impossible_event_orders_are_refused(demo_bureau):
    request, _ = register(demo_bureau)
    with pytest.raises(ValidationError):
        services.record_event(request, office(), "correction_received", D(2025, 9, 29))  # never asked for
    with pytest.raises(ValidationError):
        services.decide(request, office(), situation="disclose", decided_on=D(2025, 9, 25))  # before receipt
    services.record_event(request, office(), "correction_requested", D(2025, 9, 29), deadline=D(2025, 10, 20))
    with pytest.raises(ValidationError):
        services.record_event(request, office(), "correction_received", D(2025, 9, 28))


@pytest.mark.django_db
def test_correction_restarts_and_consultation_pauses_the_clock(demo_bureau):
    request, _ = register(demo_bureau, submitted_on=D(2025, 3, 3))
    services.record_event(request, office(), "correction_requested", D(2025, 3, 5), deadline=D(2025, 3, 20))
    assert services.deadline_of(request, D(2025, 3, 10)).state == "paused"
    services.record_event(request, office(), "correction_received", D(2025, 3, 10))
    running = services.deadline_of(request, D(2025, 3, 11))
    assert running.due == D(2025, 4, 8)  # 20 working days after 3/10 (清明 4/4-4/6)
    services.record_event(request, office(), "consultation_started", D(2025, 3, 12))
    services.record_event(request, office(), "consultation_ended", D(2025, 3, 19))
    assert services.deadline_of(request, D(2025, 3, 20)).due > running.due


@pytest.mark.django_db
def test_extension_needs_the_heads_approval(demo_bureau):
    request, _ = register(demo_bureau)
    officer = User.objects.get(username="xxy-jiaojing")
    with pytest.raises(PermissionDenied):
        services.record_event(request, officer, "extension_granted", D(2025, 10, 20), workdays=20)
    services.record_event(request, office(), "extension_granted", D(2025, 10, 20), workdays=20, approved_by="王主任")
    assert services.deadline_of(request, D(2025, 10, 21)).due == D(2025, 11, 27)


@pytest.mark.django_db
def test_refusal_is_filed_and_delivery_closes(demo_bureau):
    request, _ = register(demo_bureau)
    with pytest.raises(ValidationError, match="备案"):
        services.decide(request, office(), situation="process_information", decided_on=D(2025, 10, 15))
    decision = services.decide(request, office(), situation="process_information", decided_on=D(2025, 10, 15),
                               reasons="属于内部研究过程稿", withheld_information="会议讨论记录", approved_by="王主任")
    assert decision.category == "withheld.process_information"
    assert NonDisclosureFiling.objects.get(decision=decision).filed_with == demo_bureau.parent_name
    with pytest.raises(ValidationError):
        services.record_delivery(decision, office(), channel="post", delivered_on=D(2025, 10, 14))
    services.record_delivery(decision, office(), channel="post", delivered_on=D(2025, 10, 16))
    request.refresh_from_db()
    assert request.state == InfoRequest.State.CLOSED and request.closed_on == D(2025, 10, 16)


@pytest.mark.django_db
def test_audit_log_never_names_the_applicant(demo_bureau):
    request, _ = register(demo_bureau)
    services.decide(request, office(), situation="disclose", decided_on=D(2025, 10, 9))
    text = " ".join(f"{e.object_repr} {e.summary} {e.before} {e.after}" for e in AuditEntry.objects.all())
    for value in PERSON.values():
        assert value not in text
    assert {"create", "decide"} <= set(AuditEntry.objects.values_list("action", flat=True))


@pytest.mark.django_db
def test_overview_lists_overdue_and_due_soon(demo_bureau):
    late, _ = register(demo_bureau, submitted_on=D(2025, 3, 3))
    soon, _ = register(demo_bureau, submitted_on=D(2025, 3, 24))
    result = overview(InfoRequest.objects.all(), D(2025, 4, 16))
    assert [r.request.pk for r in result["overdue"]] == [late.pk]
    assert [r.request.pk for r in result["due_soon"]] == [soon.pk]


@pytest.mark.django_db
def test_only_the_office_sees_applicant_details_in_the_admin(client, demo_bureau):
    request, _ = register(demo_bureau)
    url = reverse("admin:inforequests_inforequest_handle", args=[request.pk])
    client.force_login(office())
    assert PERSON["name"] in client.get(url).content.decode()
    client.force_login(User.objects.get(username="lingdao"))
    page = client.get(url).content.decode()
    assert request.number in page and PERSON["name"] not in page and PERSON["phone"] not in page
    change = client.get(reverse("admin:inforequests_inforequest_change", args=[request.pk])).content.decode()
    assert PERSON["name"] not in change
    client.force_login(User.objects.get(username="xxy-jiaojing"))
    assert client.get(url).status_code in (302, 403)


@pytest.mark.django_db
def test_staff_intake_form_registers_and_shows_the_code(client, demo_bureau):
    client.force_login(office())
    response = client.post(reverse("admin:inforequests_inforequest_intake"), {
        "channel": "fax", "submitted_on": "2025-06-03", "confirmed_on": "2025-06-04", "applicant_kind": "法律服务机构",
        "name": COMPANY["name"], "uscc": COMPANY["uscc"], "contact_person": "刘律师", "email": "law@example.com",
        "description": "某路段电子警察设置依据", "form_wanted": "electronic", "delivery": "email"}, follow=True)
    assert "查询码" in response.content.decode()
    assert InfoRequest.objects.get().received_on == D(2025, 6, 4)


@pytest.mark.django_db
def test_the_office_attaches_the_information_supplied(client, demo_bureau, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = str(tmp_path)
    request, _ = register(demo_bureau)
    services.decide(request, office(), situation="disclose", decided_on=D(2025, 10, 9))
    client.force_login(office())
    url = reverse("admin:inforequests_inforequest_handle", args=[request.pk])
    response = client.post(url, {"step": "decision_file", "decision_file-title": "交通事故统计表",
                                 "decision_file-file": SimpleUploadedFile("统计.pdf", b"%PDF-1.4")})
    assert response.status_code == 302
    assert request.decision.files.get().title == "交通事故统计表"
