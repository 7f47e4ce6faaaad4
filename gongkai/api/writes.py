"""Write endpoints: what the systems around the bureau hand over, each through the same service as the
file or form it replaces, so validation, natural keys, versions and audit are the same:

- 双公示 records → `credit.importing.import_records` (the file import's chunk preparation and writing);
- 执法公开 decision documents → `enforcement.capture.import_file` (the drop folder's capture path);
- requests from other channels → `inforequests.forms.intake.RequestForm` + `services.register_request`
  (the web form's validation and intake).

Each call also leaves an audit entry naming the system, in the transaction of its change.
"""

from __future__ import annotations

import base64
import binascii
import json
import tempfile
from pathlib import Path
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from gongkai.api import schemas
from gongkai.api.routing import WRITE_TAGS, json_answer, router
from gongkai.api.auth import PUSH_CREDIT, PUSH_DOCUMENTS, REGISTER_REQUESTS, audit_call
from gongkai.api.models import HandedOverRequest, SystemToken
from gongkai.api.problems import ApiProblem
from gongkai.core.credit_fields import FIELDS_BY_KIND, field_code_for_header
from gongkai.core.receipt import ReceiptDateError
from gongkai.credit.importing import import_records
from gongkai.enforcement.capture import import_file as capture_file
from gongkai.enforcement.capture import link_pending_records
from gongkai.inforequests import services as requests_service
from gongkai.inforequests.forms.intake import RequestForm


PROBLEM_CODES = frozenset({400, 401, 403, 413, 422, 429})
OUTCOME_WORDS = {"added": "created", "updated": "new_version", "unchanged": "unchanged", "rejected": "rejected"}
DOC_FIELD = {"penalty": "CF_WSH", "license": "XK_WSH"}


def _normalised(kind: str, records: list[dict]) -> list[dict]:
    """Keys as field codes (the file import's headers: code or Chinese name); an unknown key refuses the
    whole batch before anything is written, so a misspelt column never silently drops a value."""
    known: dict[str, str | None] = {}
    answer, errors = [], []
    for position, record in enumerate(records, start=1):
        row = {}
        for key, value in record.items():
            if key not in known:
                known[key] = field_code_for_header(kind, key)
            code = known[key]
            if code is None:
                errors.append({"field": f"/records/{position - 1}/{key}", "reason": "不认识的字段（应为国家标准字段代码或中文列名）"})
            else:
                row[code] = value
        answer.append(row)
        if len(errors) >= 100:
            break
    if errors:
        raise ApiProblem("invalid", "记录中有不认识的字段，本批未写入", errors=errors)
    return answer


@router.post(tags=WRITE_TAGS, path="/credit/{kind}/records", auth=PUSH_CREDIT, response={200: schemas.CreditBatchAnswer, PROBLEM_CODES: schemas.Problem},
             summary="推送双公示信息（一批至多5000条）", operation_id="push_credit_records")
def push_credit_records(request: HttpRequest, kind: Literal["penalty", "license"], payload: schemas.CreditBatch):
    """Each record is answered: created, unchanged, new_version, or rejected with its fields and reasons.
    Idempotent: the natural key is 决定书文号 + 相对人 (as in the file import); a changed record becomes a
    new version. Written in chunks of 2,000, each all or nothing, exactly like the file import."""
    system: SystemToken = request.auth
    records = _normalised(kind, payload.records)
    batch, answers = import_records(records, agency=system.agency, kind=kind,
                                    source=f"{system.audit_name}（{timezone.localtime():%Y-%m-%d %H:%M:%S}）",
                                    actor_name=system.audit_name)
    names = {spec.code: spec.name for spec in FIELDS_BY_KIND[kind]}
    rows = []
    for position, (record, (outcome, errors)) in enumerate(zip(records, answers), start=1):
        number = record.get(DOC_FIELD[kind])
        rows.append({"row": position, "outcome": OUTCOME_WORDS[outcome],
                     "document_number": "" if number is None else str(number)[:200],
                     "errors": [{"field": code, "name": name or names.get(code, code), "reason": reason}
                                for code, name, _value, reason in errors]})
    return json_answer({"batch": batch.pk, "created": batch.rows_added, "new_versions": batch.rows_updated,
                        "unchanged": batch.rows_unchanged, "rejected": batch.rows_rejected, "rows": rows})


