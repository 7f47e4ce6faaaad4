"""Staff see the admin in Chinese whatever their browser asks for, with dates a Chinese office writes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from gongkai.holidays.models import HolidayNotice

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_browser(client):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "pw-for-tests")
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en-US,en;q=0.9"
    return client


def test_an_english_browser_gets_the_chinese_admin(english_browser):
    page = english_browser.get("/admin/").content.decode()
    assert "工作台" in page and "欢迎" in page and "注销" in page
    assert "Welcome" not in page and "Log out" not in page
    assert '<html lang="zh-hans"' in page


def test_admin_dates_are_written_the_chinese_way(english_browser):
    notice = HolidayNotice.objects.create(year=2099, published_on=dt.date(2026, 12, 3))
    listing = english_browser.get("/admin/holidays/holidaynotice/").content.decode()
    assert "2026年12月3日" in listing and "Dec. 3, 2026" not in listing
    form = english_browser.get(f"/admin/holidays/holidaynotice/{notice.pk}/change/").content.decode()
    assert 'value="2026-12-03"' in form and "2026/12/03" not in form


def test_english_only_when_an_administrator_enables_it(english_browser, settings):
    settings.LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE[:-1], "django.middleware.locale.LocaleMiddleware",
                           settings.MIDDLEWARE[-1]]
    page = english_browser.get("/admin/").content.decode()
    assert "Welcome" in page
