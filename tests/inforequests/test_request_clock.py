"""The request clock's one owner (inforequests.clock.RequestClock) and the overview built on it:
delivery ends the clock (235号), decided-but-undelivered requests still run, expired consultations
and unconfirmed requests are listed, and the bulk reading equals the one-by-one computation."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.core import clock
from gongkai.core.workdays import package_calendar
from gongkai.inforequests import services
from gongkai.inforequests.clock import RequestClock
from gongkai.inforequests.importer import write_request_chunk
from gongkai.inforequests.models import Decision, InfoRequest, RequestEvent
from gongkai.inforequests.overview import overview
from gongkai.inforequests.tasks import reminder_text

D = dt.date
PERSON = {"name": "陈明", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13800001111"}

pytestmark = pytest.mark.django_db


def office():
    return User.objects.get(username="gongkaiban")


def register(agency, received=D(2025, 3, 3), **overrides):
    values = dict(channel="in_person", submitted_on=received, confirmed_on=None, applicant_kind="自然人",
                  applicant=PERSON, description="交通事故统计数据", user=office())
    values.update(overrides)
    return services.register_request(agency, **values)[0]


def at(today):
    return RequestClock(calendar=package_calendar(), today=today)


def test_a_delivered_decision_ends_the_clock_on_time(demo_bureau):
    """The regression: with only the `answered` event every decided request read 已决定未送达."""
    request = register(demo_bureau)  # received 3/3, due 3/31
    decision = services.decide(request, office(), situation="disclose", decided_on=D(2025, 3, 28))
    services.record_delivery(decision, office(), channel="post", delivered_on=D(2025, 3, 31))
    request = InfoRequest.objects.get(pk=request.pk)
    deadline = at(D(2025, 6, 1)).deadline(request, explain=True)
    assert deadline.state == "ended" and deadline.answered_on_time is True
    assert deadline.delivered_on == D(2025, 3, 31) and deadline.status != "已决定未送达"
    assert any("交邮之日" in sentence for sentence in deadline.explanation)


def test_posted_after_the_due_day_is_late_though_decided_in_time(demo_bureau):
    """Finding 3: decided on the due day, handed to the post four days later → late (235号第四条)."""
    request = register(demo_bureau)
    decision = services.decide(request, office(), situation="disclose", decided_on=D(2025, 3, 31))
    services.record_delivery(decision, office(), channel="post", delivered_on=D(2025, 4, 4))
    deadline = services.deadline_of(InfoRequest.objects.get(pk=request.pk), D(2025, 6, 1))
    assert deadline.state == "ended" and deadline.answered_on_time is False


def test_decided_but_undelivered_is_listed_with_days_left(demo_bureau):
    """Item 3: the overview shows 已决定未送达 with the working days left, and the clock still runs."""
    request = register(demo_bureau)
    services.decide(request, office(), situation="disclose", decided_on=D(2025, 3, 20))
    groups = overview(InfoRequest.objects.all(), D(2025, 3, 24), request_clock=at(D(2025, 3, 24)))
    [row] = groups["awaiting_delivery"]
    assert row.request.pk == request.pk and row.deadline.status == "已决定未送达" and row.left == 5
    assert row in groups["due_soon"]
    late = overview(InfoRequest.objects.all(), D(2025, 4, 2), request_clock=at(D(2025, 4, 2)))
    assert [r.request.pk for r in late["overdue"]] == [request.pk] and late["awaiting_delivery"][0].left < 0


def test_a_delivery_before_the_decision_is_refused_and_nothing_stored(demo_bureau):
    request = register(demo_bureau)
    decision = services.decide(request, office(), situation="disclose", decided_on=D(2025, 3, 20))
    with pytest.raises(ValidationError):
        services.record_delivery(decision, office(), channel="post", delivered_on=D(2025, 3, 19))
    with pytest.raises(ValidationError):
        services.record_delivery(decision, office(), channel="carrier-pigeon", delivered_on=D(2025, 3, 21))
    decision.refresh_from_db()
    assert decision.delivered_on is None


def test_expired_consultation_is_listed_and_the_clock_resumes(demo_bureau):
    """Item 2 in the overview: 15 working days with no answer → 征求意见期满, running again."""
    request = register(demo_bureau)
    services.record_event(request, office(), "consultation_started", D(2025, 3, 5))
    today = D(2025, 4, 10)  # 15 working days after 3/5 is 3/26
    groups = overview(InfoRequest.objects.all(), today, request_clock=at(today))
    [row] = groups["consultation_expired"]
    assert row.deadline.state == "running" and "第三十二条" in row.deadline.consultation_expired[0]
    assert not groups["paused"]


def test_unconfirmed_requests_are_listed_and_reminded(demo_bureau):
    """Finding 4's tail: a request never confirmed has no clock, but the overview lists it."""
    letter = register(demo_bureau, channel="post_ordinary", received=D(2025, 3, 3))
    assert letter.state == InfoRequest.State.AWAITING_CONFIRMATION
    groups = overview(InfoRequest.objects.all(), D(2025, 3, 10), request_clock=at(D(2025, 3, 10)))
    assert [row.request.pk for row in groups["unconfirmed"]] == [letter.pk]
    assert "待确认收到（1件）" in reminder_text(demo_bureau, groups)


def test_imported_ledger_rows_are_delivered_on_their_closing_day(demo_bureau):
    """The 台账 gives only the closing day: the clock ends there (method 'ledger'), on time or late."""
    from gongkai.core.receipt import Channel
    from gongkai.intake.tables import ParsedRow

    rows = [ParsedRow(2 + i, f"OLD-{i}", "申请编号", {
        "number": f"OLD-{i}", "received_on": D(2024, 3, 1), "applicant_kind": "自然人", "channel": Channel.IN_PERSON,
        "description": "历史", "situation": "disclose", "closed_on": closed, "decided_on": closed})
        for i, closed in enumerate((D(2024, 3, 20), D(2024, 5, 6)))]
    write_request_chunk(demo_bureau, rows, office())
    on_time, late = (InfoRequest.objects.get(number=f"OLD-{i}") for i in range(2))
    assert at(D(2025, 1, 1)).deadline(on_time).answered_on_time is True
    assert at(D(2025, 1, 1)).deadline(late).answered_on_time is False


