"""The national 双公示 template's form of a record: its columns in the standard's order and its CSV line.

Shared by the importer (which stores each version's line, `export_line`, as it writes it), the
export (which writes those lines or renders them) and the push (which sends `template_fields`), so
the file, the stored line and the platform's copy never disagree. Pure: no database.
"""

from __future__ import annotations

import csv
from functools import cache
from types import SimpleNamespace

from gongkai.core.credit_fields import FIELDS_BY_KIND


def field_codes(kind: str) -> list[str]:
    return [spec.code for spec in FIELDS_BY_KIND[kind]]


def field_names(kind: str) -> list[str]:
    return [spec.name for spec in FIELDS_BY_KIND[kind]]


def _date_codes(kind: str) -> frozenset[str]:
    return frozenset(spec.code for spec in FIELDS_BY_KIND[kind] if spec.kind == "date")


def template_date(value: str) -> str:
    """Stored ISO dates ("2025-09-22") as the standard writes them ("2025/09/22")."""
    return value.replace("-", "/")


def template_fields(kind: str, stored: dict) -> dict:
    """One record's `fields` as the template carries them: standard order, dates YYYY/MM/DD, empties left out.

    The push sends this same form, so the file and the platform's copy never disagree."""
    dates = _date_codes(kind)
    out = {}
    for code in field_codes(kind):
        value = stored.get(code)
        if value in (None, ""):
            continue
        out[code] = template_date(value) if code in dates and isinstance(value, str) else value
    return out


# csv.writer.writerow returns what its file's write() returns; with `str` as write() that is the
# line itself, so one line is rendered in C without a StringIO per record.
_LINE_WRITER = csv.writer(SimpleNamespace(write=str), lineterminator="\n")
_CRLF_WRITER = csv.writer(SimpleNamespace(write=str), lineterminator="\r\n")  # also quotes a lone "\r"


@cache
def _code_plan(kind: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
    codes = tuple(field_codes(kind))
    dates = _date_codes(kind)
    return codes, tuple(i for i, code in enumerate(codes) if code in dates)


def template_values(kind: str, stored: dict) -> list:
    """One record's values in the standard's order, dates YYYY/MM/DD, None for an empty field."""
    codes, date_positions = _code_plan(kind)
    row = list(map(stored.get, codes))  # a C loop: this runs once per imported row
    for i in date_positions:
        if row[i]:
            row[i] = row[i].replace("-", "/")
    return row


def template_line(kind: str, stored: dict) -> str:
    """One record's line of the CSV template, "\n" included: what the export writes for it."""
    row = template_values(kind, stored)
    line = _LINE_WRITER.writerow(row)
    if "\r" in line:
        line = _CRLF_WRITER.writerow(row)[:-2] + "\n"
    return line
