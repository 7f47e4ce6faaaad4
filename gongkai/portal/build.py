"""Rendering the public portal into settings.SITE_ROOT: the full build and the per-item incremental one.

DESIGN.md §4: the web server hands out these files; only search, forms and queries reach Django.
Both builds render the views' templates with the context functions of `pages.py`, straight through
the template engine (no test client, no request), and write through `writer.Writer` (atomic,
change-only). The full build also writes every registered listing section (section_pages.py) and
the sitemap parts of the dynamic ones, so its orphan sweep keeps exactly what some section owns.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.template.loader import get_template

from gongkai.catalog.models import Item
from gongkai.org.models import AdminAlert, Agency
from gongkai.portal import pages, paths, section_pages
from gongkai.portal.pages import resolve_agency
from gongkai.portal.writer import BuildReport, Writer, build_lock

logger = logging.getLogger(__name__)

COLUMN_META = re.compile(rb'<meta name="gongkai-column" content="([^"]*)">')
SITE_DIRTY_ALERT = "portal-site-out-of-date"


def mark_site_dirty(what: str) -> None:
    """A rebuild after a committed change failed: leave a standing alert that the reconciliation job
    (portal/reconcile.py, every five minutes) answers with a full build, so a withdrawn page does not
    stay public until somebody notices."""
    try:
        AdminAlert.objects.update_or_create(key=SITE_DIRTY_ALERT, defaults={
            "level": AdminAlert.Level.WARNING, "resolved_at": None,
            "message": f"门户网站未能随{what}及时更新，系统将在5分钟内自动全部重建；如仍未解决，请运行 gongkai build-site"})
    except Exception:  # the database may be what failed: the job's page comparison still finds the difference
        logger.exception("could not mark the portal for a rebuild")


class Renderer:
    """Templates loaded once, shared frame context computed once."""

    def __init__(self, agency: Agency):
        self.agency = agency
        self.tree = pages.ColumnTree(agency)
        self.shared = pages.shared_context(agency, self.tree)
        self.units = pages.unit_names(agency)
        self.templates = {}

    def render(self, name: str, context: dict) -> str:
        template = self.templates.get(name)
        if template is None:
            template = self.templates[name] = get_template(f"portal/{name}.html")
        return template.render(context)

    # pages
    def home(self, writer: Writer) -> None:
        latest, per_column = pages.home_rows(self.agency, self.tree)
        writer.write(paths.home_url(), self.render("home", pages.home_context(self.shared, self.tree, latest, per_column)))

    def item(self, writer: Writer, item: Item, related: pages.Related) -> None:
        context = pages.item_context(self.shared, self.tree, item, related, self.units.get(item.unit_id, ""))
        writer.write(paths.item_url(item.id), self.render("item", context))
        for attachment in pages.publishable_attachments(item):
            try:
                source = Path(attachment.file.path)
            except (ValueError, NotImplementedError):
                continue
            if source.is_file():
                writer.copy(pages.attachment_url(item.id, attachment), source)
        writer.report.item_pages += 1

    def column_front(self, writer: Writer, column, newest: list[pages.Row], total: int, facets: dict) -> None:
        context = pages.column_front_context(self.shared, self.tree, column, newest, total, facets, self.units)
        writer.write(paths.column_url(column.slug), self.render("column", context))

    def column_archive(self, writer: Writer, column, page: int, chunk: list[pages.Row], pages_total: int) -> None:
        context = pages.column_archive_context(self.shared, self.tree, column, page, chunk, pages_total)
        writer.write(paths.column_url(column.slug, page), self.render("column_archive", context))

    def feeds(self, writer: Writer, column) -> None:
        items = pages.feed_items(self.agency, self.tree, column)
        writer.write(paths.rss_url(column.slug), pages.feed_xml(self.agency, column, items, "rss"))
        writer.write(paths.atom_url(column.slug), pages.feed_xml(self.agency, column, items, "atom"))

    def sitemap_index(self, writer: Writer, blocks: list[int]) -> None:
        writer.write(paths.sitemap_url(), pages.sitemap_index_xml(self.agency, blocks))

    def sitemap_items(self, writer: Writer, block: int) -> bool:
        entries = pages.sitemap_item_entries(self.agency, block)
        if not entries:
            target = paths.file_for_url(paths.sitemap_items_url(block))
            if target.exists():
                target.unlink()
                writer.report.deleted.add(paths.sitemap_items_url(block))
            return False
        writer.write(paths.sitemap_items_url(block), pages.urlset_xml(self.agency, entries))
        return True

    def remove_archive_pages_after(self, writer: Writer, column, last_page: int) -> None:
        folder = paths.file_for_url(paths.column_url(column.slug)).parent
        if not folder.is_dir():
            return
        for entry in folder.iterdir():
            if entry.is_dir() and entry.name.isdigit() and int(entry.name) > last_page:
                shutil.rmtree(entry)
                writer.report.deleted.add(paths.column_url(column.slug, int(entry.name)))


# ----- the full build ----------------------------------------------------------------------------

def build_all(agency: Agency | str | None = None) -> BuildReport:
    """Render every page of the portal agency's site and remove files no page owns any more."""
    started = time.perf_counter()
    report = BuildReport()
    agency = resolve_agency(agency)
    with build_lock():
        writer = Writer(report)
        if agency is None:
            _build_empty(writer)
        else:
            _build_agency(Renderer(agency), writer)
        _remove_orphans(writer, keep=writer.rendered)
    report.seconds = time.perf_counter() - started
    return report


