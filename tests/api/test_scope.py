"""Tokens: no endpoint without its ability; revoked and expired tokens refused; agency and unit scope;
the admin issues (secret shown once, stored hashed) and revokes, both audited; every call names its system."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.contrib.auth.models import Group, User
from django.utils import timezone

from gongkai.api import usage
from gongkai.api.models import Ability, SystemToken, hash_token
from gongkai.credit.models import PenaltyRecord
from gongkai.org import roles
from gongkai.org.models import AuditEntry, StaffProfile, Unit
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

WRITES = {
    Ability.PUSH_CREDIT: "/api/v1/credit/penalty/records",
    Ability.PUSH_DOCUMENTS: "/api/v1/enforcement/documents",
    Ability.REGISTER_REQUESTS: "/api/v1/requests",
}


def post(client, url, body, headers):
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


@pytest.mark.parametrize("ability", list(WRITES))
def test_each_write_needs_its_own_ability(api_client, issue, ability):
    url = WRITES[ability]
    anonymous = post(api_client, url, {}, {})
    assert anonymous.status_code == 401 and anonymous["Content-Type"].startswith("application/problem+json")
    assert anonymous.json()["code"] == "unauthorized"
    others = [a for a in Ability if a != ability]
    _, secret = issue(others)
    refused = post(api_client, url, {}, bearer(secret))
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    _, wrong = "x", "gk_not-a-token"
    assert post(api_client, url, {}, bearer(wrong)).status_code == 401


def test_revoked_and_expired_tokens_are_refused(api_client, issue, penalty_rows):
    revoked, secret = issue([Ability.PUSH_CREDIT, Ability.READ])
    SystemToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    answer = post(api_client, WRITES[Ability.PUSH_CREDIT], {"records": penalty_rows(1)}, bearer(secret))
    assert answer.status_code == 401 and answer.json()["code"] == "token_revoked"
    read = api_client.get("/api/v1/items", **bearer(secret))
    assert read.status_code == 401  # a bad token on a public endpoint is refused, not served as anonymous

    expired, secret = issue([Ability.PUSH_CREDIT], name="旧平台")
    SystemToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    answer = post(api_client, WRITES[Ability.PUSH_CREDIT], {"records": penalty_rows(1)}, bearer(secret))
    assert answer.status_code == 401 and answer.json()["code"] == "token_expired"
    assert PenaltyRecord.objects.count() == 0


def test_a_token_writes_into_its_own_agency_only(api_client, issue, other_agency, penalty_rows, demo_bureau):
    _, secret = issue([Ability.PUSH_CREDIT], agency=other_agency, name="邻市警务平台")
    answer = post(api_client, WRITES[Ability.PUSH_CREDIT], {"records": penalty_rows(3)}, bearer(secret))
    assert answer.json()["created"] == 3
    assert set(PenaltyRecord.objects.values_list("agency_id", flat=True)) == {other_agency.pk}
    entry = AuditEntry.objects.filter(action="import").latest("id")
    assert entry.agency_id == other_agency.pk and entry.actor_name == "系统接口：邻市警务平台"


def test_a_unit_token_pushes_only_its_units_documents(api_client, issue, demo_bureau):
    unit = Unit.objects.get(agency=demo_bureau, name="交警支队")
    _, secret = issue([Ability.PUSH_DOCUMENTS], unit=unit)
    document = {"document_number": "示公（交）行罚决字〔2026〕9号", "decided_on": timezone.localdate().isoformat(),
                "text": "行政处罚决定书\n违法行为人李某某。\n", "unit": "治安支队"}
    answer = post(api_client, WRITES[Ability.PUSH_DOCUMENTS], {"documents": [document]}, bearer(secret))
    assert answer.status_code == 403 and answer.json()["code"] == "out_of_scope"


def test_reads_with_a_token_are_audited_under_the_system_one_entry_a_minute(api_client, issue):
    system, secret = issue([Ability.READ], name="省政务公开平台")
    before = AuditEntry.objects.count()
    for path in ("/api/v1/catalog/columns", "/api/v1/catalog/columns", "/api/v1/items"):
        assert api_client.get(path, **bearer(secret)).status_code == 200
    assert AuditEntry.objects.count() == before  # counted in the minute's tally, no INSERT per read
    assert usage.flush(everything=True) == 1
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert entry.actor_name == "系统接口：省政务公开平台" and entry.agency_id == system.agency_id
    assert entry.after["calls"] == 3
    assert entry.after["operations"] == {"GET /api/v1/catalog/columns": 2, "GET /api/v1/items": 1}
    assert "共3次" in entry.summary and "GET /api/v1/catalog/columns 2次" in entry.summary


def test_a_minutes_tally_is_written_after_the_first_response_once_the_minute_is_over(api_client, issue):
    _, secret = issue([Ability.READ], name="省政务公开平台")
    with time_machine.travel(timezone.now().replace(second=10), tick=False) as clock:
        assert api_client.get("/api/v1/items", **bearer(secret)).status_code == 200
        clock.shift(dt.timedelta(seconds=40))  # the same minute: nothing is written
        assert api_client.get("/api/v1/items", **bearer(secret)).status_code == 200
        assert not AuditEntry.objects.filter(action="export").exists()
        clock.shift(dt.timedelta(seconds=20))  # the next minute: any response writes the last one's tally
        assert api_client.get("/api/v1/catalog/columns").status_code == 200
    entry = AuditEntry.objects.get(action="export")
    assert entry.after["calls"] == 2 and entry.actor_name == "系统接口：省政务公开平台"
    assert usage.pending_calls() == 0


LONG = 10**6  # a window no test run straddles


def _read(client, secret=None, address="203.0.113.7"):
    return client.get("/api/v1/catalog/columns", REMOTE_ADDR=address, **(bearer(secret) if secret else {}))


def test_a_token_has_one_count_whatever_address_it_calls_from(api_client, issue, settings):
    settings.API_RATE_LIMITS = {"read": (2, LONG), "anonymous": (10**6, 60), "write": (10**6, 60)}
    _, secret = issue([Ability.READ])
    codes = [_read(api_client, secret, address).status_code for address in ("203.0.113.7", "198.51.100.2", "2001:db8::1")]
    assert codes == [200, 200, 429]


def test_two_tokens_do_not_share_a_count(api_client, issue, settings):
    settings.API_RATE_LIMITS = {"read": (2, LONG), "anonymous": (10**6, 60), "write": (10**6, 60)}
    _, first = issue([Ability.READ], name="省政务公开平台")
    _, second = issue([Ability.READ], name="政府门户网站")
    assert [_read(api_client, first).status_code for _ in range(3)] == [200, 200, 429]
    assert [_read(api_client, second).status_code for _ in range(2)] == [200, 200]


def test_anonymous_reads_count_per_address_and_a_token_has_the_higher_limit(api_client, issue, settings):
    settings.API_RATE_LIMITS = {"read": (3, LONG), "anonymous": (1, LONG), "write": (10**6, 60)}
    _, secret = issue([Ability.READ])
    _, no_read = issue([Ability.PUSH_CREDIT], name="警务综合平台")
    assert [_read(api_client).status_code for _ in range(2)] == [200, 429]
    assert _read(api_client, address="198.51.100.2").status_code == 200  # another client, its own count
    # the same address with the read token: the token's own count, at its higher limit
    assert [_read(api_client, secret).status_code for _ in range(4)] == [200, 200, 200, 429]
    # a token without the read ability reads at the anonymous limit, counted against itself
    assert [_read(api_client, no_read).status_code for _ in range(2)] == [200, 429]


def test_writes_and_reads_of_a_token_are_counted_apart(api_client, issue, settings, penalty_rows):
    settings.API_RATE_LIMITS = {"read": (1, LONG), "anonymous": (10**6, 60), "write": (1, LONG)}
    _, secret = issue([Ability.READ, Ability.PUSH_CREDIT])
    assert _read(api_client, secret).status_code == 200
    pushed = post(api_client, WRITES[Ability.PUSH_CREDIT], {"records": penalty_rows(1)}, bearer(secret))
    assert pushed.status_code == 200
    again = post(api_client, WRITES[Ability.PUSH_CREDIT], {"records": penalty_rows(1)}, bearer(secret))
    assert again.status_code == 429 and again.json()["code"] == "too_many_requests"


def test_over_the_limit_is_a_429_problem_in_chinese_with_retry_after(api_client, issue, settings):
    settings.API_RATE_LIMITS = {"read": (1, 60), "anonymous": (10**6, 60), "write": (10**6, 60)}
    _, secret = issue([Ability.READ])
    codes = []
    for _ in range(3):  # a minute's boundary may fall between two calls: three reach the limit either way
        limited = _read(api_client, secret)
        codes.append(limited.status_code)
        if limited.status_code == 429:
            break
    assert codes[-1] == 429
    assert limited["Content-Type"].startswith("application/problem+json") and limited["Retry-After"] == "60"
    body = limited.json()
    assert body["status"] == 429 and body["code"] == "too_many_requests" and body["title"] == "请求过于频繁"
    assert body["detail"] == "请求过于频繁：每60秒至多1次，请稍后再试"


@pytest.fixture
def administrator(demo_bureau):
    user = User.objects.create_user("api-admin", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=roles.ADMINISTRATOR))
    StaffProfile.objects.create(user=user, agency=demo_bureau, full_name="管理员甲")
    return user


def test_admin_issues_a_token_once_and_revokes_it_with_audit(client, administrator, demo_bureau, other_agency):
    client.force_login(administrator)
    expires = (timezone.localtime() + dt.timedelta(days=90))
    page = client.post("/admin/api/systemtoken/add/", {
        "agency": demo_bureau.pk, "unit": "", "name": "警务综合平台", "abilities": ["push_credit", "read"],
        "expires_at_0": expires.strftime("%Y-%m-%d"), "expires_at_1": expires.strftime("%H:%M:%S")}, follow=True)
    assert page.status_code == 200
    token = SystemToken.objects.get()
    shown = [str(m) for m in page.context["messages"]]
    secret = next(m.split("：")[-1] for m in shown if "只显示这一次" in m)
    assert token.token_hash == hash_token(secret) and secret not in json.dumps(list(SystemToken.objects.values()),
                                                                               default=str)
    assert AuditEntry.objects.filter(action="create", object_id=str(token.pk), actor=administrator).exists()

    foreign = client.post("/admin/api/systemtoken/add/", {
        "agency": other_agency.pk, "name": "越权", "abilities": ["read"],
        "expires_at_0": expires.strftime("%Y-%m-%d"), "expires_at_1": "00:00:00"})
    assert foreign.status_code == 200 and SystemToken.objects.count() == 1  # the other agency is not a choice

    client.post("/admin/api/systemtoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="permission", object_id=str(token.pk)).exists()


@pytest.mark.django_db(transaction=True)
def test_counts_hold_outside_a_transaction_as_in_production(api_client, issue, settings):
    """Outside the test's transaction the limiter's writes share one commit (auth._one_commit, with
    synchronous_commit off on PostgreSQL): the counts must hold the same."""
    settings.API_RATE_LIMITS = {"read": (2, LONG), "anonymous": (1, LONG), "write": (10**6, 60)}
    _, secret = issue([Ability.READ])
    assert [_read(api_client, secret, address).status_code for address in ("203.0.113.7", "198.51.100.2", "203.0.113.7")] \
        == [200, 200, 429]
    assert [_read(api_client).status_code for _ in range(2)] == [200, 429]
