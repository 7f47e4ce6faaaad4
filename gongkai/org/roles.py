"""The five roles of a disclosure office and the permissions each carries.

Roles are Django groups whose permissions are set from this table on every migrate, so the
table is the single place to read who may do what. Row-level limits (a unit's officer sees only
the unit's drafts) are in gongkai.org.scoping.
"""

from __future__ import annotations

from fnmatch import fnmatch

OFFICER = "信息员"  # drafts for their unit
REVIEWER = "审核人"  # reviews and publishes
OFFICE = "公开办"  # the disclosure office: requests, reports
LEADER = "领导"  # reads everything, signs off
ADMINISTRATOR = "系统管理员"

ALL_ROLES = (OFFICER, REVIEWER, OFFICE, LEADER, ADMINISTRATOR)

# Roles whose reach is the whole agency whatever unit they sit in.
AGENCY_WIDE_ROLES = frozenset({OFFICE, LEADER, ADMINISTRATOR})

# How far each role reaches, for granting: an administrator hands out roles at or below the highest
# level they hold themselves, so nobody can give anyone (or themselves) more than they have.
ROLE_LEVELS = {OFFICER: 1, REVIEWER: 2, OFFICE: 3, LEADER: 3, ADMINISTRATOR: 4}

# Who reads natural persons' ID numbers in the 双公示 records: the office that imports, corrects and
# pushes them. Everyone else (leaders, reviewers, unit officers) sees them masked (PIPL: least access).
PERSONAL_IDENTIFIER_ROLES = frozenset({OFFICE})

GONGKAI_APPS = ("org", "holidays", "catalog", "inforequests", "appeals", "credit", "enforcement", "ledger", "reports")

# "app.codename" patterns (fnmatch); a pattern for an app that is not installed matches nothing.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    OFFICER: (
        "catalog.view_*",
        "catalog.add_item",
        "catalog.change_item",
        "catalog.add_attachment",
        "catalog.change_attachment",
        "catalog.delete_attachment",
        "catalog.submit_item",
        "credit.view_*",
        "enforcement.view_*",
        "ledger.view_*",
        "ledger.add_*",
        "ledger.change_*",
    ),
    REVIEWER: (
        "catalog.view_*",
        "catalog.change_item",
        "catalog.review_item",
        "catalog.publish_item",
        "catalog.change_attachment",
        "credit.view_*",
        "enforcement.view_*",
        "enforcement.change_*",
        "enforcement.publish_*",
    ),
    OFFICE: (
        "org.view_agency",
        "org.change_agency",
        "org.view_unit",
        "org.view_staffprofile",
        "org.view_auditentry",
        "holidays.view_*",
        "catalog.*",
        "inforequests.*",
        "appeals.*",
        "credit.*",
        "enforcement.*",
        "ledger.*",
        "reports.*",
    ),
    LEADER: tuple(f"{app}.view_*" for app in GONGKAI_APPS) + ("reports.sign_off_report",),
    ADMINISTRATOR: (
        "auth.view_user",
        "auth.add_user",
        "auth.change_user",
        "auth.view_group",
        "org.*",
        "holidays.*",
        "inforequests.view_*",
        "api.*",  # the connected systems' tokens (gongkai.api)
    ),
}

# Applicants' details are for the disclosure office and administrators alone (条例 and PIPL).
ROLE_EXCLUSIONS: dict[str, tuple[str, ...]] = {
    LEADER: ("inforequests.view_applicantdetails",),
}


def permission_strings(role: str, available: list[str]) -> list[str]:
    patterns = ROLE_PERMISSIONS[role]
    excluded = ROLE_EXCLUSIONS.get(role, ())
    return [perm for perm in available
            if any(fnmatch(perm, pattern) for pattern in patterns) and perm not in excluded]


def sync_roles(**kwargs) -> None:
    """Create the role groups and set their permissions to exactly what the table says.

    Runs after the last app's post_migrate, when every app's permissions exist.
    """
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    sender = kwargs.get("sender")
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is not None and sender is not with_models[-1]:
        return

    permissions = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [permissions[name] for name in permission_strings(role, sorted(permissions))]
        group.permissions.set(wanted)


def roles_of(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_gongkai_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._gongkai_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def grantable_roles(user) -> list[str]:
    """The roles `user` may grant: every role for a superuser, else those at or below their own level."""
    if getattr(user, "is_superuser", False):
        return list(ALL_ROLES)
    own = max((ROLE_LEVELS[role] for role in roles_of(user) if role in ROLE_LEVELS), default=0)
    return [role for role in ALL_ROLES if ROLE_LEVELS[role] <= own]


def sees_personal_identifiers(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or roles_of(user) & PERSONAL_IDENTIFIER_ROLES)
