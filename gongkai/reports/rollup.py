"""The region roll-up: one document summing the annual reports of every agency a unified platform hosts (`gongkai report annual --region`).

A city's 政务公开办 publishes the region's totals next to each agency's report, so the roll-up has
the same shape as one agency's document (every renderer draws it unchanged): the tables are the
cell-by-cell sum of the agencies' tables, re-totalled with core.annual_tables.compute_totals and
checked with check_consistency, and the sections list each agency's figures. Each agency counts
as its report stands: the frozen numbers once it is signed off (what was published), otherwise
its live draft. Agencies whose own report breaks a rule are named in the violations.
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.core import annual_tables as at
from gongkai.reports.document import build_document, due_date
from gongkai.reports.models import AnnualReport
from gongkai.reports.narrative import sections_for

__all__ = ["build_region_document", "sum_tables", "tables_from_official_dict"]

# Figures that are names or years, not quantities: never summed.
NON_ADDITIVE_FIGURES = {"年度", "机关名称", "发布平台"}


def tables_from_official_dict(official: dict, fmt: at.ReportFormat) -> at.AnnualTables:
    """Read `to_official_dict` output back into AnnualTables (a frozen report keeps only the labelled dict)."""
    tables = at.empty_tables(fmt)
    proactive = official.get(at.PROACTIVE_SECTION, {})
    for sub_table in fmt.proactive_tables:
        for row in sub_table.rows:
            cells = proactive.get(sub_table.caption, {}).get(row.label, {})
            for column in sub_table.columns:
                value = cells.get(column.label, 0)
                if column.kind is at.CellKind.AMOUNT and isinstance(value, float):
                    value = Decimal(str(value))
                tables.proactive_disclosure[row.key][column.label] = value
    requests = official.get(at.REQUESTS_SECTION, {})
    for row in fmt.request_rows:
        if not row.has_cells:
            continue
        path, current = [], row
        while current is not None:
            path.append(current.label)
            current = fmt.request_row(current.parent) if current.parent else None
        node = requests
        for label in reversed(path):
            node = node.get(label, {})
        for column in fmt.request_columns:
            tables.requests[row.key][column] = int(node.get(column, 0))
    appeals = official.get(at.APPEALS_SECTION, {})
    for block in fmt.appeal_blocks:
        cells = appeals.get(block.label) if block.parent_label is None else appeals.get(block.parent_label, {}).get(
            block.label)
        for column in fmt.appeal_columns:
            tables.appeals[block.key][column] = int((cells or {}).get(column, 0))
    return tables


def sum_tables(many: list[at.AnnualTables], fmt: at.ReportFormat) -> at.AnnualTables:
    """Cell-by-cell sum, then the derived cells recomputed (so a sum of consistent tables is consistent)."""
    total = at.empty_tables(fmt)
    for tables in many:
        for row, cells in tables.proactive_disclosure.items():
            for column, value in cells.items():
                total.proactive_disclosure[row][column] += value
        for row, cells in tables.requests.items():
            for column, value in cells.items():
                total.requests[row][column] += value
        for block, cells in tables.appeals.items():
            for column, value in cells.items():
                total.appeals[block][column] += value
    return at.compute_totals(total, fmt)


def _agency_document(agency, year: int) -> dict:
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    return build_document(agency, year, report=report)


def _previous_tables(agencies, year: int, fmt: at.ReportFormat) -> at.AnnualTables | None:
    """Last year's summed tables, only when every agency's last report is frozen (cheap and final)."""
    if year - 1 < 2019:
        return None
    frozen = dict(AnnualReport.objects.filter(agency__in=agencies, year=year - 1, frozen__isnull=False)
                  .values_list("agency_id", "frozen"))
    if len(frozen) != len(agencies):
        return None
    previous_fmt = at.format_for_year(year - 1)
    return sum_tables([tables_from_official_dict(doc["tables"], previous_fmt) for doc in frozen.values()],
                      previous_fmt)


def _sum_figures(documents: list[dict]) -> dict:
    figures: dict = {}
    for document in documents:
        for key, value in (document.get("figures") or {}).items():
            if key in NON_ADDITIVE_FIGURES or isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            figures[key] = figures.get(key, 0) + value
    return figures


def _region_name(agencies) -> str:
    division = {getattr(agency, "division_code", "") for agency in agencies}
    parents = {agency.parent_name for agency in agencies if getattr(agency, "parent_name", "")}
    if len(parents) == 1:
        parent = parents.pop()
        for suffix in ("人民政府办公室", "人民政府办公厅", "人民政府"):
            if parent.endswith(suffix):
                return parent[: -len(suffix)]
        return parent
    return "本" if len(division) != 1 else division.pop()


def build_region_document(agencies, year: int) -> dict:
    """The combined report of `agencies` for `year`, in the shape of reports.document.build_document."""
    agencies = list(agencies)
    if not agencies:
        raise ValueError("区域汇总至少需要一个机关")
    documents = [_agency_document(agency, year) for agency in agencies]
    region = _region_name(agencies)
    title = f"{region}地区{year}年政府信息公开工作年度报告（汇总）"
    fmt = at.format_for_year(year) if year >= 2019 else None
    figures = _sum_figures(documents)
    figures.update({"年度": year, "机关名称": f"{region}地区", "机关数": len(agencies)})
    violations: list[str] = []
    tables = None
    if fmt is not None:
        summed = sum_tables([tables_from_official_dict(doc["tables"], fmt) for doc in documents], fmt)
        previous = _previous_tables(agencies, year, fmt)
        violations = [f"汇总表：{v.message}" for v in at.check_consistency(summed, fmt, previous)]
        tables = at.to_official_dict(summed, fmt)
    for agency, document in zip(agencies, documents):
        violations += [f"{agency.name}：{message}" for message in document.get("violations") or []]

    per_agency = []
    for agency, document in zip(agencies, documents):
        f = document.get("figures") or {}
        state = {"draft": "编制中", "signed_off": "已审定", "published": "已发布"}.get(document.get("state"), "")
        per_agency.append(
            f"{agency.name}（{state}）：主动公开政府信息{f.get('主动公开总数', 0)}条；新收政府信息公开申请{f.get('新收申请数', 0)}件，"
            f"上年结转{f.get('上年结转申请数', 0)}件，办结{f.get('办结申请数', 0)}件，结转下年度{f.get('结转下年申请数', 0)}件；"
            f"被申请行政复议{f.get('行政复议数', 0)}件，被提起行政诉讼{f.get('行政诉讼数', 0)}件。")
    overview = [f"本报告汇总{region}地区{len(agencies)}个机关{year}年政府信息公开工作年度报告的数据。"
                f"全地区共主动公开政府信息{figures.get('主动公开总数', 0)}条，新收政府信息公开申请{figures.get('新收申请数', 0)}件。"
                "各机关情况如下：", *per_agency]
    table_of = {"proactive": "proactive", "requests": "requests", "appeals": "appeals"}
    sections = []
    for key, heading in sections_for(year):
        if key in ("overview", "basics"):
            paragraphs = overview
        elif key in table_of and fmt is not None:
            paragraphs = [f"{year}年全地区{heading.split('、', 1)[1]}见下表（各机关数据逐项相加）。"]
        else:
            paragraphs = [f"{document['title']}：{' '.join(s['paragraphs'])}"
                          for document in documents for s in document["sections"] if s["key"] == key]
        sections.append({"key": key, "heading": heading, "paragraphs": paragraphs,
                         "table": table_of.get(key) if fmt is not None else None})

    manual: dict = {}  # one entry per cell, naming every agency that entered it by hand
    for document in documents:
        for cell in document.get("manual_cells") or []:
            key = (cell["table"], cell["row"], cell["column"])
            note = f"{document['agency']['name']}：{cell.get('note', '')}"
            if key in manual:
                manual[key]["note"] += f"；{note}"
            else:
                manual[key] = {**cell, "note": note}
    manual_cells = list(manual.values())
    missing_cells = [cell for document in documents for cell in document.get("missing_cells") or []]
    outcome: dict = {}
    applicant: dict = {}
    for document in documents:
        for label, value in (document.get("charts") or {}).get("requests_by_outcome", {}).items():
            outcome[label] = outcome.get(label, 0) + value
        for label, value in (document.get("charts") or {}).get("requests_by_applicant", {}).items():
            applicant[label] = applicant.get(label, 0) + value
    states = {document.get("state") for document in documents}
    return {
        "title": title,
        "agency": {"code": "", "name": f"{region}地区（{len(agencies)}个机关汇总）", "office": "", "address": "",
                   "phone": "", "email": ""},
        "agencies": [{"code": agency.code, "name": agency.name, "state": document.get("state")}
                     for agency, document in zip(agencies, documents)],
        "year": year,
        "format": fmt.key if fmt else "2008",
        "instrument": documents[0]["instrument"],
        "preamble": (f"本报告汇总{region}地区各机关{year}年政府信息公开工作年度报告，表中数据为各机关数据逐项相加。"
                     f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"),
        "sections": sections,
        "tables": tables,
        "manual_cells": manual_cells,
        "missing_cells": missing_cells,
        "violations": violations,
        "figures": figures,
        "charts": {"requests_by_outcome": outcome, "requests_by_applicant": applicant},
        "due_on": max(due_date(agency, year) for agency in agencies).isoformat(),
        "state": states.pop() if len(states) == 1 else "draft",
    }
