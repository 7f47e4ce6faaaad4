"""Streaming import of licensing and penalty records from case-system exports (CSV or xlsx).

Rows are read one at a time (CSV in UTF-8 or GB18030; xlsx through python-calamine with every cell
as text), validated by `core.credit_validation`, and written in chunks. Each chunk is one
transaction: its good rows land together with its row errors and the batch counters, so a process
killed mid-file leaves whole chunks only, and a rerun of the same file skips what landed (natural
key 决定书文号 + 相对人, unchanged content hash) and finishes the rest. A row whose content changed
becomes a new version; the previous version stops being current.

Where the time goes, and what is done about it (benchmarks/credit_import.py measures it):
- The per-row work before the database — validation, the JSON of `fields`, its hash, the template's
  CSV line (`export_line`) and the column tuple — is one function, `_prepare_chunk`, over raw CSV
  lists: no intermediate dicts beyond the one validate_row reads, no ORM objects.
- A file of more than POOL_MIN_ROWS rows is prepared by POOL_WORKERS worker processes while this
  process writes: chunks go out in file order, at most IN_FLIGHT at a time (memory stays bounded),
  and come back and are written in that same order, each in its own transaction as before. The
  workers are forked (they inherit the loaded code and need no database) and die with this process;
  a process with other threads (a threaded job runner) prepares its chunks itself instead.
- On SQLite the import's connection gets a 256 MB page cache while it runs: at a million rows the
  index B-trees no longer fit the default 2 MB and every insert would read its index pages back
  from disk. Its WAL is checkpointed less often too (see _import_connection). The previous
  settings are restored afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from gongkai.core.credit_fields import FIELDS_BY_KIND, field_code_for_header
from gongkai.core.credit_validation import CleanRecord, validate_row
from gongkai.core.publicity import publicity_window
from gongkai.credit import name_index
from gongkai.credit.kinds import AUTHORITY_FIELD, DATE_FIELD, DOC_FIELD, NAME_FIELD, RECORD_MODELS, USCC_FIELD
from gongkai.credit.models import ImportBatch, PenaltyRecord, PowerItem, RowError
from gongkai.credit.template import template_line
from gongkai.intake import UnreadableFile
from gongkai.intake.readers import csv_records, spreadsheet_rows
from gongkai.org.audit import record as audit

CHUNK_ROWS = 2000
POOL_MIN_ROWS = 20_000  # below this a pool's start-up costs more than it saves (and tests stay in-process)
POOL_WORKERS = 2
IN_FLIGHT = 2 * POOL_WORKERS  # chunks handed out and not yet written: bounds memory on any file size
SQLITE_IMPORT_CACHE_KIB = 262_144
SQLITE_IMPORT_CHECKPOINT_PAGES = 20_000  # 80 MB of WAL at 4 KiB pages


# --- reading ---------------------------------------------------------------------------------------

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls")


class CellProblems(list):
    """A spreadsheet row's cells that carries the cells it refuses (`problems`: {position: reason}),
    a number that lost digits (intake.cells). A plain list for every other row, so the row loop's
    one check is on the row's class, which costs nothing on a CSV."""

    problems: dict[int, str]


def _spreadsheet_rows(path: Path) -> Iterator[list[str]]:
    for _, cells, problems in spreadsheet_rows(path):
        if problems:
            cells = CellProblems(cells)
            cells.problems = problems
        yield cells


def _is_spreadsheet(path: Path) -> bool:
    return Path(path).suffix.lower() in SPREADSHEET_SUFFIXES


