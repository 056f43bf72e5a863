"""Convert a page's rendered HTML (or Markdown) into an official-looking Word document.

The build hook feeds the HTML of a page after Markdown and macros have run,
so tables made by macros (the activity calendar) arrive as real tables.
Headings get the font of their official numbering level (一、 黑体,
（一） 楷体, 1. 仿宋 bold); lists become numbered paragraphs; tables become
Word tables; placeholders 【…】 stay as plain text; permalink marks and
zero-width characters are dropped.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import lxml.html
import markdown
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from .docx_layout import (HEADING_STYLES, TABLE_STYLE, TITLE_STYLE, exact_spacing, load_style, new_document,
                          style_ids, style_run)

ZERO_WIDTH_RE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")
SPACE_RE = re.compile(r"\s+")
CJK_SPACE_RE = re.compile(r"(?<=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]) (?=[\u3000-\u303f\u3400-\u9fff\uff00-\uffef])")
LEVEL_RES = (
    (1, re.compile(r"^[一二三四五六七八九十百]+、")),
    (2, re.compile(r"^[（(][一二三四五六七八九十百]+[）)]")),
    (3, re.compile(r"^\d+[.．、]")),
    (4, re.compile(r"^[（(]\d+[）)]")),
)
DATE_LINE_RE = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4}|20××)年[\d一二三四五六七八九十×]{1,3}月([\d一二三四五六七八九十×]{1,3}日)?$")
SENTENCE_END_RE = re.compile(r"[。；：！？，、]$")
CJK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
SKIP_XPATH = ("//*[contains(concat(' ', @class, ' '), ' headerlink ')"
              " or contains(concat(' ', @class, ' '), ' takeaway-toolbar ')"
              " or @data-search-exclude or self::button or self::script or self::style"
              " or self::img or self::svg]")
CONTAINER_TAGS = {"div", "section", "article", "blockquote", "details", "figure", "main"}
BLOCK_TAGS = set(HEADING_TAGS) | CONTAINER_TAGS | {"p", "ul", "ol", "table", "pre", "hr", "summary"}
MARKDOWN_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "sane_lists"]


# -----------------------------------------------------------------------------
# Public API
# -----------------------------------------------------------------------------

def markdown_to_docx(text: str, title: str | None = None, style: dict | None = None):
    """Render Markdown to HTML, then to a Word document."""
    return html_to_docx(markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS), title, style)


def html_to_docx(html: str, title: str | None = None, style: dict | None = None):
    """Build a Word document from a page's HTML; the title defaults to the first <h1>."""
    style = style or load_style()
    root = lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for el in root.xpath(SKIP_XPATH):
        _drop(el)
    _omit(root, style.get("omit", {}))
    if title is None:
        first_h1 = root.find(".//h1")
        title = clean_text(first_h1.text_content()) if first_h1 is not None else ""
    writer = _Writer(new_document(style), style, clean_text(title))
    writer.title()
    writer.blocks(root)
    writer.closing()
    return writer.document


