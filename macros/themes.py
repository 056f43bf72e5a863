"""Theme pages: the sections of the examples (and templates) that treat one theme.

For every example tagged with a theme, the ``<h2>``/``<h3>`` section whose text
scores highest on the theme's keywords (the importer's weights in
``gonghui_core/data/theme_keywords.yml``) is shown as a card: heading, example title
and unit type, a short plain-text excerpt and a link to the section's anchor.
Sections come from the rendered pages (gonghui_core.page_doc, one walk of
each page's HTML per build, kept in the build's gonghui_core.build_context.BuildContext
and handed in as ``docs``), with the heading ids MkDocs' toc gave them: no
second Markdown parse. Example text is contributed content: everything taken from it is escaped, so
it is shown as text and never becomes markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass

from gonghui_core import page_doc
from gonghui_core.schema import Page
from gonghui_core.vocab import load_vocab, theme_keywords

from . import catalogue

HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
SKELETON_CALL_RE = re.compile(r"\{\{\s*section_skeleton\(([^)]*)\)\s*\}\}")
CALL_ARG_RE = re.compile(r"(\w+)\s*=\s*[\"']([^\"']*)[\"']")
LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
LINE_MARK_RE = re.compile(r"^\s*(?:[-*+]\s+|\d+\.\s+|>\s*|\?\?\?[+]?\s.*$|!!!\s.*$|\|)")
INLINE_MARK_RE = re.compile(r"\*+|_{2,}|`+")  # emphasis and code marks; tags stay, as text
PARAGRAPH_RE = re.compile(r"\n\s*\n")
SENTENCE_END_RE = re.compile(r"[。！？；]")
MD_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()#+\-.!|])")

# A template's appendices (附：月度活动安排参考, 附：提交前检查, 附：同类范文) are
# made by macros or are checklists: a template row links to its own sections.
# The same heading starts mark appendices in the .docx (export/docx_style.yml).
APPENDIX_STARTS = ("附：", "附件")
SECTION_LEVELS = (2, 3)   # sections shown on theme pages: ## and ###
HEADING_WEIGHT = 3        # a keyword in the heading counts this many times
EXCERPT_MIN, EXCERPT_MAX, EXCERPT_HARD = 120, 160, 150


@dataclass
class Section:
    """One ``##``/``###`` section of a page."""

    heading: str
    level: int
    anchor: str
    text: str      # text up to the next heading of a shown level
    score: float = 0.0


# -----------------------------------------------------------------------------
# Macro
# -----------------------------------------------------------------------------

def theme_sections(docs_dir, page_src: str, theme: str, docs: Mapping[str, page_doc.PageDoc]) -> str:
    """Grid cards: each tagged example's best section on ``theme`` (a slug or a Chinese name).

    docs: the build's walked pages by source path (BuildContext.docs).
    """
    label = theme_label(theme)
    words = _theme_words(label)
    cards = []
    for page in catalogue.load_pages(docs_dir, "examples"):
        if label in (page.meta.get("tags") or []):
            cards.append((best_section(rendered_sections(docs_dir, page, docs), words), page))
    cards.sort(key=lambda c: (-(c[0].score if c[0] else 0), c[1].meta.get("title", "")))
    out = ["## 范文中的相关小节\n", _intro(label, len(cards))]
    if cards:
        out.append(_grid([_card(docs_dir, page_src, page, sec, words, docs) for sec, page in cards]))
    else:
        out.append("*暂无范文。欢迎[投稿](%s)。*\n" % catalogue.relative_link(page_src, "contributing/index.md"))
    rows = _template_rows(docs_dir, page_src, words, docs)
    if rows:
        out.append("## 模板中的相关小节\n\n各模板中写这项工作的一节，点开可看写什么和可套用的句式：\n\n"
                   + "\n".join(rows) + "\n")
    return "\n".join(out)


# -----------------------------------------------------------------------------
# Themes and slugs
# -----------------------------------------------------------------------------

def theme_slugs() -> dict[str, str]:
    """Chinese theme name -> page slug, from the vocabularies."""
    return load_vocab().theme_slugs


def theme_label(theme: str) -> str:
    """The Chinese name of a theme given as slug or name; ValueError when unknown."""
    return load_vocab().theme_label(theme)


def _theme_words(label: str) -> dict[str, float]:
    """Keyword weights of one theme (shared with the importer's classifier)."""
    return theme_keywords()[label]


# -----------------------------------------------------------------------------
# Sections
# -----------------------------------------------------------------------------

def rendered_sections(docs_dir, page: Page, docs: Mapping[str, page_doc.PageDoc]) -> list[Section]:
    """The <h2>/<h3> sections of a rendered example or template page, with the ids MkDocs gave them.

    Read from the build's one walk of the page (docs, by source path):
    MkDocs renders docs/examples and docs/templates before the generated
    theme pages, so every such page is there when a theme page is rendered.
    """
    return [Section(s.heading, s.level, s.anchor, s.text) for s in _rendered(docs_dir, page, docs).sections]


def _rendered(docs_dir, page: Page, docs: Mapping[str, page_doc.PageDoc]) -> page_doc.PageDoc:
    """The PageDoc of a page rendered earlier in this build; a clear error if it was not."""
    src = catalogue.src_path(docs_dir, page)
    doc = docs.get(src)
    if doc is None:
        raise RuntimeError(f"主题页在 {src} 之前渲染：主题卡片取自已渲染的范文和模板页面"
                           f"（theme page rendered before {src}; listing pages must come after docs/examples and docs/templates)")
    return doc


