"""The one tokeniser behind every search backend: turns documents and queries into FTS5 / tsvector tokens."""

from __future__ import annotations

import re

import rjieba

from gongkai.core.text import half_width

__all__ = [
    "SEARCH_TERMS",
    "fts5_match_expression",
    "han_bigrams",
    "index_text",
    "index_tokens",
    "normalize_text",
    "phrase_index_text",
    "query_tokens",
    "rank_tokens",
    "tsquery_text",
]

# How it works
# ------------
# Both backends only ever see our tokens joined by spaces: SQLite FTS5 (`unicode61`) and
# PostgreSQL to_tsvector('simple', ...).  So every token is made only of letters, digits and
# CJK characters (Unicode L*/N*), which both parsers keep as one token: no quotes, no
# operators, no '-', '/', '_' or '.' (those would split a token into a phrase).
#
# Recall: a query must find every document that contains it as a substring.  Word
# segmentation alone cannot promise that (籍迁 in 户籍迁移 is no word), so for each CJK run
# we index every character bigram plus the run's last character; a query needs all of its
# own bigrams (AND).  A one-character query is matched as a prefix ("照"*): every character
# of a run starts a bigram or is the run's last character, so that is exact too.
#
# Latin letters and digits are matched as WHOLE runs only ("etc", "c1", "2024", "12").
# That is deliberate: 文号 numbers must not match inside longer numbers (12号 vs 120号),
# and prefix/substring indexes of every alphanumeric run would multiply the index.  A query
# that cuts an alphanumeric run in the middle ("TC" inside "ETC") is therefore not found.
#
# Where an alphanumeric run touches a CJK run (C1驾照) we also index a junction token
# ("c1驾"), so "C1驾照" does not match a page that says C1 and 驾照 far apart.
#
# 文号 (示公通〔2024〕12号) become one token "示公通2024年12号": brackets of any kind
# (〔〕 [] 【】 () ﹝﹞ 〖〗, full- or half-width) are dropped, the four-digit year is followed
# by 年, the number by 号 (written or not).  The issuer is the CJK text right before the
# bracket; as we cannot know where it starts in running text ("根据示公通〔2024〕…"), the
# index stores the token for each of its last 0..12 characters.  120号 gives a different
# token, so it never matches 12号.
# 索引号 (005917823/2026-00012) become "005917823z2026z00012": 'z' instead of '/' and '-',
# which both parsers would split on; year and sequence are digits, so it parses back from
# the right without ambiguity.  The parts (005917823, 2026, 00012) are indexed as well.

# --- user dictionary --------------------------------------------------------------------
# rjieba 0.2.2 does expose add_word (checked with dir(rjieba)), so terms go into the
# segmenter's dictionary.  We use a private Jieba instance so that adding our terms does
# not change rjieba.cut for any other code in the process.
SEARCH_TERMS: tuple[str, ...] = (
    "治安管理处罚", "治安管理处罚法", "行政处罚决定书", "行政处罚", "行政复议", "行政诉讼",
    "行政许可", "行政强制", "政府信息公开", "依申请公开", "主动公开", "不予公开", "信息公开申请",
    "放管服", "一网通办", "最多跑一次", "居民身份证", "临时身份证", "居住证", "户口簿",
    "户籍迁移", "户口迁移", "落户", "出入境", "出入境证件", "普通护照", "往来港澳通行证",
    "往来台湾通行证", "机动车驾驶证", "机动车行驶证", "机动车登记", "交通违法", "交通事故",
    "酒后驾驶", "醉酒驾驶", "电动自行车", "网约车", "非机动车", "号牌", "电信网络诈骗",
    "反电信网络诈骗", "扫黑除恶", "刑事立案", "取保候审", "监视居住", "行政拘留", "刑事拘留",
    "罚款", "警情通报", "派出所", "公安机关", "无犯罪记录证明", "营业性演出", "大型群众性活动",
    "剧毒化学品", "易制毒化学品", "保安服务", "印章刻制", "旅馆业", "寄递", "网吧",
)

_SEGMENTER = rjieba.Jieba()
for _term in SEARCH_TERMS:
    # A high frequency makes the term win over its parts (户籍迁移 rather than 户籍 / 迁移).
    _SEGMENTER.add_word(_term, 100000, None)
