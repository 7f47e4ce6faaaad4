"""Review and publication: the published text is exactly what was approved; withdrawal; expiry; search; links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.enforcement import services
from gongkai.enforcement import spans as span_rows
from gongkai.enforcement.capture import capture_document, link_pending_records
from gongkai.enforcement.due import overview
from gongkai.enforcement.models import DecisionDocument
from gongkai.enforcement.publication import document_url, listing_url
from gongkai.portal.section_pages import build_section
from gongkai.org.models import AuditEntry
from gongkai.portal import paths
from gongkai.search.models import SearchDocument

pytestmark = pytest.mark.django_db(transaction=True)


def _page(url: str) -> str:
    path = paths.file_for_url(url)
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_capture_proposes_spans_and_the_due_date(demo_bureau, make_adult):
    document = capture_document(demo_bureau, make_adult()).document
    kinds = {row["kind"] for row in document.spans}
    assert {"id_number", "phone", "address", "name_punished", "name_other"} <= kinds
    assert document.proposed_spans == document.spans
    assert all(document.original_text[r["start"]:r["end"]] == r["original"] for r in document.spans)
    assert document.publish_due == dt.date(2026, 10, 29)  # 7 working days after 2026-10-20
    assert AuditEntry.objects.filter(action="import", object_id=str(document.pk)).exists()
    assert capture_document(demo_bureau, make_adult()).status == "unchanged"


def test_removing_a_wrong_span_changes_the_published_text_exactly(demo_bureau, make_adult, reviewer, office, site_root):
    text = make_adult().text.replace("在城东区文化路88号附近", "在示范市拘留所门前")
    document = capture_document(demo_bureau, make_adult(text=text)).document
    # Suppose the engine (or an earlier edit) masked the public detention centre's name: add it, then drop it.
    document = services.edit_spans(document, office, add=[("示范市拘留所", "address")])
    assert "示范市拘留所" not in services.preview(document)
    wrong = [i for i, row in enumerate(document.spans) if row["original"] == "示范市拘留所"]
    document = services.edit_spans(document, office, remove=wrong)
    approved = services.preview(document)
    assert "示范市拘留所" in approved
    assert "张建国" not in approved and "张某某" in approved and "13812345678" not in approved
    published = services.publish_document(document, reviewer, approved_digest=span_rows.digest(approved))
    assert published.public_text == approved
    # Stored verbatim: a later engine change or span edit cannot alter what was published.
    DecisionDocument.objects.filter(pk=published.pk).update(spans=[])
    published.refresh_from_db()
    assert published.public_text == approved
    page = _page(document_url(published.pk))
    assert "示范市拘留所" in page and "张某某" in page and "张建国" not in page and "410102198503021234" not in page
    assert published.document_number in _page(listing_url())
    assert AuditEntry.objects.filter(action="redact", object_id=str(published.pk)).count() == 2
    assert AuditEntry.objects.filter(action="publish", object_id=str(published.pk)).exists()
    indexed = SearchDocument.objects.get(kind="enforcement", object_id=published.pk)
    assert indexed.url == document_url(published.pk) and "张建国" not in indexed.plain_text


def test_publish_refuses_a_text_changed_after_approval(demo_bureau, make_adult, reviewer, office):
    document = capture_document(demo_bureau, make_adult()).document
    seen = span_rows.digest(services.preview(document))
    services.edit_spans(document, office, remove=[0])
    with pytest.raises(ValidationError, match="重新核对"):
        services.publish_document(document, reviewer, approved_digest=seen)


def test_officers_cannot_publish_or_edit(demo_bureau, make_adult, officer):
    document = capture_document(demo_bureau, make_adult()).document
    with pytest.raises(PermissionDenied):
        services.publish_document(document, officer)
    with pytest.raises(PermissionDenied):
        services.edit_spans(document, officer, remove=[0])


@pytest.mark.date_sensitive
def test_withdrawal_within_three_working_days_with_the_reason_published(demo_bureau, make_adult, reviewer, site_root,
                                                                         next_year_known):
    """Reported today (Asia/Shanghai): on 31 December the three working days run into next year's calendar."""
    document = services.publish_document(capture_document(demo_bureau, make_adult()).document, reviewer)
    changed_on = timezone.localdate()
    services.report_change(document, reviewer, "revoked", changed_on)
    document.refresh_from_db()
    due_list = overview(DecisionDocument.objects.all(), changed_on)
    assert [row.document.pk for row in due_list["withdraw"]] == [document.pk]
    assert document.withdrawal_due > changed_on
    reason = "该处罚决定已被示范市公安局行政复议决定（示公复决字〔2026〕12号）撤销。"
    withdrawn = services.withdraw_document(document, reviewer, ground="revoked", reason=reason)
    assert withdrawn.withdrawn_at.date() <= withdrawn.withdrawal_due
    page = _page(document_url(document.pk))
    assert "撤回说明" in page and reason in page and "依法撤销" in page
    assert "行政拘留五日" not in page and "张某某" not in page  # the decision's text is gone
    listing = _page(listing_url())
    assert "已撤回" in listing and reason in listing
    assert not SearchDocument.objects.filter(kind="enforcement", object_id=document.pk).exists()
    assert AuditEntry.objects.filter(action="withdraw", object_id=str(document.pk)).exists()
    with pytest.raises(ValidationError):
        services.withdraw_document(withdrawn, reviewer, ground="revoked", reason=reason)


