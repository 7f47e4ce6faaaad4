"""主题分类 and 体裁分类 filters: the column pages' facet links land on these."""

import pytest

from gongkai.catalog.models import Item
from gongkai.search.query import search


@pytest.mark.django_db
def test_topic_and_genre_filters(demo_bureau, published):
    notice = published(title="关于限行的通告")
    Item.objects.filter(pk=notice.pk).update(topic="交通", genre="通告")
    guide = published(title="限行办理指南")
    Item.objects.filter(pk=guide.pk).update(topic="交通", genre="指南")
    from gongkai.search.indexing import reindex_all

    reindex_all(demo_bureau)
    assert {r.title for r in search("限行", agency=demo_bureau, topic="交通").results} == {"关于限行的通告", "限行办理指南"}
    assert [r.title for r in search("限行", agency=demo_bureau, genre="通告").results] == ["关于限行的通告"]
    assert search("限行", agency=demo_bureau, genre="不存在的体裁").total == 0


@pytest.mark.django_db
def test_search_page_accepts_the_facet_parameters(client, demo_bureau, published):
    item = published(title="关于限行的通告")
    Item.objects.filter(pk=item.pk).update(genre="通告")
    from gongkai.search.indexing import reindex_all

    reindex_all(demo_bureau)
    hits = client.get("/api/search", {"q": "限行", "genre": "通告"}).json()["results"]
    assert [hit["title"] for hit in hits] == ["关于限行的通告"]
    assert client.get("/api/search", {"q": "限行", "genre": "公告"}).json()["total"] == 0
    assert client.get("/search/", {"q": "限行", "genre": "通告"}).status_code == 200


@pytest.mark.django_db
def test_very_common_terms_report_a_capped_total(demo_bureau, published, monkeypatch):
    from gongkai.search import query

    for n in range(5):
        published(title=f"户籍办理通知{n}")
    monkeypatch.setattr(query, "COUNT_CAP", 3)
    page = search("户籍", agency=demo_bureau, per_page=2)
    assert page.total == 3 and page.total_capped and len(page.results) == 2
    assert not search("户籍办理通知4", agency=demo_bureau).total_capped
