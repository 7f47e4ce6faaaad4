"""Every public section publishes, changes and withdraws through the one signal, and leaves site, search and sitemap agreeing.

For each section: one public_state_changed per change (a test receiver counts them), then the built
file present or gone, the search hit present or gone, the sitemap listing the page or not.
双公示 has no per-record pages, index entries or sitemap (its query pages read the records live),
so it has no case here; its dynamic prefix is checked in test_routes.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone

from gongkai.catalog import consultations as consultation_services
from gongkai.catalog import workflow
from gongkai.catalog.models import Consultation, Item
from gongkai.enforcement import services as enforcement_services
from gongkai.enforcement.capture import capture_document
from gongkai.enforcement.publication import document_url
from gongkai.org.models import Unit
from gongkai.portal import paths
from gongkai.portal.build import build_all
from gongkai.search.query import search
from tests.enforcement.conftest import adult_document
from tests.portal.helpers import sitemap_locations

pytestmark = pytest.mark.django_db


def user(username: str):
    return get_user_model().objects.get(username=username)


def built(url: str) -> bool:
    return paths.file_for_url(url).exists()


def found(word: str, agency) -> set[str]:
    """The URLs search answers for `word` (the search page's own query function)."""
    return {result.url for result in search(word, agency=agency, per_page=50).results}


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a service and what waits for its commit (the portal's rebuild), as a request would."""

    def run(action, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def test_directory_item_publish_change_withdraw(demo_bureau, site_root, make_item, signals, committed):
    make_item("既有交通通告")
    build_all()
    draft = make_item("关于春节期间烟花爆竹燃放管理的通告", state=Item.State.IN_REVIEW, published_on=None)
    url = paths.item_url(draft.pk)

    item = committed(workflow.publish_item, draft, user("admin"))
    assert signals.take() == [("Item", [item.pk], "published")]
    assert built(url) and url in found("烟花爆竹", demo_bureau) and url in sitemap_locations(site_root)

    item = committed(workflow.change_item, item, user("admin"), title="关于春节期间烟花爆竹禁放区域的通告")
    assert signals.take() == [("Item", [item.pk], "changed")]
    assert "禁放区域" in paths.file_for_url(url).read_text(encoding="utf-8")
    assert url in found("禁放区域", demo_bureau) and url in sitemap_locations(site_root)

    committed(workflow.withdraw_item, item, user("admin"), reason="内容有误")
    assert signals.take() == [("Item", [item.pk], "withdrawn")]
    assert not built(url) and not found("烟花爆竹", demo_bureau) and url not in sitemap_locations(site_root)


def test_a_rolled_back_publish_reaches_neither_site_nor_search(demo_bureau, site_root, make_item, signals, committed):
    build_all()
    draft = make_item("不应出现的通告", state=Item.State.IN_REVIEW, published_on=None)

    def publish_then_fail():
        from django.db import transaction

        with transaction.atomic():
            workflow.publish_item(draft, user("admin"))
            raise RuntimeError("later step failed")

    with pytest.raises(RuntimeError):
        committed(publish_then_fail)
    assert len(signals.take()) == 1  # sent inside the transaction; its receivers' work rolled back with it
    assert not built(paths.item_url(draft.pk)) and not found("不应出现", demo_bureau)


def test_enforcement_document_publish_withdraw_expire(demo_bureau, site_root, signals, committed):
    build_all()
    reviewer = user("shenhe")
    document = capture_document(demo_bureau, adult_document(301)).document
    url = document_url(document.pk)
    assert not signals.take()  # captured is not public

    published = committed(enforcement_services.publish_document, document, reviewer)
    assert signals.take() == [("DecisionDocument", [document.pk], "published")]
    assert built(url) and url in found("殴打", demo_bureau) and url in sitemap_locations(site_root)

    withdrawn = committed(enforcement_services.withdraw_document, published, reviewer, ground="revoked",
                          reason="复议机关撤销原决定")
    assert signals.take() == [("DecisionDocument", [document.pk], "withdrawn")]
    notice = paths.file_for_url(url).read_text(encoding="utf-8")
    assert "撤回说明" in notice and "殴打" not in notice  # 行政处罚法第四十八条: the notice replaces the text
    assert not found("殴打", demo_bureau) and url in sitemap_locations(site_root)

    after_period = withdrawn.publication_ends_on + dt.timedelta(days=1)
    assert committed(enforcement_services.expire_publications, after_period) == [document.pk]
    assert signals.take() == [("DecisionDocument", [document.pk], "withdrawn")]
    assert not built(url) and url not in sitemap_locations(site_root)


def test_consultation_publish_change_withdraw(demo_bureau, site_root, signals, committed):
    build_all()
    office = user("gongkaiban")
    today = timezone.localdate()
    consultation = Consultation.objects.create(
        agency=demo_bureau, unit=Unit.objects.filter(agency=demo_bureau).first(), title="电动自行车管理办法（征求意见稿）",
        description="公开征求意见", draft_text="第一条 为加强电动自行车管理……", opens_on=today - dt.timedelta(days=20),
        closes_on=today - dt.timedelta(days=1))
    url = paths.url("consultations:detail", pk=consultation.pk)
    client = Client(HTTP_HOST="127.0.0.1")

    consultation.is_published = True
    consultation.save()
    committed(consultation_services.record_publication_change, consultation, office, published=True)
    assert signals.take() == [("Consultation", [consultation.pk], "published")]
    assert client.get(url).status_code == 200 and not built(url)  # a dynamic page: nothing is built for it
    assert url in found("电动自行车管理", demo_bureau) and url in sitemap_locations(site_root)

    committed(consultation_services.publish_summary, consultation, office, "共收到意见3条，采纳2条。")
    assert signals.take() == [("Consultation", [consultation.pk], "changed")]
    assert url in found("采纳", demo_bureau) and url in sitemap_locations(site_root)

    consultation.is_published = False
    consultation.save()
    committed(consultation_services.record_publication_change, consultation, office, published=False)
    assert signals.take() == [("Consultation", [consultation.pk], "withdrawn")]
    assert client.get(url).status_code == 404
    assert not found("电动自行车管理", demo_bureau) and url not in sitemap_locations(site_root)


def test_annual_report_goes_out_as_a_directory_item(demo_bureau, site_root, signals, committed, settings, tmp_path):
    from gongkai.catalog.demo import create_directory
    from gongkai.reports.models import AnnualReport
    from gongkai.reports.publishing import publish_report
    from gongkai.reports.signoff import sign_off

    settings.MEDIA_ROOT = tmp_path / "media"
    create_directory(demo_bureau)
    build_all()
    report = AnnualReport.objects.create(agency=demo_bureau, year=2025)
    sign_off(report, user("lingdao"))
    report.refresh_from_db()

    item = committed(publish_report, report, user("gongkaiban"))
    assert signals.take() == [("Item", [item.pk], "published")]  # one signal: the report's item
    url = paths.item_url(item.pk)
    assert built(url) and url in found("年度报告", demo_bureau) and url in sitemap_locations(site_root)
    assert url in paths.file_for_url(paths.column_url("annual-reports")).read_text(encoding="utf-8")

    report.refresh_from_db()
    committed(publish_report, report, user("gongkaiban"))  # a correction: the same item, changed
    assert signals.take() == [("Item", [item.pk], "changed")]
    assert built(url) and url in found("年度报告", demo_bureau)

    committed(workflow.withdraw_item, Item.objects.get(pk=item.pk), user("gongkaiban"), reason="数据更正")
    assert signals.take() == [("Item", [item.pk], "withdrawn")]
    assert not built(url) and not found("年度报告", demo_bureau) and url not in sitemap_locations(site_root)