def read_rows(path: Path, kind: str) -> tuple[list[str | None], Iterator[tuple[int, list[str]]]]:
    """Header codes and an iterator of (row number, cells) over the non-blank rows; row numbers as a
    spreadsheet shows them. A missing required column refuses the file here, before any row is read.
    Reading, decoding and the spreadsheet limits are gongkai.intake's; UnreadableFile refuses the file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = csv_records(path)
    elif _is_spreadsheet(path):
        rows = _spreadsheet_rows(path)
    else:
        raise UnreadableFile("只支持CSV（UTF-8或GB18030）和xlsx文件")
    try:
        header = next(rows)
    except StopIteration:
        raise UnreadableFile("文件是空的") from None
    codes = [field_code_for_header(kind, cell) if cell else None for cell in header]
    known = {code for code in codes if code}
    for required in (DOC_FIELD[kind], NAME_FIELD[kind], DATE_FIELD[kind]):
        if required not in known:
            name = next(spec.name for spec in FIELDS_BY_KIND[kind] if spec.code == required)
            raise UnreadableFile(f"缺少必需的列：{required}（{name}）")

    def numbered() -> Iterator[tuple[int, list[str]]]:
        for number, row in enumerate(rows, start=2):
            if "".join(row).strip():  # a row of blank cells is skipped
                yield number, row

    return codes, numbered()


class _CellPicker:
    """Turns a row's cells into {code: text} for validate_row, with the column positions found once."""

    def __init__(self, codes: list[str | None]):
        pairs = [(i, code) for i, code in enumerate(codes) if code]
        self.pairs = pairs
        self.codes = tuple(code for _, code in pairs)
        self.width = pairs[-1][0] + 1
        self.pick = itemgetter(*(i for i, _ in pairs))  # at least the three required columns: a tuple

    def __call__(self, row: list[str]) -> dict:
        if len(row) >= self.width:
            return dict(zip(self.codes, self.pick(row)))
        return {code: row[i] for i, code in self.pairs if i < len(row)}  # a short row: what it has


# --- preparing rows (in this process, or in the pool's workers) -------------------------------------

# Validated values that are not text: dates and 万元 amounts. Only their codes need converting for JSON.
_NOT_TEXT = {kind: tuple(spec.code for spec in specs if spec.kind in ("date", "amount_wan"))
             for kind, specs in FIELDS_BY_KIND.items()}


def record_fields(record: CleanRecord) -> dict:
    """The validated values as stored in `fields`: empties left out, dates ISO, amounts as plain decimals."""
    fields = {code: value for code, value in record.values.items() if value is not None and value != ""}
    for code in _NOT_TEXT[record.kind]:
        value = fields.get(code)
        if value is not None:
            fields[code] = format(value, "f") if isinstance(value, Decimal) else value.isoformat()
    return fields


# Column order of the rows written by `_insert`: plain lists, no model instances, because building
# and compiling 2,000 ORM objects per chunk cost more than validating them (profile, 100k rows).
COMMON_COLUMNS = ("agency_id", "batch_id", "power_item_id", "natural_key", "version", "is_current", "record_hash",
                  "document_number", "party_name", "party_kind", "party_uscc", "decided_on", "fields", "export_line",
                  "pushed_at", "published_at", "withdrawn_at", "withdrawal_reason", "created_at", "authority")
OWN_COLUMNS = {"penalty": ("penalty_categories", "fine_wan", "severity", "publicity_ends_on", "repair_from",
                           "repaired_on"),
               "license": ("license_category", "valid_from", "valid_until")}
# What staff decided about a decision (severity, repair, withdrawal) stays with its new versions.
CARRIED = {"penalty": ("severity", "repaired_on", "withdrawn_at", "withdrawal_reason"),
           "license": ("withdrawn_at", "withdrawal_reason")}
_PENALTY_COLUMNS = COMMON_COLUMNS + OWN_COLUMNS["penalty"]
NATURAL_KEY, VERSION, IS_CURRENT, DECIDED_ON, PUBLISHED_AT, WITHDRAWN_AT, WITHDRAWAL_REASON, CREATED_AT = map(
    COMMON_COLUMNS.index,
    ("natural_key", "version", "is_current", "decided_on", "published_at", "withdrawn_at", "withdrawal_reason", "created_at"))
SEVERITY, PUBLICITY_ENDS_ON, REPAIR_FROM, REPAIRED_ON = map(
    _PENALTY_COLUMNS.index, ("severity", "publicity_ends_on", "repair_from", "repaired_on"))


def _iso(day: dt.date | None) -> str | None:
    """A date as both databases take it in an INSERT or a COPY (what Django's adapters produce)."""
    return None if day is None else day.isoformat()


@lru_cache(maxsize=4096)
def _window(decided_on: dt.date, severity: str) -> tuple[str | None, str | None]:
    """(公示截止期, 可申请修复日期) for a decision date and severity: a few hundred distinct days per file."""
    window = publicity_window(decided_on, severity)
    return _iso(window.end_date), _iso(window.earliest_repair_date)


@dataclass(frozen=True)
class _Context:
    """What preparing a chunk needs besides its rows: the same in this process and in a worker."""

    kind: str
    picker: _CellPicker
    today: dt.date
    agency_id: int
    batch_id: int
    power_items: dict[str, int]
    parent_pid: int
    spreadsheet: bool  # rows from calamine may carry CellProblems; a CSV's never do


