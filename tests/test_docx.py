"""Markdown/HTML → Word conversion: layout per GB/T 9704-2012, headings, lists, tables, placeholders.

Expected numbers are those of the standard (and of issue 4), not read from
the code's own style file.
"""

from __future__ import annotations

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from export.markdown_to_docx import html_to_docx, markdown_to_docx, save_docx

BODY_FONT, TITLE_FONT, HEI, KAI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
SAMPLE = """# 某某小学工会2016年工作总结

2016年，我校工会在党支部的领导下，
围绕中心工作，**扎实开展**各项工作。

## 一、加强组织建设

### （一）健全制度

#### 1. 完善教代会制度

1. 完善提案制度；
2. 落实校务公开。
    1. 公开栏
    2. 网络平台

- 召开教代会一次
- 走访慰问困难职工

## 二、活动安排

| 月份 | 活动 |
|---|---|
| 3月 | 三八节活动<br>植树 |
| 5月 | 【活动名称】 |

某某小学工会

2016年12月20日
"""


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample converted, saved and read back as Word would read it."""
    path = save_docx(markdown_to_docx(SAMPLE), tmp_path_factory.mktemp("docx") / "s.docx")
    return docx.Document(str(path))


def east_asia(run) -> str | None:
    """The East-Asian font a run is shown in."""
    rpr = run._element.rPr
    return rpr.rFonts.get(qn("w:eastAsia")) if rpr is not None and rpr.rFonts is not None else None


def para(document, text):
    """The paragraph with exactly this text."""
    found = [p for p in document.paragraphs if p.text == text]
    assert found, f"no paragraph {text!r} in {[p.text for p in document.paragraphs]}"
    return found[0]


def test_page_is_a4_with_official_margins(sample):
    s = sample.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]


def test_title_is_centred_22pt_xiaobiaosong(sample):
    title = sample.paragraphs[0]
    assert title.text == "某某小学工会2016年工作总结"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER or title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.size == Pt(22)
    assert east_asia(title.runs[0]) == TITLE_FONT


def test_body_is_16pt_fangsong_indented_two_chars_exact_28pt(sample):
    body = para(sample, "2016年，我校工会在党支部的领导下，围绕中心工作，扎实开展各项工作。")
    assert {east_asia(r) for r in body.runs} == {BODY_FONT}
    assert {r.font.size for r in body.runs} == {Pt(16)}
    assert [r.text for r in body.runs if r.bold] == ["扎实开展"]
    normal = sample.styles["Normal"].paragraph_format
    assert normal.first_line_indent == Pt(32)
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY and normal.line_spacing == Pt(28)
    assert sample.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == BODY_FONT


def test_headings_take_the_font_of_their_numbering(sample):
    one, sub, num = para(sample, "一、加强组织建设"), para(sample, "（一）健全制度"), para(sample, "1. 完善教代会制度")
    assert (one.style.name, east_asia(one.runs[0])) == ("Heading 1", HEI)
    assert (sub.style.name, east_asia(sub.runs[0])) == ("Heading 2", KAI)
    assert num.style.name == "Heading 3" and num.runs[0].bold
    assert {r.font.size for p in (one, sub, num) for r in p.runs} == {Pt(16)}
    assert sample.styles["Heading 1"].font.color.rgb == docx.shared.RGBColor(0, 0, 0)


def test_unnumbered_headings_fall_back_to_their_html_level():
    document = html_to_docx("<h2>工作回顾</h2><h3>主要做法</h3><p>正文。</p>", "标题")
    assert para(document, "工作回顾").style.name == "Heading 1"
    assert para(document, "主要做法").style.name == "Heading 2"


def test_lists_become_numbered_paragraphs(sample):
    texts = [p.text for p in sample.paragraphs]
    for line in ("1.完善提案制度；", "2.落实校务公开。", "（1）公开栏", "（2）网络平台", "召开教代会一次", "走访慰问困难职工"):
        assert line in texts
    assert texts.index("（1）公开栏") > texts.index("2.落实校务公开。")


def test_tables_become_word_tables_with_header_row(sample):
    table = sample.tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["月份", "活动"], ["3月", "三八节活动\n植树"], ["5月", "【活动名称】"]]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)


def test_placeholders_stay_plain_text():
    html = '<p>本学期，<span class="placeholder">【单位名称】</span>工会开展工作。</p>'
    document = html_to_docx(html, "计划")
    assert para(document, "本学期，【单位名称】工会开展工作。")


def test_permalinks_zero_width_and_page_only_parts_are_dropped():
    html = ('<h1>计划<a class="headerlink" href="#x">¶</a></h1>'
            '<h2>使用说明</h2><p>把【】换成实际情况。</p>'
            '<h2 id="a">一、工作\u200b目标<a class="headerlink" href="#a">¶</a></h2>'
            '<p>全年\u200b组织\u200b学习。</p>'
            '<details class="quote"><summary>范文常用语句</summary><ul><li>句子</li></ul></details>'
            '<div class="takeaway-toolbar"><a>下载 Word 文档</a></div>')
    texts = [p.text for p in html_to_docx(html, "计划").paragraphs]
    assert texts == ["计划", "", "一、工作目标", "全年组织学习。"]


def test_closing_signature_and_date_are_right_aligned(sample):
    for text in ("某某小学工会", "2016年12月20日"):
        assert para(sample, text).alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_footer_has_page_field_between_dashes(sample):
    section = sample.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
        assert "fldChar" in xml
        assert footer.paragraphs[0].text.startswith("—") and footer.paragraphs[0].text.endswith("—")
    assert sample.settings.odd_and_even_pages_header_footer


def test_save_creates_folders_and_keeps_layout(tmp_path):
    path = save_docx(markdown_to_docx("正文。", "题目"), tmp_path / "a" / "b.docx")
    assert round(docx.Document(str(path)).sections[0].top_margin.mm, 1) == 37.0
