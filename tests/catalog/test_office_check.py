"""Hidden-content checks on outgoing xlsx/docx attachments, on OOXML packages built here by hand."""

import io
import zipfile

import pytest

from gongkai.catalog import office_check
from gongkai.catalog.office_check import Finding, UnsafeFile, UnsupportedFile, check_office_file
from gongkai.intake.archives import ArchiveLimits

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def build_zip(parts: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def rels(*relationships: tuple[str, str, str] | tuple[str, str, str, str]) -> str:
    rows = []
    for rel in relationships:
        rel_id, rel_type, target = rel[:3]
        mode = ' TargetMode="External"' if len(rel) == 4 else ""
        rows.append(f'<Relationship Id="{rel_id}" Type="{REL}/{rel_type}" Target="{target}"{mode}/>')
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">{"".join(rows)}</Relationships>'


def content_types(main: str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/main" ContentType="{main}"/></Types>'
    )


def worksheet(rows: str = '<row r="1"><c r="A1" t="inlineStr"><is><t>公开</t></is></c></row>', cols: str = "",
              format_pr: str = "") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{format_pr}{cols}<sheetData>{rows}</sheetData></worksheet>'


def make_xlsx(sheets=(("Sheet1", None, None),), extra: dict | None = None, sheet_rels: dict | None = None,
              workbook_rels: tuple = (), main_type: str | None = None) -> bytes:
    """`sheets` are (name, state, worksheet xml or None for a plain one)."""
    sheet_rows = []
    relationships = []
    parts: dict[str, str | bytes] = {}
    for number, (name, state, xml) in enumerate(sheets, start=1):
        state_attr = f' state="{state}"' if state else ""
        sheet_rows.append(f'<sheet name="{name}" sheetId="{number}"{state_attr} r:id="rId{number}"/>')
        relationships.append((f"rId{number}", "worksheet", f"worksheets/sheet{number}.xml"))
        parts[f"xl/worksheets/sheet{number}.xml"] = xml or worksheet()
    parts["[Content_Types].xml"] = content_types(main_type) if main_type else content_types()
    parts["_rels/.rels"] = rels(("rId1", "officeDocument", "xl/workbook.xml"))
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
        f'<sheets>{"".join(sheet_rows)}</sheets></workbook>'
    )
    parts["xl/_rels/workbook.xml.rels"] = rels(*relationships, *workbook_rels)
    for number, xml in (sheet_rels or {}).items():
        parts[f"xl/worksheets/_rels/sheet{number}.xml.rels"] = xml
    parts.update(extra or {})
    return build_zip(parts)


def paragraph(inner: str) -> str:
    return f"<w:p>{inner}</w:p>"


def run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def word_part(root: str, body: str) -> str:
    inner = f"<w:body>{body}</w:body>" if root == "document" else body
    return f'<?xml version="1.0" encoding="UTF-8"?><w:{root} xmlns:w="{W}" xmlns:r="{REL}">{inner}</w:{root}>'


def make_docx(body: str = paragraph(run("关于开展交通安全宣传的通知")), extra: dict | None = None,
              document_rels: tuple = ()) -> bytes:
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": content_types("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
        "_rels/.rels": rels(("rId1", "officeDocument", "word/document.xml")),
        "word/document.xml": word_part("document", body),
    }
    if document_rels:
        parts["word/_rels/document.xml.rels"] = rels(*document_rels)
    parts.update(extra or {})
    return build_zip(parts)


def check(data: bytes, filename: str) -> list[Finding]:
    return check_office_file(io.BytesIO(data), filename)


def kinds(findings: list[Finding]) -> list[str]:
    return [finding.kind for finding in findings]


# --------------------------------------------------------------------------- file types and safety


def test_clean_workbook_and_document_have_no_findings():
    assert check(make_xlsx(), "名单.xlsx") == []
    assert check(make_docx(), "通知.DOCX") == []


