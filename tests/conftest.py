"""Suite-wide fixtures, and the database engine printed in pytest's header."""

import pytest


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    name = "postgresql" if engine.endswith("postgresql") else "sqlite" if engine.endswith("sqlite3") else engine
    return f"database engine: {name} (tests use a test database beside {settings.DATABASES['default'].get('NAME')})"


@pytest.fixture
def demo_bureau(db):
    """The demo bureau's agency, units and staff (no bulk demo data)."""
    from gongkai.ops.demo import load_bureau

    return load_bureau()


@pytest.fixture(autouse=True)
def fast_password_hashing(request):
    """Demo users get real passwords; PBKDF2's cost is pointless in tests.

    Skipped under `-p no:django`, where the pure core tests run without Django."""
    if request.config.pluginmanager.hasplugin("django"):
        request.getfixturevalue("settings").PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def next_year_known(db):
    """Tests that file a request today need its 20-working-day due date, which in December falls in a
    year the holiday package may not know yet: enter a notice for that year, as an administrator
    would once the State Council publishes it (no holidays in it: only weekends count)."""
    from django.utils import timezone

    from gongkai.core.workdays import package_calendar
    from gongkai.holidays.calendar import forget_calendar
    from gongkai.holidays.models import HolidayNotice

    next_year = timezone.localdate().year + 1  # the year the app's own today is in, plus one
    if not package_calendar().knows(next_year):
        HolidayNotice.objects.get_or_create(year=next_year, defaults={"document_number": "测试用通知"})
    forget_calendar()


def pytest_sessionfinish(session):
    """Each run builds its site and stores uploads under its own folders (settings, per process): remove them."""
    import shutil

    from django.conf import settings

    if settings.configured:
        for folder in (settings.SITE_ROOT, settings.MEDIA_ROOT):
            if "test_" in str(folder):
                shutil.rmtree(folder, ignore_errors=True)
