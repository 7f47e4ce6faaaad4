"""Built pages of a listing section (执法公开 today): a paged listing, one page per object, a sitemap part.

The section (gongkai.publishing.sections) says where its pages live, its URL names and templates,
and hands over a content adapter from its own app: which objects have a page, their titles, the
values a detail page shows. Rendering and writing are the portal's: the frame (base.html,
pages.shared_context), the atomic Writer and the build lock of build.py. `build_section` writes a
section whole (build_all calls it with its own writer, so its orphan sweep keeps the pages);
`rebuild_section_objects` runs after a change commits.
"""

from __future__ import annotations

import shutil

from django.template.loader import get_template

from gongkai.org.models import Agency
from gongkai.portal import pages, paths
from gongkai.portal.pages import resolve_agency
from gongkai.portal.writer import BuildReport, Writer, build_lock
from gongkai.publishing import sections
from gongkai.publishing.sections import PublicSection


def listing_sections() -> list[PublicSection]:
    return [section for section in sections.sections() if section.page_builder == "listing"]


class SectionPages:
    """One section's templates and frame, loaded once per build."""

    def __init__(self, section: PublicSection, agency: Agency):
        self.section = section
        self.content = section.pages
        self.agency = agency
        self.shared = pages.shared_context(agency, pages.ColumnTree(agency))
        self.listing_template = get_template(self.content.list_template)
        self.detail_template = get_template(self.content.detail_template)

    def listing_url(self, page: int = 1) -> str:
        names = self.section.url_names
        return paths.url(names["listing"]) if page <= 1 else paths.url(names["listing_page"], page=page)

    def detail_url(self, object_id: int) -> str:
        return paths.url(self.section.url_names["detail"], pk=object_id)

    def context(self, url: str, **values) -> dict:
        return pages.page_context(self.shared, url, section_name=self.section.label, listing_url=self.listing_url(),
                                  **values)

    def total_pages(self, rows: list) -> int:
        return max(1, (len(rows) + self.content.page_size - 1) // self.content.page_size)

    def listing_context(self, rows: list, page: int) -> dict:
        """Page `page` (1 = newest) of the listing, `rows` being every listed object, newest first."""
        size, total_pages = self.content.page_size, self.total_pages(rows)
        chunk = rows[(page - 1) * size: page * size]
        context = self.context(self.listing_url(page), page=page, total=len(rows), total_pages=total_pages,
                               newer_url=self.listing_url(page - 1) if page > 1 else None,
                               older_url=self.listing_url(page + 1) if page < total_pages else None)
        context["rows"] = [{"url": self.detail_url(row.pk), "title": self.content.title(row), "document": row}
                           for row in chunk]
        return context

    def detail_context(self, instance) -> dict:
        return self.context(self.detail_url(instance.pk), **self.content.detail_values(instance))

    def listing(self, writer: Writer, rows: list) -> int:
        total_pages = self.total_pages(rows)
        for page in range(1, total_pages + 1):
            writer.write(self.listing_url(page), self.listing_template.render(self.listing_context(rows, page)))
        return total_pages

    def detail(self, writer: Writer, instance) -> None:
        writer.write(self.detail_url(instance.pk), self.detail_template.render(self.detail_context(instance)))

    def sitemap_entries(self, rows: list) -> list:
        return [(self.listing_url(), None)] + [(self.detail_url(row.pk), self.content.lastmod(row)) for row in rows]

    def sitemap(self, writer: Writer, rows: list) -> None:
        writer.write(paths.section_sitemap_url(self.section.name), pages.urlset_xml(self.agency, self.sitemap_entries(rows)))

    def detail_folder(self):
        """The folder holding one folder per detail page (e.g. SITE_ROOT/zfgk/doc)."""
        return paths.file_for_url(self.detail_url(0)).parent.parent

    def listing_pages_folder(self):
        return paths.file_for_url(self.listing_url(2)).parent.parent

    def remove_listing_pages_after(self, writer: Writer, total_pages: int) -> None:
        folder = self.listing_pages_folder()
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.is_dir() and entry.name.isdigit() and int(entry.name) > total_pages:
                    shutil.rmtree(entry)
                    writer.report.deleted.add(self.listing_url(int(entry.name)))

    def remove_details_except(self, writer: Writer, keep: set[int]) -> None:
        folder = self.detail_folder()
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.is_dir() and not (entry.name.isdigit() and int(entry.name) in keep):
                    shutil.rmtree(entry)
                    writer.report.deleted.add(str(entry.relative_to(paths.site_root())))


def _write_all(renderer: SectionPages, writer: Writer) -> tuple[int, set[int]]:
    rows = renderer.content.listing_rows(renderer.agency)
    total_pages = renderer.listing(writer, rows)
    for instance in renderer.content.public_objects(renderer.agency).order_by("id").iterator(chunk_size=500):
        renderer.detail(writer, instance)
    renderer.sitemap(writer, rows)
    return total_pages, {row.pk for row in rows}


def build_section(name: str, agency: Agency | str | None = None, writer: Writer | None = None) -> BuildReport | None:
    """Every page of one listing section for the portal agency. With `writer` (build_all's), it joins
    that build; alone, it takes the build lock, writes, and removes pages of objects no longer public."""
    section = sections.get(name)
    agency = resolve_agency(agency)
    if agency is None:
        return None
    if writer is not None:
        _write_all(SectionPages(section, agency), writer)
        return writer.report
    report = BuildReport()
    with build_lock():
        own = Writer(report)
        renderer = SectionPages(section, agency)
        total_pages, keep = _write_all(renderer, own)
        renderer.remove_details_except(own, keep)
        renderer.remove_listing_pages_after(own, total_pages)
    return report


def rebuild_section_objects(name: str, object_ids: list[int]) -> BuildReport | None:
    """After a change to one object: its page (or its removal), the listing pages (a few hundred
    objects are a handful of pages) and the sitemap part; after a batch, the whole section."""
    if len(object_ids) != 1:
        return build_section(name)
    section = sections.get(name)
    content = section.pages
    instance = content.model_objects().filter(pk=object_ids[0]).first()
    agency = pages.portal_agency()
    if instance is None or agency is None or instance.agency_id != agency.id:
        return None
    report = BuildReport()
    with build_lock():
        writer = Writer(report)
        renderer = SectionPages(section, agency)
        if content.has_page(instance):
            renderer.detail(writer, instance)
        else:
            writer.delete_tree(renderer.detail_url(instance.pk))
        rows = content.listing_rows(agency)
        renderer.remove_listing_pages_after(writer, renderer.listing(writer, rows))
        renderer.sitemap(writer, rows)
    return report


# ----- sections whose pages are dynamic (征求意见): only their sitemap part is built -------------------

def dynamic_sections_with_sitemap() -> list[PublicSection]:
    return [section for section in sections.sections() if not section.page_builder and section.sitemap]


def write_sitemap_part(section: PublicSection, agency: Agency, writer: Writer) -> None:
    writer.write(paths.section_sitemap_url(section.name), pages.urlset_xml(agency, section.sitemap_entries(agency)))


def rebuild_sitemap_part(name: str) -> BuildReport | None:
    """After a change to a dynamic section's object: its sitemap part (the pages themselves are views)."""
    agency = pages.portal_agency()
    if agency is None:
        return None
    report = BuildReport()
    with build_lock():
        write_sitemap_part(sections.get(name), agency, Writer(report))
    return report
