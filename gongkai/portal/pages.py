"""What each public page shows: the queries and template contexts shared by the views and the site builder.

The Django views (dev server) and `build.py` (var/site) both call these functions and render the
same templates, so a built file and the view's response are the same page. Only `Item.is_public`
items (published and 主动公开) are ever selected here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import feedgenerator, timezone
from django.utils.safestring import mark_safe

from gongkai.catalog.models import Attachment, Category, Item
from gongkai.catalog.sanitize import sanitize_body_html
from gongkai.core.index_numbers import render_index_number
from gongkai.org.models import Agency, Unit
from gongkai.portal import paths
from gongkai.publishing import sections

HOME_LATEST = 10  # newest items across the directory on the home page
HOME_PER_COLUMN = 5  # newest items per column on the home page
FEED_SIZE = 20
LISTING_FIELDS = ("id", "title", "published_on", "document_number", "category_id", "unit_id", "topic", "genre")


def portal_agency() -> Agency | None:
    """The agency this deployment's portal serves: settings.PORTAL_AGENCY, else the first one."""
    code = getattr(settings, "PORTAL_AGENCY", "")
    agencies = Agency.objects.order_by("id")
    return agencies.filter(code=code).first() if code else agencies.first()


def resolve_agency(agency: Agency | str | None) -> Agency | None:
    """The agency given, or named by its code, or else the portal's."""
    if isinstance(agency, Agency):
        return agency
    if isinstance(agency, str) and agency:
        return Agency.objects.get(code=agency)
    return portal_agency()


def public_items(agency: Agency):
    """The only items the portal may show (Item.is_public as a query)."""
    return Item.objects.filter(agency=agency, state=Item.State.PUBLISHED, disclosure=Item.Disclosure.PROACTIVE)


def newest_first(queryset):
    return queryset.order_by("-published_on", "-id")


@dataclass(frozen=True)
class Row:
    """One line of a listing: what a directory page prints for an item (索引、名称、生成日期 — 条例第十二条)."""

    id: int
    title: str
    published_on: dt.date
    document_number: str
    category_id: int
    unit_id: int
    topic: str
    genre: str

    @property
    def url(self) -> str:
        return paths.item_url(self.id)

    @property
    def sort_key(self) -> tuple:
        return (self.published_on, self.id)


def rows_of(queryset) -> list[Row]:
    return [Row(*values) for values in queryset.values_list(*LISTING_FIELDS)]


class ColumnTree:
    """The agency's directory columns, loaded once: parents, children, subtrees and URLs."""

    def __init__(self, agency: Agency):
        self.agency = agency
        self.columns = list(Category.objects.filter(agency=agency).order_by("sort_order", "id"))
        self.by_id = {column.id: column for column in self.columns}
        self.by_slug = {column.slug: column for column in self.columns}
        for column in self.columns:
            column.url = paths.column_url(column.slug)  # the templates' links (breadcrumbs, sub-columns)
        self.children: dict[int | None, list[Category]] = {}
        for column in self.columns:
            self.children.setdefault(column.parent_id, []).append(column)

    @property
    def top_level(self) -> list[Category]:
        return self.children.get(None, [])

    def subtree_ids(self, column: Category) -> set[int]:
        found, stack = set(), [column]
        while stack:
            current = stack.pop()
            found.add(current.id)
            stack.extend(self.children.get(current.id, []))
        return found

    def lineage(self, column: Category) -> list[Category]:
        """The column and its parents, root first (breadcrumbs; the listings an item appears in)."""
        chain = []
        while column is not None:
            chain.append(column)
            column = self.by_id.get(column.parent_id)
        return list(reversed(chain))

    def leaves_for_home(self) -> list[Category]:
        """Home shows every column that holds items directly: the national ones and the bureau's own."""
        return [column for column in self.walk() if column.slug != "guide" and not self.children.get(column.id)]

    def walk(self):
        def visit(parent_id):
            for column in self.children.get(parent_id, []):
                yield column
                yield from visit(column.id)

        return list(visit(None))

    def link(self, column: Category) -> str:
        return column.url


