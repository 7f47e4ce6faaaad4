"""Importing the work ledger's tables (`gongkai import ledger-…`) through the shared table-import loop.

Each table is a `LedgerTable`: its columns, how a row's cells become model fields, and its natural
key within the agency. The loop itself (header search, chunks, error file, audit entry) is
`gongkai.intake.tables.import_table`. A re-imported row whose key is already recorded with
the same figures is counted as already there; with different figures it is refused, because a
ledger line is corrected in the admin, where the change is audited, never silently overwritten.
Columns are documented in docs/LEDGER.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from gongkai.core.text import compatibility_fold
from gongkai.intake.tables import (
    ChunkPlan,
    Column,
    ImportResult,
    ParsedRow,
    RowError,
    SourceRow,
    TableSpec,
    import_table,
    normalise_label,
    parse_date,
)
from gongkai.ledger.models import (
    Channel,
    ChannelPosts,
    Clarification,
    MediaLevel,
    MediaOutput,
    OpenDay,
    OpinionResponse,
    PaperCopy,
    PressConference,
    TrainingSession,
)
from gongkai.org.models import Unit

UNIT = "单位"
NOTE = "备注"
UNIT_COLUMN = Column(UNIT, required=True, aliases=("责任单位", "填报单位", "承办单位", "运营单位"))
NOTE_COLUMN = Column(NOTE, aliases=("说明",))
INTEGER = re.compile(r"^\d+$")
YES = frozenset(normalise_label(w) for w in ("是", "有", "直播", "全程直播", "Y", "YES", "TRUE", "1", "√"))
NO = frozenset(normalise_label(w) for w in ("否", "无", "未直播", "N", "NO", "FALSE", "0", "×", "—"))


def choice_lookup(choices: type[models.TextChoices], synonyms: dict[str, tuple[str, ...]] | None = None) -> dict:
    """Normalised label (and each synonym) -> stored value, so people can type what they call it."""
    lookup = {normalise_label(label): value for value, label in choices.choices}
    lookup.update({normalise_label(value): value for value in choices.values})
    for value, words in (synonyms or {}).items():
        lookup.update({normalise_label(word): value for word in words})
    return lookup


class Cells:
    """One row's cells read into typed values; every bad cell adds (row, column, reason, value)."""

    def __init__(self, source: SourceRow, today: dt.date):
        self.source = source
        self.today = today
        self.errors: list[RowError] = []

    def __getitem__(self, label: str) -> str:
        return self.source[label]

    def refuse(self, label: str, reason: str) -> None:
        self.errors.append(RowError(self.source.number, label, reason, self.source[label]))

    def text(self, label: str, *, required: bool = False, max_length: int = 200) -> str:
        value = self.source[label]
        if required and not value:
            self.refuse(label, "必填")
        elif len(value) > max_length:
            self.refuse(label, f"不能超过{max_length}个字符")
        return value

    def date(self, label: str, *, required: bool = True) -> dt.date | None:
        text = self.source[label]
        if not text:
            if required:
                self.refuse(label, "必填")
            return None
        try:
            value = parse_date(text)
        except ValueError as exc:
            self.refuse(label, str(exc))
            return None
        if value > self.today:
            self.refuse(label, "日期不能晚于今天")
            return None
        return value

    def integer(self, label: str, *, required: bool = True, minimum: int = 0, maximum: int | None = None) -> int | None:
        text = compatibility_fold(self.source[label]).replace(",", "").replace(" ", "")
        if not text:
            if required:
                self.refuse(label, "必填")
            return None
        if not INTEGER.match(text):
            self.refuse(label, f"应为不小于{minimum}的整数")
            return None
        value = int(text)
        if value < minimum or (maximum is not None and value > maximum):
            self.refuse(label, f"应在{minimum}到{maximum}之间" if maximum is not None else f"应为不小于{minimum}的整数")
            return None
        return value

    def choice(self, label: str, lookup: dict[str, str], expected: str, *, required: bool = True) -> str | None:
        text = self.source[label]
        if not text:
            if required:
                self.refuse(label, "必填")
            return None
        value = lookup.get(normalise_label(text))
        if value is None:
            self.refuse(label, f"应为{expected}")
        return value

    def yes_no(self, label: str, *, required: bool = True) -> bool | None:
        text = normalise_label(self.source[label])
        if not text:
            if required:
                self.refuse(label, "必填（是/否）")
            return None
        if text in YES:
            return True
        if text in NO:
            return False
        self.refuse(label, "应为“是”或“否”")
        return None

    def year_month(self, year_label: str, month_label: str) -> tuple[int | None, int | None]:
        """A past or current month: a count for a month that has not begun is a typing error."""
        year = self.integer(year_label, minimum=2008, maximum=2100)
        month = self.integer(month_label, minimum=1, maximum=12)
        if year is not None and month is not None and (year, month) > (self.today.year, self.today.month):
            self.refuse(month_label, "月份不能晚于本月")
            return None, None
        return year, month


