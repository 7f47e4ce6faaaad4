"""The portal in Chromium: browsing, search, an item, 长辈版, the keyboard alone, and axe-core on every page type."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = ("serious", "critical")


def blocking_violations(page) -> list[str]:
    """axe-core (bundled by axe-playwright-python, injected into the page; nothing from a CDN)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"] if v["impact"] in BLOCKING]


def test_browse_a_column_and_open_an_item(page, site):
    page.goto(site["url"] + "/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="法定主动公开内容").click()
    page.get_by_role("navigation", name="公开目录").get_by_role("link", name="户政管理").click()
    assert page.url.endswith("/xxgk/household/")
    assert page.get_by_role("heading", level=1).inner_text() == "户政管理"
    page.get_by_role("link", name="较早的信息").click()
    assert page.url.endswith("/xxgk/household/1/")
    page.get_by_role("link", name="户籍业务办理通告第1号", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "户籍业务办理通告第1号"
    assert page.get_by_role("row", name="索引号 000591782/2026-00001").is_visible()


def test_item_and_its_interpretation_link_each_other(page, site):
    newest = site["items"][-1]
    page.goto(site["url"] + f"/xxgk/item/{newest.id}/")
    page.get_by_role("link", name="《户籍业务办理通告》政策解读").click()
    page.get_by_role("link", name=newest.title).click()
    assert page.url.endswith(f"/xxgk/item/{newest.id}/")


def test_search_from_the_header(page, site):
    page.goto(site["url"] + "/")
    page.get_by_label("站内搜索").fill("户籍")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert "/search/?q=" in page.url and navigation.value.status == 200
    result = page.get_by_role("link", name=site["items"][-1].title, exact=True)
    result.click()
    page.wait_for_url(f"**/xxgk/item/{site['items'][-1].id}/")


def test_elder_mode_switches_and_is_remembered_across_built_pages(page, site):
    page.goto(site["url"] + "/")
    size_before = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("link", name="长辈版").click()
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    size_after = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert size_after >= size_before * 1.3
    page.goto(site["url"] + "/xxgk/household/")  # a built file: the class comes from the cookie before paint
    assert page.evaluate("document.documentElement.classList.contains('elder')")
    assert blocking_violations(page) == []
    page.get_by_role("link", name="标准版").click()
    page.goto(site["url"] + "/guide/")
    assert not page.evaluate("document.documentElement.classList.contains('elder')")


def test_elder_mode_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site["url"] + "/xxgk/household/")
    page.get_by_role("link", name="长辈版").click()  # a real link: the server sets the cookie and sends us back
    assert page.url.endswith("/xxgk/household/")
    assert "font-size: 137.5%" in context.request.get(site["url"] + "/mode.css").text()
    assert page.locator("body").evaluate("b => parseFloat(getComputedStyle(b).fontSize)") >= 21
    context.close()


def test_keyboard_only_skip_link_navigation_and_an_item(page, site):
    page.goto(site["url"] + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "跳到主要内容"
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    # Through the header to the main navigation, then to 法定主动公开内容, with Tab alone.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "法定主动公开内容":
            break
    else:
        pytest.fail("法定主动公开内容 is not reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/xxgk/statutory/")
    # The skip link moves focus past the header: the next Tab lands in the main content.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    for _ in range(40):
        text = page.evaluate("document.activeElement.textContent")
        if text.startswith("户籍业务办理通告"):
            break
        page.keyboard.press("Tab")
    else:
        pytest.fail("no item link reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/xxgk/item/*/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("户籍业务办理通告")


@pytest.mark.parametrize("kind", ["home", "directory", "column", "archive", "item", "guide", "search"])
def test_axe_finds_no_serious_or_critical_violations(page, site, kind):
    urls = {
        "home": "/", "directory": "/xxgk/", "column": "/xxgk/household/", "archive": "/xxgk/household/1/",
        "item": f"/xxgk/item/{site['items'][-1].id}/", "guide": "/guide/", "search": "/search/?q=户籍",
    }
    response = page.goto(site["url"] + urls[kind])
    assert response.status == 200
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert blocking_violations(page) == []
