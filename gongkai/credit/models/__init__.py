"""Models of 双公示."""

from gongkai.credit.models.power import PowerItem
from gongkai.credit.models.records import ImportBatch, LicenseRecord, PenaltyRecord, RowError

__all__ = ["ImportBatch", "LicenseRecord", "PenaltyRecord", "PowerItem", "RowError"]
