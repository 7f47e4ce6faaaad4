"""索引号: the agency's format, unique and permanent, allocated on first publication."""

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from gongkai.catalog import workflow
from gongkai.catalog.models import Category, Item
from gongkai.core.index_numbers import IndexFormatError, render_index_number
from gongkai.org.models import Unit


def test_default_format_is_the_national_twenty_characters():
    number = render_index_number("{org-code}/{YYYY}-{NNNNN}", org_code="00591782X", uscc="", year=2026, month=3, sequence=7)
    assert number == "00591782X/2026-00007" and len(number) == 20


@pytest.mark.parametrize("fmt", ["{org-code}/{YYYY}", "{org-code}/{YYYY}-{NNN}-{NN}", "{org}/{YYYY}-{NNNNN}", "{uscc}-{NNNNN}"])
def test_bad_formats_are_refused(fmt):
    with pytest.raises(IndexFormatError):
        render_index_number(fmt, org_code="x", uscc="y", year=2026, month=1, sequence=1)


def test_sequence_overflow_is_an_error_not_a_wider_number():
    with pytest.raises(IndexFormatError):
        render_index_number("{org-code}/{YYYY}-{NN}", org_code="x", uscc="", year=2026, month=1, sequence=100)


def publish_new(agency, title):
    unit = Unit.objects.get(agency=agency, name="交警支队")
    category = Category.objects.create(agency=agency, slug=f"c-{title}", name=title)
    item = Item.objects.create(agency=agency, unit=unit, category=category, title=title, written_on=dt.date(2026, 3, 1))
    item = workflow.submit_item(item, User.objects.get(username="xxy-jiaojing"))
    return workflow.publish_item(item, User.objects.get(username="sh-jiaojing"))


@pytest.mark.django_db
@pytest.mark.date_sensitive
def test_publishing_assigns_consecutive_numbers_that_never_change(demo_bureau):
    first, second = publish_new(demo_bureau, "一"), publish_new(demo_bureau, "二")
    year = first.published_on.year
    assert first.index_number == f"00591782X/{year}-00001"
    assert second.index_number == f"00591782X/{year}-00002"
    withdrawn = workflow.withdraw_item(first, User.objects.get(username="sh-jiaojing"), "测试撤回")
    assert withdrawn.index_number == first.index_number


@pytest.mark.django_db
def test_agency_format_is_validated(demo_bureau):
    demo_bureau.index_number_format = "{org-code}/{YYYY}"
    with pytest.raises(ValidationError, match="顺序号"):
        demo_bureau.full_clean()
