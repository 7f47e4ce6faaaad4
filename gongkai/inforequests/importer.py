"""Importing a request ledger (申请台账) from xlsx or CSV, with the table-reading machinery every ledger importer shares.

Two parts. The first (`open_table`, `import_table`, `TableSpec`) knows nothing about requests: it
reads a spreadsheet or CSV with every cell as text, finds the header, checks each row, writes
the good rows in all-or-nothing chunks, skips rows already imported (by a natural key), writes
one audit entry and leaves an error file beside the input. The appeals importer and, later, the
credit importer reuse it. The second part (`REQUEST_LEDGER`) is the request ledger itself.
See docs/IMPORT.md for the columns.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core.annual_tables import REQUEST_ROWS_2019, REQUEST_ROWS_2021, Applicant, RowRole
from gongkai.core.decision_rules import SITUATIONS, SITUATIONS_BY_KEY
from gongkai.core.receipt import CHANNEL_LABELS, Channel
from gongkai.org.audit import record

# ======================================================================================
# Part 1: reading tables and importing them in chunks (shared by every ledger importer)
# ======================================================================================

CHUNK_SIZE = 500  # rows per transaction: a crash loses at most the chunk being written, never half of it
HEADER_SEARCH_ROWS = 20  # a title line or two above the header is common in office ledgers
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # xlsx bombs are refused before calamine inflates them
MAX_COMPRESSION_RATIO = 200  # real sheet XML compresses 10-30x; bombs 1000x and more
EXACT_DIGITS_LIMIT = 10**15  # a spreadsheet number keeps 15 significant digits; beyond that digits are gone
SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
LOST_DIGITS_REASON = ("该单元格是超过15位的数字，电子表格只保留15位有效数字，末尾数字已丢失；"
                      "请将该列设为文本格式后重新录入")
ERROR_FILE_COLUMNS = ("行号", "列", "原因", "值")


class UnreadableTable(Exception):
    """The whole file is refused, not one row; the message says why and names the column when it is one."""


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
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\s\"'“”‘’「」『』]", "", text)
    return text.strip("*").lower()


def _cell_text(value: Any) -> tuple[str, str | None]:
    """A spreadsheet cell as text, with the reason it cannot be trusted (digits lost), if any."""
    if value is None:
        return "", None
    if isinstance(value, str):
        return value.strip(), None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), None
    if isinstance(value, dt.datetime):
        return (value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")), None
    if isinstance(value, dt.date):
        return value.isoformat(), None
    if isinstance(value, float):
        if value.is_integer():
            if abs(value) >= EXACT_DIGITS_LIMIT:
                return f"{value:.0f}", LOST_DIGITS_REASON
            return str(int(value)), None
        return repr(value), None
    if isinstance(value, int):
        return str(value), None
    return str(value).strip(), None


def _check_spreadsheet_container(path: Path) -> None:
    """Refuse zip bombs: a huge inflated size or an absurd compression ratio."""
    if not zipfile.is_zipfile(path):
        return
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableTable(f"电子表格文件已损坏：{exc}") from None
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise UnreadableTable("电子表格解压后超过1GB，拒绝读取（可能是压缩炸弹）；请拆分后导入")
    for info in infos:
        if info.file_size > 10 * 1024 * 1024 and info.file_size > MAX_COMPRESSION_RATIO * max(info.compress_size, 1):
            raise UnreadableTable("电子表格的压缩比异常，拒绝读取（可能是压缩炸弹）")


def _spreadsheet_rows(path: Path) -> Iterator[tuple[int, list[str], dict[int, str]]]:
    """(row number, cell texts, {cell index: problem}) for the first sheet, read with python-calamine."""
    from python_calamine import CalamineWorkbook

    _check_spreadsheet_container(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet = workbook.get_sheet_by_index(0)
        raw_rows = sheet.to_python(skip_empty_area=False)  # row i is spreadsheet row i + 1
    except Exception as exc:  # calamine raises several kinds (zip, xml, password, format)
        raise UnreadableTable(f"无法读取电子表格（{type(exc).__name__}: {exc}）；请确认是xlsx/xls/ods文件且未加密") from None
    for index, raw in enumerate(raw_rows):
        cells, problems = [], {}
        for position, value in enumerate(raw):
            text, problem = _cell_text(value)
            cells.append(text)
            if problem:
                problems[position] = problem
        yield index + 1, cells, problems


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK, what Excel in China saves)."""
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        raise UnreadableTable("不支持UTF-16编码的文本文件；请另存为“CSV UTF-8（逗号分隔）”")
    if b"\x00" in data[:4096]:
        raise UnreadableTable("文件不是文本格式的CSV；电子表格请使用.xlsx扩展名")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadableTable("无法识别文件编码：CSV文件应为UTF-8（可带BOM）或GB18030/GBK编码") from None


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str], dict[int, str]]]:
    text = decode_text(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count) if any(d in first_line for d in ",\t;") else ","
    try:
        for index, raw in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)):
            yield index + 1, [cell.strip() for cell in raw], {}
    except csv.Error as exc:
        raise UnreadableTable(f"CSV格式错误：{exc}") from None


