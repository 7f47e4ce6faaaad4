"""A visitor's %00 (and other control characters) in a query is an ordinary bad input, never a server error:
PostgreSQL refuses NUL in any text value, so every public query box must drop them before the database."""

import pytest

pytestmark = pytest.mark.django_db

QUERIES = [
    "/search/?q=%00%E6%88%B7%E7%B1%8D",
    "/api/search?q=%E6%88%B7%00%E7%B1%8D",
    "/xygs/?q=%E5%90%95%E5%A8%9C%00%E9%A4%90%E9%A5%AE%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8",
    "/api/credit?q=%00%00%00%00%00%00",
    "/api/v1/credit/records?q=%E9%A4%90%E9%A5%AE%00%01%1f",
]


@pytest.mark.parametrize("url", QUERIES)
def test_control_characters_in_a_public_query_are_not_a_server_error(client, demo_bureau, url):
    response = client.get(url)
    assert response.status_code < 500, (url, response.status_code)


def test_the_query_text_keeps_its_words_around_the_dropped_characters():
    from gongkai.core.text import without_control_characters

    assert without_control_characters("户\x00籍\x1f迁移\t") == "户 籍 迁移\t"