def save_docx(document, path: Path) -> Path:
    """Write the document, creating folders as needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def write_page_docx(html: str, title: str, path: Path, keep: Path | None = None) -> Path:
    """Make a page's document and save it; with keep, also store a copy there (atomically).

    Module-level, so a build can run it in a worker process.
    """
    path = save_docx(html_to_docx(html, title), path)
    if keep is not None:
        keep.parent.mkdir(parents=True, exist_ok=True)
        tmp = keep.with_name(f"{keep.stem}.{os.getpid()}.tmp")
        shutil.copyfile(path, tmp)
        os.replace(tmp, keep)  # atomic: a parallel build never reads half a file
    return path


def clean_text(text: str) -> str:
    """Collapse whitespace, drop zero-width characters and spaces between Chinese characters."""
    text = SPACE_RE.sub(" ", ZERO_WIDTH_RE.sub("", text)).strip()
    return CJK_SPACE_RE.sub("", text)


def heading_level(text: str, tag_level: int) -> int:
    """Official level (1 一、 … 4 （1）) from the numbering, else from the HTML level."""
    for level, pattern in LEVEL_RES:
        if pattern.match(text):
            return level
    return max(1, min(4, tag_level - 1))


# -----------------------------------------------------------------------------
# Writer
# -----------------------------------------------------------------------------

class _Writer:
    """Walks HTML blocks and appends paragraphs and tables to a document."""

    def __init__(self, document, style: dict, title: str):
        self.document, self.style, self.title_text = document, style, title
        self.body_pt = style["body"]["size_pt"]
        self.last: list = []  # body paragraphs since the last heading or table
        self.style_ids = style_ids(document)  # by id: python-docx looks names up per paragraph
        self.body = document.element.body
        self.sect_pr = self.body.sectPr  # new paragraphs go before it, as add_paragraph puts them

    def new_paragraph(self, style_name: str | None = None) -> Paragraph:
        """An empty body paragraph at the end, as document.add_paragraph(style=...) makes it."""
        p = OxmlElement("w:p")
        if self.sect_pr is not None:
            self.sect_pr.addprevious(p)
        else:
            self.body.append(p)
        if style_name is not None:
            p.style = self.style_ids[style_name]
        return Paragraph(p, self.document._body)

    def title(self) -> None:
        """The centred title and the empty line below it."""
        if not self.title_text:
            return
        para = self.new_paragraph(TITLE_STYLE)
        style_run(para.add_run(self.title_text), "title", self.style["title"]["size_pt"], style=self.style)
        for _ in range(self.style["title"]["space_after_lines"]):
            self.new_paragraph()

    def blocks(self, parent) -> None:
        """Write the block children of an element in order; loose inline content becomes a paragraph."""
        pending = _Inline(parent.text)
        for child in parent:
            if not isinstance(child.tag, str):
                pending.add_tail(child)
            elif child.tag in BLOCK_TAGS:
                self.paragraph(pending.runs)
                pending = _Inline(None)
                self.block(child)
                pending.add_text(child.tail)
            else:
                pending.add_element(child)
        self.paragraph(pending.runs)

    def block(self, el) -> None:
        """Write one block element."""
        tag = el.tag
        if tag in HEADING_TAGS:
            self.heading(el)
        elif tag in ("p", "summary"):
            self.paragraph(_Inline.of(el).runs)
        elif tag in ("ul", "ol"):
            self.list(el, depth=0)
        elif tag == "table":
            self.table(el)
        elif tag == "pre":
            for line in el.text_content().splitlines():
                self.paragraph([(line, False)])
        elif tag in CONTAINER_TAGS:
            self.blocks(el)

    def heading(self, el) -> None:
        """A heading in the font of its numbering level; the page title itself is skipped."""
        text = clean_text(el.text_content())
        if not text or (el.tag == "h1" and text == self.title_text):
            return
        level = heading_level(text, HEADING_TAGS[el.tag])
        spec = self.style["headings"][f"level{level}"]
        self.last = []
        para = self.new_paragraph(HEADING_STYLES[level])
        style_run(para.add_run(text), spec["font"], self.body_pt, spec["bold"], self.style)

    def paragraph(self, runs: list[tuple[str, bool]], prefix: str = ""):
        """A body paragraph from (text, bold) runs; empty runs write nothing."""
        runs = _trim(runs)
        if not runs and not prefix:
            return None
        para = self.new_paragraph()
        for text, bold in ([(prefix, False)] if prefix else []) + runs:
            self._add_text(para, text, bold, "body", self.body_pt)
        self.last.append(para)
        return para

    def closing(self) -> None:
        """Signature and date at the end (某某工会 / 2016年12月20日): right-aligned, four characters in."""
        if not self.last or not DATE_LINE_RE.match(self.last[-1].text.strip()):
            return
        lines = [self.last[-1]]
        if len(self.last) > 1 and len(self.last[-2].text) <= 25 and not SENTENCE_END_RE.search(self.last[-2].text):
            lines.insert(0, self.last[-2])
        for para in lines:
            fmt = para.paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            fmt.first_line_indent = Pt(0)
            fmt._element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
            fmt.right_indent = Pt(self.style["body"]["closing_right_indent_chars"] * self.body_pt)

    def list(self, el, depth: int) -> None:
        """List items as paragraphs; ordered items numbered 1. then （1）."""
        start = int(el.get("start", "1") or 1)
        for n, item in enumerate(el.findall("li"), start=start):
            prefix = (f"{n}." if depth == 0 else f"（{n}）") if el.tag == "ol" else ""
            inline, rest = _Inline(item.text), []
            for child in item:
                if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
                    rest.append(child)
                else:
                    inline.add_element(child) if isinstance(child.tag, str) else inline.add_tail(child)
            if inline.runs or not rest or rest[0].tag != "p":
                self.paragraph(inline.runs, prefix)
                prefix = ""
            for child in rest:
                if child.tag in ("ul", "ol"):
                    self.list(child, depth + 1)
                elif child.tag == "p":
                    self.paragraph(_Inline.of(child).runs, prefix)
                    prefix = ""
                else:
                    self.block(child)

    def table(self, el) -> None:
        """An HTML table as a Word table with a repeated, bold header row."""
        rows = el.findall(".//tr")
        if not rows:
            return
        width = max(len(r.findall("th") + r.findall("td")) for r in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = self.document.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        spec = self.style["table"]
        grid = table._cells  # once: table.cell() rebuilds this list on every call
        for r, row in enumerate(rows):
            header = all(c.tag == "th" for c in row if isinstance(c.tag, str))
            if header:
                _repeat_header(table.rows[r])
            cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("th", "td")]
            for c, cell in enumerate(cells):
                self._cell(grid[r * width + c], cell, header and spec["header_bold"], spec)
        _fit_columns(table, rows, self.document.sections[0])
        self.new_paragraph()
        self.last = []

    def _cell(self, cell, el, bold: bool, spec: dict) -> None:
        """Fill one table cell: each line of the HTML cell becomes a paragraph."""
        lines, current = [], _Inline(None)
        for text, b in _Inline.of(el).runs:
            for i, part in enumerate(text.split("\n")):
                if i:
                    lines.append(current.runs)
                    current = _Inline(None)
                current.runs.append((part, b))
        lines.append(current.runs)
        lines = [_trim(line) for line in lines if _trim(line)] or [[]]
        for i, runs in enumerate(lines):
            para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            fmt = para.paragraph_format
            exact_spacing(fmt, spec["line_spacing_pt"])
            fmt.first_line_indent = Pt(0)
            fmt._element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER if bold else WD_ALIGN_PARAGRAPH.LEFT
            for text, b in runs:
                self._add_text(para, text, b or bold, "body", spec["size_pt"])

    def _add_text(self, para, text: str, bold: bool, role: str, size: float) -> None:
        """Append text as runs, turning newlines into line breaks."""
        for i, part in enumerate(text.split("\n")):
            run = para.add_run()
            if i:
                run.add_break()
            run.text = part
            style_run(run, role, size, bold, self.style)


# -----------------------------------------------------------------------------
# Inline text
# -----------------------------------------------------------------------------

class _Inline:
    """Collects (text, bold) runs from inline HTML; <br> becomes a newline."""

    def __init__(self, text: str | None):
        self.runs: list[tuple[str, bool]] = []
        self.add_text(text)

    @classmethod
    def of(cls, el) -> "_Inline":
        """The runs of an element's whole content."""
        inline = cls(el.text)
        for child in el:
            inline.add_element(child) if isinstance(child.tag, str) else inline.add_tail(child)
        return inline

    def add_text(self, text: str | None, bold: bool = False) -> None:
        """Add text with whitespace collapsed."""
        if text:
            text = SPACE_RE.sub(" ", ZERO_WIDTH_RE.sub("", text))
            if text:
                self.runs.append((text, bold))

    def add_tail(self, node) -> None:
        """Comments and processing instructions: keep only their tail."""
        self.add_text(node.tail)

    def add_element(self, el, bold: bool = False) -> None:
        """Add an inline element, its children and its tail."""
        if el.tag == "br":
            self.runs.append(("\n", bold))
        else:
            inner = bold or el.tag in ("strong", "b")
            self.add_text(el.text, inner)
            for child in el:
                self.add_element(child, inner) if isinstance(child.tag, str) else self.add_tail(child)
        self.add_text(el.tail, bold)