def _raw_rows(path: Path) -> Iterator[tuple[int, list[str], dict[int, str]]]:
    with path.open("rb") as handle:
        magic = handle.read(8)
    if path.suffix.lower() in SPREADSHEET_SUFFIXES or magic.startswith(b"PK\x03\x04") or magic.startswith(
            b"\xd0\xcf\x11\xe0"):
        return _spreadsheet_rows(path)
    return _csv_rows(path)


def open_table(path: Path, columns: Sequence[Column]) -> Table:
    """Open `path`, find the header row and check the required columns are there.

    Raises UnreadableTable (file missing, too big, unreadable, wrong encoding, no header, a
    required column missing or a column given twice); row-level problems come later, per row.
    """
    path = Path(path)
    try:
        if not path.is_file():
            raise UnreadableTable(f"找不到文件：{path}")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UnreadableTable(f"文件超过{MAX_FILE_BYTES // 1024 // 1024}MB，请拆分后导入")
        raw_rows = _raw_rows(path)
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
        raise UnreadableTable(f"无法读取文件：{exc.strerror or exc}") from None
    if header_row is None:
        expected = "、".join(f"“{c.label}”" for c in columns if c.required)
        raise UnreadableTable(f"未找到表头：前{HEADER_SEARCH_ROWS}行中没有{expected}等列名")
    positions: dict[str, int] = {}
    ignored = []
    for position, cell in enumerate(header):
        label = wanted.get(normalise_label(cell))
        if label is None:
            if cell:
                ignored.append(cell)
            continue
        if label in positions:
            raise UnreadableTable(f"第{header_row}行表头中“{label}”列出现了两次")
        positions[label] = position
    missing = [column.label for column in columns if column.required and column.label not in positions]
    if missing:
        raise UnreadableTable("缺少必填列" + "、".join(f"“{label}”" for label in missing))

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
            raise UnreadableTable(f"无法读取文件：{exc.strerror or exc}") from None

    return Table(header_row=header_row, ignored_columns=tuple(ignored), rows=rows())


DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
COMPACT_DATE_PATTERN = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(text: str) -> dt.date:
    """2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301 (a time after the date is ignored)."""
    text = unicodedata.normalize("NFKC", text).strip()
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
    """The refused rows as CSV (UTF-8 with BOM so Excel opens the Chinese correctly); a stale file is removed."""
    target = error_file_for(path)
    if not errors:
        target.unlink(missing_ok=True)
        return None
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ERROR_FILE_COLUMNS)
        for error in errors:
            writer.writerow((error.row, error.column, error.reason, error.value))
    return target


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


# ======================================================================================
# Part 2: the request ledger (申请台账)
# ======================================================================================

HISTORICAL_APPLICANT_NAME = "（历史台账）"
EARLIEST_RECEIPT = dt.date(2008, 5, 1)  # the 2008 条例 took effect; no disclosure request is older

NUMBER, RECEIVED, APPLICANT, CHANNEL, CONTENT, RESULT, CLOSED, ANSWERED = (
    "申请编号", "收到日期", "申请人类型", "申请渠道", "申请内容", "办理结果", "办结日期", "答复日期")

