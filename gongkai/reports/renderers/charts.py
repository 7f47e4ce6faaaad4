"""The annual report's charts as inline SVG drawn on the server, so the HTML page and the PDF show the same picture.

Deviation from DESIGN.md (which names ECharts for charts): ECharts draws in the browser with
JavaScript, and WeasyPrint runs no JavaScript, so an ECharts chart would be missing from the PDF
that is attached to the portal item and printed for the file. Plain SVG bars built here need no
script, no CDN and no vendored bundle, print sharply, and carry their own text alternative
(`<title>`/`<desc>` plus a visible caption listing every value) for screen readers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from gongkai.reports.models import AnnualReport

__all__ = ["Chart", "charts_for", "render_svg", "short_label"]

# Print-safe colours: a government red for this year, a grey for last year (distinct in greyscale too).
THIS_YEAR_COLOUR = "#b5121b"
LAST_YEAR_COLOUR = "#8c96a0"
TEXT_COLOUR = "#222222"
FONT_FAMILY = "'Noto Sans CJK SC', 'Source Han Sans SC', 'Microsoft YaHei', 'SimHei', sans-serif"

WIDTH = 640
LABEL_WIDTH = 200
VALUE_WIDTH = 56
BAR_HEIGHT = 18
BAR_GAP = 10
TOP = 8

# Row labels carry explanatory brackets that belong in the table, not on an axis.
_NOTE_IN_BRACKETS = re.compile(r"（[^）]*[，,][^）]*）$")


def short_label(label: str) -> str:
    """（二）部分公开（区分处理的，…） → （二）部分公开: the bracketed note stays in the table."""
    return _NOTE_IN_BRACKETS.sub("", label)


@dataclass(frozen=True)
class Chart:
    """One chart: `series` is [(legend, colour, values)], one value per category, in category order."""

    key: str
    title: str
    unit: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, str, tuple[float, ...]], ...]
    note: str = ""
    scale_per_category: bool = False  # year on year: figures of different sizes side by side

    @property
    def description(self) -> str:
        """The chart in words: what a screen reader says and what the caption prints."""
        parts = []
        for index, category in enumerate(self.categories):
            values = [f"{legend}{_number(values[index])}{self.unit}" if len(self.series) > 1
                      else f"{_number(values[index])}{self.unit}" for legend, _colour, values in self.series]
            parts.append(f"{short_label(category)}：{'，'.join(values)}")
        return "；".join(parts) + "。"


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}"


def _numeric(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def render_svg(chart: Chart, element_id: str) -> str:
    """Horizontal bars, one group per category; values printed at the bar ends, so no axis is needed."""
    per_group = len(chart.series)
    group_height = per_group * BAR_HEIGHT + (per_group - 1) * 2
    legend_height = 22 if per_group > 1 else 0
    height = TOP + legend_height + len(chart.categories) * (group_height + BAR_GAP) + 4
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    overall_max = max((v for _l, _c, values in chart.series for v in values), default=0) or 1
    title_id, desc_id = f"{element_id}-title", f"{element_id}-desc"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{element_id}" class="chart" role="img" '
        f'aria-labelledby="{title_id} {desc_id}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'font-family="{FONT_FAMILY}" font-size="13">',
        f'<title id="{title_id}">{escape(chart.title)}</title>',
        f'<desc id="{desc_id}">{escape(chart.description)}</desc>',
    ]
    y = TOP
    if per_group > 1:
        x = LABEL_WIDTH
        for legend, colour, _values in chart.series:
            parts.append(f'<rect x="{x}" y="{y + 2}" width="12" height="12" fill="{colour}"/>')
            parts.append(f'<text x="{x + 16}" y="{y + 13}" fill="{TEXT_COLOUR}">{escape(legend)}</text>')
            x += 16 + 14 * len(legend) + 24
        y += legend_height
    for index, category in enumerate(chart.categories):
        label = short_label(category)
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + group_height / 2 + 5:.1f}" text-anchor="end" '
                     f'fill="{TEXT_COLOUR}">{escape(label)}</text>')
        group_max = (max(values[index] for _l, _c, values in chart.series) or 1) if chart.scale_per_category \
            else overall_max
        for offset, (_legend, colour, values) in enumerate(chart.series):
            value = values[index]
            width = max(bar_space * value / group_max, 1 if value else 0)
            bar_y = y + offset * (BAR_HEIGHT + 2)
            parts.append(f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{colour}"/>')
            parts.append(f'<text x="{LABEL_WIDTH + width + 4:.1f}" y="{bar_y + BAR_HEIGHT - 4}" '
                         f'fill="{TEXT_COLOUR}">{escape(_number(value))}</text>')
        y += group_height + BAR_GAP
    parts.append("</svg>")
    return "".join(parts)


# --- which charts a document gets -----------------------------------------------------------------------

YEAR_ON_YEAR_FIGURES = ("主动公开总数", "新收申请数", "办结申请数", "行政复议数", "行政诉讼数")


def _single(key: str, title: str, unit: str, data: dict, note: str = "") -> Chart | None:
    items = [(label, value) for label, value in (data or {}).items() if _numeric(value)]
    if not items or not any(value for _label, value in items):
        return None
    categories = tuple(label for label, _value in items)
    return Chart(key, title, unit, categories, (("", THIS_YEAR_COLOUR, tuple(v for _l, v in items)),), note)


def previous_figures(document: dict) -> dict | None:
    """Last year's figures, only when they cost one query: frozen into this document at sign-off, or
    last year's signed-off report. A draft of last year is never recomputed just to draw a chart."""
    if document.get("previous_figures"):
        return document["previous_figures"]
    code = (document.get("agency") or {}).get("code")
    if not code or not isinstance(document.get("year"), int):
        return None
    try:
        last = (AnnualReport.objects.filter(agency__code=code, year=document["year"] - 1, frozen__isnull=False)
                .values_list("frozen", flat=True).first())
    except Exception:  # no database (a renderer run on a stored JSON document): no comparison
        return None
    return (last or {}).get("figures") or None