def test_a_path_works_as_well_as_a_file_object(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(make_xlsx(sheets=(("名单", "hidden", None), ("Sheet1", None, None))))
    assert kinds(check_office_file(path, "a.xlsx")) == ["hidden_sheet"]
    assert kinds(check_office_file(str(path), "a.xlsx")) == ["hidden_sheet"]


def test_pdf_is_not_checked_here():
    assert check_office_file(io.BytesIO(b"%PDF-1.7 whatever"), "公告.pdf") == []


@pytest.mark.parametrize("filename", ["a.doc", "a.xls", "a.xlsm", "a.zip", "README"])
def test_other_types_are_unsupported(filename):
    with pytest.raises(UnsupportedFile, match="不支持"):
        check(make_xlsx(), filename)


def test_renamed_non_zip_is_refused():
    with pytest.raises(UnsafeFile, match="不是有效的 Office 文档"):
        check(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 an old binary .doc renamed", "通知.docx")


def test_truncated_zip_is_refused():
    data = make_xlsx()
    with pytest.raises(UnsafeFile):
        check(data[: len(data) // 2], "a.xlsx")


def test_content_not_matching_the_extension_is_refused():
    with pytest.raises(UnsafeFile, match="与扩展名不符"):
        check(make_docx(), "a.xlsx")
    with pytest.raises(UnsafeFile, match="与扩展名不符"):
        check(make_xlsx(), "a.docx")


def test_highly_compressed_member_is_refused_as_a_zip_bomb():
    bomb = make_xlsx(extra={"xl/media/padding.bin": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(UnsafeFile, match="压缩炸弹"):
        check(bomb, "a.xlsx")


def test_total_uncompressed_size_is_limited(monkeypatch):
    monkeypatch.setattr(office_check, "ATTACHMENT_LIMITS", ArchiveLimits(max_inflated=2000))
    with pytest.raises(UnsafeFile, match="压缩炸弹"):
        check(make_xlsx(extra={"xl/media/a.bin": bytes(range(256)) * 10}), "a.xlsx")


def test_member_count_is_limited(monkeypatch):
    monkeypatch.setattr(office_check, "ATTACHMENT_LIMITS", ArchiveLimits(max_members=10))
    parts = {f"xl/media/{number}.bin": b"x" for number in range(20)}
    with pytest.raises(UnsafeFile, match="部件过多"):
        check(make_xlsx(extra=parts), "a.xlsx")


def test_member_lying_about_its_size_is_refused():
    """A central directory that declares a small size cannot make us inflate more than that."""
    data = bytearray(make_docx(body=paragraph(run("正文" * 5000))))
    central = data.rfind(b"PK\x01\x02", 0, data.find(b"word/document.xml", data.find(b"PK\x01\x02")) + 1)
    data[central + 24:central + 28] = (100).to_bytes(4, "little")  # uncompressed size in the central directory
    with pytest.raises(UnsafeFile):
        check(bytes(data), "a.docx")


def test_entity_expansion_is_refused():
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
        f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    with pytest.raises(UnsafeFile, match="实体"):
        check(make_xlsx(sheets=(("Sheet1", None, laughs),)), "a.xlsx")


def test_malformed_xml_is_refused():
    with pytest.raises(UnsafeFile, match="不是格式正确的 XML"):
        check(make_docx(body="<w:p><w:r></w:p>"), "a.docx")


# --------------------------------------------------------------------------- xlsx


def test_hidden_and_very_hidden_sheets():
    findings = check(make_xlsx(sheets=(("Sheet1", None, None), ("名单", "hidden", None), ("底稿", "veryHidden", None))),
                     "a.xlsx")
    assert findings == [
        Finding("hidden_sheet", "名单", "工作表“名单”为隐藏工作表"),
        Finding("very_hidden_sheet", "底稿", "工作表“底稿”为深度隐藏工作表（在 Excel 界面中无法取消隐藏）"),
    ]
    assert all(finding.blocking for finding in findings)


def test_hidden_rows_are_reported_as_ranges():
    hidden = ' hidden="1"'
    rows = "".join(
        f'<row r="{number}"{hidden if number in (3, 4, 5, 12) else ""}><c r="A{number}"><v>{number}</v></c></row>'
        for number in range(1, 15)
    ) + '<row r="20" ht="0" customHeight="1"/>'
    findings = check(make_xlsx(sheets=(("Sheet1", None, worksheet(rows)),)), "a.xlsx")
    assert [(f.where, f.detail) for f in findings] == [
        ("Sheet1!3:5", "第3—5行被隐藏（工作表“Sheet1”）"),
        ("Sheet1!12", "第12行被隐藏（工作表“Sheet1”）"),
        ("Sheet1!20", "第20行被隐藏（工作表“Sheet1”）"),
    ]
    assert set(kinds(findings)) == {"hidden_row"}


def test_rows_hidden_by_default():
    xml = worksheet(format_pr='<sheetFormatPr defaultRowHeight="15" zeroHeight="1"/>')
    assert kinds(check(make_xlsx(sheets=(("Sheet1", None, xml),)), "a.xlsx")) == ["hidden_row"]


def test_hidden_columns():
    cols = '<cols><col min="1" max="1" width="9"/><col min="3" max="5" width="9" hidden="1"/><col min="28" max="28" width="0"/></cols>'
    findings = check(make_xlsx(sheets=(("身份证号", None, worksheet(cols=cols)),)), "a.xlsx")
    assert [(f.kind, f.where, f.detail) for f in findings] == [
        ("hidden_column", "身份证号!C:E", "C—E列被隐藏（工作表“身份证号”）"),
        ("hidden_column", "身份证号!AB", "AB列被隐藏（工作表“身份证号”）"),
    ]


def test_huge_sheet_is_streamed_and_a_late_hidden_row_found():
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="B{n}"><v>{n}</v></c></row>' for n in range(1, 60_000))
    rows += '<row r="60000" hidden="1"><c r="A60000"><v>1</v></c></row>'
    findings = check(make_xlsx(sheets=(("Sheet1", None, worksheet(rows)),)), "a.xlsx")
    assert [f.where for f in findings] == ["Sheet1!60000"]


def test_findings_per_kind_are_capped_with_a_summary():
    rows = "".join(f'<row r="{n}" hidden="1"/>' for n in range(2, 400, 2))  # 199 separate hidden rows
    findings = check(make_xlsx(sheets=(("Sheet1", None, worksheet(rows)),)), "a.xlsx")
    assert len(findings) == office_check.MAX_FINDINGS_PER_KIND + 1
    assert findings[-1].detail == f"另有 {199 - office_check.MAX_FINDINGS_PER_KIND} 处同类问题未逐一列出。"


def test_notes_and_threaded_comments_are_merged_by_cell():
    legacy = (
        f'<?xml version="1.0" encoding="UTF-8"?><comments xmlns="{MAIN}"><authors><author>张三</author></authors>'
        '<commentList><comment ref="B2" authorId="0"><text><t>[Threaded comment] 此人已撤案</t></text></comment>'
        '<comment ref="C5" authorId="0"><text><r><t>内部</t></r><r><t>备注</t></r></text></comment></commentList></comments>'
    )
    threaded = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">'
        '<threadedComment ref="B2" id="{1}"><text>此人已撤案</text></threadedComment></ThreadedComments>'
    )
    xlsx = make_xlsx(
        sheet_rels={1: rels(("rId1", "comments", "../comments1.xml"),
                            ("rId2", "threadedComment", "../threadedComments/threadedComment1.xml"))},
        extra={"xl/comments1.xml": legacy, "xl/threadedComments/threadedComment1.xml": threaded},
    )
    findings = check(xlsx, "a.xlsx")
    assert [(f.kind, f.where, f.detail) for f in findings] == [
        ("comment", "Sheet1!B2", "单元格B2有批注：“此人已撤案”（工作表“Sheet1”）"),
        ("comment", "Sheet1!C5", "单元格C5有批注：“内部备注”（工作表“Sheet1”）"),
    ]


def test_external_workbook_link_and_data_connection():
    link = f'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="{MAIN}"><externalBook r:id="rId1" xmlns:r="{REL}"/></externalLink>'
    xlsx = make_xlsx(
        workbook_rels=(("rId9", "externalLink", "externalLinks/externalLink1.xml"),),
        extra={
            "xl/externalLinks/externalLink1.xml": link,
            "xl/externalLinks/_rels/externalLink1.xml.rels": rels(("rId1", "externalLinkPath", "file:///C:/内部/在逃人员.xlsx", "External")),
            "xl/connections.xml": f'<connections xmlns="{MAIN}"/>',
        },
    )
    findings = check(xlsx, "a.xlsx")
    assert kinds(findings) == ["external_link", "external_link"]
    assert "file:///C:/内部/在逃人员.xlsx" in findings[0].detail
    assert findings[0].where == "xl/externalLinks/externalLink1.xml"


def test_hyperlinks_are_not_external_links():
    xlsx = make_xlsx(sheet_rels={1: rels(("rId1", "hyperlink", "https://www.gov.cn/", "External"))})
    assert check(xlsx, "a.xlsx") == []


def test_macros_by_part_and_by_content_type():
    with_vba = make_xlsx(extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 vba"})
    assert kinds(check(with_vba, "a.xlsx")) == ["macro"]
    declared = make_xlsx(main_type="application/vnd.ms-excel.sheet.macroEnabled.main+xml")
    findings = check(declared, "a.xlsx")
    assert kinds(findings) == ["macro"] and ".xlsm" in findings[0].detail


def test_embedded_object_in_workbook():
    findings = check(make_xlsx(extra={"xl/embeddings/oleObject1.bin": b"ole"}), "a.xlsx")
    assert [(f.kind, f.where) for f in findings] == [("embedded_object", "xl/embeddings/oleObject1.bin")]


def test_document_properties_are_reported_but_do_not_block():
    core = (
        '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>名单</dc:title><dc:creator>李四</dc:creator>'
        "<cp:lastModifiedBy>王五</cp:lastModifiedBy><dc:description/></cp:coreProperties>"
    )
    app = (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Company>某某市公安局刑侦支队</Company><Application>Microsoft Excel</Application></Properties>"
    )
    findings = check(make_xlsx(extra={"docProps/core.xml": core, "docProps/app.xml": app}), "a.xlsx")
    assert [f.detail for f in findings] == [
        "文档属性“作者”为“李四”，发布前请确认是否需要清除。",
        "文档属性“最后修改者”为“王五”，发布前请确认是否需要清除。",
        "文档属性“单位”为“某某市公安局刑侦支队”，发布前请确认是否需要清除。",
    ]
    assert set(kinds(findings)) == {"document_properties"}
    assert not any(finding.blocking for finding in findings)


def test_strict_ooxml_namespaces_are_understood():
    strict = "http://purl.oclc.org/ooxml/spreadsheetml/main"
    xlsx = make_xlsx(sheets=(("Sheet1", None, worksheet('<row r="2" hidden="true"/>').replace(MAIN, strict)),))
    assert kinds(check(xlsx, "a.xlsx")) == ["hidden_row"]


# --------------------------------------------------------------------------- docx


def test_comments_with_content():
    comments = word_part("comments", (
        '<w:comment w:id="0" w:author="张三">' + paragraph(run("此处涉及未公开信息")) + "</w:comment>"
        '<w:comment w:id="1" w:author="李四">' + paragraph("") + "</w:comment>"
    ))
    findings = check(make_docx(extra={"word/comments.xml": comments}), "a.docx")
    assert [(f.kind, f.where, f.detail) for f in findings] == [
        ("comment", "word/comments.xml#0", "文档有批注（作者“张三”）：“此处涉及未公开信息”"),
    ]


def test_tracked_changes_in_body_and_header():
    body = paragraph(
        run("经研究，")
        + '<w:ins w:id="1" w:author="张三">' + run("同意") + "</w:ins>"
        + '<w:del w:id="2" w:author="张三"><w:r><w:delText>嫌疑人王某某</w:delText></w:r></w:del>'
    ) + paragraph('<w:moveFrom w:id="3">' + run("甲") + "</w:moveFrom>") + paragraph('<w:moveTo w:id="4">' + run("甲") + "</w:moveTo>")
    header = word_part("hdr", paragraph('<w:ins w:id="5">' + run("内部") + "</w:ins>"))
    findings = check(make_docx(body=body, extra={"word/header1.xml": header}), "a.docx")
    assert [(f.kind, f.where) for f in findings] == [("tracked_change", "word/document.xml"), ("tracked_change", "word/header1.xml")]
    assert findings[0].detail == "正文中有未接受的修订痕迹（插入1处、删除1处、移出1处、移入1处），被删除的文字仍在文件中：“嫌疑人王某某”"
    assert findings[1].detail == "页眉中有未接受的修订痕迹（插入1处）"


def test_hidden_text_by_run_property_and_by_style():
    styles = word_part("styles", (
        '<w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style>'
        '<w:style w:type="character" w:styleId="SecretChild"><w:basedOn w:val="Secret"/></w:style>'
        '<w:style w:type="character" w:styleId="Plain"><w:rPr><w:b/></w:rPr></w:style>'
    ))
    body = paragraph(
        run("公开内容")
        + run("身份证号110101", "<w:vanish/>")
        + run("显示", '<w:vanish w:val="0"/>')
        + run("住址", '<w:rStyle w:val="SecretChild"/>')
        + run("加粗", '<w:rStyle w:val="Plain"/>')
    ) + paragraph('<w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr>' + run("段落标记隐藏不算"))
    findings = check(make_docx(body=body, extra={"word/styles.xml": styles}), "a.docx")
    assert [(f.kind, f.detail) for f in findings] == [("hidden_text", "正文中有2处隐藏文字：“身份证号110101住址”")]


def test_hidden_text_in_a_hidden_paragraph_style():
    styles = word_part("styles", '<w:style w:type="paragraph" w:styleId="Hidden"><w:rPr><w:vanish/></w:rPr></w:style>')
    body = paragraph('<w:pPr><w:pStyle w:val="Hidden"/></w:pPr>' + run("隐藏段落")) + paragraph(run("正常段落"))
    findings = check(make_docx(body=body, extra={"word/styles.xml": styles}), "a.docx")
    assert [f.detail for f in findings] == ["正文中有1处隐藏文字：“隐藏段落”"]


def test_embedded_object_and_linked_template_in_document():
    docx = make_docx(
        document_rels=(("rId1", "oleObject", "embeddings/oleObject1.bin"),
                       ("rId2", "hyperlink", "https://www.gov.cn/", "External")),
        extra={
            "word/embeddings/oleObject1.bin": b"ole",
            "word/_rels/settings.xml.rels": rels(("rId1", "attachedTemplate", "file:///C:/Users/张三/模板.dotm", "External")),
        },
    )
    findings = check(docx, "a.docx")
    assert kinds(findings) == ["embedded_object", "external_link"]
    assert "张三" in findings[1].detail and findings[1].where == "word/settings.xml"


def test_macro_in_document():
    assert kinds(check(make_docx(extra={"word/vbaProject.bin": b"vba"}), "a.docx")) == ["macro"]