def _columns(context: _Context, record: CleanRecord, text: str, digest: str, line: str) -> list:
    """The record's row in COMMON_COLUMNS + OWN_COLUMNS order, as a first version with nothing carried;
    `_write_chunk` fills version and times, and what an earlier version carries."""
    kind, values = context.kind, record.values
    power_items = context.power_items
    if kind == "penalty":
        severity = PenaltyRecord.Severity.ORDINARY.value
        ends_on, repair_from = _window(values["CF_JDRQ"], severity)
        fine = values.get("CF_NR_FK")
        power = power_items.get(values.get("CF_WFXW") or "")
        own = (";".join(record.penalty_categories), None if fine is None else str(fine), severity, ends_on,
               repair_from, None)
    else:
        power = power_items.get(values.get("XK_XKZS") or "") or power_items.get(
            (values.get("XK_XKWS") or "").removesuffix("决定书"))
        own = (values.get("XK_XKLB") or "", _iso(values.get("XK_YXQZ")),
               None if record.long_term else _iso(values.get("XK_YXQZI")))
    return [context.agency_id, context.batch_id, power, "\u001f".join(record.natural_key)[:300], 1, True, digest,
            values[DOC_FIELD[kind]], values[NAME_FIELD[kind]], record.party_kind, values.get(USCC_FIELD[kind]) or "",
            _iso(values[DATE_FIELD[kind]]), text, line, None,
            None,  # published_at: set on writing, so the record is on the public query from the moment it lands
            None, "", None, (values.get(AUTHORITY_FIELD[kind]) or "")[:200], *own]


def _prepare_chunk(context: _Context, chunk: list[tuple[int, list[str]]]) -> tuple[list, list, int]:
    """Validate a chunk of raw rows: ([(natural key, content hash, row)], [(row number, errors)], rows read).

    Everything here is per-row Python with no database, which is why it is what the workers run."""
    kind, picker, today = context.kind, context.picker, context.today
    good, bad = [], []
    dumps, sha256 = json.dumps, hashlib.sha256
    for number, cells in chunk:
        record, errors = validate_row(kind, picker(cells), today=today)
        if record is None:
            bad.append((number, [(e.code, e.name, e.value, e.reason) for e in errors]))
            continue
        fields = record_fields(record)
        text = dumps(fields, ensure_ascii=False, sort_keys=True)  # once: for the hash and the column
        digest = sha256(text.encode()).hexdigest()
        row = _columns(context, record, text, digest, template_line(kind, fields))
        good.append((row[NATURAL_KEY], digest, row))
    return good, bad, len(chunk)


def _prepare_sheet_chunk(context: _Context, chunk: list[tuple[int, list[str]]]) -> tuple[list, list, int]:
    """`_prepare_chunk` for a spreadsheet's rows: a row with a number that lost digits (CellProblems)
    is refused whole, with those cells first among its errors; a CSV's chunks never come here, so
    their row loop carries no check for it."""
    flagged = [(number, cells) for number, cells in chunk if cells.__class__ is not list]
    if not flagged:
        return _prepare_chunk(context, chunk)
    good, bad, read = _prepare_chunk(context, [(n, cells) for n, cells in chunk if cells.__class__ is list])
    kind, picker = context.kind, context.picker
    names = {spec.code: spec.name for spec in FIELDS_BY_KIND[kind]}
    for number, cells in flagged:
        refused = {code: cells.problems[i] for i, code in picker.pairs if i in cells.problems}
        _, errors = validate_row(kind, picker(cells), today=context.today)
        bad.append((number, [(code, names[code], cells[i], refused[code]) for i, code in picker.pairs if code in refused]
                    + [(e.code, e.name, e.value, e.reason) for e in errors if e.code not in refused]))
    bad.sort(key=lambda entry: entry[0])
    return good, bad, read + len(flagged)


def _prepare(context: _Context, chunk: list[tuple[int, list[str]]]) -> tuple[list, list, int]:
    """A chunk prepared the way its file needs (decided once per chunk, not per row)."""
    return (_prepare_sheet_chunk if context.spreadsheet else _prepare_chunk)(context, chunk)


_worker_context: _Context | None = None


def _start_worker(context: _Context) -> None:
    """A pool worker: dies with the importing process (even on SIGKILL) and leaves Ctrl-C to it."""
    global _worker_context
    _worker_context = context
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass
    if os.getppid() != context.parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def _prepare_in_worker(chunk: list[tuple[int, list[str]]]) -> tuple[list, list, int]:
    return _prepare(_worker_context, chunk)


