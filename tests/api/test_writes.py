"""The write endpoints: idempotent by the file import's natural key, the same validation and versions,
whole chunks only, answers per row; documents through the drop folder's capture; requests through intake."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone

from gongkai.api.models import Ability, HandedOverRequest
from gongkai.credit import importing
from gongkai.credit.models import PenaltyRecord
from gongkai.enforcement.models import DecisionDocument
from gongkai.inforequests.models import InfoRequest
from gongkai.org.models import AuditEntry
from tests.api.conftest import bearer

pytestmark = pytest.mark.django_db

PUSH = "/api/v1/credit/penalty/records"


def post(client, url, body, secret):
    return client.post(url, json.dumps(body, ensure_ascii=False), content_type="application/json", **bearer(secret))


def test_same_batch_twice_adds_nothing_and_a_changed_row_is_a_new_version(api_client, issue, penalty_rows):
    _, secret = issue([Ability.PUSH_CREDIT])
    records = penalty_rows(30)
    first = post(api_client, PUSH, {"records": records}, secret)
    assert first.status_code == 200, first.content
    answer = first.json()
    assert answer["created"] == 30 and {row["outcome"] for row in answer["rows"]} == {"created"}
    assert PenaltyRecord.objects.count() == 30

    again = post(api_client, PUSH, {"records": records}, secret).json()
    assert again["unchanged"] == 30 and again["created"] == 0
    assert PenaltyRecord.objects.count() == 30

    records[4]["CF_NR"] = records[4]["CF_NR"] + "（已更正）"
    changed = post(api_client, PUSH, {"records": records}, secret).json()
    assert changed["new_versions"] == 1 and changed["unchanged"] == 29
    assert changed["rows"][4]["outcome"] == "new_version"
    key_rows = PenaltyRecord.objects.filter(document_number=records[4]["CF_WSH"]).order_by("version")
    assert [(r.version, r.is_current) for r in key_rows] == [(1, False), (2, True)]


def test_rejected_rows_are_answered_with_field_and_chinese_reason(api_client, issue, penalty_rows):
    _, secret = issue([Ability.PUSH_CREDIT])
    records = penalty_rows(3)
    records[1]["CF_JDRQ"] = "不是日期"
    del records[2]["CF_WSH"]
    answer = post(api_client, PUSH, {"records": records}, secret).json()
    outcomes = [row["outcome"] for row in answer["rows"]]
    assert outcomes == ["created", "rejected", "rejected"]
    assert any(error["field"] == "CF_JDRQ" for error in answer["rows"][1]["errors"])
    reason = answer["rows"][1]["errors"][0]["reason"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in reason)
    assert PenaltyRecord.objects.count() == 1


def test_chinese_column_names_are_accepted_and_unknown_keys_refuse_the_batch(api_client, issue, penalty_rows):
    from gongkai.core.credit_fields import PENALTY_FIELDS

    _, secret = issue([Ability.PUSH_CREDIT])
    names = {spec.code: spec.name for spec in PENALTY_FIELDS}
    record = {names[code]: value for code, value in penalty_rows(1)[0].items()}
    assert post(api_client, PUSH, {"records": [record]}, secret).json()["created"] == 1

    bad = post(api_client, PUSH, {"records": [{**penalty_rows(1, first=5)[0], "CF_TYPO": "x"}]}, secret)
    assert bad.status_code == 422 and bad["Content-Type"].startswith("application/problem+json")
    assert bad.json()["errors"][0]["field"] == "/records/0/CF_TYPO"
    assert PenaltyRecord.objects.count() == 1


def test_batch_over_5000_is_refused_as_a_problem(api_client, issue, penalty_rows):
    _, secret = issue([Ability.PUSH_CREDIT])
    records = penalty_rows(1) * 5001
    answer = post(api_client, PUSH, {"records": records}, secret)
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid" and "5000" in answer.json()["errors"][0]["reason"]


def test_killed_mid_batch_leaves_whole_chunks_only(api_client, issue, penalty_rows, monkeypatch):
    """The third chunk's write dies (as a killed process would, mid-transaction): the first two chunks
    are in, nothing of the third; the rerun finishes it and reports the first chunks unchanged."""
    _, secret = issue([Ability.PUSH_CREDIT])
    monkeypatch.setattr(importing, "CHUNK_ROWS", 10)
    records = penalty_rows(35)
    real_insert, calls = importing._insert, {"n": 0}

    def dying_insert(kind, rows):
        calls["n"] += 1
        if calls["n"] == 3:
            real_insert(kind, rows[:4])  # part of the chunk is written, then the process dies
            raise KeyboardInterrupt
        return real_insert(kind, rows)

    monkeypatch.setattr(importing, "_insert", dying_insert)
    with pytest.raises(KeyboardInterrupt):
        post(api_client, PUSH, {"records": records}, secret)
    assert PenaltyRecord.objects.count() == 20
    monkeypatch.setattr(importing, "_insert", real_insert)
    rerun = post(api_client, PUSH, {"records": records}, secret).json()
    assert rerun["unchanged"] == 20 and rerun["created"] == 15
    assert PenaltyRecord.objects.count() == 35


def test_push_is_audited_under_the_system_name(api_client, issue, penalty_rows):
    _, secret = issue([Ability.PUSH_CREDIT], name="警务综合平台")
    post(api_client, PUSH, {"records": penalty_rows(2)}, secret)
    entry = AuditEntry.objects.filter(action="import").latest("id")
    assert entry.actor_name == "系统接口：警务综合平台" and entry.actor is None


DECISION = {"document_number": "示公（城）行罚决字〔2026〕101号", "decided_on": None, "kind": "penalty",
            "text": "示范市公安局城东分局\n行政处罚决定书\n示公（城）行罚决字〔2026〕101号\n违法行为人张某某，男。\n"
                    "现查明：2026年1月2日，张某某在城东区某商店盗窃。\n以上事实有证据证实。\n"
                    "根据《中华人民共和国治安管理处罚法》第五十八条之规定，决定对张某某处以罚款五百元。\n",
            "parties": [{"name": "张某某", "role": "punished", "kind": "natural"}], "penalties": ["罚款500元"]}


def test_documents_take_the_capture_path_and_are_idempotent(api_client, issue):
    _, secret = issue([Ability.PUSH_DOCUMENTS])
    document = {**DECISION, "decided_on": timezone.localdate().isoformat()}
    first = post(api_client, "/api/v1/enforcement/documents", {"documents": [document]}, secret)
    assert first.status_code == 200, first.content
    assert first.json()["documents"][0]["outcome"] == "created"
    stored = DecisionDocument.objects.get()
    assert stored.state in ("pending", "excluded")
    again = post(api_client, "/api/v1/enforcement/documents", {"documents": [document]}, secret).json()
    assert again["documents"][0]["outcome"] == "unchanged"
    assert DecisionDocument.objects.count() == 1
    assert AuditEntry.objects.filter(actor_name="系统接口：警务综合平台", action="import").exists()


def test_a_bad_document_is_a_422_with_the_reason(api_client, issue):
    _, secret = issue([Ability.PUSH_DOCUMENTS])
    answer = post(api_client, "/api/v1/enforcement/documents", {"documents": [{"text": "只有正文"}]}, secret)
    assert answer.status_code == 422 and "文号" in answer.json()["detail"]
    both = post(api_client, "/api/v1/enforcement/documents", {"text": "x", "documents": [{}]}, secret)
    assert both.status_code == 422
    assert DecisionDocument.objects.count() == 0


def hand_over(external_id="12345-0001", **changes):
    today = timezone.localdate().isoformat()
    body = {"external_id": external_id, "channel": "online", "submitted_on": today, "confirmed_on": today,
            "applicant_kind": "自然人",
            "applicant": {"name": "王小明", "id_type": "passport", "id_number": "E12345678", "phone": "13800001111"},
            "description": "申请公开2025年本局交通违法处罚统计数据", "form_wanted": "electronic", "delivery": "email"}
    body.update(changes)
    return body


def test_requests_from_other_channels_are_registered_once(api_client, issue, next_year_known):
    _, secret = issue([Ability.REGISTER_REQUESTS], name="12345热线")
    first = post(api_client, "/api/v1/requests", hand_over(), secret)
    assert first.status_code == 200, first.content
    receipt = first.json()
    assert receipt["outcome"] == "created" and receipt["query_code"] and receipt["received_on"]
    request = InfoRequest.objects.get(number=receipt["number"])
    assert request.query_code_matches(receipt["query_code"])
    again = post(api_client, "/api/v1/requests", hand_over(), secret).json()
    assert again == {**receipt, "outcome": "unchanged", "query_code": None}
    assert InfoRequest.objects.count() == 1 and HandedOverRequest.objects.count() == 1
    assert AuditEntry.objects.filter(actor_name="系统接口：12345热线", action="create").exists()


def test_a_request_is_validated_like_the_web_form(api_client, issue, next_year_known):
    _, secret = issue([Ability.REGISTER_REQUESTS])
    bad = post(api_client, "/api/v1/requests", hand_over(applicant={"name": "王小明", "id_type": "resident_id",
                                                                   "id_number": "123", "phone": ""}), secret)
    assert bad.status_code == 422
    fields = {error["field"] for error in bad.json()["errors"]}
    assert "/applicant/id_number" in fields
    unconfirmed = post(api_client, "/api/v1/requests", hand_over("x-2", channel="fax", confirmed_on=None), secret)
    assert unconfirmed.status_code == 200 and unconfirmed.json()["received_on"] is None  # 待确认收到 (art.31)
    assert InfoRequest.objects.count() == 1
