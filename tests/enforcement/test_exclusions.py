"""Exclusions come first and hold whatever the reviewer does: minors, secrets, privacy, 当场/警告 by default."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.enforcement import services
from gongkai.enforcement.capture import capture_document
from gongkai.enforcement.exclusions import birth_from_id
from gongkai.enforcement.models import DecisionDocument, EnforcementSettings
from gongkai.enforcement.parsing import from_text
from gongkai.portal.section_pages import build_section, rebuild_section_objects
from gongkai.search.models import SearchDocument

pytestmark = pytest.mark.django_db

MINOR_ID = "410102201003051236"  # born 2010-03-05: 16 at the act in 2026


def _minor(make_adult, n=201, structured=True):
    text = make_adult(n).text.replace("1985年3月2日出生", "2010年3月5日出生").replace("410102198503021234", MINOR_ID)
    parties = [{"role": "punished", "name": "张建国", "id_number": MINOR_ID, "birth_date": "", "kind": "natural"}]
    return make_adult(n, text=text, parties=parties if structured else [])


def _all_public_html(site_root) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in site_root.rglob("*.html")) if site_root.exists() else ""


def test_birth_date_from_both_id_formats():
    assert birth_from_id("410102201003051236") == dt.date(2010, 3, 5)
    assert birth_from_id("410102100305123") == dt.date(1910, 3, 5)
    assert birth_from_id("bad") is None


@pytest.mark.parametrize("structured", [True, False])
def test_minor_is_excluded_at_capture_without_a_proposal(demo_bureau, make_adult, structured):
    document = capture_document(demo_bureau, _minor(make_adult, structured=structured)).document
    assert document.state == "excluded" and document.exclusion_code == "minor"
    assert "未满十八周岁" in document.exclusion_reason or "未成年" in document.exclusion_reason
    assert document.spans == [] and document.proposed_spans == []


def test_minor_by_flag_alone(demo_bureau, make_adult):
    document = capture_document(demo_bureau, make_adult(202, flags={"minor": True})).document
    assert document.exclusion_code == "minor"


def test_minor_never_reaches_the_portal_whatever_the_reviewer_does(demo_bureau, make_adult, reviewer, site_root, client):
    document = capture_document(demo_bureau, _minor(make_adult)).document
    # 1. the service, directly
    with pytest.raises(ValidationError):
        services.publish_document(document, reviewer)
    # 2. span edits are refused on an excluded document
    with pytest.raises(ValidationError):
        services.edit_spans(document, reviewer, add=[("张建国", "name_punished")])
    # 3. someone forces the row back to review and clears the reason, then edits spans and publishes
    DecisionDocument.objects.filter(pk=document.pk).update(state="pending", exclusion_code="", exclusion_reason="",
                                                           spans=[])
    document.refresh_from_db()
    services.edit_spans(document, reviewer, add=[("2010年3月5日", "other"), (MINOR_ID, "id_number")])
    with pytest.raises(ValidationError, match="不得公开"):
        services.publish_document(document, reviewer)
    # 4. the admin's publish button
    client.force_login(reviewer)
    from gongkai.enforcement import spans as span_rows

    response = client.post(f"/admin/enforcement/decisiondocument/{document.pk}/review/",
                           {"action": "publish", "approved_digest": span_rows.digest(services.preview(document))})
    assert response.status_code == 200 and "不得公开" in response.content.decode()
    # 5. a save() that sets the state by hand
    document.refresh_from_db()
    document.state = "published"
    with pytest.raises(ValidationError):
        document.save()
    # 6. the database itself, for a row whose reason is recorded
    DecisionDocument.objects.filter(pk=document.pk).update(state="excluded", exclusion_code="minor")
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionDocument.objects.filter(pk=document.pk).update(state="published")
    document.refresh_from_db()
    assert document.state != "published"
    build_section("enforcement", demo_bureau)
    rebuild_section_objects("enforcement", [document.pk])
    assert document.document_number not in _all_public_html(site_root)
    assert not SearchDocument.objects.filter(kind="enforcement", object_id=document.pk).exists()


def test_minor_stays_excluded_when_the_agency_opts_in_to_everything(demo_bureau, make_adult, reviewer):
    EnforcementSettings.objects.create(agency=demo_bureau, publish_on_the_spot=True, publish_warning_only=True)
    document = capture_document(demo_bureau, _minor(make_adult)).document
    assert services.reassess_after_settings_change(demo_bureau) == 0
    document.refresh_from_db()
    assert document.state == "excluded"


def test_secret_marker_and_flag_exclude(demo_bureau, make_adult):
    marked = make_adult(203, text="警务工作秘密★1年\n" + make_adult(203).text)
    assert capture_document(demo_bureau, marked).document.exclusion_code == "secret"
    flagged = capture_document(demo_bureau, make_adult(204, flags={"secret": True})).document
    assert flagged.exclusion_code == "secret" and flagged.state == "excluded"


def test_privacy_flag_and_reviewer_exclusion(demo_bureau, make_adult, reviewer):
    assert capture_document(demo_bureau, make_adult(205, flags={"privacy": True})).document.exclusion_code == "privacy"
    document = capture_document(demo_bureau, make_adult(206)).document
    services.exclude_document(document, reviewer, "privacy", "主要事实涉及当事人健康状况")
    document.refresh_from_db()
    assert document.state == "excluded"
    DecisionDocument.objects.filter(pk=document.pk).update(state="pending")
    with pytest.raises(ValidationError):
        services.publish_document(document, reviewer)  # the flag the reviewer set holds


def _warning_on_the_spot(make_adult, n):
    text = (make_adult(n).text.replace("行政拘留五日，并处罚款二百元", "警告")
            .replace("执行方式和期限：送示范市拘留所执行。", "本决定依照简易程序当场作出，当场宣读执行。"))
    return make_adult(n, text=text, procedure="simple", penalties=["警告"])


def test_on_the_spot_warning_is_held_back_by_default(demo_bureau, make_adult, reviewer):
    document = capture_document(demo_bureau, _warning_on_the_spot(make_adult, 207)).document
    assert document.state == "excluded" and document.exclusion_code == "on_the_spot"
    with pytest.raises(ValidationError):
        services.publish_document(document, reviewer)


def test_on_the_spot_warning_is_published_when_the_agency_opts_in(demo_bureau, make_adult, reviewer, site_root):
    held = capture_document(demo_bureau, _warning_on_the_spot(make_adult, 208)).document
    EnforcementSettings.objects.create(agency=demo_bureau, publish_on_the_spot=True, publish_warning_only=True)
    assert services.reassess_after_settings_change(demo_bureau, reviewer) == 1
    held.refresh_from_db()
    assert held.state == "pending" and held.spans
    published = services.publish_document(held, reviewer)
    assert published.state == "published"
    # 警告 only: 3 months on the portal (SAMR 令第45号 art.13, the strict default)
    assert published.publication_ends_on == dt.date(published.decided_on.year + (published.decided_on.month + 3 > 12),
                                                     (published.decided_on.month + 2) % 12 + 1, published.decided_on.day)
    fresh = capture_document(demo_bureau, _warning_on_the_spot(make_adult, 209)).document
    assert fresh.state == "pending"


def test_text_documents_are_read_from_their_layout(make_adult):
    captured = from_text(make_adult(210).text)
    assert captured.document_number == "示公东（治）行罚决字〔2026〕210号"
    assert captured.decided_on == dt.date(2026, 10, 20)
    assert captured.penalties == ["行政拘留五日，并处罚款二百元"]
    assert captured.procedure == "ordinary" and captured.kind == "penalty"


# --- exclusions come from facts, never from words (issue 13) ----------------------------------------

def test_theft_wording_and_minor_victims_exclude_nothing(demo_bureau, make_adult):
    text = (make_adult(211).text
            .replace("因琐事与被侵害人李秀英发生口角，继而殴打李秀英",
                     "趁无人注意秘密窃取被侵害人李秀英（未成年人，2012年5月1日出生）的手机一部，李秀英系未满十八周岁的在校学生")
            .replace("证人王大明证实了上述经过。", "张建国采取秘密手段扒窃，涉及商业秘密。证人王大明证实了上述经过。"))
    document = capture_document(demo_bureau, make_adult(211, text=text)).document
    assert document.state == "pending" and document.exclusion_code == ""


def test_a_company_fined_for_admitting_minors_is_published(demo_bureau, make_adult):
    text = ("示范市公安局城东分局\n行政处罚决定书\n示公东（治）行罚决字〔2026〕212号\n"
            "被处罚单位：示范市星光网吧有限公司，统一社会信用代码：91410100MA9XXXXX0Y，住所：示范市人民路88号。\n"
            "现查明：2026年10月8日，该网吧接纳未成年人进入营业场所上网，其中王小明（2011年3月5日出生）系未满十八周岁的学生。\n"
            "根据《互联网上网服务营业场所管理条例》第三十一条之规定，现决定对示范市星光网吧有限公司处罚款五千元。\n"
            "示范市公安局城东分局\n二〇二六年十月二十日\n")
    parties = [{"role": "punished", "name": "示范市星光网吧有限公司", "id_number": "", "birth_date": "", "kind": "org"}]
    document = capture_document(demo_bureau, make_adult(212, text=text, parties=parties, penalties=["罚款五千元"])).document
    assert document.state == "pending" and document.exclusion_code == ""
    public = "".join(document.original_text[:s["start"]] for s in document.spans[:1]) or document.original_text
    assert "示范市星光网吧有限公司" in public


def test_a_secret_word_in_the_narrative_is_no_classification_mark(demo_bureau, make_adult):
    text = make_adult(213).text.replace("殴打李秀英", "殴打李秀英，并扬言要公开李秀英的秘密")
    assert capture_document(demo_bureau, make_adult(213, text=text)).document.exclusion_code == ""
    marked = make_adult(214, text="秘密★1年\n" + make_adult(214).text)
    assert capture_document(demo_bureau, marked).document.exclusion_code == "secret"


def test_staff_lift_a_wrong_automatic_exclusion_with_a_reason_in_the_audit_log(demo_bureau, make_adult, reviewer):
    from gongkai.org.models import AuditEntry

    document = capture_document(demo_bureau, _minor(make_adult, n=215, structured=False)).document
    assert document.state == "excluded" and document.exclusion_code == "minor"
    with pytest.raises(ValidationError):
        services.lift_exclusion(document, reviewer, "  ")
    lifted = services.lift_exclusion(document, reviewer, "身份证号码录入错误，当事人实为成年人")
    assert lifted.state == "pending" and lifted.exclusion_code == "" and lifted.spans
    assert lifted.flags["lifted"] == {"minor": "身份证号码录入错误，当事人实为成年人"}
    entry = AuditEntry.objects.filter(object_id=str(document.pk)).order_by("-id").first()
    assert "身份证号码录入错误" in entry.summary and entry.before["exclusion_code"] == "minor"
    lifted.refresh_from_db()
    assert services.absolute_exclusion(lifted) is None  # the lift holds on every later check


def test_a_staff_exclusion_is_not_lifted_by_the_automatic_path(demo_bureau, make_adult, reviewer):
    document = capture_document(demo_bureau, make_adult(216, flags={"minor": True})).document
    with pytest.raises(ValidationError, match="工作人员"):
        services.lift_exclusion(document, reviewer, "理由")


def test_the_review_page_lifts_an_automatic_exclusion(demo_bureau, make_adult, reviewer, client):
    document = capture_document(demo_bureau, _minor(make_adult, n=217, structured=False)).document
    client.force_login(reviewer)
    page = client.get(f"/admin/enforcement/decisiondocument/{document.pk}/review/").content.decode()
    assert 'id="lift-form"' in page
    response = client.post(f"/admin/enforcement/decisiondocument/{document.pk}/review/",
                           {"action": "lift_exclusion", "lift_reason": "出生日期系被侵害人的，当事人已成年"})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.state == "pending" and document.flags["lifted"]["minor"].startswith("出生日期系被侵害人")
