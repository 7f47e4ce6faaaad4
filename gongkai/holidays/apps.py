"""App configuration for the holiday calendar."""

from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "gongkai.holidays"
    label = "holidays"
    verbose_name = "法定节假日"

    def ready(self):
        from gongkai.holidays import signals  # noqa: F401  (cache invalidation)
