"""Finding 3: four eyes bound to content, for items and 执法公开 documents alike.

Submitting freezes the content's digest; any change after that returns the item to draft; the publisher
is neither the author nor the last editor; what is published is exactly the reviewed digest.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.catalog import workflow
from gongkai.catalog.models import Attachment, Category, Item
from gongkai.org.models import AuditEntry, Unit
from gongkai.org.transitions import ContentChanged, SecondPersonRequired, WrongState

pytestmark = pytest.mark.django_db


def staff(name):
    return User.objects.get(username=name)


@pytest.fixture
def draft(demo_bureau):
    unit = Unit.objects.get(agency=demo_bureau, name="交警支队")
    category = Category.objects.create(agency=demo_bureau, slug="traffic", name="交通管理")
    return Item.objects.create(agency=demo_bureau, unit=unit, category=category, title="关于某路段限行的通告",
                               body="<p>限行时段为7时至9时。</p>", written_on=dt.date(2025, 9, 26),
                               created_by=staff("xxy-jiaojing"), last_edited_by=staff("xxy-jiaojing"))


def test_a_reviewer_who_rewrote_someones_draft_cannot_publish_it_alone(draft):
    reviewer = staff("sh-jiaojing")
    draft.body, draft.last_edited_by = "<p>限行时段为全天。</p>", reviewer  # the reviewer's own words now
    draft.save()
    item = workflow.submit_item(draft, staff("xxy-jiaojing"))
    with pytest.raises(SecondPersonRequired):
        workflow.publish_item(item, reviewer)
    assert Item.objects.get(pk=item.pk).state == Item.State.IN_REVIEW
    published = workflow.publish_item(item, staff("shenhe"))  # a second reviewer reads it and publishes
    assert published.state == Item.State.PUBLISHED and published.reviewed_by == staff("shenhe")


def test_the_admin_form_records_the_last_editor(client, draft):
    client.force_login(staff("sh-jiaojing"))
    url = f"/admin/catalog/item/{draft.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"title": "关于某路段全天限行的通告", "unit": draft.unit_id, "category": draft.category_id,
                 "written_on": "2025-09-26", "attachments-TOTAL_FORMS": "0", "attachments-INITIAL_FORMS": "0",
                 "attachments-MIN_NUM_FORMS": "0", "attachments-MAX_NUM_FORMS": "1000"})
    data = {k: ("" if v is None else v) for k, v in data.items() if k not in ("replaced_by", "interprets")}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    item = Item.objects.get(pk=draft.pk)
    assert item.title == "关于某路段全天限行的通告" and item.last_edited_by == staff("sh-jiaojing")


def test_editing_after_submit_returns_the_item_to_draft(draft):
    item = workflow.submit_item(draft, staff("xxy-jiaojing"))
    assert item.review_digest == item.content_digest()
    item.title = "关于某路段限行的通告（改）"
    item.save()
    item.refresh_from_db()
    assert item.state == Item.State.DRAFT and item.review_digest == ""
    assert AuditEntry.objects.filter(object_id=str(item.pk), summary__contains="退回草稿").exists()
    with pytest.raises(WrongState):
        workflow.publish_item(item, staff("sh-jiaojing"))


def test_an_attachment_added_after_submit_returns_the_item_to_draft(draft):
    item = workflow.submit_item(draft, staff("xxy-jiaojing"))
    Attachment.objects.create(item=item, title="限行路段图.pdf", file="attachments/map.pdf", sha256="ab" * 32)
    assert Item.objects.get(pk=item.pk).state == Item.State.DRAFT


def test_publish_with_a_changed_digest_is_refused(draft):
    item = workflow.submit_item(draft, staff("xxy-jiaojing"))
    Item.objects.filter(pk=item.pk).update(body="<p>另一段文字</p>")  # past every save(): only the digest can tell
    with pytest.raises(ContentChanged):
        workflow.publish_item(item, staff("sh-jiaojing"))
    assert Item.objects.get(pk=item.pk).state == Item.State.IN_REVIEW
    reviewed = Item.objects.get(pk=item.pk).content_digest()
    with pytest.raises(ContentChanged):  # the reviewer's page showed another version
        Item.objects.filter(pk=item.pk).update(body=draft.body)
        workflow.publish_item(item, staff("sh-jiaojing"), approved_digest=reviewed)


def test_superusers_are_bound_too(draft, make_staff):
    from gongkai.org.roles import REVIEWER

    boss = make_staff(REVIEWER, superuser=True)
    draft.last_edited_by = boss
    draft.title = "关于某路段限行的通告（局长改）"
    draft.save()
    item = workflow.submit_item(draft, staff("xxy-jiaojing"))
    with pytest.raises(PermissionDenied):
        workflow.publish_item(item, boss)


# -- 执法公开 ------------------------------------------------------------------------------------------

@pytest.fixture
def document(demo_bureau):
    from gongkai.enforcement.capture import capture_document
    from tests.enforcement.conftest import adult_document

    return capture_document(demo_bureau, adult_document()).document


def test_whoever_edited_the_spans_cannot_publish_the_document(document):
    from gongkai.enforcement import services

    edited = services.edit_spans(document, staff("shenhe"), add=[("示范市拘留所", "address")])
    assert edited.last_edited_by == staff("shenhe")
    with pytest.raises(SecondPersonRequired):
        services.publish_document(edited, staff("shenhe"))
    published = services.publish_document(edited, staff("gongkaiban"))
    assert published.public_text == services.preview(edited)


def test_spans_changed_after_review_are_not_published(document):
    from gongkai.enforcement import services
    from gongkai.enforcement.models import DecisionDocument

    edited = services.edit_spans(document, staff("gongkaiban"), add=[("示范市拘留所", "address")])
    DecisionDocument.objects.filter(pk=edited.pk).update(spans=[])  # every name and number visible again
    with pytest.raises(ValidationError, match="提交审核后已被修改"):
        services.publish_document(edited, staff("shenhe"))
    assert DecisionDocument.objects.get(pk=edited.pk).state == DecisionDocument.State.PENDING
