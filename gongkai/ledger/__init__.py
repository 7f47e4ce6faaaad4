"""The work ledger (工作台账): what the annual report narrates and no other part of the platform records."""
