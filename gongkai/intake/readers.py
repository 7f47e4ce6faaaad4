"""The rows of an xlsx/xls/ods sheet or a CSV file, every cell as text: the one reader every importer uses.

Spreadsheets are read with python-calamine (DESIGN §2: ten times faster than openpyxl), the first
sheet only, after the package is checked for bombs (`archives`) and the sheet's size against
MAX_SHEET_CELLS. CSV is streamed in the encoding `decoding` finds, so a file of a million rows
is never held in memory.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterator
from pathlib import Path

from gongkai.intake import UnreadableFile
from gongkai.intake.archives import MAX_TABLE_INFLATED_BYTES, ArchiveLimits, ArchiveRefused, check_archive
from gongkai.intake.cells import cell_text
from gongkai.intake.decoding import open_text
from gongkai.intake.extents import check_extent
from gongkai.intake.isolation import isolated_rows

SPREADSHEET_SUFFIXES = frozenset({".xlsx", ".xlsm", ".xlsb", ".xls", ".ods"})
ZIP_MAGIC = b"PK\x03\x04"  # xlsx, xlsm, ods
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # xls
# Rows × columns of the used range: more than Excel's own row limit times a generous width. A sheet
# with one cell at A1 and one at XFD1048576 would otherwise become seventeen billion Python strings.
MAX_SHEET_CELLS = 64_000_000
TABLE_LIMITS = ArchiveLimits(what="电子表格", max_inflated=MAX_TABLE_INFLATED_BYTES,
                             too_big_hint="疑似压缩炸弹，已拒绝；请拆分后导入，或改用CSV格式")

Row = tuple[int, list[str], dict[int, str]]  # (spreadsheet row number, cell texts, {cell index: problem})


def is_spreadsheet(path: Path) -> bool:
    """By extension, or by content for a spreadsheet saved under another name (a ledger.txt that is an xlsx)."""
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return True
    with path.open("rb") as handle:
        magic = handle.read(8)
    return magic.startswith(ZIP_MAGIC) or magic.startswith(OLE_MAGIC)


def _check_package(source, limits: ArchiveLimits) -> None:
    """Refuse a zip-based sheet (xlsx, ods) built to exhaust memory, by its package or by its used range
    (`extents`), before calamine allocates; an xls (OLE) is not a zip."""
    if not isinstance(source, (str, Path)):
        source.seek(0)
    if not zipfile.is_zipfile(source):
        return
    if not isinstance(source, (str, Path)):
        source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            check_archive(archive, limits)
            check_extent(archive, MAX_SHEET_CELLS, limits.what)
    except (zipfile.BadZipFile, OSError) as exc:
        raise ArchiveRefused(f"{limits.what}文件已损坏：{exc}") from None


def _first_sheet(source, limits: ArchiveLimits):
    from python_calamine import CalamineWorkbook

    try:
        if isinstance(source, (str, Path)):
            workbook = CalamineWorkbook.from_path(str(source))
        else:
            source.seek(0)
            workbook = CalamineWorkbook.from_filelike(source)
        sheet = workbook.get_sheet_by_index(0)
    except Exception as exc:  # calamine raises several kinds (zip, xml, password, format)
        raise UnreadableFile(f"无法读取{limits.what}（{type(exc).__name__}: {exc}）；"
                             "请确认是xlsx/xls/ods文件且未加密") from None
    if sheet.height * sheet.width > MAX_SHEET_CELLS:
        raise UnreadableFile(f"{limits.what}的数据区域过大（{sheet.height}行×{sheet.width}列），已拒绝；"
                             "请删除多余的行列或拆分后导入")
    return sheet


def spreadsheet_rows(source, limits: ArchiveLimits = TABLE_LIMITS) -> Iterator[Row]:
    """Every row of the first sheet of `source` (a path or a binary file), numbered as the sheet shows them,
    parsed in a memory-capped child process (`isolation`): a sheet that makes it die is refused, no worker dies."""
    return isolated_rows(source, limits, check=lambda: _check_package(source, limits))


def read_sheet_rows(source, limits: ArchiveLimits = TABLE_LIMITS) -> Iterator[Row]:
    """`spreadsheet_rows` in this process, its package already checked: only for the isolated child,
    which may die of it."""
    sheet = _first_sheet(source, limits)
    for index, raw in enumerate(sheet.iter_rows()):
        cells, problems = [], {}
        for position, value in enumerate(raw):
            text, problem = cell_text(value)
            cells.append(text)
            if problem:
                problems[position] = problem
        yield index + 1, cells, problems


def csv_records(path: Path, *, delimiter: str = ",") -> Iterator[list[str]]:
    """The records of a CSV file as the csv module gives them (no stripping: the caller's rows, its speed)."""
    with open_text(path) as handle:
        try:
            yield from csv.reader(handle, delimiter=delimiter)
        except UnicodeDecodeError:
            raise UnreadableFile(f"文件中有无法按{handle.encoding}解码的内容（请整份文件使用同一编码）") from None
        except csv.Error as exc:
            raise UnreadableFile(f"CSV格式错误：{exc}") from None


def sniff_delimiter(path: Path) -> str:
    """Comma, tab or semicolon: whichever the first line holds most of (office ledgers use all three)."""
    with open_text(path) as handle:
        try:
            first_line = handle.readline()
        except UnicodeDecodeError:
            first_line = ""
    candidates = ",\t;"
    return max(candidates, key=first_line.count) if any(d in first_line for d in candidates) else ","


def csv_rows(path: Path) -> Iterator[Row]:
    """A CSV ledger's rows in the spreadsheet readers' shape: cells stripped, numbered from 1."""
    for index, raw in enumerate(csv_records(path, delimiter=sniff_delimiter(path))):
        yield index + 1, [cell.strip() for cell in raw], {}


def table_rows(path: Path) -> Iterator[Row]:
    """A spreadsheet's or a CSV file's rows, whichever `path` is."""
    return spreadsheet_rows(path) if is_spreadsheet(path) else csv_rows(path)
