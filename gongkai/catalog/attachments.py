"""Checking an uploaded attachment and clearing a blocked one: the service behind the admin."""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.catalog.models import Attachment
from gongkai.catalog.office_check import UnsafeFile, UnsupportedFile, check_office_file
from gongkai.org.audit import record
from gongkai.org.scoping import require_in_scope

ALLOWED_EXTENSIONS = (".pdf", ".docx", ".xlsx")
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


def inspect_attachment(attachment: Attachment) -> Attachment:
    """Fill size, hash and the hidden-content verdict before the attachment is saved."""
    upload = attachment.file
    name = upload.name or ""
    if not name.lower().endswith(ALLOWED_EXTENSIONS):
        raise ValidationError("附件只能是 PDF、DOCX 或 XLSX 文件")
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError("附件不能超过50MB")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    try:
        findings = check_office_file(upload, name)
    except (UnsupportedFile, UnsafeFile) as exc:
        raise ValidationError(str(exc)) from None
    finally:
        upload.seek(0)
    attachment.size = upload.size
    attachment.sha256 = digest.hexdigest()
    attachment.findings = [{"kind": f.kind, "where": f.where, "detail": f.detail} for f in findings]
    blocking = [f for f in findings if f.blocking]
    attachment.check_status = Attachment.Check.BLOCKED if blocking else Attachment.Check.CLEAN
    attachment.cleared_by, attachment.cleared_at = None, None
    return attachment


def clear_attachment(attachment: Attachment, user, reason: str) -> Attachment:
    """A reviewer confirms that what the check found may go out (e.g. a deliberately hidden helper
    column with nothing private in it). Recorded in the audit log with the reason."""
    if not user.has_perm("catalog.publish_item"):
        raise PermissionDenied("只有审核人可以确认附件")
    require_in_scope(user, attachment.item)
    if not reason.strip():
        raise ValidationError("请说明确认理由")
    attachment.check_status = Attachment.Check.CLEARED
    attachment.cleared_by, attachment.cleared_at = user, timezone.now()
    attachment.save(update_fields=["check_status", "cleared_by", "cleared_at"])
    record("review", attachment.item, actor=user, summary=f"确认附件可发布：{attachment.title}（{reason}）",
           after={"findings": attachment.findings})
    return attachment
