"""The attack suite of issue 14: one test per finding, failing on the code before the fix."""
