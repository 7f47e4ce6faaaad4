"""Plain text, match text and highlighted snippets: the string work shared by indexing and queries."""

from __future__ import annotations

import functools
import re
from html import escape
from html.parser import HTMLParser

from gongkai.core.tokenize import normalize_text, query_tokens

__all__ = [
    "MAX_QUERY_CHARS",
    "html_to_text",
    "collapse_spaces",
    "match_form",
    "query_terms",
    "term_needs_verification",
    "is_cjk_run",
    "highlight",
    "snippet",
]

# A query longer than this is cut (DESIGN §6: public input is size-limited). 100 characters
# hold any 文号, 索引号 or sentence a reader types; the AND of more bigrams only slows search.
MAX_QUERY_CHARS = 100

_SPACES = re.compile(r"\s+")
# Brackets a 文号 is written with (after normalize_text turned full-width ones half-width).
# Folding them to 〔〕 makes 示公通[2024]12号 and 示公通〔2024〕12号 the same text for the exact check.
# Replaced match by match, not with str.translate, which costs a table lookup per character.
_BRACKETS = {"[": "〔", "【": "〔", "(": "〔", "﹝": "〔", "〖": "〔", "]": "〕", "】": "〕", ")": "〕", "﹞": "〕", "〗": "〕"}
_BRACKET = re.compile("[" + re.escape("".join(_BRACKETS)) + "]")


def _fold_brackets(text: str) -> str:
    return _BRACKET.sub(lambda match: _BRACKETS[match.group()], text)
_ORDINAL_AFTER_BRACKET = re.compile(r"〕第(?=[0-9])")
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table",
               "section", "article", "blockquote", "pre", "hr", "ul", "ol", "dt", "dd"}
_SKIPPED_TAGS = {"script", "style", "template", "noscript"}
# The one-character CJK / alphanumeric runs the tokeniser treats as whole tokens (see
# term_needs_verification).
_CJK_ONLY = re.compile(r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_ALNUM_ONLY = re.compile(r"[^\W_\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


class _TextCollector(HTMLParser):
    """Keeps text nodes; block tags become spaces so words of two paragraphs do not fuse."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def collapse_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def html_to_text(html: str) -> str:
    """The body as a reader sees it: tags dropped, entities decoded, runs of space made one."""
    if "<" not in html and "&" not in html:
        return collapse_spaces(html)
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return collapse_spaces("".join(collector.parts))


def match_form(text: str) -> str:
    """The normalised text the exact check runs on; documents and query terms go through it alike."""
    folded = _fold_brackets(normalize_text(text))
    return collapse_spaces(_ORDINAL_AFTER_BRACKET.sub("〕", folded))


def query_terms(query: str) -> list[str]:
    """The query's whitespace-separated terms in match form; terms with nothing searchable are dropped.

    Every term must occur in a hit (AND); inside a term the characters must be contiguous.
    """
    terms = []
    for raw in match_form(query).split(" "):
        if raw and query_tokens(raw) and raw not in terms:
            terms.append(raw)
    return terms


def term_needs_verification(term: str) -> bool:
    """True unless the index alone already proves the term occurs as written.

    One CJK bigram, one CJK character (a prefix search) or one whole alphanumeric run are
    exact: the index holds a token for each of them only where the text has them. Anything
    longer is an AND of tokens, which a text can also satisfy with the pieces apart.
    """
    if len(query_tokens(term)) != 1:
        return True
    return not ((_CJK_ONLY.fullmatch(term) and len(term) <= 2) or _ALNUM_ONLY.fullmatch(term))


def is_cjk_run(term: str) -> bool:
    """True when `term` is CJK characters only (the tokeniser's run of bigrams)."""
    return _CJK_ONLY.fullmatch(term) is not None


# Every spelling match_form folds into one character of a term, for highlighting in the original
# text without folding it (folding a whole body per hit cost more than the query itself).
_SPELLINGS = {"〔": "〔" + "".join(k for k, v in _BRACKETS.items() if v == "〔") + "（［",
              "〕": "〕" + "".join(k for k, v in _BRACKETS.items() if v == "〕") + "）］",
              " ": " \u3000"}


@functools.lru_cache(maxsize=512)
def _term_pattern(term: str) -> re.Pattern:
    """A pattern for `term` (in match form) that finds it in an unfolded text, case-insensitively."""
    parts = []
    for position, char in enumerate(term):
        if char in _SPELLINGS:
            parts.append("[" + re.escape(_SPELLINGS[char]) + "]")
            if char == "〕" and term[position + 1 : position + 2].isdigit():
                parts.append("第?")  # 〔2024〕第12号 is matched as 〔2024〕12号
        elif "!" <= char <= "~":
            parts.append("[" + re.escape(char + chr(ord(char) + 0xFEE0)) + "]")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE)


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    spans = [match.span() for term in terms for match in _term_pattern(term).finditer(text)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[str]) -> str:
    """`text` HTML-escaped, with each occurrence of a term wrapped in <mark>."""
    out, position = [], 0
    for start, end in _spans(text, terms):
        out.append(escape(text[position:start]))
        out.append("<mark>" + escape(text[start:end]) + "</mark>")
        position = end
    out.append(escape(text[position:]))
    return "".join(out)


def snippet(text: str, terms: list[str], width: int = 120) -> str:
    """About `width` characters of `text` around the first match, escaped and highlighted."""
    spans = _spans(text, terms)
    if not spans:
        cut = text[:width]
        return escape(cut) + ("…" if len(text) > width else "")
    first = spans[0][0]
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    piece = text[start:end]
    return ("…" if start else "") + highlight(piece, terms) + ("…" if end < len(text) else "")
