"""Read endpoints: everything the portal shows and nothing it hides. Planted values (the 双公示 public
tests' personal data, an applicant's details) never come back; unpublished items, pending or excluded
documents and unpublished reports are unreachable; listings page by cursor; a matching If-None-Match
is a 304 that never reads the item rows."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.api.models import Ability
from gongkai.catalog.models import Item
from gongkai.credit.models import LicenseRecord, PenaltyRecord
from gongkai.enforcement.models import DecisionDocument
from gongkai.inforequests import services
from gongkai.search.generation import bump_generation
from tests.api.conftest import bearer
from tests.credit.test_public import public_data  # noqa: F401  (the planted-PII fixture)

pytestmark = pytest.mark.django_db


def test_items_only_public_ones_paged_by_cursor(api_client, make_item):
    public = [make_item(f"公开条目{n}", published_on=dt.date(2026, 3, 1) + dt.timedelta(days=n)) for n in range(5)]
    hidden = [make_item("草稿", state=Item.State.DRAFT), make_item("待审", state=Item.State.IN_REVIEW),
              make_item("撤回", state=Item.State.WITHDRAWN),
              make_item("依申请公开", disclosure=Item.Disclosure.ON_REQUEST)]
    seen, cursor = [], None
    while True:
        answer = api_client.get("/api/v1/items", {"limit": 2, **({"cursor": cursor} if cursor else {})}).json()
        seen += [row["id"] for row in answer["items"]]
        cursor = answer["next_cursor"]
        if cursor is None:
            break
    assert seen == [item.pk for item in reversed(public)]
    for item in hidden:
        assert api_client.get(f"/api/v1/items/{item.pk}").status_code == 404
    detail = api_client.get(f"/api/v1/items/{public[0].pk}").json()
    assert detail["body_html"] == public[0].body and detail["url"] == f"/xxgk/item/{public[0].pk}/"


def test_items_filter_by_column_date_and_validity(api_client, make_item, directory):
    make_item("交通", column="traffic", published_on=dt.date(2026, 1, 5))
    make_item("失效", column="traffic", published_on=dt.date(2026, 2, 5), validity=Item.Validity.EXPIRED)
    other = next(slug for slug in directory if slug not in ("traffic", "statutory"))
    make_item("其他栏目", column=other, published_on=dt.date(2026, 3, 5))
    titles = lambda **q: [row["title"] for row in api_client.get("/api/v1/items", q).json()["items"]]  # noqa: E731
    assert titles(column=directory["traffic"].pk) == ["失效", "交通"]
    assert titles(column=directory["statutory"].pk)[:2] == ["失效", "交通"]  # a column includes its sub-columns
    assert titles(published_from="2026-02-01", published_to="2026-02-28") == ["失效"]
    assert titles(validity="valid") == ["其他栏目", "交通"]
    assert api_client.get("/api/v1/items", {"cursor": "@@@"}).json()["code"] == "bad_cursor"
    assert api_client.get("/api/v1/items", {"column": 999999}).status_code == 404


def test_conditional_get_is_a_304_without_reading_items(api_client, make_item):
    make_item("条目")
    first = api_client.get("/api/v1/items")
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as queries:
        again = api_client.get("/api/v1/items", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["ETag"] == etag
    assert not any(Item._meta.db_table in query["sql"] for query in queries.captured_queries)
    bump_generation()  # what every publish, change or withdrawal does in its transaction
    assert api_client.get("/api/v1/items", HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert api_client.get("/api/v1/items?limit=5", HTTP_IF_NONE_MATCH=etag).status_code == 200  # another query


def _document(agency, number, state, **fields):
    values = dict(agency=agency, document_number=number, title="行政处罚决定书", decided_on=dt.date(2026, 3, 1),
                  original_text=f"原文：当事人秘密信息{number}", public_text=f"公开文本{number}", state=state,
                  source_hash=number)
    if state in (DecisionDocument.State.PUBLISHED, DecisionDocument.State.WITHDRAWN):
        values.update(published_on=dt.date(2026, 3, 3), published_at=timezone.now())
    values.update(fields)
    return DecisionDocument.objects.create(**values)


def test_enforcement_documents_as_on_the_portal(api_client, demo_bureau):
    published = _document(demo_bureau, "公开1号", DecisionDocument.State.PUBLISHED)
    withdrawn = _document(demo_bureau, "撤回2号", DecisionDocument.State.WITHDRAWN, withdrawal_reason="依法撤销",
                          withdrawn_at=timezone.now(), change_ground="revoked")
    pending = _document(demo_bureau, "待审3号", DecisionDocument.State.PENDING)
    excluded = _document(demo_bureau, "不予公开4号", DecisionDocument.State.EXCLUDED, exclusion_code="minor")
    listing = api_client.get("/api/v1/enforcement/documents").json()["documents"]
    assert {row["id"] for row in listing} == {published.pk, withdrawn.pk}
    assert api_client.get(f"/api/v1/enforcement/documents/{published.pk}").json()["text"] == "公开文本公开1号"
    notice = api_client.get(f"/api/v1/enforcement/documents/{withdrawn.pk}").json()
    assert notice["text"] == "" and notice["withdrawal_reason"] == "依法撤销"
    for hidden in (pending, excluded):
        assert api_client.get(f"/api/v1/enforcement/documents/{hidden.pk}").status_code == 404
    everything = json.dumps(listing, ensure_ascii=False)
    assert "原文" not in everything and "秘密" not in everything


def test_credit_records_are_masked_exactly_as_on_the_portal(api_client, public_data, client):  # noqa: F811
    seen = []
    for kind, model in (("penalty", PenaltyRecord), ("license", LicenseRecord)):
        for record in model.objects.filter(is_current=True):
            api = api_client.get(f"/api/v1/credit/records/{kind}/{record.pk}")
            portal = client.get(f"/api/credit/{kind}/{record.pk}")
            assert api.status_code == portal.status_code
            if api.status_code == 200:
                assert api.json() == portal.json()
            seen.append(api.json())
            query = api_client.get("/api/v1/credit/records", {"q": record.document_number})
            assert query.json() == client.get("/api/credit", {"q": record.document_number}).json()
            seen.append(query.json())
    text = json.dumps(seen, ensure_ascii=False)
    assert "行政相对人名称" in text  # records were found at all
    leaked = [secret for secret in public_data["secrets"] if secret in text]
    assert leaked == []


def test_request_status_never_shows_the_applicant(api_client, demo_bureau, next_year_known):
    today = timezone.localdate()
    request, code = services.register_request(
        demo_bureau, channel="online", submitted_on=today, confirmed_on=today, applicant_kind="自然人",
        applicant={"name": "欧阳骁骞", "id_type": "resident_id", "id_number": "11010519491231002X",
                   "phone": "13912345678", "address": "示范市城东区幸福路88号"},
        description="申请公开某路段事故统计")
    answer = api_client.post("/api/v1/requests/status", json.dumps({"number": request.number, "code": code}),
                             content_type="application/json")
    assert answer.status_code == 200 and answer.json()["number"] == request.number
    for planted in ("欧阳骁骞", "11010519491231002X", "13912345678", "幸福路", "事故统计"):
        assert planted not in answer.content.decode()
    wrong = api_client.post("/api/v1/requests/status", json.dumps({"number": request.number, "code": "AAAAAAAA"}),
                            content_type="application/json")
    missing = api_client.post("/api/v1/requests/status", json.dumps({"number": "无此编号", "code": "AAAAAAAA"}),
                              content_type="application/json")
    assert wrong.status_code == missing.status_code == 404 and wrong.json()["detail"] == missing.json()["detail"]


def test_reports_only_published(api_client, demo_bureau):
    from gongkai.reports.models import AnnualReport

    AnnualReport.objects.create(agency=demo_bureau, year=2025, state=AnnualReport.State.DRAFT)
    assert api_client.get("/api/v1/reports").json() == []
    assert api_client.get("/api/v1/reports/2025").status_code == 404


def test_a_token_of_another_agency_reads_only_what_is_public(api_client, issue, other_agency, make_item):
    draft = make_item("草稿", state=Item.State.DRAFT)
    _, secret = issue([Ability.READ], agency=other_agency)
    assert api_client.get(f"/api/v1/items/{draft.pk}", **bearer(secret)).status_code == 404
    assert api_client.get("/api/v1/items", **bearer(secret)).json()["items"] == []


def test_docs_page_and_schema_need_no_cdn(api_client):
    page = api_client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "push_credit_records" in html and "problem-invalid" in html
    assert "http://" not in html and "https://" not in html and "<script" not in html
    schema = api_client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")


def test_old_json_urls_still_answer(api_client, demo_bureau):
    assert api_client.get("/api/search", {"q": "通告"}).status_code == 200
    assert api_client.get("/api/credit").status_code == 200
