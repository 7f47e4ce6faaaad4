"""Chromium, a live server serving the built portal, and the demo data the browser tests walk through.

Chromium is Debian's (/usr/bin/chromium) driven by Playwright from PyPI: no browser download. Without
it the tests fail, naming deploy/system-packages.sh, which installs it (a skip would pass a run that
never opened a page).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.system import INSTALL, require_program

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
MIDDLEWARE = "gongkai.portal.middleware.BuiltSiteMiddleware"

# Playwright's sync API keeps an event loop in this thread; the ORM calls made between browser steps are
# ordinary synchronous test code, so Django's async-safety guard is told so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if CHROMIUM == "/usr/bin/chromium":
        require_program("chromium", "chromium")
    elif not Path(CHROMIUM).exists():
        pytest.fail(f"CHROMIUM_PATH={CHROMIUM} does not exist; for Debian's Chromium run {INSTALL}", pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def portal_server(tmp_path_factory, django_db_setup, django_db_blocker):
    """The settings the portal runs with (built files served first, from a throwaway SITE_ROOT), set before the
    session's live server builds its middleware chain, then restored."""
    from django.conf import settings

    saved = settings.SITE_ROOT, list(settings.MIDDLEWARE)
    settings.SITE_ROOT = tmp_path_factory.mktemp("e2e") / "site"
    if MIDDLEWARE not in settings.MIDDLEWARE:
        position = settings.MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
        settings.MIDDLEWARE = settings.MIDDLEWARE[:position] + [MIDDLEWARE] + settings.MIDDLEWARE[position:]
    yield settings.SITE_ROOT
    settings.SITE_ROOT, settings.MIDDLEWARE = saved


@pytest.fixture
def site(portal_server, live_server, transactional_db, browser):
    """A published directory, built into SITE_ROOT, and the live server's address."""
    from gongkai.catalog.models import Category, Item
    from gongkai.catalog.models.category import NATIONAL_COLUMNS
    from gongkai.catalog.demo import BUREAU_COLUMNS
    from gongkai.ops.demo import load_bureau
    from gongkai.org.models import Unit
    from gongkai.portal.build import build_all
    from gongkai.search.indexing import reindex_all

    agency = load_bureau()
    columns = {}
    for order, (slug, name) in enumerate(NATIONAL_COLUMNS):
        columns[slug] = Category.objects.create(agency=agency, slug=slug, name=name, sort_order=order, is_national=True)
    for order, (slug, name) in enumerate(BUREAU_COLUMNS):
        columns[slug] = Category.objects.create(agency=agency, parent=columns["statutory"], slug=slug, name=name,
                                                sort_order=order)
    unit = Unit.objects.get(agency=agency, name="人口与户政管理支队")
    items = []
    for n in range(25):
        items.append(Item.objects.create(
            agency=agency, unit=unit, category=columns["household"], title=f"户籍业务办理通告第{n + 1}号",
            summary="户籍业务的办理地点、时间和材料", written_on=dt.date(2026, 1, 1),
            published_on=dt.date(2026, 1, 5) + dt.timedelta(days=n), state=Item.State.PUBLISHED,
            index_number=f"000591782/2026-{n + 1:05d}", topic="公安、安全、司法", genre="通告", keywords="户籍",
            document_number=f"示公户〔2026〕{n + 1}号", body="<p>户籍业务办理须知。</p><h3>办理材料</h3><ul><li>居民身份证</li></ul>",
        ))
    Item.objects.create(
        agency=agency, unit=unit, category=columns["interpretations"], title="《户籍业务办理通告》政策解读",
        written_on=dt.date(2026, 2, 1), published_on=dt.date(2026, 2, 2), state=Item.State.PUBLISHED,
        index_number="000591782/2026-00100", genre="解读", interprets=items[-1], body="<p>解读正文。</p>",
    )
    build_all(agency)
    reindex_all(agency)  # items made here bypass the workflow that indexes them
    return {"url": live_server.url, "items": items, "agency": agency}


@pytest.fixture
def page(browser, site):
    context = browser.new_context(locale="zh-CN")
    tab = context.new_page()
    yield tab
    context.close()
