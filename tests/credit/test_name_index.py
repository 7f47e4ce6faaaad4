"""The SQLite party-name index holds exactly every record's bigrams and trigrams, whichever path wrote the row (import chunk or trigger)."""

import datetime as dt

import pytest
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from django.utils import timezone

from gongkai.credit import name_index
from gongkai.credit.importing import import_file, import_records
from gongkai.credit.models import LicenseRecord, PenaltyRecord
from gongkai.credit.samples import RowFactory, rows, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 side of the index; PostgreSQL's GIN is kept by the database itself")


def indexed(kind: str) -> dict[str, list[int]]:
    """n-gram → rowids, as the FTS5 table answers it (a row indexed twice would show twice), for every stored bigram."""
    model = {"penalty": PenaltyRecord, "license": LicenseRecord}[kind]
    grams = {gram for name in model.objects.values_list("party_name", flat=True)
             for gram in name_index.indexable_grams(name)}
    table = name_index.fts_table(kind)
    with connection.cursor() as cursor:
        answer = {}
        for gram in grams:
            cursor.execute(f"SELECT rowid FROM {table} WHERE {table} MATCH %s", [name_index.fts5_match([gram])])
            answer[gram] = sorted(rowid for (rowid,) in cursor.fetchall())
        return answer


def expected(kind: str) -> dict[str, list[int]]:
    model = {"penalty": PenaltyRecord, "license": LicenseRecord}[kind]
    answer: dict[str, list[int]] = {}
    for pk, name in model.objects.order_by("id").values_list("id", "party_name"):
        for gram in name_index.indexable_grams(name):
            answer.setdefault(gram, []).append(pk)
    return answer


def test_imported_chunks_new_versions_and_orm_writes_are_all_indexed(tmp_path, demo_bureau):
    today = timezone.localdate()
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=5, start=today - dt.timedelta(days=60), days=30)
    penalties = list(rows(factory, "penalty", 45))
    import_file(write_csv(tmp_path / "p.csv", "penalty", penalties), agency=demo_bureau, kind="penalty", chunk_rows=7)
    import_file(write_csv(tmp_path / "l.csv", "license", list(rows(factory, "license", 20))), agency=demo_bureau,
                kind="license", chunk_rows=6)
    # new versions through the API's path, some under a corrected name (the old version keeps the old one)
    changed = [dict(row, CF_SY=row["CF_SY"] + "补正。") for row in penalties[:8]]
    changed += [dict(row, CF_XDR_MC=row["CF_XDR_MC"] + "分店") for row in penalties[8:14]]
    batch, _ = import_records(changed, agency=demo_bureau, kind="penalty", source="test", chunk_rows=5)
    assert batch.rows_updated == 14
    record = PenaltyRecord.objects.filter(is_current=True).first()
    PenaltyRecord.objects.filter(pk=record.pk).update(party_name="示范市北山区吕娜餐饮有限公司")  # the update trigger
    copy = PenaltyRecord.objects.get(pk=record.pk)
    copy.pk, copy.natural_key, copy.party_name = None, "新增\x1f索引", "示范市城东区测试商贸有限公司"
    copy.save()  # one row by the ORM: the insert trigger
    for kind in ("penalty", "license"):
        assert indexed(kind) == expected(kind), kind


def test_the_insert_trigger_is_back_after_a_failed_bulk_block(demo_bureau, tmp_path):
    """The bulk writer drops the per-row trigger inside its transaction; a failure rolls that back."""
    today = timezone.localdate()
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=6, start=today - dt.timedelta(days=60), days=30)
    import_file(write_csv(tmp_path / "p.csv", "penalty", list(rows(factory, "penalty", 5))), agency=demo_bureau,
                kind="penalty")
    with pytest.raises(ValueError), transaction.atomic(), connection.cursor() as cursor:
        with name_index.sqlite_bulk_insert(connection, cursor, "penalty"):
            raise ValueError("the chunk failed")
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name = %s",
                       [name_index.fts_table("penalty") + "_after_insert"])
        assert cursor.fetchone() == (1,)
    record = PenaltyRecord.objects.first()
    record.pk, record.natural_key, record.party_name = None, "另一\x1f条", "示范市南湖区开关测试物流有限公司"
    record.save()
    assert indexed("penalty") == expected("penalty")


@settings(max_examples=300, deadline=None)
@given(name=st.text(st.sampled_from("示范市高新区吕娜餐饮有限公司（）·-ａA1 "), min_size=2, max_size=30), data=st.data())
def test_every_gram_a_part_of_a_name_asks_is_indexed_for_the_name(name, data):
    """A name holding the text holds every n-gram SQLite asks for it, so asking never misses it;
    a text of three indexable characters asks its trigram alone, not the bigrams inside it."""
    start = data.draw(st.integers(0, len(name) - 2))
    text = name[start: data.draw(st.integers(start + 2, len(name)))]
    assert set(name_index.sqlite_query_grams(text)) <= set(name_index.indexable_grams(name))
    if len(text) == 3 and text.isalnum():
        assert name_index.sqlite_query_grams(text) == [text]
