"""Recording actions in the audit log: the one function every app calls."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gongkai.org.models import Agency, AuditEntry

SYSTEM_ACTOR = "系统"


def actor_display_name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return SYSTEM_ACTOR
    profile = getattr(user, "staff_profile", None)
    return profile.full_name if profile else user.get_username()


def record(
    action: str,
    obj: models.Model | None = None,
    *,
    actor=None,
    agency=None,
    summary: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_repr: str | None = None,
    actor_name: str | None = None,
) -> AuditEntry:
    """Append one entry. Call it inside the transaction that makes the change it describes,
    so a rolled-back change leaves no entry and a committed one always has its entry.

    `actor_name` names an actor that is no user: a connected system calling the API (gongkai.api)."""
    if agency is None and obj is not None:
        agency = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
    return AuditEntry.objects.create(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=(actor_name or actor_display_name(actor))[:80],
        agency=agency,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=(object_repr if object_repr is not None else str(obj) if obj is not None else "")[:300],
        summary=summary,
        before=before,
        after=after,
    )
