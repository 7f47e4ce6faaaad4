"""Writes the tiny attack files beside this script (run it again to regenerate them; they are committed).

- sheet_bomb.xlsx: 1.6 KB, two cells, A1 and XFD1048576: calamine would allocate 512 GiB for its grid;
- sheet_bomb.ods: one row of one cell repeated 16384 columns, repeated 1048576 rows;
- docx_bomb.docx: an 8 MB document.xml of spaces deflated to about 8 KB (ratio far over 100).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

HERE = Path(__file__).parent

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
</Types>"""
ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
</Relationships>"""
SHEET = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>
<row r="{last_row}"><c r="{last_cell}" t="inlineStr"><is><t>y</t></is></c></row></sheetData></worksheet>"""

ODS_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:spreadsheet><table:table table:name="Sheet1">
<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"""
ODS_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""


def write_zip(path: Path, members: dict[str, str | bytes], *, stored_first: str | None = None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        if stored_first:
            archive.writestr(zipfile.ZipInfo(stored_first), members.pop(stored_first), zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)


def write_two_cell_xlsx(path: Path, last_cell: str, row_tag: str = "") -> None:
    """An xlsx with a cell at A1 and one at `last_cell`: its used range is everything between.
    `row_tag` gives the second cell's row element another number than its own (a cell hidden below it)."""
    last_row = row_tag or "".join(character for character in last_cell if character.isdigit())
    write_zip(path, {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
                     "xl/workbook.xml": WORKBOOK, "xl/_rels/workbook.xml.rels": WORKBOOK_RELS,
                     "xl/worksheets/sheet1.xml": SHEET.format(last_row=last_row, last_cell=last_cell)})


def main() -> None:
    write_two_cell_xlsx(HERE / "sheet_bomb.xlsx", "XFD1048576")
    write_zip(HERE / "sheet_bomb.ods", {"mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                                        "content.xml": ODS_CONTENT, "META-INF/manifest.xml": ODS_MANIFEST},
              stored_first="mimetype")
    document = b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' \
        + b" " * (8 * 1024 * 1024) + b"</w:body></w:document>"
    write_zip(HERE / "docx_bomb.docx", {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": ROOT_RELS,
                                        "word/document.xml": document})


if __name__ == "__main__":
    main()