def channel_figures(document: dict) -> dict:
    """Posts per publishing channel when the document has them (charts or figures), else {}."""
    charts = document.get("charts") or {}
    for key in ("disclosure_by_channel", "posts_by_channel"):
        if charts.get(key):
            return dict(charts[key])
    figures = document.get("figures") or {}
    if isinstance(figures.get("发布平台明细"), dict):
        return dict(figures["发布平台明细"])
    return {}


def charts_for(document: dict) -> dict[str, list[Chart]]:
    """The charts of each section key, where a reader would rather look than read a table."""
    charts = document.get("charts") or {}
    figures = document.get("figures") or {}
    year = document.get("year")
    by_section: dict[str, list[Chart]] = {}

    def add(section: str, chart: Chart | None) -> None:
        if chart is not None:
            by_section.setdefault(section, []).append(chart)

    add("overview", _single("channels", f"{year}年各平台发布信息数", "条", channel_figures(document)))
    media = {key[: -len("媒体发稿数")]: value for key, value in figures.items()
             if key.endswith("媒体发稿数") and key not in ("媒体发稿数", "新媒体发稿数")}
    add("overview", _single("media", f"{year}年各级媒体发稿数", "篇", media))
    add("requests", _single("requests_by_applicant", f"{year}年新收政府信息公开申请（按申请人）", "件",
                            charts.get("requests_by_applicant")))
    add("requests", _single("requests_by_outcome", f"{year}年政府信息公开申请办理结果", "件",
                            charts.get("requests_by_outcome")))
    previous = previous_figures(document)
    if previous:
        keys = [key for key in YEAR_ON_YEAR_FIGURES if _numeric(figures.get(key)) and _numeric(previous.get(key))]
        if keys:
            add("overview", Chart(
                "year_on_year", f"{year}年与{year - 1}年主要数据对比", "", tuple(keys),
                ((f"{year - 1}年", LAST_YEAR_COLOUR, tuple(previous[k] for k in keys)),
                 (f"{year}年", THIS_YEAR_COLOUR, tuple(figures[k] for k in keys))),
                note="每项按该项两年中的较大值缩放", scale_per_category=True))
    return by_section
