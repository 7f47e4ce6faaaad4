"""The public search page and its JSON twin: same parameters, same results.

Answers come through gongkai.search.cache, keyed by the index generation, so they are never stale;
the responses themselves carry no-cache headers, as a proxy cannot know the generation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongkai.catalog.models import Category
from gongkai.org.models import Agency
from gongkai.search.cache import cached_search, cached_search_json
from gongkai.search.query import VALIDITY_LABELS

# How far back the year filter offers; older years can still be asked for with ?year=.
YEAR_CHOICES = 15


def _int_or_none(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 9 else None


def _agency_code(request) -> str:
    """?agency=CODE (unified platforms), else PORTAL_AGENCY; empty means the first agency."""
    return (request.GET.get("agency") or "").strip() or getattr(settings, "PORTAL_AGENCY", "")


def _portal_agency(request) -> Agency | None:
    """The agency whose portal this is."""
    code = _agency_code(request)
    agencies = Agency.objects.order_by("id")
    if code:
        return agencies.filter(code=code).first()
    return agencies.first()


def _portal_agency_id(request) -> int | None:
    """The same agency's id in one plain query: the ORM's compile of the wide Agency row was half
    the cost of a cached API answer."""
    code = _agency_code(request)
    table = Agency._meta.db_table
    with connection.cursor() as cursor:
        if code:
            cursor.execute(f"SELECT id FROM {table} WHERE code = %s ORDER BY id LIMIT 1", [code])
        else:
            cursor.execute(f"SELECT id FROM {table} ORDER BY id LIMIT 1")
        row = cursor.fetchone()
    return row[0] if row else None


def _parameters(request) -> dict:
    column = (request.GET.get("column") or "").strip()[:60]
    validity = (request.GET.get("validity") or "").strip()
    return {
        "query": (request.GET.get("q") or "")[:1000],
        "column": column or None,
        "unit": _int_or_none(request.GET.get("unit")),
        "year": _int_or_none(request.GET.get("year")),
        "validity": validity if validity in VALIDITY_LABELS else None,
        "topic": (request.GET.get("topic") or "").strip()[:40] or None,
        "genre": (request.GET.get("genre") or "").strip()[:40] or None,
        "page": _int_or_none(request.GET.get("page")) or 1,
    }


def _run(request, *, with_facets: bool = True):
    agency = _portal_agency(request)
    parameters = _parameters(request)
    if agency is None:
        return agency, parameters, None
    query = parameters.pop("query")
    page = cached_search(query, agency=agency, with_facets=with_facets, **parameters)
    parameters["query"] = query
    return agency, parameters, page


def _column_choices(agency) -> list[tuple[str, str]]:
    """Columns in tree order, sub-columns indented, for the filter's <select>."""
    categories = list(Category.objects.filter(agency=agency).order_by("sort_order", "id"))
    children: dict[int | None, list] = {}
    for category in categories:
        children.setdefault(category.parent_id, []).append(category)
    choices: list[tuple[str, str]] = []

    def walk(parent_id, depth):
        for category in children.get(parent_id, []):
            choices.append((category.slug, "\u3000" * depth + category.name))
            if depth < 8:
                walk(category.pk, depth + 1)

    walk(None, 0)
    return choices


@require_GET
@never_cache
def search_page(request):
    agency, parameters, page = _run(request)
    units = list(agency.units.filter(is_active=True).values_list("id", "name")) if agency else []
    this_year = timezone.localdate().year
    context = {
        "portal_agency": agency,
        "page": page,
        "q": parameters["query"],
        "selected": {key: ("" if value is None else str(value)) for key, value in parameters.items()},
        "columns": _column_choices(agency) if agency else [],
        "units": [(str(pk), name) for pk, name in units],
        "years": [str(year) for year in range(this_year, this_year - YEAR_CHOICES, -1)],
        "validities": list(VALIDITY_LABELS.items()),
        "filter_query": _filter_query(request),
    }
    return render(request, "search/search.html", context)


def _filter_query(request) -> str:
    """The current query string without `page`, for the pagination links."""
    kept = request.GET.copy()
    kept.pop("page", None)
    return kept.urlencode()


@require_GET
@never_cache
def search_api(request):
    """The same search as JSON. Facet counts cost a second query over every hit, so the API
    computes them only when asked (`?facets=1`); the HTML page always shows them."""
    agency_id = _portal_agency_id(request)
    if agency_id is None:
        return JsonResponse({"error": "未找到机关"}, status=404, json_dumps_params={"ensure_ascii": False})
    parameters = _parameters(request)
    body = cached_search_json(parameters.pop("query"), agency=agency_id, with_facets=request.GET.get("facets") == "1",
                              **parameters)
    return HttpResponse(body, content_type="application/json")
