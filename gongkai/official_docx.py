"""The layout of an official document (GB/T 9704) in python-docx, shared by reply letters and reports."""

from __future__ import annotations

from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

TITLE_FONT = "方正小标宋简体"  # 二号小标宋 for the title (GB/T 9704 7.3.3)
BODY_FONT = "仿宋_GB2312"  # 三号仿宋 for the body (GB/T 9704 7.3.5)
LATIN_FONT = "Times New Roman"  # digits and Latin letters, as offices set them
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
# 22 lines of 28 characters on the type area (GB/T 9704 5.2.2): 225 mm / 22 lines.
LINE_PITCH = Pt(28.95)
CHARACTER = Pt(16)
# Margins of GB/T 9704 5.2.1: top 37 mm, bottom 35 mm, left (binding side) 28 mm, right 26 mm.
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}


def set_fonts(run, east_asian: str, size) -> None:
    """Word picks the Chinese face from w:eastAsia only; python-docx's font.name sets the Latin one."""
    run.font.name = LATIN_FONT
    run.font.size = size
    run.font.bold = False
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:eastAsia"), "zh-CN")
    r_pr.append(language)


def a4_page(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    for name, value in MARGINS.items():
        setattr(section, name, value)


def page_number_footer(section) -> None:
    """— 1 — centred at the foot, a PAGE field so Word numbers the pages."""
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_fonts(footer.add_run("— "), BODY_FONT, Pt(14))
    run = footer.add_run()
    set_fonts(run, BODY_FONT, Pt(14))
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._element.append(element)
    set_fonts(footer.add_run(" —"), BODY_FONT, Pt(14))


def new_official_document():
    """An empty A4 document with GB/T 9704 margins, the page-number footer and 三号仿宋 as Normal."""
    from docx import Document

    document = Document()
    section = document.sections[0]
    a4_page(section)
    section.footer_distance = Mm(20)
    page_number_footer(section)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    return document
