"""The public 双公示 side: no staff-only value in any public page or API answer; search by USCC/文号; no name search for persons."""

import datetime as dt
import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

from gongkai.credit.importing import import_file
from gongkai.credit.masking import public_record
from gongkai.credit.models import LicenseRecord, PenaltyRecord, PowerItem
from gongkai.credit.public import CreditQuery, read_query_text, search_records
from gongkai.credit.samples import RowFactory, id_number, rows, write_csv
from gongkai.portal import credit_views

pytestmark = pytest.mark.django_db

# Given-name characters the sample factory never uses, so a planted full name cannot occur by chance
# inside a company name or another field.
RARE = "骁骞骅骊骏骐骥骧"
PHONE = "13912345678"
LANDLINE = "0371-65432198"
ADDRESS = "示范市城东区幸福路88号5栋302室"
ADDRESS_2 = "示范市南湖区平安街6号2单元101室"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def public_data(tmp_path, demo_bureau, monkeypatch):
    """Penalties and licences for persons, 个体工商户 and companies, PII planted in the free text, all published."""
    monkeypatch.setattr(credit_views, "QUERY_LIMIT", 10**6)
    today = timezone.localdate()
    factory = RowFactory(demo_bureau.name, demo_bureau.uscc, seed=11, start=today - dt.timedelta(days=120), days=60)
    secrets: set[str] = set()
    org_items = [i for i, item in enumerate(factory.penalty_items) if "法人及非法人组织" in item["行政相对人类别"]]
    cycle = len(factory.penalty_items)
    penalties = list(rows(factory, "penalty", 20)) + [factory.penalty(i + cycle * k) for i in org_items for k in range(5)]
    licenses = list(rows(factory, "license", 20))
    import random

    rng = random.Random(5)
    for n, row in enumerate(penalties + licenses):
        p = "CF" if "CF_WSH" in row else "XK"
        if row[f"{p}_XDR_LB"] == "自然人":
            name = row[f"{p}_XDR_MC"][0] + RARE[n % 8] + RARE[(n // 8) % 8]
            row[f"{p}_XDR_MC"] = name
            row[f"{p}_XDR_ZJHM"] = id_number(rng)
            secrets.update({name, row[f"{p}_XDR_ZJHM"]})
            fact = (f"当事人{name}（身份证号码{row[f'{p}_XDR_ZJHM']}，住址：{ADDRESS}，联系电话{PHONE}）"
                    f"于{row[f'{p}_JDRQ']}无证经营，{name}对违法事实供认不讳。")
        else:
            representative = row[f"{p}_FRDB"][0] + RARE[n % 8] + RARE[(n // 8) % 8] + RARE[n % 7]
            row[f"{p}_FRDB"] = representative
            row[f"{p}_FR_ZJLX"] = "身份证"
            row[f"{p}_FR_ZJHM"] = id_number(rng)
            secrets.add(row[f"{p}_FR_ZJHM"])
            if row[f"{p}_XDR_LB"] == "个体工商户":
                secrets.add(representative)
            fact = f"经营者{representative}，手机：{LANDLINE}，家住{ADDRESS_2}，未按规定登记。"
        if p == "CF":
            row["CF_SY"] = fact
            row["CF_NR"] = row["CF_NR"] + f"。联系电话{PHONE}"
        else:
            row["XK_NR"] = row["XK_NR"] + "。" + fact
    secrets.update({PHONE, LANDLINE, ADDRESS, ADDRESS_2, "幸福路88号", "平安街6号"})
    import_file(write_csv(tmp_path / "p.csv", "penalty", penalties), agency=demo_bureau, kind="penalty")
    import_file(write_csv(tmp_path / "l.csv", "license", licenses), agency=demo_bureau, kind="license")
    now = timezone.now()
    PenaltyRecord.objects.update(published_at=now, pushed_at=now)
    LicenseRecord.objects.update(published_at=now, pushed_at=now)
    return {"agency": demo_bureau, "secrets": secrets, "penalties": penalties, "licenses": licenses}


def _assert_clean(text: str, secrets: set[str], where: str) -> None:
    leaked = sorted(secret for secret in secrets if secret and secret in text)
    assert not leaked, f"{where} leaks {leaked}"


def test_no_staff_only_value_in_any_public_page_or_api(client, public_data):
    secrets = public_data["secrets"]
    assert len(secrets) > 30
    outputs = []
    for url in ("/xygs/", "/xygs/?page=2", "/xygs/?page=3", "/xygs/?kind=penalty", "/xygs/?kind=license",
                "/api/credit", "/api/credit?page=2", "/api/credit?page=3", "/xygs/catalog/"):
        response = client.get(url)
        assert response.status_code == 200, url
        outputs.append((url, response.content.decode()))
    records = [("penalty", r) for r in PenaltyRecord.objects.all()] + [("license", r) for r in LicenseRecord.objects.all()]
    assert any(r.party_kind == "自然人" for _, r in records) and any(r.party_kind == "个体工商户" for _, r in records)
    for kind, record in records:
        for url in (f"/xygs/{kind}/{record.pk}/", f"/api/credit/{kind}/{record.pk}",
                    f"/xygs/?q={record.document_number}", f"/api/credit?q={record.document_number}"):
            response = client.get(url)
            assert response.status_code == 200, url
            outputs.append((url, response.content.decode()))
        if record.party_uscc:
            outputs.append(("uscc", client.get(f"/api/credit?q={record.party_uscc}").content.decode()))
        outputs.append(("public_record", json.dumps(public_record(record), ensure_ascii=False)))
    for where, text in outputs:
        # JSON answers are UTF-8 (ensure_ascii=False), so the Chinese values are searchable as they are.
        _assert_clean(text, secrets, where)
    detail = json.loads(client.get(f"/api/credit/penalty/{records[0][1].pk}").content)
    assert "证件号码" not in json.dumps(detail, ensure_ascii=False)


def test_natural_person_masked_and_staff_value_kept(public_data):
    person = PenaltyRecord.objects.filter(party_kind="自然人").first()
    shown = public_record(person)
    assert shown["行政相对人名称"] == person.party_name[0] + "某某"
    assert "某某" in shown["违法事实"] and "×××" in shown["违法事实"]
    assert person.fields["CF_XDR_ZJHM"]  # staff still have the full record
    company = PenaltyRecord.objects.filter(party_kind="法人及非法人组织").first()
    shown = public_record(company)
    assert shown["行政相对人名称"] == company.party_name and shown["统一社会信用代码"] == company.party_uscc
    assert shown["法定代表人"] == company.fields["CF_FRDB"]  # published for enterprises (masking.py)
    business = PenaltyRecord.objects.filter(party_kind="个体工商户").first()
    assert public_record(business)["法定代表人"].endswith("某某")


def test_search_by_uscc_and_document_number_exactly(client, public_data):
    agency = public_data["agency"]
    company = PenaltyRecord.objects.filter(party_kind="法人及非法人组织").first()
    page = search_records(agency, CreditQuery(text=company.party_uscc.lower()))
    assert page.mode == "uscc" and page.total >= 1
    assert all(row["统一社会信用代码"] == company.party_uscc for row in page.results)
    wrong_check_digit = company.party_uscc[:-1] + ("X" if company.party_uscc.endswith("Y") else "Y")
    assert search_records(agency, CreditQuery(text=wrong_check_digit)).total == 0
    person = PenaltyRecord.objects.filter(party_kind="自然人").first()
    page = search_records(agency, CreditQuery(text=person.document_number))
    assert page.mode == "document" and [row["决定文书号"] for row in page.results] == [person.document_number]
    variant = person.document_number.replace("〔", "[").replace("〕", "]")
    assert search_records(agency, CreditQuery(text=variant)).total == 1
    # One digit off is another decision (or none): the search is exact, not a prefix or a near match.
    one_digit_off = person.document_number[:-2] + ("8号" if person.document_number.endswith("9号") else "9号")
    near = search_records(agency, CreditQuery(text=one_digit_off))
    assert near.mode == "document" and all(row["决定文书号"] == one_digit_off for row in near.results)
    data = client.get("/api/credit", {"q": person.document_number}).json()
    assert data["总数"] == 1 and data["结果"][0]["行政相对人名称"].endswith("某某")


def test_natural_persons_not_findable_by_full_name(client, public_data):
    agency = public_data["agency"]
    for record in PenaltyRecord.objects.filter(party_kind="自然人")[:10]:
        page = search_records(agency, CreditQuery(text=record.party_name))
        assert page.total == 0 and page.results == []
        assert search_records(agency, CreditQuery(text=record.party_name[0] + "某某")).mode == "refused"
        response = client.get("/xygs/", {"q": record.party_name})
        assert record.document_number not in response.content.decode()
    company = PenaltyRecord.objects.filter(party_kind="法人及非法人组织").first()
    page = search_records(agency, CreditQuery(text=company.party_name))
    assert company.document_number in [row["决定文书号"] for row in page.results]
    assert search_records(agency, CreditQuery(text=company.party_name[:8])).total >= 1  # prefix


@pytest.mark.date_sensitive
def test_filters_paging_and_hidden_records(public_data):
    agency = public_data["agency"]
    everything = search_records(agency, CreditQuery())
    assert everything.total == 60 and len(everything.results) == 20 and everything.pages == 3
    assert search_records(agency, CreditQuery(kind="license")).total == 20
    dates = sorted(PenaltyRecord.objects.values_list("decided_on", flat=True))
    middle = dates[len(dates) // 2]
    ranged = search_records(agency, CreditQuery(kind="penalty", decided_from=middle))
    assert ranged.total == sum(1 for d in dates if d >= middle)
    item = PowerItem.objects.create(agency=agency, kind="penalty", code="T-1", department="治安支队", name="测试事项",
                                    basis="测试依据", party_kinds="自然人")
    target = PenaltyRecord.objects.first()
    PenaltyRecord.objects.filter(pk=target.pk).update(power_item=item)
    assert [r["决定文书号"] for r in search_records(agency, CreditQuery(power_item_id=item.pk)).results] == [target.document_number]
    # not published, repaired, past 公示截止期, not current: never shown
    hidden = list(PenaltyRecord.objects.order_by("id")[:4])
    PenaltyRecord.objects.filter(pk=hidden[0].pk).update(published_at=None)
    PenaltyRecord.objects.filter(pk=hidden[1].pk).update(repaired_on=timezone.localdate())
    PenaltyRecord.objects.filter(pk=hidden[2].pk).update(publicity_ends_on=timezone.localdate() - dt.timedelta(days=1))
    PenaltyRecord.objects.filter(pk=hidden[3].pk).update(is_current=False)
    assert search_records(agency, CreditQuery()).total == 56
    for record in hidden:
        assert search_records(agency, CreditQuery(text=record.document_number)).total == 0


def test_catalog_page_lists_published_items_only(client, demo_bureau):
    PowerItem.objects.create(agency=demo_bureau, kind="license", code="L-1", department="治安支队", name="公开的许可事项",
                             basis="《某法》第一条", party_kinds="法人及非法人组织")
    PowerItem.objects.create(agency=demo_bureau, kind="penalty", code="P-9", department="交警支队", name="内部事项",
                             basis="x", party_kinds="自然人", is_published=False)
    page = client.get("/xygs/catalog/").content.decode()
    for column in ("行政决定部门", "行政职权类别", "项目名称", "设定依据", "行政相对人类别", "公开的许可事项", "《某法》第一条"):
        assert column in page
    assert "内部事项" not in page


def test_query_is_rate_limited_per_client(client, demo_bureau, monkeypatch):
    monkeypatch.setattr(credit_views, "QUERY_LIMIT", 3)
    assert [client.get("/api/credit").status_code for _ in range(3)] == [200, 200, 200]
    assert client.get("/api/credit").status_code == 429
    assert client.get("/xygs/").status_code == 429
    other = client.get("/xygs/", REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 200


def test_query_text_reading():
    assert read_query_text("９１４１０１００ＭＡ４５ＸＹＺ１２Ｘ")[0] in ("uscc", "name")
    assert read_query_text("示公（治）行罚决字〔2026〕12号") == ("document", "示公（治）行罚决字〔2026〕12号")
    assert read_query_text("张某某")[0] == "refused"
    assert read_query_text("张")[0] == "refused"
    assert read_query_text("")[0] == "browse"


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL only: migration 0006's index")
def test_postgresql_serves_the_public_list_in_index_order():
    """Migration 0006: (agency, decided_on DESC, id DESC) over current records, for the list with no search text."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_pub_recent_idx"])
        found = dict(cursor.fetchall())
    assert set(found) == {"penalty_pub_recent_idx", "license_pub_recent_idx"}
    assert all("(agency_id, decided_on DESC, id DESC) WHERE (is_current = true)" in sql for sql in found.values())
