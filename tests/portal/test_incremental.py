"""Publishing, changing and withdrawing an item rewrites exactly the files it affects (DESIGN.md §4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from gongkai.catalog import workflow
from gongkai.catalog.models import Item
from gongkai.portal import paths
from gongkai.portal.build import build_all
from tests.portal.helpers import changed_files, sitemap_locations, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(demo_bureau):
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def built_site(site_root, make_item):
    """Three published traffic items, a policy and a built site."""
    existing = [make_item(f"既有交通通告{n}", published_on=dt.date(2026, 2, 1) + dt.timedelta(days=n)) for n in range(3)]
    make_item("示范市户籍管理规定", column="household")
    build_all()
    return existing


def run_workflow(django_capture_on_commit_callbacks, action, *args, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return action(*args, **kwargs)


def test_publish_rewrites_exactly_the_affected_files(built_site, site_root, make_item, admin,
                                                     django_capture_on_commit_callbacks):
    draft = make_item("关于春节期间烟花爆竹燃放管理的通告", state=Item.State.IN_REVIEW, published_on=None)
    before = snapshot(site_root)
    item = run_workflow(django_capture_on_commit_callbacks, workflow.publish_item, draft, admin)
    after = snapshot(site_root)
    assert changed_files(before, after) == {
        f"xxgk/item/{item.id}/index.html",
        "xxgk/traffic/index.html", "xxgk/traffic/1/index.html",
        "xxgk/statutory/index.html", "xxgk/statutory/1/index.html",
        "feeds/traffic.xml", "feeds/traffic.atom", "feeds/statutory.xml", "feeds/statutory.atom",
        "index.html", sitemap_file(item),
    }
    assert item.title in after[f"xxgk/item/{item.id}/index.html"][1].decode()
    assert item.title in after["feeds/traffic.xml"][1].decode()
    assert paths.item_url(item.id) in sitemap_locations(site_root)


def sitemap_file(item) -> str:
    """Item sitemaps hold 10,000 ids each; on PostgreSQL ids keep growing across tests."""
    from gongkai.portal import pages

    return f"sitemaps/items-{pages.sitemap_block(item.id)}.xml"


def test_change_rewrites_the_item_and_the_listings_that_show_it(built_site, site_root, admin,
                                                                django_capture_on_commit_callbacks):
    target = built_site[0]  # the oldest: on archive page 1 only, not among the home page's newest
    before = snapshot(site_root)
    run_workflow(django_capture_on_commit_callbacks, workflow.change_item, target, admin, title="既有交通通告（变更后）")
    after = snapshot(site_root)
    changed = changed_files(before, after)
    assert {f"xxgk/item/{target.id}/index.html", "xxgk/traffic/index.html", "xxgk/traffic/1/index.html",
            "feeds/traffic.xml", "feeds/statutory.atom", sitemap_file(target)} <= changed
    assert not changed & {"guide/index.html", "xxgk/index.html", "xxgk/household/index.html", "sitemap.xml",
                          "sitemaps/pages.xml"}
    assert all(name.startswith(("xxgk/item/", "xxgk/traffic/", "xxgk/statutory/", "feeds/traffic.", "feeds/statutory.",
                                "index.html", sitemap_file(target))) for name in changed)
    assert "既有交通通告（变更后）" in after["xxgk/traffic/1/index.html"][1].decode()


def test_withdraw_deletes_the_page_and_removes_it_from_listings_feeds_and_sitemap(
        built_site, site_root, admin, django_capture_on_commit_callbacks):
    target = built_site[-1]
    before = snapshot(site_root)
    run_workflow(django_capture_on_commit_callbacks, workflow.withdraw_item, target, admin, "内容已过时效")
    after = snapshot(site_root)
    assert not paths.file_for_url(paths.item_url(target.id)).exists()
    assert changed_files(before, after) == {
        f"xxgk/item/{target.id}/index.html",
        "xxgk/traffic/index.html", "xxgk/traffic/1/index.html",
        "xxgk/statutory/index.html", "xxgk/statutory/1/index.html",
        "feeds/traffic.xml", "feeds/traffic.atom", "feeds/statutory.xml", "feeds/statutory.atom",
        "index.html", sitemap_file(target),
    }
    for name, (_, data) in after.items():
        assert target.title.encode() not in data, name
    assert paths.item_url(target.id) not in sitemap_locations(site_root)


def test_publishing_into_a_long_column_leaves_older_archive_pages_alone(site_root, make_item, admin,
                                                                       django_capture_on_commit_callbacks):
    for n in range(45):
        make_item(f"户籍通告{n:02d}", column="household", published_on=dt.date(2026, 1, 1) + dt.timedelta(days=n))
    build_all()
    draft = make_item("最新户籍通告", column="household", state=Item.State.IN_REVIEW, published_on=None)
    before = snapshot(site_root)
    run_workflow(django_capture_on_commit_callbacks, workflow.publish_item, draft, admin)
    changed = changed_files(before, snapshot(site_root))
    assert "xxgk/household/3/index.html" in changed
    assert not changed & {"xxgk/household/1/index.html", "xxgk/household/2/index.html"}


def test_withdrawing_the_last_item_of_an_archive_page_removes_that_page(site_root, make_item, admin,
                                                                       django_capture_on_commit_callbacks):
    items = [make_item(f"户籍通告{n:02d}", column="household", published_on=dt.date(2026, 1, 1) + dt.timedelta(days=n))
             for n in range(21)]
    build_all()
    assert paths.file_for_url("/xxgk/household/2/").exists()
    run_workflow(django_capture_on_commit_callbacks, workflow.withdraw_item, items[-1], admin, "重复发布")
    assert not paths.file_for_url("/xxgk/household/2/").exists()
    assert 'href="/xxgk/household/"' in paths.file_for_url("/xxgk/household/1/").read_text(encoding="utf-8")


def test_moving_an_item_to_another_column_updates_both_listings(built_site, site_root, directory, admin,
                                                                 django_capture_on_commit_callbacks):
    target = built_site[1]
    run_workflow(django_capture_on_commit_callbacks, workflow.change_item, target, admin, category=directory["public-order"])
    assert target.title not in paths.file_for_url("/xxgk/traffic/").read_text(encoding="utf-8")
    assert target.title not in paths.file_for_url(paths.rss_url("traffic")).read_text(encoding="utf-8")
    assert target.title in paths.file_for_url("/xxgk/public-order/").read_text(encoding="utf-8")
    assert 'content="public-order"' in paths.file_for_url(paths.item_url(target.id)).read_text(encoding="utf-8")


def test_publishing_an_interpretation_links_it_from_the_policy_page(site_root, make_item, admin,
                                                                   django_capture_on_commit_callbacks):
    policy = make_item("示范市机动车停放管理办法", column="policies")
    build_all()
    reading = make_item("停放管理办法解读", column="interpretations", interprets=policy, state=Item.State.IN_REVIEW,
                        published_on=None)
    run_workflow(django_capture_on_commit_callbacks, workflow.publish_item, reading, admin)
    assert paths.item_url(reading.id) in paths.file_for_url(paths.item_url(policy.id)).read_text(encoding="utf-8")
    run_workflow(django_capture_on_commit_callbacks, workflow.withdraw_item, reading, admin, "解读有误")
    assert paths.item_url(reading.id) not in paths.file_for_url(paths.item_url(policy.id)).read_text(encoding="utf-8")


def test_a_rolled_back_publish_never_reaches_the_site(built_site, site_root, make_item, admin):
    draft = make_item("不应出现的通告", state=Item.State.IN_REVIEW, published_on=None)
    before = snapshot(site_root)
    workflow.publish_item(draft, admin)  # the test's transaction is rolled back: no on_commit
    assert snapshot(site_root) == before


def test_first_publish_on_an_unbuilt_site_builds_it_whole(site_root, make_item, admin,
                                                          django_capture_on_commit_callbacks):
    make_item("早先的通告")
    draft = make_item("首次发布的通告", state=Item.State.IN_REVIEW, published_on=None)
    run_workflow(django_capture_on_commit_callbacks, workflow.publish_item, draft, admin)
    assert paths.file_for_url("/guide/").exists()
    assert "早先的通告" in paths.file_for_url("/").read_text(encoding="utf-8")