REQUEST_COLUMNS: tuple[Column, ...] = (
    Column(NUMBER, aliases=("编号", "申请号")),
    Column(RECEIVED, required=True, aliases=("收到申请日期", "收到申请之日")),
    Column(APPLICANT, required=True, aliases=("申请人类别",)),
    Column(CHANNEL, required=True, aliases=("申请方式",)),
    Column(CONTENT, required=True, aliases=("申请公开内容", "所需政府信息", "所需政府信息的描述")),
    Column(RESULT, required=True, aliases=("答复结果", "处理结果")),
    Column(CLOSED, required=True),
    Column(ANSWERED, aliases=("答复时间",)),
)

APPLICANT_SYNONYMS = {"个人": Applicant.NATURAL_PERSON, "公民": Applicant.NATURAL_PERSON,
                      "其他组织": Applicant.OTHER_ORGANIZATION}
APPLICANT_LOOKUP: dict[str, str] = {
    **{normalise_label(label): str(kind) for label, kind in APPLICANT_SYNONYMS.items()},
    **{normalise_label(kind.value): kind.value for kind in Applicant},
}

CHANNEL_SYNONYMS: dict[Channel, tuple[str, ...]] = {
    Channel.IN_PERSON: ("当面", "当面提交", "当面申请", "现场", "现场申请", "窗口", "来访"),
    Channel.POST_SIGNED: ("邮寄", "信函", "信件", "邮政", "挂号信", "EMS", "快递"),
    Channel.POST_ORDINARY: ("平信", "平常信函"),
    Channel.ONLINE: ("网上", "网上申请", "网络", "互联网", "在线", "在线申请", "网站", "政府网站", "网申"),
    Channel.FAX: ("传真",),
    Channel.EMAIL: ("电子邮件", "电子邮箱", "电邮", "Email", "E-mail"),
}
CHANNEL_LOOKUP: dict[str, Channel] = {
    normalise_label(word): channel
    for channel, words in CHANNEL_SYNONYMS.items()
    for word in (*words, CHANNEL_LABELS[channel])
}

NUMBERING_PREFIX = re.compile(r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+[.、])")
TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def _result_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """Official table 三 result labels (numbered and bare, both formats) -> the situation a Decision stores.

    Each category gets the situation whose label equals the bare official label when there is one
    (予以公开 -> "disclose", not "already_public"), else its first situation. The officers' own
    situation labels (decision_rules.SITUATIONS) are accepted too. Returns (lookup, group labels).
    """
    by_category: dict[str, str] = {}
    for situation in SITUATIONS:
        by_category.setdefault(situation.category.value, situation.key)
    lookup: dict[str, str] = {}
    groups: dict[str, str] = {}
    for row in REQUEST_ROWS_2021 + REQUEST_ROWS_2019:
        bare = NUMBERING_PREFIX.sub("", normalise_label(row.label))
        if row.role is RowRole.GROUP:
            groups.setdefault(bare, row.label)
            groups.setdefault(normalise_label(row.label), row.label)
            continue
        if row.role is not RowRole.RESULT:
            continue
        category = "other.other" if row.key == "other" else row.key  # 2019's single （六）其他处理 row
        situation = next((s.key for s in SITUATIONS if s.category.value == category
                          and normalise_label(s.label) == bare), by_category[category])
        for variant in (normalise_label(row.label), bare, TRAILING_NOTE.sub("", bare)):
            lookup.setdefault(variant, situation)
    for situation in SITUATIONS:
        lookup.setdefault(normalise_label(situation.label), situation.key)
    for label in list(groups):
        if label in lookup:  # 2019's （六）其他处理 is a result row, not a group
            del groups[label]
    return lookup, groups


RESULT_LOOKUP, RESULT_GROUPS = _result_lookup()


def situation_for_result(text: str) -> str:
    """The Decision situation key for a 办理结果 cell; ValueError with the reason when there is none."""
    key = normalise_label(text)
    situation = RESULT_LOOKUP.get(key) or RESULT_LOOKUP.get(NUMBERING_PREFIX.sub("", key))
    if situation:
        return situation
    group = RESULT_GROUPS.get(key) or RESULT_GROUPS.get(NUMBERING_PREFIX.sub("", key))
    if group:
        raise ValueError(f"“{group}”是分组，请填写其下的具体情形（如“1.属于国家秘密”）")
    raise ValueError("不是年报表三的办理结果，应为“予以公开”“部分公开”“属于国家秘密”……“其他”等官方名称")


