"""行政复议 and 行政诉讼 about disclosure: the cases, their outcomes, and the annual report's table 四."""