def _document_file(payload: schemas.DocumentPush, system: SystemToken, folder: Path) -> Path:
    given = [name for name in ("text", "docx_base64", "documents") if getattr(payload, name) is not None]
    if len(given) != 1:
        raise ApiProblem("invalid", "请给出 text、docx_base64、documents 三者之一（且只给一个）")
    stamp = timezone.localtime().strftime("%Y%m%d%H%M%S")
    name = f"接口-{system.pk}-{stamp}"
    if payload.text is not None:
        path = folder / f"{name}.txt"
        path.write_text(payload.text, encoding="utf-8")
    elif payload.docx_base64 is not None:
        try:
            content = base64.b64decode(payload.docx_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ApiProblem("invalid", "docx_base64 不是有效的base64编码",
                             errors=[{"field": "/docx_base64", "reason": "不是有效的base64编码"}]) from None
        path = folder / f"{name}.docx"
        path.write_bytes(content)
    else:
        documents = []
        for document in payload.documents:
            if system.unit_id is not None:
                named = str(document.get("unit") or "").strip()
                if named and named != system.unit.name:
                    raise ApiProblem("out_of_scope", f"令牌只能推送“{system.unit.name}”的文书")
                document = {**document, "unit": system.unit.name}
            documents.append(document)
        path = folder / f"{name}.json"
        path.write_text(json.dumps({"documents": documents}, ensure_ascii=False, default=str), encoding="utf-8")
    return path


@router.post(tags=WRITE_TAGS, path="/enforcement/documents", auth=PUSH_DOCUMENTS,
             response={200: schemas.DocumentPushAnswer, PROBLEM_CODES | {409}: schemas.Problem},
             summary="推送执法决定文书（文本、DOCX或结构化JSON）", operation_id="push_enforcement_documents")
def push_enforcement_documents(request: HttpRequest, payload: schemas.DocumentPush):
    """The drop folder's capture path: exclusions first, then the redaction proposal, ready for review.
    All documents of one call or none. Idempotent on 文号 + content; a published document is never overwritten."""
    system: SystemToken = request.auth
    with tempfile.TemporaryDirectory(prefix="gongkai-api-") as folder:
        path = _document_file(payload, system, Path(folder))
        with transaction.atomic():
            result = capture_file(system.agency, path)
            if result.error:
                raise ApiProblem("conflict" if "不能被覆盖" in result.error else "rejected", result.error)
            outcomes = result.outcomes
            if system.unit_id is not None and any(o.document.unit_id not in (None, system.unit_id) for o in outcomes):
                raise ApiProblem("out_of_scope", f"令牌只能推送“{system.unit.name}”的文书")
            counts = {word: sum(1 for o in outcomes if o.status == word) for word in ("created", "updated", "unchanged")}
            audit_call(system, "import", f"接收执法决定文书：新增{counts['created']}，更新{counts['updated']}，"
                                         f"未变{counts['unchanged']}")
    link_pending_records(system.agency)
    return {"documents": [{"document_number": o.document.document_number, "outcome": o.status,
                           "state": o.document.state, "state_label": o.document.get_state_display()}
                          for o in outcomes]}


@router.post(tags=WRITE_TAGS, path="/requests", auth=REGISTER_REQUESTS, response={200: schemas.RequestReceipt, PROBLEM_CODES: schemas.Problem},
             summary="登记其他渠道转来的申请（如12345热线、政务服务网）", operation_id="register_request")
def register_request(request: HttpRequest, payload: schemas.RequestHandOver):
    """Validated like the web form, registered by the same intake service (条例第三十一条's receipt rules:
    an online or fax request counts from the confirmation day). Answers the number and, once, the
    query code. The same external_id from the same system again answers the first registration."""
    system: SystemToken = request.auth
    existing = (HandedOverRequest.objects.select_related("request")
                .filter(agency=system.agency, source=system.name, external_id=payload.external_id).first())
    if existing is not None:
        return _receipt(existing.request, None, "unchanged")
    form = RequestForm(data={"applicant_kind": payload.applicant_kind, **payload.applicant.dict(),
                             "description": payload.description, "document_reference": payload.document_reference,
                             "form_wanted": payload.form_wanted, "delivery": payload.delivery})
    if not form.is_valid():
        errors = [{"field": f"/applicant/{field}" if field in payload.applicant.dict() else f"/{field}",
                   "reason": message} for field, messages in form.errors.items() for message in messages]
        raise ApiProblem("invalid", "申请内容不完整或有误", errors=errors)
    data = form.cleaned_data
    try:
        with transaction.atomic():
            info_request, code = requests_service.register_request(
                system.agency, channel=payload.channel, submitted_on=payload.submitted_on,
                confirmed_on=payload.confirmed_on, applicant_kind=data["applicant_kind"],
                applicant=form.applicant_details(), description=data["description"],
                document_reference=data["document_reference"], form_wanted=data["form_wanted"],
                delivery=data["delivery"])
            HandedOverRequest.objects.create(token=system, agency=system.agency, source=system.name,
                                             external_id=payload.external_id, request=info_request)
            audit_call(system, "create", f"转来申请（{system.name}编号{payload.external_id}）", obj=info_request)
    except (ValidationError, ReceiptDateError) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        raise ApiProblem("rejected", "；".join(messages)) from None
    except IntegrityError:  # the same hand-over arrived twice at once: the other one registered it
        existing = HandedOverRequest.objects.select_related("request").get(
            agency=system.agency, source=system.name, external_id=payload.external_id)
        return _receipt(existing.request, None, "unchanged")
    return _receipt(info_request, code, "created")


def _receipt(info_request, code: str | None, outcome: str) -> dict:
    return {"outcome": outcome, "number": info_request.number, "query_code": code,
            "received_on": info_request.received_on, "state": info_request.get_state_display()}
