"""App configuration for the API: system tokens live here; the URL prefix /api/ is infrastructure
(publishing.sections.BASE_DYNAMIC_PREFIXES), so the API registers no public section."""

from django.apps import AppConfig
from django.core.signals import request_finished


class ApiConfig(AppConfig):
    name = "gongkai.api"
    label = "api"
    verbose_name = "系统接口"

    def ready(self):
        from gongkai.api import usage

        # the read tallies of ended minutes are written after a response has gone out (usage.py)
        request_finished.connect(usage.flush_after_response, dispatch_uid="gongkai.api.usage")
