"""One representation of a rendered page, made in one walk of its HTML.

MkDocs (or any generator) renders a page to HTML once; this module walks that
HTML once and keeps what every later consumer needs:

- the plain text (no markup, no zero-width characters, spaces collapsed) and
  its headings with their character offsets: the search entry;
- every heading's level, id (the id the generator's toc put into the HTML)
  and text: the draft desk cuts the page's .docx at them;
- the ``<h2>``/``<h3>`` sections with their text: the theme pages' cards.

No generator imports: the adapters (hooks/, macros/) hand HTML in and read
``PageDoc`` out. A build keeps its pages' documents by source path
(``examples/school/foo.md``) in its ``gonghui_core.build_context.BuildContext``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html

from .rules import INVISIBLE_RE

SPACE_RE = re.compile(r"[ \t\r\f\v\u3000\u00a0]+")
NEWLINES_RE = re.compile(r"\s*\n\s*")
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = HEADING_TAGS | {"p", "li", "ul", "ol", "table", "tr", "td", "th", "pre",
                             "div", "blockquote", "dt", "dd", "details", "summary", "br"}
SKIP_TAGS = {"script", "style", "button", "object", "template", "svg"}
SKIP_CLASSES = {"headerlink", "md-source-file", "md-search-exclude"}
SECTION_LEVELS = (2, 3)  # sections of the theme cards: <h2> and <h3>


@dataclass(frozen=True)
class Heading:
    """One heading: offset of its text in PageDoc.text, id ('' if none), tag level, text."""

    offset: int
    id: str
    level: int
    text: str


@dataclass(frozen=True)
class Section:
    """One <h2>/<h3> section: heading, level, anchor, and its text up to the next shown heading."""

    heading: str
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class PageDoc:
    """A rendered page, walked once."""

    text: str
    headings: tuple[Heading, ...] = ()
    sections: tuple[Section, ...] = field(default=())

    def search_headings(self) -> list[list]:
        """[offset, id, level] of the headings that have an id (the search index's format)."""
        return [[h.offset, h.id, h.level] for h in self.headings if h.id]

    def body(self) -> str:
        """The text after the page's <h1> title (the whole text if it has none)."""
        first = self.headings[0] if self.headings else None
        if first is not None and first.level == 1 and first.offset == 0:
            return self.text[len(first.text):].lstrip("\n")
        return self.text


def page_doc(html: str) -> PageDoc:
    """Parse page HTML once and build its PageDoc."""
    if not html.strip():
        return PageDoc("")
    return from_tree(lxml.html.fragment_fromstring(html, create_parent="div"))


def from_tree(root) -> PageDoc:
    """The PageDoc of a parsed page (root: the fragment's parent element; not changed)."""
    parts: list[str] = []
    marks: list[list] = []
    _walk(root, parts, marks)
    text, fixed = _tidy(parts, marks)
    headings = tuple(Heading(off, hid, level, _line_at(text, off)) for off, hid, level in fixed)
    return PageDoc(text, headings, _sections(text, headings))


def page_text(html: str) -> tuple[str, list[list]]:
    """Plain text of rendered page HTML and its headings as [offset, id, level]."""
    doc = page_doc(html)
    return doc.text, doc.search_headings()


# -----------------------------------------------------------------------------
# The walk
# -----------------------------------------------------------------------------

def _skipped(el) -> bool:
    """Whether an element and its content stay out of the text."""
    if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
        return True
    classes = set((el.get("class") or "").split())
    return bool(classes & SKIP_CLASSES) or el.get("data-search-exclude") is not None


def _walk(el, parts: list[str], marks: list[list]) -> None:
    """Append the text of el (and its tail) to parts, marking headings."""
    if _skipped(el):
        if el.tail:
            parts.append(el.tail)
        return
    block = el.tag in BLOCK_TAGS
    if block:
        parts.append("\n")
    if el.tag in HEADING_TAGS:
        marks.append([sum(map(len, parts)), el.get("id") or "", int(el.tag[1])])
    if el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts, marks)
    if block:
        parts.append("\n")
    if el.tail:
        parts.append(el.tail)


def _tidy(parts: list[str], marks: list[list]) -> tuple[str, list[list]]:
    """Collapse spaces and blank lines, shifting heading offsets to match."""
    raw = "".join(parts)
    cuts = sorted({m[0] for m in marks})
    out, offsets, pos = [], {}, 0
    bounds = [0, *cuts, len(raw)]
    for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
        offsets[cuts[i - 1] if i else 0] = pos
        clean = NEWLINES_RE.sub("\n", SPACE_RE.sub(" ", INVISIBLE_RE.sub("", raw[a:b])))
        if i and out and out[-1].endswith("\n") and clean.startswith("\n"):
            clean = clean[1:]
        out.append(clean)
        pos += len(clean)
    text = "".join(out)
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    return text, [[max(0, offsets.get(m[0], 0) - lead), m[1], m[2]] for m in marks]


def _line_at(text: str, offset: int) -> str:
    """The line of text starting at offset (a heading's text), leading newline skipped."""
    rest = text[offset:].lstrip("\n")
    return rest.split("\n", 1)[0].strip()


def _after_line(text: str, offset: int, end: int) -> str:
    """text[offset:end] without its first line (the heading), trimmed."""
    chunk = text[offset:end].lstrip("\n")
    return chunk.split("\n", 1)[1].strip() if "\n" in chunk else ""


def _sections(text: str, headings: tuple[Heading, ...]) -> tuple[Section, ...]:
    """<h2>/<h3> sections; a section's text runs to the next <h2>/<h3> (its subtree if it has no own text)."""
    shown = [h for h in headings if h.level in SECTION_LEVELS]
    out = []
    for i, h in enumerate(shown):
        end = shown[i + 1].offset if i + 1 < len(shown) else len(text)
        own = _after_line(text, h.offset, end)
        if not own:
            nxt = next((g.offset for g in shown[i + 1:] if g.level <= h.level), len(text))
            own = _after_line(text, h.offset, nxt)
        out.append(Section(h.text, h.level, h.id, own))
    return tuple(out)
