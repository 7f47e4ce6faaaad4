"""What a query finds: every text containing it, exactly, and nothing unpublished."""

import datetime as dt
import random

import pytest
from django.db import transaction

from gongkai.catalog.models import Item
from gongkai.search.indexing import index_document, index_object, reindex_all, unindex_document
from gongkai.search.models import SearchDocument
from gongkai.search.query import search
from gongkai.search.text import MAX_QUERY_CHARS, match_form
from tests.search.conftest import make_item, publish, submit, withdraw


def titles(page):
    return {result.title for result in page.results}


@pytest.fixture
def planted(published):
    """Texts with the shapes readers search for; one per shape so each assertion is precise."""
    return {
        "huji": published(column="household", unit="治安支队", title="关于户籍业务办理时间调整的公告",
                          body="<p>市民可在派出所办理户籍业务。</p>"),
        "jiazhao": published(title="机动车驾驶证业务指南", body="<p>驾照到期换证须知。</p>",
                             document_number="示公通〔2024〕12号"),
        "fakuan": published(title="交通违法处理说明", body="<p>闯红灯罚款二百元。</p>",
                            document_number="示公通〔2024〕120号"),
        "etc": published(title="高速公路ＥＴＣ通行提示", body="<p>请提前办理ETC设备。</p>"),
        "c1": published(title="准驾车型说明", body="<p>持有C1驾照可以驾驶小型汽车。</p>"),
        "apart": published(column="household", unit="治安支队", title="户籍窗口通知",
                           body="<p>户籍窗口暂停服务，企业迁移登记照常办理。</p>"),
        "migration": published(column="household", unit="治安支队", title="户籍迁移办理须知",
                               body="<p>办理户籍迁移须携带户口簿。</p>"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("query", "expected"), [
    ("户籍", {"关于户籍业务办理时间调整的公告", "户籍窗口通知", "户籍迁移办理须知"}),
    ("驾照", {"机动车驾驶证业务指南", "准驾车型说明"}),
    ("罚款", {"交通违法处理说明"}),
    ("ETC", {"高速公路ＥＴＣ通行提示"}),  # the title is written full-width, the query half-width
    ("ＥＴＣ", {"高速公路ＥＴＣ通行提示"}),  # and the other way round
    ("etc设备", {"高速公路ＥＴＣ通行提示"}),
    ("C1驾照", {"准驾车型说明"}),
    ("Ｃ１驾照", {"准驾车型说明"}),
    ("示公通〔2024〕12号", {"机动车驾驶证业务指南"}),  # 120号 is another document
    ("示公通[2024]12号", {"机动车驾驶证业务指南"}),
    ("〔2024〕120号", {"交通违法处理说明"}),
])
def test_planted_texts_are_found(planted, demo_bureau, query, expected):
    page = search(query, agency=demo_bureau)
    assert titles(page) == expected
    assert page.total == len(expected)


@pytest.mark.django_db
def test_index_number_lookup(planted, demo_bureau):
    item = Item.objects.get(pk=planted["etc"].pk)
    page = search(item.index_number, agency=demo_bureau)
    assert [result.title for result in page.results] == [item.title]
    assert page.results[0].index_number == item.index_number
    assert search(item.index_number.lower(), agency=demo_bureau).total == 1


@pytest.mark.django_db
def test_substring_across_a_word_boundary_is_found_and_scattered_bigrams_are_not(planted, demo_bureau):
    assert titles(search("籍迁", agency=demo_bureau)) == {"户籍迁移办理须知"}
    # 户籍窗口通知 has 户籍 and 迁移 (and even 籍 and 迁) but never 户籍迁移
    assert titles(search("户籍迁移", agency=demo_bureau)) == {"户籍迁移办理须知"}
    # whitespace separates terms: both must occur, anywhere
    assert titles(search("户籍 迁移", agency=demo_bureau)) == {"户籍窗口通知", "户籍迁移办理须知"}


@pytest.mark.django_db
def test_unpublished_and_withdrawn_items_are_never_found(demo_bureau, columns):
    draft = make_item(demo_bureau, columns["traffic"], title="草稿：电动自行车登记")
    in_review = submit(make_item(demo_bureau, columns["traffic"], title="待审：电动自行车上牌"))
    withdrawn = withdraw(publish(make_item(demo_bureau, columns["traffic"], title="已撤回：电动自行车新规")))
    live = publish(make_item(demo_bureau, columns["traffic"], title="电动自行车登记须知"))
    on_request = make_item(demo_bureau, columns["traffic"], title="依申请：电动自行车")
    on_request.disclosure = Item.Disclosure.ON_REQUEST
    on_request.state = Item.State.PUBLISHED
    on_request.save()
    index_object(on_request)  # not proactive: indexing it removes it instead
    assert draft.state == "draft" and in_review.state == "in_review" and withdrawn.state == "withdrawn"
    assert titles(search("电动自行车", agency=demo_bureau)) == {live.title}
    assert SearchDocument.objects.count() == 1


@pytest.mark.django_db
def test_withdrawal_removes_the_hit_at_once(published, demo_bureau):
    item = published(title="网约车驾驶员资格说明")
    assert search("网约车", agency=demo_bureau).total == 1
    withdraw(item)
    assert search("网约车", agency=demo_bureau).total == 0


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_publish_leaves_no_hit(demo_bureau, columns):
    item = submit(make_item(demo_bureau, columns["traffic"], title="寄递物流安全管理通告"))
    with pytest.raises(RuntimeError), transaction.atomic():
        publish(item)  # submit is skipped: the item is already in review
        assert search("寄递", agency=demo_bureau).total == 1  # visible inside the transaction
        raise RuntimeError("rolled back")
    assert search("寄递", agency=demo_bureau).total == 0
    assert SearchDocument.objects.count() == 0
    assert Item.objects.get(pk=item.pk).state == Item.State.IN_REVIEW


@pytest.mark.django_db
def test_empty_punctuation_and_overlong_queries(planted, demo_bureau):
    for query in ("", "   ", "，。！？", "〔〕", "-/"):
        page = search(query, agency=demo_bureau)
        assert page.total == 0 and page.results == [] and page.note == ""
    page = search("户籍" + "办" * 500, agency=demo_bureau)
    assert page.note and str(MAX_QUERY_CHARS) in page.note
    assert len(page.query) == MAX_QUERY_CHARS


@pytest.mark.django_db
def test_other_agencies_texts_are_not_found(planted, demo_bureau):
    other = type(demo_bureau).objects.create(
        code="other", name="另一机关", uscc="91350100M000100Y43", division_code="350100", office_name="办公室",
        office_address="某路1号")
    index_document("item", 999999, agency_id=other.pk, title="户籍其他机关", url="/x/")
    assert "户籍其他机关" not in titles(search("户籍", agency=demo_bureau))
    assert titles(search("户籍", agency=other)) == {"户籍其他机关"}


@pytest.mark.django_db
def test_whole_word_matches_rank_first_then_newest(demo_bureau):
    index_document("item", 1, agency_id=demo_bureau.pk, title="非户籍迁移人员登记", url="/1/",
                   published_on=dt.date(2024, 1, 1))
    index_document("item", 2, agency_id=demo_bureau.pk, title="户籍迁移新规", url="/2/",
                   published_on=dt.date(2023, 1, 1))
    index_document("item", 3, agency_id=demo_bureau.pk, title="户籍迁移办理流程", url="/3/",
                   published_on=dt.date(2025, 1, 1))
    page = search("户籍迁移", agency=demo_bureau)
    # jieba reads 非户籍迁移 without the word 户籍迁移? Either way: word matches first, newest first among them.
    urls = [result.url for result in page.results]
    assert urls[0] == "/3/" and set(urls) == {"/1/", "/2/", "/3/"}
    newest_first = [result.url for result in search("户籍", agency=demo_bureau).results]
    assert newest_first == ["/3/", "/1/", "/2/"]


@pytest.mark.django_db
def test_recall_is_one_against_a_substring_scan(demo_bureau):
    """Random texts from a small alphabet, every 1-4 character substring as a query: hits == scan."""
    rng = random.Random(20261127)
    alphabet = "户籍迁移驾照罚款出入境证件办理C1ETC号"
    texts = {}
    for number in range(1, 41):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(4, 30)))
        texts[number] = text
        index_document("item", number, agency_id=demo_bureau.pk, title=f"文{number}", url=f"/{number}/",
                       body_text=text)
    queries = {text[i:i + n] for text in texts.values() for n in (1, 2, 3, 4) for i in range(0, len(text) - n + 1)}
    queries = sorted(q for q in queries if not any(ch.isascii() for ch in q))  # Latin: whole runs only
    for query in rng.sample(queries, 120):
        expected = {number for number, text in texts.items() if match_form(query) in match_form(f"文{number} {text}")}
        page = search(query, agency=demo_bureau, per_page=50)
        found = {int(result.url.strip("/")) for result in page.results}
        assert page.total == len(expected), query
        assert found == expected, query


@pytest.mark.django_db
def test_generic_documents_can_be_indexed_and_removed_and_reindex_all_rebuilds_items(planted, demo_bureau):
    """reindex_all rebuilds every registered section's kind and leaves a kind no section owns alone."""
    index_document("archive", 7, agency_id=demo_bureau.pk, title="行政处罚决定书（户籍）", url="/zf/7/",
                   body_html="<p>罚款五百元</p>")
    assert "行政处罚决定书（户籍）" in titles(search("罚款五百", agency=demo_bureau))
    before = {result.title for result in search("户籍", agency=demo_bureau, per_page=50).results}
    SearchDocument.objects.filter(kind="item").delete()
    assert search("驾照", agency=demo_bureau).total == 0
    assert reindex_all(demo_bureau) == len(planted)
    assert {result.title for result in search("户籍", agency=demo_bureau, per_page=50).results} == before
    assert unindex_document("archive", 7) == 1
    assert search("罚款五百", agency=demo_bureau).total == 0
