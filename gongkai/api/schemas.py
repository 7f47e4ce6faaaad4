"""The API's request and answer shapes (pydantic through ninja): what the OpenAPI document describes.

Field names are English identifiers; values and messages are the records' own (Chinese). 双公示 records
travel keyed by the national standard's field codes (CF_WSH, XK_XDR_MC…) or their Chinese column
names, exactly the columns the file import reads (docs/IMPORT.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from gongkai.core.annual_tables import Applicant as ApplicantColumn
from gongkai.core.receipt import Channel
from gongkai.inforequests.models import ApplicantDetails, InfoRequest

MAX_BATCH = 5000
CellValue = str | int | float | None

ApplicantKind = Literal[tuple(a.value for a in ApplicantColumn)]  # type: ignore[valid-type]
ChannelName = Literal[tuple(c.value for c in Channel)]  # type: ignore[valid-type]
IdType = Literal[("",) + tuple(ApplicantDetails.IdType.values)]  # type: ignore[valid-type]
FormWanted = Literal[tuple(InfoRequest.FormWanted.values)]  # type: ignore[valid-type]
Delivery = Literal[tuple(InfoRequest.Delivery.values)]  # type: ignore[valid-type]


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str
    errors: list[dict[str, str]] | None = None


# --- 双公示 ---------------------------------------------------------------------------------------

class CreditBatch(Schema):
    records: list[dict[str, CellValue]] = Field(..., min_length=1, max_length=MAX_BATCH,
                                                description="至多5000条；键为国家标准字段代码或中文列名")


class RowError(Schema):
    field: str = Field(..., description="字段代码")
    name: str = Field(..., description="字段名称")
    reason: str


class RowAnswer(Schema):
    row: int = Field(..., description="在本批中的序号（从1起）")
    outcome: Literal["created", "unchanged", "new_version", "rejected"]
    document_number: str
    errors: list[RowError] = []


class CreditBatchAnswer(Schema):
    batch: int
    created: int
    new_versions: int
    unchanged: int
    rejected: int
    rows: list[RowAnswer]


# --- 执法公开 -------------------------------------------------------------------------------------

class DocumentPush(Schema):
    """Exactly one of: the text of one decision, one DOCX (base64), or structured documents."""

    text: str | None = Field(None, min_length=1, max_length=500_000)
    docx_base64: str | None = Field(None, min_length=1, max_length=7_000_000)
    documents: list[dict[str, Any]] | None = Field(None, min_length=1, max_length=200)


class DocumentAnswer(Schema):
    document_number: str
    outcome: Literal["created", "updated", "unchanged"]
    state: str
    state_label: str


class DocumentPushAnswer(Schema):
    documents: list[DocumentAnswer]


# --- requests from other channels ---------------------------------------------------------------

class Applicant(Schema):
    name: str = Field(..., max_length=100)
    id_type: IdType = ""
    id_number: str = Field("", max_length=40)
    uscc: str = Field("", max_length=20)
    contact_person: str = Field("", max_length=60)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=200)
    postcode: str = Field("", max_length=6)


class RequestHandOver(Schema):
    external_id: str = Field(..., min_length=1, max_length=80, description="来源系统的受理编号：重复转交不会重复登记")
    channel: ChannelName = Field(Channel.ONLINE.value, description="条例第三十一条的渠道")
    submitted_on: dt.date = Field(..., description="申请到达日期")
    confirmed_on: dt.date | None = Field(None, description="签收或双方确认日期")
    applicant_kind: ApplicantKind
    applicant: Applicant
    description: str = Field(..., min_length=1, max_length=5000)
    document_reference: str = Field("", max_length=300)
    form_wanted: FormWanted = InfoRequest.FormWanted.ELECTRONIC.value
    delivery: Delivery = InfoRequest.Delivery.POST.value


class RequestReceipt(Schema):
    outcome: Literal["created", "unchanged"]
    number: str
    query_code: str | None = Field(None, description="只在第一次登记时给出")
    received_on: dt.date | None
    state: str


class StatusQuery(Schema):
    number: str = Field(..., min_length=1, max_length=40)
    code: str = Field(..., min_length=1, max_length=20)


class RequestStatus(Schema):
    number: str
    state: str
    submitted_on: dt.date
    received_on: dt.date | None
    due: dt.date | None
    due_pending: str
    paused: str | None
    decided_on: dt.date | None
    delivered_on: dt.date | None
    agency: str


# --- published items, columns, reports -------------------------------------------------------------

class ItemSummary(Schema):
    id: int
    index_number: str
    title: str
    summary: str
    document_number: str
    column: int
    column_name: str
    unit: str
    written_on: dt.date
    published_on: dt.date
    effective_on: dt.date | None
    repealed_on: dt.date | None
    validity: str
    validity_label: str
    url: str


class ItemDetail(ItemSummary):
    topic: str
    genre: str
    keywords: str
    body_html: str


class ItemPage(Schema):
    items: list[ItemSummary]
    next_cursor: str | None


class Column(Schema):
    id: int
    parent: int | None
    slug: str
    name: str
    national: bool
    url: str


class EnforcementSummary(Schema):
    id: int
    kind: str
    title: str
    document_number: str
    decided_on: dt.date
    published_on: dt.date | None
    state: Literal["published", "withdrawn"]
    unit: str
    withdrawal_reason: str
    url: str


class EnforcementDetail(EnforcementSummary):
    text: str = Field(..., description="审核通过的公开文本；已撤回的文书只有撤回说明，没有正文")


class EnforcementPage(Schema):
    documents: list[EnforcementSummary]
    next_cursor: str | None


class PowerItemOut(Schema):
    kind: str
    code: str
    name: str
    department: str
    basis: str
    party_kinds: str


class ReportSummary(Schema):
    year: int
    title: str
    published_on: dt.date | None
    url: str


class ReportDetail(ReportSummary):
    report: dict[str, Any]