del _term

# --- normalisation ----------------------------------------------------------------------
def normalize_text(text: str) -> str:
    """Fold the spellings people mix up (ＥＴＣ / ETC / etc) so index and query agree."""
    return half_width(text).lower()


# --- character classes ------------------------------------------------------------------
_CJK_BLOCKS = ((0x3007, 0x3007), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))


def _cjk_class() -> str:
    """Regex class body for CJK ideographs (and 〇, as in 二〇二四) this Python knows as letters.

    Unassigned code points inside the blocks are left out: a tokenizer sees them as
    separators, so they must never end up inside a token.
    """
    ranges: list[tuple[int, int]] = []
    for first, last in _CJK_BLOCKS:
        for code in range(first, last + 1):
            if not chr(code).isalnum():
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges)


_CJK = _cjk_class()
# Letters and digits of any other script: word characters minus '_' minus CJK.
_ALNUM = rf"[^\W_{_CJK}]"
_RUNS = re.compile(rf"([{_CJK}]+)|({_ALNUM}+)")
_ONLY_CJK = re.compile(rf"[{_CJK}]+")
_ONE_CJK = re.compile(rf"[{_CJK}]")

_OPEN = "〔\\[【(﹝〖"
_CLOSE = "〕\\]】)﹞〗"
_WENHAO = re.compile(rf"[{_OPEN}]([0-9]{{4}})[{_CLOSE}]第?([0-9]+)(?![0-9a-z])")
_ISSUER_TAIL = re.compile(rf"[{_CJK}]{{1,12}}$")
_MAX_ISSUER = 12
_INDEX_NUMBER = re.compile(
    r"(?<![0-9a-z])([0-9a-z]{8}-[0-9a-z]|[0-9a-z]{6,20})/([0-9]{4})-([0-9]{1,8})(?![0-9a-z])"
)


def _wenhao_token(issuer: str, year: str, number: str) -> str:
    return f"{issuer}{year}年{number}号"


def _identifier_tokens(text: str, *, all_issuer_suffixes: bool) -> list[str]:
    """文号 and 索引号 tokens of normalised text.

    For a document every issuer suffix is stored; a query uses the issuer it was given
    (its last 12 characters), which is then always one of the stored suffixes.
    """
    tokens: list[str] = []
    if "/" in text:
        for match in _INDEX_NUMBER.finditer(text):
            org, year, sequence = match.groups()
            tokens.append(f"{org.replace('-', '')}z{year}z{sequence}")
    for match in _WENHAO.finditer(text):
        year, number = match.groups()
        tail = _ISSUER_TAIL.search(text, max(0, match.start() - _MAX_ISSUER), match.start())
        issuer = tail.group() if tail else ""
        if all_issuer_suffixes:
            tokens.extend(_wenhao_token(issuer[i:], year, number) for i in range(len(issuer) + 1))
        else:
            tokens.append(_wenhao_token(issuer, year, number))
    return tokens


def _run_tokens(text: str, *, for_document: bool) -> list[str]:
    """Bigrams + last character of each CJK run, whole alphanumeric runs, junction tokens.

    A query leaves out the last character of its multi-character runs: its last bigram
    already requires that character.
    """
    tokens: list[str] = []
    append = tokens.append
    extend = tokens.extend
    previous_end = -1
    previous_cjk: str | None = None  # the run just before, if it was CJK
    previous_alnum: str | None = None
    for match in _RUNS.finditer(text):
        cjk, alnum = match.groups()
        touching = match.start() == previous_end
        if cjk is not None:
            extend([cjk[i : i + 2] for i in range(len(cjk) - 1)])
            if for_document or len(cjk) == 1:
                append(cjk[-1])
            if touching and previous_alnum is not None:
                append(previous_alnum + cjk[0])
            previous_cjk, previous_alnum = cjk, None
        else:
            append(alnum)
            if touching and previous_cjk is not None:
                append(previous_cjk[-1] + alnum)
            previous_cjk, previous_alnum = None, alnum
        previous_end = match.end()
    return tokens


