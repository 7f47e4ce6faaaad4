"""The demo directory: realistic volume, consistent 索引号 and sequences, links, consultations."""

import datetime as dt
import re
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.db.models import Count
from django.utils import timezone

from gongkai.catalog import workflow
from gongkai.catalog.demo import BUREAU_COLUMNS, DRAFTS, load
from gongkai.catalog.models import Category, Consultation, IndexSequence, Item
from gongkai.holidays.calendar import current_calendar


@pytest.fixture
def today():
    """The app's today (Asia/Shanghai), read when the test starts: the session's day, or the day a
    date_sensitive test is pinned to (tests/conftest.py)."""
    return timezone.localdate()


@pytest.fixture
def demo(demo_bureau, today):
    """Loaded as of today, so a publish through the workflow (which stamps today) continues the demo's
    own sequence for this year. How long loading takes is benchmarks/demo_and_report_pdf.py's question."""
    load(demo_bureau, today)
    return demo_bureau


def published(agency):
    return Item.objects.filter(agency=agency, state=Item.State.PUBLISHED)


@pytest.mark.django_db
@pytest.mark.date_sensitive
def test_volume_spreads_over_columns_years_and_units(demo, today):
    """Two full years and this one up to today: about a thousand items a year, whatever the day."""
    per_column = dict(published(demo).values_list("category__slug").annotate(n=Count("id")))
    for slug, _name in BUREAU_COLUMNS:  # the thinnest, budgets, has a budget and a final account a year
        assert per_column.get(slug, 0) >= 4, slug
    assert per_column["traffic"] > 300 and per_column["police-bulletins"] > 300
    assert per_column["interpretations"] == 40
    years = Counter(published(demo).values_list("published_on__year", flat=True))
    assert set(years) == {today.year - 2, today.year - 1, today.year}
    assert 700 < years[today.year - 2] < 1400 and 700 < years[today.year - 1] < 1400
    assert years[today.year] < 1400 * today.timetuple().tm_yday / 365 + 100  # this year: so far
    assert published(demo).values("unit").distinct().count() == 10


@pytest.mark.django_db
def test_every_published_item_has_a_unique_index_number_in_the_agency_format(demo):
    rows = list(Item.objects.filter(agency=demo, published_on__isnull=False).values_list("index_number", "published_on"))
    numbers = [number for number, _ in rows]
    assert None not in numbers and len(numbers) == len(set(numbers))
    for number, published_on in rows:
        assert re.fullmatch(rf"{demo.org_code}/{published_on.year}-\d{{5}}", number), number
    unpublished = Item.objects.filter(agency=demo, state__in=[Item.State.DRAFT, Item.State.IN_REVIEW])
    assert unpublished.exists() and not unpublished.filter(index_number__isnull=False).exists()


@pytest.mark.django_db
def test_index_numbers_follow_publication_order_and_the_sequence_is_left_at_the_end(demo):
    for sequence in IndexSequence.objects.filter(agency=demo):
        rows = list(Item.objects.filter(agency=demo, published_on__year=sequence.year)
                    .order_by("index_number").values_list("index_number", "published_on"))
        assert len(rows) == sequence.last_value
        assert rows[-1][0].endswith(f"-{sequence.last_value:05d}")
        assert [day for _, day in rows] == sorted(day for _, day in rows)


@pytest.mark.django_db
@pytest.mark.date_sensitive
def test_publishing_after_the_demo_continues_the_sequence(demo, today):
    last = IndexSequence.objects.get(agency=demo, year=today.year).last_value
    draft = Item.objects.get(unit__name="交警支队", state=Item.State.DRAFT)
    item = workflow.submit_item(draft, User.objects.get(username="xxy-jiaojing"))
    item = workflow.publish_item(item, User.objects.get(username="sh-jiaojing"))
    year = item.published_on.year
    expected = (last if year == today.year else 0) + 1
    assert item.index_number == f"{demo.org_code}/{year}-{expected:05d}"


@pytest.mark.django_db
@pytest.mark.date_sensitive
def test_published_items_carry_review_and_mostly_meet_the_twenty_day_limit(demo, today, next_year_known):
    """Delays are counted on the app's calendar: in early January this year's notice is the one entered
    by next_year_known (the demo counts weekdays for a year the holiday package does not know)."""
    items = list(published(demo).select_related("created_by", "reviewed_by"))
    assert all(i.reviewed_by and i.reviewed_at and i.confidentiality_review and i.created_by for i in items)
    assert all(i.reviewed_by_id != i.created_by_id for i in items)
    assert all(i.published_on <= today for i in items)
    calendar = current_calendar()
    delays = [calendar.workdays_between(i.written_on, i.published_on) for i in items]
    assert min(delays) >= 0 and max(delays) <= 25
    on_time = sum(delay <= 20 for delay in delays) / len(delays)
    assert 0.9 < on_time < 1
    officer = Item.objects.filter(agency=demo, unit__name="治安支队").values_list("created_by__username", flat=True)
    assert set(officer) == {"xxy-zhian"}


