"""Read endpoints: exactly what the portal shows, from the portal's own queries, and nothing it hides.

Items come from `portal.pages.public_items` (published and 主动公开), 执法公开 documents from the
section's own public objects (published, or withdrawn with its notice and no text), 双公示 records
from `credit.public` and `credit.masking` (masked as on /xygs/), request status from the status
page's `status_of` (never an applicant detail). Anonymous callers are limited per client under the
portal's own scopes; a token with the read ability has its own, higher limit.

Listings page by cursor (newest first: 发布日期, then id), so page 2,000 costs what page 1 costs.
Items and 执法公开 listings carry an ETag made of the search index's generation (which moves in the
transaction of every publish, change or withdrawal of an indexed text) and the query: a matching
If-None-Match is answered 304 from that one row, before any item row is read.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Schema
from ninja import Field as SchemaField

from gongkai.api import schemas
from gongkai.api.routing import READ_TAGS, json_answer, router
from gongkai.api.auth import reader
from gongkai.api.problems import ApiProblem
from gongkai.catalog.models import Category, Item
from gongkai.credit.masking import public_record
from gongkai.credit.models import PowerItem
from gongkai.credit.public import KINDS, CreditQuery, search_records, visible_record
from gongkai.enforcement.models import DecisionDocument
from gongkai.inforequests.models import InfoRequest
from gongkai.portal import pages
from gongkai.portal import credit_views, request_views
from gongkai.publishing import sections
from gongkai.reports.models import AnnualReport
from gongkai.search.generation import current_generation


READ_SCOPE = "api-read"
PROBLEM_CODES = frozenset({400, 401, 404, 422, 429})
VALIDITY = Literal[tuple(Item.Validity.values)]  # type: ignore[valid-type]
VALIDITY_LABELS = dict(Item.Validity.choices)


def _agency():
    agency = pages.portal_agency()
    if agency is None:
        raise ApiProblem("not_found", "尚未设置公开机关")
    return agency


# --- cursor and ETag -------------------------------------------------------------------------------

def _cursor(day: dt.date, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{day.isoformat()}|{pk}".encode()).decode().rstrip("=")


def _after(cursor: str | None) -> tuple[dt.date, int] | None:
    if not cursor:
        return None
    try:
        day, _, pk = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().partition("|")
        return dt.date.fromisoformat(day), int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ApiProblem("bad_cursor", "cursor 应为上一页答复中的 next_cursor") from None


def _page(queryset, date_field: str, limit: int, cursor: str | None):
    """One page newest first, and the cursor of the next (None on the last page)."""
    after = _after(cursor)
    queryset = queryset.filter(**{f"{date_field}__isnull": False})
    if after is not None:
        # "on or before the day, but not the rows of that day already given": one range on the
        # (agency, state, date) index, read newest first with no sort (an OR of two ranges made the
        # database merge both and sort them)
        day, pk = after
        queryset = queryset.filter(**{f"{date_field}__lte": day}).exclude(**{date_field: day, "id__gte": pk})
    rows = list(queryset.order_by(f"-{date_field}", "-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (_cursor(getattr(rows[-1], date_field), rows[-1].pk) if more and rows else None)


def _etag(request: HttpRequest) -> str:
    query = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:16]
    return f'W/"{current_generation()}-{query}"'


def _not_modified(request: HttpRequest, etag: str) -> HttpResponse | None:
    wanted = [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]
    if etag in wanted or "*" in wanted:
        response = HttpResponse(status=304)
        response["ETag"] = etag
        return response
    return None


# --- published items and the directory ---------------------------------------------------------------

class ItemFilters(Schema):
    column: int | None = SchemaField(None, ge=1, le=2**31 - 1, description="栏目编号（含下级栏目）")
    published_from: dt.date | None = SchemaField(None, description="发布日期不早于")
    published_to: dt.date | None = SchemaField(None, description="发布日期不晚于")
    validity: VALIDITY | None = SchemaField(None, description="有效性")
    limit: int = SchemaField(50, ge=1, le=100)
    cursor: str | None = SchemaField(None, max_length=100)


def _column_names(agency) -> dict[int, str]:
    """A column's name by id: one small query instead of a join on every item row."""
    return dict(Category.objects.filter(agency=agency).values_list("id", "name"))


