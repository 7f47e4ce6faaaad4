"""Helpers for the portal tests: snapshots of the built site and reading its sitemap."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def snapshot(root: Path) -> dict[str, tuple[int, bytes]]:
    """Every built file (dot-files excluded) with its mtime and bytes."""
    files = {}
    for path in root.rglob("*"):
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(root).parts):
            files[str(path.relative_to(root))] = (path.stat().st_mtime_ns, path.read_bytes())
    return files


def changed_files(before: dict, after: dict) -> set[str]:
    """Files added, removed, or rewritten (new bytes or a new mtime) between two snapshots."""
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def sitemap_locations(root: Path) -> set[str]:
    """All <loc> of the sitemap index's item and page sitemaps, as site paths."""
    index = ET.parse(root / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    locations = set()
    for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS):
        path = loc.text.split("://", 1)[1].split("/", 1)[1]
        tree = ET.parse(root / path).getroot()
        locations |= {"/" + u.text.split("://", 1)[1].split("/", 1)[1] for u in tree.findall("sm:url/sm:loc", SITEMAP_NS)}
    return locations
