"""The one text normalisation (core/text.py): width fold and NFKC, and that every former copy now agrees with it."""

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core import redaction, tokenize
from gongkai.core.credit_validation import stated_fine_yuan
from gongkai.core.identifiers import normalize as normalize_code
from gongkai.core.text import HALF_WIDTH, compatibility_fold, half_width, half_width_table

FULL_WIDTH_CHARS = st.sampled_from([chr(code) for code in HALF_WIDTH])
MIXED_TEXT = st.text(alphabet=st.one_of(FULL_WIDTH_CHARS, st.characters(codec="utf-8")), max_size=60)


@given(MIXED_TEXT)
def test_fold_keeps_the_length_so_offsets_stay_aligned(text):
    folded = half_width(text)
    assert len(folded) == len(text)
    for original, result in zip(text, folded):
        assert result == (chr(HALF_WIDTH[ord(original)]) if ord(original) in HALF_WIDTH else original)


@given(MIXED_TEXT)
def test_fold_leaves_no_full_width_form_and_is_idempotent(text):
    folded = half_width(text)
    assert not any(ord(char) in HALF_WIDTH for char in folded)
    assert half_width(folded) == folded


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_is_returned_unchanged(text):
    assert half_width(text) is text


def test_the_table_is_exactly_what_nfkc_does_to_those_characters():
    """The width table is the length-preserving part of NFKC: both agree on every character in it."""
    assert len(HALF_WIDTH) == 0xFF5F - 0xFF01 + 1
    for code, half in HALF_WIDTH.items():
        assert unicodedata.normalize("NFKC", chr(code)) == chr(half)


@given(MIXED_TEXT)
def test_nfkc_fold_includes_the_width_fold(text):
    assert compatibility_fold(half_width(text)) == compatibility_fold(text)


def test_nfkc_may_change_the_length_which_is_why_redaction_does_not_use_it():
    assert compatibility_fold("㈱") == "(株)" and half_width("㈱") == "㈱"


def test_subset_tables_come_from_the_one_table_and_refuse_what_has_no_half_width_form():
    assert half_width_table("０Ａ") == {0xFF10: ord("0"), 0xFF21: ord("A")}
    with pytest.raises(ValueError):
        half_width_table("〔")


@given(MIXED_TEXT)
def test_search_tokens_fold_exactly_as_before(text):
    """tokenize.normalize_text was a translate with its own copy of this table, then lower()."""
    assert tokenize.normalize_text(text) == text.translate(HALF_WIDTH).lower()


@given(MIXED_TEXT)
def test_redaction_fold_is_length_preserving_and_leaves_chinese_punctuation(text):
    folded = redaction._normalise(text)
    assert len(folded) == len(text)
    for punctuation in "，（）：；　":
        assert folded.count(punctuation) == text.count(punctuation)


@given(st.text(alphabet=st.sampled_from("０１２３４５６７８９ａｂｘＸ-x 　"), max_size=20))
def test_codes_fold_to_half_width_upper_case(text):
    folded = normalize_code(text)
    assert folded == folded.upper() and not any(0xFF01 <= ord(char) <= 0xFF5E for char in folded)


def test_credit_validation_reads_full_width_amounts():
    assert stated_fine_yuan("罚款２０００元") == stated_fine_yuan("罚款2000元") == Decimal("2000")
