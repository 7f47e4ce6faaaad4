"""App configuration for search: the search page as a section (prefix, navigation) and the index's receivers."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created

from gongkai.publishing.sections import NavEntry, PublicSection, register


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = "全文检索"

    def ready(self):
        register(PublicSection(name="search", label="全文检索", url_names={"search": "search:search"},
                               dynamic_prefixes=("/search/",), nav=NavEntry("全文检索", "search:search", order=100)))
        # The FTS5 triggers call search_cjk_ngrams, a Python function, on SQLite (search/schema.py).
        connection_created.connect(_register_sqlite_functions, dispatch_uid="search_cjk_ngrams")
        from gongkai.search import signals  # noqa: F401  (connects the receivers: they need the models)


def _register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        from gongkai.search.schema import register_sqlite_functions

        register_sqlite_functions(connection.connection)
