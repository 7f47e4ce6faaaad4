"""Tests for gongkai.core.tokenize: worked lookups, FTS5 round trips and the substring-recall guarantee."""

import re
import sqlite3

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from gongkai.core.tokenize import (
    SEARCH_TERMS,
    fts5_match_expression,
    index_text,
    index_tokens,
    normalize_text,
    query_tokens,
    rank_tokens,
    tsquery_text,
)

DOCS = [
    "关于办理户籍迁移业务的须知：申请人应当携带居民身份证、户口簿。",
    "驾照到期换证：持C1驾照的驾驶人可在网上申请换领机动车驾驶证。",
    "高速公路ＥＴＣ通行费优惠说明；ETC 设备安装。",
    "对无证驾驶电动自行车的行为处以罚款二百元。",
    "根据示公通〔2024〕12号文件，现将有关事项通知如下。",
    "示公通〔2024〕120号：关于网约车管理的通告。",
    "索引号：005917823/2026-00012 发布机构：示范市公安局",
    "索引号：005917823/2026-00120 发布机构：示范市公安局",
    "行政处罚决定书 示公（交）罚决字[2025]7号",
    'Quoted "NEAR" AND text * - : with 户籍 words',
    "治安管理处罚法第二十三条",
    "",
]


def substring_scan(docs, query):
    """What a LIKE '%query%' over normalised text would return: the reference for recall."""
    needle = normalize_text(query)
    return {i for i, doc in enumerate(docs) if needle in normalize_text(doc)}


