"""Taking decision documents in: exclusions first, then the engine's proposal, the deadline and the link.

Order matters (brief §2 and law-and-standards.md §3): a document that may never be published is
held back with its reason before the redaction engine even looks at it, so no proposal, preview or
page ever exists for it. Every capture is audited in the transaction that stores it. The drop
folder (settings.ENFORCEMENT_DROP_DIR) is read by the minute job in tasks.py: each file goes to
done/ or to failed/ with `<name>.reason.txt` beside it; files whose name starts with "." or ends in
.part/.tmp are still being written and are left alone (writers should write then rename). Whatever
goes wrong with one file (a malformed field, a bug in a reader) sends that file to failed/ and the
pass goes on, so one bad file cannot hold up the 7-working-day deadline of every file after it; only
a fault of the database itself stops the pass and leaves the file for the next minute. A symbolic
link is refused, never followed: the folder is fed from outside, and a link could point anywhere.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.utils import timezone

from gongkai.core.publicity import publish_due
from gongkai.core.redaction import find_spans
from gongkai.core.workdays import UnknownCalendarYear
from gongkai.credit.models import PenaltyRecord
from gongkai.enforcement import spans as span_rows
from gongkai.enforcement.exclusions import assess
from gongkai.enforcement.models import DecisionDocument, EnforcementSettings
from gongkai.enforcement.parsing import CapturedDocument, DocumentError, read_file
from gongkai.holidays.calendar import current_calendar
from gongkai.org.audit import record
from gongkai.org.models import Agency, Unit


logger = logging.getLogger(__name__)


class CaptureError(ValueError):
    """A document that cannot be stored (e.g. it would overwrite a published one)."""


@dataclass
class CaptureOutcome:
    document: DecisionDocument
    status: str  # "created", "updated", "unchanged"


def _hash(captured: CapturedDocument) -> str:
    payload = "\x1f".join([captured.document_number, captured.kind, captured.decided_on.isoformat(),
                           str(captured.act_on), captured.procedure, repr(captured.parties),
                           repr(captured.penalties), repr(sorted(captured.flags.items())), captured.text])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _due(decided_on: dt.date) -> dt.date | None:
    try:
        return publish_due(decided_on, current_calendar())
    except UnknownCalendarYear:
        return None  # the calendar alert asks for next year's notice; no deadline is guessed


def propose(document: DecisionDocument) -> None:
    """Exclusions first; then the engine's spans (names from the case record help it)."""
    found = assess(document, EnforcementSettings.for_agency(document.agency_id))
    if found is not None:
        document.state = DecisionDocument.State.EXCLUDED
        document.exclusion_code, document.exclusion_reason = found.code, found.reason[:300]
        document.proposed_spans = document.spans = []
        return
    document.state = DecisionDocument.State.PENDING
    document.exclusion_code = document.exclusion_reason = ""
    punished = [p["name"] for p in document.parties if p.get("role") == "punished" and p.get("kind") == "natural"]
    others = [p["name"] for p in document.parties if p.get("role") != "punished" and p.get("kind") == "natural"]
    punished_orgs = [p["name"] for p in document.parties if p.get("role") == "punished" and p.get("kind") != "natural"]
    public = [document.agency.name, *([document.unit.name] if document.unit_id else [])]
    rows = span_rows.to_rows(find_spans(document.original_text, punished_names=punished, other_names=others,
                                        allow=public, punished_org=punished_orgs))
    document.proposed_spans = rows
    document.spans = [dict(row) for row in rows]


def link_penalty_record(document: DecisionDocument) -> bool:
    """Link to the current 行政处罚信息 with the same 文号 in the same agency; True if the link changed."""
    record_id = (PenaltyRecord.objects.filter(agency_id=document.agency_id, document_number=document.document_number,
                                              is_current=True).order_by("-version", "-id")
                 .values_list("id", flat=True).first())
    if record_id is not None and record_id != document.penalty_record_id:
        document.penalty_record_id = record_id
        return True
    return False


def link_pending_records(agency=None) -> int:
    """Link documents captured before their 行政处罚信息 arrived (or whose record got a new version)."""
    documents = DecisionDocument.objects.filter(kind=DecisionDocument.Kind.PENALTY)
    if agency is not None:
        documents = documents.filter(agency=agency)
    documents = documents.filter(penalty_record__isnull=True) | documents.filter(penalty_record__is_current=False)
    numbers = set(documents.values_list("document_number", flat=True))
    if not numbers:
        return 0
    current = {}
    for record_id, agency_id, number in (PenaltyRecord.objects.filter(document_number__in=numbers, is_current=True)
                                         .order_by("version", "id").values_list("id", "agency_id", "document_number")):
        current[agency_id, number] = record_id
    linked = 0
    for document in documents.only("id", "agency_id", "document_number", "penalty_record_id"):
        record_id = current.get((document.agency_id, document.document_number))
        if record_id and record_id != document.penalty_record_id:
            DecisionDocument.objects.filter(pk=document.pk).update(penalty_record_id=record_id)
            linked += 1
    return linked


