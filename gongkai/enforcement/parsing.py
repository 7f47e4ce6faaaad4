"""Reading decision documents as the case system hands them over: plain text, DOCX or JSON with fields.

Text and DOCX carry no structured fields, so the 文号, title, decision date, procedure and penalty are
read from the document's own layout (公安机关办理行政案件程序规定 第一百七十五条: the 决定书 names the
party, the facts and evidence, the legal basis, the penalty, the way and time limit of enforcement,
the remedies, the organ and the date). JSON adds parties with role, name, ID number and birth date.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.intake import UnreadableFile
from gongkai.intake.archives import ArchiveLimits, ArchiveRefused, open_archive
from gongkai.intake.decoding import decode_text

MAX_BYTES = 5 * 1024 * 1024  # one decision is a few KB; anything this big is not a decision document
SUFFIXES = (".txt", ".docx", ".json")
# Checked before python-docx inflates anything: a decision's DOCX is tens of KB unpacked, so 20 MB is
# generous and keeps a 5 MB package from inflating to the 200 MB any attachment may reach.
DOCUMENT_LIMITS = ArchiveLimits(what="DOCX 文件", max_inflated=20 * 1024 * 1024)

_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z（）()]{1,30}[〔\[（(【]\s*(?:19|20)\d{2}\s*[〕\]）)】]\s*[0-9０-９]{1,8}\s*号")
_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
_DATE_ARABIC = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_DATE_CHINESE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
_PENALTY = re.compile(r"(?:现决定|决定)?对[^。\n]{1,40}?(?:处以|处|给予)([^。\n]{1,80})。")


class DocumentError(ValueError):
    """A file that cannot be taken in, with a Chinese reason for the failed/ folder."""


@dataclass
class CapturedDocument:
    """The fields capture needs, whichever format the document came in."""

    text: str
    document_number: str
    decided_on: dt.date
    kind: str = "penalty"
    title: str = ""
    act_on: dt.date | None = None
    procedure: str = "ordinary"
    parties: list = field(default_factory=list)
    penalties: list = field(default_factory=list)
    flags: dict = field(default_factory=dict)
    unit_name: str = ""


def _cn_small(value: str) -> int:
    if "十" in value:
        tens, _, units = value.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(units, 0) if units else 0)
    return _CN_DIGIT[value]


def last_date(text: str) -> dt.date | None:
    """The decision date: the last date in the document (the one under the organ's name and seal)."""
    found: list[tuple[int, dt.date]] = []
    for match in _DATE_ARABIC.finditer(text):
        try:
            found.append((match.start(), dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))))
        except ValueError:
            pass
    for match in _DATE_CHINESE.finditer(text):
        try:
            year = int("".join(str(_CN_DIGIT[c]) for c in match.group(1)))
            found.append((match.start(), dt.date(year, _cn_small(match.group(2)), _cn_small(match.group(3)))))
        except (ValueError, KeyError):
            pass
    return max(found)[1] if found else None


def from_text(text: str) -> CapturedDocument:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise DocumentError("文件没有内容")
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    title = next((line for line in lines[:6] if line.endswith("决定书")), "")
    if not title:
        raise DocumentError("未找到文书名称（前几行应有“……决定书”）")
    number = _NUMBER.search(text)
    if not number:
        raise DocumentError("未能识别文号（如“示公（治）行罚决字〔2025〕123号”）")
    decided = last_date(text[-300:]) or last_date(text)
    if decided is None:
        raise DocumentError("未能识别决定日期（文末落款日期）")
    penalty = _PENALTY.search(text)
    return CapturedDocument(
        text=text, document_number=number.group().strip(), decided_on=decided,
        kind="review" if "复议" in title else "penalty", title=title,
        procedure="simple" if ("简易程序" in text or "当场处罚决定书" in title) else "ordinary",
        penalties=[penalty.group(1).strip()] if penalty else [],
    )


def from_docx(path: Path) -> CapturedDocument:
    try:
        import docx
    except ImportError as exc:  # pragma: no cover - python-docx is a dependency
        raise DocumentError("未安装 python-docx，无法读取 DOCX") from exc
    try:
        open_archive(path, DOCUMENT_LIMITS, not_a_package="DOCX 文件无法打开：不是有效的 Office 文档").close()
    except ArchiveRefused as exc:
        raise DocumentError(str(exc)) from None
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for a broken package
        raise DocumentError(f"DOCX 文件无法打开：{type(exc).__name__}") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append("　".join(cell.text for cell in row.cells))
    return from_text("\n".join(paragraphs))


_PROCEDURES = {"ordinary": "ordinary", "普通": "ordinary", "普通程序": "ordinary",
               "simple": "simple", "简易": "simple", "简易程序": "simple", "当场": "simple", "当场处罚": "simple"}
_KINDS = {"penalty": "penalty", "行政处罚决定书": "penalty", "处罚": "penalty",
          "review": "review", "行政复议决定书": "review", "复议": "review"}
