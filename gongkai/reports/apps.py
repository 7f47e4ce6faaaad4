"""App configuration for the annual report: its public face is a directory item (reports/publishing.py)."""

from django.apps import AppConfig

from gongkai.publishing.sections import PublicSection, register


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = "年度报告"

    def ready(self):
        register(PublicSection(name="reports", label="政府信息公开年报", published_as="catalog",
                               url_names={"listing": "portal:column"}))
