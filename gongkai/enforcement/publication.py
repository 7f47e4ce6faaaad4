"""执法公开 on the built portal: the listing, one page per document, a sitemap, and the search index.

DESIGN.md §4: pages are files under settings.SITE_ROOT written with the portal's atomic Writer and
the same frame (portal/base.html, pages.shared_context). `build_enforcement_pages` writes them all
(portal/build.py's build_all calls it with its own writer, so its orphan sweep keeps them);
`rebuild_for_document` runs after a publish, withdrawal or expiry commits.

Withdrawal (行政处罚法 第四十八条第二款 "撤回……并公开说明理由"): the document's page is REPLACED by a
notice giving the 文号, the decision date, the ground (变更/撤销/确认违法/确认无效), the withdrawal date
and the reason, without the decision's text; the listing keeps the row marked 已撤回 with the reason.
The notice stays until the document's publication period would have ended; then both leave.
"""

from __future__ import annotations

import shutil

from django.template.loader import get_template

from gongkai.enforcement.models import DecisionDocument
from gongkai.org.models import Agency
from gongkai.portal import pages, paths

KIND = "enforcement"
SECTION_NAME = "执法公开"
PAGE_SIZE = paths.PAGE_SIZE


def listing_url(page: int = 1) -> str:
    return "/zfgk/" if page <= 1 else f"/zfgk/page/{page}/"


def document_url(document_id: int) -> str:
    return f"/zfgk/doc/{document_id}/"


def sitemap_url() -> str:
    return "/sitemaps/enforcement.xml"


def public_title(document: DecisionDocument) -> str:
    """No party name in the title: the 文号 and the kind identify the decision."""
    return f"{document.document_number}{document.get_kind_display()}"


def on_portal(agency):
    """The only documents the portal may show: published or withdrawn, not taken offline, never excluded."""
    return (DecisionDocument.objects.filter(agency=agency, offline_on__isnull=True,
                                            state__in=(DecisionDocument.State.PUBLISHED, DecisionDocument.State.WITHDRAWN))
            .filter(exclusion_code=""))


def index_public_document(document: DecisionDocument) -> None:
    """Searchable while its full text is public; a withdrawn or expired document leaves the index."""
    from gongkai.search.indexing import index_document, unindex_document

    if document.state == DecisionDocument.State.PUBLISHED and document.offline_on is None and not document.exclusion_code:
        unit_name = document.unit.name if document.unit_id else ""
        index_document(KIND, document.pk, agency_id=document.agency_id, title=public_title(document),
                       url=document_url(document.pk), published_on=document.published_on, unit_id=document.unit_id,
                       unit_name=unit_name, document_number=document.document_number,
                       summary=document.get_kind_display(), body_text=document.public_text)
    else:
        unindex_document(KIND, document.pk)


def _context(shared: dict, url: str, **values) -> dict:
    return pages.page_context(shared, url, section_name=SECTION_NAME, listing_url=listing_url(), **values)


