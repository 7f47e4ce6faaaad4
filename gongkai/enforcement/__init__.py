"""执法公开: penalty decision documents captured, redacted, reviewed and published."""
