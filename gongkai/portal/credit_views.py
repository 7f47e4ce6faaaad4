"""The public 双公示 pages: the query (HTML and its JSON twin), a record's public detail, and the 双公示目录.

Every record shown passes `credit.public.visible_records` and `credit.masking` (natural persons
masked, no ID numbers, phones or addresses). The query and detail pages are rate limited per
client (portal/ratelimit.py), GET included, because they are the way to enumerate records; the
catalogue is public reference text and is not limited. Nothing here is cached: a withdrawal or
repair must show at once.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongkai.credit.masking import public_record
from gongkai.credit.models import PowerItem
from gongkai.credit.public import KIND_LABELS, KINDS, CreditQuery, catalog_items, search_records, visible_record
from gongkai.portal.pages import portal_agency
from gongkai.portal.ratelimit import check_rate, too_many_requests

# Per client: at most this many queries (page or API, detail pages included) per period seconds.
QUERY_LIMIT = getattr(settings, "CREDIT_QUERY_LIMIT", 60)
QUERY_PERIOD = getattr(settings, "CREDIT_QUERY_PERIOD", 60)
RATE_SCOPE = "credit-query"
JSON_OPTIONS = {"ensure_ascii": False}


def _limited(request):
    """None when the client may go on; the 429 (HTML or JSON) otherwise."""
    if check_rate(request, RATE_SCOPE, QUERY_LIMIT, QUERY_PERIOD):
        return None
    if request.path.startswith("/api/"):
        response = JsonResponse({"错误": "查询过于频繁，请稍后再试"}, status=429, json_dumps_params=JSON_OPTIONS)
        response["Retry-After"] = str(QUERY_PERIOD)
        return response
    return too_many_requests(request, QUERY_PERIOD)


def _date_or_none(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip()[:10])
    except ValueError:
        return None


def _int_or_none(raw: str | None) -> int | None:
    raw = (raw or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 9 else None


def _query(request) -> CreditQuery:
    kind = (request.GET.get("kind") or "").strip()
    return CreditQuery(
        text=(request.GET.get("q") or "")[:200],
        kind=kind if kind in KINDS else None,
        decided_from=_date_or_none(request.GET.get("from")),
        decided_to=_date_or_none(request.GET.get("to")),
        power_item_id=_int_or_none(request.GET.get("item")),
        page=_int_or_none(request.GET.get("page")) or 1,
    )


def _filter_query(request) -> str:
    kept = request.GET.copy()
    kept.pop("page", None)
    return kept.urlencode()


@require_GET
@never_cache
def credit_query_page(request):
    limited = _limited(request)
    if limited:
        return limited
    agency = portal_agency()
    query = _query(request)
    asked = any(request.GET.get(key) for key in ("q", "kind", "from", "to", "item"))
    page = search_records(agency, query) if agency is not None else None
    items = PowerItem.objects.filter(agency=agency, is_published=True).order_by("kind", "code") if agency else []
    context = {
        "page": page,
        "asked": asked,
        "query": query,
        "q": query.text,
        "selected_kind": query.kind or "",
        "selected_item": str(query.power_item_id or ""),
        "date_from": request.GET.get("from", "")[:10],
        "date_to": request.GET.get("to", "")[:10],
        "kinds": list(KIND_LABELS.items()),
        "power_items": items,
        "filter_query": _filter_query(request),
    }
    return render(request, "portal/credit_query.html", context)


@require_GET
@never_cache
def credit_query_api(request):
    limited = _limited(request)
    if limited:
        return limited
    agency = portal_agency()
    if agency is None:
        return JsonResponse({"错误": "未找到机关"}, status=404, json_dumps_params=JSON_OPTIONS)
    return JsonResponse(search_records(agency, _query(request)).as_json(), json_dumps_params=JSON_OPTIONS)


def _visible_or_404(kind: str, pk: int):
    agency = portal_agency()
    record = visible_record(agency, kind, pk) if agency is not None else None
    if record is None:
        raise Http404("该信息不存在或已不在公示期内")
    return record


@require_GET
@never_cache
def credit_detail_page(request, kind: str, pk: int):
    limited = _limited(request)
    if limited:
        return limited
    record = _visible_or_404(kind, pk)
    context = {"kind_label": KIND_LABELS[kind], "fields": public_record(record), "record_kind": kind}
    return render(request, "portal/credit_detail.html", context)


@require_GET
@never_cache
def credit_detail_api(request, kind: str, pk: int):
    limited = _limited(request)
    if limited:
        return limited
    try:
        record = _visible_or_404(kind, pk)
    except Http404:
        return JsonResponse({"错误": "该信息不存在或已不在公示期内"}, status=404, json_dumps_params=JSON_OPTIONS)
    return JsonResponse({"类别": KIND_LABELS[kind], "信息": public_record(record)}, json_dumps_params=JSON_OPTIONS)


@require_GET
def credit_catalog_page(request):
    agency = portal_agency()
    grouped = catalog_items(agency) if agency is not None else {}
    return render(request, "portal/credit_catalog.html", {"grouped": grouped})
