"""App configuration for the disclosure directory: its two public sections, directory items and drafts for comment."""

from django.apps import AppConfig

from gongkai.publishing.sections import PublicSection, register


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = "主动公开"

    def ready(self):
        register(PublicSection(
            name="catalog", label="政府信息公开目录", model="catalog.Item",
            url_names={"home": "portal:home", "directory": "portal:directory", "column": "portal:column",
                       "detail": "portal:item", "guide": "portal:guide"},
            page_builder="directory", search_adapter="gongkai.catalog.publication.ITEM_SEARCH"))
        register(PublicSection(
            name="consultations", label="征求意见", model="catalog.Consultation",
            url_names={"listing": "consultations:list", "detail": "consultations:detail"},
            dynamic_prefixes=("/zqyj/",), search_adapter="gongkai.catalog.publication.CONSULTATION_SEARCH",
            sitemap="gongkai.catalog.publication.consultation_sitemap_entries"))
