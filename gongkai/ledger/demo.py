"""Demo ledger: two years of plausible lines for the demo bureau, and the 2018 ledger behind the seed report.

`load(agency, today)` is a DEMO_LOADERS entry. `seed_2018_ledger(agency)` rebuilds the lines whose
figures the real 柳州市公安局 2018 report printed (docs/LEDGER.md explains the choices), so the
report engineer can check a computed report against a published one. Both are idempotent.
"""

from __future__ import annotations

import datetime as dt
import random

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

Kind = Channel.Kind
Recipient = PaperCopy.Recipient


def _unit(agency, name: str, order: int = 100) -> Unit:
    unit, _ = Unit.objects.get_or_create(agency=agency, name=name, defaults={"sort_order": order})
    return unit


def _channel(agency, unit, name: str, kind: str, address: str = "") -> Channel:
    channel, _ = Channel.objects.get_or_create(agency=agency, name=name,
                                               defaults={"unit": unit, "kind": kind, "address": address})
    return channel


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` split into `parts` uneven whole numbers that add up exactly."""
    weights = [rng.uniform(0.8, 1.2) for _ in range(parts)]
    shares = [int(total * w / sum(weights)) for w in weights]
    shares[-1] += total - sum(shares)
    return shares


def _months(year: int, today: dt.date) -> list[int]:
    return [m for m in range(1, 13) if (year, m) <= (today.year, today.month)]


# ======================================================================================
# The demo bureau (示范市公安局): two years up to `today`
# ======================================================================================

DEMO_CHANNELS = (  # name, kind, unit, average posts per month
    ("示范市公安局门户网站", Kind.PORTAL, "办公室", 620),
    ("示范警方微信公众号", Kind.WECHAT, "宣传处", 240),
    ("示范公安微博", Kind.WEIBO, "宣传处", 310),
    ("示范警方APP", Kind.APP, "宣传处", 90),
    ("示范交警头条号", Kind.TOUTIAO, "交警支队", 70),
    ("政务服务大厅触摸屏", Kind.TOUCHSCREEN, "办公室", 12),
)
DEMO_MEDIA = {MediaLevel.CENTRAL: 8, MediaLevel.PROVINCIAL: 45, MediaLevel.MUNICIPAL: 280, MediaLevel.ONLINE: 190}
DEMO_PRESS = (  # month, day, subject, media, live media
    (1, 20, "春节期间安保工作部署", 12, 2), (3, 15, "打击电信网络诈骗犯罪专项行动成效", 10, 0),
    (4, 28, "“放管服”改革便民措施", 9, 1), (7, 10, "上半年全市治安形势", 14, 2),
    (9, 26, "国庆假期交通安全提示", 8, 0), (12, 18, "年度公安工作回顾", 11, 1),
)
DEMO_OPINIONS = (
    (2, 9, "网传“某小区发生入室盗窃”", "示范公安微博", "经核查系旧闻，已在微博说明并提示防范"),
    (6, 3, "群众反映出入境证件办理排长队", "门户网站", "公布预约办理渠道并增设周末窗口"),
    (8, 21, "交通事故处理进度的网络关注", "示范警方微信公众号", "发布事故处理警情通报"),
    (11, 5, "户籍业务“跑多次”的留言", "新闻发布会", "通报户籍业务“最多跑一次”清单"),
)


def load(agency, today: dt.date) -> None:
    """Lines for last year and this year up to `today`, from every unit that keeps a ledger."""
    rng = random.Random(f"ledger-{agency.code}")
    units = {name: _unit(agency, name) for name in {"办公室", "宣传处", "交警支队", "出入境管理支队"}}
    channels = [(_channel(agency, units[unit], name, kind), average) for name, kind, unit, average in DEMO_CHANNELS]
    for year in (today.year - 1, today.year):
        for month in _months(year, today):
            for channel, average in channels:
                ChannelPosts.objects.get_or_create(
                    agency=agency, unit=channel.unit, channel=channel, year=year, month=month,
                    defaults={"posts": max(0, int(average * rng.uniform(0.75, 1.25)))})
                if channel.kind == Kind.PORTAL:  # the portal also carries the units' own news
                    ChannelPosts.objects.get_or_create(
                        agency=agency, unit=units["交警支队"], channel=channel, year=year, month=month,
                        defaults={"posts": int(60 * rng.uniform(0.7, 1.3))})
            for level, average in DEMO_MEDIA.items():
                MediaOutput.objects.get_or_create(
                    agency=agency, unit=units["宣传处"], level=level, year=year, month=month, published_on=None,
                    defaults={"count": max(0, int(average * rng.uniform(0.6, 1.4)))})
        _dated_lines(agency, units, year, today, rng)


def _dated_lines(agency, units, year: int, today: dt.date, rng: random.Random) -> None:
    def past(month: int, day: int) -> dt.date | None:
        when = dt.date(year, month, day)
        return when if when <= today else None

    for month, day, subject, media, live in DEMO_PRESS:
        if held_on := past(month, day):
            PressConference.objects.get_or_create(
                agency=agency, held_on=held_on, subject=subject,
                defaults={"unit": units["宣传处"], "media_count": media, "live_streamed": live > 0,
                          "live_media_count": live, "media_names": "示范日报、示范电视台、示范广播电台、新华网"})
    for month in (3, 6, 9, 12):
        for recipient in Recipient.values:
            if sent_on := past(month, 25):
                PaperCopy.objects.get_or_create(
                    agency=agency, unit=units["办公室"], sent_on=sent_on, recipient=recipient, titles="",
                    defaults={"documents": rng.randint(4, 9)})
    trainings = ((4, 12, "全局政务公开业务培训班", TrainingSession.Mode.HELD, "", 85, "办公室"),
                 (10, 16, "全市政府信息公开工作培训会", TrainingSession.Mode.ATTENDED, "市政务公开办", 3, "办公室"),
                 (6, 20, "出入境政务服务信息公开专题培训", TrainingSession.Mode.HELD, "", 24, "出入境管理支队"))
    for month, day, title, mode, organiser, people, unit in trainings:
        if held_on := past(month, day):
            TrainingSession.objects.get_or_create(
                agency=agency, unit=units[unit], held_on=held_on, title=title,
                defaults={"mode": mode, "organiser": organiser, "participants": people})
    if held_on := past(5, 15):
        OpenDay.objects.get_or_create(
            agency=agency, held_on=held_on, title=f"{year}年政务公开日活动",
            defaults={"unit": units["办公室"], "form": "设置咨询台、展板展示、发放宣传册、开放户籍和出入境窗口体验",
                      "participants": rng.randint(300, 600)})
    for month, day, topic, channel, summary in DEMO_OPINIONS:
        if responded_on := past(month, day):
            OpinionResponse.objects.get_or_create(
                agency=agency, responded_on=responded_on, topic=topic,
                defaults={"unit": units["宣传处"], "channel": channel, "summary": summary})
    if year < today.year and (published_on := past(7, 30)):
        if not Clarification.objects.filter(agency=agency, published_on=published_on).exists():
            Clarification.objects.create(
                agency=agency, unit=units["交警支队"], published_on=published_on,
                false_information="网传“8月1日起全市电动自行车一律禁止上路”",
                clarification="经核实，该信息不实。全市未出台禁止电动自行车上路的规定，已登记上牌的电动自行车可正常通行。",
                published_where="示范公安微博、示范警方微信公众号")


# ======================================================================================
# The seed report: 柳州市公安局2018年政府信息公开工作年度报告
# ======================================================================================

SEED_YEAR = 2018
SEED_PORTAL_POSTS = 9_300  # "年内共在2个平台发布信息14394条": 网上公安局 and the 柳州警方 WeChat account
SEED_WECHAT_POSTS = 5_094  # "在新媒体平台共计发稿5000余篇"
SEED_MEDIA = {  # "1-11月，共在各类新闻媒体发稿6291篇": counted January to November
    MediaLevel.CENTRAL: 90, MediaLevel.REGIONAL: 544, MediaLevel.MUNICIPAL: 3497, MediaLevel.ONLINE: 2160}
SEED_PRESS = (  # "召开了9次新闻发布会……春节安保、上半年治安情况、“放管服”工作成效……其中两家媒体全程直播"
    (dt.date(2018, 2, 8), "春节期间安保工作", 0),
    (dt.date(2018, 3, 20), "打击整治涉黑涉恶违法犯罪", 0),
    (dt.date(2018, 4, 26), "电信网络诈骗犯罪防范", 0),
    (dt.date(2018, 5, 24), "“平安柳州”建设工作进展", 0),
    (dt.date(2018, 7, 12), "上半年全市治安情况", 2),
    (dt.date(2018, 8, 30), "公安交管“放管服”改革20项便民措施", 0),
    (dt.date(2018, 9, 27), "“放管服”工作成效", 0),
    (dt.date(2018, 11, 15), "冬季道路交通安全", 0),
    (dt.date(2018, 12, 20), "全年公安工作回顾", 0),
)
SEED_PAPER = {Recipient.SERVICE_CENTRE: 25, Recipient.ARCHIVES: 25, Recipient.LIBRARY: 25}  # "提供纸质文件75份"


def seed_2018_ledger(agency) -> None:
    """The 2018 lines of the seed report for `agency` (its units 办公室 and 宣传处 are created if missing).

    The report gives totals only; monthly and dated detail is spread deterministically so that
    every total the report prints is what `ledger_figures(agency, 2018)` computes.
    """
    rng = random.Random("seed-2018")
    office, publicity = _unit(agency, "办公室", 0), _unit(agency, "宣传处", 1)
    portal = _channel(agency, office, "柳州市网上公安局", Kind.PORTAL, "http://gaj.liuzhou.gov.cn")
    wechat = _channel(agency, publicity, "柳州警方微信公众号", Kind.WECHAT)
    for channel, total in ((portal, SEED_PORTAL_POSTS), (wechat, SEED_WECHAT_POSTS)):
        for month, posts in enumerate(_spread(total, 12, rng), start=1):
            ChannelPosts.objects.get_or_create(agency=agency, unit=channel.unit, channel=channel, year=SEED_YEAR,
                                               month=month, defaults={"posts": posts})
    for level, total in SEED_MEDIA.items():
        for month, count in enumerate(_spread(total, 11, rng), start=1):
            MediaOutput.objects.get_or_create(agency=agency, unit=publicity, level=level, year=SEED_YEAR, month=month,
                                              published_on=None, defaults={"count": count})
    for held_on, subject, live in SEED_PRESS:
        PressConference.objects.get_or_create(
            agency=agency, held_on=held_on, subject=subject,
            defaults={"unit": publicity, "media_count": 8 + live, "live_streamed": live > 0, "live_media_count": live,
                      "media_names": "柳州日报、柳州电视台、柳州广播电台、南国今报、广西电视台"})
    quarters = (dt.date(2018, 3, 28), dt.date(2018, 6, 27), dt.date(2018, 9, 26), dt.date(2018, 12, 26))
    for recipient, total in SEED_PAPER.items():
        for sent_on, documents in zip(quarters, _spread(total, 4, rng)):
            PaperCopy.objects.get_or_create(agency=agency, unit=office, sent_on=sent_on, recipient=recipient,
                                            titles="", defaults={"documents": documents})
    TrainingSession.objects.get_or_create(
        agency=agency, unit=office, held_on=dt.date(2018, 11, 8), title="政务公开绩效工作会",
        defaults={"mode": TrainingSession.Mode.ATTENDED, "participants": 2,
                  "organiser": "市政务公开政府信息公开政务服务工作领导小组办公室"})
    OpenDay.objects.get_or_create(
        agency=agency, held_on=dt.date(2018, 5, 15), title="第五届政务公开日活动",
        defaults={"unit": office, "form": "设计展板、设置政务公开咨询窗口、发放宣传册"})