def best_section(sections: list[Section], words: dict[str, float]) -> Section | None:
    """The section scoring highest on the keywords (first on ties); None if none scores."""
    for sec in sections:
        sec.score = HEADING_WEIGHT * _score(words, sec.heading) + _score(words, sec.text)
    best = max(sections, key=lambda s: s.score, default=None)
    return best if best and best.score > 0 else None


def _score(words: dict[str, float], text: str) -> float:
    """Sum of weight × occurrences, as the importer counts."""
    return sum(weight * text.count(word) for word, weight in words.items())


# -----------------------------------------------------------------------------
# Excerpts and escaping
# -----------------------------------------------------------------------------

def plain_text(markdown_text: str) -> str:
    """Markdown to one run of plain text: line markers, emphasis and link targets dropped."""
    parts = []
    for line in markdown_text.split("\n"):
        if HEADING_RE.match(line):
            line = HEADING_RE.match(line).group(2)
        line = LINE_MARK_RE.sub("", line)
        line = LINK_RE.sub(r"\1", line)
        parts.append(INLINE_MARK_RE.sub("", line).strip())
    return "".join(p for p in parts if p)


def excerpt(markdown_text: str, words: dict[str, float] | None = None) -> str:
    """About the first 120–160 characters, cut at a sentence end where there is one.

    With keywords, the excerpt starts at the paragraph that scores highest on
    them (marked with a leading ……), so it shows what the theme is about.
    """
    lead, text = "", plain_text(markdown_text)
    if words:
        paragraphs = [plain_text(p) for p in PARAGRAPH_RE.split(markdown_text)]
        paragraphs = [p for p in paragraphs if p]
        best = max(range(len(paragraphs)), key=lambda i: _score(words, paragraphs[i]), default=0)
        if best and _score(words, paragraphs[best]) > _score(words, paragraphs[0]):
            lead, text = "……", "".join(paragraphs[best:])
    return lead + _cut(text)


def text_excerpt(text: str, words: dict[str, float] | None = None) -> str:
    """excerpt of rendered plain text (one block per line): with keywords, from the block on the theme."""
    lead, blocks = "", [b.strip() for b in text.split("\n") if b.strip()]
    if words and blocks:
        best = max(range(len(blocks)), key=lambda i: _score(words, blocks[i]))
        if best and _score(words, blocks[best]) > _score(words, blocks[0]):
            lead, blocks = "……", blocks[best:]
    return lead + _cut("".join(blocks))


def _cut(text: str) -> str:
    """Text cut to about 120–160 characters at a sentence end."""
    if len(text) <= EXCERPT_MAX:
        return text
    ends = [m.end() for m in SENTENCE_END_RE.finditer(text, 0, EXCERPT_MAX)]
    good = [e for e in ends if e >= EXCERPT_MIN // 2]
    if good:
        return text[:good[-1]]
    return text[:EXCERPT_HARD].rstrip("，、：,") + "……"


def md_text(text: str) -> str:
    """Contributed text as inert Markdown: HTML escaped, Markdown syntax backslashed."""
    return MD_SPECIAL_RE.sub(r"\\\1", html.escape(str(text), quote=False)).replace("\n", " ")


# -----------------------------------------------------------------------------
# Rendering
# -----------------------------------------------------------------------------

def _intro(label: str, n: int) -> str:
    """The line above the cards."""
    return (f"本站有 {n} 篇范文写到“{label}”。每张卡片是其中一篇与本主题最相关的一节："
            f"先看小节标题和开头，点“阅读本节”跳到范文中的这一节。\n")


def _grid(cards: list[str]) -> str:
    """Material grid cards."""
    return '<div class="grid cards" markdown>\n\n' + "\n".join(cards) + "\n</div>\n"


def _card(docs_dir, page_src: str, page: Page, sec: Section | None, words: dict,
          docs: Mapping[str, page_doc.PageDoc]) -> str:
    """One card: section heading, example title and unit, excerpt, link."""
    vocab = load_vocab()
    target = catalogue.relative_link(page_src, catalogue.src_path(docs_dir, page))
    meta = page.meta
    source = " · ".join([md_text(meta.get("title", "")), vocab.units[meta["unit"]]["tag"],
                         vocab.kinds[meta["kind"]]["tag"]])
    if sec is None:  # no heading, or no section names the theme: the whole text
        heading, link, text, more = "全文", target, _rendered(docs_dir, page, docs).body(), "阅读全文"
    else:
        heading, link, text, more = sec.heading, f"{target}#{sec.anchor}", sec.text, "阅读本节"
    return (f"-   **[{md_text(heading)}]({link})**\n\n"
            f"    <small>{source}</small>\n\n"
            f"    ---\n\n"
            f"    {md_text(text_excerpt(text, words))}\n\n"
            f"    [{more} →]({link})\n")


def _template_rows(docs_dir, page_src: str, words: dict[str, float], docs: Mapping[str, page_doc.PageDoc]) -> list[str]:
    """One list line per template whose skeleton has a section on the theme."""
    vocab = load_vocab()
    units, kinds = list(vocab.units), list(vocab.kinds)
    rows = []
    pages = sorted(catalogue.load_pages(docs_dir, "templates"),
                   key=lambda p: (units.index(p.meta["unit"]), kinds.index(p.meta["kind"])))
    for page in pages:
        own = [sec for sec in rendered_sections(docs_dir, page, docs) if not sec.heading.startswith(APPENDIX_STARTS)]
        sec = best_section(own, words)
        if sec is None:
            continue
        link = f"{catalogue.relative_link(page_src, catalogue.src_path(docs_dir, page))}#{sec.anchor}"
        rows.append(f"- {md_text(page.meta.get('title', ''))}：[{md_text(sec.heading)}]({link})")
    return rows