def test_withdrawal_needs_a_reason(demo_bureau, make_adult, reviewer):
    document = services.publish_document(capture_document(demo_bureau, make_adult()).document, reviewer)
    with pytest.raises(ValidationError):
        services.withdraw_document(document, reviewer, ground="revoked", reason=" ")


def test_publication_period_ends_and_the_daily_job_takes_it_down(demo_bureau, make_adult, reviewer, site_root):
    document = services.publish_document(capture_document(demo_bureau, make_adult()).document, reviewer)
    assert document.publication_ends_on == dt.date(2028, 10, 20)  # natural person: 2 years (strict default)
    organisation = make_adult(301, parties=[{"role": "punished", "name": "示范市星辰网吧", "kind": "organisation",
                                             "id_number": "", "birth_date": ""}], penalties=["罚款五千元"])
    organisation = services.publish_document(capture_document(demo_bureau, organisation).document, reviewer)
    assert organisation.publication_ends_on == dt.date(2029, 10, 20)  # others: 3 years
    assert services.expire_publications(dt.date(2028, 10, 20)) == []
    assert services.expire_publications(dt.date(2028, 10, 21)) == [document.pk]
    document.refresh_from_db()
    assert document.state == "expired" and document.offline_on == dt.date(2028, 10, 21)
    assert not paths.file_for_url(document_url(document.pk)).exists()
    assert document.document_number not in _page(listing_url())
    assert organisation.document_number in _page(listing_url())
    assert not SearchDocument.objects.filter(kind="enforcement", object_id=document.pk).exists()


def test_penalty_record_linked_by_document_number_when_it_arrives(demo_bureau, make_adult):
    from gongkai.credit.models import PenaltyRecord

    document = capture_document(demo_bureau, make_adult()).document
    assert document.penalty_record_id is None
    record = PenaltyRecord.objects.create(
        agency=demo_bureau, natural_key=document.document_number + "张建国", record_hash="x" * 64,
        document_number=document.document_number, party_name="张建国", party_kind="自然人",
        decided_on=document.decided_on, fields={}, penalty_categories="罚款")
    document.refresh_from_db()
    assert document.penalty_record_id == record.pk
    DecisionDocument.objects.filter(pk=document.pk).update(penalty_record=None)
    assert link_pending_records(demo_bureau) == 1
    later = capture_document(demo_bureau, make_adult(102, document_number=document.document_number.replace("101", "102")))
    PenaltyRecord.objects.bulk_create([PenaltyRecord(
        agency=demo_bureau, natural_key="k2", record_hash="y" * 64, document_number=later.document.document_number,
        party_name="张建国", party_kind="自然人", decided_on=document.decided_on, fields={}, penalty_categories="罚款")])
    assert link_pending_records(demo_bureau) == 1


def test_full_build_writes_listing_documents_and_sitemap(demo_bureau, make_adult, reviewer, site_root):
    for n in range(1, 24):
        services.publish_document(capture_document(demo_bureau, make_adult(n)).document, reviewer, rebuild=False)
    report = build_section("enforcement", demo_bureau)
    assert paths.file_for_url(listing_url(2)).exists()
    assert "/zfgk/doc/" in paths.file_for_url("/sitemaps/enforcement.xml").read_text()
    assert len(report.written) == 2 + 23 + 1


def test_admin_review_page_and_due_list(demo_bureau, make_adult, reviewer, client):
    document = capture_document(demo_bureau, make_adult()).document
    client.force_login(reviewer)
    page = client.get(f"/admin/enforcement/decisiondocument/{document.pk}/review/").content.decode()
    assert "<mark" in page and "审核发布" in page and "删除第1处遮蔽" in page
    response = client.post(f"/admin/enforcement/decisiondocument/{document.pk}/review/",
                           {"action": "spans", "add_text_1": "文化路88号", "add_kind_1": "address"})
    assert response.status_code == 302
    assert "文化路88号" not in services.preview(DecisionDocument.objects.get(pk=document.pk))
    due = client.get("/admin/enforcement/decisiondocument/due/").content.decode()
    assert document.document_number in due and "已逾期未公开" in due