def navigation(tree: ColumnTree | None) -> list[dict]:
    """The main navigation: 首页, the national first-level columns (国办公开办函〔2019〕61号), then the
    registered sections' entries (执法公开, 全文检索)."""
    links = [{"name": "首页", "url": paths.home_url()}]
    if tree is not None:
        for column in tree.top_level:
            url = paths.guide_url() if column.slug == "guide" else paths.column_url(column.slug)
            links.append({"name": column.name, "url": url})
    links.extend({"name": entry.label, "url": paths.url(entry.url_name)} for entry in sections.navigation_entries())
    return links


def shared_context(agency: Agency | None, tree: ColumnTree | None) -> dict:
    """What every page's frame (base.html) needs; the context processor gives the same to dynamic pages."""
    return {
        "portal_agency": agency,
        "portal_nav": navigation(tree),
        "site_identity": settings.SITE_IDENTITY,
        "site_urls": paths.site_urls(),
    }


def page_context(shared: dict, url: str, **values) -> dict:
    """A page's full context; the main-navigation section is the root of its column lineage, if any."""
    lineage = values.get("lineage") or []
    if lineage:
        root = lineage[0]
        section = paths.guide_url() if root.slug == "guide" else paths.column_url(root.slug)
    else:
        section = section_of(url, shared)
    return {**shared, "page_path": url, "current_section": section, **values}


def section_of(url: str, shared: dict) -> str:
    """Which main-navigation link is the current section (aria-current)."""
    if url == "/":
        return "/"
    best = ""
    for link in shared["portal_nav"]:
        if link["url"] != "/" and url.startswith(link["url"].split("?")[0]) and len(link["url"]) > len(best):
            best = link["url"]
    return best


# ----- listings -----------------------------------------------------------------------------------

def chunk_count(total: int) -> int:
    return (total + paths.PAGE_SIZE - 1) // paths.PAGE_SIZE


def chunk_of(rank: int) -> int:
    """Archive pages are numbered from the oldest item, so publishing a new item never renumbers them."""
    return rank // paths.PAGE_SIZE + 1


def column_front_context(shared: dict, tree: ColumnTree, column: Category, newest: list[Row], total: int,
                         facets: dict, units: dict[int, str]) -> dict:
    """The column's front page: the newest items, the facets, and the way into the archive pages."""
    older_page = chunk_of(total - len(newest) - 1) if total > len(newest) else None
    return page_context(
        shared, paths.column_url(column.slug),
        column=column, lineage=tree.lineage(column), subcolumns=tree.children.get(column.id, []),
        rows=newest, total=total, older_url=paths.column_url(column.slug, older_page) if older_page else None,
        first_url=paths.column_url(column.slug, 1) if older_page else None,
        facets=_facet_links(column, facets, units), rss=paths.rss_url(column.slug), atom=paths.atom_url(column.slug),
        side_columns=tree.walk(),
    )


def column_archive_context(shared: dict, tree: ColumnTree, column: Category, page: int, chunk: list[Row],
                           pages: int) -> dict:
    """Archive page `page` (1 = oldest): its items newest first, links to the newer and older pages."""
    newer_url = paths.column_url(column.slug, page + 1) if page < pages else paths.column_url(column.slug)
    return page_context(
        shared, paths.column_url(column.slug, page),
        column=column, lineage=tree.lineage(column), subcolumns=tree.children.get(column.id, []),
        rows=list(reversed(chunk)), page=page, newer_url=newer_url,
        older_url=paths.column_url(column.slug, page - 1) if page > 1 else None,
        front_url=paths.column_url(column.slug), first_url=paths.column_url(column.slug, 1) if page > 1 else None,
        rss=paths.rss_url(column.slug), atom=paths.atom_url(column.slug), side_columns=tree.walk(),
    )


