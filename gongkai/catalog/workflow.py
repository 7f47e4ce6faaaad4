"""Moving an item through its workflow: every step checks role and scope and is audited.

draft ──submit──▶ in_review ──publish (保密审查)──▶ published ──withdraw──▶ withdrawn
  ▲                  │                                │
  └────return────────┘                                ├─change (变更: new facts, clock restarts)
                                                      └─repeal (废止/失效: stays public, marked)

Every step that changes what the public sees announces it (gongkai.publishing: public_state_changed,
published / changed / withdrawn) inside its transaction, after the audit entry: the search index
follows in that transaction, the built portal once it commits.

Each step is a transition of the kernel (org/transitions.py: permission, scope, source state, row lock,
audit entry). Four eyes bound to content: submitting freezes the item's digest (Item.review_digest);
any change to the content returns it to draft (Item.save); the publisher is neither the author nor the
last editor and publishes exactly the reviewed digest.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.catalog.index_numbers import assign_index_number
from gongkai.catalog.models import Attachment, Item
from gongkai.org.transitions import Transition, register, require_reviewed_content, require_second_person
from gongkai.publishing.signals import Change, announce

# Fields a change to a published item may touch; state fields move only through this module.
CHANGEABLE_FIELDS = ("title", "summary", "document_number", "body", "keywords", "topic", "genre", "effective_on",
                     "category", "validity", "replaced_by", "repealed_on")

DRAFT, IN_REVIEW, PUBLISHED = Item.State.DRAFT, Item.State.IN_REVIEW, Item.State.PUBLISHED

SUBMIT = register(Transition("catalog.submit", "提交审核", "catalog.Item", "catalog.submit_item",
                             frozenset({DRAFT}), audit_action="submit"))
RETURN = register(Transition("catalog.return", "退回修改", "catalog.Item", "catalog.review_item",
                             frozenset({IN_REVIEW}), audit_action="review"))
PUBLISH = register(Transition("catalog.publish", "审核发布", "catalog.Item", "catalog.publish_item",
                              frozenset({IN_REVIEW}), audit_action="publish"))
WITHDRAW = register(Transition("catalog.withdraw", "撤回", "catalog.Item", "catalog.publish_item",
                               frozenset({PUBLISHED}), audit_action="withdraw"))
CHANGE = register(Transition("catalog.change", "变更", "catalog.Item", "catalog.publish_item",
                             frozenset({PUBLISHED}), audit_action="update"))
REPEAL = register(Transition("catalog.repeal", "标记废止", "catalog.Item", "catalog.publish_item",
                             frozenset({PUBLISHED}), audit_action="repeal"))


def _snapshot(item: Item) -> dict:
    return {"state": item.state, "index_number": item.index_number, "title": item.title, "validity": item.validity}


def submit_item(item: Item, user) -> Item:
    """Freeze the content for review: its digest is what the reviewer may publish."""
    with SUBMIT.run(item, user) as step:
        locked = step.obj
        before = _snapshot(locked)
        locked.state = IN_REVIEW
        locked.review_digest = locked.content_digest()
        locked.save()
        step.audit("提交审核", before=before, after=_snapshot(locked) | {"digest": locked.review_digest})
    return locked


def return_item(item: Item, user, reason: str) -> Item:
    """The reviewer sends a draft back to its unit with the reason."""
    if not reason.strip():
        raise ValidationError("退回必须说明理由")
    with RETURN.run(item, user) as step:
        locked = step.obj
        before = _snapshot(locked)
        locked.state, locked.review_digest = DRAFT, ""
        locked.save()
        step.audit(f"退回修改：{reason}", before=before, after=_snapshot(locked))
    return locked


def blocking_attachments(item: Item) -> list[Attachment]:
    return list(item.attachments.filter(check_status=Attachment.Check.BLOCKED))


def publish_item(item: Item, user, confidentiality_review: str = "经保密审查，不涉及国家秘密、工作秘密、商业秘密和个人隐私，同意公开。",
                 *, approved_digest: str | None = None) -> Item:
    """Publish after review: the reviewer records the confidentiality review (保密审查).

    信息员 lack `catalog.publish_item`; the publisher is neither the author nor the last editor, and
    what goes out is exactly the version submitted for review (and, when given, `approved_digest`, the
    version the reviewer's page showed). Office files with hidden content block publication until cleared.
    """
    if not confidentiality_review.strip():
        raise ValidationError("发布前必须填写保密审查意见")
    with PUBLISH.run(item, user) as step:
        locked = step.obj
        require_second_person(user, author=locked.created_by_id, last_editor=locked.last_edited_by_id)
        require_reviewed_content(locked.content_digest(), locked.review_digest, approved_digest)
        blocked = blocking_attachments(locked)
        if blocked:
            raise ValidationError("附件含隐藏内容，须清除或确认后方可发布：" + "、".join(a.title for a in blocked))
        if locked.disclosure != Item.Disclosure.PROACTIVE:
            raise ValidationError(f"公开属性为“{locked.get_disclosure_display()}”的条目不在门户发布")
        before = _snapshot(locked)
        locked.state = PUBLISHED
        locked.reviewed_by = user
        locked.reviewed_at = timezone.now()
        locked.confidentiality_review = confidentiality_review
        if locked.published_on is None:
            locked.published_on = timezone.localdate()
        assign_index_number(locked, locked.published_on)
        locked.save()
        step.audit("审核发布（保密审查）", before=before, after=_snapshot(locked) | {"digest": locked.review_digest})
        announce([locked], Change.PUBLISHED)
    return locked


def withdraw_item(item: Item, user, reason: str) -> Item:
    if not reason.strip():
        raise ValidationError("撤回必须说明理由")
    with WITHDRAW.run(item, user) as step:
        locked = step.obj
        before = _snapshot(locked)
        locked.state = Item.State.WITHDRAWN
        locked.withdrawal_reason = reason
        locked.save()
        step.audit(f"撤回：{reason}", before=before, after=_snapshot(locked))
        announce([locked], Change.WITHDRAWN)
    return locked


def change_item(item: Item, user, *, changed_on: dt.date | None = None, **changes) -> Item:
    """Change a published item (变更). The 20-working-day clock runs again from the change date."""
    unknown = set(changes) - set(CHANGEABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能通过变更修改：{', '.join(sorted(unknown))}")
    with CHANGE.run(item, user) as step:
        locked = step.obj
        before = {name: str(getattr(locked, name)) for name in changes} | _snapshot(locked)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.changed_on = changed_on or timezone.localdate()
        locked.last_edited_by = user
        locked.full_clean(exclude=["agency", "unit", "category", "created_by", "replaced_by", "interprets"])
        locked.save()
        after = {name: str(getattr(locked, name)) for name in changes} | _snapshot(locked)
        step.audit("变更已发布条目", before=before, after=after)
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
    with REPEAL.run(item, user) as step:
        locked = step.obj
        before = _snapshot(locked)
        locked.validity = validity
        locked.repealed_on = on or timezone.localdate()
        locked.replaced_by = replaced_by
        locked.save()
        step.audit(f"标记为{locked.get_validity_display()}", before=before, after=_snapshot(locked))
        announce([locked], Change.CHANGED)
    return locked
