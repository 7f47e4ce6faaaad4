"""Renderers of the annual report: each takes the document (reports.document) and returns bytes."""

from __future__ import annotations

import json

FORMATS = ("json", "html", "docx", "pdf", "xlsx")


def render(document: dict, fmt: str) -> bytes:
    if fmt == "json":
        from gongkai.reports.document import official_json

        return json.dumps(official_json(document), ensure_ascii=False, indent=2).encode("utf-8")
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    from importlib import import_module

    return import_module(f"gongkai.reports.renderers.{fmt}").render(document)
