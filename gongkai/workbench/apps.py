"""App configuration for the workbench: no models, only the admin's first screen."""

from django.apps import AppConfig


class WorkbenchConfig(AppConfig):
    name = "gongkai.workbench"
    label = "workbench"
    verbose_name = "工作台"
