"""A spreadsheet's used range and cell count, read from its XML before any reader allocates for it.

calamine builds a dense grid from the first to the last cell it finds: a 1.6 KB xlsx with one cell
at A1 and one at XFD1048576 asks for 512 GiB and aborts the process (SIGABRT, no `except` can
catch it). So the sheet XML is streamed out of the (already bomb-checked) zip in chunks and scanned
with a regex for cell and row positions, the declared `<dimension>` too, and the file is refused
when rows × columns or the number of cells is over the limit. An ods sheet is scanned the same way,
counting `number-rows-repeated` and `number-columns-repeated`. An xls (OLE2, binary BIFF) is not
scanned here: it is read in the memory-limited child process (`isolation`) like every sheet.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from gongkai.intake import UnreadableFile

CHUNK_BYTES = 1024 * 1024
_XLSX_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)\b([^>]*)>")
_ROW_TAG_NUMBER = re.compile(rb"<row\b[^>]*? r=\"([0-9]{1,9})\"")
_LONGER_ROW = {digits: re.compile(rb' r="\$?[A-Za-z]{1,3}\$?[0-9]{%d,}"' % (digits + 1)) for digits in range(1, 10)}
_COLUMN_OF = {letters: re.compile(rb' r="\$?([A-Za-z]{%d})\$?[0-9]' % letters) for letters in (1, 2, 3)}
_REFERENCE = re.compile(rb' r="\$?([A-Za-z]{1,3})\$?([0-9]{1,9})"')  # a cell's own position; rows have digits only
_DIMENSION_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_ODS_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b(?!-)([^>]*?)(/?)>")
_REF = re.compile(rb"\br\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?([0-9]{1,9})[\"']")
_ROW_NUMBER = re.compile(rb"\br\s*=\s*[\"']([0-9]{1,9})[\"']")
_CELL_NAME = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,9})")
_ROWS_REPEATED = re.compile(rb"number-rows-repeated\s*=\s*[\"']([0-9]{1,10})[\"']")
_COLUMNS_REPEATED = re.compile(rb"number-columns-repeated\s*=\s*[\"']([0-9]{1,10})[\"']")
_VALUE_TYPE = re.compile(rb"value-type\s*=")


class SheetTooLarge(UnreadableFile):
    """The sheet's used range or cell count is over the limit: refused before it is read."""


@dataclass
class Extent:
    """What a sheet would make a reader allocate: its used range and how many cells it holds."""

    rows: int = 0
    columns: int = 0
    cells: int = 0

    def refuse_over(self, max_cells: int, what: str) -> None:
        if self.rows * self.columns > max_cells:
            raise SheetTooLarge(f"{what}的数据区域过大（{self.rows}行×{self.columns}列），已拒绝；"
                                "请删除多余的行列或拆分后导入")
        if self.cells > max_cells:
            raise SheetTooLarge(f"{what}的单元格过多（{self.cells}个），已拒绝；请拆分后导入")


def column_number(letters: bytes | str) -> int:
    """'A' -> 1, 'XFD' -> 16384."""
    number = 0
    for letter in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def _chunks(member) -> Iterator[tuple[bytes, int, int]]:
    """A zip member as (buffer, start, end) windows of about CHUNK_BYTES that never split a tag."""
    carry = b""
    while chunk := member.read(CHUNK_BYTES):
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0:  # no tag begins here, or one begins and goes on: a tag longer than a few MB is no cell
            cut = 0 if len(buffer) <= 4 * CHUNK_BYTES else len(buffer)
        yield buffer, 0, cut
        carry = buffer[cut:]
    yield carry, 0, len(carry)


def _tags(member, pattern: re.Pattern) -> Iterator[re.Match]:
    """Every match of `pattern` in a zip member, chunk by chunk."""
    for buffer, start, end in _chunks(member):
        yield from pattern.finditer(buffer, start, end)


def xlsx_extent_bound(member) -> Extent | None:
    """An upper bound of the used range, without a Python object per cell (the import's speed), or None
    when the sheet is not written the usual way and only `xlsx_sheet_extent` can tell.

    Each cell must carry ` r="A1"` (as many as `<c` tags), and none a row number with more digits than
    the chunk's row tags: then every row is below 10**digits, and the widest column is found among
    the references with the most letters. The bound is exact enough for a real sheet; when it is over
    the limit the exact walk decides.
    """
    extent = Extent()
    for number, (buffer, start, end) in enumerate(_chunks(member)):
        window = buffer[start:end]
        if number == 0:
            declared = _DIMENSION_TAG.search(window)
            for corner in _CELL_NAME.finditer(declared.group(1).decode("ascii", "replace")) if declared else ():
                extent.columns = max(extent.columns, column_number(corner.group(1)))
                extent.rows = max(extent.rows, int(corner.group(2)))
        row_numbers = _ROW_TAG_NUMBER.findall(window)
        cells = window.count(b"<c ") + window.count(b"<c>") + window.count(b"<c/>")
        if cells != window.count(b' r="') - len(row_numbers):
            return None
        if not cells:
            continue
        digits = max(map(len, row_numbers), default=len(str(extent.rows)))
        if _LONGER_ROW[digits].search(window):
            return None
        extent.cells += cells
        extent.rows = max(extent.rows, 10 ** digits - 1)
        for letters in (3, 2, 1):
            if _COLUMN_OF[letters].search(window):
                extent.columns = max(extent.columns, max(map(column_number, set(_COLUMN_OF[letters].findall(window)))))
                break
    return extent


