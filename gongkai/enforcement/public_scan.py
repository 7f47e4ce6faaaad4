"""执法公开's second look before publication: the gate, the findings on the review page, and the decisions.

The redaction engine proposes, a person corrects, and before anything goes out an independent scan
(core/public_scan.py, which shares no rule with the engine) reads the exact text that would be
published. Each finding blocks publication until a reviewer decides it: 已核实 (kept, with a reason:
e.g. it is the agency's bank account) or 遮盖 (a manual span through services.edit_spans, so the
four-eyes and audit rules of span edits apply, then the text is scanned again).

The gate (`require_public_scan_cleared`) only reads: it is called inside the publish transaction and
refuses while any finding of the text being published has no "kept" decision. The findings are
stored (`refresh`) when the review page shows them and after every decision, so what the scan found
and what was decided stay with the document.

Allow-list: strings the document's own fields and the agency make public (文号, agency and unit
names, the agency's contact data, punished organisations' names and codes, the penalties, the lines
of EnforcementSettings.public_scan_allow such as the bank account for fines). Natural persons' names
from the case record are never allowed: the scan reports them wherever they appear.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import public_scan as rules
from gongkai.enforcement import services  # a module import: services imports this module for the gate
from gongkai.enforcement import spans as span_rows
from gongkai.enforcement.models import DecisionDocument, EnforcementSettings, PublicScanHit
from gongkai.org.audit import record
from gongkai.org.models import Unit
from gongkai.org.scoping import require_in_scope, require_perm

VALUE_LENGTH = PublicScanHit._meta.get_field("value").max_length
SHOWN_IN_REFUSAL = 5
# What a masked finding becomes: the span kinds of spans.py (names of other persons → ××).
SPAN_KIND = {"name": "name_other", "latin_name": "name_other", "party_name": "name_other", "at_sign": "email",
             "plate": "plate", "digits": "other", "wxid": "other", "im_handle": "other"}


def allow_list(document: DecisionDocument) -> list[str]:
    agency = document.agency
    values = [document.document_number, document.title, agency.name, agency.short_name, agency.uscc,
              agency.office_name, agency.office_address, agency.office_postcode, agency.office_phone,
              agency.office_fax, *(str(p) for p in document.penalties or ())]
    values += Unit.objects.filter(agency=agency).values_list("name", flat=True)
    values += EnforcementSettings.for_agency(agency).public_scan_allow.splitlines()
    for party in document.parties or ():
        if party.get("kind") != "natural":
            values += [party.get("name", ""), party.get("id_number", "")]
    values += rules.organisation_codes(document.original_text)
    return [value for value in values if value]


def known_names(document: DecisionDocument) -> list[str]:
    return [party["name"] for party in document.parties or ()
            if party.get("kind") == "natural" and len(party.get("name") or "") >= 2]


def current_text(document: DecisionDocument) -> str:
    """The text the scan looks at: the preview while in review, the published text afterwards."""
    if document.state == DecisionDocument.State.PENDING:
        return services.preview(document)
    return document.public_text


def findings(document: DecisionDocument, text: str | None = None) -> dict[tuple[str, str], list[rules.Hit]]:
    """The scan's hits on `text` (default: the current text), grouped by (kind, string)."""
    text = current_text(document) if text is None else text
    grouped: dict[tuple[str, str], list[rules.Hit]] = {}
    for hit in rules.scan(text, allow_list(document), known_names=known_names(document)):
        grouped.setdefault((hit.kind, hit.value[:VALUE_LENGTH]), []).append(hit)
    return grouped


def undecided(document: DecisionDocument, text: str | None = None) -> list[rules.Hit]:
    """The first hit of every finding in `text` that no reviewer kept."""
    kept = set(PublicScanHit.objects.filter(document=document, decision=PublicScanHit.Decision.KEPT)
               .values_list("kind", "value"))
    return [hits[0] for key, hits in findings(document, text).items() if key not in kept]


def require_public_scan_cleared(document: DecisionDocument, text: str) -> None:
    """The publish gate: refuse while the scan of `text` finds anything not kept by a reviewer."""
    blocking = undecided(document, text)
    if not blocking:
        return
    shown = "；".join(f"{hit.label}“{hit.value}”" for hit in blocking[:SHOWN_IN_REFUSAL])
    more = f"等{len(blocking)}处" if len(blocking) > SHOWN_IN_REFUSAL else f"共{len(blocking)}处"
    raise ValidationError(f"公开前复查发现可能的个人信息尚未处理：{shown}（{more}）。"
                          "请在审核页逐项选择“已核实（保留）”并填写理由，或“遮盖”，然后再发布")


