"""Build-time WordprocessingML for the browser (export/fragments.py): base parts, blocks, slots, sections.

The browser's documents are put together from these pieces, so they must be
the build's own: the same parts as a build-time .docx, heading paragraphs
that the writer made, blocks and sections from the writer's record of what it
wrote (never read back from the file), placeholders as slots of their own.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import docx
import markdown
import pytest

from export.docx_cache import write_docx
from export.fragments import (
    base_data,
    docx_bytes,
    draft_data,
    fragment_path,
    page_data,
    read_parts,
    record_path,
    script,
    split_document,
)
from export.markdown_to_docx import write_html, xml_text

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
TITLE = "某某小学工会2016年工作总结"
SLOT_RUN_RE = re.compile(r'<w:r>(?:(?!</w:r>).)*<w:t xml:space="preserve">$', re.S)


def page_html(md: str = PAGE_MD) -> str:
    """Markdown as the site renders it (toc ids on the headings)."""
    return markdown.markdown(md, extensions=["tables", "toc", "sane_lists"])


def body_of(built: bytes) -> str:
    """The body of a saved .docx's word/document.xml."""
    return split_document(read_parts(built)["word/document.xml"])[1]


def joined(block: dict, values: dict | None = None) -> str:
    """A block's XML with each slot filled (default: the placeholder itself), as the browser joins it."""
    values = values or {}
    out = [block["xml"][0]]
    for slot, piece in zip(block["slots"], block["xml"][1:]):
        out += [xml_text(values.get(slot, slot)), piece]
    return "".join(out)


@pytest.fixture(scope="module")
def base():
    return base_data()


@pytest.fixture(scope="module")
def page(base):
    written = write_html(page_html(), TITLE)
    return page_data(written, "examples/school/x/", TITLE, base["parts"]), docx_bytes(written.document)


def test_base_parts_are_those_of_a_built_document(base, page):
    built = read_parts(page[1])
    assert set(base["parts"]) == set(built) - {"word/document.xml"}
    for name in ("word/styles.xml", "word/footer1.xml", "word/fontTable.xml", "word/settings.xml"):
        assert base["parts"][name] == built[name].decode("utf-8"), name
    head, _body, tail = split_document(built["word/document.xml"])
    assert (base["head"], base["tail"]) == (head, tail)
    assert "w:pgMar" in base["tail"] and base["head"].endswith("<w:body>")


def test_page_parts_plus_base_are_the_saved_files(base, page):
    """The parts a page overrides and the base's give every file of the saved .docx, byte for byte."""
    data, built = page
    assert set(data["parts"]) == {"docProps/app.xml", "docProps/core.xml"}  # the title, the date, the author
    for name, value in read_parts(built).items():
        if name != "word/document.xml":
            assert (data["parts"].get(name) or base["parts"][name]) == value.decode("utf-8"), name


def test_base_title_and_heading_paragraphs_carry_each_levels_font(base):
    assert sorted(base["headings"]) == ["1", "2", "3", "4"]
    fonts = {level: re.search(r'w:eastAsia="([^"]+)"', before).group(1) for level, (before, _) in base["headings"].items()}
    assert fonts == {"1": "黑体", "2": "楷体_GB2312", "3": "仿宋_GB2312", "4": "仿宋_GB2312"}
    for level, (before, after) in base["headings"].items():
        assert f'w:val="Heading{level}"' in before and SLOT_RUN_RE.search(before) and after.startswith("</w:t></w:r>")
    before, after = base["title"]
    assert "方正小标宋简体" in before and SLOT_RUN_RE.search(before)
    assert after == "</w:t></w:r></w:p><w:p/>", "the title paragraph's end and the empty line below it"
    # a title written by the page writer is the base's title with its text
    written = write_html("<p>正文。</p>", "关于开展工作的通知")
    xml = "".join(b.joined() for b in written.blocks[:2])
    assert xml == before.replace(' xml:space="preserve"', "") + "关于开展工作的通知" + after


