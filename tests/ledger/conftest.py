"""Fixtures for the work-ledger tests: the demo bureau with its units, and spreadsheet writing."""

from pathlib import Path

import pytest
import xlsxwriter


def write_xlsx(path: Path, header: list[str], rows: list[list], title: str | None = None) -> Path:
    """An xlsx like an office ledger: an optional title line, the header, numbers typed as numbers."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    offset = 0
    if title:
        sheet.write_string(0, 0, title)
        offset = 1
    for col, label in enumerate(header):
        sheet.write_string(offset, col, label)
    for r, row in enumerate(rows, start=offset + 1):
        for col, value in enumerate(row):
            if isinstance(value, (int, float)):
                sheet.write_number(r, col, value)
            elif value != "":
                sheet.write_string(r, col, value)
    workbook.close()
    return path


@pytest.fixture
def bureau(demo_bureau):
    return demo_bureau
