"""Public forms on a phone and a desktop: filled in as a citizen and as a company, and checked by axe-core.

Widths 390 px (a common phone) and 1280 px (a desktop). axe must find nothing serious or critical on
any public form page; the request form is filled and submitted at 390 px, once for each applicant type.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.test_portal_browser import blocking_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}
USCC = "91350100M000100Y43"  # a valid 统一社会信用代码 (checksum)


@pytest.fixture
def open_consultation(site):
    from django.utils import timezone

    from gongkai.catalog.models import Consultation
    from gongkai.org.models import Unit

    today = timezone.localdate()
    unit = Unit.objects.get(agency=site["agency"], name="人口与户政管理支队")
    return Consultation.objects.create(agency=site["agency"], unit=unit, title="户籍业务办理规定（征求意见稿）",
                                       draft_text="第一条　……", opens_on=today - dt.timedelta(days=3),
                                       closes_on=today + dt.timedelta(days=10), is_published=True)


def form_pages(site, consultation) -> dict[str, str]:
    return {"申请表": "/ysqgk/", "进度查询": "/ysqgk/status/", "征求意见": f"/zqyj/{consultation.pk}/",
            "站内搜索": "/search/?q=户籍", "双公示查询": "/xygs/"}


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_every_public_form_page_passes_axe(page, site, open_consultation, width):
    page.set_viewport_size(width)
    found = {}
    for name, path in form_pages(site, open_consultation).items():
        assert page.goto(site["url"] + path).status == 200, path
        found[name] = blocking_violations(page)
    assert found == {name: [] for name in found}


@pytest.mark.parametrize("width", [PHONE, DESKTOP], ids=["390px", "1280px"])
def test_form_pages_in_elder_mode_pass_axe(page, site, open_consultation, width):
    page.set_viewport_size(width)
    page.goto(site["url"] + "/ysqgk/")
    page.get_by_role("link", name="长辈版").click()
    found = {}
    for name, path in form_pages(site, open_consultation).items():
        page.goto(site["url"] + path)
        assert page.evaluate("document.documentElement.classList.contains('elder')")
        found[name] = blocking_violations(page)
    assert found == {name: [] for name in found}


def fill_need_and_submit(page):
    page.get_by_label("所需政府信息的名称、文号或者便于查询的其他特征性描述").fill("2025年本市交通事故统计")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url("**/ysqgk/receipt/")


def test_a_citizen_files_a_request_on_a_phone(page, site, next_year_known):
    from django.core.cache import caches

    from gongkai.inforequests.models import InfoRequest

    caches["ratelimit"].clear()
    page.set_viewport_size(PHONE)
    page.goto(site["url"] + "/ysqgk/")
    assert page.get_by_label("统一社会信用代码").is_hidden()  # the organisation's fields wait for their type
    page.get_by_label("姓名或名称").fill("赵小明")
    page.get_by_label("身份证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13700001234")
    page.locator("#id_attachment").set_input_files(
        files=[{"name": "身份证.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}])
    assert "身份证.pdf" in page.locator(".file-picker").inner_text()
    no_overflow(page)
    fill_need_and_submit(page)
    number = page.locator("#receipt-number").inner_text()
    request = InfoRequest.objects.get(number=number)
    assert request.applicant_kind == "自然人" and request.attachments.count() == 1
    assert page.get_by_role("button", name="打印回执").is_visible()
    assert blocking_violations(page) == []
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden() and page.locator("#receipt-number").is_visible()


def test_a_company_files_a_request_on_a_phone(page, site, next_year_known):
    from django.core.cache import caches

    from gongkai.inforequests.models import InfoRequest

    caches["ratelimit"].clear()
    page.set_viewport_size(PHONE)
    page.goto(site["url"] + "/ysqgk/")
    page.get_by_label("商业企业").check()
    assert page.get_by_label("证件号码").is_hidden()
    page.get_by_label("姓名或名称").fill("示范物流有限公司")
    page.get_by_label("统一社会信用代码").fill(USCC)
    page.get_by_label("联系人").fill("钱经理")
    page.get_by_label("联系电话").fill("0591-87654321")
    no_overflow(page)
    fill_need_and_submit(page)
    request = InfoRequest.objects.get(number=page.locator("#receipt-number").inner_text())
    assert request.applicant_kind == "商业企业" and request.applicant.uscc == USCC
    assert blocking_violations(page) == []


def test_an_error_stands_next_to_its_field_and_is_announced(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site["url"] + "/ysqgk/")
    page.get_by_label("姓名或名称").fill("赵小明")
    page.get_by_label("身份证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill("110105194912310021")
    page.get_by_role("button", name="提交申请").click()
    number = page.get_by_label("证件号码")
    assert number.get_attribute("aria-invalid") == "true"
    described = number.get_attribute("aria-describedby").split()
    assert any("校验码" in page.locator(f"#{ident}").inner_text() for ident in described)
    assert page.get_by_role("alert").is_visible()
    assert blocking_violations(page) == []


def test_the_form_works_without_javascript(browser, site, next_year_known):
    from django.core.cache import caches

    caches["ratelimit"].clear()
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site["url"] + "/ysqgk/")
    page.get_by_label("商业企业").check()
    page.get_by_label("姓名或名称").fill("示范物流有限公司")
    page.get_by_label("统一社会信用代码").fill(USCC)
    page.get_by_label("联系人").fill("钱经理")
    page.get_by_label("联系电话").fill("0591-87654321")
    fill_need_and_submit(page)
    assert page.locator("#receipt-number").inner_text()
    context.close()


def test_the_file_picker_is_reached_by_keyboard(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site["url"] + "/ysqgk/")
    page.locator("#id_attachment").focus()
    assert page.evaluate("document.activeElement.id") == "id_attachment"
    outline = page.locator(".file-picker .file-button").evaluate("b => getComputedStyle(b).outlineStyle")
    assert outline != "none"


def no_overflow(page):
    """Nothing wider than the phone: no sideways scrolling to reach a field."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
