"""Daily job: remind the disclosure office of requests falling due within five working days or overdue."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Q
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.inforequests.clock import RequestClock
from gongkai.inforequests.models import InfoRequest
from gongkai.inforequests.overview import overview
from gongkai.org.models import Agency
from gongkai.org.roles import OFFICE


def office_emails(agency) -> list[str]:
    users = get_user_model().objects.filter(is_active=True, staff_profile__agency=agency).filter(
        Q(groups__name=OFFICE))
    return sorted({user.email for user in users if user.email})


def reminder_text(agency, state: dict) -> str | None:
    """The message, or None when nothing is due. Numbers and dates only: no applicant detail in mail."""
    lines = []
    for title, rows in (("已逾期", state["overdue"]), ("5个工作日内到期", state["due_soon"])):
        if rows:
            lines.append(f"{title}（{len(rows)}件）：")
            lines += [f"  {row.request.number}　答复期限{row.deadline.due}　剩余{row.left}个工作日"
                      + ("　已决定未送达" if row.deadline.awaiting_delivery else "") for row in rows]
    for title, rows in (("征求意见期满", state["consultation_expired"]), ("待确认收到", state["unconfirmed"])):
        if rows:
            lines.append(f"{title}（{len(rows)}件）：" + "、".join(row.request.number for row in rows))
    if not lines:
        return None
    return f"{agency.name}政府信息公开申请办理提醒：\n" + "\n".join(lines)


def send_reminders(today: dt.date | None = None) -> int:
    """One e-mail per agency with anything due; returns how many were sent."""
    today = today or timezone.localdate()
    request_clock = RequestClock.current(today)  # one calendar read, identical histories computed once
    sent = 0
    for agency in Agency.objects.all():
        text = reminder_text(agency, overview(InfoRequest.objects.filter(agency=agency), today,
                                              request_clock=request_clock))
        recipients = office_emails(agency)
        if text and recipients:
            send_mail(f"【公开平台】依申请公开答复期限提醒（{today}）", text, None, recipients)
            sent += 1
    return sent


@db_periodic_task(crontab(hour="8", minute="0"))
def daily_request_reminders():
    send_reminders()