def capture_document(agency: Agency, captured: CapturedDocument, *, source_name: str = "", user=None) -> CaptureOutcome:
    """Store one document (idempotent on agency + kind + 文号 + content)."""
    content_hash = _hash(captured)
    with transaction.atomic():
        existing = (DecisionDocument.objects.select_for_update()
                    .filter(agency=agency, kind=captured.kind, document_number=captured.document_number).first())
        if existing is not None and existing.source_hash == content_hash:
            return CaptureOutcome(existing, "unchanged")
        if existing is not None and existing.state not in (DecisionDocument.State.PENDING,
                                                           DecisionDocument.State.EXCLUDED):
            raise CaptureError(f"文号“{captured.document_number}”的文书已{existing.get_state_display()}，不能被覆盖；"
                               "决定被变更或撤销的，请在管理平台撤回原文书")
        document = existing or DecisionDocument(agency=agency, kind=captured.kind,
                                                document_number=captured.document_number)
        unit = None
        if captured.unit_name:
            unit = Unit.objects.filter(agency=agency, name=captured.unit_name).first()
            if unit is None:
                raise CaptureError(f"本机关没有名为“{captured.unit_name}”的单位")
        document.unit = unit or document.unit
        document.title = (captured.title or document.get_kind_display())[:300]
        document.decided_on, document.act_on = captured.decided_on, captured.act_on
        document.procedure, document.parties = captured.procedure, captured.parties
        document.penalties, document.flags = captured.penalties, captured.flags
        document.original_text, document.source_name = captured.text, source_name[:300]
        document.source_hash = content_hash
        document.publish_due = _due(captured.decided_on)
        propose(document)
        link_penalty_record(document)
        document.save()
        if document.state == DecisionDocument.State.EXCLUDED:
            summary = f"采集（{'更新' if existing else '新增'}），不予公开：{document.exclusion_reason}"
        else:
            summary = f"采集（{'更新' if existing else '新增'}），系统建议遮蔽{len(document.spans)}处，待审核"
        record("import", document, actor=user, summary=summary,
               after={"state": document.state, "source": source_name, "exclusion": document.exclusion_code})
    return CaptureOutcome(document, "updated" if existing else "created")


@dataclass
class FileResult:
    path: Path
    outcomes: list[CaptureOutcome] = field(default_factory=list)
    error: str = ""


def import_file(agency: Agency, path: Path, *, user=None) -> FileResult:
    """All documents of one file or none of them (a JSON list is one batch)."""
    result = FileResult(path)
    try:
        documents = read_file(path)
        with transaction.atomic():
            result.outcomes = [capture_document(agency, captured, source_name=path.name, user=user)
                               for captured in documents]
    except (DocumentError, CaptureError) as exc:
        result.error = str(exc)
        result.outcomes = []
    except (OperationalError, InterfaceError):
        raise  # the database, not the file: stop here and take the file again next time
    except Exception as exc:  # any other fault is this file's: it must not hold up the ones after it
        logger.exception("enforcement import of %s failed", path.name)
        result.error = f"文件无法处理（{type(exc).__name__}），请检查文件内容和格式"
        result.outcomes = []
    return result


def drop_dir() -> Path:
    return Path(getattr(settings, "ENFORCEMENT_DROP_DIR", Path(settings.VAR_DIR) / "enforcement" / "inbox"))


def _is_ready(entry: os.DirEntry) -> bool:
    name = entry.name
    if name.startswith(".") or name.endswith((".part", ".tmp", ".reason.txt")):
        return False
    return entry.is_file(follow_symlinks=False) or entry.is_symlink()  # a link is taken only to be refused


def _move(source: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    target = folder / f"{stamp}-{source.name}"
    shutil.move(str(source), str(target))
    return target


def drop_agency() -> Agency | None:
    """Whose documents the drop folder holds: settings.ENFORCEMENT_AGENCY, else the portal's agency."""
    code = getattr(settings, "ENFORCEMENT_AGENCY", "") or getattr(settings, "PORTAL_AGENCY", "")
    agencies = Agency.objects.order_by("id")
    return agencies.filter(code=code).first() if code else agencies.first()


def process_drop_folder(folder: Path | None = None, agency: Agency | None = None) -> list[FileResult]:
    """One pass over the drop folder: each ready file imported, then moved to done/ or failed/."""
    folder = Path(folder or drop_dir())
    if not folder.is_dir():
        return []
    agency = agency or drop_agency()
    with os.scandir(folder) as entries:
        ready = sorted((Path(entry.path) for entry in entries if _is_ready(entry)), key=lambda p: p.name)
    results = []
    for path in ready:
        if agency is None:
            result = FileResult(path, error="系统中尚无机关，无法导入")
        else:
            result = import_file(agency, path)
        try:
            if result.error:
                target = _move(path, folder / "failed")
                target.with_name(target.name + ".reason.txt").write_text(result.error + "\n", encoding="utf-8")
            else:
                _move(path, folder / "done")
        except OSError:  # e.g. taken away meanwhile: the next file still gets its turn
            logger.exception("moving %s out of the drop folder failed", path.name)
        results.append(result)
    if ready:
        link_pending_records(agency)
    return results