def _build_empty(writer: Writer) -> None:
    template = get_template("portal/home.html")
    context = pages.page_context(pages.shared_context(None, None), paths.home_url(), latest=[], sections=[])
    writer.write(paths.home_url(), template.render(context))


def _build_agency(renderer: Renderer, writer: Writer) -> None:
    agency, tree = renderer.agency, renderer.tree
    # One pass over the listing fields of every public item, oldest first; each column slices it.
    rows = pages.rows_of(pages.public_items(agency).order_by("published_on", "id"))
    renderer.home(writer)
    writer.write(paths.directory_url(), renderer.render("directory", pages.directory_context(renderer.shared, tree)))
    writer.write(paths.guide_url(), renderer.render("guide", pages.guide_context(renderer.shared, tree, agency)))
    for column in tree.walk():
        members = tree.subtree_ids(column)
        column_rows = [row for row in rows if row.category_id in members]
        _write_column(renderer, writer, column, column_rows, first_page=1)
        renderer.feeds(writer, column)

    # Item pages: titles and interpretation links from the rows, bodies streamed in chunks.
    related = pages.Related(titles={row.id: row.title for row in rows})
    for item_id, interprets_id in pages.public_items(agency).filter(interprets__isnull=False).values_list("id", "interprets_id"):
        related.interpretations.setdefault(interprets_id, []).append(item_id)
    _write_item_pages(renderer, writer, related, [row.id for row in rows])

    for section in section_pages.listing_sections():  # e.g. 执法公开: joins this build and its orphan sweep
        section_pages.build_section(section.name, agency, writer=writer)
    for section in section_pages.dynamic_sections_with_sitemap():
        section_pages.write_sitemap_part(section, agency, writer)
    blocks = sorted({pages.sitemap_block(row.id) for row in rows})
    writer.write(paths.sitemap_pages_url(), pages.urlset_xml(agency, pages.sitemap_pages_entries(tree)))
    for block in blocks:
        renderer.sitemap_items(writer, block)
    renderer.sitemap_index(writer, blocks)


PARALLEL_THRESHOLD = 5000  # below this, forking costs more than it saves


def _render_item_range(renderer: Renderer, related: pages.Related, ids: list[int]) -> BuildReport:
    report = BuildReport()
    writer = Writer(report)
    queryset = pages.public_items(renderer.agency).filter(id__in=ids).order_by("id").prefetch_related("attachments")
    for item in queryset.iterator(chunk_size=1000):
        renderer.item(writer, item, related)
    report.deleted = writer.rendered  # carried home in a spare field: the URLs this worker produced
    return report


_FORK_STATE: tuple | None = None  # (renderer, related), inherited by forked workers instead of pickled


