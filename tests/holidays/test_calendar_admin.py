"""Administrator-entered notices, the workdays command and the daily calendar check."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from gongkai.holidays.calendar import current_calendar
from gongkai.holidays.models import HolidayNotice, HolidayPeriod, MakeupWorkday
from gongkai.holidays.tasks import check_next_year_calendar
from gongkai.org.models import AdminAlert, AuditEntry

D = dt.date
GONGKAI = str(Path(sys.executable).with_name("gongkai"))


def enter_2027(notice_year=2027):
    notice = HolidayNotice.objects.create(year=notice_year, document_number="测试通知")
    HolidayPeriod.objects.create(notice=notice, name="元旦", start=D(2027, 1, 1), end=D(2027, 1, 3))
    HolidayPeriod.objects.create(notice=notice, name="春节", start=D(2027, 2, 5), end=D(2027, 2, 11))
    MakeupWorkday.objects.create(notice=notice, date=D(2027, 2, 13), note="春节调休")
    return notice


@pytest.mark.django_db
def test_an_entered_notice_extends_the_calendar_at_once():
    assert not current_calendar().knows(2027)
    enter_2027()
    calendar = current_calendar()
    assert calendar.knows(2027)
    assert not calendar.is_workday(D(2027, 2, 8))  # Monday in the Spring Festival break
    assert calendar.is_workday(D(2027, 2, 13))  # Saturday worked
    assert calendar.add_workdays(D(2026, 12, 30), 2) == D(2027, 1, 4)


@pytest.mark.django_db
def test_a_notice_overrides_the_package_for_its_year():
    notice = HolidayNotice.objects.create(year=2026)
    HolidayPeriod.objects.create(notice=notice, name="测试", start=D(2026, 3, 2), end=D(2026, 3, 2))
    calendar = current_calendar()
    assert not calendar.is_workday(D(2026, 3, 2))
    assert calendar.is_workday(D(2026, 2, 16))  # the package's Spring Festival no longer applies


@pytest.mark.django_db
def test_admin_page_enters_a_notice_and_audits_it(admin_client):
    url = reverse("admin:holidays_holidaynotice_add")
    assert "节假日安排" in admin_client.get(url).content.decode()
    form = {
        "year": "2027", "title": "国务院办公厅关于2027年部分节假日安排的通知", "document_number": "", "published_on": "",
        "periods-TOTAL_FORMS": "2", "periods-INITIAL_FORMS": "0",
        "periods-0-name": "元旦", "periods-0-start": "2027-01-01", "periods-0-end": "2027-01-03",
        "periods-1-name": "春节", "periods-1-start": "2027-02-05", "periods-1-end": "2027-02-04",
        "makeup_workdays-TOTAL_FORMS": "1", "makeup_workdays-INITIAL_FORMS": "0",
        "makeup_workdays-0-date": "2027-02-13", "makeup_workdays-0-note": "春节调休",
    }
    response = admin_client.post(url, form)
    assert response.status_code == 200 and "不能早于" in response.content.decode()  # end before start refused
    form["periods-1-end"] = "2027-02-11"
    response = admin_client.post(url, form)
    assert response.status_code == 302
    assert current_calendar().is_workday(D(2027, 2, 13))
    assert AuditEntry.objects.filter(action="calendar", object_repr="2027年节假日安排").exists()


@pytest.mark.django_db
def test_a_weekday_cannot_be_a_makeup_workday(admin_client):
    notice = HolidayNotice.objects.create(year=2027)
    day = MakeupWorkday(notice=notice, date=D(2027, 2, 10))
    with pytest.raises(Exception, match="本是工作日"):
        day.full_clean()


@pytest.mark.django_db
def test_daily_check_warns_administrators_from_1_december(admin_user, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert check_next_year_calendar(today=D(2026, 11, 20)) is None
    alert = check_next_year_calendar(today=D(2026, 12, 1))
    assert alert is not None and "2027" in alert.message
    assert len(mail.outbox) == 1 and admin_user.email in mail.outbox[0].to
    check_next_year_calendar(today=D(2026, 12, 2))
    assert AdminAlert.objects.filter(resolved_at__isnull=True).count() == 1  # refreshed, not duplicated
    enter_2027()
    assert check_next_year_calendar(today=D(2026, 12, 3)) is None
    assert not AdminAlert.objects.filter(resolved_at__isnull=True).exists()


@pytest.mark.django_db
def test_admin_front_page_shows_the_open_alert(admin_client):
    check_next_year_calendar(today=D(2026, 12, 1))
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "尚未录入2027年法定节假日安排" in page


def run_cli(*args, tmp_path):
    env = dict(os.environ, GONGKAI_VAR_DIR=str(tmp_path))
    env.pop("DATABASE_URL", None)
    return subprocess.run([GONGKAI, *args], capture_output=True, text=True, env=env, timeout=60)


def test_workdays_cli(tmp_path):
    done = run_cli("workdays", "add", "2019-09-27", "20", tmp_path=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, "2019-10-30")
    done = run_cli("workdays", "between", "2019-09-27", "2019-10-30", tmp_path=tmp_path)
    assert (done.returncode, done.stdout.strip()) == (0, "20")


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("workdays", "add", "2026-12-20", "20"), 1, "2027"),
        (("workdays", "add", "2019-02-30", "1"), 1, "YYYY-MM-DD"),
        (("workdays", "add", "2019-09-27", "twenty"), 1, "whole number"),
        (("workdays", "between", "2019-09-27"), 2, "usage"),
        (("workdays",), 2, "usage"),
    ],
)
def test_workdays_cli_rejects_bad_input_without_a_traceback(tmp_path, args, code, message):
    done = run_cli(*args, tmp_path=tmp_path)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr
