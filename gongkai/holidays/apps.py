"""App configuration for the holiday calendar."""

from django.apps import AppConfig


class HolidaysConfig(AppConfig):
    name = "gongkai.holidays"
    label = "holidays"
    verbose_name = "法定节假日"

    def ready(self):
        # The receivers that drop the cached calendar; the module imports models, so it loads once they are ready.
        from gongkai.holidays import signals  # noqa: F401
