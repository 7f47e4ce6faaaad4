"""Checking outgoing xlsx/docx attachments for hidden content, so nothing is published that a reviewer did not see."""

from __future__ import annotations

import os
import posixpath
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from gongkai.intake.archives import ArchiveLimits, ArchiveRefused, check_archive

# An attachment is a document, never a way to exhaust the server: the package limits are intake's.
ATTACHMENT_LIMITS = ArchiveLimits(what="文件")
MAX_FINDINGS_PER_KIND = 50  # beyond this one summary finding says how many more there are
EXCERPT_CHARS = 40

KINDS = (
    "hidden_sheet", "very_hidden_sheet", "hidden_row", "hidden_column", "comment", "tracked_change",
    "hidden_text", "document_properties", "external_link", "macro", "embedded_object",
)
# Author and company names are shown to the reviewer but do not block: nearly every file has them,
# and whether "张三" in dc:creator matters is the reviewer's call, not ours.
INFO_KINDS = frozenset({"document_properties"})

CHECKED_EXTENSIONS = (".xlsx", ".docx")
PASSED_EXTENSIONS = (".pdf",)  # PDF checks (JavaScript, attachments, hidden layers) are out of scope here


@dataclass(frozen=True)
class Finding:
    kind: str
    where: str  # a locator for the reviewer: "名单" (a sheet), "Sheet1!12:14", "Sheet1!B2", or a part such as "word/document.xml"
    detail: str  # a Chinese sentence for the reviewer

    @property
    def blocking(self) -> bool:
        """Whether this finding holds the attachment back until someone clears it."""
        return self.kind not in INFO_KINDS


class UnsupportedFile(ValueError):
    """The attachment type is one we do not check."""


class UnsafeFile(ValueError):
    """The file is malformed or built to exhaust the server (zip bomb, entity expansion); it must not be published."""


