"""双公示 by any part of a name: the n-gram index finds exactly what a substring scan finds, ranked exact → start → inside."""

import datetime as dt
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from django.utils import timezone

from gongkai.credit.importing import import_file
from gongkai.credit.masking import INDIVIDUAL_BUSINESS, ORGANISATION
from gongkai.credit.models import LicenseRecord, PenaltyRecord
from gongkai.credit.public import KINDS, CreditQuery, search_records, visible_records
from gongkai.credit.samples import RowFactory, rows, write_csv

pytestmark = pytest.mark.django_db

LUNA = "示范市高新区吕娜餐饮有限公司"
DETAIL = re.compile(r"/(penalty|license)/(\d+)/")


@pytest.fixture
def named_records(tmp_path, demo_bureau):
    today = timezone.localdate()
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=17, start=today - dt.timedelta(days=90), days=60)
    org_items = [i for i, item in enumerate(factory.penalty_items) if ORGANISATION in item["行政相对人类别"]]
    cycle = len(factory.penalty_items)
    penalties = list(rows(factory, "penalty", 40)) + [factory.penalty(i + cycle * k) for i in org_items for k in range(6)]
    import_file(write_csv(tmp_path / "p.csv", "penalty", penalties),
                agency=demo_bureau, kind="penalty")
    import_file(write_csv(tmp_path / "l.csv", "license", list(rows(factory, "license", 30))),
                agency=demo_bureau, kind="license")
    now = timezone.now()
    PenaltyRecord.objects.update(published_at=now, pushed_at=now)
    LicenseRecord.objects.update(published_at=now, pushed_at=now)
    return demo_bureau


def found(agency, text: str) -> set[tuple[str, int]]:
    """Every (kind, pk) the public query gives for `text`, over all its pages."""
    hits, page = set(), 1
    while True:
        result = search_records(agency, CreditQuery(text=text, page=page))
        hits.update((m.group(1), int(m.group(2))) for m in (DETAIL.search(r["详情"]) for r in result.results))
        if page >= result.pages:
            return hits
        page += 1


def scanned(agency, text: str) -> set[tuple[str, int]]:
    """The oracle: a Python substring test over every visible record of the kinds the query may reach."""
    kinds = [ORGANISATION] + ([INDIVIDUAL_BUSINESS] if len(text) >= 5 else [])
    return {(kind, pk) for kind, model in KINDS.items()
            for pk, name, party_kind in visible_records(model, agency).values_list("id", "party_name", "party_kind")
            if party_kind in kinds and text in name}


def test_any_part_of_a_name_finds_the_company_exact_name_first(named_records):
    agency = named_records
    company = PenaltyRecord.objects.filter(is_current=True, party_kind=ORGANISATION).order_by("id").first()
    PenaltyRecord.objects.filter(pk=company.pk).update(party_name=LUNA)  # the update trigger re-indexes it
    longer = PenaltyRecord.objects.filter(is_current=True, party_kind=ORGANISATION).exclude(pk=company.pk).first()
    PenaltyRecord.objects.filter(pk=longer.pk).update(party_name="东区" + LUNA + "分店")
    for text in ("吕娜餐饮", "高新区吕娜", LUNA):
        assert {("penalty", company.pk), ("penalty", longer.pk)} <= found(agency, text), text
    exact = search_records(agency, CreditQuery(text=LUNA)).results
    assert exact[0]["详情"].endswith(f"/penalty/{company.pk}/")
    starting = [r["详情"] for r in search_records(agency, CreditQuery(text="示范市高新区吕娜")).results]
    assert starting.index(f"/xygs/penalty/{company.pk}/") < starting.index(f"/xygs/penalty/{longer.pk}/")
    assert ("penalty", company.pk) not in found(agency, "吕娜饭店")


def test_persons_and_short_individual_business_texts_stay_out(named_records):
    agency = named_records
    person = PenaltyRecord.objects.filter(is_current=True, party_kind="自然人").first()
    assert not found(agency, person.party_name)
    business = PenaltyRecord.objects.filter(is_current=True, party_kind=INDIVIDUAL_BUSINESS).first()
    if business is not None:
        assert ("penalty", business.pk) not in found(agency, business.party_name[-4:])
        assert ("penalty", business.pk) in found(agency, business.party_name)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_name_query_equals_a_substring_scan(named_records, data):
    agency = named_records
    names = sorted(set(PenaltyRecord.objects.values_list("party_name", flat=True))
                   | set(LicenseRecord.objects.values_list("party_name", flat=True)))
    if data.draw(st.booleans()):
        name = data.draw(st.sampled_from(names))
        start = data.draw(st.integers(0, len(name) - 2))
        text = name[start: data.draw(st.integers(start + 2, len(name)))]
    else:  # characters of the names in an order that may occur nowhere
        alphabet = sorted(set("".join(names)) - {"某"})
        text = "".join(data.draw(st.lists(st.sampled_from(alphabet), min_size=2, max_size=5)))
    assert found(agency, text) == scanned(agency, text), text