def test_bulk_reading_equals_one_by_one(demo_bureau):
    today = D(2025, 4, 30)
    requests = [register(demo_bureau, received=D(2025, 3, day)) for day in (3, 4, 5, 6)]
    services.record_event(requests[1], office(), "extension_granted", D(2025, 3, 20), workdays=10, approved_by="王主任")
    services.record_event(requests[2], office(), "consultation_started", D(2025, 3, 10))
    services.record_event(requests[2], office(), "consultation_ended", D(2025, 3, 14))
    decision = services.decide(requests[3], office(), situation="disclose", decided_on=D(2025, 3, 20))
    services.record_delivery(decision, office(), channel="email", delivered_on=D(2025, 3, 21))
    request_clock = at(today)
    bulk = {r.request.pk: r.deadline for r in request_clock.readings(InfoRequest.objects.all())}
    for request in InfoRequest.objects.all():
        single = clock.compute_deadline(request.received_on, at(today).events(request), calendar=package_calendar(),
                                        today=today, explain=False)
        assert bulk[request.pk] == single


# The bulk reading against the one-by-one clock, on random stored histories (possible or not) ----------

STORED_KINDS = [k.value for k in clock.EventKind if k is not clock.EventKind.DELIVERED]
STORED_HISTORY = st.lists(st.tuples(
    st.integers(0, 40),  # received, days after 2025-03-03
    st.lists(st.tuples(st.sampled_from(STORED_KINDS), st.integers(-1, 60), st.one_of(st.none(), st.integers(0, 30)),
                       st.sampled_from([0, 10, 20]), st.sampled_from(["", "王主任"])), max_size=4),
    st.one_of(st.none(), st.tuples(st.integers(0, 60), st.one_of(st.none(), st.integers(0, 10)),
                                   st.sampled_from(["post", "email", ""]))),
), min_size=1, max_size=8)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(history=STORED_HISTORY, today_offset=st.integers(0, 120), until=st.booleans())
def test_bulk_readings_equal_the_per_request_clock(demo_bureau, history, today_offset, until):
    from django.db import transaction

    with transaction.atomic():  # each example starts from an empty list of requests
        check_bulk_equals_single(demo_bureau, history, D(2025, 3, 3) + dt.timedelta(days=today_offset), until)
        transaction.set_rollback(True)


def check_bulk_equals_single(agency, history, today, until):
    for i, (received_after, events, decision) in enumerate(history):
        received = D(2025, 3, 3) + dt.timedelta(days=received_after)
        request = InfoRequest.objects.create(
            agency=agency, number=f"P-{i}", query_code_hash="x", channel="in_person", submitted_on=received,
            received_on=received, applicant_kind="自然人", description="随机")
        for kind, after, deadline, workdays, by in events:
            on = received + dt.timedelta(days=after)
            RequestEvent.objects.create(request=request, kind=kind, on=on, workdays=workdays, approved_by=by,
                                        deadline=on + dt.timedelta(days=deadline) if deadline is not None else None)
        if decision is not None:
            decided_after, delivered_after, channel = decision
            decided = received + dt.timedelta(days=decided_after)
            Decision.objects.create(
                request=request, situation="disclose", category="granted", legal_basis="条例第三十六条",
                decided_on=decided, delivery_channel=channel,
                delivered_on=decided + dt.timedelta(days=delivered_after) if delivered_after is not None else None)
    request_clock = at(today)
    bulk = {r.request.pk: r for r in request_clock.readings(InfoRequest.objects.all(), until=today if until else None)}
    assert len(bulk) == len(history)
    for request in InfoRequest.objects.all():
        reading = bulk[request.pk]
        assert reading.request.number == request.number and reading.request.received_on == request.received_on
        try:
            single = at(today).deadline(request, until=today if until else None)
        except clock.InvalidClockEvents as exc:
            assert reading.deadline is None and list(reading.problems) == exc.problems
            continue
        assert reading.deadline == single and not reading.problems
        assert reading.left == (None if until else at(today).left(single))


def test_the_overview_page_lists_the_most_urgent_rows_and_links_to_the_rest(client, demo_bureau, monkeypatch):
    """A large office's overview stays a page: each group's count, its most urgent rows, a link to all."""
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.inforequests import admin as request_admin

    monkeypatch.setattr(request_admin, "OVERVIEW_ROWS", 3)
    monkeypatch.setattr(timezone, "localdate", lambda *args: D(2025, 6, 2))
    InfoRequest.objects.bulk_create([
        InfoRequest(agency=demo_bureau, number=f"OLD-{i}", query_code_hash="x", channel="in_person",
                    submitted_on=D(2025, 3, 3 + i), received_on=D(2025, 3, 3 + i), applicant_kind="自然人",
                    description="逾期") for i in range(5)])
    client.force_login(office())
    page = client.get(reverse("admin:inforequests_inforequest_overview")).content.decode()
    assert "已逾期（5）" in page and "共5件" in page and "?clock=overdue" in page
    # The most overdue first: received 3/3..3/5 are listed, 3/6 and 3/7 are behind the link.
    assert all(f"OLD-{i}<" in page for i in (0, 1, 2)) and not any(f"OLD-{i}<" in page for i in (3, 4))
    assert "5个工作日内到期（0）" in page and "共0件" not in page
