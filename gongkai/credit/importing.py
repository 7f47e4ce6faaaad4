"""Streaming import of licensing and penalty records from case-system exports (CSV or xlsx).

Rows are read one at a time (CSV in UTF-8 or GB18030; xlsx through python-calamine with every cell
as text), validated by `core.credit_validation`, and written in chunks. Each chunk is one
transaction: its good rows land together with its row errors and the batch counters, so a process
killed mid-file leaves whole chunks only, and a rerun of the same file skips what landed (natural
key 决定书文号 + 相对人, unchanged content hash) and finishes the rest. A row whose content changed
becomes a new version; the previous version stops being current.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.core.credit_fields import FIELDS_BY_KIND, field_code_for_header
from gongkai.core.credit_validation import CleanRecord, validate_row
from gongkai.core.publicity import publicity_window
from gongkai.credit.models import ImportBatch, LicenseRecord, PenaltyRecord, PowerItem, RowError

CHUNK_ROWS = 2000
MODELS = {"penalty": PenaltyRecord, "license": LicenseRecord}
DOC_FIELD = {"penalty": "CF_WSH", "license": "XK_WSH"}
NAME_FIELD = {"penalty": "CF_XDR_MC", "license": "XK_XDR_MC"}
USCC_FIELD = {"penalty": "CF_XDR_SHXYM", "license": "XK_XDR_SHXYM"}
DATE_FIELD = {"penalty": "CF_JDRQ", "license": "XK_JDRQ"}


class ImportFileError(ValueError):
    """The file as a whole cannot be read (encoding, format, a required column missing)."""


# --- reading ---------------------------------------------------------------------------------------

def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the first megabyte decodes as such, else GB18030."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 20)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:  # a character cut at the buffer's end
            return "utf-8"
    try:
        head.decode("gb18030")
    except UnicodeDecodeError:
        raise ImportFileError("无法识别文件编码：请使用UTF-8或GB18030编码的CSV") from None
    return "gb18030"


def _csv_rows(path: Path) -> Iterator[list[str]]:
    encoding = _csv_encoding(path)
    with open(path, encoding=encoding, newline="") as handle:
        try:
            yield from csv.reader(handle)
        except UnicodeDecodeError:
            raise ImportFileError(f"文件中有无法按{encoding}解码的内容") from None
        except csv.Error as exc:
            raise ImportFileError(f"CSV格式错误：{exc}") from None


def _xlsx_rows(path: Path) -> Iterator[list[str]]:
    from python_calamine import CalamineWorkbook

    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise ImportFileError(f"无法读取xlsx文件：{exc}") from None
    for row in sheet.iter_rows():
        yield [_cell_text(value) for value in row]


def _cell_text(value) -> str:
    """Cells as the case system wrote them. A number cell is kept as written when it is whole; an
    18-digit code stored as a number has already lost digits and will fail its checksum, which is
    the honest outcome (DESIGN §2)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def read_table(path: Path, kind: str) -> tuple[list[str | None], Iterator[tuple[int, dict]]]:
    """Header codes and an iterator of (row number, {code: text}); row numbers as a spreadsheet shows them."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm", ".xls"):
        rows = _xlsx_rows(path)
    else:
        raise ImportFileError("只支持CSV（UTF-8或GB18030）和xlsx文件")
    try:
        header = next(rows)
    except StopIteration:
        raise ImportFileError("文件是空的") from None
    codes = [field_code_for_header(kind, cell) if cell else None for cell in header]
    known = {code for code in codes if code}
    for required in (DOC_FIELD[kind], NAME_FIELD[kind], DATE_FIELD[kind]):
        if required not in known:
            name = next(spec.name for spec in FIELDS_BY_KIND[kind] if spec.code == required)
            raise ImportFileError(f"缺少必需的列：{required}（{name}）")

    def numbered() -> Iterator[tuple[int, dict]]:
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row if cell):
                continue
            yield number, {code: row[i] for i, code in enumerate(codes) if code and i < len(row)}

    return codes, numbered()


# --- writing ---------------------------------------------------------------------------------------

def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def record_fields(record: CleanRecord) -> dict:
    return {code: _jsonable(value) for code, value in record.values.items() if value not in (None, "")}


@dataclass
class Counters:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


# Column order of the rows written by `_insert`: plain tuples, no model instances, because building
# and compiling 2,000 ORM objects per chunk cost more than validating them (profile, 100k rows).
COMMON_COLUMNS = ("agency_id", "batch_id", "power_item_id", "natural_key", "version", "is_current", "record_hash",
                  "document_number", "party_name", "party_kind", "party_uscc", "decided_on", "fields", "pushed_at",
                  "published_at", "withdrawn_at", "withdrawal_reason", "created_at")
OWN_COLUMNS = {"penalty": ("penalty_categories", "fine_wan", "severity", "publicity_ends_on", "repair_from",
                           "repaired_on"),
               "license": ("license_category", "valid_from", "valid_until")}
# What staff decided about a decision (severity, repair, withdrawal) stays with its new versions.
CARRIED = {"penalty": ("severity", "repaired_on", "withdrawn_at", "withdrawal_reason"),
           "license": ("withdrawn_at", "withdrawal_reason")}
IS_CURRENT = COMMON_COLUMNS.index("is_current")


def _row(kind: str, agency_id: int, batch_id: int, record: CleanRecord, fields_value, digest: str, version: int,
         power_items: dict[str, int], now, carried: dict, ops) -> list:
    values = record.values
    date = ops.adapt_datefield_value
    withdrawn_at = carried.get("withdrawn_at")
    if kind == "penalty":
        severity = carried.get("severity") or PenaltyRecord.Severity.ORDINARY
        window = publicity_window(values["CF_JDRQ"], severity)
        power = power_items.get(values.get("CF_WFXW") or "")
        own = (";".join(record.penalty_categories), values.get("CF_NR_FK"), severity, date(window.end_date),
               date(window.earliest_repair_date), date(carried.get("repaired_on")))
    else:
        power = power_items.get(values.get("XK_XKZS") or "") or power_items.get(
            (values.get("XK_XKWS") or "").removesuffix("决定书"))
        own = (values.get("XK_XKLB") or "", date(values.get("XK_YXQZ")),
               None if record.long_term else date(values.get("XK_YXQZI")))
    return [agency_id, batch_id, power, "\u001f".join(record.natural_key)[:300], version, True, digest,
            values[DOC_FIELD[kind]], values[NAME_FIELD[kind]], record.party_kind, values.get(USCC_FIELD[kind]) or "",
            date(values[DATE_FIELD[kind]]), fields_value, None,
            now,  # on the public query from the moment it lands (the 7-working-day rule)
            ops.adapt_datetimefield_value(withdrawn_at) if withdrawn_at else None,
            carried.get("withdrawal_reason") or "", now, *own]


def _insert(kind: str, rows: list[list]) -> None:
    """One executemany (SQLite) or COPY (PostgreSQL) for the chunk's new versions."""
    from django.db import connection

    columns = COMMON_COLUMNS + OWN_COLUMNS[kind]
    table = MODELS[kind]._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _write_chunk(kind: str, agency, batch: ImportBatch, rows: list[tuple[int, CleanRecord | None, list]],
                 counters: Counters, power_items: dict[str, int]) -> None:
    from django.db import connection

    model = MODELS[kind]
    ops = connection.ops
    postgres = connection.vendor == "postgresql"
    good = [record for _, record, _ in rows if record is not None]
    keys = {"\u001f".join(record.natural_key)[:300] for record in good}
    now = ops.adapt_datetimefield_value(timezone.now())
    with transaction.atomic():
        current = {
            r["natural_key"]: r for r in model.objects.filter(agency=agency, is_current=True, natural_key__in=keys)
            .values("id", "natural_key", "record_hash", "version", *CARRIED[kind])
        }
        out, superseded, position = [], [], {}
        for record in good:
            fields = record_fields(record)
            text = json.dumps(fields, ensure_ascii=False, sort_keys=True)  # once: for the hash and the column
            digest = hashlib.sha256(text.encode()).hexdigest()
            key = "\u001f".join(record.natural_key)[:300]
            previous = current.get(key)
            if previous is not None and previous["record_hash"] == digest:
                counters.unchanged += 1
                continue
            version = previous["version"] + 1 if previous else 1
            if previous is not None:
                if previous["id"] is not None:
                    superseded.append(previous["id"])
                counters.updated += 1
            else:
                counters.added += 1
            carried = {name: previous.get(name) for name in CARRIED[kind]} if previous else {}
            fields_value = ops.adapt_json_value(fields, None) if postgres else text
            row = _row(kind, agency.pk, batch.pk, record, fields_value, digest, version, power_items, now, carried, ops)
            if key in position:  # the same decision twice in one chunk: only the last stays current
                out[position[key]][IS_CURRENT] = False
            position[key] = len(out)
            out.append(row)
            current[key] = {"id": None, "natural_key": key, "record_hash": digest, "version": version, **carried}
        if superseded:
            model.objects.filter(id__in=superseded).update(is_current=False)
        if out:
            _insert(kind, out)
        errors = [RowError(batch=batch, row_number=number, field_code=e.code, field_name=e.name,
                           value=(e.value or "")[:1000], reason=e.reason[:300])
                  for number, record, row_errors in rows if record is None for e in row_errors]
        RowError.objects.bulk_create(errors, batch_size=1000)
        counters.rejected += sum(1 for _, record, _ in rows if record is None)
        counters.read += len(rows)
        ImportBatch.objects.filter(pk=batch.pk).update(
            rows_read=counters.read, rows_added=counters.added, rows_updated=counters.updated,
            rows_unchanged=counters.unchanged, rows_rejected=counters.rejected)


