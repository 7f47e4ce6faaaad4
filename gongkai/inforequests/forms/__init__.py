"""Forms of the request app: intake (staff and online) and the handling steps."""
