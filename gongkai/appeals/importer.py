"""Importing a review and litigation case ledger (复议诉讼台账) through the shared ledger import loop.

Columns and rules are in docs/IMPORT.md. The natural key is the agency and the 案号: a case
number is given when a case is filed, and importing the same file twice adds nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from gongkai.appeals.models import AppealCase
from gongkai.appeals.services import validate_case
from gongkai.inforequests.models import InfoRequest
from gongkai.intake.tables import (
    ChunkPlan,
    Column,
    ParsedRow,
    RowError,
    SourceRow,
    TableSpec,
    normalise_label,
    parse_date,
)

KIND, ROUTE, REQUEST_NUMBER, FILED, OUTCOME, CLOSED, CASE_NUMBER, BODY, NOTE = (
    "案件类型", "起诉方式", "关联申请编号", "立案日期", "结果", "审结日期", "案号", "复议机关或审理法院", "备注")

APPEAL_COLUMNS: tuple[Column, ...] = (
    Column(KIND, required=True, aliases=("类型",)),
    Column(ROUTE, aliases=("诉讼类型",)),
    Column(REQUEST_NUMBER, aliases=("申请编号",)),
    Column(FILED, required=True, aliases=("受理日期",)),
    Column(OUTCOME, required=True, aliases=("审理结果", "办理结果")),
    Column(CLOSED, aliases=("结案日期",)),
    Column(CASE_NUMBER, required=True, aliases=("案件编号",)),
    Column(BODY, aliases=("复议机关", "审理法院", "法院")),
    Column(NOTE, aliases=("说明",)),
)

KIND_LOOKUP = {normalise_label(word): kind for kind, words in {
    AppealCase.Kind.REVIEW: ("行政复议", "复议"),
    AppealCase.Kind.LITIGATION: ("行政诉讼", "诉讼"),
}.items() for word in words}
ROUTE_LOOKUP = {normalise_label(word): route for route, words in {
    AppealCase.LitigationRoute.DIRECT: ("未经复议直接起诉", "直接起诉", "未经复议"),
    AppealCase.LitigationRoute.AFTER_REVIEW: ("复议后起诉", "经复议后起诉", "经复议"),
}.items() for word in words}
OUTCOME_LOOKUP = {normalise_label(word): outcome for outcome, words in {
    AppealCase.Outcome.UPHELD: ("结果维持", "维持"),
    AppealCase.Outcome.CORRECTED: ("结果纠正", "纠正"),
    AppealCase.Outcome.OTHER: ("其他结果", "其他"),
    AppealCase.Outcome.PENDING: ("尚未审结", "未审结", "审理中"),
}.items() for word in words}

# Where validate_case's field messages go in the ledger.
FIELD_COLUMNS = {"kind": KIND, "litigation_route": ROUTE, "filed_on": FILED, "outcome": OUTCOME,
                 "closed_on": CLOSED, "request": REQUEST_NUMBER, "case_number": CASE_NUMBER}


def parse_appeal_row(source: SourceRow, agency, today: dt.date) -> tuple[ParsedRow | None, list[RowError]]:
    """Check one case row on its own; the linked request is checked per chunk against the database."""
    errors: list[RowError] = []
    row = source.number

    def refuse(label: str, reason: str) -> None:
        errors.append(RowError(row, label, reason, source[label]))

    kind = KIND_LOOKUP.get(normalise_label(source[KIND]))
    if not source[KIND]:
        refuse(KIND, "必填")
    elif kind is None:
        refuse(KIND, "应为“行政复议”或“行政诉讼”")
    route = ROUTE_LOOKUP.get(normalise_label(source[ROUTE])) if source[ROUTE] else ""
    if route is None:
        refuse(ROUTE, "应为“未经复议直接起诉”或“复议后起诉”")
    outcome = OUTCOME_LOOKUP.get(normalise_label(source[OUTCOME]))
    if not source[OUTCOME]:
        refuse(OUTCOME, "必填")
    elif outcome is None:
        refuse(OUTCOME, "应为“结果维持”“结果纠正”“其他结果”或“尚未审结”")
    dates = {}
    for label in (FILED, CLOSED):
        if not source[label]:
            dates[label] = None
            continue
        try:
            dates[label] = parse_date(source[label])
        except ValueError as exc:
            refuse(label, str(exc))
    if not source[FILED]:
        refuse(FILED, "必填")
    case_number = source[CASE_NUMBER]
    if not case_number:
        refuse(CASE_NUMBER, "必填（案号用于识别重复导入）")
    elif len(case_number) > 100:
        refuse(CASE_NUMBER, "案号不能超过100个字符")
    if len(source[BODY]) > 100:
        refuse(BODY, "不能超过100个字符")
    if len(source[NOTE]) > 300:
        refuse(NOTE, "不能超过300个字符")
    if errors:
        return None, errors

    case = AppealCase(agency=agency, kind=kind, litigation_route=route, filed_on=dates[FILED], outcome=outcome,
                      closed_on=dates[CLOSED], case_number=case_number)
    try:
        validate_case(case, today=today)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            label = FIELD_COLUMNS.get(field_name, KIND)
            errors.extend(RowError(row, label, message, source[label]) for message in messages)
        return None, errors
    return ParsedRow(row, case_number, CASE_NUMBER, {
        "kind": kind, "litigation_route": route, "filed_on": dates[FILED], "outcome": outcome,
        "closed_on": dates[CLOSED], "case_number": case_number, "body": source[BODY], "note": source[NOTE],
        "request_number": source[REQUEST_NUMBER], "request_id": None,
    }), []


def plan_appeal_chunk(agency, rows: list[ParsedRow]) -> ChunkPlan:
    """Skip case numbers already recorded; the linked request must be this agency's and received before filing."""
    present = set(AppealCase.objects.filter(agency=agency, case_number__in=[r.key for r in rows])
                  .values_list("case_number", flat=True))
    wanted = {r.data["request_number"] for r in rows if r.data["request_number"]}
    requests = {number: (pk, received_on) for number, pk, received_on in
                InfoRequest.objects.filter(agency=agency, number__in=wanted).values_list("number", "pk", "received_on")}
    plan = ChunkPlan([], 0, [])
    for parsed in rows:
        if parsed.key in present:
            plan.already_present += 1
            continue
        number = parsed.data["request_number"]
        if number:
            if number not in requests:
                plan.errors.append(RowError(parsed.row, REQUEST_NUMBER, "本机关没有该申请编号（请先导入申请台账）", number))
                continue
            pk, received_on = requests[number]
            if received_on and parsed.data["filed_on"] < received_on:
                plan.errors.append(RowError(parsed.row, FILED, f"立案日期早于关联申请的收到日期（{received_on.isoformat()}）",
                                            parsed.data["filed_on"].isoformat()))
                continue
            parsed.data["request_id"] = pk
        plan.to_create.append(parsed)
    return plan


def write_appeal_chunk(agency, rows: list[ParsedRow], user) -> None:
    creator = user if getattr(user, "is_authenticated", False) else None
    AppealCase.objects.bulk_create(AppealCase(
        agency=agency, request_id=parsed.data["request_id"], kind=parsed.data["kind"],
        litigation_route=parsed.data["litigation_route"], case_number=parsed.data["case_number"],
        body=parsed.data["body"], note=parsed.data["note"], filed_on=parsed.data["filed_on"],
        outcome=parsed.data["outcome"], closed_on=parsed.data["closed_on"], imported=True, created_by=creator,
    ) for parsed in rows)


APPEAL_LEDGER = TableSpec(
    kind="appeals",
    title="行政复议、行政诉讼台账",
    columns=APPEAL_COLUMNS,
    parse_row=parse_appeal_row,
    plan_chunk=plan_appeal_chunk,
    write_chunk=write_appeal_chunk,
    help="导入政府信息公开行政复议、行政诉讼案件台账",
)
