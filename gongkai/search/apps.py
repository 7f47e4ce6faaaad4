"""App configuration for search."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        from gongkai.search import signals  # noqa: F401  (connects the receivers)