def import_file(path: Path, *, agency, kind: str, batch: ImportBatch | None = None, user=None,
                today: dt.date | None = None, chunk_rows: int = CHUNK_ROWS,
                progress: Callable[[int, int], None] | None = None) -> ImportBatch:
    """Import one file; returns the finished batch with its counters (errors in batch.errors)."""
    from gongkai.org.audit import record as audit

    path = Path(path)
    if kind not in MODELS:
        raise ValueError("kind must be license or penalty")
    today = today or timezone.localdate()
    batch = batch or ImportBatch.objects.create(agency=agency, kind=kind, file_name=path.name, created_by=user)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, started_at=timezone.now())
    power_items = dict(PowerItem.objects.filter(agency=agency, kind=kind).values_list("name", "id"))
    counters = Counters()
    total_bytes = path.stat().st_size
    try:
        _, rows = read_table(path, kind)
        chunk: list = []
        for number, row in rows:
            record, errors = validate_row(kind, row, today=today)
            chunk.append((number, record, errors))
            if len(chunk) >= chunk_rows:
                _write_chunk(kind, agency, batch, chunk, counters, power_items)
                chunk = []
                if progress:
                    progress(counters.read, total_bytes)
        if chunk:
            _write_chunk(kind, agency, batch, chunk, counters, power_items)
    except ImportFileError as exc:
        ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.FAILED, message=str(exc),
                                                       finished_at=timezone.now())
        batch.refresh_from_db()
        raise
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    audit("import", batch, actor=user, agency=agency,
          summary=f"导入{batch.get_kind_display()}信息：新增{batch.rows_added}，更新{batch.rows_updated}，"
                  f"未变{batch.rows_unchanged}，错误{batch.rows_rejected}（{path.name}）")
    return batch


def terminal_progress(stream=sys.stderr) -> Callable[[int, int], None]:
    """A one-line progress display for the command line (rows so far, rate)."""
    started = timezone.now()

    def show(rows: int, total_bytes: int) -> None:
        seconds = max((timezone.now() - started).total_seconds(), 0.001)
        stream.write(f"\r已处理 {rows:,} 行  {rows / seconds:,.0f} 行/秒")
        stream.flush()

    return show
