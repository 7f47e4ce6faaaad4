"""Roles and row-level scope: a unit's officer sees and edits only that unit's drafts."""

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from gongkai.catalog import workflow
from gongkai.catalog.models import Category, Item
from gongkai.org.models import AuditEntry, Unit
from gongkai.org.scoping import scope_queryset


DRAFTS = (("交警支队", "关于调整城区部分道路机动车通行组织的通告"), ("治安支队", "关于加强寄递物流行业治安管理的通告"),
          ("出入境管理支队", "出入境证件办理指南（2026年版）"))


@pytest.fixture
def bureau(demo_bureau):
    """One draft in each of three units, plus a published item so listings are not all drafts."""
    import datetime as dt

    category = Category.objects.create(agency=demo_bureau, slug="public-order", name="治安管理")
    for unit_name, title in DRAFTS:
        Item.objects.create(agency=demo_bureau, unit=Unit.objects.get(agency=demo_bureau, name=unit_name),
                            category=category, title=title, written_on=dt.date(2026, 11, 2))
    Item.objects.create(agency=demo_bureau, unit=Unit.objects.get(agency=demo_bureau, name="交警支队"), category=category,
                        title="已发布的通告", written_on=dt.date(2026, 10, 8), state=Item.State.PUBLISHED,
                        published_on=dt.date(2026, 10, 9))
    return demo_bureau


def user(name):
    return User.objects.get(username=name)


def draft_of(unit_name):
    return Item.objects.get(unit__name=unit_name, state=Item.State.DRAFT)


@pytest.mark.django_db
def test_officer_lists_only_their_units_drafts_in_the_admin(client, bureau):
    client.force_login(user("xxy-jiaojing"))
    page = client.get(reverse("admin:catalog_item_changelist")).content.decode()
    assert draft_of("交警支队").title in page
    assert draft_of("治安支队").title not in page


@pytest.mark.django_db
def test_officer_cannot_open_or_change_another_units_draft_in_the_admin(client, bureau):
    other = draft_of("治安支队")
    client.force_login(user("xxy-jiaojing"))
    url = reverse("admin:catalog_item_change", args=[other.pk])
    response = client.get(url)
    assert response.status_code in (302, 403, 404)
    response = client.post(url, {"title": "被篡改", "unit": other.unit_id, "category": other.category_id,
                                 "written_on": "2026-11-02", "disclosure": "proactive", "validity": "valid"})
    assert response.status_code in (302, 403, 404)
    other.refresh_from_db()
    assert other.title != "被篡改"


@pytest.mark.django_db
def test_officer_cannot_create_a_draft_for_another_unit(client, bureau):
    client.force_login(user("xxy-jiaojing"))
    zhian = Unit.objects.get(name="治安支队")
    before = Item.objects.count()
    response = client.post(reverse("admin:catalog_item_add"), {
        "title": "冒名草稿", "unit": zhian.pk, "category": Category.objects.get(slug="public-order").pk,
        "written_on": "2026-11-02", "disclosure": "proactive", "validity": "valid"})
    assert response.status_code == 200  # the form refuses the unit: not among the choices
    assert "冒名草稿" not in set(Item.objects.values_list("title", flat=True))
    assert Item.objects.count() == before


@pytest.mark.django_db
def test_scope_holds_outside_the_admin(bureau):
    officer = user("xxy-jiaojing")
    visible = scope_queryset(Item.objects.all(), officer)
    assert set(visible.values_list("unit__name", flat=True)) == {"交警支队"}
    with pytest.raises(PermissionDenied):
        workflow.submit_item(draft_of("治安支队"), officer)
    workflow.submit_item(draft_of("交警支队"), officer)


@pytest.mark.django_db
def test_officer_cannot_publish_and_reviewer_can(bureau):
    item = workflow.submit_item(draft_of("交警支队"), user("xxy-jiaojing"))
    with pytest.raises(PermissionDenied):
        workflow.publish_item(item, user("xxy-jiaojing"))
    with pytest.raises(PermissionDenied):  # a reviewer of another unit: out of scope
        workflow.publish_item(item, _unit_reviewer("治安支队"))
    published = workflow.publish_item(item, user("sh-jiaojing"))
    assert published.state == Item.State.PUBLISHED and published.published_on
    actions = list(AuditEntry.objects.filter(object_id=str(item.pk)).values_list("action", flat=True))
    assert set(actions) == {"submit", "publish"}


def _unit_reviewer(unit_name):
    from django.contrib.auth.models import Group

    from gongkai.org.models import StaffProfile
    from gongkai.org.roles import REVIEWER

    reviewer = User.objects.create_user("sh-other", is_staff=True)
    reviewer.groups.add(Group.objects.get(name=REVIEWER))
    unit = Unit.objects.get(name=unit_name)
    StaffProfile.objects.create(user=reviewer, agency=unit.agency, unit=unit, full_name="别的审核人")
    return reviewer


@pytest.mark.django_db
def test_leader_reads_everything_but_changes_nothing(client, bureau):
    leader = user("lingdao")
    assert scope_queryset(Item.objects.all(), leader).count() == Item.objects.count()
    assert not leader.has_perm("catalog.change_item")
    client.force_login(leader)
    item = draft_of("治安支队")
    page = client.get(reverse("admin:catalog_item_change", args=[item.pk])).content.decode()
    assert item.title in page and 'name="_save"' not in page


@pytest.mark.django_db
def test_admin_is_in_chinese(client, bureau):
    page = client.get(reverse("admin:login")).content.decode()
    assert "用户名" in page and "密码" in page
    client.force_login(user("gongkaiban"))
    assert "工作台" in client.get(reverse("admin:index")).content.decode()
