"""A year's holiday arrangement as the State Council notice states it (国务院办公厅通知)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class HolidayNotice(models.Model):
    """The notice for one year. Its periods and make-up working days replace the
    `chinese-calendar` package's data for that year entirely."""

    year = models.PositiveIntegerField("年度", unique=True)
    title = models.CharField("通知标题", max_length=200, default="国务院办公厅关于部分节假日安排的通知")
    document_number = models.CharField("文号", max_length=60, blank=True, help_text="如 国办发明电〔2025〕7号")
    published_on = models.DateField("发布日期", null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="录入人"
    )
    entered_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排通知"
        verbose_name_plural = "节假日安排通知"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年节假日安排"

    def earliest_date(self) -> dt.date:
        """A notice may start 元旦 in December of the previous year."""
        return dt.date(self.year - 1, 12, 1)

    def check_date(self, day: dt.date, field: str) -> None:
        if not (self.earliest_date() <= day <= dt.date(self.year, 12, 31)):
            raise ValidationError({field: f"{day} 不在{self.year}年度通知的范围内（{self.year - 1}年12月1日至{self.year}年12月31日）"})


class HolidayPeriod(models.Model):
    notice = models.ForeignKey(HolidayNotice, on_delete=models.CASCADE, related_name="periods", verbose_name="通知")
    name = models.CharField("节日", max_length=40, help_text="如 元旦、春节、清明节、劳动节、端午节、中秋节、国庆节")
    start = models.DateField("放假起")
    end = models.DateField("放假止（含）")

    class Meta:
        verbose_name = "放假安排"
        verbose_name_plural = "放假安排"
        ordering = ["start"]

    def __str__(self):
        return f"{self.name} {self.start}—{self.end}"

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "放假止日期不能早于放假起日期"})
        if self.notice_id and self.start and self.end:
            self.notice.check_date(self.start, "start")
            self.notice.check_date(self.end, "end")

    def days(self):
        day = self.start
        while day <= self.end:
            yield day
            day += dt.timedelta(days=1)


class MakeupWorkday(models.Model):
    notice = models.ForeignKey(HolidayNotice, on_delete=models.CASCADE, related_name="makeup_workdays", verbose_name="通知")
    date = models.DateField("调休上班日")
    note = models.CharField("说明", max_length=80, blank=True, help_text="如 春节调休")

    class Meta:
        verbose_name = "调休上班日"
        verbose_name_plural = "调休上班日"
        ordering = ["date"]
        constraints = [models.UniqueConstraint(fields=["notice", "date"], name="makeup_workday_unique")]

    def __str__(self):
        return f"{self.date}（{self.note or '调休上班'}）"

    def clean(self):
        if self.notice_id and self.date:
            self.notice.check_date(self.date, "date")
            if self.date.weekday() < 5:
                raise ValidationError({"date": f"{self.date} 本是工作日，调休上班日应为周六或周日"})