def generated_number(agency, received_on: dt.date, description: str) -> str:
    """The number of a ledger row without one, derived from its natural key (agency, date, content).

    Deterministic, so a re-import finds the same request; its shape (date, then a digest) can
    never collide with the live `{组织机构代码}-{年}-{五位序号}` numbers.
    """
    content = " ".join(description.split())
    digest = hashlib.sha256(f"{agency.code}\n{received_on.isoformat()}\n{content}".encode()).hexdigest()
    return f"{agency.org_code}-{received_on:%Y%m%d}-{digest[:10].upper()}"


def _date_cell(source: SourceRow, label: str, errors: list[RowError], *, today: dt.date) -> dt.date | None:
    text = source[label]
    if not text:
        return None
    try:
        value = parse_date(text)
    except ValueError as exc:
        errors.append(RowError(source.number, label, str(exc), text))
        return None
    if value > today:
        errors.append(RowError(source.number, label, "日期不能晚于今天", text))
        return None
    return value


def parse_request_row(source: SourceRow, agency, today: dt.date) -> tuple[ParsedRow | None, list[RowError]]:
    """Check one ledger row on its own: formats, labels, and the order of its dates."""
    errors: list[RowError] = []
    row = source.number

    def refuse(label: str, reason: str) -> None:
        errors.append(RowError(row, label, reason, source[label]))

    number = source[NUMBER]
    if len(number) > 40:
        refuse(NUMBER, "申请编号不能超过40个字符")

    received_on = _date_cell(source, RECEIVED, errors, today=today)
    if not source[RECEIVED]:
        refuse(RECEIVED, "必填")
    elif received_on and received_on < EARLIEST_RECEIPT:
        refuse(RECEIVED, "早于2008年5月1日《政府信息公开条例》施行之日")
        received_on = None

    applicant_kind = APPLICANT_LOOKUP.get(normalise_label(source[APPLICANT]))
    if not source[APPLICANT]:
        refuse(APPLICANT, "必填")
    elif applicant_kind is None:
        refuse(APPLICANT, "未知的申请人类型，应为" + "/".join(a.value for a in Applicant))

    channel = CHANNEL_LOOKUP.get(normalise_label(source[CHANNEL]))
    if not source[CHANNEL]:
        refuse(CHANNEL, "必填")
    elif channel is None:
        refuse(CHANNEL, "未知的申请渠道，应为当面/邮寄/网上/传真/电子邮件")

    description = source[CONTENT]
    if not description:
        refuse(CONTENT, "必填")
    elif len(description) > 5000:
        refuse(CONTENT, "申请内容不能超过5000字")

    situation = None
    if source[RESULT]:
        try:
            situation = situation_for_result(source[RESULT])
        except ValueError as exc:
            refuse(RESULT, str(exc))

    closed_on = _date_cell(source, CLOSED, errors, today=today)
    answered_on = _date_cell(source, ANSWERED, errors, today=today)
    if source[RESULT] and not source[CLOSED]:
        refuse(CLOSED, "填写了办理结果的申请须填写办结日期")
    if source[CLOSED] and not source[RESULT]:
        refuse(RESULT, "已办结（填写了办结日期）的申请须填写办理结果")
    if source[ANSWERED] and not source[CLOSED]:
        refuse(ANSWERED, "未办结的申请不填写答复日期")
    if received_on and closed_on and closed_on < received_on:
        refuse(CLOSED, f"办结日期早于收到日期（{received_on.isoformat()}）")
    if received_on and answered_on and answered_on < received_on:
        refuse(ANSWERED, f"答复日期早于收到日期（{received_on.isoformat()}）")
    if answered_on and closed_on and answered_on > closed_on:
        refuse(ANSWERED, f"答复日期晚于办结日期（{closed_on.isoformat()}）")

    if errors:
        return None, errors
    if not number:
        number, key_column = generated_number(agency, received_on, description), f"{RECEIVED}、{CONTENT}"
    else:
        key_column = NUMBER
    return ParsedRow(row, number, key_column, {
        "number": number, "received_on": received_on, "applicant_kind": applicant_kind, "channel": channel,
        "description": description, "situation": situation, "closed_on": closed_on,
        "decided_on": answered_on or closed_on,
    }), []


