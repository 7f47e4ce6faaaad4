"""The demo requests cover every channel, applicant kind and decision category, open and overdue."""

import datetime as dt

import pytest

from gongkai.core.decision_rules import SITUATIONS
from gongkai.core.receipt import Channel
from gongkai.inforequests.demo import load
from gongkai.inforequests.models import Decision, InfoRequest
from gongkai.inforequests.overview import overview

TODAY = dt.date(2026, 11, 20)


@pytest.mark.django_db
def test_demo_requests_cover_the_report(demo_bureau):
    load(demo_bureau, TODAY)
    requests = InfoRequest.objects.filter(agency=demo_bureau)
    assert requests.count() > 200
    assert set(requests.values_list("channel", flat=True)) == {c.value for c in Channel}
    assert len(set(requests.values_list("applicant_kind", flat=True))) == 6
    categories = set(Decision.objects.values_list("category", flat=True))
    expected = {s.category.value for s in SITUATIONS if s.key not in ("no_correction", "fee_unpaid")}
    assert expected <= categories
    years = {r.year for r in requests.values_list("received_on", flat=True) if r}
    assert {TODAY.year - 2, TODAY.year - 1, TODAY.year} <= years
    state = overview(requests, TODAY)
    assert state["overdue"] and state["due_soon"] and state["paused"]
    from gongkai.appeals.demo import load as load_appeals
    from gongkai.appeals.models import AppealCase

    load_appeals(demo_bureau, TODAY)
    cases = AppealCase.objects.filter(agency=demo_bureau)
    assert cases.count() >= 5 and cases.filter(kind="litigation").exists() and cases.filter(closed_on__isnull=True).exists()
