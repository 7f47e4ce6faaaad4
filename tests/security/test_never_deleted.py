"""Issue 14 finding 2 at the model level: what the public has ever seen cannot be deleted by any code path.

The admin refuses too (test_admin_access.py); here the model itself refuses `obj.delete()` and
`QuerySet.delete()` (a pre_delete guard, publishing/never_deleted.py): a published or withdrawn catalog
item, a published or withdrawn 执法公开 document, a 双公示 record on the public query or pushed. Drafts
and pending documents still delete. The suite's own resets (flush: TRUNCATE or DELETE statements, no
signals) still work with such rows in the database.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import ProtectedError

from gongkai.catalog.models import Category, Item
from gongkai.credit.importing import import_file
from gongkai.credit.models import LicenseRecord, PenaltyRecord
from gongkai.credit.samples import RowFactory, rows, write_csv
from gongkai.enforcement.models import DecisionDocument
from gongkai.org.models import Unit
from gongkai.publishing.never_deleted import PublicRecordNotDeletable


def refused(error=PublicRecordNotDeletable, **kwargs):
    """pytest.raises around a savepoint: Django deletes in an atomic block without one of its own, so a
    refused delete spoils the surrounding transaction, as it should, and the test's is that transaction."""
    from contextlib import ExitStack

    stack = ExitStack()
    stack.enter_context(pytest.raises(error, **kwargs))
    stack.enter_context(transaction.atomic())
    return stack


def make_item(agency, title, **values):
    unit = Unit.objects.get(agency=agency, name="交警支队")
    category, _ = Category.objects.get_or_create(agency=agency, slug="traffic", defaults={"name": "交通管理"})
    return Item.objects.create(agency=agency, unit=unit, category=category, title=title,
                               written_on=dt.date(2026, 3, 1), **values)


def make_document(agency, number, **values):
    return DecisionDocument.objects.create(
        agency=agency, document_number=number, title=f"行政处罚决定书（{number}）", decided_on=dt.date(2026, 3, 2),
        original_text="当事人某某于2026年3月1日超速行驶。", source_hash=number, **values)


@pytest.mark.django_db
def test_a_published_or_withdrawn_item_cannot_be_deleted_by_any_code_path(demo_bureau):
    published = make_item(demo_bureau, "已发布的通告", state=Item.State.PUBLISHED, published_on=dt.date(2026, 3, 2))
    withdrawn = make_item(demo_bureau, "已撤回的通告", state=Item.State.WITHDRAWN, published_on=dt.date(2026, 3, 2))
    draft = make_item(demo_bureau, "草稿")
    with refused(PublicRecordNotDeletable, match="已经公开过，不能删除"):
        published.delete()
    stale = Item.objects.get(pk=withdrawn.pk)
    stale.state, stale.published_on = Item.State.DRAFT, None  # an instance that lies about the stored row
    with refused(PublicRecordNotDeletable):
        stale.delete()
    with refused(ProtectedError):  # a ProtectedError, as callers that handle PROTECT expect
        Item.objects.all().delete()
    assert set(Item.objects.values_list("pk", flat=True)) == {published.pk, withdrawn.pk, draft.pk}  # all or nothing
    draft.delete()  # never public: deletable
    Item.objects.filter(state=Item.State.DRAFT).delete()
    assert not Item.objects.filter(pk=draft.pk).exists()


@pytest.mark.django_db
def test_a_published_enforcement_document_cannot_be_deleted(demo_bureau):
    published = make_document(demo_bureau, "示例公交罚决字〔2026〕1号", state=DecisionDocument.State.PUBLISHED,
                              published_on=dt.date(2026, 3, 3))
    expired = make_document(demo_bureau, "示例公交罚决字〔2026〕2号", state=DecisionDocument.State.EXPIRED,
                            published_on=dt.date(2025, 3, 3))
    pending = make_document(demo_bureau, "示例公交罚决字〔2026〕3号")
    for document in (published, expired):
        with refused(PublicRecordNotDeletable):
            document.delete()
    with refused(PublicRecordNotDeletable):
        DecisionDocument.objects.filter(pk__in=[published.pk, pending.pk]).delete()
    assert DecisionDocument.objects.count() == 3
    pending.delete()
    assert DecisionDocument.objects.count() == 2