def check_office_file(fileobj_or_path, filename: str) -> list[Finding]:
    """Everything hidden in an xlsx/docx attachment; [] for a PDF (not checked here). Chosen by `filename`'s extension."""
    extension = os.path.splitext(filename or "")[1].lower()
    if extension in PASSED_EXTENSIONS:
        return []
    if extension not in CHECKED_EXTENSIONS:
        shown = extension or "（无扩展名）"
        raise UnsupportedFile(f"不支持检查“{shown}”类型的附件：仅支持 .xlsx、.docx（以及不作检查的 .pdf）。")
    try:
        archive = zipfile.ZipFile(fileobj_or_path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as error:
        raise UnsafeFile("文件不是有效的 Office 文档：可能已损坏、已加密，或扩展名被改动。") from error
    with archive:
        package = _Package(archive)
        try:
            if extension == ".xlsx":
                return _check_xlsx(package)
            return _check_docx(package)
        except (zipfile.BadZipFile, zlib.error, EOFError, zipfile.LargeZipFile, NotImplementedError) as error:
            # CRC errors, truncated members, unsupported compression: the archive lied about its content.
            raise UnsafeFile("文件已损坏：压缩包中的内容无法完整读取。") from error


# --------------------------------------------------------------------------- package access


def _local(tag: str) -> str:
    """Local name of an XML tag; namespaces differ between transitional and strict OOXML, names do not."""
    return tag.rsplit("}", 1)[-1]


def _attr(element: Element, name: str, default: str | None = None) -> str | None:
    """An attribute by local name, whatever its namespace prefix (r:id, w:val, ...)."""
    if name in element.attrib:
        return element.attrib[name]
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return default


def _is_on(value: str | None) -> bool:
    """OOXML booleans: "1", "true", "on" (and a bare toggle element, which has no value) mean on."""
    return value is None or value.strip().lower() in ("1", "true", "on")


def _excerpt(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS] + "…"


class _Package:
    """The zip, vetted once for bombs; parts are then read streaming and without DTDs."""

    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        try:
            infos = check_archive(archive, ATTACHMENT_LIMITS)
        except ArchiveRefused as exc:
            raise UnsafeFile(str(exc)) from None
        self.names = [info.filename for info in infos if not info.is_dir()]
        self._name_set = set(self.names)

    def has(self, name: str) -> bool:
        return name in self._name_set

    def matching(self, pattern: str) -> list[str]:
        regex = re.compile(pattern, re.IGNORECASE)
        return sorted(name for name in self.names if regex.fullmatch(name))

    def iter_xml(self, name: str) -> Iterator[tuple[str, Element, list[Element]]]:
        """(event, element, open ancestors) for `name`, streaming; the caller may detach finished elements to bound memory."""
        stack: list[Element] = []
        try:
            with self.archive.open(name) as stream:
                for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
                    if event == "start":
                        yield event, element, stack
                        stack.append(element)
                    else:
                        stack.pop()
                        yield event, element, stack
        except DefusedXmlException as error:
            raise UnsafeFile(f"部件“{name}”含有 DTD 或实体声明，可能是实体膨胀攻击，已拒绝。") from error
        except ParseError as error:
            raise UnsafeFile(f"部件“{name}”不是格式正确的 XML，文件已损坏。") from error

    def read_tree(self, name: str) -> Element:
        """A whole small part (workbook, rels, properties) as a tree."""
        root = None
        for event, element, stack in self.iter_xml(name):
            if event == "end" and not stack:
                root = element
        assert root is not None
        return root

    def relationships(self, part: str) -> list[dict[str, str]]:
        """The part's relationships with targets resolved to package names (external targets left as written)."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return []
        result = []
        for element in self.read_tree(rels_name):
            if _local(element.tag) != "Relationship":
                continue
            target = element.get("Target", "")
            external = element.get("TargetMode", "").lower() == "external"
            if not external:
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            result.append({
                "id": element.get("Id", ""), "type": element.get("Type", "").rsplit("/", 1)[-1],
                "target": target, "external": "1" if external else "",
            })
        return result


class _Findings:
    """Collects findings, capping each kind so a sheet with 100 000 hidden rows yields a readable list."""

    def __init__(self):
        self.items: list[Finding] = []
        self.overflow: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()

    def add(self, kind: str, where: str, detail: str) -> None:
        assert kind in KINDS, kind
        self.counts[kind] += 1
        if self.counts[kind] > MAX_FINDINGS_PER_KIND:
            self.overflow[kind] += 1
        else:
            self.items.append(Finding(kind, where, detail))

    def result(self) -> list[Finding]:
        items = list(self.items)
        for kind, extra in self.overflow.items():
            items.append(Finding(kind, "", f"另有 {extra} 处同类问题未逐一列出。"))
        return items


# --------------------------------------------------------------------------- shared checks

_MACRO_CONTENT_TYPE = re.compile(r"macroEnabled", re.IGNORECASE)


def _check_package_wide(package: _Package, findings: _Findings, main_folder: str) -> None:
    """Macros, embedded objects, external references and properties: the same in both formats."""
    for name in package.names:
        if posixpath.basename(name).lower() in ("vbaproject.bin", "vbadata.xml"):
            findings.add("macro", name, f"文件中含有宏代码（{name}），可能会自动运行。")
    if package.has("[Content_Types].xml"):
        for element in package.read_tree("[Content_Types].xml"):
            content_type = element.get("ContentType", "")
            if _MACRO_CONTENT_TYPE.search(content_type) and not any(f.kind == "macro" for f in findings.items):
                findings.add("macro", "[Content_Types].xml", "文件声明为启用宏的格式（如 .xlsm/.docm），只是扩展名被改为普通格式。")
    for name in package.matching(rf"{main_folder}/(embeddings|activeX)/[^/]+"):
        if name.lower().endswith(".rels"):
            continue
        findings.add("embedded_object", name, f"文件中嵌入了对象“{posixpath.basename(name)}”，其内容不会显示在正文中。")

    for rels_name in package.matching(r"(.*/)?_rels/[^/]+\.rels"):
        folder = posixpath.dirname(posixpath.dirname(rels_name))
        part = posixpath.join(folder, posixpath.basename(rels_name)[: -len(".rels")])
        for rel in package.relationships(part):
            if rel["external"] and rel["type"] != "hyperlink":
                findings.add("external_link", part, f"文件引用了外部文件或地址“{_excerpt(rel['target'])}”，可能泄露内部路径或缓存其内容。")

    _check_properties(package, findings)


_PERSON_PROPERTIES = {
    "creator": "作者", "lastModifiedBy": "最后修改者", "Manager": "经理", "Company": "单位", "description": "备注",
}


def _check_properties(package: _Package, findings: _Findings) -> None:
    for part in ("docProps/core.xml", "docProps/app.xml"):
        if not package.has(part):
            continue
        for element in package.read_tree(part).iter():
            label = _PERSON_PROPERTIES.get(_local(element.tag))
            value = (element.text or "").strip()
            if label and value:
                findings.add("document_properties", part, f"文档属性“{label}”为“{_excerpt(value)}”，发布前请确认是否需要清除。")
    if package.has("docProps/custom.xml"):
        names = [_attr(element, "name") for element in package.read_tree("docProps/custom.xml") if _attr(element, "name")]
        if names:
            shown = "、".join(names[:5]) + ("等" if len(names) > 5 else "")
            findings.add("document_properties", "docProps/custom.xml", f"文档含有自定义属性（{shown}），发布前请确认是否需要清除。")


# --------------------------------------------------------------------------- xlsx


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def _ranges(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs in sorted numbers, so rows 12–400 are one finding, not 389."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        elif not runs or number > runs[-1][1]:
            runs.append((number, number))
    return runs


def _check_xlsx(package: _Package) -> list[Finding]:
    if not package.has("xl/workbook.xml"):
        raise UnsafeFile("文件内容不是 Excel 工作簿（.xlsx），与扩展名不符。")
    findings = _Findings()
    relationships = {rel["id"]: rel for rel in package.relationships("xl/workbook.xml")}
    for element in package.read_tree("xl/workbook.xml").iter():
        if _local(element.tag) != "sheet":
            continue
        sheet_name = element.get("name", "")
        state = (element.get("state") or "visible").lower()
        if state == "hidden":
            findings.add("hidden_sheet", sheet_name, f"工作表“{sheet_name}”为隐藏工作表")
        elif state == "veryhidden":
            findings.add("very_hidden_sheet", sheet_name, f"工作表“{sheet_name}”为深度隐藏工作表（在 Excel 界面中无法取消隐藏）")
        rel = relationships.get(_attr(element, "id") or "")
        if rel and not rel["external"] and package.has(rel["target"]) and rel["type"] == "worksheet":
            _check_worksheet(package, rel["target"], sheet_name, findings)
    _check_package_wide(package, findings, "xl")
    for name in package.matching(r"xl/externalLinks/externalLink\d*\.xml"):
        if not any(f.kind == "external_link" and f.where == name for f in findings.items):
            findings.add("external_link", name, "工作簿链接了外部工作簿，文件中可能缓存了其数据。")
    if package.has("xl/connections.xml"):
        findings.add("external_link", "xl/connections.xml", "工作簿含有外部数据连接（数据库、网页或其他文件）。")
    return findings.result()


def _check_worksheet(package: _Package, part: str, sheet_name: str, findings: _Findings) -> None:
    hidden_rows: list[int] = []
    hidden_columns: list[tuple[int, int]] = []
    rows_hidden_by_default = False
    row_number = 0
    for event, element, stack in package.iter_xml(part):
        if event != "end":
            continue
        name = _local(element.tag)
        if name == "row":
            row_number = int(element.get("r") or row_number + 1)
            height = element.get("ht")
            if _is_on(element.get("hidden", "0")) or (height is not None and _is_zero(height)):
                hidden_rows.append(row_number)
            if stack:
                stack[-1].remove(element)  # a finished row is never needed again: keep memory flat on huge sheets
        elif name == "col":
            width = element.get("width")
            if _is_on(element.get("hidden", "0")) or (width is not None and _is_zero(width)):
                hidden_columns.append((int(element.get("min", "1")), int(element.get("max", element.get("min", "1")))))
        elif name == "sheetFormatPr" and _is_on(element.get("zeroHeight", "0")):
            rows_hidden_by_default = True
    if rows_hidden_by_default:
        findings.add("hidden_row", sheet_name, f"工作表“{sheet_name}”中未单独设置行高的行均被隐藏")
    for first, last in _ranges(sorted(set(hidden_rows))):
        label = f"第{first}行" if first == last else f"第{first}—{last}行"
        where = f"{sheet_name}!{first}" if first == last else f"{sheet_name}!{first}:{last}"
        findings.add("hidden_row", where, f"{label}被隐藏（工作表“{sheet_name}”）")
    for first, last in hidden_columns:
        letters = _column_letters(first) if first == last else f"{_column_letters(first)}:{_column_letters(last)}"
        label = f"{_column_letters(first)}列" if first == last else f"{_column_letters(first)}—{_column_letters(last)}列"
        findings.add("hidden_column", f"{sheet_name}!{letters}", f"{label}被隐藏（工作表“{sheet_name}”）")
    _check_sheet_comments(package, part, sheet_name, findings)


def _is_zero(number: str) -> bool:
    try:
        return float(number) == 0
    except ValueError:
        return False


def _check_sheet_comments(package: _Package, sheet_part: str, sheet_name: str, findings: _Findings) -> None:
    """Notes and threaded comments by cell; Excel writes both for one threaded comment, so cells are merged."""
    texts: dict[str, str] = {}
    for rel in package.relationships(sheet_part):
        if rel["external"] or not package.has(rel["target"]) or rel["type"] not in ("comments", "threadedComment"):
            continue
        for event, element, stack in package.iter_xml(rel["target"]):
            if event == "end" and _local(element.tag) in ("comment", "threadedComment"):
                ref = element.get("ref", "")
                text = "".join(element.itertext())
                if rel["type"] == "threadedComment" or ref not in texts:
                    texts[ref] = text
                if stack:
                    stack[-1].remove(element)
    for ref, text in texts.items():
        findings.add("comment", f"{sheet_name}!{ref}", f"单元格{ref}有批注：“{_excerpt(text)}”（工作表“{sheet_name}”）")


# --------------------------------------------------------------------------- docx

_CHANGE_LABELS = {
    "ins": "插入", "del": "删除", "moveFrom": "移出", "moveTo": "移入", "rPrChange": "格式修改", "pPrChange": "段落格式修改",
}
_DOCX_STORY_PARTS = r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml"
_PART_LABELS = {"document": "正文", "header": "页眉", "footer": "页脚", "footnotes": "脚注", "endnotes": "尾注"}


def _part_label(name: str) -> str:
    stem = re.sub(r"\d+$", "", posixpath.basename(name)[: -len(".xml")])
    return _PART_LABELS.get(stem, name)


def _check_docx(package: _Package) -> list[Finding]:
    if not package.has("word/document.xml"):
        raise UnsafeFile("文件内容不是 Word 文档（.docx），与扩展名不符。")
    findings = _Findings()
    hidden_styles = _hidden_styles(package)
    for part in package.matching(_DOCX_STORY_PARTS):
        _check_story(package, part, hidden_styles, findings)
    if package.has("word/comments.xml"):
        for event, element, stack in package.iter_xml("word/comments.xml"):
            if event == "end" and _local(element.tag) == "comment":
                text = "".join(t.text or "" for t in element.iter() if _local(t.tag) == "t").strip()
                if text:
                    author = _attr(element, "author") or "未署名"
                    findings.add("comment", f"word/comments.xml#{_attr(element, 'id') or ''}",
                                 f"文档有批注（作者“{_excerpt(author)}”）：“{_excerpt(text)}”")
                if stack:
                    stack[-1].remove(element)
    _check_package_wide(package, findings, "word")
    return findings.result()


def _hidden_styles(package: _Package) -> set[str]:
    """Style ids whose run properties hide text, following basedOn so a child of a hidden style counts too."""
    if not package.has("word/styles.xml"):
        return set()
    based_on: dict[str, str] = {}
    vanish: dict[str, bool] = {}
    for element in package.read_tree("word/styles.xml"):
        if _local(element.tag) != "style":
            continue
        style_id = _attr(element, "styleId") or ""
        for child in element.iter():
            name = _local(child.tag)
            if name == "basedOn":
                based_on[style_id] = _attr(child, "val") or ""
            elif name == "vanish":
                vanish[style_id] = _is_on(_attr(child, "val"))
    hidden = set()
    for style_id in set(based_on) | set(vanish):
        current, seen = style_id, set()
        while current and current not in vanish and current not in seen:
            seen.add(current)
            current = based_on.get(current, "")
        if vanish.get(current):
            hidden.add(style_id)
    return hidden


def _check_story(package: _Package, part: str, hidden_styles: set[str], findings: _Findings) -> None:
    """Revisions and hidden runs in one story (body, a header, a footer, notes), streaming paragraph by paragraph."""
    changes: Counter[str] = Counter()
    deleted_text: list[str] = []
    hidden_text: list[str] = []
    hidden_runs = 0
    paragraph_style = ""
    for event, element, stack in package.iter_xml(part):
        name = _local(element.tag)
        if event == "start":
            if name == "p":
                paragraph_style = ""
            continue
        if name in _CHANGE_LABELS:
            changes[name] += 1
        elif name == "pStyle":
            paragraph_style = _attr(element, "val") or ""
        elif name == "delText" and sum(len(t) for t in deleted_text) < 200:
            deleted_text.append(element.text or "")
        elif name == "r":
            if _run_is_hidden(element, paragraph_style, hidden_styles):
                hidden_runs += 1
                if sum(len(t) for t in hidden_text) < 200:
                    hidden_text.append("".join(t.text or "" for t in element if _local(t.tag) in ("t", "delText")))
            if stack:
                stack[-1].remove(element)
        elif name == "p" and stack:
            stack[-1].remove(element)
    label = _part_label(part)
    if changes:
        summary = "、".join(f"{_CHANGE_LABELS[kind]}{count}处" for kind, count in changes.items())
        detail = f"{label}中有未接受的修订痕迹（{summary}）"
        if "".join(deleted_text).strip():
            detail += f"，被删除的文字仍在文件中：“{_excerpt(''.join(deleted_text))}”"
        findings.add("tracked_change", part, detail)
    if hidden_runs:
        text = "".join(hidden_text).strip()
        shown = f"：“{_excerpt(text)}”" if text else ""
        findings.add("hidden_text", part, f"{label}中有{hidden_runs}处隐藏文字{shown}")


def _run_is_hidden(run: Element, paragraph_style: str, hidden_styles: set[str]) -> bool:
    """A run's own w:vanish wins; otherwise its character style, then its paragraph's style, decide."""
    character_style = ""
    for child in run:
        if _local(child.tag) != "rPr":
            continue
        for prop in child:
            prop_name = _local(prop.tag)
            if prop_name == "vanish":
                return _is_on(_attr(prop, "val"))
            if prop_name == "rStyle":
                character_style = _attr(prop, "val") or ""
    return character_style in hidden_styles or paragraph_style in hidden_styles
