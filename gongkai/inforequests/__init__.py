"""依申请公开: intake on every channel, the statutory clock, decisions, fees, letters and filings."""
