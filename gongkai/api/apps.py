"""App configuration for the API: system tokens live here; the URL prefix /api/ is infrastructure
(publishing.sections.BASE_DYNAMIC_PREFIXES), so the API registers no public section."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "gongkai.api"
    label = "api"
    verbose_name = "系统接口"
