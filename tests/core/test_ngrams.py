"""The search index's CJK n-grams find exactly the texts that hold a term (gongkai.core.ngrams, no database)."""

from hypothesis import example, given
from hypothesis import strategies as st

from gongkai.core.ngrams import NGRAM_LONG_LEXEME, NGRAM_MAX_BYTES, cjk_ngrams, term_ngrams

# Few characters, so that pieces of a term recur apart from each other (户籍迁移 … 籍迁移出), and separators
# of every kind the pattern must cut at: punctuation, Latin, digits, a space, kana.
TEXT_CHARACTERS = "户籍迁移出入境办理窗口" + "，。 a1ア"
TERMS = st.text(alphabet="户籍迁移出入境办理窗口", min_size=3, max_size=8)
TEXTS = st.text(alphabet=TEXT_CHARACTERS, max_size=60)


def _holds_in_order(sequence: list[str], pieces: list[str]) -> bool:
    """`pieces` appear as consecutive entries of `sequence` (what an FTS5 phrase query asks of positions)."""
    return any(sequence[i : i + len(pieces)] == pieces for i in range(len(sequence) - len(pieces) + 1))


@given(text=TEXTS, term=TERMS)
@example(text="户籍迁移，籍迁移出", term="户籍迁移出")  # every four-gram is there, never side by side
@example(text="户籍迁移出", term="户籍迁移出")
@example(text="户籍迁a移出", term="籍迁移")
def test_a_term_is_in_the_text_exactly_when_its_ngrams_are_consecutive(text, term):
    grams = cjk_ngrams(text)
    assert _holds_in_order(grams, term_ngrams(term)) == (term in text)
    if len(term) <= 4:
        assert (term_ngrams(term)[0] in grams) == (term in text)


@given(text=TEXTS)
def test_ngrams_are_the_three_and_four_character_pieces_of_cjk_runs(text):
    expected = {"~" + text[i : i + size] for size in (3, 4) for i in range(len(text) - size + 1)
                if all(character in "户籍迁移出入境办理窗口" for character in text[i : i + size])}
    assert set(cjk_ngrams(text)) == expected


def test_other_cjk_blocks_count_and_kana_does_not():
    assert cjk_ngrams("二〇二四年") == ["~二〇二", "~〇二四", "~二四年", "~二〇二四", "~〇二四年"]
    assert cjk_ngrams("𠀀𠀁𠀂") == ["~𠀀𠀁𠀂"]  # CJK Extension B
    assert cjk_ngrams("户籍アイ迁移") == []


def test_a_text_past_the_byte_limit_is_one_marker():
    """The limit counts UTF-8 bytes, as PostgreSQL's octet_length does: three for each of these characters."""
    at_limit = "户籍迁" * (NGRAM_MAX_BYTES // 9)
    at_limit += "a" * (NGRAM_MAX_BYTES - len(at_limit.encode()))
    assert len(at_limit.encode()) == NGRAM_MAX_BYTES and "~户籍迁" in cjk_ngrams(at_limit)
    assert cjk_ngrams(at_limit + "a") == [NGRAM_LONG_LEXEME]
    assert cjk_ngrams("") == []


def test_term_ngrams():
    assert term_ngrams("出入境") == ["~出入境"]
    assert term_ngrams("户籍迁移") == ["~户籍迁移"]
    assert term_ngrams("户籍窗口办理") == ["~户籍窗口", "~籍窗口办", "~窗口办理"]