# References a row names by text and the plan resolves against the database, one query per chunk.


def _unit_lookup(agency) -> dict[str, int]:
    """Units by name and by short name (a short name shared by two units is not accepted)."""
    lookup: dict[str, int] = {}
    ambiguous: set[str] = set()
    for pk, name, short_name in Unit.objects.filter(agency=agency).values_list("pk", "name", "short_name"):
        lookup[normalise_label(name)] = pk
        if short_name:
            key = normalise_label(short_name)
            if key in lookup and lookup[key] != pk:
                ambiguous.add(key)
            lookup.setdefault(key, pk)
    return {key: pk for key, pk in lookup.items() if key not in ambiguous}


def _channel_lookup(agency) -> tuple[dict[str, int], dict[str, str]]:
    """Channels by name, and by kind label (微博, 门户网站 …) when the agency runs exactly one of that kind."""
    by_name: dict[str, int] = {}
    by_kind: dict[str, list[int]] = {}
    for pk, name, kind in Channel.objects.filter(agency=agency).values_list("pk", "name", "kind"):
        by_name[normalise_label(name)] = pk
        by_kind.setdefault(kind, []).append(pk)
    kinds = choice_lookup(Channel.Kind)
    reasons: dict[str, str] = {}
    for word, kind in kinds.items():
        found = by_kind.get(kind, [])
        if word in by_name:
            continue
        if len(found) == 1:
            by_name[word] = found[0]
        elif len(found) > 1:
            reasons[word] = f"本机关有{len(found)}个“{Channel.Kind(kind).label}”渠道，请填写渠道名称"
    return by_name, reasons


@dataclass(frozen=True)
class LedgerTable:
    """One importable ledger table.

    read(cells) -> model field values (without agency, unit and channel); key_fields: the natural key
    within the agency, by attname; compare_fields: what must equal the recorded line for a re-imported
    row to count as already there.
    """

    kind: str
    title: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    read: Callable[[Cells], dict[str, Any]]
    key_fields: tuple[str, ...]
    compare_fields: tuple[str, ...]
    field_columns: dict[str, str]
    help: str
    channel_column: str | None = None  # the column naming a Channel, for the posts table

    @property
    def key_column(self) -> str:
        labels = [self.field_columns.get(name.removesuffix("_id"), UNIT if name == "unit_id" else name)
                  for name in self.key_fields]
        return "、".join(dict.fromkeys(labels))

    def spec(self) -> TableSpec:
        return TableSpec(kind=self.kind, title=self.title, columns=self.columns,
                         parse_row=partial(parse_ledger_row, self), plan_chunk=partial(plan_ledger_chunk, self),
                         write_chunk=partial(write_ledger_chunk, self), help=self.help)


def parse_ledger_row(table: LedgerTable, source: SourceRow, agency, today: dt.date):
    """Check one row alone: cell formats, then the model's own field and cross-field rules."""
    cells = Cells(source, today)
    values = table.read(cells)
    unit_text = cells.text(UNIT, required=True, max_length=100)
    channel_text = cells.text(table.channel_column, required=True, max_length=100) if table.channel_column else ""
    note = cells.text(NOTE, max_length=300)
    if cells.errors:
        return None, cells.errors
    instance = table.model(agency=agency, note=note, **values)
    try:
        instance.clean_fields(exclude=["agency", "unit", "channel", "created_by"])
        instance.clean()
    except ValidationError as exc:
        errors = []
        for name, messages in exc.message_dict.items():
            label = table.field_columns.get(name) or table.columns[0].label
            if name == NON_FIELD_ERRORS:
                label = table.columns[0].label
            errors.extend(RowError(source.number, label, message, source[label]) for message in messages)
        return None, errors
    values["note"] = note
    # Readable, because the shared loop prints it as the value of a duplicate row.
    text_key = [_display(values.get(name)) for name in table.key_fields if not name.endswith("_id")]
    text_key += [normalise_label(channel_text)] if channel_text else []
    text_key += [normalise_label(unit_text)]
    return ParsedRow(source.number, " | ".join(text_key), table.key_column,
                     {"values": values, "unit": unit_text, "channel": channel_text}), []


