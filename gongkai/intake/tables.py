"""The generic table import every ledger importer shares (requests, appeals, the work ledger).

It knows nothing about any one ledger: it reads a spreadsheet or CSV with every cell as text
(`readers`), finds the header by its labels, checks each row with the ledger's own `parse_row`,
writes the good rows in all-or-nothing chunks, skips rows already imported (by a natural key),
writes one audit entry and leaves an error file beside the input (`error_files`). A ledger is a
`TableSpec`: its columns and three steps. See docs/IMPORT.md for the columns of each.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.text import compatibility_fold
from gongkai.intake import UnreadableFile
from gongkai.intake.error_files import write_error_csv
from gongkai.intake.readers import table_rows
from gongkai.org.audit import record

CHUNK_SIZE = 500  # rows per transaction: a crash loses at most the chunk being written, never half of it
HEADER_SEARCH_ROWS = 20  # a title line or two above the header is common in office ledgers
MAX_FILE_BYTES = 200 * 1024 * 1024
ERROR_FILE_COLUMNS = ("行号", "列", "原因", "值")


@dataclass(frozen=True)
class Column:
    """A ledger column: its label in docs/IMPORT.md, whether the file must have it, accepted header variants."""

    label: str
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowError:
    """One refused cell or row, located as the user sees it in the spreadsheet program."""

    row: int
    column: str
    reason: str
    value: str = ""


@dataclass
class SourceRow:
    """One data row: its spreadsheet row number, the text of each known column, and cell-level problems."""

    number: int
    values: dict[str, str]
    errors: list[RowError] = field(default_factory=list)

    def __getitem__(self, label: str) -> str:
        return self.values.get(label, "")


@dataclass
class Table:
    """An opened table: header checked; `rows` yields the data rows lazily."""

    header_row: int
    ignored_columns: tuple[str, ...]
    rows: Iterator[SourceRow]


def normalise_label(text: str) -> str:
    """Compare labels the way people type them: full/half width, spaces, quotes and 必填 markers ignored."""
    text = compatibility_fold(text)
    text = re.sub(r"[\s\"'“”‘’「」『』]", "", text)
    return text.strip("*").lower()


def open_table(path: Path, columns: Sequence[Column]) -> Table:
    """Open `path`, find the header row and check the required columns are there.

    Raises UnreadableFile (file missing, too big, unreadable, wrong encoding, no header, a
    required column missing or a column given twice); row-level problems come later, per row.
    """
    path = Path(path)
    try:
        if not path.is_file():
            raise UnreadableFile(f"找不到文件：{path}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableFile(f"文件超过{MAX_FILE_BYTES // 1024 // 1024}MB，请拆分后导入")
        raw_rows = table_rows(path)
        wanted = {}
        for column in columns:
            for name in (column.label, *column.aliases):
                wanted[normalise_label(name)] = column.label
        header_row, header = None, []
        for number, cells, _ in raw_rows:
            if any(normalise_label(cell) in wanted for cell in cells):
                header_row, header = number, cells
                break
            if number >= HEADER_SEARCH_ROWS:
                break
    except OSError as exc:
        raise UnreadableFile(f"无法读取文件：{exc.strerror or exc}") from None
    if header_row is None:
        expected = "、".join(f"“{c.label}”" for c in columns if c.required)
        raise UnreadableFile(f"未找到表头：前{HEADER_SEARCH_ROWS}行中没有{expected}等列名")
    positions: dict[str, int] = {}
    ignored = []
    for position, cell in enumerate(header):
        label = wanted.get(normalise_label(cell))
        if label is None:
            if cell:
                ignored.append(cell)
            continue
        if label in positions:
            raise UnreadableFile(f"第{header_row}行表头中“{label}”列出现了两次")
        positions[label] = position
    missing = [column.label for column in columns if column.required and column.label not in positions]
    if missing:
        raise UnreadableFile("缺少必填列" + "、".join(f"“{label}”" for label in missing))

    def rows() -> Iterator[SourceRow]:
        try:
            for number, cells, problems in raw_rows:
                if not any(cells):
                    continue
                values = {label: cells[pos] if pos < len(cells) else "" for label, pos in positions.items()}
                errors = [RowError(number, label, problems[pos], values[label])
                          for label, pos in positions.items() if pos in problems]
                yield SourceRow(number, values, errors)
        except OSError as exc:
            raise UnreadableFile(f"无法读取文件：{exc.strerror or exc}") from None

    return Table(header_row=header_row, ignored_columns=tuple(ignored), rows=rows())


DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
COMPACT_DATE_PATTERN = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(text: str) -> dt.date:
    """2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301 (a time after the date is ignored)."""
    text = compatibility_fold(text).strip()
    match = DATE_PATTERN.match(text) or COMPACT_DATE_PATTERN.match(text)
    if not match:
        raise ValueError("日期格式无法识别，应为YYYY-MM-DD（如2024-03-01）")
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        raise ValueError("不存在的日期") from None


@dataclass
class ParsedRow:
    """A checked row ready to write; `key` is its natural key within the agency."""

    row: int
    key: str
    key_column: str
    data: dict[str, Any]


@dataclass
class ChunkPlan:
    """What a chunk will do: rows to create, how many are already there, rows refused against the database."""

    to_create: list[ParsedRow]
    already_present: int
    errors: list[RowError]


@dataclass
class ImportResult:
    """The outcome of one import run, for the command's output, the audit entry and the tests."""

    kind: str
    source: Path
    dry_run: bool = False
    header_row: int = 1
    ignored_columns: tuple[str, ...] = ()
    rows_read: int = 0
    created: int = 0
    already_present: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_file: Path | None = None

    @property
    def rejected(self) -> int:
        return len({error.row for error in self.errors})

    @property
    def complete(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {"rows": self.rows_read, "created": self.created, "already_present": self.already_present,
                "rejected": self.rejected}

    def summary(self) -> str:
        verb = "可新增" if self.dry_run else "新增"
        text = (f"{self.kind}: {self.source.name} 读取{self.rows_read}行，{verb}{self.created}行，"
                f"已存在{self.already_present}行，拒绝{self.rejected}行")
        if self.error_file:
            text += f"（错误明细：{self.error_file}）"
        if self.dry_run:
            text += "；试运行，未写入"
        return text


@dataclass(frozen=True)
class TableSpec:
    """One kind of ledger: its columns and the three steps the shared import loop calls.

    parse_row(source, agency, today) -> (ParsedRow | None, [RowError]): checks one row alone.
    plan_chunk(agency, rows) -> ChunkPlan: checks a chunk against the database (natural keys,
        references), inside the chunk's transaction.
    write_chunk(agency, rows, user): creates the records of a chunk.
    """

    kind: str
    title: str
    columns: tuple[Column, ...]
    parse_row: Callable[[SourceRow, Any, dt.date], tuple[ParsedRow | None, list[RowError]]]
    plan_chunk: Callable[[Any, list[ParsedRow]], ChunkPlan]
    write_chunk: Callable[[Any, list[ParsedRow], Any], None]
    help: str = ""

    def add_arguments(self, parser) -> None:
        """Kind-specific options (none for the ledgers here; credit adds --kind)."""

    def run(self, path: Path, agency, *, dry_run: bool = False, user=None, **options) -> ImportResult:
        return import_table(self, path, agency, dry_run=dry_run, user=user)


def error_file_for(path: Path) -> Path:
    """`ledger.xlsx` -> `ledger.errors.csv`, beside the input where the user will look for it."""
    return Path(path).with_suffix(".errors.csv")


def write_error_file(path: Path, errors: Sequence[RowError]) -> Path | None:
    """The refused rows beside the input (`error_files`: CSV, formula-safe); a stale file is removed."""
    target = error_file_for(path)
    if not errors:
        target.unlink(missing_ok=True)
        return None
    return write_error_csv(target, ERROR_FILE_COLUMNS,
                           ((error.row, error.column, error.reason, error.value) for error in errors))


def import_table(spec: TableSpec, path: Path, agency, *, dry_run: bool = False, user=None,
                 chunk_size: int = CHUNK_SIZE, today: dt.date | None = None, error_file: bool = True) -> ImportResult:
    """Import every good row of `path` for `agency`; report the others. Idempotent on re-import.

    Each chunk of `chunk_size` checked rows is planned and written in one transaction, so a crash
    leaves whole chunks only; running the same file again skips what landed (natural keys) and
    finishes the rest. The single audit entry ("import", with the counts) is written in the last
    chunk's transaction. A dry run checks everything against the database and writes nothing but
    the error file.
    """
    path = Path(path)
    today = today or timezone.localdate()
    table = open_table(path, spec.columns)
    result = ImportResult(kind=spec.kind, source=path, dry_run=dry_run, header_row=table.header_row,
                          ignored_columns=table.ignored_columns)
    first_row_of_key: dict[str, int] = {}
    chunk: list[ParsedRow] = []

    def flush(final: bool) -> None:
        with transaction.atomic():
            plan = spec.plan_chunk(agency, chunk) if chunk else ChunkPlan([], 0, [])
            if not dry_run and plan.to_create:
                spec.write_chunk(agency, plan.to_create, user)
            result.created += len(plan.to_create)
            result.already_present += plan.already_present
            result.errors.extend(plan.errors)
            if final and not dry_run:
                record("import", None, actor=user, agency=agency, object_repr=path.name,
                       summary=f"导入{spec.title}：{result.summary()}",
                       after={"kind": spec.kind, "file": path.name, **result.counts()})
        chunk.clear()

    for source in table.rows:
        result.rows_read += 1
        parsed, errors = spec.parse_row(source, agency, today)
        errors = source.errors + errors
        if parsed is not None and not errors:
            first = first_row_of_key.setdefault(parsed.key, parsed.row)
            if first != parsed.row:
                errors.append(RowError(parsed.row, parsed.key_column, f"与第{first}行重复（{parsed.key_column}相同）",
                                       parsed.key))
        if errors:
            result.errors.extend(errors)
            continue
        chunk.append(parsed)
        if len(chunk) >= chunk_size:
            flush(final=False)
    flush(final=True)
    result.errors.sort(key=lambda error: error.row)
    if error_file:
        result.error_file = write_error_file(path, result.errors)
    return result