def _chunks(rows: Iterable[tuple[int, list[str]]], size: int) -> Iterator[list[tuple[int, list[str]]]]:
    chunk: list = []
    for item in rows:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _can_fork() -> bool:
    """Forking is safe only from a single-threaded process (the command line): a thread of a job
    runner could hold a lock at the moment of the fork, and the child would wait on it for ever."""
    return threading.active_count() == 1


def _prepared_chunks(context: _Context, chunks: Iterator[list]) -> Iterator[tuple[list, list, int]]:
    """Prepared chunks in file order: the first POOL_MIN_ROWS rows here, the rest through the pool."""
    seen = 0
    for chunk in chunks:
        yield _prepare(context, chunk)
        seen += len(chunk)
        if seen >= POOL_MIN_ROWS and _can_fork():
            yield from _pooled(context, chunks)
            return


def _pooled(context: _Context, chunks: Iterator[list]) -> Iterator[tuple[list, list, int]]:
    """Workers prepare the chunks while the caller writes; at most IN_FLIGHT chunks are out at a time,
    and results are handed back in the order the chunks were read."""
    pool = ProcessPoolExecutor(POOL_WORKERS, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(context,))
    pending: deque = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(_prepare_in_worker, chunk))
            if len(pending) >= IN_FLIGHT:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- writing ---------------------------------------------------------------------------------------

@dataclass
class Counters:
    read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


def _carry(kind: str, row: list, carried: dict) -> None:
    """Give a new version what staff decided about the previous one (see CARRIED). The values are as
    the database returned them, which is also what it takes back in an INSERT or a COPY."""
    row[WITHDRAWN_AT] = carried["withdrawn_at"]
    row[WITHDRAWAL_REASON] = carried["withdrawal_reason"] or ""
    if kind == "penalty":
        severity = carried["severity"] or PenaltyRecord.Severity.ORDINARY
        if severity != row[SEVERITY]:
            row[SEVERITY] = severity
            row[PUBLICITY_ENDS_ON], row[REPAIR_FROM] = _window(dt.date.fromisoformat(row[DECIDED_ON]), severity)
        repaired_on = carried["repaired_on"]
        row[REPAIRED_ON] = repaired_on.isoformat() if isinstance(repaired_on, dt.date) else repaired_on


def _current_versions(kind: str, agency_id: int, keys: set[str]) -> dict[str, dict]:
    """The current version of each natural key already stored: id, hash, version and what CARRIED keeps.

    Plain SQL with the keys as one parameter (an array on PostgreSQL, a JSON list on SQLite): the
    ORM's `natural_key__in` spent more time building and splitting 2,000 placeholders per chunk
    than the database spent answering."""
    columns = ("id", "natural_key", "record_hash", "version", *CARRIED[kind])
    table = RECORD_MODELS[kind]._meta.db_table
    if connection.vendor == "postgresql":
        among, keys_param = "natural_key = ANY(%s)", list(keys)
    else:
        among, keys_param = "natural_key IN (SELECT value FROM json_each(%s))", json.dumps(list(keys))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE agency_id = %s AND is_current AND {among}",
                       [agency_id, keys_param])
        return {row[1]: dict(zip(columns, row)) for row in cursor.fetchall()}