@pytest.mark.django_db
def test_metadata_looks_like_a_real_directory(demo):
    numbers = list(published(demo).exclude(document_number="").values_list("document_number", flat=True))
    assert len(numbers) > 200 and len(numbers) == len(set(numbers))
    assert all(re.fullmatch(r"示[^〔〕]+〔\d{4}〕\d+号", number) for number in numbers)
    assert published(demo).filter(document_number__startswith="示公交〔").exists()
    assert not published(demo).filter(topic="").exists() and not published(demo).filter(genre="").exists()
    budgets = published(demo).filter(category__slug="budgets")
    assert all("<table>" in body and "万元" in body for body in budgets.values_list("body", flat=True))
    bodies = " ".join(title + body for title, body in published(demo).values_list("title", "body"))
    for word in ("户籍", "驾照", "罚款", "ETC", "C1驾照", "ＥＴＣ", "１２３４５"):
        assert word in bodies, word
    assert "<script" not in bodies


@pytest.mark.django_db
def test_normative_documents_include_repealed_and_one_amended(demo):
    normative = published(demo).filter(document_kind=Item.DocumentKind.NORMATIVE)
    assert normative.count() >= 20
    assert published(demo).filter(document_kind=Item.DocumentKind.RULE).exists()
    repealed = normative.filter(validity=Item.Validity.REPEALED)
    assert repealed.count() >= 3 and not repealed.filter(repealed_on__isnull=True).exists()
    amended = normative.get(validity=Item.Validity.AMENDED)
    assert amended.replaced_by.state == Item.State.PUBLISHED
    assert amended.repealed_on == amended.replaced_by.published_on


@pytest.mark.django_db
def test_interpretations_explain_published_policies(demo):
    interpretations = published(demo).filter(category__slug="interpretations").select_related("interprets")
    assert interpretations.count() == 40
    for item in interpretations:
        policy = item.interprets
        assert policy is not None and policy.state == Item.State.PUBLISHED
        assert policy.category.slug == "policies"
        assert policy.published_on <= item.published_on


@pytest.mark.django_db
def test_the_three_drafts_the_role_tests_use_are_there(demo):
    for unit_name, slug, title in DRAFTS:
        draft = Item.objects.get(unit__name=unit_name, state=Item.State.DRAFT)
        assert draft.title == title and draft.category.slug == slug
    assert Item.objects.filter(agency=demo, state=Item.State.IN_REVIEW).exists()


@pytest.mark.django_db
@pytest.mark.date_sensitive
def test_one_open_and_one_closed_consultation(demo, today):
    open_now = [c for c in Consultation.objects.filter(agency=demo) if c.is_open_on(today)]
    assert len(open_now) == 1 and open_now[0].opens_on < today < open_now[0].closes_on
    closed = Consultation.objects.get(agency=demo, closes_on__lt=today)
    assert closed.feedback_summary and closed.summary_published_on
    assert closed.resulting_item.state == Item.State.PUBLISHED
    statuses = Counter(closed.comments.values_list("status", flat=True))
    assert statuses["approved"] >= 2 and statuses["rejected"] >= 1
    assert closed.comments.exclude(contact="").exists()


@pytest.mark.django_db
def test_the_directory_has_the_national_columns_and_the_bureaus(demo):
    national = Category.objects.filter(agency=demo, parent__isnull=True, is_national=True)
    assert national.count() == 5
    statutory = national.get(slug="statutory")
    assert set(statutory.children.values_list("name", flat=True)) == {name for _, name in BUREAU_COLUMNS}
    for slug in ("guide", "annual-reports"):
        assert published(demo).filter(category__slug=slug).exists()


@pytest.mark.django_db
def test_loading_is_deterministic(demo_bureau):
    from gongkai.catalog.demo import DemoCatalog

    def titles():
        catalog = DemoCatalog(demo_bureau, dt.date(2026, 11, 2))
        catalog.plan_random()
        return [p.text.title for p in catalog.planned]

    assert titles() == titles()
