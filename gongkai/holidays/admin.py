"""Admin page where an administrator types in a year's State Council holiday notice."""

from django.contrib import admin

from gongkai.holidays.models import HolidayNotice, HolidayPeriod, MakeupWorkday
from gongkai.holidays.tasks import resolve_calendar_alert_if_entered
from gongkai.org.audit import record


class HolidayPeriodInline(admin.TabularInline):
    model = HolidayPeriod
    extra = 7


class MakeupWorkdayInline(admin.TabularInline):
    model = MakeupWorkday
    extra = 4


@admin.register(HolidayNotice)
class HolidayNoticeAdmin(admin.ModelAdmin):
    list_display = ("year", "document_number", "published_on", "entered_by", "updated_at")
    fields = ("year", "title", "document_number", "published_on", "entered_by")
    readonly_fields = ("entered_by",)
    inlines = (HolidayPeriodInline, MakeupWorkdayInline)

    def save_model(self, request, obj, form, change):
        if obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        notice = form.instance
        record(
            "calendar",
            notice,
            actor=request.user,
            summary=f"{'修改' if change else '录入'}{notice.year}年节假日安排",
            after={
                "periods": [[p.name, p.start.isoformat(), p.end.isoformat()] for p in notice.periods.all()],
                "makeup_workdays": [m.date.isoformat() for m in notice.makeup_workdays.all()],
            },
        )
        resolve_calendar_alert_if_entered()
