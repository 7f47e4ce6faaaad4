"""Highlighting finds a term in every spelling the normaliser folds, without folding the text."""

from hypothesis import assume, given
from hypothesis import strategies as st

from gongkai.search.text import highlight, match_form, query_terms, snippet


def test_full_width_and_case_variants_are_marked_as_written():
    assert highlight("办理ＥＴＣ通行卡", query_terms("etc")) == "办理<mark>ＥＴＣ</mark>通行卡"
    assert highlight("持C1驾照", query_terms("ｃ１驾照")) == "持<mark>C1驾照</mark>"


def test_wenhao_in_any_brackets_and_with_di_is_marked_whole():
    terms = query_terms("示公通〔2024〕12号")
    assert highlight("依据示公通[2024]第12号执行", terms) == "依据<mark>示公通[2024]第12号</mark>执行"
    assert highlight("依据示公通（2024）12号执行", terms) == "依据<mark>示公通（2024）12号</mark>执行"
    assert "<mark>" not in highlight("示公通〔2024〕120号", terms)


def test_snippet_centres_on_a_late_match_and_escapes():
    text = "甲" * 500 + "<b>户籍</b>" + "乙" * 500
    html = snippet(text, ["户籍"])
    assert "&lt;b&gt;<mark>户籍</mark>&lt;/b&gt;" in html and html.startswith("…") and html.endswith("…")


AROUND = st.text(alphabet="户籍ＥＴＣetc（）()[]〔〕第12号 ，", max_size=20)


@given(AROUND, st.text(alphabet="户籍ＥＴＣetc〔〕12号", min_size=1, max_size=6), AROUND)
def test_a_term_the_exact_check_finds_is_always_marked(before, query, after):
    """The query lies inside the text, so most draws reach the assertion; assume() lets Hypothesis draw
    again for the few whose first term the exact check does not find, instead of passing them unchecked."""
    text = before + query + after
    terms = query_terms(query)
    assume(terms and terms[0] in match_form(text))
    assert "<mark>" in highlight(text, terms)
