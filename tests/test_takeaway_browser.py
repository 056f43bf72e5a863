"""Take-away in real headless Chromium: copy a section, download the .docx, print view.

Runs on the scenario site in ``tests/fixtures/takeaway`` (fixed text, the real
hooks, scripts and styles), plus checks over the real site's pages.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from conftest import DOCS, _is_local, _QuietHandler, build_site

SCENARIO = Path(__file__).parent / "fixtures" / "takeaway" / "mkdocs.yml"
EXAMPLE = "examples/school/sample-summary/"
TEMPLATE = "templates/school/annual-plan/"
ZERO_WIDTH_RE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
TITLE_RE = re.compile(r"^title:\s*(.+?)\s*$", re.M)

SECTION_ONE = """一、加强师德建设
（一）组织政治学习
全年组织集中学习××次，参加人数达到百分之九十以上。
1.学习《教师法》；
2.开展师德演讲比赛。
（二）开展主题活动
三月举办“巾帼建功”演讲比赛，五月开展职工运动会。"""


@pytest.fixture(scope="module")
def scenario_url(tmp_path_factory):
    """The scenario site, built and served on loopback."""
    site = build_site(tmp_path_factory.mktemp("takeaway"), SCENARIO)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture
def clip_page(browser):
    """A page allowed to use the clipboard, recording requests to outside hosts."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.outside_requests = []
    page.on("request", lambda r: None if _is_local(r.url) else page.outside_requests.append(r.url))
    yield page
    assert page.outside_requests == []
    context.close()


def copy_via(page, selector: str) -> str:
    """Click a copy button and return what landed on the clipboard."""
    page.evaluate("navigator.clipboard.writeText('')")
    page.locator(selector).click()
    page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
    return page.evaluate("navigator.clipboard.readText()")


def heading_button(level: int, text: str) -> str:
    """Selector of the copy button of the heading with this text."""
    return f"article h{level}:has-text('{text}') .takeaway-copy"


# -----------------------------------------------------------------------------
# Copy
# -----------------------------------------------------------------------------

def test_copy_section_gives_plain_text_of_that_section(clip_page, scenario_url):
    clip_page.goto(scenario_url + EXAMPLE)
    assert copy_via(clip_page, heading_button(2, "一、加强师德建设")) == SECTION_ONE


def test_copy_subsection_stops_at_next_heading_of_same_level(clip_page, scenario_url):
    clip_page.goto(scenario_url + EXAMPLE)
    text = copy_via(clip_page, heading_button(3, "（一）组织政治学习"))
    assert text == "\n".join(SECTION_ONE.splitlines()[1:5])


def test_copy_keeps_placeholders_and_drops_markdown(clip_page, scenario_url):
    clip_page.goto(scenario_url + TEMPLATE)
    text = copy_via(clip_page, heading_button(2, "一、指导思想"))
    assert text.splitlines()[:3] == [
        "一、指导思想", "写什么：一段话写全年工作的依据和目标。",
        "以【文件名称】为指导，【单位名称】工会围绕学校中心工作开展工作。"]
    assert clip_page.locator("article .placeholder", has_text="【单位名称】").count() >= 1


def test_copy_whole_document_with_tables_as_tabs(clip_page, scenario_url):
    clip_page.goto(scenario_url + EXAMPLE)
    text = copy_via(clip_page, ".takeaway-toolbar .takeaway-copy")
    lines = text.splitlines()
    assert lines[0] == "某某小学工会2016年工作总结"
    assert lines[1].startswith("2016年，我校工会在上级工会和学校党支部的领导下，围绕学校中心工作，扎实开展")
    assert "项目\t人次" in lines and "体检\t86" in lines
    assert lines[-2:] == ["某某小学工会", "2016年12月20日"]
    for junk in ("¶", "**", "复制", "下载", "## ", "| "):
        assert junk not in text
    assert not ZERO_WIDTH_RE.search(text)


# -----------------------------------------------------------------------------
# Download
# -----------------------------------------------------------------------------