def _insert(kind: str, rows: list[list]) -> None:
    """One executemany (SQLite) or COPY (PostgreSQL) for the chunk's new versions."""
    columns = COMMON_COLUMNS + OWN_COLUMNS[kind]
    table = RECORD_MODELS[kind]._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            with name_index.sqlite_bulk_insert(connection, cursor, kind):  # the name index by one statement, not per row
                cursor.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _write_chunk(kind: str, agency, batch: ImportBatch, prepared: tuple[list, list, int], counters: Counters,
                 outcomes: list[str] | None = None) -> None:
    """One transaction: the chunk's new versions, the versions they supersede, its row errors, the counters.

    `outcomes`, when given, gets one word per good row in order ("unchanged", "updated", "added"):
    the API answers each pushed record with it."""
    good, bad, read = prepared
    model = RECORD_MODELS[kind]
    moment = timezone.now()
    now = connection.ops.adapt_datetimefield_value(moment)
    with transaction.atomic():
        current = _current_versions(kind, agency.pk, {key for key, _, _ in good}) if good else {}
        out, superseded, position = [], [], {}
        for key, digest, row in good:
            previous = current.get(key)
            if previous is not None and previous["record_hash"] == digest:
                counters.unchanged += 1
                if outcomes is not None:
                    outcomes.append("unchanged")
                continue
            carried = {}
            if previous is not None:
                if previous["id"] is not None:
                    superseded.append(previous["id"])
                carried = {name: previous.get(name) for name in CARRIED[kind]}
                row[VERSION] = previous["version"] + 1
                _carry(kind, row, carried)
                counters.updated += 1
            else:
                counters.added += 1
            if outcomes is not None:
                outcomes.append("updated" if previous is not None else "added")
            row[PUBLISHED_AT] = row[CREATED_AT] = now
            if key in position:  # the same decision twice in one chunk: only the last stays current
                out[position[key]][IS_CURRENT] = False
            position[key] = len(out)
            out.append(row)
            current[key] = {"id": None, "natural_key": key, "record_hash": digest, "version": row[VERSION], **carried}
        if superseded:
            model.objects.filter(id__in=superseded).update(is_current=False)
        if out:
            _insert(kind, out)
        errors = [RowError(batch=batch, row_number=number, field_code=code, field_name=name,
                           value=(value or "")[:1000], reason=reason[:300])
                  for number, row_errors in bad for code, name, value, reason in row_errors]
        RowError.objects.bulk_create(errors, batch_size=1000)
        counters.rejected += len(bad)
        counters.read += read
        ImportBatch.objects.filter(pk=batch.pk).update(
            rows_read=counters.read, rows_added=counters.added, rows_updated=counters.updated,
            rows_unchanged=counters.unchanged, rows_rejected=counters.rejected, progress_at=moment)


@contextmanager
def _import_connection():
    """SQLite, for this import only: a page cache that holds the indexes a large import writes to, and
    a WAL checkpointed every SQLITE_IMPORT_CHECKPOINT_PAGES instead of every 1,000 pages, so an index
    page rewritten by chunk after chunk is copied back to the database once per checkpoint, not once
    per chunk.

    (temp_store=MEMORY was tried too: SQLite refuses it inside a transaction, where an import run
    by a job or a test may start, and the import sorts nothing big enough for it to matter.)"""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous_cache,) = cursor.fetchone()
        cursor.execute("PRAGMA wal_autocheckpoint")
        (previous_checkpoint,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_IMPORT_CACHE_KIB}")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {SQLITE_IMPORT_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous_cache)}")
            cursor.execute(f"PRAGMA wal_autocheckpoint = {int(previous_checkpoint)}")


class _PlannerStatistics:
    """PostgreSQL: ANALYZE the records table whenever this import has grown it by half since the last time.

    Each chunk looks its natural keys up (`_current_versions`), and PostgreSQL picks the unique
    (agency, natural_key, version) index only if its statistics know the table is large. Stale ones
    (a table analyzed when it was empty, autovacuum lagging behind or off) made it scan every current
    row of the agency for every chunk: at 300,000 rows half the import's time went on these lookups,
    and more with every chunk. Growth steps of half the table keep the number of ANALYZE runs
    logarithmic (about ten for a million rows into an empty table, each sampling at most 30,000 rows)."""

    MIN_ROWS = 20_000

    def __init__(self, kind: str):
        self.table = RECORD_MODELS[kind]._meta.db_table
        self.enabled = connection.vendor == "postgresql"
        self.table_rows = self.analyzed_at = 0
        if self.enabled:
            with connection.cursor() as cursor:
                cursor.execute("SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass", [self.table])
                self.table_rows = int(cursor.fetchone()[0])

    def after_chunk(self, written: int) -> None:
        """`written`: the rows this import has written so far (new versions, added or updated)."""
        grown = written - self.analyzed_at
        if self.enabled and grown >= max(self.MIN_ROWS, self.table_rows // 2):
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {self.table}")
            self.table_rows += grown
            self.analyzed_at = written


def import_file(path: Path, *, agency, kind: str, batch: ImportBatch | None = None, user=None,
                today: dt.date | None = None, chunk_rows: int = CHUNK_ROWS,
                progress: Callable[[int, int], None] | None = None) -> ImportBatch:
    """Import one file; returns the finished batch with its counters (errors in batch.errors)."""
    path = Path(path)
    if kind not in RECORD_MODELS:
        raise ValueError("kind must be license or penalty")
    today = today or timezone.localdate()
    batch = batch or ImportBatch.objects.create(agency=agency, kind=kind, file_name=path.name, created_by=user)
    started = timezone.now()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, started_at=started,
                                                   progress_at=started)
    power_items = dict(PowerItem.objects.filter(agency=agency, kind=kind).values_list("name", "id"))
    counters = Counters()
    total_bytes = path.stat().st_size
    try:
        codes, rows = read_rows(path, kind)
        context = _Context(kind=kind, picker=_CellPicker(codes), today=today, agency_id=agency.pk, batch_id=batch.pk,
                           power_items=power_items, parent_pid=os.getpid(), spreadsheet=_is_spreadsheet(path))
        with _import_connection():
            statistics = _PlannerStatistics(kind)
            for prepared in _prepared_chunks(context, _chunks(rows, chunk_rows)):
                _write_chunk(kind, agency, batch, prepared, counters)
                statistics.after_chunk(counters.added + counters.updated)
                if progress and prepared[2] >= chunk_rows:
                    progress(counters.read, total_bytes)
    except UnreadableFile as exc:
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


