"""Portal fixtures: a throwaway SITE_ROOT per test and published items made the quick way or through the workflow."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

_serial = itertools.count(1)


@pytest.fixture
def site_root(settings, tmp_path):
    """Built files go to a temporary folder, never to the demo's var/site."""
    settings.SITE_ROOT = tmp_path / "site"
    return settings.SITE_ROOT


@pytest.fixture
def directory(demo_bureau):
    """The demo bureau's columns (no demo items)."""
    from gongkai.catalog.models import Category
    from gongkai.catalog.models.category import NATIONAL_COLUMNS
    from gongkai.catalog.demo import BUREAU_COLUMNS

    columns = {}
    for order, (slug, name) in enumerate(NATIONAL_COLUMNS):
        columns[slug] = Category.objects.create(agency=demo_bureau, slug=slug, name=name, sort_order=order, is_national=True)
    for order, (slug, name) in enumerate(BUREAU_COLUMNS):
        columns[slug] = Category.objects.create(agency=demo_bureau, parent=columns["statutory"], slug=slug, name=name,
                                                sort_order=order)
    return columns


@pytest.fixture
def make_item(demo_bureau, directory):
    """An item in a given state, saved directly (the workflow is exercised in test_incremental)."""
    from gongkai.catalog.models import Item
    from gongkai.org.models import Unit

    unit = Unit.objects.get(agency=demo_bureau, name="交警支队")

    def make(title="关于调整城区部分道路机动车通行组织的通告", *, column="traffic", state=Item.State.PUBLISHED,
             published_on=dt.date(2026, 3, 2), **fields):
        serial = next(_serial)
        values = dict(
            agency=demo_bureau, unit=unit, category=directory[column], title=title, written_on=dt.date(2026, 3, 1),
            state=state, published_on=published_on if state != Item.State.DRAFT else None,
            index_number=f"000591782/2026-{serial:05d}" if state != Item.State.DRAFT else None,
            summary=f"{title}的内容概述", topic="公安、安全、司法", genre="通告", keywords="交通 通行",
            document_number=f"示公交〔2026〕{serial}号", body=f"<p>{title}正文。</p>",
        )
        values.update(fields)
        item = Item.objects.create(**values)
        if item.state == Item.State.IN_REVIEW and not item.review_digest:  # as submit_item freezes it
            Item.objects.filter(pk=item.pk).update(review_digest=item.content_digest())
            item.refresh_from_db()
        return item

    return make