def _forked_worker(ids: list[int]) -> BuildReport:
    connections.close_all()  # never share the parent's database connection across fork
    renderer, related = _FORK_STATE
    return _render_item_range(renderer, related, ids)


def _write_item_pages(renderer: Renderer, writer: Writer, related: pages.Related, ids: list[int]) -> None:
    """Item pages are most of the site: with many items, render them in forked processes, one per core
    (settings.PORTAL_BUILD_WORKERS overrides), each streaming its share of the rows."""
    workers = int(getattr(settings, "PORTAL_BUILD_WORKERS", 0) or min(4, os.cpu_count() or 1))
    if workers < 2 or len(ids) < PARALLEL_THRESHOLD:
        result = _render_item_range(renderer, related, ids)
        results = [result]
    else:
        global _FORK_STATE
        connections.close_all()
        step = 2000
        jobs = [ids[start:start + step] for start in range(0, len(ids), step)]
        _FORK_STATE = (renderer, related)
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
                results = list(pool.map(_forked_worker, jobs))
        finally:
            _FORK_STATE = None
    for result in results:
        writer.report.written |= result.written
        writer.report.unchanged += result.unchanged
        writer.report.pages += result.pages
        writer.report.item_pages += result.item_pages
        writer.rendered |= result.deleted


def _write_column(renderer: Renderer, writer: Writer, column, column_rows: list[pages.Row], first_page: int,
                  facets: dict | None = None) -> None:
    """Front page plus archive pages `first_page`.. of a column whose rows (oldest first) are given;
    in the incremental build `column_rows` holds only the tail from `first_page` on."""
    total = len(column_rows)
    renderer.column_front(writer, column, list(reversed(column_rows[-paths.PAGE_SIZE:])), total,
                          facets if facets is not None else pages.facet_counts(column_rows))
    pages_total = pages.chunk_count(total)
    for page in range(first_page, pages_total + 1):
        chunk = column_rows[(page - 1) * paths.PAGE_SIZE: page * paths.PAGE_SIZE]
        renderer.column_archive(writer, column, page, chunk, pages_total)
    renderer.remove_archive_pages_after(writer, column, pages_total)


def _remove_orphans(writer: Writer, keep: set[str]) -> None:
    """After a full build, delete every file no page owns (withdrawn items, vanished columns)."""
    root = paths.site_root()
    keep_files = {paths.file_for_url(url) for url in keep}
    for folder, subfolders, files in os.walk(root, topdown=False):
        folder_path = Path(folder)
        for name in files:
            path = folder_path / name
            if name.startswith(".") or path in keep_files:
                continue
            path.unlink()
            writer.report.deleted.add("/" + str(path.relative_to(root)))
        if folder_path != root and not any(folder_path.iterdir()):
            folder_path.rmdir()


# ----- the incremental build ---------------------------------------------------------------------

def rebuild_for_item(item_id: int) -> BuildReport | None:
    """Rewrite exactly what one item's publish, change or withdrawal touches.

    Called by the portal's public_state_changed receiver once the change commits. Touched: the item page (deleted,
    with its attachments, once the item is no longer public), the front page and the affected archive
    pages of every listing it is or was in (its column and the parents), the feeds of those columns,
    pages of items linking to it (the policy it interprets, its interpretations, items it replaces),
    home, and the sitemap file holding its id. Failure is logged and marks the site for the
    reconciliation job's full build, never raised: the publish or withdrawal has committed already.
    """
    try:
        return _rebuild_for_item(item_id)
    except Exception:
        logger.exception("rebuilding the portal for item %s failed; the reconciliation job rebuilds it", item_id)
        mark_site_dirty(f"条目{item_id}的变更")
        return None


