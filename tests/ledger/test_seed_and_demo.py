"""The seed report's 2018 figures come back out of the ledger; the demo loads two years, twice without harm."""

import datetime as dt

import pytest

from gongkai.ledger.demo import load, seed_2018_ledger
from gongkai.ledger.models import Channel, ChannelPosts, PressConference
from gongkai.ledger.stats import ledger_figures, unit_figures


@pytest.mark.django_db
def test_the_seed_ledger_reproduces_the_2018_report(demo_bureau):
    seed_2018_ledger(demo_bureau)
    figures = ledger_figures(demo_bureau, 2018)
    assert figures["channels_count"] == 2  # "年内共在2个平台发布信息14394条"
    assert figures["posts_total"] == 14394
    assert 5000 <= figures["new_media_posts"] < 6000  # "在新媒体平台共计发稿5000余篇"
    assert figures["media_output"] == {"中央级": 90, "省级": 0, "区级": 544, "市级": 3497, "网络媒体": 2160}
    assert figures["media_output_total"] == 6291  # "1-11月，共在各类新闻媒体发稿6291篇"
    assert figures["press_conferences"] == 9  # "召开了9次新闻发布会"
    assert figures["press_conferences_live_media"] == 2  # "其中两家媒体全程直播"
    assert figures["paper_copies_total"] == 75  # "提供纸质文件75份"
    assert all(n > 0 for n in figures["paper_copies"].values())
    assert figures["training_sessions"] == 1  # "积极派人参加……绩效工作会"
    assert figures["open_days"] == 1  # "第五届政务公开日活动"
    assert figures["clarifications"] == 0  # "没有需要澄清的虚假或不完整信息"
    assert figures["policy_interpretations"] == 0  # "未出台重要政策，所以没有相关解读材料"
    assert not ChannelPosts.objects.filter(year=2018, month__gt=12).exists()
    seed_2018_ledger(demo_bureau)
    assert ledger_figures(demo_bureau, 2018) == figures


@pytest.mark.django_db
def test_the_seed_media_output_is_january_to_november(demo_bureau):
    from gongkai.ledger.models import MediaOutput

    seed_2018_ledger(demo_bureau)
    assert set(MediaOutput.objects.filter(year=2018).values_list("month", flat=True)) == set(range(1, 12))


@pytest.mark.django_db
def test_the_demo_has_two_years_of_lines_and_loads_idempotently(demo_bureau):
    today = dt.date(2026, 3, 15)
    load(demo_bureau, today)
    last, this = ledger_figures(demo_bureau, 2025), ledger_figures(demo_bureau, 2026)
    assert last["channels_count"] == 6 and last["posts_total"] > last["new_media_posts"] > 0
    assert last["press_conferences"] == 6 and last["open_days"] == 1 and last["clarifications"] == 1
    assert last["paper_copies_total"] > 0 and last["media_output"]["区级"] == 0 and last["media_output"]["省级"] > 0
    assert this["posts_total"] > 0 and this["press_conferences"] == 2  # January and March so far
    assert not ChannelPosts.objects.filter(year=2026, month__gt=3).exists()
    assert not PressConference.objects.filter(held_on__gt=today).exists()
    assert unit_figures(demo_bureau, 2025)
    counts = (Channel.objects.count(), ChannelPosts.objects.count(), PressConference.objects.count())
    load(demo_bureau, today)
    assert (Channel.objects.count(), ChannelPosts.objects.count(), PressConference.objects.count()) == counts
    assert ledger_figures(demo_bureau, 2025) == last
