"""The reviewer's span list: JSON rows over the ORIGINAL text, the engine's proposal edited by hand.

Each row is {kind, start, end, original, replacement}. The public text is `apply_spans` of the rows
on the original (core/redaction.py), so what the reviewer sees side by side is exactly what is
published. Adding a span by text masks every occurrence; overlapping rows are merged, because an
overlap would leave a fragment of one of them visible.
"""

from __future__ import annotations

from gongkai.core.redaction import DEFAULT_POLICY, KINDS, Span, apply_spans, mask_person_name
from gongkai.org.transitions import content_digest

KIND_LABELS = {
    "id_number": "身份证号码",
    "bank_account": "银行账号",
    "phone": "电话号码",
    "certificate": "证件号码",
    "email": "电子邮箱",
    "im_account": "即时通讯或支付账号",
    "ip_address": "IP地址",
    "device": "设备识别码",
    "number": "其他号码",
    "plate": "车牌号",
    "birth_date": "出生日期",
    "name_punished": "被处罚人姓名",
    "name_other": "其他自然人姓名",
    "address": "住址",
    "other": "其他个人信息",
}
EDITABLE_KINDS = (*KINDS, "other")


def replacement_for(kind: str, original: str, policy=DEFAULT_POLICY) -> str:
    """Same masks as the engine: 张某某 for the punished, ×× for other persons, ××× for the rest."""
    if kind == "name_punished":
        return mask_person_name(original, policy)
    if kind == "name_other":
        return policy.other_name_mask
    return policy.pii_mask


def to_rows(spans) -> list[dict]:
    return [{"kind": s.kind, "start": s.start, "end": s.end, "original": s.original, "replacement": s.replacement}
            for s in spans]


def to_spans(rows, text: str) -> list[Span]:
    """Rows back to engine spans, checked against the text (a stale row raises ValueError)."""
    spans = []
    for row in rows:
        start, end = int(row["start"]), int(row["end"])
        if not 0 <= start < end <= len(text) or text[start:end] != row["original"]:
            raise ValueError(f"遮蔽位置 {start}-{end} 与原文不符")
        spans.append(Span(start, end, row["kind"], row["original"], row["replacement"]))
    return sorted(spans, key=lambda s: s.start)


def public_text(text: str, rows) -> str:
    return apply_spans(text, to_spans(rows, text))


def digest(value: str) -> str:
    """The digest of a public text: the kernel's one content digest (org/transitions.py), as items use."""
    return content_digest(value)


def remove_rows(rows, indexes) -> list[dict]:
    dropped = {int(i) for i in indexes}
    return [row for index, row in enumerate(rows) if index not in dropped]


def add_text(rows, text: str, needle: str, kind: str) -> tuple[list[dict], int]:
    """Mask every occurrence of `needle`; returns the new rows and how many occurrences were found."""
    if kind not in EDITABLE_KINDS:
        raise ValueError(f"未知的遮蔽类别：{kind}")
    needle = needle.strip()
    if not needle:
        return list(rows), 0
    rows = sorted(rows, key=lambda r: r["start"])
    found = 0
    position = text.find(needle)
    while position >= 0:
        found += 1
        start, end = position, position + len(needle)
        kept = []
        for row in rows:
            if row["start"] < end and start < row["end"]:  # overlaps: merge into the new span
                start, end = min(start, row["start"]), max(end, row["end"])
            else:
                kept.append(row)
        original = text[start:end]
        kept.append({"kind": kind, "start": start, "end": end, "original": original,
                     "replacement": replacement_for(kind, original)})
        rows = sorted(kept, key=lambda r: r["start"])
        position = text.find(needle, end)
    return rows, found


def segments(text: str, rows, *, public: bool) -> list[dict]:
    """Pieces for the side-by-side view: plain text, or a span (index, kind, shown text)."""
    pieces, cursor = [], 0
    for index, row in sorted(enumerate(rows), key=lambda pair: pair[1]["start"]):
        if row["start"] > cursor:
            pieces.append({"text": text[cursor:row["start"]], "span": None})
        pieces.append({"text": row["replacement"] if public else row["original"], "span": index + 1,
                       "kind": KIND_LABELS.get(row["kind"], row["kind"])})
        cursor = row["end"]
    if cursor < len(text):
        pieces.append({"text": text[cursor:], "span": None})
    return pieces
