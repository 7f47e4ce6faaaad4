"""The portal's URLs, every one from reverse(), and where each URL's built file lives under SITE_ROOT.

Every built page has a directory-style URL (`/xxgk/policies/`) whose file is `index.html` in the
matching folder, and every feed or sitemap URL names its file directly, so a plain file server
(our middleware, nginx, a reading-room copy) serves exactly what the Django views render.

The URL patterns (page_urls.py and the other URL modules) are the only place a path is spelled.
A full build asks for hundreds of thousands of URLs and reverse() costs some 25 µs each, so
`url()` reverses a name once per URLconf with placeholder arguments and fills in the values after;
that is exact for the int and slug arguments our page URLs take (no quoting needed).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.urls import get_resolver, get_urlconf, reverse

PAGE_SIZE = 20  # items per listing page
SITEMAP_ITEMS_PER_FILE = 10_000  # item ids per sitemap file; the protocol's limit is 50,000 URLs
_PLACEHOLDER = 7_303_160_000  # no page URL holds this number by itself


@lru_cache(maxsize=256)
def _url_template(resolver, name: str, arguments: tuple[tuple[str, bool], ...]) -> str:
    placeholders = {}
    for position, (argument, is_int) in enumerate(arguments):
        number = _PLACEHOLDER + position
        placeholders[argument] = number if is_int else f"x{number}x"
    url = reverse(name, kwargs=placeholders, urlconf=resolver.urlconf_name)
    for argument, placeholder in placeholders.items():
        url = url.replace(str(placeholder), "{" + argument + "}")
    return url


def url(name: str, **arguments) -> str:
    """reverse(name, kwargs=arguments) for int and slug arguments, at the cost of a dictionary look-up."""
    if not arguments:
        return _url_template(get_resolver(get_urlconf()), name, ())
    shape = tuple(sorted((argument, isinstance(value, int)) for argument, value in arguments.items()))
    return _url_template(get_resolver(get_urlconf()), name, shape).format(**arguments)


def home_url() -> str:
    return url("portal:home")


def directory_url() -> str:
    return url("portal:directory")


def guide_url() -> str:
    return url("portal:guide")


def column_url(slug: str, page: int | None = None) -> str:
    """The column's front page (newest items) or one of its archive pages (numbered from the oldest)."""
    return url("portal:column", slug=slug) if page is None else url("portal:column_archive", slug=slug, page=page)


def item_url(item_id: int) -> str:
    return url("portal:item", item_id=item_id)


def rss_url(slug: str) -> str:
    return url("portal:rss", slug=slug)


def atom_url(slug: str) -> str:
    return url("portal:atom", slug=slug)


def sitemap_url() -> str:
    return url("portal:sitemap")


def sitemap_pages_url() -> str:
    return url("portal:sitemap_pages")


def sitemap_items_url(block: int) -> str:
    return url("portal:sitemap_items", block=block)


def section_sitemap_url(section_name: str) -> str:
    """A registered section's part of the sitemap (gongkai.publishing.sections)."""
    return url("portal:section_sitemap", section=section_name)


def search_url(**filters) -> str:
    """A link into the search page (built by the search part) with its filter parameters."""
    query = urlencode({name: value for name, value in filters.items() if value not in (None, "")})
    base = url("search:search")
    return f"{base}?{query}" if query else base


def site_urls() -> dict[str, str]:
    """The fixed links of every page's frame (base.html) and home, passed in the context once per build."""
    return {
        "home": home_url(), "directory": directory_url(), "guide": guide_url(), "sitemap": sitemap_url(),
        "search": search_url(), "mode_elder": url("portal:mode_elder"), "mode_standard": url("portal:mode_standard"),
        "mode_css": url("portal:mode_css"), "admin": url("admin:index"),
    }


def site_root() -> Path:
    return Path(settings.SITE_ROOT)


def file_for_url(address: str) -> Path:
    """The file a built URL is written to: `/a/b/` -> `a/b/index.html`, `/feeds/x.xml` -> itself."""
    relative = address.lstrip("/")
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return site_root() / relative


def site_base(agency) -> str:
    """Feeds and sitemaps need absolute addresses: the agency's website, else SITE_BASE_URL, else localhost."""
    base = (getattr(agency, "website", "") or getattr(settings, "SITE_BASE_URL", "") or "http://127.0.0.1:8000")
    return base.rstrip("/")