def xlsx_sheet_extent(member) -> Extent:
    """The used range of one worksheet XML (declared dimension and every cell found), cells counted.

    A chunk where there are as many ` r="A1"` positions as `<c` tags (what Excel and every library write)
    is scanned in C (count, findall, then max over the distinct rows and columns); any other chunk (cells
    without `r`, prefixed tags) is walked tag by tag, counting positions as a reader would.
    """
    extent = Extent()
    position = [0, 0]  # row, column of the last tag walked
    for number, (buffer, start, end) in enumerate(_chunks(member)):
        declared = _DIMENSION_TAG.search(buffer, start, end) if number == 0 else None  # it precedes sheetData
        if declared:
            for corner in _CELL_NAME.finditer(declared.group(1).decode("ascii", "replace")):
                extent.columns = max(extent.columns, column_number(corner.group(1)))
                extent.rows = max(extent.rows, int(corner.group(2)))
        window = buffer[start:end]
        references = _REFERENCE.findall(window)
        cells = window.count(b"<c ") + window.count(b"<c>") + window.count(b"<c/>")
        if cells == len(references):
            extent.cells += cells
            if references:
                columns, rows = zip(*references)
                extent.columns = max(extent.columns, max(map(column_number, set(columns))))
                extent.rows = max(extent.rows, max(map(int, set(rows))))
                position = [int(references[-1][1]), 0]
        else:
            _walk_xlsx_tags(_XLSX_TAG.finditer(buffer, start, end), extent, position)
    return extent


def _walk_xlsx_tags(matches, extent: Extent, position: list[int]) -> None:
    row, column = position
    for match in matches:
        name, attributes = match.group(1), match.group(2)
        if name == b"row":
            number = _ROW_NUMBER.search(attributes)
            row = int(number.group(1)) if number else row + 1
            column = 0
        elif name == b"c":
            reference = _REF.search(attributes)
            if reference:
                column, row = column_number(reference.group(1)), max(row, int(reference.group(2)))
            else:
                column += 1
            extent.cells += 1
            extent.rows, extent.columns = max(extent.rows, row), max(extent.columns, column)
    position[:] = [row, column]


def ods_sheet_extents(member) -> list[Extent]:
    """The used range of every table in an ods content.xml; trailing empty repeated cells do not count."""
    extents: list[Extent] = []
    extent = Extent()
    row = column = row_repeat = 0
    row_cells = row_width = 0
    for match in _tags(member, _ODS_TAG):
        closing, name, attributes, self_closing = match.groups()
        if name == b"table":
            if closing:
                extents.append(extent)
            else:
                extent, row = Extent(), 0
        elif name == b"table-row":
            if closing or self_closing:
                if row_width:
                    extent.rows = row + row_repeat
                    extent.columns = max(extent.columns, row_width)
                    extent.cells += row_cells * row_repeat
                row += row_repeat
            if not closing:
                repeated = _ROWS_REPEATED.search(attributes)
                row_repeat = int(repeated.group(1)) if repeated else 1
                column = row_cells = row_width = 0
        elif not closing:
            repeated = _COLUMNS_REPEATED.search(attributes)
            repeat = int(repeated.group(1)) if repeated else 1
            if not self_closing or _VALUE_TYPE.search(attributes):
                row_cells += repeat
                row_width = column + repeat
            column += repeat
    return extents


def check_extent(archive: zipfile.ZipFile, max_cells: int, what: str) -> None:
    """Refuse (SheetTooLarge) an xlsx or ods whose any sheet would be over `max_cells` when read."""
    names = archive.namelist()
    for name in names:
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            with archive.open(name) as member:
                bound = xlsx_extent_bound(member)
            if bound is not None and bound.rows * bound.columns <= max_cells and bound.cells <= max_cells:
                continue
            with archive.open(name) as member:
                xlsx_sheet_extent(member).refuse_over(max_cells, what)
    if "content.xml" in names:
        with archive.open("content.xml") as member:
            for extent in ods_sheet_extents(member):
                extent.refuse_over(max_cells, what)
