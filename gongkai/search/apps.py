"""App configuration for search: the search page as a section (prefix, navigation) and the index's receivers."""

from django.apps import AppConfig

from gongkai.publishing.sections import NavEntry, PublicSection, register


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        register(PublicSection(name="search", label="全文检索", url_names={"search": "search:search"},
                               dynamic_prefixes=("/search/",), nav=NavEntry("全文检索", "search:search", order=100)))
        from gongkai.search import signals  # noqa: F401  (connects the receivers: they need the models)