def plan_ledger_chunk(table: LedgerTable, agency, rows: list[ParsedRow]) -> ChunkPlan:
    """Resolve unit and channel names, then skip lines already recorded with the same figures."""
    plan = ChunkPlan([], 0, [])
    units = _unit_lookup(agency)
    channels, channel_reasons = _channel_lookup(agency) if table.channel_column else ({}, {})
    resolved: list[ParsedRow] = []
    for parsed in rows:
        unit_id = units.get(normalise_label(parsed.data["unit"]))
        if unit_id is None:
            plan.errors.append(RowError(parsed.row, UNIT, "本机关没有该单位（应为局属单位的名称或简称）", parsed.data["unit"]))
            continue
        parsed.data["values"]["unit_id"] = unit_id
        if table.channel_column:
            word = normalise_label(parsed.data["channel"])
            channel_id = channels.get(word)
            if channel_id is None:
                reason = channel_reasons.get(word, "本机关没有该发布渠道（请先在后台登记或导入发布渠道）")
                plan.errors.append(RowError(parsed.row, table.channel_column, reason, parsed.data["channel"]))
                continue
            parsed.data["values"]["channel_id"] = channel_id
        resolved.append(parsed)
    if not resolved:
        return plan
    first = table.key_fields[0]
    candidates = table.model.objects.filter(agency=agency, **{f"{first}__in": {p.data["values"][first] for p in resolved}})
    existing = {tuple(line[name] for name in table.key_fields): line
                for line in candidates.values(*table.key_fields, *table.compare_fields)}
    seen: dict[tuple, int] = {}
    for parsed in resolved:
        values = parsed.data["values"]
        key = tuple(values[name] for name in table.key_fields)
        if key in seen:
            plan.errors.append(RowError(parsed.row, table.key_column, f"与第{seen[key]}行是同一条记录", parsed.data["unit"]))
            continue
        seen[key] = parsed.row
        line = existing.get(key)
        if line is None:
            plan.to_create.append(parsed)
            continue
        differing = [name for name in table.compare_fields if line[name] != values[name]]
        if not differing:
            plan.already_present += 1
            continue
        name = differing[0]
        label = table.field_columns.get(name.removesuffix("_id"), name)
        plan.errors.append(RowError(parsed.row, label,
                                    f"该记录已登记，{label}为“{_display(line[name])}”，与本行不同；如需更正请在后台修改",
                                    _display(values[name])))
    return plan


