"""Theme pages: each tagged example's best section on the theme, as cards.

Unit tests run ``theme_sections`` on a small docs dir and render its output
with the site's own Markdown extensions; site tests read the real build.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import markdown
import pytest
import yaml
from mkdocs.config import load_config

from conftest import DOCS, ROOT
from gonghui_core import page_doc
from gonghui_core.listings import listing_pages
from gonghui_core.schema import iter_pages, load_vocab
from gonghui_core.text import escape_contributed
from macros import skeleton, themes

EXAMPLES = iter_pages(DOCS, "examples")
SLUGS = {slug: label for label, slug in load_vocab().theme_slugs.items()}
CARD_LINK_RE = re.compile(r"\[[^\]]*\]\(([^)#]+\.md)(?:#([^)]+))?\)")


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

class _Ids(HTMLParser):
    """Heading ids, element ids and links of an HTML fragment."""

    def __init__(self):
        super().__init__()
        self.heading_ids: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append(name)
            if name == "id":
                self.ids.add(value)
                if re.fullmatch(r"h[1-6]", tag):
                    self.heading_ids.append(value)
            if tag == "a" and name == "href":
                self.hrefs.append(value)


def _parse(html: str) -> _Ids:
    """Parse an HTML string."""
    parser = _Ids()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def render():
    """Markdown -> HTML with the site's extensions (from mkdocs.yml)."""
    config = load_config(str(ROOT / "mkdocs.yml"))

    def _render(text: str) -> str:
        md = markdown.Markdown(extensions=config["markdown_extensions"],
                               extension_configs=config["mdx_configs"])
        return md.convert(text)
    return _render


@pytest.fixture(scope="module")
def escape_hook():
    """The build's escaping of example pages (hooks/escape_examples.py uses the core's rule)."""
    return escape_contributed


def _write(docs: Path, rel: str, meta: dict, body: str) -> Path:
    """Write one page with front matter."""
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\n\n" + body,
                    encoding="utf-8")
    return path


def _meta(title: str, *themes_: str) -> dict:
    """Front matter of a school year-end summary tagged with themes."""
    return {"title": title, "unit": "school", "kind": "year-end-summary", "source": "t.txt#1",
            "tags": ["中小学校", "年终总结", *themes_]}


LONG = ("今年春节前夕，校工会走访慰问困难教职工十二户，送去慰问金和慰问品。"
        "对生病住院的教职工，工会委员第一时间到医院探望。"
        "金秋助学活动资助困难教职工子女三人，每人发放助学金一千元。"
        "教师节期间，工会组织慰问全体退休教师，召开座谈会听取意见。"
        "全年共送温暖四十余人次，发放慰问金两万余元，让教职工感受到组织的温暖。"
        "今后我们将继续做好帮扶工作。")

BODY = f"""## 一、加强工会自身建设

工会委员会坚持例会制度，加强自身建设，组织建设不断完善。

## 二、关心教职工生活

### （一）送温暖

{LONG}

### （一）送温暖

第二个同名小节，用来检验重复标题的锚点。

## 三、开展文体活动

组织了篮球比赛和运动会。
"""


def _render_pages(docs: Path, render) -> None:
    """Render every example and template of docs as the build does, into RENDERED (the build context's docs).

    The build walks each rendered page once (hooks/docx_export.py); theme
    cards are read from those walks. Examples are escaped first, templates'
    section_skeleton() calls expanded (what mkdocs-macros does).
    """
    RENDERED.clear()
    for section in ("examples", "templates"):
        for page in iter_pages(docs, section):
            body = page.body
            if section == "examples":
                body = escape_contributed(body)
            else:
                filled = skeleton.section_skeleton(page.meta["kind"], page.meta["unit"])
                body = SKELETON_CALL_RE.sub(lambda _m, filled=filled: filled, body)
            src = page.path.relative_to(docs).as_posix()
            RENDERED[src] = page_doc.page_doc(render(body))


SKELETON_CALL_RE = re.compile(r"\{\{\s*section_skeleton\([^)]*\)\s*\}\}")
RENDERED: dict[str, page_doc.PageDoc] = {}  # what a build's context holds (gonghui_core.build_context.BuildContext.docs)


@pytest.fixture(autouse=True)
def _empty_store():
    """Each test starts with no rendered pages and leaves none behind."""
    RENDERED.clear()
    yield
    RENDERED.clear()


@pytest.fixture
def docs(tmp_path, render):
    """A small docs dir: four examples, rendered into RENDERED (the build context's docs)."""
    d = tmp_path / "docs"
    _write(d, "examples/school/warm.md", _meta("某小学工会年终总结", "送温暖"), BODY)
    _write(d, "examples/school/hostile.md", _meta("<script>alert(1)</script>某校总结", "送温暖"),
           "## 一、送温暖<script>alert(2)</script>\n\n"
           "慰问<b onclick=\"x\">困难</b>教职工{: onclick=\"alert(3)\" }送温暖。**加粗** [链接](http://e.x)\n")
    _write(d, "examples/school/flat.md", _meta("没有小标题的总结", "送温暖"),
           "全年送温暖慰问困难职工十人。\n")
    _write(d, "examples/school/other.md", _meta("不写送温暖的总结", "文体活动"),
           "## 一、文体活动\n\n运动会。\n")
    _render_pages(d, render)
    return d


