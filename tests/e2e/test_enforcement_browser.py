"""执法公开 in Chromium: a reviewer removes a wrong span in the admin, publishes, and finds the page on the portal."""

from __future__ import annotations

import pytest

from tests.e2e.test_portal_browser import blocking_violations
from tests.enforcement.conftest import adult_document

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _logged_in_context(browser, url: str, user):
    """A browser context carrying the session a `client.force_login` would make."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    context = browser.new_context(locale="zh-CN")
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": url}])
    return context


def test_review_remove_a_wrong_span_publish_and_see_it_on_the_portal(browser, site):
    from django.contrib.auth import get_user_model

    from gongkai.enforcement import services
    from gongkai.enforcement.capture import capture_document

    reviewer = get_user_model().objects.get(username="shenhe")
    office = get_user_model().objects.get(username="gongkaiban")  # edits the spans; the reviewer publishes
    text = adult_document().text.replace("在城东区文化路88号附近", "在示范市拘留所门前")
    document = capture_document(site["agency"], adult_document(text=text)).document
    # A wrong span, as an over-eager proposal would make: the detention centre's public name.
    document = services.edit_spans(document, office, add=[("示范市拘留所", "address")])
    number = next(i + 1 for i, row in enumerate(document.spans) if row["original"] == "示范市拘留所")

    context = _logged_in_context(browser, site["url"], office)
    page = context.new_page()
    page.goto(f"{site['url']}/admin/enforcement/decisiondocument/{document.pk}/review/")
    assert "张建国" in page.locator("#original-text").inner_text()
    assert "示范市拘留所" not in page.locator("#public-text").inner_text()
    page.get_by_label(f"删除第{number}处遮蔽：示范市拘留所").check()
    page.get_by_role("button", name="保存遮蔽修改").click()
    public_preview = page.locator("#public-text").inner_text()
    assert "示范市拘留所" in public_preview and "张某某" in public_preview and "张建国" not in public_preview
    context.close()
    context = _logged_in_context(browser, site["url"], reviewer)
    page = context.new_page()
    page.goto(f"{site['url']}/admin/enforcement/decisiondocument/{document.pk}/review/")
    page.get_by_role("button", name="审核发布").click()
    assert page.locator("#document-state").inner_text() == "已公开"

    portal = browser.new_context(locale="zh-CN").new_page()
    portal.goto(site["url"] + "/zfgk/")
    portal.get_by_role("link", name=f"{document.document_number}行政处罚决定书").click()
    body = portal.locator(".decision-text").inner_text()
    assert "示范市拘留所门前" in body and "张某某" in body
    assert "张建国" not in body and "13812345678" not in body and "410102198503021234" not in body
    assert blocking_violations(portal) == []
    portal.goto(site["url"] + "/zfgk/")
    assert blocking_violations(portal) == []
    portal.context.close()
    context.close()
