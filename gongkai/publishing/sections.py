"""The registry of public sections: what each part of the public site declares once, in its AppConfig.

A section names its URLs, says which portal builder makes its pages (or none: dynamic pages),
points to its content and search adapters (dotted paths into its own app, imported when first
used, so `apps.py` stays free of model imports), and gives its navigation entry, its sitemap part
and the URL prefixes that must always reach Django. The portal (pages, navigation, sitemap index,
the middleware's dynamic prefixes) and search (what to index, reindexing) read this registry;
`deploy/nginx/gongkai.conf`'s dynamic routes are generated from `dynamic_prefixes()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from django.utils.module_loading import import_string

# Infrastructure, not a section: the admin, the JSON APIs, collected static files and uploads.
BASE_DYNAMIC_PREFIXES = ("/admin/", "/api/", "/static/", "/media/")


@dataclass(frozen=True)
class NavEntry:
    """A link in the portal's main navigation, after the directory's first-level columns (lower order first)."""

    label: str
    url_name: str
    order: int = 50


@dataclass(frozen=True)
class SearchEntry:
    """What the search index keeps of one public text, in the section's own terms.

    `kind` is the section's search kind (lowercase letters and digits); `url` comes from reverse().
    """

    kind: str
    object_id: int
    agency_id: int
    title: str
    url: str
    published_on: dt.date | None = None
    unit_id: int | None = None
    unit_name: str = ""
    category_ids: tuple[int, ...] = ()
    validity: str = ""
    index_number: str = ""
    document_number: str = ""
    summary: str = ""
    keywords: str = ""
    body_html: str = ""
    body_text: str = ""
    topic: str = ""
    genre: str = ""


class SearchAdapter(Protocol):
    """A section's search face: `entry` for one object (None: not searchable now, so it leaves the
    index); `entries` for every searchable object of an agency (or all), used by a full reindex."""

    kind: str

    def entry(self, instance) -> SearchEntry | None: ...

    def entries(self, agency_id: int | None) -> Iterable[SearchEntry]: ...


@dataclass(frozen=True)
class PublicSection:
    name: str
    label: str
    model: str = ""  # "app_label.ModelName" whose public_state_changed concerns this section
    url_names: Mapping[str, str] = field(default_factory=dict)  # role → "namespace:name"
    dynamic_prefixes: tuple[str, ...] = ()  # never served from built files
    page_builder: str = ""  # the portal builder that makes its pages: "directory", "listing"; "" = dynamic pages
    site_path: str = ""  # where a listing section's built pages live ("zfgk/"), spelled here and nowhere else
    content: str = ""  # dotted path of the content adapter the builder renders (listing sections)
    search_adapter: str = ""  # dotted path of a SearchAdapter instance
    sitemap: str = ""  # dotted path of a callable agency → [(url, lastmod)]: the section's sitemap part
    nav: NavEntry | None = None
    published_as: str = ""  # a section whose objects carry this one's public face (annual reports → catalog)

    @cached_property
    def search(self) -> SearchAdapter | None:
        return import_string(self.search_adapter) if self.search_adapter else None

    @cached_property
    def pages(self) -> Any:
        return import_string(self.content) if self.content else None

    @cached_property
    def sitemap_entries(self) -> Callable | None:
        return import_string(self.sitemap) if self.sitemap else None


_SECTIONS: dict[str, PublicSection] = {}


def register(section: PublicSection) -> PublicSection:
    """Called from AppConfig.ready(); registering the same name twice is a mistake, not an update."""
    if section.name in _SECTIONS and _SECTIONS[section.name] != section:
        raise ValueError(f"public section {section.name!r} is registered already")
    for prefix in section.dynamic_prefixes:
        if not prefix.startswith("/"):
            raise ValueError(f"dynamic prefix {prefix!r} of {section.name!r} must start with '/'")
    _SECTIONS[section.name] = section
    return section


def sections() -> list[PublicSection]:
    return list(_SECTIONS.values())


def get(name: str) -> PublicSection:
    return _SECTIONS[name]


def for_model(model) -> PublicSection | None:
    """The section a model's public_state_changed belongs to (by "app_label.ModelName")."""
    label = model._meta.label
    return next((section for section in _SECTIONS.values() if section.model == label), None)


def dynamic_prefixes() -> tuple[str, ...]:
    """Every URL prefix that always goes to Django: the middleware's list and nginx's dynamic routes."""
    found = list(BASE_DYNAMIC_PREFIXES)
    for section in _SECTIONS.values():
        found.extend(prefix for prefix in section.dynamic_prefixes if prefix not in found)
    return tuple(found)


def navigation_entries() -> list[NavEntry]:
    return sorted((s.nav for s in _SECTIONS.values() if s.nav is not None), key=lambda entry: entry.order)
