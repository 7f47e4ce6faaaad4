"""The portal's URL scheme and where each URL's built file lives under SITE_ROOT.

Every built page has a directory-style URL (`/xxgk/policies/`) whose file is `index.html` in the
matching folder, and every feed or sitemap URL names its file directly, so a plain file server
(our middleware, nginx, a reading-room copy) serves exactly what the Django views render.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

PAGE_SIZE = 20  # items per listing page
SITEMAP_ITEMS_PER_FILE = 10_000  # item ids per sitemap file; the protocol's limit is 50,000 URLs


def home_url() -> str:
    return "/"


def directory_url() -> str:
    return "/xxgk/"


def guide_url() -> str:
    return "/guide/"


def column_url(slug: str, page: int | None = None) -> str:
    """The column's front page (newest items) or one of its archive pages (numbered from the oldest)."""
    return f"/xxgk/{slug}/" if page is None else f"/xxgk/{slug}/{page}/"


def item_url(item_id: int) -> str:
    return f"/xxgk/item/{item_id}/"


def rss_url(slug: str) -> str:
    return f"/feeds/{slug}.xml"


def atom_url(slug: str) -> str:
    return f"/feeds/{slug}.atom"


def sitemap_url() -> str:
    return "/sitemap.xml"


def sitemap_pages_url() -> str:
    return "/sitemaps/pages.xml"


def sitemap_items_url(block: int) -> str:
    return f"/sitemaps/items-{block}.xml"


def search_url(**filters) -> str:
    """A link into the search page (built by the search part) with its filter parameters."""
    from urllib.parse import urlencode

    query = urlencode({name: value for name, value in filters.items() if value not in (None, "")})
    return f"/search/?{query}" if query else "/search/"


def site_root() -> Path:
    return Path(settings.SITE_ROOT)


def file_for_url(url: str) -> Path:
    """The file a built URL is written to: `/a/b/` -> `a/b/index.html`, `/feeds/x.xml` -> itself."""
    relative = url.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return site_root() / relative


def site_base(agency) -> str:
    """Feeds and sitemaps need absolute addresses: the agency's website, else SITE_BASE_URL, else localhost."""
    base = (getattr(agency, "website", "") or getattr(settings, "SITE_BASE_URL", "") or "http://127.0.0.1:8000")
    return base.rstrip("/")