def fts5_search(docs, query):
    """Index the docs in an in-memory FTS5 unicode61 table and run the query through it."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE pages USING fts5(body, tokenize = 'unicode61')")
        db.executemany("INSERT INTO pages(rowid, body) VALUES (?, ?)", [(i, index_text(d)) for i, d in enumerate(docs)])
        expression = fts5_match_expression(query)
        if not expression:
            return set()
        return {row[0] for row in db.execute("SELECT rowid FROM pages WHERE pages MATCH ?", (expression,))}
    finally:
        db.close()


# --- worked lookups against FTS5 --------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "户籍", "驾照", "罚款", "籍迁", "户籍迁移", "ETC", "ＥＴＣ", "etc", "C1驾照", "c1", "驾照",
        "示公通〔2024〕12号", "示公通〔2024〕120号", "005917823/2026-00012", "005917823/2026-00120",
        "罚决字[2025]7号", "治安管理处罚", "处罚法", "籍", "照", "二十三条", "公安局",
    ],
)
def test_fts5_hits_equal_substring_scan(query):
    assert substring_scan(DOCS, query), "the example must occur somewhere"
    assert fts5_search(DOCS, query) == substring_scan(DOCS, query)


@pytest.mark.parametrize(
    "query",
    [
        "示公通〔2024〕12号", "示公通[2024]12号", "示公通［2024］12号", "示公通(2024)12号",
        "示公通（2024）12号", "示公通【2024】12号", "示公通﹝2024﹞12号", "示公通〔２０２４〕１２号",
        "示公通〔2024〕12", "公通〔2024〕12号", "〔2024〕12号",
    ],
)
def test_wenhao_with_any_brackets_finds_12_but_not_120(query):
    assert fts5_search(DOCS, query) == {4}


def test_wenhao_token_scheme():
    assert "示公通2024年12号" in index_tokens("根据示公通〔2024〕12号文件")
    assert query_tokens("示公通[2024]12号")[-1] == "示公通2024年12号"
    assert "示公通2024年12号" not in index_tokens("示公通〔2024〕120号")


@pytest.mark.parametrize("query", ["005917823/2026-00012", "００５９１７８２３／２０２６－０００１２", "索引号：005917823/2026-00012"])
def test_index_number_lookup(query):
    assert "005917823z2026z00012" in query_tokens(query)
    assert fts5_search(DOCS, query) == {6}


def test_org_code_with_hyphen_in_index_number():
    assert "005917823z2026z00012" in index_tokens("索引号 00591782-3/2026-00012")


def test_full_width_and_case_fold_together():
    assert normalize_text("ＥＴＣ Etc （２０２４）") == "etc etc (2024)"
    assert query_tokens("ＥＴＣ") == query_tokens("ETC") == query_tokens("etc") == ["etc"]
    assert normalize_text("〔2024〕") == "〔2024〕"  # no half-width form: kept, the 文号 pattern accepts it


def test_mixed_latin_and_cjk_token():
    tokens = index_tokens("持C1驾照的驾驶人")
    assert {"c1", "驾照", "c1驾"} <= set(tokens)
    assert query_tokens("C1驾照") == ["c1", "驾照", "c1驾"]
    # C1 and 驾照 far apart do not match "C1驾照".
    assert fts5_search(["C1 类别 驾照"], "C1驾照") == set()


def test_latin_matches_whole_runs_only():
    # Documented decision: a query cutting a Latin/digit run is not found.
    assert fts5_search(["ETC 通行"], "TC") == set()
    assert fts5_search(["示公通〔2024〕120号"], "12号") == set()


def test_user_dictionary_terms_are_words():
    for term in ("户籍迁移", "治安管理处罚", "电动自行车", "网约车", "放管服", "政府信息公开"):
        assert term in SEARCH_TERMS
        assert term in rank_tokens(f"关于{term}的说明")


def test_two_and_one_character_queries():
    assert query_tokens("户籍") == ["户籍"]
    assert query_tokens("籍") == ["籍"]
    assert fts5_match_expression("籍") == '"籍"*'
    assert tsquery_text("籍") == "'籍':*"


@pytest.mark.parametrize("query", ["", "   ", "，。！？", "〔〕", '"*:-()', "—— ……"])
def test_punctuation_only_queries_give_nothing(query):
    assert query_tokens(query) == []
    assert fts5_match_expression(query) == ""
    assert tsquery_text(query) == ""


@pytest.mark.parametrize(
    "query",
    ['"', '"户籍', "户籍*", "NEAR(户籍 驾照)", "户籍 AND", "OR 驾照", "NOT", "-户籍", "body:户籍", "^户籍",
     "户籍 + 驾照", "a'b", "(", "{户籍}"],
)
def test_fts5_expression_is_safe_with_operators(query):
    expression = fts5_match_expression(query)
    fts5_search(DOCS, query)  # must not raise sqlite3.OperationalError
    assert re.fullmatch(r'("[^"\s]+"\*?)( AND "[^"\s]+"\*?)*|', expression)


_TSQUERY_SHAPE = re.compile(r"('[^'&|!():*\\\s]+'(:\*)?)( & '[^'&|!():*\\\s]+'(:\*)?)*|")


@pytest.mark.parametrize("query", ["户籍 & 驾照", "a|b", "!户籍", "(驾照)", "户籍:*", "it's", "a\\b", "示公通〔2024〕12号"])
def test_tsquery_text_shape(query):
    assert _TSQUERY_SHAPE.fullmatch(tsquery_text(query))


def test_index_tokens_are_fts_safe():
    for doc in DOCS:
        for token in index_tokens(doc):
            assert token and re.fullmatch(r"[^\W_]+", token), token


# --- properties ---------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    list("户籍迁移驾照罚款公安局示通号第年〇")
    + ["户籍迁移", "C1驾照", "ETC", "ＥＴＣ", "etc", "〔2024〕", "[2024]", "（2024）", "12号", "120号",
       "示公通〔2024〕12号", "005917823/2026-00012", "00591782-3/2026-1", "/", "-", "-00012",
       " ", "，", "。", '"', "*", ":", "NEAR", "AND", "'", "&", "(", ")", "é", "ǅ", "x9", "第"]
)
DOC_TEXT = st.lists(FRAGMENTS, max_size=25).map("".join)
_ALNUM_CHAR = re.compile(r"[^\W_\u3007\u3400-\u4dbf\u4e00-\u9fff]")
_SEARCHABLE = re.compile(r"[^\W_]")


def _cuts_an_alnum_run(text, index):
    """True when position `index` falls inside a Latin/digit run (see the module's decision)."""
    return 0 < index < len(text) and bool(_ALNUM_CHAR.match(text[index - 1]) and _ALNUM_CHAR.match(text[index]))


def _has_whole_run_occurrence(text, query):
    """Whether some occurrence of query in text starts and ends on Latin/digit run edges."""
    starts = [m.start() for m in re.finditer("(?=" + re.escape(query) + ")", text)]
    return any(not _cuts_an_alnum_run(text, s) and not _cuts_an_alnum_run(text, s + len(query)) for s in starts)


@st.composite
def doc_and_substring(draw):
    doc = draw(DOC_TEXT)
    normalised = normalize_text(doc)
    assume(normalised)
    start = draw(st.integers(0, len(normalised) - 1))
    end = draw(st.integers(start + 1, len(normalised)))
    query = normalised[start:end]
    assume(_SEARCHABLE.search(query))
    assume(not _cuts_an_alnum_run(normalised, start) and not _cuts_an_alnum_run(normalised, end))
    return doc, query


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(doc_and_substring())
def test_every_query_token_is_indexed_for_a_containing_document(case):
    doc, query = case
    stored = set(index_tokens(doc))
    tokens = query_tokens(query)
    assert tokens
    for token in tokens:
        if len(token) == 1 and not _ALNUM_CHAR.match(token):
            assert any(t.startswith(token) for t in stored), token  # one CJK character: prefix
        else:
            assert token in stored, token


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(st.lists(DOC_TEXT, min_size=1, max_size=4), doc_and_substring())
def test_fts5_finds_every_document_a_substring_scan_finds(others, case):
    doc, query = case
    docs = others + [doc]
    expected = substring_scan(docs, query)
    # Only occurrences that do not cut a Latin/digit run count (the documented limit).
    expected = {i for i in expected if _has_whole_run_occurrence(normalize_text(docs[i]), query)}
    assert len(docs) - 1 in expected
    assert expected <= fts5_search(docs, query)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30))
def test_any_query_gives_a_valid_expression(query):
    expression = fts5_match_expression(query)
    fts5_search(["户籍迁移 C1驾照"], query)
    assert re.fullmatch(r'("[^"\s]+"\*?)( AND "[^"\s]+"\*?)*|', expression)
    assert _TSQUERY_SHAPE.fullmatch(tsquery_text(query))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_normalize_is_idempotent_and_tokens_are_safe(text):
    normalised = normalize_text(text)
    assert normalize_text(normalised) == normalised
    for token in index_tokens(text):
        assert re.fullmatch(r"[^\W_]+", token)
