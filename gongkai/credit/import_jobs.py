"""Taking an uploaded 双公示 file in: checking it, keeping it under MEDIA_ROOT, and importing it as a background job.

A staff upload of a year's records can be hundreds of megabytes, far longer than a web request
may run, so the request only checks the file, saves it with an ImportBatch and enqueues
`run_import`; the batch row carries the progress the batch page shows. A worker that dies loses
its Huey task (docs/ARCHITECTURE.md), so `requeue` runs a batch again: the importer skips the
rows that already landed (same natural key and content), and the batch's old row errors are
cleared first because every row is validated again. A batch whose worker died mid-import is
found by `fail_stalled_imports` (a job every five minutes) and marked failed, so it can be requeued.
"""

from __future__ import annotations

import datetime
import logging
import os
import uuid

from django.db import transaction
from django.utils import timezone
from huey.contrib.djhuey import db_task

from gongkai.credit.importing import import_file
from gongkai.credit.models import ImportBatch
from gongkai.intake import UnreadableFile
from gongkai.intake.archives import MAX_TABLE_INFLATED_BYTES, ArchiveLimits, ArchiveRefused, open_archive
from gongkai.org.audit import record as audit

logger = logging.getLogger(__name__)

ALLOWED_EXTENSIONS = (".csv", ".xlsx")
# A year of a big city's penalties as CSV is about 1 KB a row; 500 MB is several million rows.
MAX_UPLOAD_BYTES = 500 * 1024 * 1024
# calamine holds the whole sheet in memory while reading an xlsx, so its inflated size is bounded
# (intake.archives) well below the worker's memory; larger exports should come as CSV, read streaming.
XLSX_LIMITS = ArchiveLimits(what="xlsx文件", max_inflated=MAX_TABLE_INFLATED_BYTES, too_big_hint="请改用CSV格式上传")
NOT_AN_XLSX = "文件不是有效的xlsx文件：可能已损坏、已加密，或扩展名被改动"
# A chunk takes seconds; an xlsx is read whole by calamine before its first chunk, minutes at most.
STALLED_AFTER = datetime.timedelta(minutes=15)


class UploadRejected(ValueError):
    """The upload is refused before anything is saved or queued; the message is for the user."""


def check_xlsx_archive(file) -> None:
    """Refuse what is not an xlsx package, or one built to exhaust the worker when inflated (a zip bomb).

    The limits are gongkai.intake.archives' (the one zip-bomb rule); an xlsx must also hold a workbook."""
    try:
        with open_archive(file, XLSX_LIMITS, not_a_package=NOT_AN_XLSX) as archive:
            if "xl/workbook.xml" not in archive.namelist():
                raise UploadRejected("文件内容不是Excel工作簿（xlsx），与扩展名不符")
    except ArchiveRefused as exc:
        raise UploadRejected(str(exc)) from None
    if hasattr(file, "seek"):
        file.seek(0)


def check_upload(uploaded) -> str:
    """The upload's extension after the checks (type, size, xlsx bomb); raises UploadRejected."""
    extension = os.path.splitext(uploaded.name or "")[1].lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise UploadRejected("只能上传CSV（UTF-8或GB18030编码）或xlsx文件")
    if uploaded.size == 0:
        raise UploadRejected("文件是空的")
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise UploadRejected(f"文件超过{MAX_UPLOAD_BYTES // (1024 * 1024)} MB：请按月份或单位拆分后分批上传")
    if extension == ".xlsx":
        check_xlsx_archive(uploaded)
    return extension


def start_import(agency, kind: str, uploaded, user) -> ImportBatch:
    """Check and save the upload, record it, and queue its import once the batch row is committed."""
    extension = check_upload(uploaded)
    with transaction.atomic():
        batch = ImportBatch(agency=agency, kind=kind, file_name=os.path.basename(uploaded.name)[:300], created_by=user)
        # A generated name on disk: the original (Chinese, with spaces) is kept in file_name for people.
        batch.file.save(f"{timezone.localdate():%Y%m%d}-{uuid.uuid4().hex}{extension}", uploaded, save=False)
        batch.save()
        audit("import", batch, actor=user, agency=agency,
              summary=f"上传{batch.get_kind_display()}信息文件{batch.file_name}（{uploaded.size:,}字节），已排队导入")
        transaction.on_commit(lambda: run_import(batch.pk))
    return batch


def requeue(batch: ImportBatch, user) -> None:
    """Run a failed or interrupted batch again from its saved file."""
    with transaction.atomic():
        batch.errors.all().delete()
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.QUEUED, message="", finished_at=None)
        audit("import", batch, actor=user, agency=batch.agency, summary=f"重新排队导入{batch.file_name}")
        transaction.on_commit(lambda: run_import(batch.pk))


def fail_stalled_imports(now=None) -> int:
    """Mark as failed the running batches that have made no progress for STALLED_AFTER.

    The importer writes `progress_at` with every chunk (a few seconds apart at most), so silence
    this long means its worker died: the batch would otherwise show 导入中 for ever and could not
    be queued again. Returns how many batches were marked."""
    now = now or timezone.now()
    stalled = ImportBatch.objects.filter(status=ImportBatch.Status.RUNNING, progress_at__lt=now - STALLED_AFTER)
    minutes = int(STALLED_AFTER.total_seconds() // 60)
    marked = stalled.update(status=ImportBatch.Status.FAILED, finished_at=now,
                            message=f"导入进程已中断（超过{minutes}分钟没有进展）：已导入的部分保留，"
                                    f"可在批次列表中“重新排队”继续")
    if marked:
        logger.warning("marked %d stalled credit import batch(es) as failed", marked)
    return marked


@db_task()
def run_import(batch_id: int) -> None:
    """The background job: import the batch's saved file, the batch row carrying progress and outcome."""
    batch = ImportBatch.objects.select_related("agency", "created_by").get(pk=batch_id)
    if not batch.file:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.FAILED, message="批次没有上传文件",
                                                       finished_at=timezone.now())
        return
    try:
        import_file(batch.file.path, agency=batch.agency, kind=batch.kind, batch=batch, user=batch.created_by)
    except UnreadableFile:
        pass  # import_file has marked the batch failed with the reason the user sees
    except Exception as exc:  # an unexpected fault still has to reach the batch page, not only the worker's log
        logger.exception("credit import of batch %s failed", batch_id)
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=ImportBatch.Status.FAILED, finished_at=timezone.now(),
            message=f"导入中断（{type(exc).__name__}）：已导入的部分保留，可在批次列表中“重新排队”继续")
