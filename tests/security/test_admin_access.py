"""Issue 14 findings 1, 2, 8 and 11, tried through the admin as each role of the demo bureau would:
user administration cannot reach beyond the administrator's own power and agency and is audited;
published items are withdrawn, never deleted; agency-wide settings are for agency-level roles; and
choices, filters, custom pages and credit records' ID numbers stay within the user's scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from gongkai.catalog import workflow
from gongkai.catalog.models import Category, Consultation, Item
from gongkai.credit.models import ImportBatch, PenaltyRecord, PowerItem, RowError
from gongkai.enforcement.models import EnforcementSettings
from gongkai.org import roles
from gongkai.org.models import Agency, AuditEntry, StaffProfile, Unit
from gongkai.portal import paths
from gongkai.portal.build import build_all
from gongkai.search.models import SearchDocument

ID_NUMBER = "11010519491231002X"  # a checksum-valid 居民身份证号码 (GB 11643's published example)


def user(name: str) -> User:
    return User.objects.get(username=name)


def staff(username: str, role: str, agency: Agency, unit: Unit | None = None, **flags) -> User:
    account = User.objects.create_user(username, is_staff=True, **flags)
    account.groups.add(Group.objects.get(name=role))
    StaffProfile.objects.create(user=account, agency=agency, unit=unit, full_name=username)
    return account


@pytest.fixture
def administrator(demo_bureau):
    """A 系统管理员 who is not a superuser (the demo's `admin` is both)."""
    return staff("guanli", roles.ADMINISTRATOR, demo_bureau)


@pytest.fixture
def neighbour(db):
    """Another agency on the same platform, with a unit, a column, a published item and a consultation."""
    agency = Agency.objects.create(code="other-psb", name="邻市公安局", uscc="", office_name="邻市公安局办公室",
                                   office_address="邻市", office_phone="0371-1", office_hours="工作日")
    unit = Unit.objects.create(agency=agency, name="邻市交警支队")
    category = Category.objects.create(agency=agency, slug="neighbour-traffic", name="邻市交通管理")
    item = Item.objects.create(agency=agency, unit=unit, category=category, title="邻市的通告", written_on=dt.date(2026, 3, 1),
                               state=Item.State.PUBLISHED, published_on=dt.date(2026, 3, 2))
    Consultation.objects.create(agency=agency, unit=unit, title="邻市征求意见稿", opens_on=dt.date(2026, 3, 1),
                                closes_on=dt.date(2026, 3, 30))
    return {"agency": agency, "unit": unit, "category": category, "item": item}


def user_change_data(target: User, **changes) -> dict:
    """The change form of a user as an administrator sees it (no superuser or raw-permission fields)."""
    profile = target.staff_profile
    data = {
        "username": target.username, "first_name": "", "last_name": "", "email": target.email,
        "is_active": "on", "is_staff": "on", "groups": [str(pk) for pk in target.groups.values_list("pk", flat=True)],
        "date_joined_0": "2026-01-05", "date_joined_1": "09:00:00",
        "staff_profile-TOTAL_FORMS": "1", "staff_profile-INITIAL_FORMS": "1", "staff_profile-MIN_NUM_FORMS": "0",
        "staff_profile-MAX_NUM_FORMS": "1", "staff_profile-0-id": str(profile.pk), "staff_profile-0-user": str(target.pk),
        "staff_profile-0-agency": str(profile.agency_id), "staff_profile-0-unit": str(profile.unit_id or ""),
        "staff_profile-0-full_name": profile.full_name, "staff_profile-0-phone": "",
    }
    data.update(changes)
    return data


# --- finding 1: user administration ----------------------------------------------------------------

@pytest.mark.django_db
def test_administrator_cannot_make_anyone_superuser_or_grant_raw_permissions(client, administrator):
    target = user("xxy-jiaojing")
    url = reverse("admin:auth_user_change", args=[target.pk])
    client.force_login(administrator)
    page = client.get(url).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    every_permission = Permission.objects.get(codename="delete_user", content_type__app_label="auth")
    response = client.post(url, user_change_data(target, is_superuser="on", user_permissions=[str(every_permission.pk)]))
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_superuser and not target.user_permissions.exists()
    client.force_login(administrator)  # a superuser-only field never reaches the form: so not the administrator either
    response = client.post(reverse("admin:auth_user_change", args=[administrator.pk]),
                           user_change_data(administrator, is_superuser="on"))
    administrator.refresh_from_db()
    assert not administrator.is_superuser


@pytest.mark.django_db
def test_administrator_grants_only_roles_not_arbitrary_groups_and_only_up_to_their_own(client, administrator):
    target = user("xxy-jiaojing")
    url = reverse("admin:auth_user_change", args=[target.pk])
    powerful = Group.objects.create(name="全部权限")
    powerful.permissions.set(Permission.objects.all())
    client.force_login(administrator)
    response = client.post(url, user_change_data(target, groups=[str(powerful.pk)]))
    assert response.status_code == 200 and "全部权限" not in target.groups.values_list("name", flat=True)
    # An account at 公开办 level given the right to edit users still cannot hand out 系统管理员.
    office = staff("gongkaiban-2", roles.OFFICE, administrator.staff_profile.agency)
    office.user_permissions.add(Permission.objects.get(codename="change_user"), Permission.objects.get(codename="view_user"))
    client.force_login(office)
    response = client.post(url, user_change_data(target, groups=[str(Group.objects.get(name=roles.ADMINISTRATOR).pk)]))
    assert response.status_code == 200
    assert set(target.groups.values_list("name", flat=True)) == {roles.OFFICER}
    assert roles.grantable_roles(office) == [roles.OFFICER, roles.REVIEWER, roles.OFFICE, roles.LEADER]


@pytest.mark.django_db
def test_administrator_cannot_take_over_a_superuser_account(client, administrator):
    superuser = user("admin")  # the demo's superuser sits in the same agency
    client.force_login(administrator)
    before = superuser.password
    response = client.post(reverse("admin:auth_user_password_change", args=[superuser.pk]),
                           {"password1": "taken-over-2026!", "password2": "taken-over-2026!", "usable_password": "true"})
    assert response.status_code == 403
    response = client.post(reverse("admin:auth_user_change", args=[superuser.pk]), user_change_data(superuser, is_active=""))
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.password == before and superuser.is_active


@pytest.mark.django_db
def test_administrator_cannot_move_a_user_into_another_agency(client, administrator, neighbour):
    target = user("xxy-jiaojing")
    client.force_login(administrator)
    page = client.get(reverse("admin:auth_user_change", args=[target.pk])).content.decode()
    assert "邻市公安局" not in page and "邻市交警支队" not in page
    response = client.post(reverse("admin:auth_user_change", args=[target.pk]), user_change_data(
        target, **{"staff_profile-0-agency": str(neighbour["agency"].pk), "staff_profile-0-unit": str(neighbour["unit"].pk)}))
    assert response.status_code == 200
    assert StaffProfile.objects.get(user=target).agency.code == "demo-psb"
    # Nor through the staff-profile page.
    profile = target.staff_profile
    response = client.post(reverse("admin:org_staffprofile_change", args=[profile.pk]), {
        "user": target.pk, "agency": neighbour["agency"].pk, "unit": "", "full_name": profile.full_name, "phone": ""})
    assert response.status_code == 200
    assert StaffProfile.objects.get(user=target).agency.code == "demo-psb"


@pytest.mark.django_db
def test_every_user_role_and_password_change_is_a_permission_audit_entry(client, administrator):
    target = user("xxy-jiaojing")
    client.force_login(administrator)
    office = Group.objects.get(name=roles.OFFICE)
    response = client.post(reverse("admin:auth_user_change", args=[target.pk]), user_change_data(target, groups=[str(office.pk)]))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERMISSION, object_id=str(target.pk))
    assert entry.actor == administrator and entry.agency == target.staff_profile.agency
    assert entry.before["groups"] == [roles.OFFICER] and entry.after["groups"] == [roles.OFFICE]
    response = client.post(reverse("admin:auth_user_password_change", args=[target.pk]),
                           {"password1": "new-pass-2026!x", "password2": "new-pass-2026!x", "usable_password": "true"})
    assert response.status_code == 302
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION, object_id=str(target.pk),
                                     summary="重设密码").exists()
    assert "new-pass" not in str(list(AuditEntry.objects.values_list("before", "after", "summary")))


