"""Drop the cached calendar whenever a notice, period or make-up day changes."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from gongkai.holidays.calendar import forget_calendar
from gongkai.holidays.models import HolidayNotice, HolidayPeriod, MakeupWorkday


@receiver([post_save, post_delete], sender=HolidayNotice)
@receiver([post_save, post_delete], sender=HolidayPeriod)
@receiver([post_save, post_delete], sender=MakeupWorkday)
def calendar_changed(**kwargs):
    forget_calendar()
