"""Build caches never serve stale results.

Each test changes what a cache is keyed on and checks the new result comes
out: the Word documents cached in ``.cache/docx/`` (hooks/docx_export.py,
real ``mkdocs build --strict`` of a small fixture project, twice with
one cache), a failing document in the worker process failing the build, the
per-example and per-template section caches of the theme pages
(macros/themes.py) and the per-run jieba cache of the search index
(searchindex/text.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import docx
import jieba
import pytest

from conftest import build_site, fixture_project
from gonghui_core import page_doc
from gonghui_core.build_context import context_of
from macros import themes
from searchindex import text as search_text

EDITED = "examples/hospital/hospital-union-year-end-summary"     # its text is changed
UNCHANGED = "examples/college/medical-college-union-annual-plan"  # left alone
ADDED_SENTENCE = "本年度职工书屋新增图书三百二十七册，缓存测试专用语句。"
FAIL_MARKER = "注入失败"
# Appended to the scenario's export/markdown_to_docx.py: the worker process
# imports write_page_docx by name, so it runs this one.
FAILING_EXPORT = f'''

_real_write_page_docx = write_page_docx


def write_page_docx(html, title, path, keep=None, **options):
    """Test scenario: fail for a page whose title carries the marker."""
    if {FAIL_MARKER!r} in title:
        raise RuntimeError("injected export failure")
    return _real_write_page_docx(html, title, path, keep, **options)
'''
FAILING_PAGE = f"""---
title: 某小学工会{FAIL_MARKER}总结
unit: school
kind: year-end-summary
source: inject.txt#1
tags: [中小学校, 年终总结]
---

## 一、活动情况

本年度开展活动十二次。
"""


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def paragraphs(path: Path) -> list[str]:
    """Paragraph texts of a .docx."""
    return [p.text for p in docx.Document(str(path)).paragraphs]


def cache_entries(project: Path) -> dict[str, bytes]:
    """Cached documents of a project: file name -> bytes."""
    return {p.name: p.read_bytes() for p in (project / ".cache" / "docx").glob("*.docx")}


def first_body_paragraph(md: Path) -> str:
    """The first plain paragraph line of a page (after its front matter)."""
    body = md.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    return next(line for line in body.split("\n") if line.strip() and not line.startswith(("#", "-", "|")))


# -----------------------------------------------------------------------------
# Word documents
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def docx_rebuild(tmp_path_factory):
    """Build a scenario twice with one cache, editing one example in between."""
    project = fixture_project(tmp_path_factory.mktemp("docx-cache"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TAKEAWAY_OFFLINE_BUNDLE", "false")  # extra.takeaway in mkdocs.yml: no zip
        mp.delenv("TAKEAWAY_DOCX_CACHE", raising=False)
        mp.delenv("TAKEAWAY_DOCX_WORKERS", raising=False)
        first = build_site(project / "site1", project / "mkdocs.yml")
        before = cache_entries(project)
        old = time.time() - 3600
        for name in before:  # a cache hit touches its entry; make that visible
            os.utime(project / ".cache" / "docx" / name, (old, old))
        md = project / "docs" / f"{EDITED}.md"
        line = first_body_paragraph(md)
        md.write_text(md.read_text(encoding="utf-8").replace(line, line + ADDED_SENTENCE, 1), encoding="utf-8")
        second = build_site(project / "site2", project / "mkdocs.yml")
    return project, first, second, before, line


def test_edited_example_gets_a_new_document(docx_rebuild):
    """The edited page's document holds the new sentence; the first build's did not."""
    project, first, second, before, line = docx_rebuild
    old_text = paragraphs(first / f"{EDITED}.docx")
    new_text = paragraphs(second / f"{EDITED}.docx")
    assert any(line[:30] in p for p in old_text), "the first document should hold the paragraph"
    assert not any(ADDED_SENTENCE in p for p in old_text)
    assert any(ADDED_SENTENCE in p for p in new_text), "stale document served from the cache"
    after = cache_entries(project)
    new = [data for name, data in after.items() if name not in before]
    docs = [p.relative_to(second) for p in second.rglob("*.docx")]
    changed = {rel for rel in docs if (second / rel).read_bytes() != (first / rel).read_bytes()}
    assert Path(f"{EDITED}.docx") in changed
    assert {rel for rel in docs if (second / rel).read_bytes() in new} == changed, \
        "every re-made document (and only those) should be a new cache entry"
    # Pages whose HTML did not change keep their document (the templates list the
    # edited example, so their HTML, and documents, may legitimately change).
    examples = {rel for rel in docs if rel.parts[0] == "examples"}
    assert changed & examples == {Path(f"{EDITED}.docx")}, f"documents made again: {sorted(map(str, changed))}"

def test_cached_pages_get_the_draft_data_of_a_made_page(docx_rebuild):
    """Every page whose document came from the cache has the draft data (<page>.draft.js) the first build made."""
    _project, first, second, _before, _line = docx_rebuild
    same = [rel.relative_to(second) for rel in second.rglob("*.docx")
            if (first / rel.relative_to(second)).read_bytes() == rel.read_bytes()]
    assert Path(f"{UNCHANGED}.docx") in same
    for rel in same:
        draft = rel.with_suffix(".draft.js")
        assert (second / draft).read_bytes() == (first / draft).read_bytes(), draft
    assert (second / f"{EDITED}.draft.js").read_bytes() != (first / f"{EDITED}.draft.js").read_bytes()


def test_unchanged_example_comes_from_the_cache(docx_rebuild):
    """The unchanged page's document is the first build's, copied from its (touched) cache entry."""
    project, first, second, before, _line = docx_rebuild
    data = (first / f"{UNCHANGED}.docx").read_bytes()
    assert (second / f"{UNCHANGED}.docx").read_bytes() == data
    entry = next(name for name, cached in before.items() if cached == data)
    assert time.time() - (project / ".cache" / "docx" / entry).stat().st_mtime < 600, \
        "the unchanged page's cache entry was not used by the second build"


@pytest.fixture(scope="module")
def failing_build(tmp_path_factory):
    """Build a scenario whose export code raises in the worker for one page: (exit code, output)."""
    project = fixture_project(tmp_path_factory.mktemp("docx-fail"))
    with (project / "export" / "markdown_to_docx.py").open("a", encoding="utf-8") as out:
        out.write(FAILING_EXPORT)
    page = project / "docs" / "examples" / "school" / "inject-failure.md"
    page.write_text(FAILING_PAGE, encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TAKEAWAY_OFFLINE_BUNDLE="false",
               TAKEAWAY_DOCX_WORKERS="1", TAKEAWAY_DOCX_CACHE="false")  # worker path, even on one core
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                           "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
                          cwd=project, capture_output=True, text=True, env=env)
    return proc.returncode, proc.stdout + proc.stderr


def test_failing_document_fails_the_build(failing_build):
    """A document that fails in the worker process fails the build with the worker's error."""
    code, output = failing_build
    assert code != 0, f"the build passed although a document failed:\n{output}"
    assert "injected export failure" in output