def facet_counts(rows_or_queryset) -> dict:
    """Counts by 主题分类, 发布机构, 体裁分类 and year, from rows in memory or one grouped query."""
    counts = {"topic": Counter(), "unit": Counter(), "genre": Counter(), "year": Counter()}
    if isinstance(rows_or_queryset, list):
        for row in rows_or_queryset:
            counts["topic"][row.topic] += 1
            counts["unit"][row.unit_id] += 1
            counts["genre"][row.genre] += 1
            counts["year"][row.published_on.year] += 1
        return counts
    grouped = rows_or_queryset.order_by().values_list("topic", "unit_id", "genre", "published_on").annotate(n=Count("id"))
    for topic, unit_id, genre, published_on, n in grouped:
        counts["topic"][topic] += n
        counts["unit"][unit_id] += n
        counts["genre"][genre] += n
        counts["year"][published_on.year] += n
    return counts


def _facet_links(column: Category, counts: dict, units: dict[int, str]) -> list[dict]:
    """Facets link to the search page's filters (column, topic, unit, genre, year) — no page per value to rebuild."""
    groups = []
    for key, label in (("topic", "主题分类"), ("unit", "发布机构"), ("genre", "体裁分类"), ("year", "发布年份")):
        values = counts[key]
        entries = []
        ordered = sorted(values.items(), key=lambda pair: (-pair[0], 0)) if key == "year" else \
            sorted(values.items(), key=lambda pair: (-pair[1], str(pair[0])))
        for value, n in ordered:
            if value in ("", None):
                continue
            name = units.get(value, str(value)) if key == "unit" else (f"{value}年" if key == "year" else value)
            entries.append({"name": name, "count": n, "url": paths.search_url(column=column.slug, **{key: value})})
        if entries:
            groups.append({"label": label, "entries": entries})
    return groups


def unit_names(agency: Agency) -> dict[int, str]:
    return dict(Unit.objects.filter(agency=agency).values_list("id", "name"))


# ----- item pages --------------------------------------------------------------------------------

@dataclass
class Related:
    """Titles of the public items an item page links to: its replacement, the policy it interprets,
    its interpretations. Filled from one pass in the full build, or from a few queries for one item."""

    titles: dict[int, str] = field(default_factory=dict)
    interpretations: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def for_items(cls, agency: Agency, items: list[Item]) -> "Related":
        ids = {i.id for i in items}
        wanted = {i.replaced_by_id for i in items} | {i.interprets_id for i in items}
        public = public_items(agency)
        related = cls()
        for item_id, title in public.filter(id__in=wanted - {None}).values_list("id", "title"):
            related.titles[item_id] = title
        for item_id, title, interprets_id in public.filter(interprets_id__in=ids).values_list("id", "title", "interprets_id"):
            related.titles[item_id] = title
            related.interpretations.setdefault(interprets_id, []).append(item_id)
        return related

    def link(self, item_id: int | None) -> dict | None:
        if item_id is None or item_id not in self.titles:
            return None
        return {"title": self.titles[item_id], "url": paths.item_url(item_id)}


def attachment_file_name(attachment: Attachment) -> str:
    """The built file's name: the attachment's id keeps names unique, the original suffix keeps the type."""
    suffix = ""
    name = attachment.file.name or ""
    if "." in name.rsplit("/", 1)[-1]:
        suffix = "." + name.rsplit(".", 1)[-1].lower()
    return f"attachment-{attachment.id}{suffix}"


def attachment_url(item_id: int, attachment: Attachment) -> str:
    return paths.item_url(item_id) + attachment_file_name(attachment)


def publishable_attachments(item: Item) -> list[Attachment]:
    return [a for a in item.attachments.all() if a.check_status != Attachment.Check.BLOCKED]


