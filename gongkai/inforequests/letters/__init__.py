"""The letters the disclosure office sends about a request (告知书 and notices), as DOCX and PDF."""

from gongkai.inforequests.letters.content import KIND_TITLES, KINDS, Letter, LetterNotAvailable, build_letter

FORMATS = ("docx", "pdf")

__all__ = ["FORMATS", "KINDS", "KIND_TITLES", "Letter", "LetterNotAvailable", "build_letter", "render"]


def render(letter: Letter, fmt: str) -> bytes:
    """The letter's bytes in `fmt` (docx or pdf); the renderers are imported only when used."""
    if fmt == "docx":
        from gongkai.inforequests.letters.docx import render_docx

        return render_docx(letter)
    if fmt == "pdf":
        from gongkai.inforequests.letters.pdf import render_pdf

        return render_pdf(letter)
    raise ValueError(f"unknown letter format: {fmt}")