def test_failing_document_error_names_the_page(failing_build):
    """The build's error names the page whose document failed (the injected error does not)."""
    code, output = failing_build
    assert code != 0
    assert "inject-failure" in output or FAIL_MARKER in output, \
        f"the build's error does not name the page:\n{output[-3000:]}"


# -----------------------------------------------------------------------------
# Theme pages
# -----------------------------------------------------------------------------

def _write_page(path: Path, meta: str, body: str, mtime: float) -> None:
    """Write a page and set its mtime."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{meta}---\n\n{body}", encoding="utf-8")
    os.utime(path, (mtime, mtime))


def _rendered(context, rel: str, html: str) -> None:
    """What the build does when it renders a page: its one walk goes into the build's context."""
    context.docs[rel] = page_doc.page_doc(html)


def test_theme_sections_follow_an_edited_example(tmp_path):
    """A rebuild after rewriting an example's section changes the theme page's card."""
    rel = "examples/school/cache-probe.md"
    meta = ("title: 缓存探针范文\nunit: school\nkind: year-end-summary\nsource: probe.txt#1\n"
            "tags: [中小学校, 年终总结, 送温暖]\n")
    _write_page(tmp_path / rel, meta, "## 一、送温暖工作\n\n八户。\n", time.time() - 100)
    build = context_of(_config(tmp_path))
    _rendered(build, rel, '<h2 id="a">一、送温暖工作</h2><p>春节前走访慰问困难职工八户，送去慰问金。</p>')
    first = themes.theme_sections(str(tmp_path), "themes/sending-warmth.md", "送温暖", build.docs)
    assert "八户" in first
    build = context_of(_config(tmp_path))  # the next build (a new config) starts from nothing
    assert not build.docs, "page walks of the previous build survive into the next"
    _write_page(tmp_path / rel, meta, "## 一、送温暖工作\n\n十五户。\n", time.time())
    _rendered(build, rel, '<h2 id="a">一、送温暖工作</h2><p>春节前走访慰问困难职工十五户，并为退休教师送去慰问品。</p>')
    second = themes.theme_sections(str(tmp_path), "themes/sending-warmth.md", "送温暖", build.docs)
    assert "十五户" in second and "八户" not in second, "stale sections served for an edited example"