_ROLES = {"punished": "punished", "被处罚人": "punished", "违法行为人": "punished", "当事人": "punished",
          "申请人": "punished", "victim": "victim", "被侵害人": "victim", "witness": "witness", "证人": "witness",
          "other": "other", "其他": "other", "代理人": "other", "监护人": "other"}


def _date_field(record: dict, name: str, required: bool) -> dt.date | None:
    value = record.get(name)
    if not value:
        if required:
            raise DocumentError(f"缺少字段 {name}")
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise DocumentError(f"字段 {name} 不是日期（YYYY-MM-DD）：{value}") from None


def from_record(record: dict) -> CapturedDocument:
    """One JSON object: text plus structured fields; the fields win over what the text says."""
    if not isinstance(record, dict):
        raise DocumentError("JSON 中每份文书应为一个对象")
    text = record.get("text") or record.get("正文") or ""
    if not isinstance(text, str) or not text.strip():
        raise DocumentError("缺少字段 text（文书正文）")
    number = str(record.get("document_number") or record.get("文号") or "").strip()
    if not number:
        raise DocumentError("缺少字段 document_number（文号）")
    procedure = _PROCEDURES.get(str(record.get("procedure", "ordinary")).strip())
    if procedure is None:
        raise DocumentError(f"程序应为普通或简易（当场）：{record.get('procedure')}")
    kind = _KINDS.get(str(record.get("kind", "penalty")).strip())
    if kind is None:
        raise DocumentError(f"文书种类应为行政处罚决定书或行政复议决定书：{record.get('kind')}")
    raw_parties = record.get("parties") or []
    if not isinstance(raw_parties, list):
        raise DocumentError("字段 parties（当事人）应为列表")
    parties = []
    for party in raw_parties:
        if not isinstance(party, dict) or not str(party.get("name", "")).strip():
            raise DocumentError("当事人应有 name")
        role = _ROLES.get(str(party.get("role", "punished")).strip(), "other")
        parties.append({
            "role": role, "name": str(party["name"]).strip(), "id_number": str(party.get("id_number", "")).strip(),
            "birth_date": str(party.get("birth_date", "") or ""),
            "kind": "organisation" if party.get("kind") in ("organisation", "法人", "法人及非法人组织", "组织") else "natural",
        })
    penalties = record.get("penalties") or []
    if isinstance(penalties, str):
        penalties = [penalties]
    if not isinstance(penalties, list) or not all(isinstance(p, (str, int, float)) for p in penalties):
        raise DocumentError("字段 penalties（处罚内容）应为文字或文字的列表")
    raw_flags = record.get("flags") or {}
    if not isinstance(raw_flags, dict):
        raise DocumentError("字段 flags 应为对象，如 {\"minor\": true}")
    flags = {name: bool(raw_flags.get(name)) for name in ("minor", "secret", "privacy")}
    parsed_text = None
    title = str(record.get("title") or "").strip()
    if not title:
        parsed_text = parsed_text or _try_text(text)
        title = parsed_text.title if parsed_text else ("行政复议决定书" if kind == "review" else "行政处罚决定书")
    return CapturedDocument(
        text=text.replace("\r\n", "\n"), document_number=number, decided_on=_date_field(record, "decided_on", True),
        kind=kind, title=title, act_on=_date_field(record, "act_on", False), procedure=procedure,
        parties=parties, penalties=[str(p) for p in penalties], flags=flags,
        unit_name=str(record.get("unit") or ""),
    )


def _try_text(text: str) -> CapturedDocument | None:
    try:
        return from_text(text)
    except DocumentError:
        return None


def read_file(path: Path) -> list[CapturedDocument]:
    """Every document in one file (a JSON file may hold a list); raises DocumentError with the reason."""
    suffix = path.suffix.lower()
    if path.is_symlink():
        raise DocumentError("文件是符号链接，已拒绝（请放入文件本身）")
    if suffix not in SUFFIXES:
        raise DocumentError(f"不支持的文件类型“{suffix or '无扩展名'}”，应为 .txt、.docx 或 .json")
    size = path.lstat().st_size
    if size > MAX_BYTES:
        raise DocumentError(f"文件过大（{size} 字节，上限 {MAX_BYTES}）")
    if suffix == ".docx":
        return [from_docx(path)]
    try:
        text = decode_text(path.read_bytes())
    except UnreadableFile as exc:
        raise DocumentError(str(exc)) from None
    if suffix == ".txt":
        return [from_text(text)]
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"JSON 格式错误：第{exc.lineno}行第{exc.colno}列 {exc.msg}") from None
    except RecursionError:
        raise DocumentError("JSON 嵌套层数过多，不是文书数据，已拒绝") from None
    records = payload.get("documents", [payload]) if isinstance(payload, dict) else payload
    if not isinstance(records, list) or not records:
        raise DocumentError("JSON 中没有文书")
    return [from_record(record) for record in records]
