"""gonghui_core.page_doc: one walk of a rendered page feeds search, draft desk and theme cards."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter

from conftest import ROOT, fixture_project
from gonghui_core import page_doc
from gonghui_core.page_doc import PageDoc

PAGE = ('<h1 id="title">年终总结<a class="headerlink" href="#title">¶</a></h1>'
        '<div class="takeaway-toolbar" data-search-exclude><a>下载 Word 文档</a></div>'
        "<p>前言　一段\u200b文字。</p>"
        '<h2 id="一加强">一、加强<em>自身</em>建设</h2>'
        '<h3 id="一送温暖">（一）送温暖</h3><p>走访慰问困难职工。</p><ul><li>甲</li><li>乙</li></ul>'
        '<h3 id="一送温暖_1">（一）送温暖</h3><p>第二节。</p>'
        "<h4>无 id 的小标题</h4><p>四级。</p>"
        '<h2 id="二">二、文体</h2><script>alert(1)</script><p>运动会。</p>')


def test_text_and_headings_of_one_walk():
    """Plain text without markup, skipped parts or zero-width characters; headings at their offsets."""
    doc = page_doc.page_doc(PAGE)
    assert "下载" not in doc.text and "¶" not in doc.text and "alert" not in doc.text
    assert "\u200b" not in doc.text and "前言 一段文字。" in doc.text
    assert [(h.level, h.id, h.text) for h in doc.headings] == [
        (1, "title", "年终总结"), (2, "一加强", "一、加强自身建设"), (3, "一送温暖", "（一）送温暖"),
        (3, "一送温暖_1", "（一）送温暖"), (4, "", "无 id 的小标题"), (2, "二", "二、文体")]
    for h in doc.headings:
        assert doc.text[h.offset:].startswith(h.text)


def test_search_headings_keep_only_ids():
    """The search index gets [offset, id, level] of headings that can be linked to."""
    doc = page_doc.page_doc(PAGE)
    assert [h[1:] for h in doc.search_headings()] == [["title", 1], ["一加强", 2], ["一送温暖", 3],
                                                      ["一送温暖_1", 3], ["二", 2]]
    assert page_doc.page_text(PAGE) == (doc.text, doc.search_headings())


def test_sections_are_h2_and_h3_with_their_text():
    """A section's text runs to the next <h2>/<h3>; one without own text gets its subtree."""
    doc = page_doc.page_doc(PAGE)
    assert [(s.heading, s.level, s.anchor) for s in doc.sections] == [
        ("一、加强自身建设", 2, "一加强"), ("（一）送温暖", 3, "一送温暖"),
        ("（一）送温暖", 3, "一送温暖_1"), ("二、文体", 2, "二")]
    first, warm, second, last = doc.sections
    assert warm.text == "走访慰问困难职工。\n甲\n乙"
    assert first.text.startswith("（一）送温暖\n走访慰问困难职工。")  # subtree: no own text
    assert second.text == "第二节。\n无 id 的小标题\n四级。"
    assert last.text == "运动会。"


def test_body_is_the_text_after_the_title():
    """PageDoc.body drops the <h1> title line (theme cards of pages without sections)."""
    assert page_doc.page_doc(PAGE).body().startswith("前言 一段文字。")
    assert page_doc.page_doc("<p>只有正文。</p>").body() == "只有正文。"


def test_empty_page():
    """Empty HTML is an empty document."""
    assert page_doc.page_doc("  ") == PageDoc("")


def test_tree_is_not_changed():
    """from_tree leaves the parse intact for the .docx writer that reuses it."""
    import lxml.html
    root = lxml.html.fragment_fromstring(PAGE, create_parent="div")
    before = lxml.html.tostring(root)
    page_doc.from_tree(root)
    assert lxml.html.tostring(root) == before


def test_draft_desk_sections_are_page_headings(site_dir):
    """Every section of a page's draft data is one of its h2–h4 headings by id, starting at a heading block."""
    pages = sorted(p for p in site_dir.glob("*/*/*/index.html") if p.parts[-4] in ("examples", "templates"))
    assert len(pages) > 50
    for path in pages:
        html = path.read_text(encoding="utf-8")
        doc = page_doc.page_doc(html[html.index("<article"):html.index("</article>")])
        text = (path.parent.parent / f"{path.parent.name}.draft.js").read_text(encoding="utf-8")
        data = json.loads(text[text.index('["page",') + 8:text.index("]);")].replace("<\\/", "</"))
        ids = {h.id for h in doc.headings if 2 <= h.level <= 4 and h.id}
        assert set(data["sections"]) <= ids, path
        for hid, (start, end) in data["sections"].items():
            assert data["blocks"][start]["kind"] == "heading" and data["blocks"][start]["section"] == hid, (path, hid)
            assert start < end <= len(data["blocks"])


def test_each_takeaway_page_is_parsed_once_per_build(tmp_path):
    """One lxml parse per template/example page: the .docx writer reuses it, search and draft desk read its walk."""
    project = fixture_project(tmp_path / "project")
    env = dict(os.environ, TAKEAWAY_DOCX_WORKERS="0", TAKEAWAY_DOCX_CACHE="0", TAKEAWAY_SEARCH_WORKER="false",
               NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "count_parses.py"), str(project / "mkdocs.yml"),
                           str(tmp_path / "site")], cwd=project, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    by_caller = Counter(caller for caller, *_ in report["calls"])
    assert report["takeaway_pages"] == 4
    assert by_caller["docx_export.py"] == report["takeaway_pages"], by_caller
    walked = {start for caller, _, start in report["calls"] if caller == "docx_export.py"}
    again = [c for c in report["calls"] if c[0] != "docx_export.py" and (c[1] or c[2] in walked)]
    assert not again, f"template/example pages parsed a second time: {again}"
    # the draft desk's title and heading samples are written without any HTML (export.markdown_to_docx.write_samples)
    assert set(by_caller) <= {"docx_export.py", "page_doc.py"}, by_caller