# -----------------------------------------------------------------------------
# Unit tests
# -----------------------------------------------------------------------------

def test_best_section_is_chosen_by_theme_keywords(docs):
    """The 送温暖 card links to the 送温暖 section, the 文体活动 card to that one."""
    out = themes.theme_sections(docs, "themes/sending-warmth.md", "送温暖", RENDERED)
    links = dict(CARD_LINK_RE.findall(out))
    assert links["../examples/school/warm.md"] == "一送温暖"
    out = themes.theme_sections(docs, "themes/culture-and-sports.md", "文体活动", RENDERED)
    assert "../examples/school/other.md#一文体活动" in out


def test_only_tagged_examples_appear(docs):
    """An example not tagged with the theme gets no card, every tagged one does."""
    out = themes.theme_sections(docs, "themes/sending-warmth.md", "sending-warmth", RENDERED)
    linked = {path for path, _ in CARD_LINK_RE.findall(out)}
    assert linked == {"../examples/school/warm.md", "../examples/school/hostile.md",
                      "../examples/school/flat.md"}


def test_page_without_headings_links_to_the_page(docs):
    """An example with no section gets a whole-text card without an anchor."""
    out = themes.theme_sections(docs, "themes/sending-warmth.md", "送温暖", RENDERED)
    assert "](../examples/school/flat.md)" in out
    assert "全年送温暖慰问困难职工十人。" in out


def test_excerpt_is_cut_at_a_sentence_end():
    """A long section gives 60–160 characters ending with 。, taken from its start."""
    text = themes.excerpt(LONG)
    assert len(LONG) > 160
    assert LONG.startswith(text)
    assert text.endswith("。") and 60 <= len(text) <= 160


def test_excerpt_without_sentence_end_is_marked_as_cut():
    """Text with no sentence end is cut hard and ends with ……"""
    text = themes.excerpt("慰问" * 200)
    assert text.endswith("……") and len(text) <= 160


def test_excerpt_starts_at_the_paragraph_on_the_theme():
    """When the first paragraph is off-theme, the excerpt starts at the matching one."""
    words = themes._theme_words("送温暖")
    text = themes.text_excerpt("组织教职工学习文件。\n春节前走访慰问困难职工，开展送温暖活动。", words)
    assert text.startswith("……春节前走访慰问")


def test_text_excerpt_is_cut_at_a_sentence_end():
    """Rendered text (one block per line) is cut as Markdown excerpts are."""
    text = themes.text_excerpt("小标题\n" + LONG)
    assert text.startswith("小标题今年春节前夕") and text.endswith("。") and len(text) <= 160


def test_theme_page_before_an_example_fails_clearly(docs):
    """A theme page rendered before a tagged example was walked is an error naming the example."""
    del RENDERED["examples/school/warm.md"]
    with pytest.raises(RuntimeError, match="examples/school/warm.md"):
        themes.theme_sections(docs, "themes/sending-warmth.md", "送温暖", RENDERED)


def test_cards_come_from_the_rendered_page_not_the_markdown(docs):
    """What the build rendered is what the card shows (the source file is not read again)."""
    doc = RENDERED["examples/school/warm.md"]
    changed = page_doc.PageDoc(doc.text, doc.headings, tuple(
        page_doc.Section(s.heading, s.level, "rendered-" + s.anchor, s.text) for s in doc.sections))
    RENDERED["examples/school/warm.md"] = changed
    out = themes.theme_sections(docs, "themes/sending-warmth.md", "送温暖", RENDERED)
    assert dict(CARD_LINK_RE.findall(out))["../examples/school/warm.md"] == "rendered-一送温暖"


def test_contributed_markup_stays_text(docs, render):
    """A <script> in a title or section, an attribute list and Markdown come out as text."""
    out = themes.theme_sections(docs, "themes/sending-warmth.md", "送温暖", RENDERED)
    html = render(out)
    parsed = _parse(html)
    assert "script" not in parsed.tags
    assert "onclick" not in parsed.attrs
    assert "http://e.x" not in parsed.hrefs
    assert "&lt;script&gt;alert(1)&lt;/script&gt;某校总结" in html
    assert "&lt;b onclick" in html
    assert 'class="grid cards"' in html


def test_no_extra_tags_from_contributed_text(docs, render):
    """The hostile card holds exactly the tags of a clean card."""
    out = themes.theme_sections(docs, "themes/sending-warmth.md", "送温暖", RENDERED)
    cards = out.split("\n-   ")[1:]
    hostile = next(c for c in cards if "hostile.md" in c)
    flat = next(c for c in cards if "flat.md" in c)
    assert sorted(_parse(render("-   " + hostile)).tags) == sorted(_parse(render("-   " + flat)).tags)


