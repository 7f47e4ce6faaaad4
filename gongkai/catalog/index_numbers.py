"""Allocating 索引号 when an item is first published: unique under concurrency, never reused."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction

from gongkai.catalog.models import IndexSequence, Item
from gongkai.core.index_numbers import render_index_number


def next_sequence(agency, year: int) -> int:
    """The next number of `agency`'s `year`, taken under a row lock (must run in a transaction)."""
    try:
        with transaction.atomic():
            IndexSequence.objects.get_or_create(agency=agency, year=year)
    except IntegrityError:  # another transaction created the row first
        pass
    sequence = IndexSequence.objects.select_for_update().get(agency=agency, year=year)
    sequence.last_value += 1
    sequence.save(update_fields=["last_value"])
    return sequence.last_value


def assign_index_number(item: Item, on: dt.date) -> str:
    """Give `item` its permanent 索引号 (once; an item that has one keeps it)."""
    if item.index_number:
        return item.index_number
    agency = item.agency
    number = next_sequence(agency, on.year)
    item.index_number = render_index_number(
        agency.index_number_format, org_code=agency.org_code, uscc=agency.uscc, year=on.year, month=on.month,
        sequence=number,
    )
    return item.index_number