_URL_MARK = 987654321  # reverse() once per page, not once per row: it was a third of a page's time


def _url_maker(url_name: str, argument: str):
    template = reverse(url_name, kwargs={argument: _URL_MARK})
    head, _, tail = template.partition(str(_URL_MARK))
    return lambda pk: f"{head}{pk}{tail}"


def _listing(data: dict, etag: str) -> HttpResponse:
    """A listing's answer written directly (routing.json_answer), with its ETag."""
    response = json_answer(data)
    response["ETag"] = etag
    return response


def _item_row(item: Item, unit_names: dict[int, str], column_names: dict[int, str], item_url=None) -> dict:
    return {"id": item.pk, "index_number": item.index_number or "", "title": item.title, "summary": item.summary,
            "document_number": item.document_number, "column": item.category_id,
            "column_name": column_names.get(item.category_id, ""),
            "unit": unit_names.get(item.unit_id, ""), "written_on": item.written_on, "published_on": item.published_on,
            "effective_on": item.effective_on, "repealed_on": item.repealed_on, "validity": item.validity,
            "validity_label": VALIDITY_LABELS.get(item.validity, item.validity),
            "url": (item_url or _url_maker("portal:item", "item_id"))(item.pk)}


@router.get(tags=READ_TAGS, path="/items", response={200: schemas.ItemPage, 304: None, PROBLEM_CODES: schemas.Problem},
            summary="已发布的公开条目（按栏目、日期、有效性筛选，游标翻页）", operation_id="list_items")
def list_items(request: HttpRequest, filters: Query[ItemFilters]):
    reader(request, READ_SCOPE)
    etag = _etag(request)
    unchanged = _not_modified(request, etag)
    if unchanged is not None:
        return unchanged
    agency = _agency()
    items = pages.public_items(agency)
    column_names = _column_names(agency)
    if filters.column is not None:
        tree = pages.ColumnTree(agency)
        column = tree.by_id.get(filters.column)
        if column is None:
            raise ApiProblem("not_found", "没有这个栏目")
        items = items.filter(category_id__in=tree.subtree_ids(column))
    if filters.published_from:
        items = items.filter(published_on__gte=filters.published_from)
    if filters.published_to:
        items = items.filter(published_on__lte=filters.published_to)
    if filters.validity:
        items = items.filter(validity=filters.validity)
    items = items.only("id", "index_number", "title", "summary", "document_number", "category_id", "unit_id", "written_on", "published_on", "effective_on", "repealed_on", "validity")
    rows, next_cursor = _page(items, "published_on", filters.limit, filters.cursor)
    unit_names, item_url = pages.unit_names(agency), _url_maker("portal:item", "item_id")
    return _listing({"items": [_item_row(item, unit_names, column_names, item_url) for item in rows],
                     "next_cursor": next_cursor}, etag)


@router.get(tags=READ_TAGS, path="/items/{item_id}", response={200: schemas.ItemDetail, PROBLEM_CODES: schemas.Problem},
            summary="一条已发布的公开条目（含正文）", operation_id="get_item")
def get_item(request: HttpRequest, item_id: int):
    reader(request, READ_SCOPE)
    agency = _agency()
    item = pages.public_items(agency).filter(pk=item_id).first()
    if item is None:
        raise ApiProblem("not_found", "信息不存在或已撤回")
    row = _item_row(item, pages.unit_names(agency), _column_names(agency))
    row.update(topic=item.topic, genre=item.genre, keywords=item.keywords, body_html=item.body)
    return row


