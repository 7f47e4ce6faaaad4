"""The letters as PDF through WeasyPrint, from the same paragraph data as the DOCX, ready to print and seal.

Fonts are looked up by fontconfig name, so a workstation with the official faces (方正小标宋简体,
仿宋_GB2312) prints with them, and the server falls back to Debian's fonts-noto-cjk: Noto Sans CJK
SC for the title (the 黑体 fallback the office accepts) and Noto Serif CJK SC for the body. Only
these two faces, both regular weight: WeasyPrint subsets each CJK face it embeds, about 2 s per
face, so a bold or third face would add that again to every letter.
"""

from __future__ import annotations

from pathlib import Path

from django.template import Context, Engine

from gongkai.inforequests.letters.content import Letter

__all__ = ["render_html", "render_pdf", "TITLE_FONTS", "BODY_FONTS"]

TITLE_FONTS = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "黑体", "SimHei", "Noto Sans CJK SC"'
BODY_FONTS = '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"'

# A private engine: the letter template is this package's, not a page of the site, and must not be
# overridden by a same-named template elsewhere on the template path.
_ENGINE = Engine(dirs=[str(Path(__file__).resolve().parent / "templates")], autoescape=True)


def render_html(letter: Letter) -> str:
    template = _ENGINE.get_template("letter.html")
    return template.render(Context({"letter": letter, "title_fonts": TITLE_FONTS, "body_fonts": BODY_FONTS}))


def render_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time the DOCX path need not pay

    # The PDF's title metadata comes from the template's <title>.
    return HTML(string=render_html(letter)).write_pdf()
