"""Markdown/HTML → Word conversion: layout per GB/T 9704-2012, headings, lists, tables, placeholders.

Expected numbers are those of the standard (and of issue 4), not read from
the code's own style file.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from export.cjk_lines import em_width, title_lines
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


def test_body_is_16pt_fangsong_indented_two_chars_on_the_28_by_22_grid(sample):
    body = para(sample, "2016年，我校工会在党支部的领导下，围绕中心工作，扎实开展各项工作。")
    assert {east_asia(r) for r in body.runs} == {BODY_FONT}
    assert {r.font.size for r in body.runs} == {Pt(16)}
    assert [r.text for r in body.runs if r.bold] == ["扎实开展"]
    normal = sample.styles["Normal"].paragraph_format
    assert normal.first_line_indent == Pt(32)
    # 22 lines in the 225 mm type area: 637.8 pt / 22 = 28.99, rounded down to Word's 1/20 pt
    assert normal.line_spacing_rule == WD_LINE_SPACING.EXACTLY and normal.line_spacing == Pt(28.95)
    assert 22 * 28.95 <= 225 * 72 / 25.4 < 22 * 29
    # 28 characters in the 156 mm line: 16 pt condensed by 0.3 pt (w:spacing in 1/20 pt;
    # 0.25 would just fit, and LibreOffice then drops punctuation hanging at a line's end)
    rpr = sample.styles["Normal"].element.rPr
    assert rpr.find(qn("w:spacing")).get(qn("w:val")) == "-6"
    assert 28 * (16 - 0.3) <= 156 * 72 / 25.4 < 29 * (16 - 0.3)
    assert rpr.rFonts.get(qn("w:eastAsia")) == BODY_FONT
    grid = sample.sections[0]._sectPr.find(qn("w:docGrid"))  # no Word grid: LibreOffice snaps lines to it
    assert grid is None or grid.get(qn("w:type")) in (None, "default")


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
    for row in table.rows:  # no row breaks across pages
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None


CALENDAR = ("<h2>三、安排</h2><table><thead><tr><th>月份</th><th>节日与纪念日</th><th>放假与调休</th>"
            "<th>工会活动建议</th></tr></thead><tbody>" + "".join(
                f'<tr><td>{m}月</td><td><span style="white-space: nowrap">五一国际劳动节（{m}月1日）</span><br>'
                f'<span style="white-space: nowrap">元宵节（{m}月20日）</span></td>'
                f'<td>春节：<span style="white-space: nowrap">{m}月25日—28日</span></td>'
                "<td>• 三八妇女节庆祝活动，关心女教职工工作与生活<br>• 师德教育学习周，签订师德承诺书</td></tr>"
                for m in range(1, 13)) + "</tbody></table>")


def cell_lines(cell) -> list[str]:
    """The lines of a cell as Word shows them: paragraphs, and line breaks inside them."""
    return [line for p in cell.paragraphs for line in p.text.split("\n")]


def test_table_columns_fit_their_content_and_dates_never_break():
    document = html_to_docx(CALENDAR, "计划")
    table = document.tables[0]
    widths = [c.width.pt for c in table.columns]
    assert sum(widths) == pytest.approx(156 * 72 / 25.4, abs=1)       # the full text width
    assert widths[0] < widths[1] and widths[0] < widths[2]             # the month column is narrow
    for row in table.rows[1:]:
        festival, holiday = cell_lines(row.cells[1]), cell_lines(row.cells[2])
        # every date whole on one line; a long festival breaks before its bracket only
        assert any(line.endswith("月1日）") and line.startswith("（") or "劳动节（" in line for line in festival)
        assert any(re.search(r"\d+月25日—28日", line) for line in holiday), holiday
        for line in festival + holiday:
            assert not re.search(r"\d$|月$|—$", line), f"a date broken after {line!r}"
    run = table.rows[1].cells[3].paragraphs[0].runs[0]
    assert run.font.size == Pt(12)                                       # 小四
    assert run._element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "0"  # not the body's condensing
    fmt = table.rows[1].cells[3].paragraphs[0].paragraph_format
    assert fmt.line_spacing_rule == WD_LINE_SPACING.EXACTLY and fmt.line_spacing == Pt(20)


def test_a_final_table_leaves_no_full_empty_line_after_it():
    document = html_to_docx(CALENDAR, "计划")
    body = [el for el in document.element.body if el.tag in (qn("w:p"), qn("w:tbl"))]
    assert body[-2].tag == qn("w:tbl")
    last = docx.text.paragraph.Paragraph(body[-1], document._body)
    assert last.text == "" and last.paragraph_format.line_spacing == Pt(1)
    assert body[-1].pPr.find(qn("w:rPr")).find(qn("w:sz")).get(qn("w:val")) == "2"


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


def test_closing_date_four_characters_in_with_the_unit_centred_over_it(sample):
    unit, date = para(sample, "某某小学工会"), para(sample, "2016年12月20日")
    assert unit.alignment == date.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent.pt == pytest.approx(4 * 15.7)   # 右空四字
    # centred over the date: "2016年12月20日" is 7 characters (digits half) and 5 automatic
    # Chinese/digit spaces of ~0.3 wide, the unit 6
    assert unit.paragraph_format.right_indent.pt == pytest.approx((4 + (7 + 5 * 0.3 - 6) / 2) * 15.7, abs=0.1)
    texts = [p.text for p in sample.paragraphs]
    assert texts[texts.index("某某小学工会") - 1] == ""  # one empty line above (空一行)
    assert texts[-1] == "2016年12月20日"


def test_footer_has_page_field_between_dashes(sample):
    section = sample.sections[0]
    for footer in (section.footer, section.even_page_footer):
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
        assert "fldChar" in xml
        assert footer.paragraphs[0].text.startswith("—") and footer.paragraphs[0].text.endswith("—")
    assert sample.settings.odd_and_even_pages_header_footer


TEMPLATE = (
    '<h2>使用说明</h2><p><strong>适用：</strong> 学校工会。</p>'
    '<p><strong>开头：</strong> 一两句话写本学期工会工作的主题和依据。</p>'
    '<blockquote><p>本学期，<span class="placeholder">【单位名称】</span>工会……</p></blockquote>'
    '<h2 id="a">一、指导思想</h2><p><strong>写什么：</strong> 一段话写依据和目标。</p>'
    '<blockquote><p>以【文件名称】为指导，……</p></blockquote>'
    '<details class="quote"><summary>范文常用语句</summary><ul><li>句子</li></ul></details>'
    '<p>没有引用框的说明文字。</p><ul><li>要点</li></ul>'
    '<h2>附：月度活动安排参考（2027年）</h2><p>节日按当年实际日期推算。</p>'
    '<table><tr><th>月份</th><th>活动</th></tr><tr><td>2月</td><td>元宵节联欢</td></tr></table>'
    '<h2>附：提交前检查</h2><ul><li>标题写明单位</li></ul>'
    '<h2>附：同类范文</h2><table><tr><th>标题</th></tr><tr><td>某范文</td></tr></table>'
)


def test_template_documents_hold_headings_fill_ins_closing_and_appendix():
    document = html_to_docx(TEMPLATE, "中小学校工会学期工作计划模板", kind="template")
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts == ["中小学校工会学期工作计划模板", "本学期，【单位名称】工会……", "一、指导思想", "以【文件名称】为指导，……",
                     "附件：月度活动安排参考（2027年）", "【单位名称】工会", "【日期】",
                     "附件", "月度活动安排参考（2027年）", "节日按当年实际日期推算。"]
    assert len(document.tables) == 1 and document.tables[0].rows[1].cells[1].text == "元宵节联欢"
    label = para(document, "附件")
    assert label.paragraph_format.page_break_before and east_asia(label.runs[0]) == HEI  # a page of its own
    assert para(document, "月度活动安排参考（2027年）").style.name == "公文标题"
    assert para(document, "【日期】").paragraph_format.right_indent.pt == pytest.approx(4 * 15.7)


def test_example_documents_keep_their_text_and_get_no_invented_closing():
    html = TEMPLATE.replace("<h2>附：", "<h2>附件：")
    texts = [p.text for p in html_to_docx(html, "计划", kind="example").paragraphs if p.text]
    assert "写什么：一段话写依据和目标。" in texts and "没有引用框的说明文字。" in texts
    assert "【日期】" not in texts


@pytest.mark.parametrize("title, lines", [
    ("交通运输局工会2016年工作总结及2017年工作计划", ["交通运输局工会2016年工作总结", "及2017年工作计划"]),
    ("沙坪坝区学校工会年度工作计划（附月度活动表）", ["沙坪坝区学校工会年度工作计划", "（附月度活动表）"]),
    ("永隆镇小学工会工作总结：发挥工会职能作用，构建文明和谐校园",
     ["永隆镇小学工会工作总结：", "发挥工会职能作用，构建文明和谐校园"]),
    ("宾山小学工会2017年秋季学期工作计划", ["宾山小学工会2017年秋季学期工作计划"]),  # fits: one line
])
def test_long_titles_break_between_words_into_balanced_lines(title, lines):
    assert title_lines(title, 20) == lines
    paragraph = html_to_docx("<p>正文。</p>", title).paragraphs[0]
    assert paragraph.text.split("\n") == lines


def test_title_lines_are_whole_words_of_three_characters_or_more():
    title = "某某市某某区总工会关于开展2017年度职工职业技能竞赛活动的工作计划"
    lines = title_lines(title, 20)
    assert "".join(lines) == title and len(lines) == 2
    assert all(len(line) >= 3 and em_width(line) <= 20 for line in lines)
    assert lines[0].endswith("年度")                   # not "…2017年/度…" nor "…竞/赛…"
    assert title_lines("工会工作总结及计划安排" * 3, 20, min_chars=3)
    assert all(len(x) >= 3 for x in title_lines("一二三四五六七八九十一二三四五六七八九十一及二", 20))


def test_file_properties_language_and_compatibility(tmp_path):
    date = dt.datetime(2026, 3, 1)
    path = save_docx(markdown_to_docx("正文。", "题目", kind="example", author="工会工作总结与计划模板库", date=date),
                     tmp_path / "p.docx")
    document = docx.Document(str(path))
    props = document.core_properties
    assert (props.title, props.author, props.last_modified_by) == ("题目", "工会工作总结与计划模板库", "工会工作总结与计划模板库")
    assert props.created.replace(tzinfo=None) == props.modified.replace(tzinfo=None) == date
    assert "python-docx" not in (props.comments or "") and props.language == "zh-CN"
    lang = document.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    compat = {s.get(qn("w:name")): s.get(qn("w:val")) for s in document.settings.element.iter(qn("w:compatSetting"))}
    assert compat["compatibilityMode"] == "15"
    with zipfile.ZipFile(path) as z:
        assert not [n for n in z.namelist() if "thumbnail" in n]
        assert b"Microsoft Macintosh Word" not in z.read("docProps/app.xml")


def test_same_content_same_bytes_for_a_given_date(tmp_path):
    date = dt.datetime(2026, 3, 1)
    a = save_docx(markdown_to_docx("正文。", "题目", date=date), tmp_path / "a.docx")
    b = save_docx(markdown_to_docx("正文。", "题目", date=date), tmp_path / "b.docx")
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        assert {n: za.read(n) for n in za.namelist()} == {n: zb.read(n) for n in zb.namelist()}


def test_footer_line_puts_the_dashes_7mm_below_the_type_area(sample):
    section = sample.sections[0]
    footer = section.footer.paragraphs[0].paragraph_format
    assert footer.line_spacing_rule == WD_LINE_SPACING.EXACTLY and footer.line_spacing == Pt(14)
    # the middle of the 14 pt line (where the dashes are drawn) 7 mm below the 35 mm bottom margin
    middle = section.footer_distance.mm + 14 * 25.4 / 72 / 2
    assert 35 - middle == pytest.approx(7, abs=0.1)


def test_save_creates_folders_and_keeps_layout(tmp_path):
    path = save_docx(markdown_to_docx("正文。", "题目"), tmp_path / "a" / "b.docx")
    assert round(docx.Document(str(path)).sections[0].top_margin.mm, 1) == 37.0
