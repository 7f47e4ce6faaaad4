"""PostgreSQL's credit_name_bigrams() yields exactly the bigrams the query side asks for (name_index.all_bigrams), for any text."""

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
def test_function_yields_every_two_character_substring(names):
    """The GIN index stores the function's output as a set of keys and the query asks `@>` with
    all_bigrams of its text, so a bigram missing here would be a name never found."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT credit_name_bigrams(name) FROM unnest(%s::text[]) AS name", [names])
        answers = [grams for (grams,) in cursor.fetchall()]
    assert [set(grams) for grams in answers] == [set(name_index.all_bigrams(name)) for name in names]


def test_null_name_has_no_bigrams():
    with connection.cursor() as cursor:
        cursor.execute("SELECT credit_name_bigrams(NULL), credit_name_bigrams(''), credit_name_bigrams('吕')")
        assert cursor.fetchone() == (None, [], [])