def test_page_blocks_sections_and_lead(page):
    data, _ = page
    blocks = data["blocks"]
    texts = [b["text"] for b in blocks]
    assert texts[0] == TITLE and blocks[0]["kind"] == "title" and blocks[1]["kind"] == "blank"
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
    assert texts[two[0]:two[1]][1] == "项目\t人次\n体检\t86" and blocks[two[0] + 1]["kind"] == "table"
    assert [blocks[i]["level"] for i in (one[0], sub[0], two[0])] == [1, 2, 1]
    assert all(("level" in b) == (b["kind"] == "heading") for b in blocks)
    assert [b["section"] for b in blocks[:one[0]]] == [""] * one[0]
    assert all(blocks[i]["section"] == hid for hid, (start, end) in data["sections"].items()
               for i in range(start, end) if blocks[i]["kind"] == "heading" and i == start)
    assert len(data["sections"]) == 5
    assert list(data) == ["url", "title", "blocks", "lead", "sections", "parts"]


def test_a_heading_whose_word_text_differs_from_the_page_keeps_its_section():
    """Sections are found by the heading's id, not by its text: cleaned, zero-width, numbered headings too."""
    html = ('<h1>标题</h1><h2 id="a">一、加强 <strong>组织</strong>\u200b建设<a class="headerlink" href="#a">¶</a></h2>'
            '<p>甲。</p><h3 id="b">（一）【年份】年\u00ad 工作</h3><p>乙。</p>'
            '<h3 id="c">健全制度</h3><p>丙。</p><h2 id="d">1、 其他</h2><p>丁。</p>')
    data = draft_data(write_html(html, "标题"))
    texts = [b["text"] for b in data["blocks"]]
    spans = {hid: texts[start:end] for hid, (start, end) in data["sections"].items()}
    assert spans == {"a": ["一、加强组织建设", "甲。", "（一）【年份】年工作", "乙。", "健全制度", "丙。"],
                     "b": ["（一）【年份】年工作", "乙。"], "c": ["健全制度", "丙。"], "d": ["1、其他", "丁。"]}
    levels = {b["text"]: b["level"] for b in data["blocks"] if b["kind"] == "heading"}
    assert levels == {"一、加强组织建设": 1, "（一）【年份】年工作": 2, "健全制度": 2, "1、其他": 3}


def test_placeholders_in_bold_text_and_table_cells_are_slots():
    md = ("正文**加粗【单位名称】加粗**结束。\n\n| 月份 | 活动 |\n|---|---|\n"
          "| 3月 | 【活动名称】<br>第二行**【负责人】** |\n")
    written = write_html(page_html(md), "标题")
    blocks = draft_data(written)["blocks"]
    para = next(b for b in blocks if b["text"].startswith("正文"))
    assert para["slots"] == ["【单位名称】"] and len(para["xml"]) == 2
    assert "<w:b/>" in para["xml"][0].rsplit("<w:r>", 1)[1], "the placeholder's run stays bold"
    assert SLOT_RUN_RE.search(para["xml"][0]) and para["xml"][1].startswith("</w:t></w:r>")
    table = next(b for b in blocks if b["kind"] == "table")
    assert table["slots"] == ["【活动名称】", "【负责人】"] and len(table["xml"]) == 3
    assert all(SLOT_RUN_RE.search(piece) for piece in table["xml"][:-1])
    filled = joined(para, {"【单位名称】": "甲&乙<工会>"})
    assert "<w:t xml:space=\"preserve\">甲&amp;乙&lt;工会&gt;</w:t>" in filled


def test_a_line_wrap_in_a_cell_never_splits_a_placeholder():
    cell = "、".join(["工会小组长"] * 3) + "【这是一个相当长的需要填写的占位符内容】" + "。" * 3
    md = f"| 序号 | 内容 | 备注 | 说明 | 其他 | 再一列 |\n|---|---|---|---|---|---|\n| 1 | {cell} | 甲乙丙丁戊己庚辛壬癸 | 子丑寅卯辰巳午未申酉 | 一二三四五六七八 | 九十 |\n"
    written = write_html(page_html(md), "标题")
    table = next(b for b in written.blocks if b.kind == "table")
    assert table.slots == ("【这是一个相当长的需要填写的占位符内容】",)
    assert "<w:br/>" in "".join(table.xml), "the cell should wrap (make the text longer)"
    # the slot's run holds the whole placeholder: no break inside it
    assert SLOT_RUN_RE.search(table.xml[0]) and table.xml[1].startswith("</w:t></w:r>")


