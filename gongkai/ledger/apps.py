"""App configuration for the work ledger (工作台账)."""

from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "gongkai.ledger"
    label = "ledger"
    verbose_name = "工作台账"
