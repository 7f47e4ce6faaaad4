"""The figures the narrative quotes, gathered from every part of the platform for an agency and year.

Keys are Chinese so the office can write `{主动公开总数}` into its text and the figure stays live
until sign-off. Each figure comes from the records of one app; nothing here is typed in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from gongkai.catalog.models import Item
from gongkai.credit.models import LicenseRecord, PenaltyRecord
from gongkai.inforequests.fees import fees_collected
from gongkai.inforequests.models import InfoRequest
from gongkai.ledger.stats import ledger_figures


def gather_figures(agency, year: int, stats=None) -> dict:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # A range on the timestamp, not __date: a date cast on every row can use no index.
    year_from = timezone.make_aware(dt.datetime(year, 1, 1))
    year_to = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    published = Item.objects.filter(agency=agency, published_on__range=(start, end),
                                     disclosure=Item.Disclosure.PROACTIVE)
    ledger = ledger_figures(agency, year)
    figures = {
        "年度": year,
        "机关名称": agency.name,
        "主动公开总数": published.count(),
        "政策文件数": published.exclude(document_kind="").count(),
        "政策解读数": ledger.get("policy_interpretations", published.exclude(interprets=None).count()),
        "行政许可决定数": LicenseRecord.objects.filter(agency=agency, is_current=True, decided_on__range=(start, end)).count(),
        "行政处罚决定数": PenaltyRecord.objects.filter(agency=agency, is_current=True, decided_on__range=(start, end)).count(),
        "双公示报送数": (LicenseRecord.objects.filter(agency=agency, pushed_at__gte=year_from, pushed_at__lt=year_to).count()
                     + PenaltyRecord.objects.filter(agency=agency, pushed_at__gte=year_from, pushed_at__lt=year_to).count()),
        "信息处理费": fees_collected(agency, year) or Decimal("0"),
        "发布平台数": ledger.get("channels_count", 0),
        "平台发布条数": ledger.get("posts_total", 0),
        "新媒体发稿数": ledger.get("new_media_posts", 0),
        "新闻发布会次数": ledger.get("press_conferences", 0),
        "直播媒体数": ledger.get("press_conferences_live_media", 0),
        "媒体发稿数": ledger.get("media_output_total", 0),
        "纸质文件份数": ledger.get("paper_copies_total", 0),
        "培训次数": ledger.get("training_sessions", 0),
        "培训人次": ledger.get("training_participants", 0),
        "公开日活动次数": ledger.get("open_days", 0),
        "舆情回应数": ledger.get("opinion_responses", 0),
        "澄清虚假信息数": ledger.get("clarifications", 0),
    }
    for level, count in (ledger.get("media_output") or {}).items():
        figures[f"{level}媒体发稿数"] = count
    figures["发布平台"] = "、".join(channel["name"] for channel in ledger.get("channels", []))
    figures["发布平台明细"] = {channel["name"]: channel["posts"] for channel in ledger.get("channels", [])}
    if stats is not None and year >= 2019:
        requests = stats.tables.requests
        figures.update({
            "新收申请数": requests["new"]["总计"],
            "上年结转申请数": requests["carried_in"]["总计"],
            "办结申请数": requests["total"]["总计"],
            "结转下年申请数": requests["carried_out"]["总计"],
            "予以公开数": requests["granted"]["总计"],
            "部分公开数": requests["partial"]["总计"],
            "行政复议数": stats.tables.appeals["review"]["总计"],
            "行政诉讼数": stats.tables.appeals["litigation_direct"]["总计"]
            + stats.tables.appeals["litigation_after_review"]["总计"],
        })
    else:
        figures["新收申请数"] = InfoRequest.objects.filter(agency=agency, received_on__range=(start, end)).count()
    return figures