def refresh(document: DecisionDocument) -> list[PublicScanHit]:
    """Store the scan of the current text: one row per finding; undecided rows that are gone are dropped.

    Returns the rows of the current findings (decided or not), in the order of the text."""
    if document.state != DecisionDocument.State.PENDING:
        return list(PublicScanHit.objects.filter(document=document))
    grouped = findings(document)
    with transaction.atomic():
        stored = PublicScanHit.objects.select_for_update().filter(document=document)
        rows = {(row.kind, row.value): row for row in stored}
        current = []
        for key, hits in grouped.items():
            row = rows.get(key)
            if row is None:
                row = PublicScanHit.objects.create(document=document, kind=key[0], value=key[1],
                                                   excerpt=hits[0].excerpt[:300], occurrences=len(hits))
            elif row.decision == PublicScanHit.Decision.MASKED:  # a span removed since: to be decided again
                row.decision, row.decided_by, row.decided_at = PublicScanHit.Decision.OPEN, None, None
                row.occurrences, row.excerpt = len(hits), hits[0].excerpt[:300]
                row.save(update_fields=["decision", "decided_by", "decided_at", "occurrences", "excerpt"])
            elif row.occurrences != len(hits) or row.excerpt != hits[0].excerpt[:300]:
                row.occurrences, row.excerpt = len(hits), hits[0].excerpt[:300]
                row.save(update_fields=["occurrences", "excerpt"])
            current.append(row)
        stale = [row.pk for key, row in rows.items() if key not in grouped and not row.decision]
        PublicScanHit.objects.filter(pk__in=stale).delete()
    return current


def _pending_row(document: DecisionDocument, hit_id) -> PublicScanHit:
    row = PublicScanHit.objects.select_for_update().filter(document=document, pk=hit_id).first()
    if row is None:
        raise ValidationError("该复查发现已不存在，请刷新审核页")
    if document.state != DecisionDocument.State.PENDING:
        raise ValidationError(f"“{document.get_state_display()}”的文书不能再处理复查发现")
    return row


def keep(document: DecisionDocument, user, hit_id, reason: str) -> PublicScanHit:
    """已核实: the string is public as written (e.g. the agency's bank account); the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("核实保留必须填写理由")
    require_perm(user, services.PUBLISH_PERM)
    require_in_scope(user, document)
    with transaction.atomic():
        row = _pending_row(DecisionDocument.objects.select_for_update().get(pk=document.pk), hit_id)
        row.decision, row.reason = PublicScanHit.Decision.KEPT, reason[:300]
        row.decided_by, row.decided_at = user, timezone.now()
        row.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
        record("review", document, actor=user, summary=f"公开前复查：{rules.KIND_LABELS.get(row.kind, row.kind)}"
               f"核实保留（理由：{row.reason}）", after={"scan_hit": row.pk, "kind": row.kind, "decision": "kept",
                                                   "reason": row.reason})
    return row


def mask(document: DecisionDocument, user, hit_id, text: str = "") -> PublicScanHit:
    """遮盖: mask every occurrence of the finding (or of the reviewer's corrected `text`) as a manual span.

    The span goes through services.edit_spans (permission, four eyes, its own audit entry); the text is
    then scanned again, and the finding counts as masked only if it is gone from the public text."""
    require_perm(user, services.CHANGE_PERM)
    require_in_scope(user, document)
    with transaction.atomic():
        row = _pending_row(DecisionDocument.objects.select_for_update().get(pk=document.pk), hit_id)
        needle = (text or row.value).strip()
        document = services.edit_spans(document, user, add=[(needle, SPAN_KIND.get(row.kind, "other"))])
        if (row.kind, row.value) in findings(document):
            raise ValidationError(f"遮盖“{needle}”后公开文本中仍有“{row.value}”，请调整遮盖的文字")
        row.decision, row.reason = PublicScanHit.Decision.MASKED, ""
        row.decided_by, row.decided_at = user, timezone.now()
        row.save(update_fields=["decision", "reason", "decided_by", "decided_at"])
        record("redact", document, actor=user, summary=f"公开前复查：{rules.KIND_LABELS.get(row.kind, row.kind)}已遮盖",
               after={"scan_hit": row.pk, "kind": row.kind, "decision": "masked"})
        refresh(document)
    return row


def review_rows(document: DecisionDocument) -> list[dict]:
    """The findings as the review page shows them (current ones first, then earlier decisions)."""
    current = refresh(document)
    shown = {row.pk for row in current}
    earlier = [row for row in PublicScanHit.objects.filter(document=document).exclude(pk__in=shown)
               .select_related("decided_by")]
    return [{"row": row, "label": rules.KIND_LABELS.get(row.kind, row.kind), "current": row.pk in shown,
             "open": row.pk in shown and row.decision != PublicScanHit.Decision.KEPT,
             "span_kind": span_rows.KIND_LABELS.get(SPAN_KIND.get(row.kind, "other"), "")}
            for row in [*current, *earlier]]
