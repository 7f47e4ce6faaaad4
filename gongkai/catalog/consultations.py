"""Services of drafts for public comment: receiving, moderating, closing, publishing the feedback.

Views and admin pages call these, so the rules (open period, role, scope, audit) hold wherever
the action starts. Nothing here logs or audits a comment's body or its sender's contact details:
the audit log names a comment by its consultation and number only.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.catalog.models import Comment, Consultation
from gongkai.org.audit import record
from gongkai.org.scoping import require_in_scope, require_perm
from gongkai.publishing.signals import Change, announce

logger = logging.getLogger(__name__)


class ConsultationNotOpen(ValidationError):
    """A comment arrived outside the open period (or for an unpublished draft)."""


def state_on(consultation: Consultation, day: dt.date) -> str:
    """'draft' (unpublished), 'upcoming', 'open' or 'closed' on `day`."""
    if not consultation.is_published:
        return "draft"
    if day < consultation.opens_on:
        return "upcoming"
    if day > consultation.closes_on:
        return "closed"
    return "open"


def is_closed(consultation: Consultation, day: dt.date | None = None) -> bool:
    return (day or timezone.localdate()) > consultation.closes_on


def comment_label(comment: Comment) -> str:
    """How the audit log names a comment: never by its text."""
    return f"《{comment.consultation.title}》第{comment.pk}号意见"[:300]


def submit_comment(consultation: Consultation, *, name: str, contact: str, body: str, client_hash: str,
                   today: dt.date | None = None) -> Comment:
    """Save one public comment, pending moderation; refused outside the open period."""
    today = today or timezone.localdate()
    with transaction.atomic():
        current = Consultation.objects.select_for_update().get(pk=consultation.pk)
        state = state_on(current, today)
        if state != "open":
            message = {
                "draft": "该征求意见未发布",
                "upcoming": f"征求意见将于{current.opens_on:%Y年%m月%d日}开始，目前不接收意见",
                "closed": f"征求意见已于{current.closes_on:%Y年%m月%d日}截止，不再接收意见",
            }[state]
            raise ConsultationNotOpen(message, code=state)
        comment = Comment(consultation=current, name=name.strip(), contact=contact.strip(), body=body.strip(),
                          client_hash=client_hash)
        comment.full_clean(exclude=["moderated_by"])
        comment.save()
    logger.info("comment received: consultation=%s comment=%s", current.pk, comment.pk)
    return comment


def moderate_comment(comment: Comment, user, *, approve: bool) -> Comment:
    """Approve a comment for display on the public page (text only) or reject it; audited ("review")."""
    require_perm(user, "catalog.change_comment")
    require_in_scope(user, comment.consultation)
    new_status = Comment.Status.APPROVED if approve else Comment.Status.REJECTED
    with transaction.atomic():
        locked = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
        before = {"status": locked.status, "moderated_by": locked.moderated_by_id}
        locked.status = new_status
        locked.moderated_by = user
        locked.save(update_fields=["status", "moderated_by"])
        record("review", locked, actor=user, agency=locked.consultation.agency, object_repr=comment_label(locked),
               summary=f"公众意见审核：{locked.get_status_display()}",
               before=before, after={"status": locked.status, "moderated_by": user.pk})
    logger.info("comment moderated: comment=%s status=%s", locked.pk, locked.status)
    return locked


def publish_summary(consultation: Consultation, user, summary: str, *, today: dt.date | None = None) -> Consultation:
    """Publish the feedback summary (反馈情况); only after the closing date, audited ("publish").

    Publishing again replaces the text (a correction) and keeps the first publication date.
    """
    today = today or timezone.localdate()
    require_perm(user, "catalog.change_consultation")
    require_in_scope(user, consultation)
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError("反馈情况不能为空", code="empty")
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not locked.is_published:
            raise ValidationError("征求意见稿未发布，不能发布反馈情况", code="unpublished")
        if not is_closed(locked, today):
            raise ValidationError(
                f"征求意见{locked.closes_on:%Y年%m月%d日}截止，截止后方可发布反馈情况", code="not_closed"
            )
        before = {"feedback_summary": locked.feedback_summary, "summary_published_on": locked.summary_published_on}
        locked.feedback_summary = summary
        if locked.summary_published_on is None:
            locked.summary_published_on = today
        locked.save(update_fields=["feedback_summary", "summary_published_on"])
        record("publish", locked, actor=user, summary="发布意见反馈情况" if before["summary_published_on"] is None
               else "更正意见反馈情况", before=before,
               after={"feedback_summary": summary, "summary_published_on": locked.summary_published_on})
        announce([locked], Change.CHANGED)
    return locked


def close(consultation: Consultation, user, reason: str, *, today: dt.date | None = None) -> Consultation:
    """End an open consultation early: yesterday becomes its last day. Audited ("update").

    The period is the record of when the public could comment, so it is only ever shortened,
    with the reason; a draft that opened today or has not opened is unpublished instead.
    """
    today = today or timezone.localdate()
    require_perm(user, "catalog.change_consultation")
    require_in_scope(user, consultation)
    if not reason.strip():
        raise ValidationError("提前截止必须说明理由", code="no_reason")
    last_day = today - dt.timedelta(days=1)
    with transaction.atomic():
        locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if state_on(locked, today) != "open":
            raise ValidationError("只有正在征求意见的可以提前截止", code="not_open")
        if locked.opens_on > last_day:
            raise ValidationError("当天开始的征求意见不能提前截止，请改为取消发布", code="opened_today")
        before = {"closes_on": locked.closes_on}
        locked.closes_on = last_day
        locked.save(update_fields=["closes_on"])
        record("update", locked, actor=user, summary=f"提前截止征求意见：{reason.strip()}",
               before=before, after={"closes_on": locked.closes_on})
    return locked


def record_publication_change(consultation: Consultation, user, *, published: bool) -> None:
    """Audit putting a draft out for comment (or taking it down) and announce it; called by the admin on save."""
    with transaction.atomic():
        record("publish" if published else "withdraw", consultation, actor=user,
               summary="发布征求意见稿" if published else "撤回征求意见稿",
               before={"is_published": not published}, after={"is_published": published})
        announce([consultation], Change.PUBLISHED if published else Change.WITHDRAWN)


def record_published_edit(consultation: Consultation) -> None:
    """A published draft was edited in the admin (its text, its dates): search and sitemap follow."""
    if consultation.is_published:
        announce([consultation], Change.CHANGED)
