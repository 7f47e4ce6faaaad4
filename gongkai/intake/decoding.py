"""Decoding text files: UTF-8 (with or without BOM) first, then GB18030, the one rule for every importer.

GB18030 is a superset of GBK and GB2312, which is what Excel and most case systems in China save
"CSV" and "TXT" as; UTF-8 is what everything else writes. UTF-16 and binary files are refused with
a reason rather than decoded into nonsense (GB18030 accepts almost any byte string).
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TextIO

from gongkai.intake import UnreadableFile

STREAM_HEAD_BYTES = 1 << 20  # a streamed file's encoding is decided on its first megabyte
UNKNOWN_ENCODING = "无法识别文件编码：文本文件应为UTF-8（可带BOM）或GB18030/GBK编码"


def _refuse_non_text(head: bytes) -> None:
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(codecs.BOM_UTF16_BE):
        raise UnreadableFile("不支持UTF-16编码的文本文件；请另存为“CSV UTF-8（逗号分隔）”或UTF-8文本")
    if b"\x00" in head[:4096]:
        raise UnreadableFile("文件不是文本文件（含有空字节）；电子表格请使用.xlsx扩展名")


def decode_text(data: bytes) -> str:
    """A whole text file as str: UTF-8 (a BOM dropped), else GB18030; UnreadableFile when neither."""
    _refuse_non_text(data)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise UnreadableFile(UNKNOWN_ENCODING) from None


def head_encoding(head: bytes, *, complete: bool) -> str:
    """The codec name for a file whose first bytes are `head` ("utf-8-sig", "utf-8" or "gb18030").

    `complete` says `head` is the whole file; otherwise a multi-byte character cut at its end is
    not held against the encoding."""
    _refuse_non_text(head)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return encoding
        except UnicodeDecodeError as exc:
            if not complete and exc.start > len(head) - 4:  # a character cut at the buffer's end
                return encoding
    raise UnreadableFile(UNKNOWN_ENCODING)


def open_text(path: Path) -> TextIO:
    """`path` opened for streaming in the encoding its first megabyte shows (newline="" for csv)."""
    with open(path, "rb") as handle:
        head = handle.read(STREAM_HEAD_BYTES)
    encoding = head_encoding(head, complete=len(head) < STREAM_HEAD_BYTES)
    return open(path, encoding=encoding, newline="")