def test_anchors_equal_the_built_heading_ids(docs, render, escape_hook):
    """Every card anchor is a heading id of the example rendered as the build renders it."""
    out = themes.theme_sections(docs, "themes/sending-warmth.md", "送温暖", RENDERED)
    anchored = [(p, a) for p, a in CARD_LINK_RE.findall(out) if a]
    assert len(anchored) >= 2
    for path, anchor in anchored:
        page = iter_pages(docs, "examples")
        body = next(p.body for p in page if p.path.name == Path(path).name)
        assert anchor in _parse(render(escape_hook(body))).heading_ids, (path, anchor)


def test_duplicate_headings_get_the_toc_suffix(render, escape_hook):
    """Sections with the same heading get the ids the toc gives them (_1 for the second)."""
    html = render(escape_hook(BODY))
    sections = page_doc.page_doc(html).sections
    built = _parse(html).heading_ids
    assert [s.anchor for s in sections] == built
    assert len(set(built)) == len(built) == 5


def test_unknown_theme_fails_naming_the_allowed_ones(docs):
    """An unknown theme raises ValueError listing the themes."""
    with pytest.raises(ValueError) as err:
        themes.theme_sections(docs, "themes/x.md", "没有这个主题", RENDERED)
    for theme in load_vocab().themes:
        assert theme in str(err.value)


def test_every_theme_has_a_slug_and_a_listing_page():
    """Every theme of the vocabularies has a kebab-case slug and a generated page naming it."""
    assert sorted(SLUGS.values()) == sorted(load_vocab().themes)
    pages = listing_pages()
    for slug, label in SLUGS.items():
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
        assert f"# {label}" in pages[f"themes/{slug}.md"]
        assert not (DOCS / "themes" / f"{slug}.md").exists(), "listing pages are generated, not hand-made"


def test_template_sections_on_the_theme(tmp_path, render):
    """A template's skeleton section on the theme is listed with its anchor; its appendices are not."""
    d = tmp_path / "docs"
    (d / "examples").mkdir(parents=True)
    _write(d, "templates/school/half-year-summary.md",
           {"title": "中小学校工会上半年工作总结模板", "unit": "school", "kind": "half-year-summary",
            "tags": ["中小学校", "半年总结"], "render_macros": True},
           "# 模板\n\n## 使用说明\n\n说明。\n\n"
           '{{ section_skeleton(kind="half-year-summary", unit="school") }}\n\n'
           "## 附：月度活动安排参考\n\n" + "春节前走访慰问困难职工，开展送温暖活动。" * 5 + "\n")
    _render_pages(d, render)
    out = themes.theme_sections(d, "themes/sending-warmth.md", "送温暖", RENDERED)
    assert "模板中的相关小节" in out
    assert re.search(r"\(\.\./templates/school/half-year-summary\.md#[^)]+\)", out)
    assert "附：月度活动安排参考" not in out, "a template row links to an appendix"


# -----------------------------------------------------------------------------
# Site tests
# -----------------------------------------------------------------------------

def _article(path: Path) -> str:
    """The page's main content."""
    html = path.read_text(encoding="utf-8")
    return html[html.index("<article"):html.index("</article>")]


def _resolve(page_dir: Path, href: str) -> tuple[Path, str]:
    """Built file and fragment a relative link points to."""
    path, _, frag = href.partition("#")
    target = (page_dir / unquote(path)).resolve()
    return (target / "index.html" if target.is_dir() else target), unquote(frag)


def test_every_theme_page_is_built_and_linked_from_the_overview(site_dir):
    """Each theme has a built page, linked from the theme overview."""
    overview = site_dir / "themes" / "index.html"
    linked = {_resolve(overview.parent, h)[0] for h in _parse(_article(overview)).hrefs}
    for slug in SLUGS:
        page = site_dir / "themes" / slug / "index.html"
        assert page.exists(), f"theme page {slug} not built"
        assert page.resolve() in linked, f"overview does not link to {slug}"


@pytest.mark.parametrize("slug", list(SLUGS))
def test_theme_page_shows_every_tagged_example(site_dir, slug):
    """Every example tagged with the theme has a card linking into it."""
    page = site_dir / "themes" / slug / "index.html"
    hrefs = _parse(_article(page)).hrefs
    targets = {_resolve(page.parent, h)[0] for h in hrefs}
    tagged = [p for p in EXAMPLES if SLUGS[slug] in p.meta["tags"]]
    for ex in tagged:
        built = (site_dir / ex.path.relative_to(DOCS).with_suffix("") / "index.html").resolve()
        assert built in targets, f"{ex.path.name} missing from theme page {slug}"


@pytest.mark.parametrize("slug", list(SLUGS))
def test_card_anchors_exist_in_the_target_pages(site_dir, slug):
    """Every #anchor a theme page links to is an id in the built target page."""
    page = site_dir / "themes" / slug / "index.html"
    anchored = [h for h in _parse(_article(page)).hrefs if "#" in h and not h.startswith("#")]
    assert anchored, f"no section links on {slug}"
    for href in anchored:
        target, frag = _resolve(page.parent, href)
        assert target.exists(), href
        assert frag in _parse(target.read_text(encoding="utf-8")).ids, f"{slug}: {href}"
