"""The letters as Word files laid out like an official document (GB/T 9704-2012), for staff to edit, print and seal.

Word picks the font for Chinese characters from `w:eastAsia`, not from the font name python-docx
sets (`w:ascii`/`w:hAnsi`), so every run gets the East Asian font set explicitly; without it Word
shows the body in its default East Asian font (often 等线 or 宋体) whatever the style says.
Fonts are named as on a government workstation (方正小标宋简体, 仿宋_GB2312); a machine without
them substitutes, which the office's own printers never need.
"""

from __future__ import annotations

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from gongkai.official_docx import (
    BODY_FONT,
    BODY_SIZE,
    CHARACTER,
    LINE_PITCH,
    TITLE_FONT,
    TITLE_SIZE,
    new_official_document,
    set_fonts,
)

from gongkai.inforequests.letters.content import Letter

__all__ = ["render_docx", "TITLE_FONT", "BODY_FONT"]



def _paragraph(document, text: str, *, font: str = BODY_FONT, size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
               first_line_indent=None, right_indent=None, space_before=None):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_PITCH if size == BODY_SIZE else Pt(36)
    fmt.space_before = space_before or Pt(0)
    fmt.space_after = Pt(0)
    fmt.widow_control = True
    if first_line_indent is not None:
        fmt.first_line_indent = first_line_indent
    if right_indent is not None:
        fmt.right_indent = right_indent
    if text:
        set_fonts(paragraph.add_run(text), font, size)
    return paragraph


def _width_in_characters(text: str) -> float:
    """Printed width in full-width characters: digits and Latin letters take half."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1 for ch in text)


def render_docx(letter: Letter) -> bytes:
    document = new_official_document()

    core = document.core_properties
    core.title = letter.title
    core.author = letter.agency_name
    core.language = "zh-CN"

    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(document, letter.agency_name, font=TITLE_FONT, size=TITLE_SIZE, align=center)
    _paragraph(document, letter.title, font=TITLE_FONT, size=TITLE_SIZE, align=center)
    _paragraph(document, letter.number, align=WD_ALIGN_PARAGRAPH.RIGHT, space_before=Pt(8))
    _paragraph(document, "")
    for paragraph in letter.paragraphs:
        indent = None if paragraph.style == "addressee" else 2 * CHARACTER
        _paragraph(document, paragraph.text, first_line_indent=indent)
    # Signature: the date four characters in from the right margin, the agency name and the seal
    # mark centred over it (GB/T 9704 7.4.1); the seal is stamped over name and date.
    _paragraph(document, "")
    date_width = _width_in_characters(letter.date_text)
    for text in (letter.seal_mark, letter.signature, letter.date_text):
        centring = (date_width - _width_in_characters(text)) / 2
        right = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT,
                           right_indent=Pt(CHARACTER.pt * (4 + max(centring, 0))))
        right.paragraph_format.keep_with_next = text != letter.date_text
    # Keep the last body paragraph with the signature: no page may hold only the seal.
    for paragraph in document.paragraphs[-5:-3]:
        paragraph.paragraph_format.keep_with_next = True

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
