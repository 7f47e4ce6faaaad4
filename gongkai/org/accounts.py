"""Account administration as a transition: roles, active status, agency and unit change only through `org.change_roles`.

The user admin (org/admin.py) is a form over `change_access`; so is the staff-profile page. The rules,
checked here and not only by the choices a form offers (ARCHITECTURE.md, "Granting"):
- the actor needs `auth.change_user` and the account's staff profile in their agency (the kernel's scope),
  and a new agency or unit must be in their agency too;
- a non-superuser manages only accounts that reach no further than they do (`may_manage`), adds or removes
  only roles at or below their own level (`roles.grantable_roles`), and never sets superuser status, raw
  permissions or groups that are not roles;
- every change is one `permission` audit entry with the account's access before and after, in the same
  transaction; a save that changed nothing writes none.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group, Permission, User
from django.core.exceptions import ValidationError

from gongkai.org.models import AuditEntry, StaffProfile
from gongkai.org.roles import ALL_ROLES, grantable_roles
from gongkai.org.transitions import Transition, TransitionRefused, register

CHANGE_ROLES = register(Transition(
    "org.change_roles", "变更账号的角色、状态与所属机关", "org.StaffProfile", "auth.change_user",
    unit_field=None, audit_action=AuditEntry.Action.PERMISSION))

PROFILE_FIELDS = ("agency_id", "unit_id", "full_name", "phone")


class BeyondReach(TransitionRefused):
    """The account, or what would be granted to it, reaches further than the actor's own power."""


def access_snapshot(user: User) -> dict:
    """What an account may do and where: compared before and after a change for the audit entry."""
    profile = StaffProfile.objects.filter(user_id=user.pk).select_related("agency", "unit").first()
    return {
        "username": user.username,
        "is_active": user.is_active,
        "is_staff": user.is_staff,
        "is_superuser": user.is_superuser,
        "groups": sorted(user.groups.values_list("name", flat=True)),
        "user_permissions": sorted(f"{app}.{codename}" for app, codename in
                                   user.user_permissions.values_list("content_type__app_label", "codename")),
        "agency": profile.agency.name if profile else None,
        "unit": profile.unit.name if profile and profile.unit else None,
        "full_name": profile.full_name if profile else None,
    }


def may_manage(actor, user: User | None) -> bool:
    """A non-superuser manages only accounts that reach no further than they do themselves."""
    if user is None or user.pk is None or actor.is_superuser:
        return True
    stored = User.objects.get(pk=user.pk)
    if stored.is_superuser or stored.user_permissions.exists():
        return False
    grantable = set(grantable_roles(actor))
    return set(stored.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True)) <= grantable


def _refuse_unless_superuser(actor, what: str) -> None:
    if not actor.is_superuser:
        raise BeyondReach(f"只有超级用户可以{what}")


def change_access(account: User, actor, *, groups: Iterable[Group] | None = None, is_active: bool | None = None,
                  is_staff: bool | None = None, is_superuser: bool | None = None,
                  user_permissions: Iterable[Permission] | None = None, profile: StaffProfile | None = None,
                  created: bool = False, summary: str = "修改账号与角色") -> User:
    """Give `account` these groups, flags, raw permissions and staff profile (None leaves a part as it is).

    `profile` is the wanted profile (its fields set, not saved: an admin formset's `save(commit=False)`).
    `created`: the account row was just made by the caller (the admin's add form), so there is no
    "before". Raises a TransitionRefused subclass when the actor may not make the change; nothing is kept."""
    stored_profile = StaffProfile.objects.filter(user_id=account.pk).first() if account.pk else None
    subject = stored_profile or profile or StaffProfile(user_id=account.pk)  # where the account belongs now
    with CHANGE_ROLES.run(subject, actor) as step:
        stored = User.objects.select_for_update().get(pk=account.pk)
        if not created and not may_manage(actor, stored):
            raise BeyondReach("该账号的权限超出您的权限范围，不能修改")
        if created and profile is None and not actor.is_superuser:
            raise BeyondReach("新建的账号须属于您所在的机关：请填写工作人员信息")
        before = None if created else access_snapshot(stored)

        flags = {"is_active": is_active, "is_staff": is_staff, "is_superuser": is_superuser}
        changed = [name for name, value in flags.items() if value is not None and getattr(stored, name) != value]
        if "is_superuser" in changed:
            _refuse_unless_superuser(actor, "设置超级用户")
        for name in changed:
            setattr(stored, name, flags[name])
            setattr(account, name, flags[name])
        if changed:
            stored.save(update_fields=changed)

        if groups is not None:
            wanted, current = set(groups), set(stored.groups.all())
            touched = wanted ^ current
            if not actor.is_superuser:
                allowed = set(Group.objects.filter(name__in=grantable_roles(actor)))
                beyond = sorted(group.name for group in touched - allowed)
                if beyond:
                    raise BeyondReach(f"您不能授予或取消以下角色或用户组：{'、'.join(beyond)}")
            if touched:
                stored.groups.set(wanted)
        if user_permissions is not None:
            wanted_permissions = set(user_permissions)
            if wanted_permissions != set(stored.user_permissions.all()):
                _refuse_unless_superuser(actor, "直接授予权限")
                stored.user_permissions.set(wanted_permissions)

        if profile is not None:
            profile.user_id = stored.pk
            CHANGE_ROLES.check(actor, profile)  # the agency it moves to is in the actor's reach too
            if profile.unit_id is not None and profile.unit.agency_id != profile.agency_id:
                raise ValidationError("所属单位不属于所选机关")
            if stored_profile is None:
                profile.save()
            elif any(getattr(stored_profile, name) != getattr(profile, name) for name in PROFILE_FIELDS):
                for name in PROFILE_FIELDS:
                    setattr(stored_profile, name, getattr(profile, name))
                stored_profile.save(update_fields=[name.removesuffix("_id") for name in PROFILE_FIELDS])

        after = access_snapshot(stored)
        if before == after:
            step.nothing_changed()
            return account
        current_profile = StaffProfile.objects.filter(user_id=stored.pk).select_related("agency").first()
        agency = current_profile.agency if current_profile else getattr(getattr(actor, "staff_profile", None),
                                                                        "agency", None)
        keys = sorted(key for key in after if before is None or before.get(key) != after[key])
        step.audit(f"{summary}：{'、'.join(keys)}", obj=stored, agency=agency, object_repr=stored.username,
                   before=before, after=after)
    return account


def remove_profile(profile: StaffProfile, actor) -> None:
    """Delete an account's staff profile (it then belongs to no agency), as the same transition."""
    with CHANGE_ROLES.run(profile, actor) as step:
        user = profile.user
        if not may_manage(actor, user):
            raise BeyondReach("该账号的权限超出您的权限范围，不能修改")
        before, agency = access_snapshot(user), step.obj.agency
        step.obj.delete()
        after = access_snapshot(user)
        keys = sorted(key for key in after if before.get(key) != after[key])
        step.audit(f"删除工作人员信息：{'、'.join(keys)}", obj=user, agency=agency, object_repr=user.username,
                   before=before, after=after)
