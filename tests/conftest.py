"""Suite-wide fixtures, the database engine printed in pytest's header, and the day the suite runs on.

The app's "today" is Asia/Shanghai's date. `GONGKAI_TEST_TODAY=2027-01-04` (or `--today 2027-01-04`)
moves the whole session to noon of that day there, the clock still ticking, so the suite can be
proven on any day. Tests marked `date_sensitive` (their outcome depends on today) run once on the
session's day and once on each of PINNED_DAYS, the last day of a year and the first working days of
the next, where two December failures came from; under `--today` they run on that day only.
"""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine
from hypothesis import settings as hypothesis_settings

SHANGHAI = ZoneInfo("Asia/Shanghai")

# CI (.ci/run sets CI=true) replays the same examples on every run, so a landing is never decided by a
# lucky or unlucky draw; a developer's run draws new ones and finds what CI would not.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


def allow_truncate_for_test_flush(sender, connection, **kwargs):
    """The audit log refuses TRUNCATE on PostgreSQL (org migration 0004) unless the session says so;
    Django's flush between transactional tests truncates every table, so the suite's connections say so."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET gongkai.allow_truncate = 'on'")


def pytest_sessionstart(session):
    from django.db.backends.signals import connection_created

    connection_created.connect(allow_truncate_for_test_flush)
PINNED_DAYS = ("2026-12-31", "2027-01-04")
_SESSION_TRAVEL = pytest.StashKey()


def noon_in_shanghai(day: str | dt.date) -> dt.datetime:
    day = dt.date.fromisoformat(day) if isinstance(day, str) else day
    return dt.datetime.combine(day, dt.time(12), SHANGHAI)


def pytest_addoption(parser):
    parser.addoption(
        "--today", default=os.environ.get("GONGKAI_TEST_TODAY") or None, metavar="YYYY-MM-DD",
        help="run the whole session on this day, noon in Asia/Shanghai (default: $GONGKAI_TEST_TODAY, else the real day)",
    )


def pytest_configure(config):
    """Travel before collection, so module-level code sees the pinned day too."""
    day = config.getoption("--today")
    if day:
        travel = time_machine.travel(noon_in_shanghai(day), tick=True)
        travel.start()
        config.stash[_SESSION_TRAVEL] = travel


def pytest_unconfigure(config):
    travel = config.stash.get(_SESSION_TRAVEL, None)
    if travel is not None:
        travel.stop()


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    name = "postgresql" if engine.endswith("postgresql") else "sqlite" if engine.endswith("sqlite3") else engine
    day = config.getoption("--today")
    today = f"today pinned to {day} (noon, Asia/Shanghai)" if day else "today is the real day; --today pins it"
    return [f"database engine: {name} (tests use a test database beside {settings.DATABASES['default'].get('NAME')})",
            f"{today}; date_sensitive tests also run on {', '.join(PINNED_DAYS)}" if not day else today]


def pytest_generate_tests(metafunc):
    if metafunc.definition.get_closest_marker("date_sensitive") and not metafunc.config.getoption("--today"):
        metafunc.parametrize("pinned_day", [None, *PINNED_DAYS], indirect=True,
                             ids=["today", *(f"on-{day}" for day in PINNED_DAYS)])


@pytest.fixture(autouse=True)
def pinned_day(request):
    """The day a date_sensitive test runs on: the session's (param None), or one of PINNED_DAYS at noon in Shanghai.

    Autouse, so the travel starts before the test's other fixtures build their data."""
    day = getattr(request, "param", None)
    if day is None:
        yield None
        return
    with time_machine.travel(noon_in_shanghai(day), tick=True):
        yield dt.date.fromisoformat(day)


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
def other_agency(demo_bureau):
    """A second bureau with its own unit: nothing of it is in the demo bureau's staff's scope, and vice versa."""
    from gongkai.ops.demo import DEMO_AGENCY
    from gongkai.org.models import Agency, Unit

    agency = Agency.objects.create(**{**DEMO_AGENCY, "code": "linshi", "name": "邻市公安局", "short_name": "邻市局",
                                      "uscc": "11410200005917830X"})
    Unit.objects.create(agency=agency, name="交警支队")
    return agency


@pytest.fixture
def next_year_known(db):
    """Tests that file a request today need its 20-working-day due date, which in December falls in
    next year and in January in this one, years the holiday package may not know yet: enter a notice
    for each, as an administrator would once the State Council publishes it. It is a test notice with
    no holidays in it (only weekends count), not a guess at the real one. The calendar in force is
    cached per process: it is forgotten after the test too, or the rolled-back notices would outlive it."""
    from django.utils import timezone

    from gongkai.core.workdays import package_calendar
    from gongkai.holidays.calendar import forget_calendar
    from gongkai.holidays.models import HolidayNotice

    this_year = timezone.localdate().year  # the app's own today: Asia/Shanghai
    for year in (this_year, this_year + 1):
        if not package_calendar().knows(year):
            HolidayNotice.objects.get_or_create(year=year, defaults={"document_number": "测试用通知"})
    forget_calendar()
    yield
    forget_calendar()


def pytest_sessionfinish(session):
    """Each run builds its site and stores uploads under its own folders (settings, per process): remove them."""
    import shutil

    from django.conf import settings

    if settings.configured:
        for folder in (settings.SITE_ROOT, settings.MEDIA_ROOT):
            if "test_" in str(folder):
                shutil.rmtree(folder, ignore_errors=True)
