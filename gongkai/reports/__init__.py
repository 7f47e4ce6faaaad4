"""The statutory annual report: statistics computed from the records, narrative, renderers."""
