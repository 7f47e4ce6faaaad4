"""Warnings that jobs raise for administrators, shown on the admin's front page."""

from django.db import models


class AdminAlert(models.Model):
    """A standing warning (e.g. next year's holiday calendar is missing).

    Keyed so that a daily job refreshes one alert instead of piling up copies; resolved when
    the condition clears.
    """

    class Level(models.TextChoices):
        INFO = "info", "提示"
        WARNING = "warning", "警告"

    key = models.CharField("标识", max_length=80, unique=True)
    level = models.CharField("级别", max_length=10, choices=Level.choices, default=Level.WARNING)
    message = models.TextField("内容")
    raised_at = models.DateTimeField("首次提出", auto_now_add=True)
    refreshed_at = models.DateTimeField("最近确认", auto_now=True)
    resolved_at = models.DateTimeField("已解决", null=True, blank=True)

    class Meta:
        verbose_name = "系统提醒"
        verbose_name_plural = "系统提醒"
        ordering = ["-refreshed_at"]

    def __str__(self):
        return self.message