def _display(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def write_ledger_chunk(table: LedgerTable, agency, rows: list[ParsedRow], user) -> None:
    creator = user if getattr(user, "is_authenticated", False) else None
    table.model.objects.bulk_create(
        table.model(agency=agency, imported=True, created_by=creator, **parsed.data["values"]) for parsed in rows)


# ======================================================================================
# The tables
# ======================================================================================

CHANNEL_KINDS = choice_lookup(Channel.Kind, {
    Channel.Kind.PORTAL: ("网站", "政府网站", "门户"),
    Channel.Kind.WECHAT: ("微信", "公众号"),
    Channel.Kind.WEIBO: ("官方微博", "政务微博"),
    Channel.Kind.APP: ("APP", "客户端", "移动客户端"),
    Channel.Kind.TOUTIAO: ("头条号",),
    Channel.Kind.VIDEO: ("抖音", "快手", "视频号"),
    Channel.Kind.BROADCAST: ("电视", "广播", "报纸"),
    Channel.Kind.TOUCHSCREEN: ("触摸屏", "触屏", "服务大厅触屏"),
})
CHANNEL_KINDS_EXPECTED = "、".join(f"“{label}”" for label in Channel.Kind.labels)


def read_channel(cells: Cells) -> dict[str, Any]:
    active = cells.yes_no("在用", required=False)
    return {"name": cells.text("渠道名称", required=True, max_length=100),
            "kind": cells.choice("渠道类型", CHANNEL_KINDS, CHANNEL_KINDS_EXPECTED),
            "address": cells.text("网址或账号", max_length=200),
            "is_active": True if active is None else active}


CHANNELS = LedgerTable(
    kind="ledger-channels", title="发布渠道", model=Channel,
    columns=(Column("渠道名称", required=True, aliases=("渠道", "平台", "平台名称")),
             Column("渠道类型", required=True, aliases=("类型", "平台类型")),
             Column("网址或账号", aliases=("网址", "账号")), Column("在用", aliases=("是否在用",)),
             UNIT_COLUMN, NOTE_COLUMN),
    read=read_channel, key_fields=("name",), compare_fields=("kind", "unit_id"),
    field_columns={"name": "渠道名称", "kind": "渠道类型", "address": "网址或账号", "is_active": "在用", "unit": UNIT},
    help="工作台账：发布渠道（门户网站、微信公众号、微博、APP……及运营单位）",
)


def read_posts(cells: Cells) -> dict[str, Any]:
    year, month = cells.year_month("年", "月")
    return {"year": year, "month": month, "posts": cells.integer("发布条数")}


POSTS = LedgerTable(
    kind="ledger-posts", title="渠道月度发布量", model=ChannelPosts,
    columns=(Column("渠道", required=True, aliases=("渠道名称", "平台", "发布渠道")),
             Column("年", required=True, aliases=("年份",)), Column("月", required=True, aliases=("月份",)),
             Column("发布条数", required=True, aliases=("条数", "发布数量", "发稿数")), UNIT_COLUMN, NOTE_COLUMN),
    read=read_posts, key_fields=("year", "channel_id", "month", "unit_id"), compare_fields=("posts",),
    field_columns={"channel": "渠道", "year": "年", "month": "月", "posts": "发布条数", "unit": UNIT},
    channel_column="渠道",
    help="工作台账：各渠道每月发布条数（渠道、年、月、发布条数、单位）",
)


def read_press(cells: Cells) -> dict[str, Any]:
    names = cells.text("到场媒体", max_length=500)
    media_count = cells.integer("到场媒体数", required=False)
    if media_count is None:
        media_count = len([n for n in re.split(r"[、,，;；/\s]+", names) if n])
    live = cells.yes_no("是否直播")
    live_count = cells.integer("直播媒体数", required=False)
    if live_count is None:
        live_count = 1 if live else 0
    return {"held_on": cells.date("日期"), "subject": cells.text("主题", required=True, max_length=200),
            "media_count": media_count, "media_names": names, "live_streamed": live, "live_media_count": live_count}


PRESS = LedgerTable(
    kind="ledger-press", title="新闻发布会", model=PressConference,
    columns=(Column("日期", required=True, aliases=("召开日期", "发布日期")),
             Column("主题", required=True, aliases=("发布主题", "发布会主题")),
             Column("到场媒体数", aliases=("媒体数",)), Column("到场媒体", aliases=("媒体名称", "到场媒体名称")),
             Column("是否直播", required=True, aliases=("直播", "全程直播")), Column("直播媒体数"),
             UNIT_COLUMN, NOTE_COLUMN),
    read=read_press, key_fields=("held_on", "subject"),
    compare_fields=("unit_id", "media_count", "live_streamed", "live_media_count"),
    field_columns={"held_on": "日期", "subject": "主题", "media_count": "到场媒体数", "media_names": "到场媒体",
                   "live_streamed": "是否直播", "live_media_count": "直播媒体数", "unit": UNIT},
    help="工作台账：新闻发布会（日期、主题、到场媒体、是否直播、单位）",
)

MEDIA_LEVELS = choice_lookup(MediaLevel, {
    MediaLevel.CENTRAL: ("中央", "国家级"), MediaLevel.PROVINCIAL: ("省", "省级媒体"),
    MediaLevel.REGIONAL: ("区", "自治区级"), MediaLevel.MUNICIPAL: ("市", "市级媒体"),
    MediaLevel.ONLINE: ("网络", "网媒"),
})


def read_media(cells: Cells) -> dict[str, Any]:
    """A dated row is one article (年/月 from its date); an undated row is a month's count (年、月、篇数)."""
    level = cells.choice("级别", MEDIA_LEVELS, "、".join(f"“{label}”" for label in MediaLevel.labels))
    published_on = cells.date("日期", required=False)
    if published_on is not None or cells["日期"]:
        count = cells.integer("篇数", required=False, minimum=1)
        year = cells.integer("年", required=False, minimum=2008, maximum=2100)
        month = cells.integer("月", required=False, minimum=1, maximum=12)
        year = published_on.year if year is None and published_on else year
        month = published_on.month if month is None and published_on else month
        count = 1 if count is None else count
    else:
        year, month = cells.year_month("年", "月")
        count = cells.integer("篇数")
        if cells["标题"]:
            cells.refuse("标题", "按月汇总的行不填写标题；按篇登记请填写日期")
    return {"level": level, "published_on": published_on, "year": year, "month": month, "count": count,
            "title": cells.text("标题", max_length=300), "outlet": cells.text("媒体名称", max_length=100)}


MEDIA = LedgerTable(
    kind="ledger-media", title="新闻媒体发稿", model=MediaOutput,
    columns=(Column("级别", required=True, aliases=("媒体级别",)), Column("年", aliases=("年份",)),
             Column("月", aliases=("月份",)), Column("篇数", aliases=("发稿数", "发稿篇数")),
             Column("日期", aliases=("刊发日期", "发稿日期")), Column("标题", aliases=("稿件标题",)),
             Column("媒体名称", aliases=("媒体",)), UNIT_COLUMN, NOTE_COLUMN),
    read=read_media, key_fields=("year", "month", "level", "published_on", "title", "unit_id"),
    compare_fields=("count", "outlet"),
    field_columns={"level": "级别", "year": "年", "month": "月", "count": "篇数", "published_on": "日期",
                   "title": "标题", "outlet": "媒体名称", "unit": UNIT},
    help="工作台账：新闻媒体发稿（按月：级别、年、月、篇数；按篇：级别、日期、标题、媒体名称）",
)

RECIPIENTS = choice_lookup(PaperCopy.Recipient, {
    PaperCopy.Recipient.SERVICE_CENTRE: ("市政务服务中心", "政务中心", "政务服务大厅", "行政服务中心"),
    PaperCopy.Recipient.ARCHIVES: ("市档案馆", "档案局"),
    PaperCopy.Recipient.LIBRARY: ("市图书馆", "公共图书馆"),
})


def read_paper(cells: Cells) -> dict[str, Any]:
    return {"sent_on": cells.date("日期"),
            "recipient": cells.choice("接收场所", RECIPIENTS, "“政务服务中心”“档案馆”或“图书馆”"),
            "documents": cells.integer("份数", minimum=1), "titles": cells.text("文件名称", max_length=500)}


PAPER = LedgerTable(
    kind="ledger-paper", title="纸质文件报送", model=PaperCopy,
    columns=(Column("日期", required=True, aliases=("报送日期", "提供日期")),
             Column("接收场所", required=True, aliases=("接收单位", "查阅场所")),
             Column("份数", required=True, aliases=("文件份数",)), Column("文件名称", aliases=("文件",)),
             UNIT_COLUMN, NOTE_COLUMN),
    read=read_paper, key_fields=("sent_on", "recipient", "titles", "unit_id"), compare_fields=("documents",),
    field_columns={"sent_on": "日期", "recipient": "接收场所", "documents": "份数", "titles": "文件名称", "unit": UNIT},
    help="工作台账：向政务服务中心、档案馆、图书馆提供纸质文件（日期、接收场所、份数、单位）",
)

MODES = choice_lookup(TrainingSession.Mode, {
    TrainingSession.Mode.HELD: ("组织", "主办", "自办"), TrainingSession.Mode.ATTENDED: ("派员参加", "参训", "外派"),
})


def read_training(cells: Cells) -> dict[str, Any]:
    return {"held_on": cells.date("日期"), "title": cells.text("名称", required=True, max_length=200),
            "mode": cells.choice("方式", MODES, "“举办”或“参加”"), "organiser": cells.text("主办单位", max_length=100),
            "participants": cells.integer("参训人数", minimum=1)}


TRAINING = LedgerTable(
    kind="ledger-training", title="教育培训", model=TrainingSession,
    columns=(Column("日期", required=True, aliases=("培训日期",)),
             Column("名称", required=True, aliases=("培训名称", "培训或会议名称")),
             Column("方式", required=True, aliases=("举办或参加", "类型")), Column("主办单位", aliases=("组织单位",)),
             Column("参训人数", required=True, aliases=("人数", "参加人数")), UNIT_COLUMN, NOTE_COLUMN),
    read=read_training, key_fields=("held_on", "title", "unit_id"), compare_fields=("mode", "participants"),
    field_columns={"held_on": "日期", "title": "名称", "mode": "方式", "organiser": "主办单位",
                   "participants": "参训人数", "unit": UNIT},
    help="工作台账：教育培训（日期、名称、举办/参加、参训人数、单位）",
)


def read_open_day(cells: Cells) -> dict[str, Any]:
    return {"held_on": cells.date("日期"), "title": cells.text("活动名称", required=True, max_length=200),
            "form": cells.text("活动形式", required=True, max_length=300),
            "participants": cells.integer("参与人数", required=False)}


OPEN_DAYS = LedgerTable(
    kind="ledger-open-days", title="政务公开日活动", model=OpenDay,
    columns=(Column("日期", required=True, aliases=("活动日期",)), Column("活动名称", required=True, aliases=("名称",)),
             Column("活动形式", required=True, aliases=("形式",)), Column("参与人数", aliases=("人数",)),
             UNIT_COLUMN, NOTE_COLUMN),
    read=read_open_day, key_fields=("held_on", "title"), compare_fields=("unit_id", "participants"),
    field_columns={"held_on": "日期", "title": "活动名称", "form": "活动形式", "participants": "参与人数", "unit": UNIT},
    help="工作台账：政务公开日活动（日期、活动名称、活动形式、参与人数、单位）",
)


def read_opinion(cells: Cells) -> dict[str, Any]:
    return {"responded_on": cells.date("日期"), "topic": cells.text("舆情事项", required=True, max_length=300),
            "channel": cells.text("回应渠道", required=True, max_length=100),
            "summary": cells.text("回应内容", max_length=2000)}


OPINIONS = LedgerTable(
    kind="ledger-opinion", title="舆情回应", model=OpinionResponse,
    columns=(Column("日期", required=True, aliases=("回应日期",)), Column("舆情事项", required=True, aliases=("事项", "舆情")),
             Column("回应渠道", required=True, aliases=("渠道", "回应方式")), Column("回应内容", aliases=("内容",)),
             UNIT_COLUMN, NOTE_COLUMN),
    read=read_opinion, key_fields=("responded_on", "topic"), compare_fields=("unit_id", "channel"),
    field_columns={"responded_on": "日期", "topic": "舆情事项", "channel": "回应渠道", "summary": "回应内容",
                   "unit": UNIT},
    help="工作台账：政务舆情回应（日期、舆情事项、回应渠道、单位）",
)


def read_clarification(cells: Cells) -> dict[str, Any]:
    return {"published_on": cells.date("日期"),
            "false_information": cells.text("虚假或不完整信息", required=True, max_length=2000),
            "clarification": cells.text("澄清内容", required=True, max_length=5000),
            "published_where": cells.text("发布渠道", required=True, max_length=200)}


CLARIFICATIONS = LedgerTable(
    kind="ledger-clarifications", title="澄清虚假或不完整信息", model=Clarification,
    columns=(Column("日期", required=True, aliases=("澄清日期",)),
             Column("虚假或不完整信息", required=True, aliases=("虚假信息", "不实信息")),
             Column("澄清内容", required=True, aliases=("澄清信息",)),
             Column("发布渠道", required=True, aliases=("发布途径", "渠道")), UNIT_COLUMN, NOTE_COLUMN),
    read=read_clarification, key_fields=("published_on", "false_information"),
    compare_fields=("unit_id", "clarification", "published_where"),
    field_columns={"published_on": "日期", "false_information": "虚假或不完整信息", "clarification": "澄清内容",
                   "published_where": "发布渠道", "unit": UNIT},
    help="工作台账：澄清虚假或不完整信息（条例第六条：日期、虚假或不完整信息、澄清内容、发布渠道、单位）",
)

LEDGER_TABLES: tuple[LedgerTable, ...] = (CHANNELS, POSTS, PRESS, MEDIA, PAPER, TRAINING, OPEN_DAYS, OPINIONS,
                                          CLARIFICATIONS)

# The objects named in gongkai/ops/management/commands/import_data.py IMPORTERS.
CHANNELS_LEDGER = CHANNELS.spec()
POSTS_LEDGER = POSTS.spec()
PRESS_LEDGER = PRESS.spec()
MEDIA_LEDGER = MEDIA.spec()
PAPER_LEDGER = PAPER.spec()
TRAINING_LEDGER = TRAINING.spec()
OPEN_DAYS_LEDGER = OPEN_DAYS.spec()
OPINIONS_LEDGER = OPINIONS.spec()
CLARIFICATIONS_LEDGER = CLARIFICATIONS.spec()


def import_ledger(table: LedgerTable, path: Path, agency, **options) -> ImportResult:
    """Convenience for tests and the demo: import one table's file for an agency."""
    return import_table(table.spec(), path, agency, **options)