def plan_request_chunk(agency, rows: list[ParsedRow]) -> ChunkPlan:
    """Skip numbers this agency already has; refuse numbers another agency uses (numbers are unique)."""
    from gongkai.inforequests.models import InfoRequest

    owners = dict(InfoRequest.objects.filter(number__in=[r.key for r in rows]).values_list("number", "agency_id"))
    plan = ChunkPlan([], 0, [])
    for parsed in rows:
        owner = owners.get(parsed.key)
        if owner is None:
            plan.to_create.append(parsed)
        elif owner == agency.pk:
            plan.already_present += 1
        else:
            plan.errors.append(RowError(parsed.row, NUMBER, "该申请编号已被其他机关使用", parsed.key))
    return plan


def _advance_sequences(agency, numbers: list[str]) -> None:
    """Imported numbers in the live format move the yearly sequence past them, so intake never reuses one."""
    from gongkai.inforequests.models import RequestSequence

    pattern = re.compile(rf"^{re.escape(agency.org_code)}-(\d{{4}})-(\d{{5,}})$")
    highest: dict[int, int] = defaultdict(int)
    for number in numbers:
        match = pattern.match(number)
        if match:
            year, value = int(match.group(1)), int(match.group(2))
            highest[year] = max(highest[year], value)
    for year, value in highest.items():
        RequestSequence.objects.get_or_create(agency=agency, year=year)
        sequence = RequestSequence.objects.select_for_update().get(agency=agency, year=year)
        if sequence.last_value < value:
            sequence.last_value = value
            sequence.save(update_fields=["last_value"])


def write_request_chunk(agency, rows: list[ParsedRow], user) -> None:
    """Create the requests with their placeholder applicant, and for closed ones the decision and answer event.

    Historical rows have no applicant details, no query code anyone knows (a random one is hashed)
    and no 不予公开备案 (the filing was made, or not, outside this system at the time).
    """
    from gongkai.core.clock import EventKind
    from gongkai.inforequests.models import ApplicantDetails, Decision, InfoRequest, RequestEvent
    from gongkai.inforequests.services import new_query_code

    creator = user if getattr(user, "is_authenticated", False) else None
    requests = []
    for parsed in rows:
        data = parsed.data
        closed = data["closed_on"] is not None
        requests.append(InfoRequest(
            agency=agency, number=data["number"],
            query_code_hash=InfoRequest.hash_query_code(data["number"], new_query_code()),
            channel=data["channel"].value, submitted_on=data["received_on"],
            confirmed_on=None if data["channel"] == Channel.IN_PERSON else data["received_on"],
            received_on=data["received_on"], applicant_kind=data["applicant_kind"], description=data["description"],
            state=InfoRequest.State.CLOSED if closed else InfoRequest.State.IN_PROGRESS,
            closed_on=data["closed_on"], imported=True, created_by=creator))
    InfoRequest.objects.bulk_create(requests)
    ApplicantDetails.objects.bulk_create(
        ApplicantDetails(request=request, name=HISTORICAL_APPLICANT_NAME) for request in requests)
    decisions, events = [], []
    for request, parsed in zip(requests, rows):
        data = parsed.data
        if data["closed_on"] is None:
            continue
        situation = SITUATIONS_BY_KEY[data["situation"]]
        decisions.append(Decision(
            request=request, situation=situation.key, category=situation.category.value, legal_basis=situation.article,
            reasons="历史台账导入", decided_on=data["decided_on"], delivered_on=data["closed_on"]))
        events.append(RequestEvent(request=request, kind=EventKind.ANSWERED.value, on=data["decided_on"],
                                   note="历史台账导入", recorded_by=creator))
    Decision.objects.bulk_create(decisions)
    RequestEvent.objects.bulk_create(events)
    _advance_sequences(agency, [request.number for request in requests])


REQUEST_LEDGER = TableSpec(
    kind="requests",
    title="依申请公开台账",
    columns=REQUEST_COLUMNS,
    parse_row=parse_request_row,
    plan_chunk=plan_request_chunk,
    write_chunk=write_request_chunk,
    help="导入依申请公开台账（历史申请及结转的未办结申请）",
)
