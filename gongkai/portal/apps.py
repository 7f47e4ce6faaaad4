"""App configuration for the public portal: its own dynamic pages as a section, its publishing receiver, the rate-limit table."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate

from gongkai.publishing.sections import PublicSection, register


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = "门户网站"

    def ready(self):
        register(PublicSection(
            name="requests", label="依申请公开",
            url_names={"form": "requests_public:form", "status": "requests_public:status"},
            dynamic_prefixes=("/ysqgk/",)))
        register(PublicSection(
            name="mode", label="长辈版", url_names={"elder": "portal:mode_elder", "standard": "portal:mode_standard"},
            dynamic_prefixes=("/mode/", "/mode.css")))
        from gongkai.portal import receivers  # noqa: F401  (connects the receiver: it needs the models)
        from gongkai.portal.ratelimit import create_counter_table

        # Django sends post_migrate only for apps with models, which the portal has none of: listen to all
        # (createcachetable does nothing when the table is there).
        post_migrate.connect(create_counter_table, dispatch_uid="portal_ratelimit_table")
