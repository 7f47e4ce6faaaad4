"""Fixtures for search tests: a small directory tree and a helper that publishes through the workflow."""

import datetime as dt
import itertools

import pytest
from django.contrib.auth.models import User

from gongkai.catalog import workflow
from gongkai.catalog.models import Category, Item
from gongkai.org.models import Unit

OFFICER_OF_UNIT = {"交警支队": "xxy-jiaojing", "治安支队": "xxy-zhian", "出入境管理支队": "xxy-churujing"}
_slug_numbers = itertools.count(1)


@pytest.fixture
def columns(demo_bureau):
    """法定主动公开内容 with two sub-columns, and a separate top-level column."""
    statutory = Category.objects.create(agency=demo_bureau, slug="statutory", name="法定主动公开内容")
    return {
        "statutory": statutory,
        "traffic": Category.objects.create(agency=demo_bureau, parent=statutory, slug="traffic", name="交通管理"),
        "household": Category.objects.create(agency=demo_bureau, parent=statutory, slug="household", name="户政管理"),
        "guide": Category.objects.create(agency=demo_bureau, slug="guide", name="政府信息公开指南"),
    }


def make_item(agency, column, *, title, unit="交警支队", body="", summary="", document_number="", keywords="",
              published_on=None):
    return Item.objects.create(
        agency=agency, unit=Unit.objects.get(agency=agency, name=unit), category=column, title=title,
        body=body, summary=summary, document_number=document_number, keywords=keywords,
        written_on=dt.date(2026, 3, 1), published_on=published_on,
    )


def submit(item):
    return workflow.submit_item(item, User.objects.get(username=OFFICER_OF_UNIT[item.unit.name]))


def publish(item):
    """Submit (by the unit's 信息员) and publish (by the agency-wide 审核人) through the workflow."""
    if item.state == Item.State.DRAFT:
        item = submit(item)
    return workflow.publish_item(item, User.objects.get(username="shenhe"))


def withdraw(item):
    return workflow.withdraw_item(item, User.objects.get(username="shenhe"), "测试撤回")


@pytest.fixture
def published(demo_bureau, columns):
    """Publish an item through the workflow: published(title=..., body=..., column="traffic", ...)."""

    def _published(column="traffic", **fields):
        return publish(make_item(demo_bureau, columns[column], **fields))

    return _published
