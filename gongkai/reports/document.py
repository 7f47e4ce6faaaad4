"""One annual report as data: every renderer (JSON, HTML, DOCX, PDF, XLSX) draws from this.

A signed-off report is rebuilt from what was frozen at sign-off, never recomputed; a draft is
computed afresh from the records, with the office's text and the live figures.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gongkai.core import annual_tables as at
from gongkai.org.models import Agency
from gongkai.reports import narrative
from gongkai.reports.figures import gather_figures
from gongkai.reports.statistics import MANUAL, MISSING, compute_statistics

TABLE_LABELS = {"proactive": "表二", "requests": "表三", "appeals": "表四"}


def due_date(agency, year: int) -> dt.date:
    """条例第四十九条: departments publish by 31 January, governments' reports by 31 March."""
    return dt.date(year + 1, 1, 31) if agency.kind == Agency.Kind.DEPARTMENT else dt.date(year + 1, 3, 31)


def _jsonable(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def build_document(agency, year: int, *, report=None) -> dict:
    """The report for `agency` and `year` (the stored report's text when there is one)."""
    if report is not None and report.frozen:
        return report.frozen
    texts = narrative.default_text(year)
    if report is not None:
        texts.update({key: value for key, value in (report.narrative or {}).items() if value is not None})
    stats = compute_statistics(agency, year) if year >= 2019 else None
    figures = gather_figures(agency, year, stats)
    sections = []
    for key, heading in narrative.sections_for(year):
        text = narrative.fill(texts.get(key, ""), figures)
        sections.append({
            "key": key, "heading": heading,
            "paragraphs": [line for line in text.splitlines() if line.strip()],
            "table": narrative.SECTION_TABLES.get(key) if stats is not None else None,
        })
    document = {
        "title": f"{agency.name}{year}年政府信息公开工作年度报告",
        "agency": {"code": agency.code, "name": agency.name, "office": agency.office_name,
                   "address": agency.office_address, "phone": agency.office_phone, "email": agency.office_email},
        "year": year,
        "format": stats.fmt.key if stats else "2008",
        "instrument": f"{stats.fmt.instrument}《{stats.fmt.title}》" if stats else "《中华人民共和国政府信息公开条例》（2008年）",
        "preamble": (f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
                     f"{stats.fmt.instrument if stats else '有关规定'}要求编制。本报告中所列数据的统计期限自{year}年1月1日起"
                     f"至{year}年12月31日止。本报告电子版可在{agency.name}门户网站政府信息公开专栏查阅。"
                     f"如对本报告有疑问，请与{agency.office_name}联系（地址：{agency.office_address}，电话：{agency.office_phone}）。"),
        "sections": sections,
        "tables": at.to_official_dict(stats.tables, stats.fmt) if stats else None,
        "manual_cells": [{"table": TABLE_LABELS[t], "row": r, "column": c, "note": stats.manual_notes.get((t, r, c), "")}
                         for (t, r, c), kind in sorted(stats.sources.items()) if kind == MANUAL] if stats else [],
        "missing_cells": [{"table": TABLE_LABELS[t], "row": r, "column": c}
                          for (t, r, c), kind in sorted(stats.sources.items()) if kind == MISSING] if stats else [],
        "violations": [v.message for v in stats.violations] if stats else [],
        "figures": {key: _jsonable(value) for key, value in figures.items()},
        "due_on": due_date(agency, year).isoformat(),
        "state": report.state if report is not None else "draft",
    }
    if stats is not None and stats.unknown_calendar_years:  # only then: the JSON of a complete year is unchanged
        document["calendar_missing"] = sorted(stats.unknown_calendar_years)
    if stats is not None:
        document["charts"] = chart_data(stats)
    return document


def chart_data(stats) -> dict:
    """What a reader would rather look at: requests by outcome, and table 二's decision counts."""
    requests = stats.tables.requests
    outcome = {}
    for row in stats.fmt.request_rows:
        if row.role is at.RowRole.RESULT:
            value = requests[row.key]["总计"]
            if value:
                group = stats.fmt.request_row(row.parent).label if row.parent and row.parent != "results" else row.label
                outcome[group] = outcome.get(group, 0) + value
    return {
        "requests_by_outcome": outcome,
        "requests_by_applicant": {column: requests["new"][column] for column in at.APPLICANT_COLUMNS},
    }


def official_json(document: dict) -> dict:
    """The report keyed by the official labels verbatim (section headings, table captions, rows, columns)."""
    result = {"标题": document["title"], "年度": document["year"], "报告格式": document["instrument"],
              "说明": document["preamble"]}
    tables = document.get("tables") or {}
    for section in document["sections"]:
        body = {"正文": section["paragraphs"]}
        if section["heading"] in tables:
            body.update(tables[section["heading"]])
        result[section["heading"]] = body
    if document.get("manual_cells"):
        result["手工填报数据"] = document["manual_cells"]
    if document.get("violations"):
        result["勾稽关系检查未通过"] = document["violations"]
    return result
