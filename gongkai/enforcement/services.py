"""Review, publication, withdrawal and expiry of decision documents: role, scope, transaction, audit.

Each service is a transition of the kernel (org/transitions.py), like catalog/workflow.py: permission,
row-level scope, source state, row lock, the audit entry in the same transaction; then it announces the
change (gongkai.publishing: public_state_changed), to which the search index (in this transaction) and
the portal (once it commits) subscribe.

Four eyes bound to content: whoever edits the spans last (`last_edited_by`) cannot publish; the text
published is exactly the one in review (`review_digest`) and the one the reviewer's page showed
(`approved_digest`).

pending ──edit spans──▶ pending ──publish──▶ published ──withdraw (行政处罚法第四十八条)──▶ withdrawn
   │                                           └──period ends (daily job)──▶ expired (off the portal)
   └──(exclusion found at capture, or by the reviewer)──▶ excluded   (never public)
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core.publicity import withdrawal_due
from gongkai.core.workdays import UnknownCalendarYear
from gongkai.enforcement import public_scan
from gongkai.enforcement import spans as span_rows
from gongkai.enforcement.capture import propose
from gongkai.enforcement.exclusions import absolute_exclusion, assess
from gongkai.enforcement.models import DecisionDocument, EnforcementSettings
from gongkai.enforcement.periods import publication_ends_on
from gongkai.holidays.calendar import current_calendar
from gongkai.org.audit import record
from gongkai.org.transitions import Transition, register, require_reviewed_content, require_second_person
from gongkai.publishing.signals import Change, announce

CHANGE_PERM = "enforcement.change_decisiondocument"
PUBLISH_PERM = "enforcement.publish_decisiondocument"

PENDING, PUBLISHED = DecisionDocument.State.PENDING, DecisionDocument.State.PUBLISHED
MODEL = "enforcement.DecisionDocument"

EDIT_SPANS = register(Transition("enforcement.edit_spans", "修改遮蔽", MODEL, CHANGE_PERM, frozenset({PENDING}),
                                 audit_action="redact"))
PUBLISH = register(Transition("enforcement.publish", "审核发布", MODEL, PUBLISH_PERM, frozenset({PENDING}),
                              audit_action="publish"))
EXCLUDE = register(Transition("enforcement.exclude", "决定不予公开", MODEL, CHANGE_PERM, frozenset({PENDING}),
                              audit_action="review"))
LIFT_EXCLUSION = register(Transition("enforcement.lift_exclusion", "撤销自动不予公开", MODEL, PUBLISH_PERM,
                                     frozenset({DecisionDocument.State.EXCLUDED}), audit_action="review"))
REPORT_CHANGE = register(Transition("enforcement.report_change", "登记决定变动", MODEL, PUBLISH_PERM,
                                    frozenset({PUBLISHED}), audit_action="update"))
WITHDRAW = register(Transition("enforcement.withdraw", "撤回", MODEL, PUBLISH_PERM, frozenset({PUBLISHED}),
                               audit_action="withdraw"))


def edit_spans(document: DecisionDocument, user, *, remove=(), add=()) -> DecisionDocument:
    """Drop spans by index and add spans by text [(text, kind)]; only before publication.

    The audit keeps kinds and offsets, not the masked values (the log is not a second copy of PII).
    """
    with EDIT_SPANS.run(document, user) as step:
        locked = step.obj
        rows = list(locked.spans)
        removed = [{"kind": rows[i]["kind"], "start": rows[i]["start"], "end": rows[i]["end"]}
                   for i in sorted({int(i) for i in remove}) if 0 <= int(i) < len(rows)]
        rows = span_rows.remove_rows(rows, remove)
        added = []
        for needle, kind in add:
            try:
                rows, found = span_rows.add_text(rows, locked.original_text, needle, kind)
            except ValueError as exc:
                raise ValidationError(str(exc)) from None
            if needle.strip() and not found:
                raise ValidationError(f"原文中没有“{needle.strip()}”")
            added.append({"kind": kind, "occurrences": found})
        stale = locked.review_digest != span_rows.digest(preview(locked))
        if not removed and not added and not stale:
            step.nothing_changed()
            return locked
        locked.spans = rows
        locked.last_edited_by = user
        locked.review_digest = span_rows.digest(preview(locked))
        locked.save(update_fields=["spans", "last_edited_by", "review_digest"])
        step.audit(f"修改遮蔽：删除{len(removed)}处，按文字新增{len(added)}项" if removed or added
                   else "核对遮蔽：以当前公开文本送审",
                   before={"removed": removed}, after={"added": added, "count": len(rows),
                                                       "digest": locked.review_digest})
    return locked


def preview(document: DecisionDocument) -> str:
    """The public version the reviewer is looking at: the current spans applied to the original."""
    return span_rows.public_text(document.original_text, document.spans)


def publish_document(document: DecisionDocument, user, *, approved_digest: str | None = None, note: str = "",
                     rebuild: bool = True, today: dt.date | None = None) -> DecisionDocument:
    """Publish exactly the text the reviewer approved.

    The exclusions are assessed again here, from the original text and the case facts, whatever the
    stored state says: a minor's or a secret case cannot be published by any caller. `approved_digest`
    is the hash of the preview the reviewer saw; if the spans changed since, nothing is published. The
    publisher is not the last person who edited the spans, and the text is the one in review.
    """
    with PUBLISH.run(document, user) as step:
        locked = step.obj
        found = assess(locked, EnforcementSettings.for_agency(locked.agency_id))
        if found is not None:
            raise ValidationError(f"该文书不得公开：{found.reason}")
        require_second_person(user, last_editor=locked.last_edited_by_id)
        text = preview(locked)
        require_reviewed_content(span_rows.digest(text), locked.review_digest, approved_digest)
        public_scan.require_public_scan_cleared(locked, text)  # the second look: every finding decided
        today = today or timezone.localdate()
        locked.public_text = text
        locked.state = DecisionDocument.State.PUBLISHED
        locked.published_at = timezone.now()
        locked.published_on = today
        locked.published_by = user
        locked.review_note = note[:300]
        locked.publication_ends_on = publication_ends_on(locked.decided_on, locked.parties, locked.penalties,
                                                         EnforcementSettings.for_agency(locked.agency_id))
        locked.save()
        late = locked.publish_due is not None and today > locked.publish_due
        step.audit("审核发布" + ("（超过7个工作日）" if late else ""),
                   after={"spans": len(locked.spans), "digest": span_rows.digest(text),
                          "ends_on": locked.publication_ends_on.isoformat()})
        announce([locked], Change.PUBLISHED, rebuild_site=rebuild)
    return locked


def exclude_document(document: DecisionDocument, user, code: str, reason: str) -> DecisionDocument:
    """The reviewer holds a document back (e.g. the facts turn out to be someone's privacy)."""
    if code not in DecisionDocument.Exclusion.values or not code:
        raise ValidationError("请选择不予公开的情形")
    if not reason.strip():
        raise ValidationError("不予公开必须说明理由")
    with EXCLUDE.run(document, user) as step:
        locked = step.obj
        locked.state = DecisionDocument.State.EXCLUDED
        locked.exclusion_code, locked.exclusion_reason = code, reason.strip()[:300]
        locked.spans = []
        if code in ("minor", "secret", "privacy"):
            locked.flags = {**(locked.flags or {}), code: True}
        locked.save()
        step.audit(f"不予公开：{locked.exclusion_reason}")
    return locked


def lift_exclusion(document: DecisionDocument, user, reason: str) -> DecisionDocument:
    """A reviewer lifts an exclusion the system read wrongly from the text or the parties (a birth date
    that is not the punished person's, a "秘密" line that is no classification mark). The reason goes to
    the audit log and stays on the document (flags["lifted"]); the document goes back to review with a
    fresh proposal, and any other exclusion that still holds applies again. A staff exclusion (a case
    flag) is not lifted here."""
    if not (reason or "").strip():
        raise ValidationError("撤销不予公开必须说明理由")
    with LIFT_EXCLUSION.run(document, user) as step:
        locked = step.obj
        code = locked.exclusion_code
        flags = locked.flags or {}
        if code not in ("minor", "secret") or flags.get(code):
            raise ValidationError("只有系统依据文书内容自动认定的未成年人或涉密情形可以撤销；工作人员的认定请由其本人更正")
        before = {"exclusion_code": code, "exclusion_reason": locked.exclusion_reason}
        locked.flags = {**flags, "lifted": {**(flags.get("lifted") or {}), code: reason.strip()[:300]}}
        propose(locked)
        locked.last_edited_by = None
        locked.save()
        step.audit(f"撤销自动认定的不予公开（{before['exclusion_reason']}）：{reason.strip()[:300]}",
                   before=before, after={"state": locked.state, "exclusion_code": locked.exclusion_code})
    return locked


def reassess_after_settings_change(agency, user=None) -> int:
    """When an agency opts in to publishing 当场/警告 decisions, those held back for that reason only
    go back to review (with a fresh proposal); absolute exclusions are never revisited."""
    moved = 0
    with transaction.atomic():
        for document in (DecisionDocument.objects.select_for_update()
                         .filter(agency=agency, state=DecisionDocument.State.EXCLUDED,
                                 exclusion_code__in=("on_the_spot", "warning_only"))):
            propose(document)
            if document.state == DecisionDocument.State.PENDING:
                document.last_edited_by = None  # the engine's fresh proposal: its digest is the one in review
                document.save()
                record("review", document, actor=user, summary="本机关设置变更，转入待审核")
                moved += 1
    return moved


def report_change(document: DecisionDocument, user, ground: str, changed_on: dt.date) -> DecisionDocument:
    """Record that a published decision was changed, revoked, found illegal or void: the 3-day clock starts."""
    if ground not in DecisionDocument.WithdrawalGround.values:
        raise ValidationError("请选择决定变动的情形")
    with REPORT_CHANGE.run(document, user) as step:
        locked = step.obj
        locked.change_ground, locked.changed_on = ground, changed_on
        try:
            locked.withdrawal_due = withdrawal_due(changed_on, current_calendar())
        except UnknownCalendarYear:
            locked.withdrawal_due = changed_on  # unknown calendar: the strictest reading, the same day
        locked.save()
        step.audit(f"登记决定{locked.get_change_ground_display()}（{changed_on}），应于{locked.withdrawal_due}前撤回")
    return locked


def withdraw_document(document: DecisionDocument, user, *, ground: str, reason: str,
                      changed_on: dt.date | None = None, rebuild: bool = True) -> DecisionDocument:
    """行政处罚法 第四十八条第二款: withdraw within three (working) days and publish the reason.

    The document page is replaced by a notice (文号, date, ground and reason); the decision's text
    leaves the portal and the search index at once. The notice stays until the original period ends.
    """
    if not reason.strip():
        raise ValidationError("撤回必须公开说明理由")
    if ground not in DecisionDocument.WithdrawalGround.values:
        raise ValidationError("请选择决定变动的情形")
    with WITHDRAW.run(document, user) as step:
        locked = step.obj
        changed_on = changed_on or locked.changed_on or timezone.localdate()
        locked.change_ground, locked.changed_on = ground, changed_on
        if locked.withdrawal_due is None:
            try:
                locked.withdrawal_due = withdrawal_due(changed_on, current_calendar())
            except UnknownCalendarYear:
                locked.withdrawal_due = changed_on
        locked.state = DecisionDocument.State.WITHDRAWN
        locked.withdrawn_at = timezone.now()
        locked.withdrawal_reason = reason.strip()[:500]
        locked.save()
        late = timezone.localdate() > locked.withdrawal_due
        step.audit(f"撤回（{locked.get_change_ground_display()}）：{locked.withdrawal_reason}"
                   + ("（超过三日）" if late else ""))
        announce([locked], Change.WITHDRAWN, rebuild_site=rebuild)
    return locked


def expire_publications(today: dt.date | None = None, *, rebuild: bool = True) -> list[int]:
    """Daily: documents whose publication period ended leave the portal (and withdrawal notices with them)."""
    today = today or timezone.localdate()
    expired = []
    with transaction.atomic():
        due = (DecisionDocument.objects.select_for_update()
               .filter(state__in=(DecisionDocument.State.PUBLISHED, DecisionDocument.State.WITHDRAWN),
                       offline_on__isnull=True, publication_ends_on__lt=today))
        for document in due:
            if document.state == DecisionDocument.State.PUBLISHED:
                document.state = DecisionDocument.State.EXPIRED
            document.offline_on = today
            document.save()
            record("withdraw", document, summary=f"公开期满（{document.publication_ends_on}），自门户撤下")
            expired.append(document)
        announce(expired, Change.WITHDRAWN, rebuild_site=rebuild)  # one signal for the day's batch
    return [document.pk for document in expired]


def guard_never_public(document: DecisionDocument) -> None:
    """For callers outside the services (imports, demo): refuse to store a public absolute exclusion."""
    found = absolute_exclusion(document)
    if found is not None and document.state in (DecisionDocument.State.PUBLISHED, DecisionDocument.State.WITHDRAWN):
        raise PermissionDenied(found.reason)
