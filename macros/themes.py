"""Theme pages: the sections of the examples (and templates) that treat one theme.

For every example tagged with a theme, the ``##``/``###`` section whose text
scores highest on the theme's keywords (the importer's weights in
``gonghui_core/data/theme_keywords.yml``) is shown as a card: heading, example title
and unit type, a short plain-text excerpt and a link to the section's anchor.
Example text is contributed content: everything taken from it is escaped, so
it is shown as text and never becomes markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from gonghui_core.headings import heading_ids
from gonghui_core.schema import Page
from gonghui_core.vocab import load_vocab, theme_keywords

from . import catalogue, skeleton

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

SECTION_LEVELS = (2, 3)   # sections shown on theme pages: ## and ###
HEADING_WEIGHT = 3        # a keyword in the heading counts this many times
EXCERPT_MIN, EXCERPT_MAX, EXCERPT_HARD = 120, 160, 150
# Example path -> (body, sections): each example is split once per build, not
# once per theme page; catalogue.load_pages re-reads a file whose mtime or
# size changed, and a changed body is split again.
_SECTIONS: dict[Path, tuple[str, list]] = {}
_TEMPLATE_SECTIONS: dict[Path, tuple[str, list]] = {}  # the same for templates (skeleton expanded)


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

def theme_sections(docs_dir, page_src: str, theme: str) -> str:
    """Grid cards: each tagged example's best section on ``theme`` (a slug or a Chinese name)."""
    label = theme_label(theme)
    words = _theme_words(label)
    cards = []
    for page in catalogue.load_pages(docs_dir, "examples"):
        if label in (page.meta.get("tags") or []):
            cards.append((best_section(cached_example_sections(page), words), page))
    cards.sort(key=lambda c: (-(c[0].score if c[0] else 0), c[1].meta.get("title", "")))
    out = ["## 范文中的相关小节\n", _intro(label, len(cards))]
    if cards:
        out.append(_grid([_card(docs_dir, page_src, page, sec, words) for sec, page in cards]))
    else:
        out.append("*暂无范文。欢迎[投稿](%s)。*\n" % catalogue.relative_link(page_src, "contributing/index.md"))
    rows = _template_rows(docs_dir, page_src, words)
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

def example_sections(body: str) -> list[Section]:
    """The ``##``/``###`` sections of an example body, with the ids the build gives them."""
    return _sections(body, escape=True)


def cached_example_sections(page: Page) -> list[Section]:
    """example_sections of a page, split once per body (fresh copies: best_section scores them)."""
    cached = _SECTIONS.get(page.path)
    if cached is None or cached[0] != page.body:
        cached = _SECTIONS[page.path] = (page.body, example_sections(page.body))
    return [replace(sec) for sec in cached[1]]


def best_section(sections: list[Section], words: dict[str, float]) -> Section | None:
    """The section scoring highest on the keywords (first on ties); None if none scores."""
    for sec in sections:
        sec.score = HEADING_WEIGHT * _score(words, sec.heading) + _score(words, sec.text)
    best = max(sections, key=lambda s: s.score, default=None)
    return best if best and best.score > 0 else None


def _sections(body: str, escape: bool) -> list[Section]:
    """Split a body at its headings; the text of a section runs to the next ##/### heading."""
    heads = _headings(body)
    ids = heading_ids([text for _n, _level, text in heads], escape)
    lines = body.split("\n")
    shown = [(n, level, text, hid) for (n, level, text), hid in zip(heads, ids) if level in SECTION_LEVELS]
    sections = []
    for i, (n, level, text, hid) in enumerate(shown):
        end = shown[i + 1][0] if i + 1 < len(shown) else len(lines)
        own = "\n".join(lines[n + 1:end])
        if not own.strip():  # a heading with only subsections: show its subtree
            nxt = next((m for m, lv, *_ in shown[i + 1:] if lv <= level), len(lines))
            own = "\n".join(lines[n + 1:nxt])
        sections.append(Section(text, level, hid, own))
    return sections


def _headings(body: str) -> list[tuple[int, int, str]]:
    """(0-based line, level, text) of every ATX heading outside code fences."""
    out, fenced = [], False
    for n, line in enumerate(body.split("\n")):
        if FENCE_RE.match(line):
            fenced = not fenced
        elif not fenced and (m := HEADING_RE.match(line)):
            out.append((n, len(m.group(1)), m.group(2)))
    return out


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


def _card(docs_dir, page_src: str, page: Page, sec: Section | None, words: dict) -> str:
    """One card: section heading, example title and unit, excerpt, link."""
    vocab = load_vocab()
    target = catalogue.relative_link(page_src, catalogue.src_path(docs_dir, page))
    meta = page.meta
    source = " · ".join([md_text(meta.get("title", "")), vocab.units[meta["unit"]]["tag"],
                         vocab.kinds[meta["kind"]]["tag"]])
    if sec is None:  # no heading, or no section names the theme: the whole text
        heading, link, text, more = "全文", target, page.body, "阅读全文"
    else:
        heading, link, text, more = sec.heading, f"{target}#{sec.anchor}", sec.text, "阅读本节"
    return (f"-   **[{md_text(plain_text(heading))}]({link})**\n\n"
            f"    <small>{source}</small>\n\n"
            f"    ---\n\n"
            f"    {md_text(excerpt(text, words))}\n\n"
            f"    [{more} →]({link})\n")


def _template_rows(docs_dir, page_src: str, words: dict[str, float]) -> list[str]:
    """One list line per template whose skeleton has a section on the theme."""
    vocab = load_vocab()
    units, kinds = list(vocab.units), list(vocab.kinds)
    rows = []
    pages = sorted(catalogue.load_pages(docs_dir, "templates"),
                   key=lambda p: (units.index(p.meta["unit"]), kinds.index(p.meta["kind"])))
    for page in pages:
        sec = best_section(_cached_template_sections(page), words)
        if sec is None:
            continue
        link = f"{catalogue.relative_link(page_src, catalogue.src_path(docs_dir, page))}#{sec.anchor}"
        rows.append(f"- {md_text(page.meta.get('title', ''))}：[{md_text(plain_text(sec.heading))}]({link})")
    return rows


def _cached_template_sections(page: Page) -> list[Section]:
    """template_sections of a page, computed once per body (fresh copies, as for examples)."""
    cached = _TEMPLATE_SECTIONS.get(page.path)
    if cached is None or cached[0] != page.body:
        cached = _TEMPLATE_SECTIONS[page.path] = (page.body, template_sections(page))
    return [replace(sec) for sec in cached[1]]


def template_sections(page: Page) -> list[Section]:
    """Sections of a template page with its section_skeleton() call expanded."""
    def expand(m: re.Match) -> str:
        args = dict(CALL_ARG_RE.findall(m.group(1)))
        return skeleton.section_skeleton(args.get("kind") or page.meta.get("kind"),
                                         args.get("unit") or page.meta.get("unit"),
                                         int(args.get("level", 2)))
    return _sections(SKELETON_CALL_RE.sub(expand, page.body), escape=False)