def _words(normalised: str) -> list[str]:
    """Dictionary words of two or more CJK characters (ranking tokens)."""
    fullmatch = _ONLY_CJK.fullmatch
    return [word for word in _SEGMENTER.cut(normalised) if len(word) > 1 and fullmatch(word)]


def index_tokens(text: str) -> list[str]:
    """Everything the index stores for a document, so that any substring query finds it.

    Words come first (they also raise the term frequency of word-aligned bigrams, which
    helps ranking), then bigrams / last characters / alphanumeric runs / junctions, then
    文号 and 索引号 tokens.
    """
    normalised = normalize_text(text)
    return (
        _words(normalised)
        + _run_tokens(normalised, for_document=True)
        + _identifier_tokens(normalised, all_issuer_suffixes=True)
    )


def index_text(text: str) -> str:
    """The string stored in the FTS5 column / fed to to_tsvector('simple', ...)."""
    return " ".join(index_tokens(text))


def phrase_index_text(text: str) -> str:
    """index_text with each dictionary word followed by its last character, for positional (phrase) search.

    A phrase query over a CJK term's bigrams (han_bigrams: 户籍 籍迁 迁移) must match only where the
    bigrams are adjacent *because the characters are*: inside one run's bigram sequence. Two-character
    dictionary words can look like bigrams, and two of them next to each other (户籍 籍迁 cut from
    户籍籍迁) would fake an adjacency the text does not have; a one-character token after every word
    breaks every such chain. The character is in the text, so it changes no match (a one-character
    query is a prefix search over characters the text holds anyway).
    """
    normalised = normalize_text(text)
    words: list[str] = []
    for word in _words(normalised):
        words += (word, word[-1])
    return " ".join(words + _run_tokens(normalised, for_document=True)
                    + _identifier_tokens(normalised, all_issuer_suffixes=True))


def han_bigrams(term: str) -> list[str] | None:
    """The bigrams of `term` in order when it is one CJK run of three or more characters, else None.

    Such a term occurs in a text exactly when its bigrams are adjacent tokens of phrase_index_text
    (each run's bigrams are written in order, and no other two CJK bigram-like tokens ever touch),
    so a phrase query over them needs no look at the text.
    """
    normalised = normalize_text(term)
    if len(normalised) < 3 or not _ONLY_CJK.fullmatch(normalised):
        return None
    return [normalised[i : i + 2] for i in range(len(normalised) - 1)]


def query_tokens(query: str) -> list[str]:
    """Tokens that must ALL match; a one-character CJK token is meant as a prefix.

    A CJK run of two or more characters contributes its bigrams only (its last character
    is implied by the last bigram), a one-character run contributes itself, which
    fts5_match_expression / tsquery_text turn into a prefix search.
    """
    normalised = normalize_text(query)
    tokens = _run_tokens(normalised, for_document=False)
    tokens += _identifier_tokens(normalised, all_issuer_suffixes=False)
    return list(dict.fromkeys(tokens))


def rank_tokens(query: str) -> list[str]:
    """Whole words of the query, to boost documents where the words themselves occur."""
    normalised = normalize_text(query)
    alnum_runs = [match.group(2) for match in _RUNS.finditer(normalised) if match.group(2)]
    identifiers = _identifier_tokens(normalised, all_issuer_suffixes=False)
    return list(dict.fromkeys(_words(normalised) + alnum_runs + identifiers))


def _is_prefix_token(token: str) -> bool:
    return len(token) == 1 and _ONE_CJK.match(token) is not None


def fts5_match_expression(query: str) -> str:
    """A safe FTS5 MATCH string: quoted tokens joined by AND; '' when nothing to search."""
    parts = []
    for token in query_tokens(query):
        quoted = '"' + token.replace('"', '""') + '"'  # tokens never hold quotes; belt and braces
        parts.append(quoted + "*" if _is_prefix_token(token) else quoted)
    return " AND ".join(parts)


def tsquery_text(query: str) -> str:
    """A safe to_tsquery('simple', ...) string: quoted lexemes joined by &; '' when empty."""
    parts = []
    for token in query_tokens(query):
        quoted = "'" + token.replace("'", "''").replace("\\", "\\\\") + "'"
        parts.append(quoted + ":*" if _is_prefix_token(token) else quoted)
    return " & ".join(parts)
