"""PostgreSQL's SQL function search_cjk_ngrams gives the n-grams of gongkai.core.ngrams, which SQLite's index uses.

One definition of what is indexed serves both databases only if the SQL copy agrees with the Python one:
random texts mixing the CJK blocks the pattern names (〇, Extension A and B, compatibility ideographs,
code points the blocks leave unassigned) with what must cut a run (kana, Latin, full-width forms,
punctuation, spaces), and texts at the byte limit.
"""

from collections import Counter

import pytest
from django.db import connection
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gongkai.core.ngrams import NGRAM_MAX_BYTES, cjk_ngrams

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: its SQL function (SQLite's index holds cjk_ngrams itself, test_phrase_index)")

CHARACTERS = st.one_of(
    st.sampled_from("户籍迁移出入境〇"),
    st.characters(min_codepoint=0x3400, max_codepoint=0x3410),  # Extension A
    st.characters(min_codepoint=0x9FF0, max_codepoint=0xA010),  # the end of the unified block, unassigned, Yi
    st.characters(min_codepoint=0xF900, max_codepoint=0xF905),  # compatibility ideographs
    st.characters(min_codepoint=0xFAD8, max_codepoint=0xFB02),  # the block's unassigned end and after
    st.characters(min_codepoint=0x20000, max_codepoint=0x20003),  # Extension B
    st.characters(min_codepoint=0x3130F, max_codepoint=0x31352),  # the last range's end and after
    st.sampled_from("アa1Ａ，。 \n\t-~"),
)
TEXTS = st.text(alphabet=CHARACTERS, max_size=40)


def _postgresql_ngrams(text: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_cjk_ngrams(%s)", [text])
        return cursor.fetchone()[0]


@given(text=TEXTS)
@example(text="户籍迁移，出入境a出入")
@example(text="二〇二四年𠀀𠀁𠀂")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_postgresql_function_equals_the_python_definition(text):
    assert Counter(_postgresql_ngrams(text)) == Counter(cjk_ngrams(text))


@pytest.mark.parametrize("extra_bytes", [0, 1])
def test_the_byte_limit_is_the_same(extra_bytes):
    text = "户籍迁" * (NGRAM_MAX_BYTES // 9)
    text += "a" * (NGRAM_MAX_BYTES - len(text.encode()) + extra_bytes)
    assert Counter(_postgresql_ngrams(text)) == Counter(cjk_ngrams(text))
    assert (cjk_ngrams(text) == ["~~"]) == bool(extra_bytes)
