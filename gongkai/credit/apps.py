"""App configuration for 双公示: its public section is the query pages, dynamic over the current records."""

from django.apps import AppConfig
from django.db.backends.signals import connection_created

from gongkai.publishing.sections import PublicSection, register


class CreditConfig(AppConfig):
    name = "gongkai.credit"
    label = "credit"
    verbose_name = "双公示"

    def ready(self):
        # The party-name index's triggers call a Python function on SQLite (credit/name_index.py).
        connection_created.connect(_register_sqlite_functions, dispatch_uid="credit_name_grams")
        # Records arrive by the hundred thousand (imports, pushes): the public query reads them live,
        # so there is nothing to build, index or list in the sitemap per record, and no signal per record.
        register(PublicSection(
            name="credit", label="双公示",
            url_names={"listing": "credit_public:query", "catalog": "credit_public:catalog",
                       "detail": "credit_public:detail"},
            dynamic_prefixes=("/xygs/",)))


def _register_sqlite_functions(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        from gongkai.credit.name_index import register_sqlite_functions

        register_sqlite_functions(connection.connection)