def import_records(records: list[dict], *, agency, kind: str, source: str, user=None, actor_name: str = "",
                   today: dt.date | None = None, chunk_rows: int | None = None) -> tuple[ImportBatch, list[tuple]]:
    """Records pushed by a case system (`gongkai.api`): each a {field code: value} dict, prepared,
    validated and written exactly like a file's rows (`_prepare_chunk`, `_write_chunk`: the same
    chunks, one transaction each, the same natural key and versions), so an interrupted push leaves
    whole chunks only and a repeated one changes nothing.

    Returns the finished batch and, per record in order, (outcome, errors): outcome "added",
    "updated", "unchanged" or "rejected"; errors [(code, name, value, reason)] for a rejected one."""
    if kind not in RECORD_MODELS:
        raise ValueError("kind must be license or penalty")
    today = today or timezone.localdate()
    batch = ImportBatch.objects.create(agency=agency, kind=kind, file_name=source[:200], created_by=user)
    started = timezone.now()
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.RUNNING, started_at=started,
                                                   progress_at=started)
    codes = [spec.code for spec in FIELDS_BY_KIND[kind]]
    power_items = dict(PowerItem.objects.filter(agency=agency, kind=kind).values_list("name", "id"))
    context = _Context(kind=kind, picker=_CellPicker(codes), today=today, agency_id=agency.pk, batch_id=batch.pk,
                       power_items=power_items, parent_pid=os.getpid(), spreadsheet=False)
    rows = ((number, ["" if record.get(code) is None else str(record[code]) for code in codes])
            for number, record in enumerate(records, start=1))
    counters, answers = Counters(), []
    with _import_connection():
        for chunk in _chunks(rows, chunk_rows or CHUNK_ROWS):
            prepared = _prepare_chunk(context, chunk)
            written: list[str] = []
            _write_chunk(kind, agency, batch, prepared, counters, outcomes=written)
            refused = dict(prepared[1])
            good = iter(written)
            answers.extend(("rejected", refused[number]) if number in refused else (next(good), [])
                           for number, _ in chunk)
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportBatch.Status.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    audit("import", batch, actor=user, agency=agency, actor_name=actor_name or None,
          summary=f"接收{batch.get_kind_display()}信息：新增{batch.rows_added}，更新{batch.rows_updated}，"
                  f"未变{batch.rows_unchanged}，错误{batch.rows_rejected}（{source}）")
    return batch, answers


def check_file(path: Path, kind: str, *, today: dt.date, keep_errors: int = 200) -> tuple[int, int, list[tuple]]:
    """A dry run: every row prepared exactly as `import_file` would, nothing written.

    Returns (rows read, rows rejected, the first `keep_errors` errors as (row, code, name, value, reason))."""
    codes, rows = read_rows(path, kind)
    context = _Context(kind=kind, picker=_CellPicker(codes), today=today, agency_id=0, batch_id=0, power_items={},
                       parent_pid=os.getpid(), spreadsheet=_is_spreadsheet(path))
    read = rejected = 0
    kept: list[tuple] = []
    for chunk in _chunks(rows, CHUNK_ROWS):
        _, bad, count = _prepare(context, chunk)
        read += count
        rejected += len(bad)
        kept.extend((number, *error) for number, errors in bad for error in errors)
        del kept[keep_errors:]
    return read, rejected, kept


def terminal_progress(stream=sys.stderr) -> Callable[[int, int], None]:
    """A one-line progress display for the command line (rows so far, rate)."""
    started = timezone.now()

    def show(rows: int, total_bytes: int) -> None:
        seconds = max((timezone.now() - started).total_seconds(), 0.001)
        stream.write(f"\r已处理 {rows:,} 行  {rows / seconds:,.0f} 行/秒")
        stream.flush()

    return show
