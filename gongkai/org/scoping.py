"""Row-level scope: which agency's and which unit's records a staff member may see and edit.

Django's model permissions say *what kind* of record a role may touch; this module says
*which* records. Admin classes and views both call it, so the rule holds outside the admin too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet

from gongkai.org.roles import AGENCY_WIDE_ROLES, roles_of


@dataclass(frozen=True)
class Scope:
    """Everything (superuser), one agency, or one unit of one agency; None ids mean nothing."""

    everything: bool = False
    agency_id: int | None = None
    unit_id: int | None = None

    @property
    def nothing(self) -> bool:
        return not self.everything and self.agency_id is None


def scope_of(user) -> Scope:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        return Scope()
    if profile.unit_id is None or roles_of(user) & AGENCY_WIDE_ROLES:
        return Scope(agency_id=profile.agency_id)
    return Scope(agency_id=profile.agency_id, unit_id=profile.unit_id)


def scope_queryset(queryset: QuerySet, user, *, agency_field: str = "agency", unit_field: str | None = "unit") -> QuerySet:
    """Limit `queryset` to the records `user` may see.

    `unit_field=None` marks models that belong to the agency as a whole (no unit), which
    unit-bound staff may see but not edit (see `can_edit`).
    """
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if scope.nothing:
        return queryset.none()
    queryset = queryset.filter(**{f"{agency_field}_id": scope.agency_id})
    if scope.unit_id is not None and unit_field is not None:
        queryset = queryset.filter(**{f"{unit_field}_id": scope.unit_id})
    return queryset


def in_scope(user, obj: Model, *, agency_field: str = "agency", unit_field: str | None = "unit") -> bool:
    scope = scope_of(user)
    if scope.everything:
        return True
    if scope.nothing or getattr(obj, f"{agency_field}_id") != scope.agency_id:
        return False
    if scope.unit_id is not None and unit_field is not None:
        return getattr(obj, f"{unit_field}_id") == scope.unit_id
    return True


def require_in_scope(user, obj: Model, **fields) -> None:
    """Raise PermissionDenied unless `obj` is within the user's scope (for services and views)."""
    if not in_scope(user, obj, **fields):
        raise PermissionDenied("该记录不在您的管辖范围内")


def require_perm(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(f"您没有权限执行该操作（{perm}）")
