"""A ledger built to match the seed report's 2018 figures produces a report that states them."""

import datetime as dt

import pytest

from gongkai.catalog.models import Category, Item
from gongkai.org.models import Unit
from gongkai.reports.document import build_document

SEED_SENTENCES = (
    "2018年我局共主动公开政府信息18528条",
    "年内共在2个平台发布信息14394条",
    "共在各类新闻媒体发稿6291篇，其中，中央级90篇、区级544篇、市级3497篇，网络媒体2160篇",
    "召开了9次新闻发布会，其中2家媒体全程直播",
    "共向市政务服务中心、档案馆、图书馆提供纸质文件75份",
    "需要澄清的虚假或不完整信息0条",
    "接到公民申请公开政府信息1条",
)


@pytest.mark.django_db
def test_the_2018_report_states_the_seed_figures(demo_bureau):
    from gongkai.inforequests import services
    from gongkai.ledger.demo import seed_2018_ledger

    seed_2018_ledger(demo_bureau)
    column = Category.objects.create(agency=demo_bureau, slug="police-bulletins", name="警情通报")
    unit = Unit.objects.get(agency=demo_bureau, name="宣传处")
    start = dt.date(2018, 1, 1)
    Item.objects.bulk_create([
        Item(agency=demo_bureau, unit=unit, category=column, title=f"警情通报{n}", written_on=start + dt.timedelta(days=n % 360),
             published_on=start + dt.timedelta(days=n % 360), state=Item.State.PUBLISHED, index_number=f"X/2018-{n:05d}")
        for n in range(18528)], batch_size=2000)
    from django.contrib.auth.models import User

    services.register_request(demo_bureau, channel="in_person", submitted_on=dt.date(2018, 6, 1), confirmed_on=None,
                              applicant_kind="自然人", description="某信息",
                              applicant={"name": "公民", "id_type": "resident_id", "id_number": "11010519491231002X",
                                         "phone": "13800000000"}, user=User.objects.get(username="gongkaiban"))
    document = build_document(demo_bureau, 2018)
    assert [s["heading"][:2] for s in document["sections"]] == ["一、", "二、", "三、", "四、", "五、", "六、", "七、"]
    text = "".join(p for s in document["sections"] for p in s["paragraphs"])
    for sentence in SEED_SENTENCES:
        assert sentence in text, sentence


@pytest.mark.django_db
def test_the_html_report_charts_posts_by_channel(demo_bureau):
    from gongkai.ledger.demo import load
    from gongkai.ledger.stats import ledger_figures
    from gongkai.reports.renderers import render

    load(demo_bureau, dt.date(2026, 3, 1))
    channels = ledger_figures(demo_bureau, 2025)["channels"]
    html = render(build_document(demo_bureau, 2025), "html").decode()
    assert "2025年各平台发布信息数" in html and channels and all(c["name"] in html for c in channels)
