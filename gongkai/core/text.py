"""Text normalisation: the one place that says how full-width characters fold to half-width.

People type codes, amounts and dates with Chinese input methods, so "ＥＴＣ", "罚款２０００元" and an
ideographic space are ordinary. Every module that compares or checks such text folds it with the
table below, or with a subset of it when it must leave some full-width characters alone (the
redactor keeps Chinese punctuation as written).

Two kinds of fold, and when each is safe:
- `half_width` maps one character to one character, so an offset found in the folded text is an
  offset into the original (redaction and search highlighting rely on this).
- `compatibility_fold` is Unicode NFKC: it also folds ligatures, circled digits and the like, but it
  may change the text's length ("㈱" → "(株)"), so it is only for values compared as a whole
  (column headers, dates, labels), never for text whose offsets matter.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# U+FF01..U+FF5E are ASCII U+0021..U+007E shifted by 0xFEE0 (full-width forms); U+3000 is the
# ideographic space. 〔〕 and 【】 have no half-width form and are left alone.
FULL_WIDTH_OFFSET = 0xFEE0
HALF_WIDTH: dict[int, int] = {code: code - FULL_WIDTH_OFFSET for code in range(0xFF01, 0xFF5F)}
HALF_WIDTH[0x3000] = 0x20
# str.translate looks every character of a non-ASCII text up in the table (about 30 µs per thousand
# characters); most texts hold no full-width character, so one regex search decides first.
_FULL_WIDTH_PRESENT = re.compile("[\uff01-\uff5e\u3000]")


def half_width(text: str) -> str:
    """Full-width ASCII and the ideographic space as their half-width forms; same length as `text`."""
    if text.isascii() or not _FULL_WIDTH_PRESENT.search(text):
        return text
    return text.translate(HALF_WIDTH)


def half_width_table(characters: Iterable[str]) -> dict[int, int]:
    """The part of HALF_WIDTH for `characters` (full-width forms), for callers that fold only those."""
    table = {}
    for character in characters:
        code = ord(character)
        if code not in HALF_WIDTH:
            raise ValueError(f"{character!r} has no half-width form")
        table[code] = HALF_WIDTH[code]
    return table


def compatibility_fold(text: str) -> str:
    """NFKC: width and compatibility forms folded. May change the length; for values compared whole."""
    return unicodedata.normalize("NFKC", text)


_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_control_characters(text: str) -> str:
    """Typed text with control characters (NUL and the like, never part of a query) turned into spaces:
    PostgreSQL refuses NUL in any text value, so a visitor's %00 would otherwise be a server error."""
    return _CONTROL_CHARACTERS.sub(" ", text)
