"""The letters the disclosure office sends about a request (告知书 and notices), as DOCX and PDF."""

from gongkai.inforequests.letters.content import KIND_TITLES, KINDS, Letter, LetterNotAvailable, build_letter
from gongkai.inforequests.letters.docx import render_docx
from gongkai.inforequests.letters.pdf import render_pdf

RENDERERS = {"docx": render_docx, "pdf": render_pdf}
FORMATS = tuple(RENDERERS)

__all__ = ["FORMATS", "KINDS", "KIND_TITLES", "Letter", "LetterNotAvailable", "build_letter", "render"]


def render(letter: Letter, fmt: str) -> bytes:
    """The letter's bytes in `fmt` (docx or pdf); WeasyPrint itself loads only for a PDF (letters/pdf.py)."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown letter format: {fmt}")
    return RENDERERS[fmt](letter)
