"""Cached search pages: answered once per index generation, never stale after a publish, change or withdrawal."""

import pytest
from django.core.cache import caches
from django.db import transaction

from gongkai.catalog.models import Item
from gongkai.search import cache as search_cache
from gongkai.search.generation import current_generation
from tests.search.conftest import withdraw


@pytest.fixture(autouse=True)
def empty_cache():
    caches[search_cache.CACHE_ALIAS].clear()


def titles(page):
    return [result.title for result in page.results]


@pytest.mark.django_db
def test_second_identical_search_reads_only_the_generation(demo_bureau, published, django_assert_num_queries):
    published(title="户籍迁移办理指南")
    first = search_cache.cached_search("户籍", agency=demo_bureau)
    with django_assert_num_queries(1):
        again = search_cache.cached_search("户籍", agency=demo_bureau)
    assert titles(again) == titles(first) == ["户籍迁移办理指南"]


@pytest.mark.django_db
def test_publish_and_withdraw_are_seen_at_once_despite_the_cache(demo_bureau, published):
    published(title="户籍迁移办理指南")
    assert titles(search_cache.cached_search("户籍", agency=demo_bureau)) == ["户籍迁移办理指南"]
    second = published(title="户籍窗口延时服务的通告")
    assert sorted(titles(search_cache.cached_search("户籍", agency=demo_bureau))) == ["户籍窗口延时服务的通告",
                                                                                     "户籍迁移办理指南"]
    withdraw(Item.objects.get(pk=second.pk))
    assert titles(search_cache.cached_search("户籍", agency=demo_bureau)) == ["户籍迁移办理指南"]


@pytest.mark.django_db
def test_a_rolled_back_publish_leaves_no_page_behind(demo_bureau, published):
    published(title="户籍迁移办理指南")
    before = current_generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        published(title="户籍窗口延时服务的通告")
        inside = search_cache.cached_search("户籍", agency=demo_bureau)  # cached under the uncommitted generation
        assert len(inside.results) == 2
        raise RuntimeError("rolled back")
    assert current_generation() == before
    assert titles(search_cache.cached_search("户籍", agency=demo_bureau)) == ["户籍迁移办理指南"]
    published(title="驾照换领须知")  # a later change must not land on the rolled-back generation
    assert titles(search_cache.cached_search("户籍", agency=demo_bureau)) == ["户籍迁移办理指南"]


@pytest.mark.django_db
def test_a_new_column_is_found_by_its_filter_once_created(demo_bureau, published, columns):
    from gongkai.catalog.models import Category

    assert search_cache.cached_search("户籍", agency=demo_bureau, column="newcol").results == []
    Category.objects.create(agency=demo_bureau, slug="newcol", name="新栏目")
    item = published(title="户籍迁移办理指南")
    Item.objects.filter(pk=item.pk).update(category=Category.objects.get(slug="newcol"))
    from gongkai.search.indexing import index_object

    index_object(Item.objects.get(pk=item.pk))
    assert titles(search_cache.cached_search("户籍", agency=demo_bureau, column="newcol")) == ["户籍迁移办理指南"]


@pytest.mark.django_db
def test_the_api_answers_from_the_cache_with_the_same_json(demo_bureau, published, client):
    published(title="户籍迁移办理指南")
    first = client.get("/api/search", {"q": "户籍"}).json()
    again = client.get("/api/search", {"q": "户籍"}).json()
    assert first == again and first["total"] == 1


@pytest.mark.django_db
def test_the_cache_can_be_turned_off(demo_bureau, published, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.SEARCH_CACHE_SECONDS = 0
    published(title="户籍迁移办理指南")
    first = search_cache.cached_search("户籍", agency=demo_bureau)
    with CaptureQueriesContext(connection) as queries:
        again = search_cache.cached_search("户籍", agency=demo_bureau)
    assert titles(again) == titles(first) == ["户籍迁移办理指南"]
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "search_indexgeneration" not in sql and "search_searchdocument" in sql  # searched again, not cached