def test_download_button_gives_official_docx_named_after_title(clip_page, scenario_url, tmp_path):
    clip_page.goto(scenario_url + EXAMPLE)
    button = clip_page.get_by_role("link", name="下载 Word 文档")
    assert button.is_visible()
    with clip_page.expect_download() as info:
        button.click()
    assert info.value.suggested_filename == "某某小学工会2016年工作总结.docx"
    path = tmp_path / "got.docx"
    info.value.save_as(path)
    document = docx.Document(str(path))

    title = document.paragraphs[0]
    assert title.text == "某某小学工会2016年工作总结"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (title.runs[0].font.size, _east_asia(title.runs[0])) == (Pt(22), "方正小标宋简体")
    heads = {p.text: p for p in document.paragraphs if p.style.name.startswith("Heading")}
    assert list(heads) == ["一、加强师德建设", "（一）组织政治学习", "（二）开展主题活动", "二、维护职工权益", "三、存在的不足"]
    assert _east_asia(heads["一、加强师德建设"].runs[0]) == "黑体"
    assert _east_asia(heads["（一）组织政治学习"].runs[0]) == "楷体_GB2312"
    body = next(p for p in document.paragraphs if p.text.startswith("全年组织集中学习"))
    assert {(_east_asia(r), r.font.size) for r in body.runs} == {("仿宋_GB2312", Pt(16))}
    fmt = document.styles["Normal"].paragraph_format
    # 22 lines in the 225 mm type area (28.95 pt, see tests/test_docx.py)
    assert (fmt.first_line_indent, fmt.line_spacing_rule, fmt.line_spacing) == (Pt(32), WD_LINE_SPACING.EXACTLY, Pt(28.95))
    s = document.sections[0]
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [37, 35, 28, 26]
    instr = "".join(t.text for t in s.footer._element.iter(qn("w:instrText")))
    assert "PAGE" in instr and s.footer.paragraphs[0].text.startswith("—")
    assert [[c.text for c in r.cells] for r in document.tables[0].rows][1] == ["体检", "86"]


def test_template_docx_holds_macro_table_and_not_page_guidance(clip_page, scenario_url, tmp_path):
    clip_page.goto(scenario_url + TEMPLATE)
    with clip_page.expect_download() as info:
        clip_page.get_by_role("link", name="下载 Word 文档").click()
    info.value.save_as(tmp_path / "t.docx")
    document = docx.Document(str(tmp_path / "t.docx"))
    texts = [p.text for p in document.paragraphs]
    assert "使用说明" not in texts and "范文常用语句" not in texts
    rows = [[c.text for c in r.cells] for r in document.tables[0].rows]
    assert rows == [["月份", "活动安排", "负责"], ["3月", "【活动名称】", "工会委员会"], ["5月", "【活动名称】", "工会委员会"]]


# -----------------------------------------------------------------------------
# Print
# -----------------------------------------------------------------------------

def test_print_view_shows_only_the_document(clip_page, scenario_url):
    clip_page.goto(scenario_url + EXAMPLE)
    clip_page.wait_for_selector("article h2 .takeaway-copy")
    assert clip_page.locator(".md-header").is_visible()
    clip_page.emulate_media(media="print")
    for selector in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-sidebar--secondary",
                     ".md-search", ".md-footer", ".takeaway-toolbar", "article h2 .takeaway-copy"):
        loc = clip_page.locator(selector)
        assert all(not loc.nth(i).is_visible() for i in range(loc.count())), selector
    assert clip_page.locator("article h1").is_visible()
    style = clip_page.evaluate("""() => {
        const h1 = getComputedStyle(document.querySelector('article h1'));
        const p = getComputedStyle(document.querySelector('article p'));
        return [h1.textAlign, p.fontFamily, p.fontSize, p.textIndent];
    }""")
    assert style[0] == "center"
    assert "仿宋" in style[1] and style[2] == "21.3333px" and style[3] == "42.6667px"


# -----------------------------------------------------------------------------
# The real site
# -----------------------------------------------------------------------------

def _takeaway_sources() -> list[Path]:
    """Every template and example page in docs/."""
    pages = sorted(DOCS.glob("examples/*/*.md")) + sorted(DOCS.glob("templates/*/*.md"))
    return [p for p in pages if p.name != "index.md"]


def test_every_template_and_example_has_docx_and_button(site_dir):
    for src in _takeaway_sources():
        rel = src.relative_to(DOCS).with_suffix("")
        html = (site_dir / rel / "index.html").read_text(encoding="utf-8")
        title = TITLE_RE.search(src.read_text(encoding="utf-8")).group(1).strip("'\"")
        assert f'href="../{rel.name}.docx" download="{title}.docx"' in html, rel
        document = docx.Document(str(site_dir / rel.with_suffix(".docx")))
        assert document.paragraphs[0].text.replace("\n", "") == title, rel  # long titles: broken into lines


def test_no_zero_width_characters_in_pages(site_dir):
    for page in site_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not ZERO_WIDTH_RE.search(text), page.relative_to(site_dir)


def _east_asia(run) -> str | None:
    """The East-Asian font of a run."""
    return run._element.rPr.rFonts.get(qn("w:eastAsia"))
