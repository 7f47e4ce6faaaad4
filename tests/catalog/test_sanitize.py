"""Item bodies: XSS and outside assets removed, formatting and tables kept, plain text for search."""

import pytest

from gongkai.catalog.sanitize import html_to_text, sanitize_body_html


@pytest.mark.parametrize("dirty", [
    "<script>alert(1)</script>",
    "<img src=/media/a.png onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt&#x3A;alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href=" vbscript:msgbox(1)">x</a>',
    "<svg onload=alert(1)><circle/></svg>",
    '<p style="width: expression(alert(1))">x</p>',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<iframe src="https://evil.example/"></iframe>',
    '<form action="https://evil.example/"><input name=q><button>提交</button></form>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<p onmouseover="alert(1)">悬停</p>',
    "<object data=x.swf></object><embed src=x.swf>",
    "<!--<img src=x onerror=alert(1)>-->",
    '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
])
def test_xss_vectors_are_neutralised(dirty):
    clean = sanitize_body_html(dirty).lower()
    for needle in ("<script", "onerror", "onload", "onmouseover", "javascript:", "vbscript:", "expression(", "<style",
                   "<iframe", "<form", "<input", "<svg", "<math", "data:", "<object", "<embed", "<base", "<meta", "<!--"):
        assert needle not in clean, (dirty, clean)


def test_safe_formatting_survives():
    html = "<h2>一、总体要求</h2><p><strong>加强</strong><em>交通</em><u>安全</u><br>管理</p><ol><li>一</li></ol><ul><li>二</li></ul><h4>小标题</h4>"
    assert sanitize_body_html(html) == html


def test_unlisted_tags_are_unwrapped_keeping_their_text():
    assert sanitize_body_html('<div class="x"><span style="color:red">正文</span><h1>大标题</h1></div>') == "正文大标题"


def test_tables_survive_with_spans():
    html = (
        '<table><thead><tr><th colspan="2" scope="col">项目</th></tr></thead>'
        '<tbody><tr><td rowspan="2">甲</td><td>1</td></tr><tr><td>2</td></tr></tbody></table>'
    )
    assert sanitize_body_html(html) == html


def test_bad_span_values_are_dropped():
    clean = sanitize_body_html('<table><tr><td colspan="9999">a</td><td rowspan="2 onclick=x">b</td><td colspan=" 3 ">c</td></tr></table>')
    assert clean == '<table><tbody><tr><td>a</td><td>b</td><td colspan="3">c</td></tr></tbody></table>'


@pytest.mark.parametrize("href", ["https://www.gov.cn/zhengce/", "http://example.org/a?b=1&c=2", "mailto:gongkai@example.gov.cn",
                                  "/items/123/", "../attachments/1.pdf", "#section-2"])
def test_allowed_links_get_noopener(href):
    clean = sanitize_body_html(f'<a href="{href}" target="_blank" onclick="x()">链接</a>')
    assert clean == f'<a href="{href.replace("&", "&amp;")}" rel="noopener noreferrer">链接</a>'


def test_images_from_our_media_are_kept():
    assert sanitize_body_html('<p><img src="/media/items/1.png" alt="示意图" width="9999"></p>') == (
        '<p><img src="/media/items/1.png" alt="示意图"></p>'
    )


@pytest.mark.parametrize("src", [
    "https://evil.example/track.gif", "http://evil.example/a.png", "//evil.example/a.png", "/\\evil.example/a.png",
    "/\t/evil.example/a.png", "data:image/png;base64,iVBORw0KGgo=", "javascript:alert(1)", "",
])
def test_outside_images_are_removed_entirely(src):
    assert sanitize_body_html(f'<p>前<img src="{src}" alt="外部">后</p>') == "<p>前后</p>"


def test_alt_text_cannot_break_out_of_the_attribute():
    clean = sanitize_body_html('<img src="/media/a.png" alt="a&quot; onerror=&quot;alert(1)>">')
    assert clean == '<img src="/media/a.png" alt="a&quot; onerror=&quot;alert(1)&gt;">'


def test_empty_and_plain_input():
    assert sanitize_body_html("") == ""
    assert sanitize_body_html("纯文本 & 符号") == "纯文本 &amp; 符号"


def test_text_has_one_line_per_block_and_decoded_entities():
    html = (
        "<h2>关于&ldquo;放管服&rdquo;改革的通知</h2>\n<p>各派出所：</p><p>现将&nbsp;有关事项\n通知如下&#65306;A&amp;B &amp;lt;</p>"
        "<ul><li>一、要求</li><li>二、时间</li></ul><p>第一行<br>第二行</p>"
        "<table><tr><th>姓名</th><th>职务</th></tr><tr><td>张三</td><td>所长</td></tr></table>"
        "<script>var secret = 1;</script><style>p{}</style>结尾"
    )
    assert html_to_text(html) == (
        "关于“放管服”改革的通知\n各派出所：\n现将 有关事项 通知如下：A&B &lt;\n一、要求\n二、时间\n第一行\n第二行\n姓名 职务\n张三 所长\n结尾"
    )


def test_text_of_empty_input():
    assert html_to_text("") == ""
    assert html_to_text("<p> </p><br><p>&nbsp;</p>") == ""