class _Pages:
    def __init__(self, agency: Agency):
        self.agency = agency
        self.shared = pages.shared_context(agency, pages.ColumnTree(agency))
        self.listing_template = get_template("portal/enforcement_list.html")
        self.document_template = get_template("portal/enforcement_document.html")

    def rows(self) -> list[DecisionDocument]:
        return list(on_portal(self.agency).select_related("unit").only(
            "id", "kind", "document_number", "decided_on", "published_on", "state", "withdrawal_reason",
            "withdrawn_at", "change_ground", "unit__name", "agency_id").order_by("-published_on", "-id"))

    def listing(self, writer, rows) -> int:
        total_pages = max(1, (len(rows) + PAGE_SIZE - 1) // PAGE_SIZE)
        for page in range(1, total_pages + 1):
            chunk = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
            context = _context(self.shared, listing_url(page), rows=chunk, page=page, total=len(rows),
                               total_pages=total_pages,
                               newer_url=listing_url(page - 1) if page > 1 else None,
                               older_url=listing_url(page + 1) if page < total_pages else None)
            context["rows"] = [{"url": document_url(d.pk), "title": public_title(d), "document": d} for d in chunk]
            writer.write(listing_url(page), self.listing_template.render(context))
        return total_pages

    def document(self, writer, document: DecisionDocument) -> None:
        lines = [line for line in document.public_text.split("\n")] if document.state == DecisionDocument.State.PUBLISHED else []
        context = _context(self.shared, document_url(document.pk), document=document, title=public_title(document),
                           lines=lines, withdrawn=document.state == DecisionDocument.State.WITHDRAWN)
        writer.write(document_url(document.pk), self.document_template.render(context))

    def sitemap(self, writer, rows) -> None:
        entries = [(listing_url(), None)] + [(document_url(d.pk), d.published_on) for d in rows]
        writer.write(sitemap_url(), pages.urlset_xml(self.agency, entries))


def _remove_stale(writer, keep_documents: set[int], total_pages: int) -> None:
    root = paths.site_root() / "zfgk"
    for folder, keep in ((root / "doc", {str(i) for i in keep_documents}),
                         (root / "page", {str(n) for n in range(2, total_pages + 1)})):
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.is_dir() and entry.name not in keep:
                    shutil.rmtree(entry)
                    writer.report.deleted.add(f"/zfgk/{folder.name}/{entry.name}/")


def build_enforcement_pages(agency: Agency | str | None = None, writer=None):
    """Every 执法公开 page of the portal agency. With `writer` (build_all's), it joins that build;
    alone, it takes the build lock, writes, and removes pages of documents no longer public."""
    from gongkai.portal.build import BuildReport, Writer, build_lock, resolve_agency

    agency = resolve_agency(agency)
    if agency is None:
        return None
    if writer is not None:
        _write_all(_Pages(agency), writer)
        return writer.report
    report = BuildReport()
    with build_lock():
        own = Writer(report)
        total_pages, keep = _write_all(_Pages(agency), own)
        _remove_stale(own, keep, total_pages)
    return report


def _write_all(renderer: _Pages, writer) -> tuple[int, set[int]]:
    rows = renderer.rows()
    total_pages = renderer.listing(writer, rows)
    documents = on_portal(renderer.agency).select_related("unit").order_by("id")
    for document in documents.iterator(chunk_size=500):
        renderer.document(writer, document)
    renderer.sitemap(writer, rows)
    return total_pages, {d.pk for d in rows}


def rebuild_for_document(document_id: int):
    """After one document's publish, withdrawal or expiry: its page (or its removal), the listing
    pages (a few hundred documents are a handful of pages) and the sitemap."""
    from gongkai.portal.build import BuildReport, Writer, build_lock

    document = DecisionDocument.objects.select_related("unit").filter(pk=document_id).first()
    agency = pages.portal_agency()
    if document is None or agency is None or document.agency_id != agency.id:
        return None
    report = BuildReport()
    with build_lock():
        writer = Writer(report)
        renderer = _Pages(agency)
        if document.on_portal and not document.exclusion_code:
            renderer.document(writer, document)
        else:
            writer.delete_tree(document_url(document.pk))
        rows = renderer.rows()
        total_pages = renderer.listing(writer, rows)
        renderer.sitemap(writer, rows)
        folder = paths.site_root() / "zfgk" / "page"
        if folder.is_dir():
            for entry in folder.iterdir():
                if entry.is_dir() and entry.name.isdigit() and int(entry.name) > total_pages:
                    shutil.rmtree(entry)
    return report


def latest_for_home(agency: Agency, count: int = 5) -> list[dict]:
    """For a home-page block, if the portal wants one: the newest published documents."""
    documents = on_portal(agency).filter(state=DecisionDocument.State.PUBLISHED).order_by("-published_on", "-id")[:count]
    return [{"url": document_url(d.pk), "title": public_title(d), "published_on": d.published_on} for d in documents]
