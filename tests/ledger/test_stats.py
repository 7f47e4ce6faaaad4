"""The ledger's figures for a year: the report's keys, year boundaries, per-unit figures, interpretations."""

import datetime as dt

import pytest

from gongkai.ledger.models import (
    Channel,
    ChannelPosts,
    Clarification,
    MediaOutput,
    OpenDay,
    OpinionResponse,
    PaperCopy,
    PressConference,
    TrainingSession,
)
from gongkai.ledger.stats import ledger_figures, unit_figures
from gongkai.org.models import Unit

D = dt.date
KEYS = {"channels", "channels_count", "posts_total", "new_media_posts", "press_conferences",
        "press_conferences_live_media", "media_output", "media_output_total", "paper_copies", "paper_copies_total",
        "training_sessions", "training_participants", "open_days", "opinion_responses", "clarifications",
        "policy_interpretations"}


def unit(agency, name):
    return Unit.objects.get(agency=agency, name=name)


def dated_lines(agency, on: dt.date):
    """One line of every dated kind on `on`."""
    office, press = unit(agency, "办公室"), unit(agency, "宣传处")
    PressConference.objects.create(agency=agency, unit=press, held_on=on, subject=f"发布会{on}", media_count=5,
                                   live_streamed=True, live_media_count=2)
    PaperCopy.objects.create(agency=agency, unit=office, sent_on=on, recipient="library", documents=7)
    TrainingSession.objects.create(agency=agency, unit=office, held_on=on, title=f"培训{on}", mode="held",
                                   participants=40)
    OpenDay.objects.create(agency=agency, unit=office, held_on=on, title=f"公开日{on}", form="展板")
    OpinionResponse.objects.create(agency=agency, unit=press, responded_on=on, topic=f"舆情{on}", channel="微博")
    Clarification.objects.create(agency=agency, unit=press, published_on=on, false_information="谣言",
                                 clarification="澄清", published_where="微博")


@pytest.mark.django_db
def test_an_empty_year_has_every_key_and_zeroes(demo_bureau):
    figures = ledger_figures(demo_bureau, 2024)
    assert set(figures) == KEYS
    assert figures["media_output"] == {"中央级": 0, "省级": 0, "区级": 0, "市级": 0, "网络媒体": 0}
    assert figures["paper_copies"] == {"政务服务中心": 0, "档案馆": 0, "图书馆": 0}
    assert figures["channels"] == [] and figures["press_conferences_live_media"] == 0
    assert unit_figures(demo_bureau, 2024) == []


@pytest.mark.django_db
def test_records_on_31_december_and_1_january_count_in_their_own_year(demo_bureau):
    dated_lines(demo_bureau, D(2024, 12, 31))
    dated_lines(demo_bureau, D(2025, 1, 1))
    dated_lines(demo_bureau, D(2025, 12, 31))
    dated_lines(demo_bureau, D(2026, 1, 1))
    for year, expected in ((2024, 1), (2025, 2), (2026, 1), (2023, 0)):
        figures = ledger_figures(demo_bureau, year)
        assert figures["press_conferences"] == expected
        assert figures["press_conferences_live_media"] == 2 * expected
        assert figures["paper_copies"]["图书馆"] == figures["paper_copies_total"] == 7 * expected
        assert (figures["training_sessions"], figures["training_participants"]) == (expected, 40 * expected)
        assert figures["open_days"] == figures["opinion_responses"] == figures["clarifications"] == expected


@pytest.mark.django_db
def test_posts_by_channel_and_new_media_exclude_the_portal(demo_bureau):
    office, press = unit(demo_bureau, "办公室"), unit(demo_bureau, "宣传处")
    portal = Channel.objects.create(agency=demo_bureau, unit=office, name="门户网站", kind="portal")
    weibo = Channel.objects.create(agency=demo_bureau, unit=press, name="示范公安微博", kind="weibo")
    idle = Channel.objects.create(agency=demo_bureau, unit=press, name="旧APP", kind="app")
    ChannelPosts.objects.create(agency=demo_bureau, unit=office, channel=portal, year=2024, month=12, posts=100)
    ChannelPosts.objects.create(agency=demo_bureau, unit=office, channel=portal, year=2025, month=1, posts=300)
    ChannelPosts.objects.create(agency=demo_bureau, unit=press, channel=portal, year=2025, month=1, posts=20)
    ChannelPosts.objects.create(agency=demo_bureau, unit=press, channel=weibo, year=2025, month=12, posts=50)
    ChannelPosts.objects.create(agency=demo_bureau, unit=press, channel=idle, year=2025, month=3, posts=0)
    figures = ledger_figures(demo_bureau, 2025)
    assert figures["channels"] == [{"name": "门户网站", "posts": 320}, {"name": "示范公安微博", "posts": 50}]
    assert (figures["channels_count"], figures["posts_total"], figures["new_media_posts"]) == (2, 370, 50)
    assert ledger_figures(demo_bureau, 2024)["posts_total"] == 100


@pytest.mark.django_db
def test_media_output_sums_monthly_counts_and_single_articles_by_level(demo_bureau):
    press = unit(demo_bureau, "宣传处")
    MediaOutput.objects.create(agency=demo_bureau, unit=press, level="municipal", year=2025, month=1, count=30)
    MediaOutput.objects.create(agency=demo_bureau, unit=press, level="central", year=2025, month=2, count=1,
                               published_on=D(2025, 2, 3), title="反诈")
    MediaOutput.objects.create(agency=demo_bureau, unit=press, level="central", year=2024, month=12, count=1,
                               published_on=D(2024, 12, 31), title="跨年")
    figures = ledger_figures(demo_bureau, 2025)
    assert figures["media_output"] == {"中央级": 1, "省级": 0, "区级": 0, "市级": 30, "网络媒体": 0}
    assert figures["media_output_total"] == 31


@pytest.mark.django_db
def test_unit_figures_name_each_unit_with_lines(demo_bureau):
    dated_lines(demo_bureau, D(2025, 6, 1))
    rows = {row["unit"]: row for row in unit_figures(demo_bureau, 2025)}
    assert set(rows) == {"办公室", "宣传处"}
    assert rows["办公室"]["paper_copies"] == 7 and rows["办公室"]["training_participants"] == 40
    assert rows["宣传处"]["press_conferences"] == 1 and rows["宣传处"]["clarifications"] == 1
    assert rows["宣传处"]["paper_copies"] == 0


@pytest.mark.django_db
def test_policy_interpretations_count_published_interpreting_items_of_the_year(demo_bureau):
    from gongkai.catalog.models import Category, Item

    category = Category.objects.create(agency=demo_bureau, slug="jiedu", name="政策解读")
    office = unit(demo_bureau, "办公室")

    def item(title, published_on, interprets=None, state=Item.State.PUBLISHED):
        return Item.objects.create(agency=demo_bureau, unit=office, category=category, title=title,
                                   written_on=D(2024, 1, 1), published_on=published_on, state=state,
                                   interprets=interprets)

    policy = item("关于电动自行车登记的通告", D(2024, 12, 1))
    item("《通告》解读", D(2024, 12, 31), policy)
    item("《通告》图解", D(2025, 1, 1), policy)
    item("未发布的解读", None, policy, state=Item.State.DRAFT)
    item("撤回的解读", D(2025, 3, 1), policy, state=Item.State.WITHDRAWN)
    assert ledger_figures(demo_bureau, 2024)["policy_interpretations"] == 1
    assert ledger_figures(demo_bureau, 2025)["policy_interpretations"] == 1
