"""Parsing the dates and counts that `gongkai workdays` takes, with one-line reasons."""

import datetime as dt


class BadArgument(ValueError):
    pass


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BadArgument(f"not a date in YYYY-MM-DD form: {text!r}") from None


def parse_count(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise BadArgument(f"not a whole number of working days: {text!r}") from None
