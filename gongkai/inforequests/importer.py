"""Importing a request ledger (申请台账) from xlsx or CSV through the shared table import (gongkai.intake.tables).

This module is the request ledger itself (`REQUEST_LEDGER`): its columns, how a row is checked,
which numbers exist already, and what a row creates. Reading, chunking, the audit entry and the
error file are intake's. See docs/IMPORT.md for the columns.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict

from gongkai.core.annual_tables import REQUEST_ROWS_2019, REQUEST_ROWS_2021, Applicant, RowRole
from gongkai.core.clock import EventKind
from gongkai.core.decision_rules import SITUATIONS, SITUATIONS_BY_KEY
from gongkai.core.receipt import CHANNEL_LABELS, Channel
from gongkai.inforequests.models import (
    ApplicantDetails,
    Decision,
    InfoRequest,
    RequestEvent,
    RequestSequence,
)
from gongkai.inforequests.services import new_query_code
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

HISTORICAL_APPLICANT_NAME = "（历史台账）"
EARLIEST_RECEIPT = dt.date(2008, 5, 1)  # the 2008 条例 took effect; no disclosure request is older

NUMBER, RECEIVED, APPLICANT, CHANNEL, CONTENT, RESULT, CLOSED, ANSWERED = (
    "申请编号", "收到日期", "申请人类型", "申请渠道", "申请内容", "办理结果", "办结日期", "答复日期")

REQUEST_COLUMNS: tuple[Column, ...] = (
    Column(NUMBER, aliases=("编号", "申请号")),
    Column(RECEIVED, required=True, aliases=("收到申请日期", "收到申请之日")),
    Column(APPLICANT, required=True, aliases=("申请人类别",)),
    Column(CHANNEL, required=True, aliases=("申请方式",)),
    Column(CONTENT, required=True, aliases=("申请公开内容", "所需政府信息", "所需政府信息的描述")),
    Column(RESULT, required=True, aliases=("答复结果", "处理结果")),
    Column(CLOSED, required=True),
    Column(ANSWERED, aliases=("答复时间",)),
)

APPLICANT_SYNONYMS = {"个人": Applicant.NATURAL_PERSON, "公民": Applicant.NATURAL_PERSON,
                      "其他组织": Applicant.OTHER_ORGANIZATION}
APPLICANT_LOOKUP: dict[str, str] = {
    **{normalise_label(label): str(kind) for label, kind in APPLICANT_SYNONYMS.items()},
    **{normalise_label(kind.value): kind.value for kind in Applicant},
}

CHANNEL_SYNONYMS: dict[Channel, tuple[str, ...]] = {
    Channel.IN_PERSON: ("当面", "当面提交", "当面申请", "现场", "现场申请", "窗口", "来访"),
    Channel.POST_SIGNED: ("邮寄", "信函", "信件", "邮政", "挂号信", "EMS", "快递"),
    Channel.POST_ORDINARY: ("平信", "平常信函"),
    Channel.ONLINE: ("网上", "网上申请", "网络", "互联网", "在线", "在线申请", "网站", "政府网站", "网申"),
    Channel.FAX: ("传真",),
    Channel.EMAIL: ("电子邮件", "电子邮箱", "电邮", "Email", "E-mail"),
}
CHANNEL_LOOKUP: dict[str, Channel] = {
    normalise_label(word): channel
    for channel, words in CHANNEL_SYNONYMS.items()
    for word in (*words, CHANNEL_LABELS[channel])
}

NUMBERING_PREFIX = re.compile(r"^(?:\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、|\d+[.、])")
TRAILING_NOTE = re.compile(r"\([^()]*\)$")


def _result_lookup() -> tuple[dict[str, str], dict[str, str]]:
    """Official table 三 result labels (numbered and bare, both formats) -> the situation a Decision stores.

    Each category gets the situation whose label equals the bare official label when there is one
    (予以公开 -> "disclose", not "already_public"), else its first situation. The officers' own
    situation labels (decision_rules.SITUATIONS) are accepted too. Returns (lookup, group labels).
    """
    by_category: dict[str, str] = {}
    for situation in SITUATIONS:
        by_category.setdefault(situation.category.value, situation.key)
    lookup: dict[str, str] = {}
    groups: dict[str, str] = {}
    for row in REQUEST_ROWS_2021 + REQUEST_ROWS_2019:
        bare = NUMBERING_PREFIX.sub("", normalise_label(row.label))
        if row.role is RowRole.GROUP:
            groups.setdefault(bare, row.label)
            groups.setdefault(normalise_label(row.label), row.label)
            continue
        if row.role is not RowRole.RESULT:
            continue
        category = "other.other" if row.key == "other" else row.key  # 2019's single （六）其他处理 row
        situation = next((s.key for s in SITUATIONS if s.category.value == category
                          and normalise_label(s.label) == bare), by_category[category])
        for variant in (normalise_label(row.label), bare, TRAILING_NOTE.sub("", bare)):
            lookup.setdefault(variant, situation)
    for situation in SITUATIONS:
        lookup.setdefault(normalise_label(situation.label), situation.key)
    for label in list(groups):
        if label in lookup:  # 2019's （六）其他处理 is a result row, not a group
            del groups[label]
    return lookup, groups


RESULT_LOOKUP, RESULT_GROUPS = _result_lookup()


def situation_for_result(text: str) -> str:
    """The Decision situation key for a 办理结果 cell; ValueError with the reason when there is none."""
    key = normalise_label(text)
    situation = RESULT_LOOKUP.get(key) or RESULT_LOOKUP.get(NUMBERING_PREFIX.sub("", key))
    if situation:
        return situation
    group = RESULT_GROUPS.get(key) or RESULT_GROUPS.get(NUMBERING_PREFIX.sub("", key))
    if group:
        raise ValueError(f"“{group}”是分组，请填写其下的具体情形（如“1.属于国家秘密”）")
    raise ValueError("不是年报表三的办理结果，应为“予以公开”“部分公开”“属于国家秘密”……“其他”等官方名称")


def generated_number(agency, received_on: dt.date, description: str) -> str:
    """The number of a ledger row without one, derived from its natural key (agency, date, content).

    Deterministic, so a re-import finds the same request; its shape (date, then a digest) can
    never collide with the live `{组织机构代码}-{年}-{五位序号}` numbers.
    """
    content = " ".join(description.split())
    digest = hashlib.sha256(f"{agency.code}\n{received_on.isoformat()}\n{content}".encode()).hexdigest()
    return f"{agency.org_code}-{received_on:%Y%m%d}-{digest[:10].upper()}"


def _date_cell(source: SourceRow, label: str, errors: list[RowError], *, today: dt.date) -> dt.date | None:
    text = source[label]
    if not text:
        return None
    try:
        value = parse_date(text)
    except ValueError as exc:
        errors.append(RowError(source.number, label, str(exc), text))
        return None
    if value > today:
        errors.append(RowError(source.number, label, "日期不能晚于今天", text))
        return None
    return value


def parse_request_row(source: SourceRow, agency, today: dt.date) -> tuple[ParsedRow | None, list[RowError]]:
    """Check one ledger row on its own: formats, labels, and the order of its dates."""
    errors: list[RowError] = []
    row = source.number

    def refuse(label: str, reason: str) -> None:
        errors.append(RowError(row, label, reason, source[label]))

    number = source[NUMBER]
    if len(number) > 40:
        refuse(NUMBER, "申请编号不能超过40个字符")

    received_on = _date_cell(source, RECEIVED, errors, today=today)
    if not source[RECEIVED]:
        refuse(RECEIVED, "必填")
    elif received_on and received_on < EARLIEST_RECEIPT:
        refuse(RECEIVED, "早于2008年5月1日《政府信息公开条例》施行之日")
        received_on = None

    applicant_kind = APPLICANT_LOOKUP.get(normalise_label(source[APPLICANT]))
    if not source[APPLICANT]:
        refuse(APPLICANT, "必填")
    elif applicant_kind is None:
        refuse(APPLICANT, "未知的申请人类型，应为" + "/".join(a.value for a in Applicant))

    channel = CHANNEL_LOOKUP.get(normalise_label(source[CHANNEL]))
    if not source[CHANNEL]:
        refuse(CHANNEL, "必填")
    elif channel is None:
        refuse(CHANNEL, "未知的申请渠道，应为当面/邮寄/网上/传真/电子邮件")

    description = source[CONTENT]
    if not description:
        refuse(CONTENT, "必填")
    elif len(description) > 5000:
        refuse(CONTENT, "申请内容不能超过5000字")

    situation = None
    if source[RESULT]:
        try:
            situation = situation_for_result(source[RESULT])
        except ValueError as exc:
            refuse(RESULT, str(exc))

    closed_on = _date_cell(source, CLOSED, errors, today=today)
    answered_on = _date_cell(source, ANSWERED, errors, today=today)
    if source[RESULT] and not source[CLOSED]:
        refuse(CLOSED, "填写了办理结果的申请须填写办结日期")
    if source[CLOSED] and not source[RESULT]:
        refuse(RESULT, "已办结（填写了办结日期）的申请须填写办理结果")
    if source[ANSWERED] and not source[CLOSED]:
        refuse(ANSWERED, "未办结的申请不填写答复日期")
    if received_on and closed_on and closed_on < received_on:
        refuse(CLOSED, f"办结日期早于收到日期（{received_on.isoformat()}）")
    if received_on and answered_on and answered_on < received_on:
        refuse(ANSWERED, f"答复日期早于收到日期（{received_on.isoformat()}）")
    if answered_on and closed_on and answered_on > closed_on:
        refuse(ANSWERED, f"答复日期晚于办结日期（{closed_on.isoformat()}）")

    if errors:
        return None, errors
    if not number:
        number, key_column = generated_number(agency, received_on, description), f"{RECEIVED}、{CONTENT}"
    else:
        key_column = NUMBER
    return ParsedRow(row, number, key_column, {
        "number": number, "received_on": received_on, "applicant_kind": applicant_kind, "channel": channel,
        "description": description, "situation": situation, "closed_on": closed_on,
        "decided_on": answered_on or closed_on,
    }), []


def plan_request_chunk(agency, rows: list[ParsedRow]) -> ChunkPlan:
    """Skip numbers this agency already has; refuse numbers another agency uses (numbers are unique)."""
    owners = dict(InfoRequest.objects.filter(number__in=[r.key for r in rows]).values_list("number", "agency_id"))
    plan = ChunkPlan([], 0, [])
    for parsed in rows:
        owner = owners.get(parsed.key)
        if owner is None:
            plan.to_create.append(parsed)
        elif owner == agency.pk:
            plan.already_present += 1
        else:
            plan.errors.append(RowError(parsed.row, NUMBER, "该申请编号已被其他机关使用", parsed.key))
    return plan


def _advance_sequences(agency, numbers: list[str]) -> None:
    """Imported numbers in the live format move the yearly sequence past them, so intake never reuses one."""
    pattern = re.compile(rf"^{re.escape(agency.org_code)}-(\d{{4}})-(\d{{5,}})$")
    highest: dict[int, int] = defaultdict(int)
    for number in numbers:
        match = pattern.match(number)
        if match:
            year, value = int(match.group(1)), int(match.group(2))
            highest[year] = max(highest[year], value)
    for year, value in highest.items():
        RequestSequence.objects.get_or_create(agency=agency, year=year)
        sequence = RequestSequence.objects.select_for_update().get(agency=agency, year=year)
        if sequence.last_value < value:
            sequence.last_value = value
            sequence.save(update_fields=["last_value"])


def write_request_chunk(agency, rows: list[ParsedRow], user) -> None:
    """Create the requests with their placeholder applicant, and for closed ones the decision and answer event.

    Historical rows have no applicant details, no query code anyone knows (a random one is hashed)
    and no 不予公开备案 (the filing was made, or not, outside this system at the time).
    """
    creator = user if getattr(user, "is_authenticated", False) else None
    requests = []
    for parsed in rows:
        data = parsed.data
        closed = data["closed_on"] is not None
        requests.append(InfoRequest(
            agency=agency, number=data["number"],
            query_code_hash=InfoRequest.hash_query_code(data["number"], new_query_code()),
            channel=data["channel"].value, submitted_on=data["received_on"],
            confirmed_on=None if data["channel"] == Channel.IN_PERSON else data["received_on"],
            received_on=data["received_on"], applicant_kind=data["applicant_kind"], description=data["description"],
            state=InfoRequest.State.CLOSED if closed else InfoRequest.State.IN_PROGRESS,
            closed_on=data["closed_on"], imported=True, created_by=creator))
    InfoRequest.objects.bulk_create(requests)
    ApplicantDetails.objects.bulk_create(
        ApplicantDetails(request=request, name=HISTORICAL_APPLICANT_NAME) for request in requests)
    decisions, events = [], []
    for request, parsed in zip(requests, rows):
        data = parsed.data
        if data["closed_on"] is None:
            continue
        situation = SITUATIONS_BY_KEY[data["situation"]]
        decisions.append(Decision(
            request=request, situation=situation.key, category=situation.category.value, legal_basis=situation.article,
            reasons="历史台账导入", decided_on=data["decided_on"], delivered_on=data["closed_on"]))
        events.append(RequestEvent(request=request, kind=EventKind.ANSWERED.value, on=data["decided_on"],
                                   note="历史台账导入", recorded_by=creator))
    Decision.objects.bulk_create(decisions)
    RequestEvent.objects.bulk_create(events)
    _advance_sequences(agency, [request.number for request in requests])


REQUEST_LEDGER = TableSpec(
    kind="requests",
    title="依申请公开台账",
    columns=REQUEST_COLUMNS,
    parse_row=parse_request_row,
    plan_chunk=plan_request_chunk,
    write_chunk=write_request_chunk,
    help="导入依申请公开台账（历史申请及结转的未办结申请）",
)
