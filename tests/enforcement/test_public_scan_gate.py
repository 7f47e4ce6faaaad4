"""The second look before publication (enforcement/public_scan.py): a leftover blocks until kept or masked."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from gongkai.enforcement import demo, public_scan, services
from gongkai.enforcement.capture import capture_document
from gongkai.enforcement.models import DecisionDocument, EnforcementSettings, PublicScanHit
from gongkai.org.models import AuditEntry

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


@pytest.fixture
def shenhe(demo_bureau):
    """审核人: keeps findings and publishes."""
    return get_user_model().objects.get(username="shenhe")


@pytest.fixture
def gongkaiban(demo_bureau):
    """公开办: edits the spans, so that the publisher is a second person."""
    return get_user_model().objects.get(username="gongkaiban")


def _with_phone_left_visible(demo_bureau, make_adult, editor) -> DecisionDocument:
    """A document whose phone number the engine 'missed': its span removed by hand, as a wrong edit would."""
    document = capture_document(demo_bureau, make_adult()).document
    assert public_scan.undecided(document) == []  # the engine's own proposal passes the second look
    phone_rows = [i for i, row in enumerate(document.spans) if row["original"] == PHONE]
    document = services.edit_spans(document, editor, remove=phone_rows)
    assert PHONE in services.preview(document)
    return document


def test_a_leftover_phone_blocks_publication_and_the_refusal_names_it(demo_bureau, make_adult, gongkaiban, shenhe):
    document = _with_phone_left_visible(demo_bureau, make_adult, gongkaiban)
    with pytest.raises(ValidationError, match=f"公开前复查.*{PHONE}"):
        services.publish_document(document, shenhe)
    document.refresh_from_db()
    assert document.state == DecisionDocument.State.PENDING and document.public_text == ""


def test_kept_with_a_reason_it_publishes_and_the_decision_is_recorded(demo_bureau, make_adult, gongkaiban, shenhe):
    document = _with_phone_left_visible(demo_bureau, make_adult, gongkaiban)
    rows = [item["row"] for item in public_scan.review_rows(document) if item["open"]]
    assert [(row.kind, row.value) for row in rows] == [("digits", PHONE)]
    with pytest.raises(ValidationError, match="理由"):
        public_scan.keep(document, shenhe, rows[0].pk, "  ")
    public_scan.keep(document, shenhe, rows[0].pk, "本机关对外公布的举报电话")
    published = services.publish_document(document, shenhe)
    assert published.state == DecisionDocument.State.PUBLISHED and PHONE in published.public_text
    row = PublicScanHit.objects.get(pk=rows[0].pk)
    assert (row.decision, row.reason, row.decided_by) == ("kept", "本机关对外公布的举报电话", shenhe)
    assert row.decided_at is not None
    entry = AuditEntry.objects.get(action="review", object_id=str(document.pk), summary__contains="核实保留")
    assert entry.actor == shenhe and "举报电话" in entry.summary
    assert PHONE not in entry.summary and PHONE not in str(entry.after)  # the log is no second copy


def test_masked_it_leaves_the_text_and_the_scan_is_clean(demo_bureau, make_adult, gongkaiban, shenhe):
    document = _with_phone_left_visible(demo_bureau, make_adult, gongkaiban)
    row = next(item["row"] for item in public_scan.review_rows(document) if item["open"])
    public_scan.mask(document, gongkaiban, row.pk)
    document.refresh_from_db()
    assert PHONE not in services.preview(document)
    assert public_scan.undecided(document) == []
    row.refresh_from_db()
    assert (row.decision, row.decided_by) == ("masked", gongkaiban)
    assert AuditEntry.objects.filter(action="redact", object_id=str(document.pk),
                                     summary__contains="公开前复查").exists()
    published = services.publish_document(document, shenhe)
    assert PHONE not in published.public_text


def test_a_planted_handle_and_a_related_person_are_found(demo_bureau, make_adult):
    document = capture_document(demo_bureau, make_adult()).document
    text = services.preview(document) + "其通过微信号zhangjg_1985联系，车牌号为豫A·D12345。"
    kinds = {hit.kind for hit in public_scan.undecided(document, text)}
    assert {"im_handle", "plate"} <= kinds
    assert public_scan.undecided(document, text.replace("zhangjg_1985", "×××").replace("豫A·D12345", "×××")) == []


def test_the_agency_allow_list_clears_its_bank_account(demo_bureau, make_adult):
    document = capture_document(demo_bureau, make_adult()).document
    text = services.preview(document) + "罚款缴至示范市财政局非税收入账户，账号41001500510050201234。"
    assert [hit.kind for hit in public_scan.undecided(document, text)] == ["digits"]
    EnforcementSettings.objects.create(agency=demo_bureau, public_scan_allow="41001500510050201234\n")
    assert public_scan.undecided(document, text) == []


def test_the_review_page_shows_findings_and_records_a_decision(demo_bureau, make_adult, gongkaiban, shenhe, client):
    document = _with_phone_left_visible(demo_bureau, make_adult, gongkaiban)
    client.force_login(shenhe)
    page = client.get(f"/admin/enforcement/decisiondocument/{document.pk}/review/").content.decode()
    assert "公开前复查" in page and "待核实" in page and "已核实（保留）" in page and "遮盖" in page
    row = PublicScanHit.objects.get(document=document)
    response = client.post(f"/admin/enforcement/decisiondocument/{document.pk}/scan/{row.pk}/",
                           {"action": "keep", "reason": "本机关对外公布的举报电话"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.decision == "kept" and row.decided_by == shenhe
    page = client.get(f"/admin/enforcement/decisiondocument/{document.pk}/review/").content.decode()
    assert "已核实（保留）</strong>：本机关对外公布的举报电话" in page


def test_the_demo_decisions_publish_without_a_finding(demo_bureau, site_root):
    """Low false positives, measured: every demo document (the full demo load) has no finding."""
    counts = demo.load(demo_bureau, dt.date(2026, 11, 27))
    assert counts["published"] > 150  # each went through the gate
    per_document = Counter()
    for document in DecisionDocument.objects.exclude(state=DecisionDocument.State.EXCLUDED):
        text = public_scan.current_text(document)
        per_document[len(public_scan.findings(document, text))] += 1
    print("findings per document:", dict(per_document))
    assert set(per_document) == {0}
