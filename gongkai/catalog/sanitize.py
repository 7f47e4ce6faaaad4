"""Cleaning item bodies typed in the admin: safe HTML for the portal, plain text for search and summaries."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import nh3

# What an item body may keep: text structure, tables and links, nothing that runs or loads from elsewhere.
ALLOWED_TAGS = frozenset({
    "p", "br", "h2", "h3", "h4", "ul", "ol", "li",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "strong", "em", "u", "a", "img",
})
ALLOWED_ATTRIBUTES = {
    "a": {"href"},
    "img": {"src", "alt"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Dropped together with everything inside them, so no script text or form labels leak into the body as prose.
DROPPED_WITH_CONTENT = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "template",
    "svg", "math", "form", "select", "textarea", "button", "title", "head",
})
MAX_SPAN = 100  # a colspan/rowspan beyond this is a layout attack (or a typo), not a real table
SCOPE_VALUES = frozenset({"row", "col", "rowgroup", "colgroup"})

# Browsers drop these from URLs before parsing, so "/\t/evil.example" would load from another host.
_URL_IGNORED_CHARS = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:")


def _is_same_site_path(url: str) -> bool:
    """True for a relative URL that can only resolve on our own host (no scheme, no //host, no backslash tricks)."""
    url = _URL_IGNORED_CHARS.sub("", url).strip()
    if not url or "\\" in url or url.startswith("//"):
        return False
    return not _SCHEME.match(url)


def _is_allowed_link(url: str) -> bool:
    """Links may leave the site (http/https/mailto) but never run code (javascript:, data:, vbscript:)."""
    cleaned = _URL_IGNORED_CHARS.sub("", url).strip()
    match = _SCHEME.match(cleaned)
    if match is None:
        return "\\" not in cleaned
    return match.group(0)[:-1].lower() in LINK_SCHEMES


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Per-value checks that nh3's tag/attribute lists cannot express."""
    if attribute == "src":
        # Every asset must come from our own site: an outside image would tell a third party who reads the page.
        return value if _is_same_site_path(value) else None
    if attribute == "href":
        return value if _is_allowed_link(value) else None
    if attribute in ("colspan", "rowspan"):
        value = value.strip()
        if value.isdigit() and 1 <= int(value) <= MAX_SPAN:
            return str(int(value))
        return None
    if attribute == "scope":
        value = value.strip().lower()
        return value if value in SCOPE_VALUES else None
    return value


class _SrclessImageRemover(HTMLParser):
    """Re-emits nh3's (already well-formed) output without the <img> whose src was refused: an image with no source is just noise."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img" and not any(name == "src" and value for name, value in attrs):
            return
        self.parts.append(self.get_starttag_text())

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        self.parts.append(data)

    def handle_entityref(self, name):
        self.parts.append(f"&{name};")

    def handle_charref(self, name):
        self.parts.append(f"&#{name};")


def sanitize_body_html(html: str) -> str:
    """The body as it may be published: formatting kept, anything that runs code or loads from outside removed."""
    cleaned = nh3.clean(
        html or "",
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        url_schemes=set(LINK_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    if "<img" not in cleaned:
        return cleaned
    remover = _SrclessImageRemover()
    remover.feed(cleaned)
    remover.close()
    return "".join(remover.parts)


# Elements after which the text starts on a new line, so a summary does not glue two paragraphs together.
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
    "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
CELL_TAGS = frozenset({"td", "th"})
# Never part of what a reader sees, so never part of the search text either.
INVISIBLE_TAGS = frozenset({"script", "style", "template", "noscript", "head", "title", "svg", "math", "iframe", "object"})
_SPACES = re.compile(r"[ \t\f\v\u00a0\u3000]+")


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.invisible_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in INVISIBLE_TAGS:
            self.invisible_depth += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in CELL_TAGS:
            self.parts.append(" ")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in INVISIBLE_TAGS:
            self.invisible_depth = max(0, self.invisible_depth - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in CELL_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.invisible_depth:
            self.parts.append(data.replace("\n", " ").replace("\r", " "))


def html_to_text(html: str) -> str:
    """Plain text of a body for the search index and summaries: one line per block, entities decoded, blank lines dropped."""
    extractor = _TextExtractor()
    extractor.feed(html or "")
    extractor.close()
    text = "".join(extractor.parts)  # the parser already decoded entities (convert_charrefs); decoding again would turn "&amp;lt;" into "<"
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
