"""Build-time WordprocessingML for the browser (export/fragments.py): base parts, blocks, sections.

The browser's documents are put together from these pieces, so they must be
the build's own: the same parts as a build-time .docx, heading paragraphs
that the writer made, sections cut where the page's h2–h4 sections end.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import docx
import markdown
import pytest

from export.fragments import (
    base_data,
    docx_bytes,
    fragment_path,
    page_data,
    page_headings,
    read_parts,
    script,
    split_document,
    write_site_fragments,
)
from export.markdown_to_docx import html_to_docx

PAGE_MD = """# 某某小学工会2016年工作总结

2016年，【单位名称】工会在上级工会的领导下，扎实开展各项工作。

## 使用说明

这一节只在网页上。

## 一、加强师德建设

### （一）组织政治学习

全年组织集中学习【数字】次。

### （二）开展主题活动

三月举办演讲比赛。

## 二、维护职工权益

| 项目 | 人次 |
|---|---|
| 体检 | 86 |

## 三、存在的不足

个别活动参与面不广。
"""


@pytest.fixture(scope="module")
def base():
    return base_data()


@pytest.fixture(scope="module")
def page(base):
    html = markdown.markdown(PAGE_MD, extensions=["tables", "toc"])
    built = docx_bytes(html_to_docx(html, "某某小学工会2016年工作总结"))
    return page_data(built, page_headings(html), "examples/school/x/", "某某小学工会2016年工作总结",
                     base["parts"], base["headingStyles"]), built


def test_base_parts_are_those_of_a_built_document(base, page):
    built = read_parts(page[1])
    assert set(base["parts"]) == set(built) - {"word/document.xml"}
    for name in ("word/styles.xml", "word/footer1.xml", "word/fontTable.xml", "word/settings.xml"):
        assert base["parts"][name] == built[name].decode("utf-8"), name
    head, _body, tail = split_document(built["word/document.xml"])
    assert (base["head"], base["tail"]) == (head, tail)
    assert "w:pgMar" in base["tail"] and base["head"].endswith("<w:body>")


def test_base_heading_paragraphs_carry_each_levels_font(base):
    fonts = {level: re.search(r'w:eastAsia="([^"]+)"', xml).group(1) for level, xml in base["headings"].items()}
    assert fonts == {1: "黑体", 2: "楷体_GB2312", 3: "仿宋_GB2312", 4: "仿宋_GB2312"}
    for level, xml in base["headings"].items():
        assert xml.count(base["headingMark"]) == 1 and f'w:val="Heading{level}"' in xml
    assert base["title"][0].count(base["titleMark"]) == 1 and "方正小标宋简体" in base["title"][0]


def test_page_blocks_sections_and_lead(page):
    data, _ = page
    texts = [b["t"] for b in data["blocks"]]
    assert texts[0] == "某某小学工会2016年工作总结" and data["blocks"][0].get("title")
    lead = texts[data["lead"][0]:data["lead"][1]]
    assert lead == ["2016年，【单位名称】工会在上级工会的领导下，扎实开展各项工作。"]
    ids = {texts[start]: (start, end) for start, end in data["sections"].values()}
    assert "使用说明" not in texts  # left out of the document: no section, no button
    one = ids["一、加强师德建设"]
    assert texts[one[0]:one[1]] == ["一、加强师德建设", "（一）组织政治学习", "全年组织集中学习【数字】次。",
                                    "（二）开展主题活动", "三月举办演讲比赛。"]
    sub = ids["（一）组织政治学习"]
    assert texts[sub[0]:sub[1]] == ["（一）组织政治学习", "全年组织集中学习【数字】次。"]
    two = ids["二、维护职工权益"]
    assert texts[two[0]:two[1]][1] == "项目\t人次\n体检\t86"
    assert [data["blocks"][i].get("h") for i in (one[0], sub[0], two[0])] == [1, 2, 1]
    html = markdown.markdown(PAGE_MD, extensions=["tables", "toc"])
    kept = [hid for level, hid, text in page_headings(html) if level > 1 and text != "使用说明"]
    assert sorted(data["sections"]) == sorted(kept) and len(kept) == 5


def test_blocks_put_back_together_are_the_document(base, page):
    data, built = page
    xml = base["head"] + "".join(b["x"] for b in data["blocks"]) + base["tail"]
    files = {name: (value.encode("utf-8") if isinstance(value, str) else None)
             for name, value in base["parts"].items()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, value in read_parts(built).items():
            zf.writestr(name, xml.encode("utf-8") if name == "word/document.xml" else (files.get(name) or value))
    again = docx.Document(io.BytesIO(buffer.getvalue()))
    original = docx.Document(io.BytesIO(built))
    assert [(p.style.name, p.text) for p in again.paragraphs] == [(p.style.name, p.text) for p in original.paragraphs]


def test_script_is_safe_inside_a_script_tag():
    text = script({"t": "</script><script>alert(1)</script>\u2028"}, "page")
    assert "</script>" not in text and "\u2028" not in text
    payload = text[text.index('["page",') + 8:text.index("]);")]
    assert json.loads(payload.replace("<\\/", "</")) == {"t": "</script><script>alert(1)</script>\u2028"}


def test_write_site_fragments(tmp_path, page):
    data, built = page
    (tmp_path / "examples/school").mkdir(parents=True)
    (tmp_path / "examples/school/x.docx").write_bytes(built)
    html = markdown.markdown(PAGE_MD, extensions=["tables", "toc"])
    pages = [{"docx": "examples/school/x.docx", "url": "examples/school/x/", "title": "t",
              "headings": page_headings(html)},
             {"docx": "examples/school/missing.docx", "url": "m/", "title": "m", "headings": []}]
    assert write_site_fragments(tmp_path, pages) == 1
    assert (tmp_path / "assets/javascripts/draft-base.js").read_text(encoding="utf-8").startswith("(window.draftData")
    assert (tmp_path / fragment_path("examples/school/x.docx")).is_file()
    assert fragment_path("a/b.docx") == "a/b.draft.js"


def test_fast_cut_agrees_with_lxml():
    from export.fragments import DEFAULT_STYLES, _blocks_lxml, document_blocks
    md = PAGE_MD + """
