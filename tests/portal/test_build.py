"""The full build: every page type, only public items, footer ids, the 公开指南, valid feeds and sitemaps."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command

from gongkai.catalog.models import Item
from gongkai.portal import pages, paths
from gongkai.portal.build import build_all
from tests.portal.helpers import sitemap_locations, snapshot

pytestmark = pytest.mark.django_db


def all_built_text(root) -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in root.rglob("*") if path.is_file()
                     and path.suffix in (".html", ".xml", ".atom"))


def test_only_public_items_appear_anywhere(site_root, make_item):
    public = make_item("公开的通告甲")
    draft = make_item("草稿通告乙", state=Item.State.DRAFT)
    review = make_item("待审核通告丙", state=Item.State.IN_REVIEW)
    withdrawn = make_item("已撤回通告丁", state=Item.State.WITHDRAWN)
    on_request = make_item("依申请公开通告戊", disclosure=Item.Disclosure.ON_REQUEST)
    build_all()
    text = all_built_text(site_root)
    assert "公开的通告甲" in text
    for hidden in (draft, review, withdrawn, on_request):
        assert hidden.title not in text
        assert not paths.file_for_url(paths.item_url(hidden.id)).exists()
    assert paths.item_url(public.id) in sitemap_locations(site_root)


def test_item_page_has_all_metadata_in_the_national_order(site_root, make_item):
    new = make_item("关于调整城区道路通行的通告（修订）", published_on=dt.date(2026, 4, 1))
    old = make_item("关于调整城区道路通行的通告", validity=Item.Validity.AMENDED, replaced_by=new,
                    repealed_on=dt.date(2026, 4, 1))
    build_all()
    page = paths.file_for_url(paths.item_url(old.id)).read_text(encoding="utf-8")
    labels = ["索引号", "主题分类", "发布机构", "成文日期", "发布日期", "文号", "有效性", "体裁分类", "关键词", "标题", "内容概述"]
    positions = [page.index(f'<th scope="row">{label}</th>') for label in labels]
    assert positions == sorted(positions)
    assert old.index_number in page and "交警支队" in page and "2026-03-01" in page and old.document_number in page
    assert f'修订后的文件：<a href="{paths.item_url(new.id)}">' in page
    assert page.index("内容概述") < page.index('id="body-title"')
    assert '<meta charset="utf-8">' in page and '<html lang="zh-CN">' in page


def test_interpretation_and_policy_link_each_other(site_root, make_item):
    policy = make_item("示范市机动车停放管理办法", column="policies", genre="办法")
    reading = make_item("《示范市机动车停放管理办法》政策解读", column="interpretations", genre="解读", interprets=policy)
    build_all()
    policy_page = paths.file_for_url(paths.item_url(policy.id)).read_text(encoding="utf-8")
    reading_page = paths.file_for_url(paths.item_url(reading.id)).read_text(encoding="utf-8")
    assert f'<a href="{paths.item_url(reading.id)}">{reading.title}</a>' in policy_page
    assert f'本文解读的政策：<a href="{paths.item_url(policy.id)}">{policy.title}</a>' in reading_page


def test_footer_shows_the_government_site_identifiers(site_root, make_item, settings):
    settings.SITE_IDENTITY = {"host_org": "示范市公安局", "site_code": "4101000001",
                              "icp": "豫ICP备00000001号", "police_record": "豫公网安备41010002000001号"}
    item = make_item()
    build_all()
    for url in ("/", "/guide/", "/xxgk/traffic/", paths.item_url(item.id)):
        page = paths.file_for_url(url).read_text(encoding="utf-8")
        footer = page[page.index('<footer'):]
        for text in ("主办单位：示范市公安局", "网站标识码：4101000001", "豫ICP备00000001号", "豫公网安备41010002000001号"):
            assert text in footer, (url, text)


def test_guide_is_generated_from_the_agency_record(site_root, demo_bureau, directory):
    demo_bureau.office_phone = "0371-99998888"
    demo_bureau.save()
    build_all()
    guide = paths.file_for_url("/guide/").read_text(encoding="utf-8")
    for value in (demo_bureau.office_name, demo_bureau.office_address, demo_bureau.office_hours, "0371-99998888",
                  demo_bureau.office_fax, demo_bureau.office_email, demo_bureau.office_postcode):
        assert value in guide
    for column in directory.values():  # classification and arrangement: the column tree
        assert column.name in guide
    for step in ("依申请公开", "补正", "20个工作日", "信息处理费", "行政复议", "第十二条"):
        assert step in guide
    assert demo_bureau.org_code in guide  # the 索引号 example uses the agency's own code


def test_feeds_are_valid_rss_and_atom_with_the_newest_items(site_root, make_item):
    items = [make_item(f"通告{n}号 <特别> & 说明", published_on=dt.date(2026, 1, 1) + dt.timedelta(days=n)) for n in range(25)]
    build_all()
    for slug in ("traffic", "statutory"):
        rss = ET.parse(paths.file_for_url(paths.rss_url(slug))).getroot()
        assert rss.tag == "rss" and rss.get("version") == "2.0"
        titles = [t.text for t in rss.findall("channel/item/title")]
        assert len(titles) == 20 and titles[0] == items[-1].title
        atom = ET.parse(paths.file_for_url(paths.atom_url(slug))).getroot()
        assert atom.tag == "{http://www.w3.org/2005/Atom}feed"
        assert len(atom.findall("{http://www.w3.org/2005/Atom}entry")) == 20
    empty = ET.parse(paths.file_for_url(paths.rss_url("budgets"))).getroot()
    assert empty.findall("channel/item") == []


def test_listing_pages_are_stable_archives_and_home_shows_latest(site_root, make_item):
    items = [make_item(f"户籍通告{n:02d}", column="household", published_on=dt.date(2026, 1, 1) + dt.timedelta(days=n))
             for n in range(45)]
    build_all()
    front = paths.file_for_url("/xxgk/household/").read_text(encoding="utf-8")
    assert "户籍通告44" in front and "户籍通告24" not in front and "（共45条）" in front
    oldest = paths.file_for_url("/xxgk/household/1/").read_text(encoding="utf-8")
    assert "户籍通告00" in oldest and "户籍通告19" in oldest and "户籍通告20" not in oldest
    assert paths.file_for_url("/xxgk/household/3/").exists() and not paths.file_for_url("/xxgk/household/4/").exists()
    home = paths.file_for_url("/").read_text(encoding="utf-8")
    oldest_on_home = 45 - pages.HOME_LATEST  # the newest HOME_LATEST items, 户籍通告44 back to this one
    assert f"户籍通告{oldest_on_home:02d}" in home and f"户籍通告{oldest_on_home - 1:02d}" not in home
    assert f'href="{paths.item_url(items[-1].id)}"' in home


def test_views_serve_the_same_bytes_as_the_built_files(site_root, make_item, client, settings):
    # Ask the views themselves, not the middleware that hands out the built files.
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != "gongkai.portal.middleware.BuiltSiteMiddleware"]
    policy = make_item("示范市机动车停放管理办法", column="policies")
    make_item("解读", column="interpretations", interprets=policy)
    build_all()
    urls = ["/", "/xxgk/", "/guide/", "/xxgk/policies/", "/xxgk/policies/1/", "/xxgk/statutory/",
            paths.item_url(policy.id), "/feeds/policies.xml", "/feeds/policies.atom", "/sitemap.xml",
            "/sitemaps/pages.xml", f"/sitemaps/items-{pages.sitemap_block(policy.id)}.xml"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content == paths.file_for_url(url).read_bytes(), url


def test_full_build_removes_pages_nobody_owns_and_leaves_unchanged_files_alone(site_root, make_item):
    item = make_item()
    build_all()
    before = snapshot(site_root)
    Item.objects.filter(pk=item.pk).update(state=Item.State.WITHDRAWN)
    report = build_all()
    after = snapshot(site_root)
    assert not paths.file_for_url(paths.item_url(item.id)).exists()
    assert before["guide/index.html"] == after["guide/index.html"]  # unchanged bytes, same mtime
    assert report.deleted


def test_build_site_command_prints_counts_and_time(site_root, make_item, capsys):
    make_item()
    call_command("build_site")
    out = capsys.readouterr().out
    assert "条目页 1" in out and "秒" in out
    assert paths.file_for_url("/").exists()
