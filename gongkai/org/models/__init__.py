"""Models of the org app: agencies, units, staff profiles, audit entries, admin alerts."""

from gongkai.org.models.agency import Agency, Unit
from gongkai.org.models.alerts import AdminAlert
from gongkai.org.models.audit import AuditEntry
from gongkai.org.models.staff import StaffProfile

__all__ = ["Agency", "Unit", "StaffProfile", "AuditEntry", "AdminAlert"]