@pytest.mark.django_db
def test_role_changes_are_the_change_roles_transition_whoever_calls_it(administrator, neighbour):
    """The rules hold in the service the admin's save calls, not only in the choices its form offers."""
    from django.core.exceptions import ValidationError

    from gongkai.org.accounts import BeyondReach, change_access
    from gongkai.org.transitions import NotPermitted, OutOfScope, get

    transition = get("org.change_roles")
    assert transition.permission == "auth.change_user" and transition.audit_action == AuditEntry.Action.PERMISSION
    target = user("xxy-jiaojing")
    with pytest.raises(BeyondReach):
        change_access(target, administrator, is_superuser=True)
    with pytest.raises(BeyondReach):
        change_access(target, administrator, user_permissions=Permission.objects.filter(codename="delete_user"))
    with pytest.raises(BeyondReach):  # a group that is not a role
        change_access(target, administrator, groups=[*target.groups.all(), Group.objects.create(name="全部权限")])
    moved = StaffProfile.objects.get(user=target)
    moved.agency, moved.unit = neighbour["agency"], None
    with pytest.raises(OutOfScope):
        change_access(target, administrator, profile=moved)
    with pytest.raises(OutOfScope):  # an account of another agency
        change_access(staff("linshi", roles.OFFICER, neighbour["agency"]), administrator, is_active=False)
    office = staff("gongkaiban-3", roles.OFFICE, administrator.staff_profile.agency)
    with pytest.raises(NotPermitted):  # 公开办 holds no auth.change_user
        change_access(target, office, is_active=False)
    office.user_permissions.add(Permission.objects.get(codename="change_user"))
    office = User.objects.get(pk=office.pk)  # permissions are cached per object
    with pytest.raises(BeyondReach):  # at 公开办 level, 系统管理员 is beyond reach
        change_access(target, office, groups=[Group.objects.get(name=roles.ADMINISTRATOR)])
    with pytest.raises(BeyondReach):  # and so is an account that holds it
        change_access(administrator, office, is_active=False)
    wrong_unit = StaffProfile.objects.get(user=target)
    wrong_unit.unit = neighbour["unit"]
    with pytest.raises((ValidationError, OutOfScope)):
        change_access(target, administrator, profile=wrong_unit)
    target.refresh_from_db()
    assert target.is_active and not target.is_superuser and target.staff_profile.agency.code == "demo-psb"
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION).exists()  # refused: nothing written

    change_access(target, administrator, groups=[Group.objects.get(name=roles.REVIEWER)], is_active=False)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERMISSION, object_id=str(target.pk))
    assert entry.before["groups"] == [roles.OFFICER] and entry.after["groups"] == [roles.REVIEWER]
    assert entry.before["is_active"] and not entry.after["is_active"]
    change_access(target, administrator, is_active=False)  # nothing changed: no second entry
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION).count() == 1