## 四、其他

第一行<br>第二行，含 & < > " 等符号，**加粗**和普通。

1. 甲
    1. 乙

| 月份 | 活动 |
|---|---|
| 3月 | 【活动名称】<br>第二行 |
"""
    built = docx_bytes(html_to_docx(markdown.markdown(md, extensions=["tables", "toc", "sane_lists"]), "标题"))
    _head, body, _tail = split_document(read_parts(built)["word/document.xml"])
    fast, slow = document_blocks(built), _blocks_lxml(body, DEFAULT_STYLES)
    assert fast == slow
    assert "".join(b["x"] for b in fast) == body
    assert any(b["t"].endswith("第二行，含 & < > \" 等符号，加粗和普通。") for b in fast)
    assert any(b["t"].endswith("3月\t【活动名称】 第二行") for b in fast)  # a cell's lines joined by a space


def test_unknown_body_content_goes_through_lxml():
    from export.fragments import DEFAULT_STYLES, _blocks_lxml, document_blocks
    body = ('<w:p><w:r><w:t>甲</w:t><w:br/><w:t xml:space="preserve">乙 &amp;</w:t><w:tab/></w:r></w:p>'
            '<w:bookmarkStart w:id="0" w:name="x"/><w:p/>')
    xml = f'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>'
    assert document_blocks(xml) == _blocks_lxml(body, DEFAULT_STYLES)
    assert [b["t"] for b in document_blocks(xml)] == ["甲\n乙 &\t", "", ""]
    fast = document_blocks(xml.replace('<w:bookmarkStart w:id="0" w:name="x"/>', ""))
    assert [b["t"] for b in fast] == ["甲\n乙 &\t", ""]


def test_page_headings_read_like_the_export():
    from export.fragments import _page_headings_lxml
    html = ('<h1 id="t">标题<a class="headerlink" href="#t">&para;</a></h1><p>正文</p>'
            '<h2 id="a&amp;b">一、<strong>加强</strong> 建设 &amp; 管理'
            '<a class="headerlink" href="#x" title="Permanent link">&para;</a></h2>'
            '<h3 id="c">（一）<span class="placeholder" title="请替换">【年份】</span>年\u200b工作<button>复制本节</button></h3>'
            '<H4 id="d">1. 公开&lt;制度&gt;</H4>')
    got = page_headings(html)
    assert got == _page_headings_lxml(html)
    assert got == [(1, "t", "标题"), (2, "a&b", "一、加强建设 & 管理"), (3, "c", "（一）【年份】年工作"),
                   (4, "d", "1. 公开<制度>")]
