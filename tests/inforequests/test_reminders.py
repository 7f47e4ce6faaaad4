"""The daily reminder: overdue and soon-due requests by number and date, to the office, no applicant detail."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core import mail

from gongkai.inforequests import services
from gongkai.inforequests.tasks import send_reminders

D = dt.date


@pytest.mark.django_db
def test_reminder_lists_overdue_and_due_soon_without_applicant_details(demo_bureau, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    office = User.objects.get(username="gongkaiban")
    person = {"name": "提醒测试人", "id_type": "resident_id", "id_number": "11010519491231002X", "phone": "13911112222"}
    late, _ = services.register_request(demo_bureau, channel="in_person", submitted_on=D(2025, 3, 3), confirmed_on=None,
                                        applicant_kind="自然人", applicant=person, description="甲", user=office)
    soon, _ = services.register_request(demo_bureau, channel="in_person", submitted_on=D(2025, 3, 24), confirmed_on=None,
                                        applicant_kind="自然人", applicant=person, description="乙", user=office)
    assert send_reminders(D(2025, 4, 16)) == 1
    [message] = mail.outbox
    assert office.email in message.to
    assert late.number in message.body and soon.number in message.body and "已逾期" in message.body
    for private in person.values():
        assert private not in message.body
    mail.outbox.clear()
    assert send_reminders(D(2025, 3, 4)) == 0  # nothing due yet
