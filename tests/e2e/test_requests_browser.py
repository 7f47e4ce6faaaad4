"""A citizen files a disclosure request online in Chromium and follows it with the query code."""

from __future__ import annotations

import pytest

from tests.e2e.test_portal_browser import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_file_a_request_online_and_read_its_status(page, site, next_year_known):
    from django.core.cache import caches

    from gongkai.inforequests.models import InfoRequest

    caches["ratelimit"].clear()
    page.goto(site["url"] + "/ysqgk/")
    assert blocking_violations(page) == []
    page.get_by_label("姓名或名称").fill("赵小明")
    page.get_by_label("身份证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13700001234")
    page.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").fill("2025年本市交通事故统计")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/ysqgk/receipt/")
    number = page.locator("#receipt-number").inner_text()
    code = page.locator("#receipt-code").inner_text()
    assert InfoRequest.objects.filter(number=number, channel="online").exists()
    assert "赵小明" not in page.content()

    page.get_by_role("link", name="查询办理进度").first.click()
    page.get_by_label("申请编号").fill(number)
    page.get_by_label("查询码").fill(code)
    page.get_by_role("button", name="查询").click()
    assert page.locator("#status-state").inner_text() == "办理中"
    assert "年" in page.locator("#status-due").inner_text()
    for private in ("赵小明", "11010519491231002X", "13700001234", "交通事故统计"):
        assert private not in page.content()
    assert blocking_violations(page) == []


def test_form_errors_are_announced_and_keep_what_was_typed(page, site):
    page.goto(site["url"] + "/ysqgk/")
    page.get_by_label("姓名或名称").fill("赵小明")
    page.get_by_label("身份证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("110105194912310021")
    page.get_by_role("button", name="提交申请").click()
    assert page.get_by_role("alert").is_visible()
    assert page.get_by_label("姓名或名称").input_value() == "赵小明"
    assert "校验码" in page.content()
    assert blocking_violations(page) == []


@pytest.mark.parametrize("path", ["/zqyj/", "/ysqgk/status/"])
def test_other_dynamic_pages_pass_axe(page, site, path):
    assert page.goto(site["url"] + path).status == 200
    assert blocking_violations(page) == []
