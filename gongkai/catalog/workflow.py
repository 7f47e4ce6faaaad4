"""Moving an item through its workflow: every step checks role and scope and is audited.

draft ──submit──▶ in_review ──publish (保密审查)──▶ published ──withdraw──▶ withdrawn
  ▲                  │                                │
  └────return────────┘                                ├─change (变更: new facts, clock restarts)
                                                      └─repeal (废止/失效: stays public, marked)

Every step that changes what the public sees announces it (gongkai.publishing: public_state_changed,
published / changed / withdrawn) inside its transaction, after the audit entry: the search index
follows in that transaction, the built portal once it commits.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.index_numbers import assign_index_number
from gongkai.catalog.models import Attachment, Item
from gongkai.org.audit import record
from gongkai.org.scoping import require_in_scope, require_perm
from gongkai.publishing.signals import Change, announce

# Fields a change to a published item may touch; state fields move only through this module.
CHANGEABLE_FIELDS = ("title", "summary", "document_number", "body", "keywords", "topic", "genre", "effective_on",
                     "category", "validity", "replaced_by", "repealed_on")


def _snapshot(item: Item) -> dict:
    return {"state": item.state, "index_number": item.index_number, "title": item.title, "validity": item.validity}


def _locked(item: Item) -> Item:
    return Item.objects.select_for_update().get(pk=item.pk)


def _require(user, item: Item, perm: str) -> None:
    require_perm(user, perm)
    require_in_scope(user, item)


def _move(item: Item, user, *, perm: str, allowed_from: set[str], to: str, action: str, summary: str,
          before_save=None) -> Item:
    _require(user, item, perm)
    with transaction.atomic():
        locked = _locked(item)
        if locked.state not in allowed_from:
            raise ValidationError(f"“{locked.get_state_display()}”状态的条目不能{summary.split('：')[0]}")
        before = _snapshot(locked)
        locked.state = to
        if before_save:
            before_save(locked)
        locked.save()
        record(action, locked, actor=user, summary=summary, before=before, after=_snapshot(locked))
        if to == Item.State.PUBLISHED:
            announce([locked], Change.PUBLISHED)
        elif before["state"] == Item.State.PUBLISHED:
            announce([locked], Change.WITHDRAWN)
    return locked


def submit_item(item: Item, user) -> Item:
    return _move(item, user, perm="catalog.submit_item", allowed_from={Item.State.DRAFT},
                 to=Item.State.IN_REVIEW, action="submit", summary="提交审核")


def return_item(item: Item, user, reason: str) -> Item:
    """The reviewer sends a draft back to its unit with the reason."""
    if not reason.strip():
        raise ValidationError("退回必须说明理由")
    return _move(item, user, perm="catalog.review_item", allowed_from={Item.State.IN_REVIEW},
                 to=Item.State.DRAFT, action="review", summary=f"退回修改：{reason}")


def blocking_attachments(item: Item) -> list[Attachment]:
    return list(item.attachments.filter(check_status=Attachment.Check.BLOCKED))


def publish_item(item: Item, user, confidentiality_review: str = "经保密审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。") -> Item:
    """Publish after review: the reviewer records the confidentiality review (保密审查).

    信息员 lack `catalog.publish_item`, and nobody publishes their own draft, so every item is seen
    by a second person. Office files with hidden content block publication until cleared.
    """
    if item.created_by_id == getattr(user, "pk", None) and not user.is_superuser:
        raise PermissionDenied("起草人不能审核发布自己起草的条目")
    if not confidentiality_review.strip():
        raise ValidationError("发布前必须填写保密审查意见")
    blocked = blocking_attachments(item)
    if blocked:
        raise ValidationError("附件含隐藏内容，须清除或确认后方可发布：" + "、".join(a.title for a in blocked))
    if item.disclosure != Item.Disclosure.PROACTIVE:
        raise ValidationError(f"公开属性为“{item.get_disclosure_display()}”的条目不在门户发布")

    def stamp(locked: Item) -> None:
        locked.reviewed_by = user
        locked.reviewed_at = timezone.now()
        locked.confidentiality_review = confidentiality_review
        if locked.published_on is None:
            locked.published_on = timezone.localdate()
        assign_index_number(locked, locked.published_on)

    return _move(item, user, perm="catalog.publish_item", allowed_from={Item.State.IN_REVIEW},
                 to=Item.State.PUBLISHED, action="publish", summary="审核发布（保密审查）", before_save=stamp)


def withdraw_item(item: Item, user, reason: str) -> Item:
    if not reason.strip():
        raise ValidationError("撤回必须说明理由")

    def note(locked: Item) -> None:
        locked.withdrawal_reason = reason

    return _move(item, user, perm="catalog.publish_item", allowed_from={Item.State.PUBLISHED},
                 to=Item.State.WITHDRAWN, action="withdraw", summary=f"撤回：{reason}", before_save=note)


def change_item(item: Item, user, *, changed_on: dt.date | None = None, **changes) -> Item:
    """Change a published item (变更). The 20-working-day clock runs again from the change date."""
    unknown = set(changes) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能通过变更修改：{', '.join(sorted(unknown))}")
    _require(user, item, "catalog.publish_item")
    with transaction.atomic():
        locked = _locked(item)
        if locked.state != Item.State.PUBLISHED:
            raise ValidationError("只有已发布的条目可以变更")
        before = {name: str(getattr(locked, name)) for name in changes} | _snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.changed_on = changed_on or timezone.localdate()
        locked.full_clean(exclude=["agency", "unit", "category", "created_by", "replaced_by", "interprets"])
        locked.save()
        after = {name: str(getattr(locked, name)) for name in changes} | _snapshot(locked)
        record("update", locked, actor=user, summary="变更已发布条目", before=before, after=after)
        announce([locked], Change.CHANGED)
    return locked


def repeal_item(item: Item, user, *, validity: str = Item.Validity.REPEALED, on: dt.date | None = None,
                replaced_by: Item | None = None) -> Item:
    """Mark a published document 废止 / 失效 / 已修订. It stays public, marked, so readers
    can see what was in force when; a 已修订 document links its replacement."""
    if validity not in (Item.Validity.REPEALED, Item.Validity.EXPIRED, Item.Validity.AMENDED):
        raise ValidationError("有效性只能改为废止、失效或已修订")
    if validity == Item.Validity.AMENDED and replaced_by is None:
        raise ValidationError("已修订的文件须关联修订后的文件")
    _require(user, item, "catalog.publish_item")
    with transaction.atomic():
        locked = _locked(item)
        if locked.state != Item.State.PUBLISHED:
            raise ValidationError("只有已发布的条目可以废止")
        before = _snapshot(locked)
        locked.validity = validity
        locked.repealed_on = on or timezone.localdate()
        locked.replaced_by = replaced_by
        locked.save()
        record("repeal", locked, actor=user, summary=f"标记为{locked.get_validity_display()}",
               before=before, after=_snapshot(locked))
        announce([locked], Change.CHANGED)
    return locked
