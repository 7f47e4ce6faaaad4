"""App configuration for enforcement publicity (执法公开)."""

from django.apps import AppConfig

from gongkai.publishing.sections import NavEntry, PublicSection, register


class EnforcementConfig(AppConfig):
    name = "gongkai.enforcement"
    label = "enforcement"
    verbose_name = "执法公开"

    def ready(self):
        register(PublicSection(
            name="enforcement", label="执法公开", model="enforcement.DecisionDocument",
            url_names={"listing": "portal:enforcement_list", "listing_page": "portal:enforcement_page",
                       "detail": "portal:enforcement_document"},
            page_builder="listing", site_path="zfgk/", content="gongkai.enforcement.publication.PAGES",
            search_adapter="gongkai.enforcement.publication.SEARCH", nav=NavEntry("执法公开", "portal:enforcement_list")))
        # The receiver that links a penalty record to its document; the module imports models, so it
        # loads once they are ready.
        from gongkai.enforcement import signals  # noqa: F401
