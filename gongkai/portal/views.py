"""Public pages as Django views: the development server's face of exactly what build.py writes to var/site."""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from gongkai.catalog.models import Item
from gongkai.portal import pages, paths
from gongkai.portal.section_pages import SectionPages, dynamic_sections_with_sitemap
from gongkai.publishing import sections

MODE_COOKIE = "gongkai_mode"
MODE_COOKIE_AGE = 365 * 24 * 3600


def _agency_and_tree():
    agency = pages.portal_agency()
    if agency is None:
        raise Http404("尚未设置公开机关")
    tree = pages.ColumnTree(agency)
    return agency, tree, pages.shared_context(agency, tree)


def _column(tree: pages.ColumnTree, slug: str):
    column = tree.by_slug.get(slug)
    if column is None:
        raise Http404("没有这个栏目")
    return column


@require_GET
def home(request):
    agency = pages.portal_agency()
    if agency is None:
        context = pages.page_context(pages.shared_context(None, None), paths.home_url(), latest=[], sections=[])
        return render(request, "portal/home.html", context)
    tree = pages.ColumnTree(agency)
    latest, per_column = pages.home_rows(agency, tree)
    return render(request, "portal/home.html", pages.home_context(pages.shared_context(agency, tree), tree, latest, per_column))


@require_GET
def directory(request):
    agency, tree, shared = _agency_and_tree()
    return render(request, "portal/directory.html", pages.directory_context(shared, tree))


@require_GET
def guide(request):
    agency, tree, shared = _agency_and_tree()
    return render(request, "portal/guide.html", pages.guide_context(shared, tree, agency))


@require_GET
def column(request, slug: str):
    agency, tree, shared = _agency_and_tree()
    current = _column(tree, slug)
    query = pages.column_items_query(agency, tree, current)
    newest = pages.rows_of(pages.newest_first(query)[: paths.PAGE_SIZE])
    context = pages.column_front_context(shared, tree, current, newest, query.count(), pages.facet_counts(query),
                                         pages.unit_names(agency))
    return render(request, "portal/column.html", context)


@require_GET
def column_archive(request, slug: str, page: int):
    agency, tree, shared = _agency_and_tree()
    current = _column(tree, slug)
    query = pages.column_items_query(agency, tree, current)
    pages_total = pages.chunk_count(query.count())
    if not 1 <= page <= pages_total:
        raise Http404("没有这一页")
    start = (page - 1) * paths.PAGE_SIZE
    chunk = pages.rows_of(query.order_by("published_on", "id")[start: start + paths.PAGE_SIZE])
    return render(request, "portal/column_archive.html",
                  pages.column_archive_context(shared, tree, current, page, chunk, pages_total))


def _public_item(agency, item_id: int) -> Item:
    item = pages.public_items(agency).prefetch_related("attachments").filter(pk=item_id).first()
    if item is None:
        raise Http404("信息不存在或已撤回")
    return item


@require_GET
def item(request, item_id: int):
    agency, tree, shared = _agency_and_tree()
    found = _public_item(agency, item_id)
    context = pages.item_context(shared, tree, found, pages.Related.for_items(agency, [found]),
                                 pages.unit_names(agency).get(found.unit_id, ""))
    return render(request, "portal/item.html", context)


@require_GET
def attachment(request, item_id: int, attachment_id: int, suffix: str = ""):
    agency = pages.portal_agency()
    found = _public_item(agency, item_id)
    for candidate in pages.publishable_attachments(found):
        if candidate.id == attachment_id and request.path.endswith(pages.attachment_file_name(candidate)):
            return FileResponse(candidate.file.open("rb"), filename=pages.attachment_file_name(candidate))
    raise Http404("附件不存在")


@require_GET
def feed(request, slug: str, kind: str):
    agency, tree, shared = _agency_and_tree()
    current = _column(tree, slug)
    xml = pages.feed_xml(agency, current, pages.feed_items(agency, tree, current), kind)
    content_type = "application/atom+xml" if kind == "atom" else "application/rss+xml"
    return HttpResponse(xml, content_type=f"{content_type}; charset=utf-8")


@require_GET
def sitemap_index(request):
    agency = pages.portal_agency()
    if agency is None:
        raise Http404()
    return HttpResponse(pages.sitemap_index_xml(agency, pages.sitemap_blocks(agency)),
                        content_type="application/xml; charset=utf-8")


@require_GET
def sitemap_pages(request):
    agency, tree, shared = _agency_and_tree()
    return HttpResponse(pages.urlset_xml(agency, pages.sitemap_pages_entries(tree)),
                        content_type="application/xml; charset=utf-8")


@require_GET
def sitemap_items(request, block: int):
    agency = pages.portal_agency()
    entries = pages.sitemap_item_entries(agency, block) if agency else []
    if not entries:
        raise Http404()
    return HttpResponse(pages.urlset_xml(agency, entries), content_type="application/xml; charset=utf-8")


def _section_pages(section_name: str) -> SectionPages:
    agency = pages.portal_agency()
    if agency is None:
        raise Http404("尚未设置公开机关")
    return SectionPages(sections.get(section_name), agency)


@require_GET
def section_listing(request, section: str, page: int = 1):
    renderer = _section_pages(section)
    rows = renderer.content.listing_rows(renderer.agency)
    if not 1 <= page <= renderer.total_pages(rows):
        raise Http404("没有这一页")
    return render(request, renderer.content.list_template, renderer.listing_context(rows, page))


@require_GET
def section_detail(request, section: str, pk: int):
    renderer = _section_pages(section)
    instance = renderer.content.public_objects(renderer.agency).filter(pk=pk).first()
    if instance is None or not renderer.content.has_page(instance):
        raise Http404("信息不存在或已撤下")
    return render(request, renderer.content.detail_template, renderer.detail_context(instance))


@require_GET
def section_sitemap(request, section: str):
    agency = pages.portal_agency()
    if agency is None or section not in pages.section_sitemap_names():
        raise Http404()
    found = sections.get(section)
    if found in dynamic_sections_with_sitemap():
        entries = found.sitemap_entries(agency)
    else:
        renderer = SectionPages(found, agency)
        entries = renderer.sitemap_entries(renderer.content.listing_rows(agency))
    return HttpResponse(pages.urlset_xml(agency, entries), content_type="application/xml; charset=utf-8")


# ----- 长辈版 without JavaScript ---------------------------------------------------------------------

@require_GET
def switch_mode(request, mode: str):
    """The 长辈版 link's target when no script intercepts it: remember the choice, go back."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    # Readable by the pages' inline script (not HttpOnly): it holds a display preference, nothing else.
    response.set_cookie(MODE_COOKIE, mode, max_age=MODE_COOKIE_AGE, samesite="Lax", httponly=False)
    return response


def _elder_rules() -> str:
    path = finders.find("portal/portal.css")
    css = open(path, encoding="utf-8").read() if path else ""
    start, end = css.find("/* elder:start"), css.find("/* elder:end */")
    return css[start:end].replace("html.elder", "html") if start >= 0 and end > start else ""


@require_GET
def mode_css(request):
    """Loaded only inside <noscript>: the 长辈版 rules when the cookie asks for them, else nothing."""
    css = _elder_rules() if request.COOKIES.get(MODE_COOKIE) == "elder" else "/* 标准版 */\n"
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Cookie"
    return response
