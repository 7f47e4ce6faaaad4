"""App configuration for enforcement publicity (执法公开)."""

from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "gongkai.enforcement"
    label = "enforcement"
    verbose_name = "执法公开"

    def ready(self):
        # The receiver that links a penalty record to its document; the module imports models, so it
        # loads once they are ready.
        from gongkai.enforcement import signals  # noqa: F401
