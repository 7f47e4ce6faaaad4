"""A spreadsheet cell as text: the one rule for every importer, strict about numbers that lost digits.

A spreadsheet stores numbers as doubles, which keep 15 significant digits. An 18-digit 身份证号码
or 统一社会信用代码 typed into a cell not formatted as text has lost its last digits before we
ever see it; guessing them back is impossible, so the cell is refused with a reason that tells the
user how to fix the sheet (DESIGN §2: "must be rejected, not guessed").
"""

from __future__ import annotations

import datetime as dt

EXACT_DIGITS_LIMIT = 10**15  # from here on a whole number in a spreadsheet may have lost digits
LOST_DIGITS_REASON = ("该单元格是超过15位的数字，电子表格只保留15位有效数字，末尾数字已丢失；"
                      "请将该列设为文本格式后重新录入")


def cell_text(value) -> tuple[str, str | None]:
    """(text, problem): the cell as text, and the reason it cannot be trusted (digits lost), if any.

    Strings are stripped; dates are ISO (a time of day only when there is one); whole numbers have
    no ".0"; booleans are TRUE/FALSE as Excel shows them."""
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
        if not value.is_integer():
            return repr(value), None
        if abs(value) >= EXACT_DIGITS_LIMIT:
            return f"{value:.0f}", LOST_DIGITS_REASON
        return str(int(value)), None
    if isinstance(value, int):
        return str(value), (LOST_DIGITS_REASON if abs(value) >= EXACT_DIGITS_LIMIT else None)
    return str(value).strip(), None
