"""双公示 by any part of a name: the bigram index finds exactly what a substring scan finds, ranked exact → start → inside."""

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