def item_context(shared: dict, tree: ColumnTree, item: Item, related: Related, unit_name: str) -> dict:
    """The item page: every core metadata element in the national order, then body, attachments, links."""
    column = tree.by_id.get(item.category_id)
    replacement = related.link(item.replaced_by_id)
    validity = item.get_validity_display()
    if item.repealed_on and item.validity != Item.Validity.VALID:
        validity += f"（{item.repealed_on:%Y-%m-%d}）"
    metadata = [
        ("索引号", item.index_number or ""),
        ("主题分类", item.topic),
        ("发布机构", unit_name),
        ("成文日期", f"{item.written_on:%Y-%m-%d}" if item.written_on else ""),
        ("发布日期", f"{item.published_on:%Y-%m-%d}" if item.published_on else ""),
        ("文号", item.document_number),
        ("有效性", validity),
        ("体裁分类", item.genre),
        ("关键词", item.keywords),
        ("标题", item.title),
        ("内容概述", item.summary),
    ]
    attachments = [
        {"title": a.title, "url": attachment_url(item.id, a), "size": a.size} for a in publishable_attachments(item)
    ]
    return page_context(
        shared, paths.item_url(item.id),
        item=item, column=column, lineage=tree.lineage(column) if column else [], metadata=metadata,
        replacement=replacement if item.validity == Item.Validity.AMENDED else None,
        body=mark_safe(sanitize_body_html(item.body or "")),
        attachments=attachments,
        interprets=related.link(item.interprets_id),
        interpretations=[related.link(i) for i in related.interpretations.get(item.id, [])],
    )


# ----- home, directory, guide --------------------------------------------------------------------

def home_context(shared: dict, tree: ColumnTree, latest: list[Row], per_column: list[tuple[Category, list[Row]]]) -> dict:
    return page_context(shared, paths.home_url(), latest=latest,
                        sections=[{"column": c, "url": tree.link(c), "rows": rows} for c, rows in per_column if rows])


def home_rows(agency: Agency, tree: ColumnTree) -> tuple[list[Row], list[tuple[Category, list[Row]]]]:
    public = public_items(agency)
    latest = rows_of(newest_first(public)[:HOME_LATEST])
    per_column = [(c, rows_of(newest_first(public.filter(category=c))[:HOME_PER_COLUMN])) for c in tree.leaves_for_home()]
    return latest, per_column


def directory_context(shared: dict, tree: ColumnTree) -> dict:
    def branch(parent_id):
        return [{"column": c, "url": tree.link(c), "children": branch(c.id)} for c in tree.children.get(parent_id, [])]

    return page_context(shared, paths.directory_url(), branches=branch(None))


def guide_context(shared: dict, tree: ColumnTree, agency: Agency) -> dict:
    """The 公开指南 (条例第十二条) from the agency record: classification and arrangement (the column tree),
    how to obtain information, the office's contacts, and the 依申请公开 procedure in short."""
    example_number = "索引号"
    try:
        example_number = render_index_number(agency.index_number_format, org_code=agency.org_code, uscc=agency.uscc,
                                             year=2026, month=1, sequence=1)
    except Exception:  # an unusual format must not keep the guide from being published
        pass

    def branch(parent_id):
        return [{"column": c, "url": paths.guide_url() if c.slug == "guide" else tree.link(c), "children": branch(c.id)}
                for c in tree.children.get(parent_id, [])]

    return page_context(shared, paths.guide_url(), agency=agency, branches=branch(None),
                        example_index_number=example_number, search_url=paths.search_url(),
                        directory_url=paths.directory_url())


# ----- feeds and sitemaps ------------------------------------------------------------------------

def feed_items(agency: Agency, tree: ColumnTree, column: Category) -> list[Item]:
    return list(newest_first(public_items(agency).filter(category_id__in=tree.subtree_ids(column)))
                .only("id", "title", "summary", "published_on", "changed_on", "document_number")[:FEED_SIZE])