def _rebuild_for_item(item_id: int) -> BuildReport | None:
    started = time.perf_counter()
    item = Item.objects.select_related("category").filter(pk=item_id).first()
    agency = pages.portal_agency()
    if item is None and paths.file_for_url(paths.item_url(item_id)).exists():
        mark_site_dirty(f"条目{item_id}的删除")  # its listings are unknown now: the job's full build removes it
        return None
    if item is None or agency is None or item.agency_id != agency.id:
        return None
    if not paths.file_for_url(paths.home_url()).exists():
        return build_all(agency)  # never built: a partial site would have holes
    report = BuildReport()
    with build_lock():
        writer = Writer(report)
        renderer = Renderer(agency)
        tree = renderer.tree
        page_file = paths.file_for_url(paths.item_url(item.id))
        previous_slug = _column_written_in(page_file)

        if item.is_public:
            item = Item.objects.prefetch_related("attachments").get(pk=item.pk)
            renderer.item(writer, item, pages.Related.for_items(agency, [item]))
            _remove_stale_attachments(writer, item)
        else:
            writer.delete_tree(paths.item_url(item.id))

        columns = {c.id: c for c in tree.lineage(tree.by_id[item.category_id])} if item.category_id in tree.by_id else {}
        if previous_slug and previous_slug in tree.by_slug:
            columns.update({c.id: c for c in tree.lineage(tree.by_slug[previous_slug])})
        if item.published_on is not None:
            for column in columns.values():
                _rebuild_column_tail(renderer, writer, column, item)
                renderer.feeds(writer, column)

        neighbours = {item.interprets_id} | set(
            Item.objects.filter(linking_items_filter(item)).values_list("id", flat=True))
        neighbours.discard(None)
        neighbours.discard(item.id)
        linked = list(pages.public_items(agency).filter(id__in=neighbours).prefetch_related("attachments"))
        if linked:
            related = pages.Related.for_items(agency, linked)
            for other in linked:
                renderer.item(writer, other, related)

        renderer.home(writer)
        block = pages.sitemap_block(item.id)
        had_block = paths.file_for_url(paths.sitemap_items_url(block)).exists()
        has_block = renderer.sitemap_items(writer, block)
        if had_block != has_block or not paths.file_for_url(paths.sitemap_url()).exists():
            renderer.sitemap_index(writer, pages.sitemap_blocks(agency))
    report.seconds = time.perf_counter() - started
    return report


def linking_items_filter(item: Item):
    """Items whose pages show this one: its interpretations and the items it replaced (已修订)."""
    return Q(interprets_id=item.id) | Q(replaced_by_id=item.id)


def _column_written_in(page_file: Path) -> str | None:
    """The column the item's current page was built in (a change may have moved it to another one)."""
    try:
        with open(page_file, "rb") as handle:
            match = COLUMN_META.search(handle.read(4096))
    except FileNotFoundError:
        return None
    return match.group(1).decode() if match else None


def _remove_stale_attachments(writer: Writer, item: Item) -> None:
    folder = paths.file_for_url(paths.item_url(item.id)).parent
    wanted = {pages.attachment_file_name(a) for a in pages.publishable_attachments(item)} | {"index.html"}
    for entry in folder.iterdir():
        if entry.is_file() and not entry.name.startswith(".") and entry.name not in wanted:
            entry.unlink()
            writer.report.deleted.add(paths.item_url(item.id) + entry.name)


def _rebuild_column_tail(renderer: Renderer, writer: Writer, column, item: Item) -> None:
    """Only the archive pages from the one holding the item (and the one before, whose "newer" link
    may change) to the newest move; older pages keep their items because pages count from the oldest."""
    agency, tree = renderer.agency, renderer.tree
    query = pages.column_items_query(agency, tree, column)
    total = query.count()
    rank = pages.rank_of(agency, tree, column, item)
    first_page = max(1, pages.chunk_of(rank) - 1)
    start = min((first_page - 1) * paths.PAGE_SIZE, total)
    # One query, newest first, for both the front page (newest PAGE_SIZE) and the tail from `start`.
    newest = pages.rows_of(pages.newest_first(query)[: max(total - start, paths.PAGE_SIZE)])
    tail = list(reversed(newest[: total - start]))
    renderer.column_front(writer, column, newest[: paths.PAGE_SIZE], total, pages.facet_counts(query))
    pages_total = pages.chunk_count(total)
    for page in range(first_page, pages_total + 1):
        offset = (page - 1) * paths.PAGE_SIZE - start
        renderer.column_archive(writer, column, page, tail[offset: offset + paths.PAGE_SIZE], pages_total)
    renderer.remove_archive_pages_after(writer, column, pages_total)