@router.get(tags=READ_TAGS, path="/catalog/columns", response={200: list[schemas.Column], PROBLEM_CODES: schemas.Problem},
            summary="政府信息公开目录的栏目", operation_id="list_columns")
def list_columns(request: HttpRequest):
    reader(request, READ_SCOPE)
    tree = pages.ColumnTree(_agency())
    return [{"id": column.id, "parent": column.parent_id, "slug": column.slug, "name": column.name,
             "national": column.is_national, "url": column.url} for column in tree.columns]


# --- 执法公开 -------------------------------------------------------------------------------------------

def _enforcement():
    return sections.get("enforcement").pages


def _document_row(document: DecisionDocument) -> dict:
    withdrawn = document.state == DecisionDocument.State.WITHDRAWN
    return {"id": document.pk, "kind": document.get_kind_display(), "title": _enforcement().title(document),
            "document_number": document.document_number, "decided_on": document.decided_on,
            "published_on": document.published_on, "state": "withdrawn" if withdrawn else "published",
            "unit": document.unit.name if document.unit_id else "",
            "withdrawal_reason": document.withdrawal_reason if withdrawn else "",
            "url": reverse(sections.get("enforcement").url_names["detail"], kwargs={"pk": document.pk})}


class DocumentFilters(Schema):
    limit: int = SchemaField(50, ge=1, le=100)
    cursor: str | None = SchemaField(None, max_length=100)


@router.get(tags=READ_TAGS, path="/enforcement/documents", response={200: schemas.EnforcementPage, 304: None, PROBLEM_CODES: schemas.Problem},
            summary="执法公开的决定文书（已公开的，及已撤回的撤回说明）", operation_id="list_enforcement_documents")
def list_enforcement_documents(request: HttpRequest, filters: Query[DocumentFilters]):
    reader(request, READ_SCOPE)
    etag = _etag(request)
    unchanged = _not_modified(request, etag)
    if unchanged is not None:
        return unchanged
    documents = _enforcement().public_objects(_agency()).defer("original_text", "public_text", "parties",
                                                               "proposed_spans", "spans", "penalties", "flags")
    rows, next_cursor = _page(documents, "published_on", filters.limit, filters.cursor)
    return _listing({"documents": [_document_row(document) for document in rows], "next_cursor": next_cursor}, etag)


@router.get(tags=READ_TAGS, path="/enforcement/documents/{document_id}", response={200: schemas.EnforcementDetail, PROBLEM_CODES: schemas.Problem},
            summary="一份执法公开的决定文书（公开文本）", operation_id="get_enforcement_document")
def get_enforcement_document(request: HttpRequest, document_id: int):
    reader(request, READ_SCOPE)
    document = _enforcement().public_objects(_agency()).filter(pk=document_id).first()
    if document is None or not _enforcement().has_page(document):
        raise ApiProblem("not_found", "文书不存在或不在公开期内")
    row = _document_row(document)
    row["text"] = document.public_text if document.state == DecisionDocument.State.PUBLISHED else ""
    return row


# --- 双公示 ---------------------------------------------------------------------------------------------

class CreditFilters(Schema):
    q: str = SchemaField("", max_length=200, description="企业或组织名称、统一社会信用代码或决定文书号")
    kind: Literal["penalty", "license"] | None = None
    decided_from: dt.date | None = None
    decided_to: dt.date | None = None
    power_item: int | None = SchemaField(None, ge=1, le=2**31 - 1)
    page: int = SchemaField(1, ge=1, le=50)


@router.get(tags=READ_TAGS, path="/credit/records", response={200: dict, PROBLEM_CODES: schemas.Problem},
            summary="双公示信息查询（与网站相同的结果与遮蔽）", operation_id="search_credit_records")
def search_credit_records(request: HttpRequest, filters: Query[CreditFilters]):
    reader(request, credit_views.RATE_SCOPE, (credit_views.QUERY_LIMIT, credit_views.QUERY_PERIOD))
    query = CreditQuery(text=filters.q, kind=filters.kind, decided_from=filters.decided_from,
                        decided_to=filters.decided_to, power_item_id=filters.power_item, page=filters.page)
    return search_records(_agency(), query).as_json()