def feed_xml(agency: Agency, column: Category, items: list[Item], kind: str) -> str:
    """RSS 2.0 or Atom 1.0 of a column's newest items; dates come from the items, so an unchanged
    column gives byte-identical feeds (and the builder leaves the file alone)."""
    base = paths.site_base(agency)
    feed_class = feedgenerator.Atom1Feed if kind == "atom" else feedgenerator.Rss201rev2Feed
    self_url = paths.atom_url(column.slug) if kind == "atom" else paths.rss_url(column.slug)

    def moment(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(0, 0), tzinfo=timezone.get_default_timezone())

    class StableFeed(feed_class):
        def latest_post_date(self):
            dates = [item["updateddate"] or item["pubdate"] for item in self.items]
            return max(dates) if dates else moment(dt.date(2019, 5, 15))  # 条例 (2019) in force; not "now"

    feed = StableFeed(
        title=f"{agency.name} · {column.name}", link=base + paths.column_url(column.slug),
        description=f"{agency.name}政府信息公开 · {column.name}", language="zh-cn", feed_url=base + self_url,
        author_name=agency.name,
    )
    for item in items:
        link = base + paths.item_url(item.id)
        feed.add_item(
            title=item.title, link=link, unique_id=link, description=item.summary or item.title,
            pubdate=moment(item.published_on), updateddate=moment(item.changed_on or item.published_on),
        )
    return feed.writeString("utf-8")


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def section_sitemap_names() -> list[str]:
    """Registered sections with a part of the sitemap: listing sections (built pages) and those giving entries."""
    return [section.name for section in sections.sections() if section.page_builder == "listing" or section.sitemap]


def sitemap_index_xml(agency: Agency, blocks: list[int]) -> str:
    base = paths.site_base(agency)
    entries = ([paths.sitemap_pages_url()] + [paths.sitemap_items_url(block) for block in blocks]
               + [paths.section_sitemap_url(name) for name in section_sitemap_names()])
    body = "".join(f"<sitemap><loc>{_xml_escape(base + url)}</loc></sitemap>\n" for url in entries)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + body + "</sitemapindex>\n")


def urlset_xml(agency: Agency, entries: list[tuple[str, dt.date | None]]) -> str:
    base = paths.site_base(agency)
    parts = []
    for url, lastmod in entries:
        modified = f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else ""
        parts.append(f"<url><loc>{_xml_escape(base + url)}</loc>{modified}</url>\n")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "".join(parts) + "</urlset>\n")


def sitemap_pages_entries(tree: ColumnTree) -> list[tuple[str, None]]:
    urls = [paths.home_url(), paths.directory_url(), paths.guide_url()] + [tree.link(c) for c in tree.walk()]
    return [(url, None) for url in urls]


def sitemap_block(item_id: int) -> int:
    return item_id // paths.SITEMAP_ITEMS_PER_FILE


def sitemap_item_entries(agency: Agency, block: int) -> list[tuple[str, dt.date]]:
    low, high = block * paths.SITEMAP_ITEMS_PER_FILE, (block + 1) * paths.SITEMAP_ITEMS_PER_FILE
    values = public_items(agency).filter(id__gte=low, id__lt=high).order_by("id")
    return [(paths.item_url(i), changed or published) for i, published, changed in
            values.values_list("id", "published_on", "changed_on")]


def sitemap_blocks(agency: Agency) -> list[int]:
    ids = public_items(agency).order_by().values_list("id", flat=True)
    return sorted({sitemap_block(i) for i in ids})


def column_items_query(agency: Agency, tree: ColumnTree, column: Category):
    return public_items(agency).filter(category_id__in=tree.subtree_ids(column))


def rank_of(agency: Agency, tree: ColumnTree, column: Category, item: Item) -> int:
    """How many public items of the column sort before `item` (by 发布日期, then id): where it is
    or was in the archive pages, whether or not it is still public."""
    before = Q(published_on__lt=item.published_on) | Q(published_on=item.published_on, id__lt=item.id)
    return column_items_query(agency, tree, column).filter(before).count()
