"""App configuration for 双公示."""

from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "gongkai.credit"
    label = "credit"
    verbose_name = "双公示"
