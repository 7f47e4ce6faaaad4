"""App configuration for operations commands."""

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "gongkai.ops"
    label = "ops"
    verbose_name = "运行维护"
