"""Filters, paging, snippets and the two public endpoints."""

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from gongkai.catalog import workflow
from gongkai.catalog.models import Item
from gongkai.org.models import Unit
from gongkai.search.indexing import index_document
from gongkai.search.query import search


def titles(page):
    return {result.title for result in page.results}


@pytest.fixture
def spread(published):
    """Texts that differ in column, unit, year and validity, all containing 出入境."""
    items = {
        "traffic_2025": published(column="traffic", title="出入境车辆通告", published_on=dt.date(2025, 5, 1)),
        "household_2026": published(column="household", unit="治安支队", title="出入境户籍证明",
                                    published_on=dt.date(2026, 2, 1)),
        "guide_2026": published(column="guide", unit="出入境管理支队", title="出入境证件办理指南",
                                published_on=dt.date(2026, 3, 1)),
    }
    workflow.repeal_item(items["traffic_2025"], User.objects.get(username="shenhe"), on=dt.date(2026, 1, 1))
    return items


@pytest.mark.django_db
def test_filters_by_column_with_sub_columns_unit_year_and_validity(spread, demo_bureau, columns):
    assert titles(search("出入境", agency=demo_bureau)) == {"出入境车辆通告", "出入境户籍证明", "出入境证件办理指南"}
    # the parent column finds its sub-columns' items, by slug, id or instance
    for column in ("statutory", columns["statutory"].pk, columns["statutory"]):
        assert titles(search("出入境", agency=demo_bureau, column=column)) == {"出入境车辆通告", "出入境户籍证明"}
    assert titles(search("出入境", agency=demo_bureau, column="household")) == {"出入境户籍证明"}
    assert titles(search("出入境", agency=demo_bureau, column="no-such-column")) == set()
    unit = Unit.objects.get(agency=demo_bureau, name="出入境管理支队")
    assert titles(search("出入境", agency=demo_bureau, unit=unit.pk)) == {"出入境证件办理指南"}
    assert titles(search("出入境", agency=demo_bureau, year=2026)) == {"出入境户籍证明", "出入境证件办理指南"}
    assert titles(search("出入境", agency=demo_bureau, validity="repealed")) == {"出入境车辆通告"}
    assert titles(search("出入境", agency=demo_bureau, validity="valid", year=2026, column="guide")) == {"出入境证件办理指南"}
    page = search("出入境", agency=demo_bureau)
    assert {row["value"]: row["count"] for row in page.facets["year"]} == {2025: 1, 2026: 2}


@pytest.mark.django_db
def test_paging_newest_first(demo_bureau):
    for number in range(1, 26):
        index_document("item", number, agency_id=demo_bureau.pk, title=f"警情通报第{number}期", url=f"/{number}/",
                       published_on=dt.date(2026, 1, 1) + dt.timedelta(days=number))
    first = search("警情", agency=demo_bureau)
    second = search("警情", agency=demo_bureau, page=2)
    beyond = search("警情", agency=demo_bureau, page=9)
    assert first.total == second.total == 25 and first.num_pages == 2
    assert [r.url for r in first.results] == [f"/{n}/" for n in range(25, 5, -1)]
    assert [r.url for r in second.results] == [f"/{n}/" for n in range(5, 0, -1)]
    assert beyond.results == []
    assert [r.url for r in search("警情", agency=demo_bureau, per_page=5, page=3).results] == [
        f"/{n}/" for n in range(15, 10, -1)]


@pytest.mark.django_db
def test_snippets_escape_everything_but_the_marks(published, demo_bureau):
    published(title="<b>户籍</b>测试", summary="<script>alert(1)</script>户籍资料",
              body="<p>正文&lt;script&gt;x()&lt;/script&gt;</p><script>steal()</script>")
    result = search("户籍", agency=demo_bureau).results[0]
    assert "<script>" not in result.snippet_html and "<script>" not in result.title_html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>户籍</mark>资料" in result.snippet_html
    assert result.title_html == "&lt;b&gt;<mark>户籍</mark>&lt;/b&gt;测试"
    assert search("steal", agency=demo_bureau).total == 0  # script bodies are not text


@pytest.mark.django_db
def test_search_page_is_accessible_and_escaped(client, demo_bureau):
    for number in range(1, 24):
        index_document("item", number, agency_id=demo_bureau.pk, title=f"驾照<i>{number}</i>", url=f"/{number}/",
                       published_on=dt.date(2026, 1, 1) + dt.timedelta(days=number), document_number="示公通〔2026〕1号")
    response = client.get(reverse("search:search"), {"q": "驾照"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert '<label for="search-q">' in html and 'role="search"' in html
    assert "<h3><a href=\"/23/\"><mark>驾照</mark>&lt;i&gt;23&lt;/i&gt;</a></h3>" in html
    assert 'aria-label="下一页，第2页"' in html and "page=2" in html
    assert "<i>" not in html
    page_two = client.get(reverse("search:search"), {"q": "驾照", "page": "2"}).content.decode()
    assert 'aria-label="上一页，第1页"' in page_two and 'start="21"' in page_two
    empty = client.get(reverse("search:search"), {"q": "，，"}).content.decode()
    assert "请输入有效的检索词" in empty


@pytest.mark.django_db
def test_json_api_shape_and_only_public_fields(client, published, demo_bureau):
    item = published(title="出入境证件办理指南", summary="办理普通护照", document_number="示公出〔2026〕3号",
                     unit="出入境管理支队")
    response = client.get(reverse("search:search_api"), {"q": "护照", "unit": str(item.unit_id)})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    data = json.loads(response.content)
    assert set(data) == {"query", "note", "total", "total_capped", "total_estimated", "page", "per_page", "num_pages", "results", "facets"}
    assert data["total"] == 1 and data["query"] == "护照"
    (hit,) = data["results"]
    assert set(hit) == {"kind", "title", "title_html", "url", "index_number", "document_number", "published_on",
                        "unit", "validity", "validity_label", "snippet_html"}
    item = Item.objects.get(pk=item.pk)
    assert hit["index_number"] == item.index_number and hit["document_number"] == "示公出〔2026〕3号"
    assert hit["unit"] == "出入境管理支队" and hit["published_on"] == item.published_on.isoformat()
    assert "<mark>护照</mark>" in hit["snippet_html"]
    assert "保密审查" not in response.content.decode()
    bad = json.loads(client.get(reverse("search:search_api"), {"q": "护照", "year": "abc", "page": "-1"}).content)
    assert bad["page"] == 1 and bad["total"] == 1
