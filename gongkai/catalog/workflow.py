"""Moving an item through its workflow: every step checks role and scope and is audited."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.index_numbers import assign_index_number
from gongkai.catalog.models import Item
from gongkai.org.audit import record
from gongkai.org.scoping import require_in_scope, require_perm


def _snapshot(item: Item) -> dict:
    return {"state": item.state, "index_number": item.index_number, "title": item.title}


def _move(item: Item, user, *, perm: str, allowed_from: set[str], to: str, action: str, summary: str) -> Item:
    require_perm(user, perm)
    require_in_scope(user, item)
    with transaction.atomic():
        locked = Item.objects.select_for_update().get(pk=item.pk)
        if locked.state not in allowed_from:
            raise ValidationError(f"“{locked.get_state_display()}”状态的条目不能{summary}")
        before = _snapshot(locked)
        locked.state = to
        if to == Item.State.PUBLISHED and locked.published_on is None:
            locked.published_on = timezone.localdate()
            assign_index_number(locked, locked.published_on)
        locked.save()
        record(action, locked, actor=user, summary=summary, before=before, after=_snapshot(locked))
    return locked


def submit_item(item: Item, user) -> Item:
    return _move(item, user, perm="catalog.submit_item", allowed_from={Item.State.DRAFT},
                 to=Item.State.IN_REVIEW, action="submit", summary="提交审核")


def publish_item(item: Item, user) -> Item:
    """Publish after review. 信息员 lack `catalog.publish_item`, so a draft cannot skip review."""
    if item.created_by_id == getattr(user, "pk", None) and not user.is_superuser:
        raise PermissionDenied("起草人不能审核发布自己起草的条目")
    return _move(item, user, perm="catalog.publish_item", allowed_from={Item.State.IN_REVIEW},
                 to=Item.State.PUBLISHED, action="publish", summary="审核发布")


def withdraw_item(item: Item, user, reason: str) -> Item:
    if not reason.strip():
        raise ValidationError("撤回必须说明理由")
    return _move(item, user, perm="catalog.publish_item", allowed_from={Item.State.PUBLISHED},
                 to=Item.State.WITHDRAWN, action="withdraw", summary=f"撤回：{reason}")