def test_pieces_and_slots_joined_are_the_saved_body(base):
    """Every block's pieces, joined with its placeholders, are byte for byte the body the writer saved."""
    md = PAGE_MD + """
## 四、其他

第一行<br>第二行，含 & < > " 等符号，**加粗【单位名称】**和普通。

1. 甲【甲】
    1. 乙

| 月份 | 活动 |
|---|---|
| 3月 | 【活动名称】<br>第二行 |
"""
    written = write_html(page_html(md), "【单位名称】工会2016年工作总结")
    built = docx_bytes(written.document)
    data = page_data(written, "u/", "t", base["parts"])
    assert "".join(joined(b) for b in data["blocks"]) == body_of(built)
    assert all(len(b["xml"]) == len(b["slots"]) + 1 for b in data["blocks"])
    assert data["blocks"][0]["slots"] == ["【单位名称】"]
    assert any(b["text"].endswith("第二行，含 & < > \" 等符号，加粗【单位名称】和普通。") for b in data["blocks"])
    assert any(b["text"].endswith("3月\t【活动名称】 第二行") for b in data["blocks"])  # a cell's lines by a space
    # put back together with the base, Word reads the same document
    xml = base["head"] + "".join(joined(b) for b in data["blocks"]) + base["tail"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name in read_parts(built):
            zf.writestr(name, xml if name == "word/document.xml" else (data["parts"].get(name) or base["parts"][name]))
    again, original = docx.Document(io.BytesIO(buffer.getvalue())), docx.Document(io.BytesIO(built))
    assert [(p.style.name, p.text) for p in again.paragraphs] == [(p.style.name, p.text) for p in original.paragraphs]


def test_script_is_safe_inside_a_script_tag():
    text = script({"t": "</script><script>alert(1)</script>\u2028"}, "page")
    assert "</script>" not in text and "\u2028" not in text
    payload = text[text.index('["page",') + 8:text.index("]);")]
    assert json.loads(payload.replace("<\\/", "</")) == {"t": "</script><script>alert(1)</script>\u2028"}


def _draft(site, rel="examples/school/x.docx") -> dict:
    text = (site / fragment_path(rel)).read_text(encoding="utf-8")
    return json.loads(text[text.index('["page",') + 8:text.index("]);")].replace("<\\/", "</"))


def test_cached_and_made_documents_give_the_same_draft_data(tmp_path):
    """A page copied from the document cache gets the draft data of the page made anew, without reading its .docx."""
    html, cache = page_html(), tmp_path / "cache"
    fragment = {"docx": "examples/school/x.docx", "url": "examples/school/x/", "title": TITLE}
    sites = [tmp_path / name for name in ("plain", "first", "second")]
    assert write_docx(html, TITLE, fragment["docx"], sites[0], None, options={"kind": "example"},
                      fragment=fragment) is False
    assert write_docx(html, TITLE, fragment["docx"], sites[1], cache, options={"kind": "example"},
                      fragment=fragment) is False
    entry = next(cache.glob("*.docx"))
    assert record_path(entry).is_file()
    assert write_docx(html, TITLE, fragment["docx"], sites[2], cache, options={"kind": "example"},
                      fragment=fragment) is True
    drafts = [_draft(site) for site in sites]
    assert drafts[0] == drafts[1] == drafts[2] and drafts[0]["url"] == "examples/school/x/"
    assert (sites[2] / fragment["docx"]).read_bytes() == entry.read_bytes()
    assert "".join(joined(b) for b in drafts[2]["blocks"]) == body_of(entry.read_bytes())
    assert fragment_path("a/b.docx") == "a/b.draft.js"


def test_a_text_spelling_markup_or_private_use_characters_keeps_its_slots():
    """Text that looks like the writer's slot mark (escaped) or holds a private-use character loses no slot."""
    written = write_html("<p>甲\ue000乙&lt;?slot?&gt;【单位名称】</p><p>【年份】</p>", "标题")
    first, second = (b for b in written.blocks if b.kind == "paragraph")
    assert first.slots == ("【单位名称】",) and len(first.xml) == 2 and "甲\ue000乙&lt;?slot?&gt;" in first.xml[0]
    assert second.slots == ("【年份】",)
    assert "".join(b.joined() for b in written.blocks) == body_of(docx_bytes(written.document))
