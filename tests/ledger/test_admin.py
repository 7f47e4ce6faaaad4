"""The ledger's admin pages: a unit's officer sees and saves only the unit's lines; the office sees the agency's."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.ledger.models import Channel, ChannelPosts, PaperCopy, PressConference
from gongkai.org.models import Agency, AuditEntry, Unit


def user(name):
    return get_user_model().objects.get(username=name)


def unit(agency, name):
    return Unit.objects.get(agency=agency, name=name)


@pytest.fixture
def lines(demo_bureau):
    traffic, office = unit(demo_bureau, "交警支队"), unit(demo_bureau, "办公室")
    return {
        "traffic": PressConference.objects.create(agency=demo_bureau, unit=traffic, held_on=dt.date(2025, 3, 1),
                                                  subject="交警发布会"),
        "office": PressConference.objects.create(agency=demo_bureau, unit=office, held_on=dt.date(2025, 3, 2),
                                                 subject="办公室发布会"),
        "portal": Channel.objects.create(agency=demo_bureau, unit=office, name="门户网站", kind="portal"),
    }


@pytest.mark.django_db
def test_a_units_officer_lists_and_opens_only_the_units_lines(client, lines):
    client.force_login(user("xxy-jiaojing"))
    page = client.get(reverse("admin:ledger_pressconference_changelist")).content.decode()
    assert "交警发布会" in page and "办公室发布会" not in page
    assert client.get(reverse("admin:ledger_pressconference_change", args=[lines["traffic"].pk])).status_code == 200
    other = client.get(reverse("admin:ledger_pressconference_change", args=[lines["office"].pk]))
    assert other.status_code in (302, 403, 404)


@pytest.mark.django_db
def test_a_units_officer_cannot_record_a_line_for_another_unit(client, demo_bureau, lines):
    client.force_login(user("xxy-jiaojing"))
    url = reverse("admin:ledger_papercopy_add")
    form = {"agency": demo_bureau.pk, "sent_on": "2025-03-05", "recipient": "archives", "documents": "3"}
    refused = client.post(url, {**form, "unit": unit(demo_bureau, "办公室").pk})
    assert refused.status_code == 200 and not PaperCopy.objects.exists()  # the unit is not among the choices
    saved = client.post(url, {**form, "unit": unit(demo_bureau, "交警支队").pk})
    assert saved.status_code == 302
    line = PaperCopy.objects.get()
    assert line.created_by == user("xxy-jiaojing")
    assert AuditEntry.objects.filter(action="create", object_id=str(line.pk)).exists()


@pytest.mark.django_db
def test_posts_may_be_recorded_on_a_channel_another_unit_runs(client, demo_bureau, lines):
    client.force_login(user("xxy-jiaojing"))
    response = client.post(reverse("admin:ledger_channelposts_add"), {
        "agency": demo_bureau.pk, "unit": unit(demo_bureau, "交警支队").pk, "channel": lines["portal"].pk,
        "year": "2025", "month": "2", "posts": "45"})
    assert response.status_code == 302 and ChannelPosts.objects.get().posts == 45


@pytest.mark.django_db
def test_the_office_sees_the_whole_agency_and_no_other(client, demo_bureau, lines):
    other = Agency.objects.create(code="other", name="他市公安局", uscc="91350100M000100Y43", division_code="350100",
                                  office_name="办公室", office_address="某路1号", office_phone="1", office_hours="工作日")
    other_unit = Unit.objects.create(agency=other, name="办公室")
    PressConference.objects.create(agency=other, unit=other_unit, held_on=dt.date(2025, 3, 3), subject="他市发布会")
    client.force_login(user("gongkaiban"))
    page = client.get(reverse("admin:ledger_pressconference_changelist")).content.decode()
    assert "交警发布会" in page and "办公室发布会" in page and "他市发布会" not in page


@pytest.mark.django_db
def test_a_change_is_audited_with_before_and_after(client, demo_bureau, lines):
    client.force_login(user("gongkaiban"))
    line = lines["office"]
    url = reverse("admin:ledger_pressconference_change", args=[line.pk])
    response = client.post(url, {"agency": demo_bureau.pk, "unit": line.unit_id, "held_on": "2025-03-02",
                                 "subject": "办公室发布会", "media_count": "6", "live_streamed": "on",
                                 "live_media_count": "2"})
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action="update", object_id=str(line.pk)).latest("id")
    assert entry.before["media_count"] == 0 and entry.after["live_media_count"] == 2


@pytest.mark.django_db
def test_a_live_stream_without_streaming_media_is_refused_in_the_admin(client, demo_bureau, lines):
    client.force_login(user("gongkaiban"))
    line = lines["office"]
    response = client.post(reverse("admin:ledger_pressconference_change", args=[line.pk]), {
        "agency": demo_bureau.pk, "unit": line.unit_id, "held_on": "2025-03-02", "subject": "办公室发布会",
        "media_count": "6", "live_streamed": "on", "live_media_count": "0"})
    assert response.status_code == 200 and "至少1家" in response.content.decode()
    assert not PressConference.objects.get(pk=line.pk).live_streamed