# --- finding 2: published things are withdrawn, never deleted --------------------------------------

@pytest.fixture
def published_item(demo_bureau, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.SITE_ROOT = tmp_path / "site"
    unit = Unit.objects.get(agency=demo_bureau, name="交警支队")
    category = Category.objects.create(agency=demo_bureau, slug="traffic", name="交通管理")
    draft = Item.objects.create(agency=demo_bureau, unit=unit, category=category, title="关于某路段限行的通告",
                                written_on=dt.date(2026, 3, 1), body="<p>限行正文。</p>", created_by=user("xxy-jiaojing"))
    build_all()
    with django_capture_on_commit_callbacks(execute=True):
        item = workflow.publish_item(workflow.submit_item(draft, user("xxy-jiaojing")), user("sh-jiaojing"))
    return item


def assert_still_public(item):
    item.refresh_from_db()
    assert item.state == Item.State.PUBLISHED
    assert paths.file_for_url(paths.item_url(item.pk)).exists()
    assert SearchDocument.objects.filter(kind="item", object_id=item.pk).exists()


@pytest.mark.django_db
def test_deleting_a_published_item_is_refused_and_the_site_and_search_stay_consistent(client, published_item):
    assert_still_public(published_item)
    client.force_login(user("gongkaiban"))  # 公开办 holds catalog.delete_item
    response = client.post(reverse("admin:catalog_item_delete", args=[published_item.pk]), {"post": "yes"}, follow=True)
    assert "不能删除" in response.content.decode() and "撤回" in response.content.decode()
    assert_still_public(published_item)
    response = client.post(reverse("admin:catalog_item_changelist"), {
        "action": "delete_selected", "_selected_action": [published_item.pk], "post": "yes"}, follow=True)
    assert "不能删除" in response.content.decode()
    assert_still_public(published_item)


@pytest.mark.django_db
def test_a_withdrawn_item_is_not_deletable_either_but_a_draft_is(client, published_item):
    withdrawn = workflow.withdraw_item(published_item, user("gongkaiban"), "内容已过时效")
    draft = Item.objects.create(agency=withdrawn.agency, unit=withdrawn.unit, category=withdrawn.category, title="草稿",
                                written_on=dt.date(2026, 3, 1), created_by=user("xxy-jiaojing"))
    client.force_login(user("gongkaiban"))
    client.post(reverse("admin:catalog_item_delete", args=[withdrawn.pk]), {"post": "yes"})
    client.post(reverse("admin:catalog_item_delete", args=[draft.pk]), {"post": "yes"})
    assert Item.objects.filter(pk=withdrawn.pk).exists() and not Item.objects.filter(pk=draft.pk).exists()


# --- finding 8: agency-wide settings ---------------------------------------------------------------

@pytest.mark.django_db
def test_a_unit_reviewer_cannot_change_agency_wide_enforcement_settings(client, demo_bureau):
    settings_row, _ = EnforcementSettings.objects.get_or_create(agency=demo_bureau)
    url = reverse("admin:enforcement_enforcementsettings_change", args=[settings_row.pk])
    data = {"agency": demo_bureau.pk, "publish_on_the_spot": "on", "natural_person_months": 1,
            "organisation_months": 1, "minor_penalty_months": 1, "low_fine_natural_yuan": 200,
            "low_fine_organisation_yuan": 3000, "public_scan_allow": ""}
    client.force_login(user("sh-jiaojing"))  # 审核人 of 交警支队: holds enforcement.change_*
    assert client.post(url, data).status_code == 403
    settings_row.refresh_from_db()
    assert settings_row.natural_person_months == 24 and not settings_row.publish_on_the_spot
    client.force_login(user("gongkaiban"))
    page = client.get(url).content.decode()
    assert 'name="_save"' in page  # the office, an agency-level role, still may


# --- finding 11: choices, filters, custom pages, ID numbers ----------------------------------------

@pytest.mark.django_db
def test_a_foreign_agencys_category_or_item_is_neither_offered_nor_accepted(client, demo_bureau, neighbour):
    client.force_login(user("gongkaiban"))
    page = client.get(reverse("admin:catalog_item_add")).content.decode()
    assert "邻市交通管理" not in page
    own_category = Category.objects.create(agency=demo_bureau, slug="own", name="本局栏目")
    base = {"title": "冒用他局栏目", "agency": demo_bureau.pk,
            "unit": Unit.objects.get(agency=demo_bureau, name="交警支队").pk, "written_on": "2026-11-02",
            "disclosure": "proactive", "validity": "valid", "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0"}
    for foreign in ({"category": neighbour["category"].pk},
                    {"category": own_category.pk, "agency": neighbour["agency"].pk},
                    {"category": own_category.pk, "interprets": neighbour["item"].pk},
                    {"category": own_category.pk, "replaced_by": neighbour["item"].pk}):
        response = client.post(reverse("admin:catalog_item_add"), base | foreign)
        assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert not Item.objects.filter(title="冒用他局栏目").exists()
    response = client.post(reverse("admin:catalog_item_add"), base | {"category": own_category.pk})
    assert response.status_code == 302 and Item.objects.filter(title="冒用他局栏目").exists()


@pytest.mark.django_db
def test_list_filters_list_only_the_users_agency(client, demo_bureau, neighbour):
    Consultation.objects.create(agency=demo_bureau, unit=Unit.objects.get(agency=demo_bureau, name="交警支队"),
                                title="本局征求意见稿", opens_on=dt.date(2026, 3, 1), closes_on=dt.date(2026, 3, 30))
    client.force_login(user("gongkaiban"))
    consultations = client.get(reverse("admin:catalog_consultation_changelist")).content.decode()
    assert "本局征求意见稿" in consultations and "邻市交警支队" not in consultations
    categories = client.get(reverse("admin:catalog_category_changelist")).content.decode()
    assert "邻市公安局" not in categories
    client.force_login(staff("guanli", roles.ADMINISTRATOR, demo_bureau))
    units = client.get(reverse("admin:org_unit_changelist")).content.decode()
    assert "交警支队" in units and "邻市公安局" not in units
    audit = client.get(reverse("admin:org_auditentry_changelist")).content.decode()
    assert "邻市公安局" not in audit


@pytest.mark.django_db
def test_deadlines_and_workflow_pages_need_view_permission(client, administrator, demo_bureau):
    item = Item.objects.create(agency=demo_bureau, unit=Unit.objects.get(agency=demo_bureau, name="交警支队"),
                               category=Category.objects.create(agency=demo_bureau, slug="t", name="交通"),
                               title="未公开的草稿", written_on=dt.date(2026, 3, 1))
    client.force_login(administrator)  # staff, in the agency, but no catalog permission at all
    assert client.get(reverse("admin:catalog_item_deadlines")).status_code == 403
    assert client.get(reverse("admin:catalog_item_workflow", args=[item.pk])).status_code == 403
    client.force_login(user("lingdao"))
    assert client.get(reverse("admin:catalog_item_deadlines")).status_code == 200


@pytest.fixture
def credit_records(demo_bureau):
    """A natural person's penalty decided by 交警支队, and another decided by 治安支队."""
    made = {}
    for unit_name, person in (("交警支队", "张某明"), ("治安支队", "李某华")):
        power = PowerItem.objects.create(agency=demo_bureau, kind="penalty", code=f"T-{unit_name}", department=unit_name,
                                         name="测试处罚事项", basis="测试", party_kinds="自然人")
        made[unit_name] = PenaltyRecord.objects.create(
            agency=demo_bureau, power_item=power, natural_key=f"示公罚〔2026〕{len(made) + 1}号\u001f{ID_NUMBER}",
            record_hash="0" * 64, document_number=f"示公（{unit_name[0]}）行罚决字〔2026〕{len(made) + 1}号",
            party_name=person, party_kind="自然人", decided_on=dt.date(2026, 3, 2), penalty_categories="罚款",
            fields={"CF_XDR_MC": person, "CF_XDR_ZJLX": "身份证", "CF_XDR_ZJHM": ID_NUMBER,
                    "CF_SY": f"当事人{person}（公民身份号码{ID_NUMBER}）驾驶机动车超速。"})
    return made


@pytest.mark.django_db
def test_a_unit_officer_sees_only_their_units_credit_records_and_no_id_numbers(client, credit_records):
    own, other = credit_records["交警支队"], credit_records["治安支队"]
    client.force_login(user("xxy-jiaojing"))
    listing = client.get(reverse("admin:credit_penaltyrecord_changelist")).content.decode()
    assert own.document_number in listing and other.document_number not in listing
    assert client.get(reverse("admin:credit_penaltyrecord_change", args=[other.pk])).status_code in (302, 403, 404)
    page = client.get(reverse("admin:credit_penaltyrecord_change", args=[own.pk])).content.decode()
    assert own.party_name in page and ID_NUMBER not in page and "×××" in page
    client.force_login(user("lingdao"))  # a leader reads every unit's records, still without ID numbers
    page = client.get(reverse("admin:credit_penaltyrecord_change", args=[other.pk])).content.decode()
    assert other.party_name in page and ID_NUMBER not in page
    client.force_login(user("gongkaiban"))  # the office that imports and pushes them reads them in full
    assert ID_NUMBER in client.get(reverse("admin:credit_penaltyrecord_change", args=[own.pk])).content.decode()


@pytest.mark.django_db
def test_import_error_reports_carry_id_numbers_only_to_the_office(client, demo_bureau):
    batch = ImportBatch.objects.create(agency=demo_bureau, kind="penalty", file_name="处罚信息.csv",
                                       status=ImportBatch.Status.DONE, rows_read=1, rows_rejected=1)
    RowError.objects.create(batch=batch, row_number=2, field_code="CF_XDR_ZJHM", field_name="证件号码",
                            value=ID_NUMBER, reason="证件号码与证件类型不符")
    for name in ("xxy-jiaojing", "lingdao"):
        client.force_login(user(name))
        page = client.get(reverse("admin:credit_importbatch_change", args=[batch.pk])).content.decode()
        assert "证件号码与证件类型不符" in page and ID_NUMBER not in page
        # no link that would answer 403: the page offers only what the user may download
        for name_of_url in ("admin:credit_importbatch_errors_csv", "admin:credit_importbatch_errors_xlsx"):
            url = reverse(name_of_url, args=[batch.pk])
            assert url not in page
            assert client.get(url).status_code == 403
    client.force_login(user("gongkaiban"))
    page = client.get(reverse("admin:credit_importbatch_change", args=[batch.pk])).content.decode()
    assert reverse("admin:credit_importbatch_errors_csv", args=[batch.pk]) in page
    assert reverse("admin:credit_importbatch_errors_xlsx", args=[batch.pk]) in page
    response = client.get(reverse("admin:credit_importbatch_errors_csv", args=[batch.pk]))
    assert response.status_code == 200 and ID_NUMBER in b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.django_db
def test_an_account_the_administrator_creates_belongs_to_their_agency_and_is_audited(client, administrator, neighbour):
    client.force_login(administrator)
    data = {"username": "xinren", "password1": "xinren-pass-2026!", "password2": "xinren-pass-2026!",
            "usable_password": "true", "staff_profile-TOTAL_FORMS": "1", "staff_profile-INITIAL_FORMS": "0",
            "staff_profile-MIN_NUM_FORMS": "1", "staff_profile-MAX_NUM_FORMS": "1", "staff_profile-0-full_name": "新人",
            "staff_profile-0-agency": str(neighbour["agency"].pk), "staff_profile-0-unit": ""}
    assert client.post(reverse("admin:auth_user_add"), data).status_code == 200  # another agency: refused
    assert not User.objects.filter(username="xinren").exists()
    data["staff_profile-0-agency"] = str(administrator.staff_profile.agency_id)
    assert client.post(reverse("admin:auth_user_add"), data).status_code == 302
    created = User.objects.get(username="xinren")
    assert created.staff_profile.agency == administrator.staff_profile.agency and not created.is_superuser
    entry = AuditEntry.objects.get(action=AuditEntry.Action.PERMISSION, object_id=str(created.pk))
    assert entry.before is None and entry.after["agency"] == "示范市公安局"
