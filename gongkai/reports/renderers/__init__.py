"""Renderers of the annual report: each takes the document (reports.document) and returns bytes."""

from __future__ import annotations

import json

from gongkai.reports.document import official_json
from gongkai.reports.renderers import docx, html, pdf, xlsx


def render_json(document: dict) -> bytes:
    return json.dumps(official_json(document), ensure_ascii=False, indent=2).encode("utf-8")


RENDERERS = {"json": render_json, "html": html.render, "docx": docx.render, "pdf": pdf.render, "xlsx": xlsx.render}
FORMATS = tuple(RENDERERS)


def render(document: dict, fmt: str) -> bytes:
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}")
    return RENDERERS[fmt](document)
