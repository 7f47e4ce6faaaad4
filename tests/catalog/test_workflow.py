"""The publishing workflow: review, change, withdraw, repeal, and the 20-working-day clock."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.catalog import deadlines, workflow
from gongkai.catalog.models import Attachment, Category, Item
from gongkai.org.models import AuditEntry, Unit

D = dt.date


def staff(name):
    return User.objects.get(username=name)


@pytest.fixture
def draft(demo_bureau):
    unit = Unit.objects.get(agency=demo_bureau, name="交警支队")
    category = Category.objects.create(agency=demo_bureau, slug="traffic", name="交通管理")
    return Item.objects.create(agency=demo_bureau, unit=unit, category=category, title="关于某路段限行的通告",
                               written_on=D(2025, 9, 26), created_by=staff("xxy-jiaojing"))


@pytest.mark.django_db
def test_publish_records_the_confidentiality_review(draft):
    item = workflow.submit_item(draft, staff("xxy-jiaojing"))
    with pytest.raises(ValidationError, match="保密审查"):
        workflow.publish_item(item, staff("sh-jiaojing"), "  ")
    item = workflow.publish_item(item, staff("sh-jiaojing"), "不涉密，同意公开")
    assert item.reviewed_by == staff("sh-jiaojing") and item.confidentiality_review == "不涉密，同意公开"
    assert AuditEntry.objects.filter(action="publish", object_id=str(item.pk)).exists()


@pytest.mark.django_db
def test_drafter_cannot_publish_own_item(draft):
    item = workflow.submit_item(draft, staff("xxy-jiaojing"))
    drafter = staff("sh-jiaojing")
    Item.objects.filter(pk=item.pk).update(created_by=drafter)
    item.refresh_from_db()
    with pytest.raises(PermissionDenied):
        workflow.publish_item(item, drafter)


@pytest.mark.django_db
def test_a_blocked_attachment_stops_publication(draft):
    Attachment.objects.create(item=draft, title="名单.xlsx", file="x.xlsx", check_status=Attachment.Check.BLOCKED)
    item = workflow.submit_item(draft, staff("xxy-jiaojing"))
    with pytest.raises(ValidationError, match="隐藏内容"):
        workflow.publish_item(item, staff("sh-jiaojing"))
    assert Item.objects.get(pk=item.pk).state == Item.State.IN_REVIEW


@pytest.mark.django_db
def test_return_change_and_repeal(draft):
    item = workflow.submit_item(draft, staff("xxy-jiaojing"))
    item = workflow.return_item(item, staff("sh-jiaojing"), "请补充限行时段")
    assert item.state == Item.State.DRAFT
    item = workflow.publish_item(workflow.submit_item(item, staff("xxy-jiaojing")), staff("sh-jiaojing"))
    with pytest.raises(ValidationError):
        workflow.change_item(item, staff("sh-jiaojing"), state="draft")
    changed = workflow.change_item(item, staff("sh-jiaojing"), changed_on=D(2025, 10, 20), title="关于某路段限行的通告（修订）")
    assert changed.title.endswith("（修订）") and changed.changed_on == D(2025, 10, 20)
    assert changed.index_number == item.index_number
    with pytest.raises(ValidationError, match="关联"):
        workflow.repeal_item(changed, staff("sh-jiaojing"), validity=Item.Validity.AMENDED)
    repealed = workflow.repeal_item(changed, staff("sh-jiaojing"), on=D(2025, 12, 1))
    assert repealed.validity == Item.Validity.REPEALED and repealed.state == Item.State.PUBLISHED
    assert set(AuditEntry.objects.filter(object_id=str(item.pk)).values_list("action", flat=True)) >= {
        "submit", "review", "publish", "update", "repeal"}


@pytest.mark.django_db
def test_officer_cannot_withdraw_or_change(draft):
    item = workflow.publish_item(workflow.submit_item(draft, staff("xxy-jiaojing")), staff("sh-jiaojing"))
    with pytest.raises(PermissionDenied):
        workflow.withdraw_item(item, staff("xxy-jiaojing"), "误发")
    with pytest.raises(PermissionDenied):
        workflow.change_item(item, staff("xxy-jiaojing"), title="改")


@pytest.mark.django_db
def test_twenty_working_days_from_forming_or_change(draft):
    # Formed Friday 2025-09-26; National Day 10/1-10/8 with 9/28 and 10/11 worked.
    assert deadlines.due_date(draft) == D(2025, 10, 30)
    draft.changed_on = D(2025, 11, 3)
    assert deadlines.due_date(draft) == D(2025, 12, 1)


@pytest.mark.django_db
def test_due_list_and_on_time_rate(draft, demo_bureau):
    entries = deadlines.due_list(Item.objects.all(), today=D(2025, 11, 3))
    assert [(e.item.pk, e.due, e.workdays_left) for e in entries] == [(draft.pk, D(2025, 10, 30), -2)]
    unit, category = draft.unit, draft.category
    for written, published in [(D(2025, 3, 3), D(2025, 3, 31)), (D(2025, 3, 3), D(2025, 4, 1))]:
        Item.objects.create(agency=demo_bureau, unit=unit, category=category, title="t", written_on=written,
                            published_on=published, state=Item.State.PUBLISHED)
    [rate] = deadlines.on_time_rates(Item.objects.all(), 2025)
    assert (rate.unit, rate.published, rate.on_time) == ("交警支队", 2, 1)


@pytest.mark.django_db
def test_admin_workflow_page_and_deadlines_page(client, draft):
    client.force_login(staff("xxy-jiaojing"))
    url = reverse("admin:catalog_item_workflow", args=[draft.pk])
    page = client.get(url).content.decode()
    assert "提交审核" in page and "审核通过并发布" not in page
    assert client.post(url, {"step": "submit", "text": ""}).status_code == 302
    client.force_login(staff("sh-jiaojing"))
    response = client.post(url, {"step": "publish", "text": "不涉密，同意公开"})
    assert response.status_code == 302
    assert Item.objects.get(pk=draft.pk).state == Item.State.PUBLISHED
    page = client.get(reverse("admin:catalog_item_deadlines"), {"year": "2026"}).content.decode()
    assert "按时公开率" in page
