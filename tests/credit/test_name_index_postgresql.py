"""PostgreSQL's credit_name_grams() yields exactly the 2- and 3-character substrings the query side asks for, for any text."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.credit import name_index

pytestmark = pytest.mark.django_db

NAME_CHARACTERS = st.one_of(st.sampled_from("示范市高新区吕娜餐饮有限公司（）·-—ａA1 "),
                            st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's side is a Python function (tests/credit/test_name_index.py)")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(NAME_CHARACTERS, max_size=40), min_size=1, max_size=20))
def test_function_yields_every_two_and_three_character_substring(names):
    """The GIN index stores the function's output as a set of keys and the query asks `@>` with
    postgresql_query_grams of its text, so a gram missing here would be a name never found."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT credit_name_grams(name) FROM unnest(%s::text[]) AS name", [names])
        answers = [grams for (grams,) in cursor.fetchall()]
    assert [set(grams) for grams in answers] == [set(name_index.all_bigrams(name)) | set(name_index.all_trigrams(name))
                                                 for name in names]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.text(NAME_CHARACTERS, min_size=2, max_size=40), data=st.data())
def test_every_gram_a_part_of_a_name_asks_is_among_the_names(name, data):
    start = data.draw(st.integers(0, len(name) - 2))
    text = name[start: data.draw(st.integers(start + 2, len(name)))]
    with connection.cursor() as cursor:
        cursor.execute("SELECT credit_name_grams(%s) @> %s::text[]", [name, name_index.postgresql_query_grams(text)])
        assert cursor.fetchone()[0], text


def test_null_name_has_no_grams():
    with connection.cursor() as cursor:
        cursor.execute("SELECT credit_name_grams(NULL), credit_name_grams(''), credit_name_grams('吕'), "
                       "credit_name_grams('吕娜')")
        assert cursor.fetchone() == (None, [], [], ["吕娜"])