def _trim(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Strip spaces at the ends and around line breaks; drop spaces between Chinese characters."""
    text = "".join(t for t, _ in runs)
    if not text.strip():
        return []
    out, merged = [], []
    for t, b in runs:  # merge neighbours of equal weight, so edits see whole words
        if merged and merged[-1][1] == b:
            merged[-1] = (merged[-1][0] + t, b)
        else:
            merged.append((t, b))
    for i in range(1, len(merged)):  # a space between runs, between Chinese characters
        prev, (t, b) = merged[i - 1][0], merged[i]
        if t.startswith(" ") and re.match(f"[{CJK}]", t[1:2]) and re.search(f"[{CJK}]$", prev.rstrip()):
            merged[i] = (t[1:], b)
        if prev.endswith(" ") and re.match(f"[{CJK}]", t.lstrip()[:1]) and re.search(f"[{CJK}]$", prev.rstrip()):
            merged[i - 1] = (prev.rstrip(), merged[i - 1][1])
    for i, (t, b) in enumerate(merged):
        t = re.sub(r" ?\n ?", "\n", CJK_SPACE_RE.sub("", t))
        if i == 0:
            t = t.lstrip()
        if i == len(merged) - 1:
            t = t.rstrip()
        if t:
            out.append((t, b))
    return out


def _fit_columns(table, rows, section) -> None:
    """Share the text width among columns by the length of their longest line (within limits)."""
    cols = len(table.columns)
    longest = [4] * cols
    for row in rows:
        cells = [c for c in row if isinstance(c.tag, str) and c.tag in ("th", "td")]
        for i, cell in enumerate(cells[:cols]):
            lines = [len(clean_text(t)) for t in cell.itertext()] or [0]
            longest[i] = max(longest[i], min(max(lines), 16))
    total = section.page_width - section.left_margin - section.right_margin
    table.autofit = False
    grid = table._cells  # once, not per column
    for i, column in enumerate(table.columns):
        width = int(total * longest[i] / sum(longest))
        column.width = width  # the grid, which LibreOffice and WPS follow
        for cell in grid[i::cols]:
            cell.width = width


def _repeat_header(row) -> None:
    """Mark a table row as a header repeated on every page."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _omit(root, omit: dict) -> None:
    """Remove page-only parts: sections by heading start, elements by tag or class."""
    starts, ends = tuple(omit.get("sections", [])), tuple(omit.get("section_ends", []))
    for heading in [h for h in root if isinstance(h.tag, str) and h.tag in HEADING_TAGS]:
        if starts and clean_text(heading.text_content()).startswith(starts) and heading.getparent() is not None:
            level, el = HEADING_TAGS[heading.tag], heading.getnext()
            while el is not None and HEADING_TAGS.get(el.tag, 99) > level:
                if ends and clean_text(el.text_content()).startswith(ends):
                    break
                nxt = el.getnext()
                _drop(el)
                el = nxt
            _drop(heading)
    tags = omit.get("tags") or []
    for el in list(root.iter(*tags)) if tags else []:
        _drop(el)
    for cls in omit.get("classes", []):
        for el in root.xpath(f"//*[contains(concat(' ', @class, ' '), ' {cls} ')]"):
            _drop(el)


def _drop(el) -> None:
    """Remove an element but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)