@router.get(tags=READ_TAGS, path="/credit/records/{kind}/{record_id}", response={200: dict, PROBLEM_CODES: schemas.Problem},
            summary="一条双公示信息（公示内容，已遮蔽）", operation_id="get_credit_record")
def get_credit_record(request: HttpRequest, kind: Literal["penalty", "license"], record_id: int):
    reader(request, credit_views.RATE_SCOPE, (credit_views.QUERY_LIMIT, credit_views.QUERY_PERIOD))
    record = visible_record(_agency(), kind, record_id) if kind in KINDS else None
    if record is None:
        raise ApiProblem("not_found", "该信息不存在或已不在公示期内")
    return {"类别": {"penalty": "行政处罚", "license": "行政许可"}[kind], "信息": public_record(record)}


@router.get(tags=READ_TAGS, path="/credit/catalog", response={200: list[schemas.PowerItemOut], PROBLEM_CODES: schemas.Problem},
            summary="双公示目录", operation_id="list_credit_catalog")
def list_credit_catalog(request: HttpRequest):
    reader(request, READ_SCOPE)
    items = PowerItem.objects.filter(agency=_agency(), is_published=True).order_by("kind", "code")
    return [{"kind": item.get_kind_display(), "code": item.code, "name": item.name, "department": item.department,
             "basis": item.basis, "party_kinds": item.party_kinds} for item in items]


# --- annual reports -------------------------------------------------------------------------------------

def _published_reports(agency):
    return (AnnualReport.objects.filter(agency=agency, state=AnnualReport.State.PUBLISHED,
                                        published_item__in=pages.public_items(agency))
            .select_related("published_item").order_by("-year"))


def _report_row(report: AnnualReport) -> dict:
    item = report.published_item
    return {"year": report.year, "title": item.title, "published_on": item.published_on,
            "url": reverse("portal:item", kwargs={"item_id": item.pk})}


@router.get(tags=READ_TAGS, path="/reports", response={200: list[schemas.ReportSummary], PROBLEM_CODES: schemas.Problem},
            summary="已发布的政府信息公开工作年度报告", operation_id="list_reports")
def list_reports(request: HttpRequest):
    reader(request, READ_SCOPE)
    return [_report_row(report) for report in _published_reports(_agency())]


@router.get(tags=READ_TAGS, path="/reports/{year}", response={200: schemas.ReportDetail, PROBLEM_CODES: schemas.Problem},
            summary="一年的年度报告（审定时的内容）", operation_id="get_report")
def get_report(request: HttpRequest, year: int):
    reader(request, READ_SCOPE)
    report = _published_reports(_agency()).filter(year=year).first()
    if report is None:
        raise ApiProblem("not_found", f"{year}年度报告尚未发布")
    row = _report_row(report)
    row["report"] = {key: value for key, value in (report.frozen or {}).items() if key != "signed_off_by"}
    return row


# --- request status -------------------------------------------------------------------------------------

@router.post(tags=READ_TAGS, path="/requests/status", response={200: schemas.RequestStatus, PROBLEM_CODES: schemas.Problem},
             summary="按申请编号和查询码查询办理状态（与网站状态页相同）", operation_id="request_status")
def request_status(request: HttpRequest, payload: schemas.StatusQuery):
    reader(request, request_views.QUERY_SCOPE, (request_views.QUERY_LIMIT, request_views.QUERY_PERIOD),
           token_raises_limit=False)
    candidate = InfoRequest.objects.filter(number=payload.number.strip()).select_related("agency").first()
    if candidate is None or not candidate.query_code_matches(payload.code):
        raise ApiProblem("not_found", "申请编号或查询码不正确")
    return request_views.status_of(candidate)