def test_theme_sections_follow_an_edited_template(tmp_path):
    """A rebuild after rewriting a template's section changes the theme page's template row."""
    rel = "templates/school/year-end-summary.md"
    meta = "title: 缓存探针模板\nunit: school\nkind: year-end-summary\n"
    _write_page(tmp_path / rel, meta, "x\n", time.time() - 100)
    (tmp_path / "examples").mkdir()
    build = context_of(_config(tmp_path))
    _rendered(build, rel, '<h2 id="a">一、送温暖与帮扶困难职工</h2><p>写走访慰问困难职工的户数。</p>')
    first = themes.theme_sections(str(tmp_path), "themes/sending-warmth.md", "送温暖", build.docs)
    assert "送温暖与帮扶困难职工" in first
    build = context_of(_config(tmp_path))
    _rendered(build, rel, '<h2 id="b">一、送温暖暨节日慰问困难职工工作</h2><p>写走访慰问困难职工的户数和慰问金。</p>')
    second = themes.theme_sections(str(tmp_path), "themes/sending-warmth.md", "送温暖", build.docs)
    assert "节日慰问困难职工工作" in second and "#b)" in second, "stale template sections served for an edited template"
    assert "送温暖与帮扶困难职工" not in second


def _config(root: Path):
    """The little of a MkDocs config that a build's context reads."""
    return SimpleNamespace(extra={"takeaway": {"docx_cache": False}}, config_file_path=str(root / "mkdocs.yml"))


# -----------------------------------------------------------------------------
# Search text
# -----------------------------------------------------------------------------

NEW_WORD = "鲸落互助"
PROBE_TEXT = f"工会开展{NEW_WORD}活动，帮扶困难职工。"


def test_search_words_follow_jieba_dictionary_changes():
    """Adding a word to jieba's dictionary, and deleting it again, changes words_of at once."""
    jieba.initialize()
    before = search_text.words_of(PROBE_TEXT)
    assert NEW_WORD not in before, "pick a word jieba does not know yet"
    total, freq = jieba.dt.total, dict(jieba.dt.FREQ)
    force_split = set(jieba.finalseg.Force_Split_Words)
    try:
        jieba.add_word(NEW_WORD)
        assert NEW_WORD in search_text.words_of(PROBE_TEXT), "stale segmentation after add_word"
        jieba.del_word(NEW_WORD)
        assert NEW_WORD not in search_text.words_of(PROBE_TEXT), "stale segmentation after del_word"
    finally:  # del_word leaves the word at frequency 0 and the total raised: put jieba back exactly
        jieba.dt.FREQ.clear()
        jieba.dt.FREQ.update(freq)
        jieba.dt.total = total
        jieba.finalseg.Force_Split_Words.clear()
        jieba.finalseg.Force_Split_Words.update(force_split)
    assert search_text.words_of(PROBE_TEXT) == before


def test_docx_hook_reads_its_switches_from_the_build_context(tmp_path):
    """The Word hook takes docx, docx_workers and docx_cache from the build's settings (a wrong value: PluginError)."""
    from mkdocs.exceptions import PluginError

    from hooks import docx_export

    docx_export.on_startup(command="build", dirty=False)
    config = SimpleNamespace(extra={"takeaway": {"docx_workers": 0, "docx_cache": False, "docx": False}},
                             config_file_path=str(tmp_path / "mkdocs.yml"))
    docx_export.on_pre_build(config)
    assert docx_export._state["jobs"].workers == 0 and docx_export.workers() == 0
    assert docx_export._state["cache"] is None and docx_export._state["docx"] is False
    assert context_of(config).settings.docx_workers == 0
    with pytest.raises(PluginError, match=r"extra\.takeaway\.docx .*'maybe'"):
        docx_export.on_pre_build(SimpleNamespace(extra={"takeaway": {"docx": "maybe"}}, config_file_path=""))


def test_dirty_build_keeps_the_walks_of_pages_it_does_not_render(tmp_path):
    """--dirty: a page MkDocs will not render again gets its walk from its built HTML, in this build's context."""
    from hooks import docx_export

    rel = "examples/school/kept.md"
    built = tmp_path / "site" / "examples" / "school" / "kept" / "index.html"
    built.parent.mkdir(parents=True)
    built.write_text('<html><nav>导航</nav><article class="md-content__inner"><h1 id="t">标题</h1>'
                     '<h2 id="a">一、送温暖</h2><p>走访八户。</p></article></html>', encoding="utf-8")
    page = SimpleNamespace(src_uri=rel, dest_uri="examples/school/kept/index.html")
    listing = SimpleNamespace(src_uri="examples/index.md", dest_uri="examples/index.html")
    files = SimpleNamespace(documentation_pages=lambda: [page, listing])
    config = SimpleNamespace(extra={}, site_dir=str(tmp_path / "site"))
    try:
        docx_export.on_startup(command="build", dirty=True)
        assert docx_export.on_files(files, config) is files
        docs = context_of(config).docs
        assert set(docs) == {rel} and [s.anchor for s in docs[rel].sections] == ["a"]
        assert "导航" not in docs[rel].text
    finally:
        docx_export.on_startup(command="build", dirty=False)
