"""The CJK three- and four-character pieces the search index holds for a text: one definition for both databases.

Why: bigrams alone make a three-character word, or a phrase, an AND of common pieces (户籍窗口办理 has 0 hits,
yet 120,000 of a million texts hold all of its bigrams), which the index can only settle by reading positions
or texts. With every three- and four-character piece of every CJK run indexed, a word of three or four
characters is one posting list, and a longer phrase the four-character pieces that cover it.

- PostgreSQL computes them in SQL (`search_cjk_ngrams`, gongkai.search.schema, built from the constants
  here) inside a generated tsvector column; SQLite calls `cjk_ngrams` through a function registered on
  each connection under the same name. tests/search/test_ngrams_postgresql.py checks that both give the
  same n-grams on random texts.
- Order (SQLite keeps positions): run by run, each run's three-character pieces in order, then its
  four-character pieces in order. Two four-character pieces are then neighbours exactly when they
  overlap by three characters inside one run, so a phrase query over a term's four-character pieces
  (`term_ngrams`) finds exactly the texts that hold the term.
- Every piece is prefixed with '~', a character no token or facet has (the SQLite table makes it a token
  character), so on PostgreSQL 出入境 as a dictionary word stays a separate lexeme.
- A text longer than NGRAM_MAX_BYTES (UTF-8) gets the one marker NGRAM_LONG_LEXEME instead: a tsvector
  holds at most 1 MB. Queries find such texts by bigrams (gongkai.search.query); SQLite follows the same
  rule so that one definition serves both.
"""

from __future__ import annotations

import re

__all__ = ["CJK_RUN_PATTERN", "NGRAM_LENGTHS", "NGRAM_LONG_LEXEME", "NGRAM_MAX_BYTES", "NGRAM_PREFIX",
           "cjk_ngrams", "term_ngrams"]

NGRAM_PREFIX = "~"
NGRAM_LONG_LEXEME = "~~"
# 16,000 CJK characters: 32,000 n-grams of about 17 bytes each stay well under a tsvector's 1 MB.
NGRAM_MAX_BYTES = 48000
NGRAM_LENGTHS = (3, 4)
# The CJK characters of gongkai.core.tokenize (_CJK_BLOCKS); a superset is safe, as an n-gram is only ever a
# substring of the text. Written with \u escapes, which Python's re and PostgreSQL's regex read alike.
CJK_RUN_PATTERN = r"[\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{3,}"
_CJK_RUN = re.compile(CJK_RUN_PATTERN)
_LONGEST = max(NGRAM_LENGTHS)


def cjk_ngrams(text: str) -> list[str]:
    """Every three- and four-character piece of each CJK run of `text`, '~'-prefixed, in index order (see above)."""
    if len(text.encode("utf-8")) > NGRAM_MAX_BYTES:
        return [NGRAM_LONG_LEXEME]
    grams: list[str] = []
    for match in _CJK_RUN.finditer(text):
        run = match.group()
        for size in NGRAM_LENGTHS:
            grams.extend([NGRAM_PREFIX + run[i : i + size] for i in range(len(run) - size + 1)])
    return grams


def term_ngrams(term: str) -> list[str]:
    """The pieces that find a CJK term of three or more characters: itself, or its four-character pieces in order.

    A text (up to NGRAM_MAX_BYTES) holds a term of three or four characters exactly when it has the term's
    n-gram, and a longer term exactly when its four-character pieces are consecutive in cjk_ngrams' order.
    """
    if len(term) <= _LONGEST:
        return [NGRAM_PREFIX + term]
    return [NGRAM_PREFIX + term[i : i + _LONGEST] for i in range(len(term) - _LONGEST + 1)]
