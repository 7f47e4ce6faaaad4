"""The annual report as PDF: WeasyPrint over the same HTML as the web page, A4 with GB/T 9704 margins and page numbers.

Fonts are named as on a government workstation first (方正小标宋简体, 黑体, 仿宋_GB2312), then fall
back to Debian's fonts-noto-cjk, exactly as the request letters do (inforequests/letters/pdf.py):
Noto Sans CJK SC for the title, headings, table captions and chart labels (the 黑体 fallback), Noto
Serif CJK SC for the body and the tables. Only these two faces, regular weight: WeasyPrint
subsets every CJK face it embeds (about 2 s each), so a bold or third face would add that to every
report. The charts are inline SVG (renderers/charts.py) because WeasyPrint runs no JavaScript.
"""

from __future__ import annotations

from gongkai.reports.renderers.html import render_page

__all__ = ["render"]


def render(document: dict) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango costs time the other formats need not pay

    # The PDF's title metadata comes from the page's <title>, its language from <html lang="zh-CN">.
    return HTML(string=render_page(document, for_print=True)).write_pdf()