@pytest.mark.django_db
def test_credit_records_on_the_public_query_or_pushed_cannot_be_deleted(tmp_path, demo_bureau):
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=21)
    import_file(write_csv(tmp_path / "p.csv", "penalty", list(rows(factory, "penalty", 3))), agency=demo_bureau,
                kind="penalty")
    import_file(write_csv(tmp_path / "l.csv", "license", list(rows(factory, "license", 2))), agency=demo_bureau,
                kind="license")
    record = PenaltyRecord.objects.first()
    assert record.published_at is not None  # on the public query from the moment it is imported
    with refused(PublicRecordNotDeletable, match="撤下公示"):
        record.delete()
    with refused(PublicRecordNotDeletable):
        PenaltyRecord.objects.all().delete()
    with refused(PublicRecordNotDeletable):
        LicenseRecord.objects.all().delete()
    PenaltyRecord.objects.filter(pk=record.pk).update(published_at=None, pushed_at=dt.datetime(2026, 3, 3, tzinfo=dt.UTC))
    with refused(PublicRecordNotDeletable):  # pushed to the credit platform is public too
        PenaltyRecord.objects.filter(pk=record.pk).delete()
    assert (PenaltyRecord.objects.count(), LicenseRecord.objects.count()) == (3, 2)


@pytest.mark.django_db(transaction=True)
def test_the_suites_flush_still_empties_a_database_holding_public_rows(tmp_path, demo_bureau):
    """A transactional test's teardown flushes every table (TRUNCATE on PostgreSQL, DELETE on SQLite):
    SQL, no signals, so the guard does not stand in its way. The next test starts from empty tables."""
    make_item(demo_bureau, "已发布的通告", state=Item.State.PUBLISHED, published_on=dt.date(2026, 3, 2))
    make_document(demo_bureau, "示例公交罚决字〔2026〕9号", state=DecisionDocument.State.PUBLISHED)
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=22)
    import_file(write_csv(tmp_path / "p.csv", "penalty", list(rows(factory, "penalty", 2))), agency=demo_bureau,
                kind="penalty")
    assert Item.objects.exists() and DecisionDocument.objects.exists() and PenaltyRecord.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_the_tables_are_empty():
    assert not Item.objects.exists() and not DecisionDocument.objects.exists() and not PenaltyRecord.objects.exists()


@pytest.mark.django_db
def test_a_consultation_its_shown_comments_and_a_listed_power_item_cannot_be_deleted(demo_bureau):
    from gongkai.catalog.models import Comment, Consultation
    from gongkai.credit.models import PowerItem

    unit = Unit.objects.get(agency=demo_bureau, name="交警支队")
    fields = dict(agency=demo_bureau, unit=unit, draft_text="征求意见稿正文", opens_on=dt.date(2026, 3, 1),
                  closes_on=dt.date(2026, 3, 31))
    published = Consultation.objects.create(title="已发布的征求意见", is_published=True, **fields)
    shown = Comment.objects.create(consultation=published, body="建议延长", client_hash="a",
                                   status=Comment.Status.APPROVED)
    hidden = Comment.objects.create(consultation=published, body="无关内容", client_hash="b",
                                    status=Comment.Status.REJECTED)
    draft = Consultation.objects.create(title="未发布的征求意见", **fields)
    with refused(PublicRecordNotDeletable):  # refused whichever row the cascade reaches first
        published.delete()
    with refused(PublicRecordNotDeletable, match="取消“已发布”"):
        Consultation.objects.filter(pk=published.pk).update(is_published=False, summary_published_on=dt.date(2026, 4, 8))
        Comment.objects.filter(pk=shown.pk).update(status=Comment.Status.REJECTED)
        published.delete()  # its feedback summary was published
    with refused(PublicRecordNotDeletable, match="不予展示"):
        shown.delete()
    hidden.delete()
    draft.delete()
    assert set(Consultation.objects.values_list("pk", flat=True)) == {published.pk}

    listed = PowerItem.objects.create(agency=demo_bureau, kind="penalty", code="TEST-0001", department="交警支队",
                                      name="测试处罚事项", basis="《道路交通安全法》", party_kinds="自然人")
    with refused(PublicRecordNotDeletable, match="双公示目录"):
        PowerItem.objects.filter(pk=listed.pk).delete()
    PowerItem.objects.filter(pk=listed.pk).update(is_published=False)
    listed.delete()
