"""Daily job: warn administrators when next year's holiday calendar is still missing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.holidays.calendar import current_calendar, forget_calendar
from gongkai.org.models import AdminAlert
from gongkai.org.roles import ADMINISTRATOR

ALERT_KEY = "calendar-missing-{year}"
# The State Council notice usually comes in November; by 1 December it should be entered.
WARN_FROM = (12, 1)


def administrators_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(groups__name=ADMINISTRATOR))
    return sorted({u.email for u in users if u.email})


def check_next_year_calendar(today: dt.date | None = None) -> AdminAlert | None:
    """Raise (or refresh) the alert and e-mail the administrators if next year is unknown.

    Returns the open alert, or None when all is well. Safe to run any number of times a day.
    """
    today = today or timezone.localdate()
    year = today.year + 1
    forget_calendar()
    if current_calendar().knows(year) or (today.month, today.day) < WARN_FROM:
        resolve_calendar_alert_if_entered(today)
        return None
    message = (
        f"尚未录入{year}年法定节假日安排：工作日期限将无法计算到{year}年。"
        f"请在“法定节假日 › 节假日安排通知”中按国务院办公厅通知录入。"
    )
    alert, created = AdminAlert.objects.update_or_create(
        key=ALERT_KEY.format(year=year),
        defaults={"level": AdminAlert.Level.WARNING, "message": message, "resolved_at": None},
    )
    recipients = administrators_emails()
    if recipients:
        send_mail(f"【公开平台】请录入{year}年节假日安排", message, None, recipients)
    return alert


def resolve_calendar_alert_if_entered(today: dt.date | None = None) -> None:
    today = today or timezone.localdate()
    forget_calendar()
    calendar = current_calendar()
    for alert in AdminAlert.objects.filter(key__startswith="calendar-missing-", resolved_at__isnull=True):
        year = int(alert.key.rsplit("-", 1)[1])
        if calendar.knows(year):
            AdminAlert.objects.filter(pk=alert.pk).update(resolved_at=timezone.now())


@db_periodic_task(crontab(hour="7", minute="30"))
def daily_calendar_check():
    check_next_year_calendar()