def ranked_pages(agency, text: str) -> list[str]:
    """Every result of `text`, page after page, in the order shown."""
    shown, page = [], 1
    while True:
        result = search_records(agency, CreditQuery(text=text, page=page))
        shown += [r["详情"] for r in result.results]
        if page >= result.pages:
            return shown
        page += 1


@pytest.fixture
def many_companies(named_records):
    """Every person's record made a company's, under names sharing starts, districts, surnames and trades."""
    districts, surnames, trades = ("城东", "高新区", "南湖"), "王李张吕赵", ("餐饮", "物流", "建材", "汽车服务")
    for model in KINDS.values():
        for i, pk in enumerate(model.objects.filter(party_kind="自然人").values_list("id", flat=True)):
            name = f"示范市{districts[i % 3]}{surnames[i % 5]}{'娜' * (i % 2)}{trades[i % 4]}有限公司"
            model.objects.filter(pk=pk).update(party_kind=ORGANISATION, party_name=name[3:] if i % 7 == 0 else name)
    return named_records


@pytest.mark.parametrize(("walk_rows", "set_rows", "peek_rows", "walk_entries", "date_windows"),
                         [(10_000, 100_000, 0, 100_000, (7, 60)), (10_000, 100_000, 0, 9, (0,)),
                          (10_000, 100_000, 1000, 100_000, (1, 7)),
                          (10_000, 0, 0, 100_000, (30,)), (7, 0, 0, 100_000, (0, 1))],
                         ids=["walk", "walk-gives-up", "peek", "row-walk", "row-walk-gives-up"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_frequent_names_read_newest_first_give_the_sorted_pages(many_companies, monkeypatch, walk_rows, set_rows,
                                                                peek_rows, walk_entries, date_windows, data):
    """Past NAME_SORT_ROWS matches the page is read by walking decision dates (SQLite: through the
    name index's candidates, up to NAME_SET_ROWS of them, else row by row; PostgreSQL without
    statistics: by windows of the last days; or, when the walk gives up, by sorting one rank):
    the same results in the same order as sorting every match."""
    from gongkai.credit import public

    agency = many_companies
    names = sorted(set(PenaltyRecord.objects.filter(party_kind=ORGANISATION).values_list("party_name", flat=True)))
    name = data.draw(st.sampled_from(names))
    start = data.draw(st.sampled_from([0, 0, 3, 5]))  # common starts (示范市), inside the name, the trade
    text = name[start: start + data.draw(st.integers(2, 6))]
    if len(text) < 2:
        return
    monkeypatch.setattr(public, "PAGE_SIZE", 3)  # pages smaller than the matches: which rows come first matters
    sorted_whole = ranked_pages(agency, text)
    monkeypatch.setattr(public, "NAME_SORT_ROWS", 2)
    monkeypatch.setattr(public, "NAME_WALK_ROWS", walk_rows)
    monkeypatch.setattr(public, "NAME_SET_ROWS", set_rows)
    monkeypatch.setattr(public, "NAME_PEEK_ROWS", peek_rows)
    monkeypatch.setattr(public, "NAME_WALK_ENTRIES", walk_entries)
    monkeypatch.setattr(public, "NAME_DATE_WINDOWS", date_windows)
    walked = ranked_pages(agency, text)
    assert walked == sorted_whole, text
    assert {tuple(DETAIL.search(url).groups()) for url in walked} == {(k, str(pk)) for k, pk in scanned(agency, text)}


@pytest.mark.parametrize("few", [True, False], ids=["sorted-whole", "counted-to-the-cap"])
def test_a_text_with_many_candidates_is_counted_to_the_cap_and_read_newest_first(many_companies, monkeypatch, few):
    """When the name index gives a text more candidates than NAME_SORT_ROWS, the first pass stops at
    COUNT_CAP + 1 matches and the page is read newest first; counts and pages stay those of sorting
    every match, whichever way _few_candidates answers."""
    from gongkai.credit import public

    agency = many_companies
    monkeypatch.setattr(public, "PAGE_SIZE", 3)
    monkeypatch.setattr(public, "COUNT_CAP", 4)
    monkeypatch.setattr(public, "NAME_SORT_ROWS", 10**6)
    texts = ("有限公司", "示范市", "建材有限", "城东王娜", "餐饮", "娜物", "高新区吕娜", "吕娜饭店")
    expected = {text: (ranked_pages(agency, text), search_records(agency, CreditQuery(text=text)).total)
                for text in texts}
    monkeypatch.setattr(public, "_few_candidates", lambda *args: few)
    for text in texts:
        assert (ranked_pages(agency, text), search_records(agency, CreditQuery(text=text)).total) == expected[text], text


def test_few_candidates_reads_the_name_index_without_reading_rows(many_companies, monkeypatch):
    from django.db import connection

    from gongkai.credit import public

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE credit_penaltyrecord")
        monkeypatch.setattr(public, "_COMMON_GRAMS", {})
    monkeypatch.setattr(public, "_SQLITE_SIZES", {})

    def few(text: str) -> bool:
        candidates = public._sqlite_candidates("penalty", text) if connection.vendor == "sqlite" else None
        return public._few_candidates("penalty", text, candidates)

    companies = PenaltyRecord.objects.filter(party_kind=ORGANISATION).count()
    assert companies > 20
    monkeypatch.setattr(public, "NAME_SORT_ROWS", 10**6)
    assert few("吕娜饭店")  # in no name
    assert few("示范市") is (connection.vendor == "sqlite")  # every name: PostgreSQL calls it dense (a scan)
    monkeypatch.setattr(public, "NAME_SORT_ROWS", companies // (2 * public.CANDIDATE_MARGIN))
    assert not few("示范市")  # in every company's name: more than NAME_SORT_ROWS candidates
    assert not few("有限公司")
    assert few("吕娜饭店")


def test_only_uncommon_bigrams_are_asked_and_the_rarest_always():
    from gongkai.credit.public import _uncommon

    common = {"示范": 0.9, "有限": 0.5, "建材": 0.1, "公司": 0.5}
    assert _uncommon(["示范", "范市", "有限"], common) == ["范市"]
    assert _uncommon(["建材", "有限"], common) == ["建材"]  # all common: the rarest one
    assert _uncommon(["示范", "有限"], {}) == ["示范", "有限"]  # no statistics yet: all of them


def test_postgresql_statistics_narrow_the_index_query_and_nothing_is_lost(many_companies, monkeypatch):
    from django.db import connection

    from gongkai.credit import public

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner statistics")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE credit_penaltyrecord; ANALYZE credit_licenserecord")
    monkeypatch.setattr(public, "_COMMON_GRAMS", {})
    common = public._gram_statistics("penalty")[0]
    assert common.get("有限", 0) >= public.COMMON_GRAM_SHARE
    assert common.get("有限公", 0) >= public.COMMON_GRAM_SHARE  # the index holds trigrams too
    assert public._postgresql_grams("penalty", "有限公司") is None  # dense: found without the index
    assert public._postgresql_grams("penalty", "吕娜饭店") == ["吕娜饭", "娜饭店"]  # in no name: asked
    assert public._postgresql_grams("penalty", "饭店") == ["饭店"]  # two characters: their bigram
    names = sorted(set(PenaltyRecord.objects.filter(party_kind=ORGANISATION).values_list("party_name", flat=True)))
    for text in ("有限公司", "示范市", "建材有限", names[0], names[-1][3:8], "汽车服务"):
        assert found(many_companies, text) == scanned(many_companies, text), text


@pytest.mark.parametrize(("rare_rows", "common_rows"), [(0, 0), (3, 3), (3, 40), (40, 400)])
def test_sqlite_asks_fts5_for_the_rare_bigrams_and_nothing_is_lost(many_companies, monkeypatch, rare_rows, common_rows):
    """The thresholds made tiny: queries leave their common bigrams out (with 0, none is rare and
    all are asked), stop counting at two rare ones, and skip the bigrams found common before."""
    from gongkai.credit import public

    monkeypatch.setattr(public, "RARE_BIGRAM_ROWS", rare_rows)
    monkeypatch.setattr(public, "COMMON_BIGRAM_ROWS", common_rows)
    monkeypatch.setattr(public, "_SQLITE_SIZES", {})
    names = sorted(set(PenaltyRecord.objects.filter(party_kind=ORGANISATION).values_list("party_name", flat=True)))
    for text in ("有限公司", "示范市", "建材有限", names[0], names[-1][3:8], "汽车服务", "高新区吕娜"):
        assert found(many_companies, text) == scanned(many_companies, text), text


def test_sqlite_counts_bigrams_until_two_rare_ones_and_remembers_the_common(many_companies, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.credit import name_index, public

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 name index")
    monkeypatch.setattr(public, "_SQLITE_SIZES", {})
    fts = name_index.fts_table("penalty")

    def size(bigram):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {fts} WHERE {fts} MATCH %s", [name_index.fts5_match([bigram])])
            return cursor.fetchone()[0]

    name = PenaltyRecord.objects.filter(party_kind=ORGANISATION).order_by("id").first().party_name
    bigrams = name_index.indexable_grams(name)  # its bigrams and trigrams
    sizes = {bigram: size(bigram) for bigram in bigrams}
    ordered = sorted(set(sizes.values()))
    assert len(ordered) >= 3
    monkeypatch.setattr(public, "RARE_BIGRAM_ROWS", ordered[0])  # the rarest are rare, the most common common
    monkeypatch.setattr(public, "COMMON_BIGRAM_ROWS", ordered[-2])
    chosen, bound = public._selective(fts, bigrams)
    assert bound == sizes[chosen[0]]
    assert chosen and all(sizes[bigram] <= public.COMMON_BIGRAM_ROWS for bigram in chosen)
    assert [sizes[bigram] for bigram in chosen] == sorted(sizes[bigram] for bigram in chosen)  # rarest first
    rare = [bigram for bigram in bigrams if sizes[bigram] <= public.RARE_BIGRAM_ROWS]
    if len(rare) >= 2:  # counting stopped at the second rare one
        assert set(chosen) <= set(bigrams[:bigrams.index(rare[1]) + 1])
    else:
        assert set(chosen) == {bigram for bigram in bigrams if sizes[bigram] <= public.COMMON_BIGRAM_ROWS}
    with CaptureQueriesContext(connection) as again:
        assert public._selective(fts, bigrams) == (chosen, bound)
    assert len(again) == sum(1 for bigram in bigrams[:len(bigrams) if len(rare) < 2 else bigrams.index(rare[1]) + 1]
                             if sizes[bigram] <= public.RARE_BIGRAM_ROWS)  # only the rare are counted again
    monkeypatch.setattr(public, "COMMON_BIGRAM_ROWS", 0)
    monkeypatch.setattr(public, "_SQLITE_SIZES", {})
    assert public._selective(fts, bigrams) == (bigrams, 1)  # none is uncommon: all are asked, all over 0 names


def test_sqlite_walks_through_the_name_index_candidates_or_row_by_row(many_companies, monkeypatch):
    """The newest hits of one rank: through the candidates' ids while they are at most NAME_SET_ROWS,
    row by row beyond; either gives up (None) when its window holds too few."""
    from django.db import connection
    from django.db.models import Q

    from gongkai.credit import public

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's FTS5 name index")
    monkeypatch.setattr(public, "NAME_PEEK_ROWS", 0)
    walks = []
    candidate_walk = public._newest_candidate_hits
    monkeypatch.setattr(public, "_newest_candidate_hits", lambda *args: walks.append(args) or candidate_walk(*args))
    base = public.visible_records(PenaltyRecord, many_companies)
    hit = Q(party_name__contains="餐饮", party_kind__in=[ORGANISATION]) & ~Q(party_name__startswith="餐饮")
    newest = list(base.filter(hit).order_by("-decided_on", "-id").values_list("id", flat=True)[:3])
    candidates = public._sqlite_candidates("penalty", "餐饮")
    assert len(newest) == 3
    assert public._newest_hits(base, hit, 3, candidates) == newest and len(walks) == 1
    monkeypatch.setattr(public, "NAME_WALK_ENTRIES", 1)
    assert public._newest_hits(base, hit, 3, candidates) is None and len(walks) == 2
    monkeypatch.setattr(public, "NAME_SET_ROWS", 0)
    assert public._newest_hits(base, hit, 3, candidates) == newest and len(walks) == 2
    monkeypatch.setattr(public, "NAME_WALK_ROWS", 1)
    assert public._newest_hits(base, hit, 3, candidates) is None
