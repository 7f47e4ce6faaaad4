"""Models of 双公示."""

from gongkai.credit.models.outbox import PushEntry
from gongkai.credit.models.power import PowerItem
from gongkai.credit.models.records import ImportBatch, LicenseRecord, PenaltyRecord, RowError
from gongkai.credit.models.repair import PublicityTakedown, RepairApplication

__all__ = ["ImportBatch", "LicenseRecord", "PenaltyRecord", "PowerItem", "PublicityTakedown", "PushEntry",
           "RepairApplication", "RowError"]
