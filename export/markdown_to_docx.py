"""Convert a page's rendered HTML (or Markdown) into an official-looking Word document.

The build hook feeds the HTML of a page after Markdown and macros have run,
so tables made by macros (the activity calendar) arrive as real tables.
Headings get the font of their official numbering level (一、 黑体,
（一） 楷体, 1. 仿宋 bold); lists become numbered paragraphs; tables become
Word tables; placeholders 【…】 stay as plain text, each in a run of its
own (never broken across lines in a table cell); permalink marks and
zero-width characters are dropped.

The writer records what it writes (``Block``: kind, official and HTML level,
the page heading it belongs to by id, text, and its XML cut at the
placeholders), so 我的草稿's data (export/fragments.py) comes from the
record, never from reading the saved file back.

What an office sends out (GB/T 9704-2012): a long title broken between words
into balanced lines; template documents reduced to headings and fill-in
sentences; a 落款 (issuing unit and date, 右空四字) below the text, with the
appendices ("附：…") listed above it and each set on a page of its own; table
rows that never split, columns as wide as their content needs; file
properties naming the document, the site and the build date.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import markdown
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph
from lxml import etree

from gonghui_core import rules
from gonghui_core.files import copy_atomic
from gonghui_core.text import CJK

from .cjk_lines import em_width, title_lines, units, wrap_units
from .docx_layout import (
    HEADING_STYLES,
    MM_PER_PT,
    TABLE_STYLE,
    TITLE_STYLE,
    body_grid,
    exact_spacing,
    load_style,
    new_document,
    set_properties,
    style_ids,
    style_run,
    text_width_pt,
)

ZERO_WIDTH_RE = rules.INVISIBLE_RE
SPACE_RE = re.compile(r"\s+")
CJK_SPACE_RE = re.compile(f"(?<=[{CJK}]) (?=[{CJK}])")
DATE_LINE_RE = re.compile(r"^(\d{4}|[〇○零一二三四五六七八九]{4}|20××)年[\d一二三四五六七八九十×]{1,3}月([\d一二三四五六七八九十×]{1,3}日)?$")
SENTENCE_END_RE = re.compile(r"[。；：！？，、]$")
HEADING_TAGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
SECTION_TAGS = ("h2", "h3", "h4")  # the page's sections (加入草稿): their ids go into the record
BLOCK_KINDS = ("title", "heading", "paragraph", "table", "blank")
SLOT_PI = "slot"
SLOT_MARK = etree.tostring(etree.ProcessingInstruction(SLOT_PI), encoding="unicode")  # a processing instruction stands in for a slot's text while a block is serialised:
# escaped text can never spell it, so any text (private-use characters included) keeps its slots
SKIP_XPATH = ("//*[contains(concat(' ', @class, ' '), ' headerlink ')"
              " or contains(concat(' ', @class, ' '), ' takeaway-toolbar ')"
              " or @data-search-exclude or self::button or self::script or self::style"
              " or self::img or self::svg]")
CONTAINER_TAGS = {"div", "section", "article", "blockquote", "details", "figure", "main"}
BLOCK_TAGS = set(HEADING_TAGS) | CONTAINER_TAGS | {"p", "ul", "ol", "table", "pre", "hr", "summary"}
MARKDOWN_EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "sane_lists"]
APPENDIX_NUMBER_RE = re.compile(r"^\s*\d*\s*[：:.．]?\s*")  # "附件2：" -> the name after it
NOWRAP_RE = re.compile(r"white-space\s*:\s*nowrap")
KINDS = ("template", "example")
XMLNS_RE = re.compile(r' xmlns(?::\w+)?="[^"]*"')
DEFAULT_AUTHOR = "工会工作总结与计划模板库"


# -----------------------------------------------------------------------------
# Public API
# -----------------------------------------------------------------------------

def markdown_to_docx(text: str, title: str | None = None, style: dict | None = None, **options):
    """Render Markdown to HTML, then to a Word document (options: see html_to_docx)."""
    return html_to_docx(markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS), title, style, **options)


@dataclass(frozen=True)
class Block:
    r"""One top-level body block as the writer wrote it (its record; nothing is read back from the file).

    kind: one of BLOCK_KINDS. level: official level 1-4 (headings). tag_level:
    the HTML heading's level (h2 -> 2; headings). id: a heading's own HTML id.
    section: id of the nearest h2-h4 heading written at or before the block
    ("" before the first). text: plain text (a paragraph's line breaks as \n;
    a table's rows joined by \n, cells by \t). xml: the block's XML as saved,
    cut at its slots (len(xml) == len(slots) + 1); slots: the placeholders
    (【…】), each alone in a run of its own, in order.
    """

    kind: str
    section: str
    text: str
    xml: tuple[str, ...]
    slots: tuple[str, ...] = ()
    level: int | None = None
    tag_level: int | None = None
    id: str = ""

    def joined(self, values: dict[str, str] | None = None) -> str:
        """The block's XML with each slot filled by its value (default: the placeholder itself), escaped."""
        values = values or {}
        out = [self.xml[0]]
        for slot, piece in zip(self.slots, self.xml[1:]):
            out.append(xml_text(values.get(slot, slot)))
            out.append(piece)
        return "".join(out)


@dataclass(frozen=True)
class Written:
    """A finished document and the record of its body blocks, in order."""

    document: object
    blocks: tuple[Block, ...]


def html_to_docx(html: str, title: str | None = None, style: dict | None = None, **options):
    """Build a Word document from a page's HTML (see write_html)."""
    return write_html(html, title, style, **options).document


def write_html(html: str, title: str | None = None, style: dict | None = None, *,
               kind: str | None = None, author: str | None = None, date: dt.datetime | None = None,
               tree=None) -> Written:
    """Build a Word document from a page's HTML, with the record of its blocks; the title defaults to the first <h1>.

    kind "template": headings and fill-in sentences only, and a placeholder
    落款; "example" (or None): the text as written, with its own 落款 if it
    ends with one. author (the site's name) and date (created = modified;
    default today, 00:00 UTC) go into the file properties. tree: html already
    parsed by ``lxml.html.fragment_fromstring(html, create_parent="div")`` (the
    build's one parse of the page; it is changed here), so it is not parsed again.
    """
    style = style or load_style()
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind={kind!r}: expected one of {KINDS}")
    root = tree if tree is not None else lxml.html.fragment_fromstring(html or "<p></p>", create_parent="div")
    for el in root.xpath(SKIP_XPATH):
        _drop(el)
    _omit(root, style.get("omit", {}))
    if title is None:
        first_h1 = root.find(".//h1")
        title = clean_text(first_h1.text_content()) if first_h1 is not None else ""
    appendices = _split_appendices(root, style["appendix"])
    if kind == "template":
        _keep_fill_ins(root, style.get("template_keep", []))
    writer = _Writer(new_document(style), style, clean_text(title))
    writer.title()
    writer.blocks(root)
    writer.appendix_note([name for name, _ in appendices])
    writer.closing(template=kind == "template")
    for number, (name, content) in enumerate(appendices, start=1):
        writer.appendix(name, content, number if len(appendices) > 1 else None)
    writer.finish()
    set_properties(writer.document, clean_text(title), author or DEFAULT_AUTHOR, date or build_date(), style)
    return Written(writer.document, writer.record())


def write_samples(style: dict | None = None) -> Written:
    """The styled empty document with a title and one heading per official level, their text as slots.

    What 我的草稿 builds its own titles and headings from (export/fragments.py):
    the writer's paragraphs, cut where the text goes.
    """
    style = style or load_style()
    writer = _Writer(new_document(style), style, "")
    writer.title("标题", slot=True)
    for level in range(1, 5):
        writer.heading_paragraph(rules.number_for(level, 1), level, slot=True)
    return Written(writer.document, writer.record())


def build_date(now: dt.datetime | None = None) -> dt.datetime:
    """The day of a build (SOURCE_DATE_EPOCH when set, for reproducible builds), 00:00 UTC."""
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        now = (dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch
               else dt.datetime.now(dt.timezone.utc))
    return dt.datetime(now.year, now.month, now.day)


def save_docx(document, path: Path) -> Path:
    """Write the document, creating folders as needed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def write_page_docx(html: str, title: str, path: Path, keep: Path | None = None, **options) -> Written:
    """Make a page's document and save it; with keep, also store a copy there (atomically).

    Module-level, so a build can run it in a worker process. options: kind,
    author, date, tree (see write_html). Returns the document and its record.
    """
    written = write_html(html, title, **options)
    path = save_docx(written.document, path)
    if keep is not None:
        copy_atomic(path, keep)  # a parallel build never reads half a file
    return written


def clean_text(text: str) -> str:
    """Collapse whitespace, drop zero-width characters and spaces between Chinese characters."""
    text = SPACE_RE.sub(" ", ZERO_WIDTH_RE.sub("", text)).strip()
    return CJK_SPACE_RE.sub("", text)


def heading_level(text: str, tag_level: int) -> int:
    """Official level (1 一、 … 4 （1）) from the numbering (gonghui_core.rules), else from the HTML level."""
    return rules.level_of(text) or max(1, min(4, tag_level - 1))


def xml_text(text: str) -> str:
    """Text as it stands escaped inside <w:t> (as lxml writes it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def placeholder_parts(text: str) -> list[tuple[str, bool]]:
    """Text cut at its placeholders: [(piece, is_placeholder)], no empty pieces."""
    out, pos = [], 0
    for match in rules.PLACEHOLDER_RE.finditer(text):
        if match.start() > pos:
            out.append((text[pos:match.start()], False))
        out.append((match.group(), True))
        pos = match.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


# -----------------------------------------------------------------------------
# Writer
# -----------------------------------------------------------------------------

class _Writer:
    """Walks HTML blocks and appends paragraphs and tables to a document."""

    def __init__(self, document, style: dict, title: str):
        self.document, self.style, self.title_text = document, style, title
        self.body_pt = style["body"]["size_pt"]
        self.char_pt = self.body_pt + body_grid(style)[1]  # one character's advance ("字")
        self.last: list = []  # body paragraphs since the last heading or table
        self.style_ids = style_ids(document)  # by id: python-docx looks names up per paragraph
        self.body = document.element.body
        self.sect_pr = self.body.sectPr  # new paragraphs go before it, as add_paragraph puts them
        self.kinds: dict = {}  # body element -> (kind, official level, tag level, id, section)
        self.slots: set = set()  # the w:t elements that hold a placeholder alone
        self.section = ""  # id of the last h2-h4 heading written

    def _record(self, el, kind: str, level: int | None = None, tag_level: int | None = None, hid: str = "") -> None:
        """Note what a new body block is (see Block)."""
        self.kinds[el] = (kind, level, tag_level, hid, self.section)

    def new_paragraph(self, style_name: str | None = None, kind: str = "blank") -> Paragraph:
        """An empty body paragraph at the end, as document.add_paragraph(style=...) makes it."""
        p = OxmlElement("w:p")
        if self.sect_pr is not None:
            self.sect_pr.addprevious(p)
        else:
            self.body.append(p)
        if style_name is not None:
            p.style = self.style_ids[style_name]
        self._record(p, kind)
        return Paragraph(p, self.document._body)

    def runs(self, para, text: str, role: str, size: float, bold: bool = False, spacing_pt: float | None = None,
             line_break=None, slot: bool = False) -> None:
        """Append text as runs of one format, each placeholder a run of its own (a slot).

        line_break: a break (WD_BREAK) before the first run. slot: the whole text is one slot.
        """
        for i, (part, is_slot) in enumerate([(text, True)] if slot else placeholder_parts(text)):
            run = para.add_run()
            if i == 0 and line_break is not None:
                run.add_break(line_break)
            t = run._r.add_t(part)
            if is_slot:
                t.set(qn("xml:space"), "preserve")  # the value filled in may start or end with a space
                self.slots.add(t)
            style_run(run, role, size, bold, self.style, spacing_pt=spacing_pt)

    def title(self, text: str | None = None, slot: bool = False) -> Paragraph | None:
        """The centred title, in balanced lines broken between words, and the empty line below it.

        slot: the title is one run, its text a slot (the sample of write_samples).
        """
        text = self.title_text if text is None else text
        if not text:
            return None
        spec = self.style["title"]
        para = self.new_paragraph(TITLE_STYLE, "title")
        lines = [text] if slot else _whole_placeholders(
            title_lines(text, int(text_width_pt(self.style) // spec["size_pt"]), spec["min_line_chars"]))
        for i, line in enumerate(lines):
            self.runs(para, line, "title", spec["size_pt"], line_break=WD_BREAK.LINE if i else None, slot=slot)
        for _ in range(spec["space_after_lines"]):
            self.new_paragraph()
        return para

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
        tag_level = HEADING_TAGS[el.tag]
        hid = el.get("id") or ""
        if el.tag in SECTION_TAGS:
            self.section = hid
        self.heading_paragraph(text, heading_level(text, tag_level), tag_level, hid)

    def heading_paragraph(self, text: str, level: int, tag_level: int | None = None, hid: str = "",
                          slot: bool = False) -> Paragraph:
        """A heading paragraph of an official level (slot: its text is one slot)."""
        spec = self.style["headings"][f"level{level}"]
        self.last = []
        para = self.new_paragraph(HEADING_STYLES[level], "heading")
        self._record(para._p, "heading", level, tag_level or level + 1, hid)
        self.runs(para, text, spec["font"], self.body_pt, spec["bold"], slot=slot)
        return para

    def paragraph(self, runs: list[tuple[str, bool]], prefix: str = ""):
        """A body paragraph from (text, bold) runs; empty runs write nothing."""
        runs = _trim(runs)
        if not runs and not prefix:
            return None
        para = self.new_paragraph(kind="paragraph")
        for text, bold in ([(prefix, False)] if prefix else []) + runs:
            self._add_text(para, text, bold, "body", self.body_pt)
        self.last.append(para)
        return para

    def closing(self, template: bool = False) -> None:
        """The 落款: the text's own signature and date, or placeholders in a template.

        GB/T 9704-2012 7.3.5.1: the date 右空四字, the issuing unit centred over
        it, one empty line below the text.
        """
        spec = self.style["closing"]
        own = self._own_closing()
        if own:
            lines = [p.text.strip() for p in own]
            for para in own:  # written again below, placed
                self.body.remove(para._element)
                self.last.remove(para)
        elif template:
            lines = [spec["template_signature"], spec["template_date"]]
        else:
            return
        for _ in range(spec["space_before_lines"]):
            self.new_paragraph()
        date, right = lines[-1], spec["right_indent_chars"]
        for text in lines:
            # centred over the date: half the difference in width further in (never past the margin)
            indent = right if text is date else max(0.0, right + (em_width(date) - em_width(text)) / 2)
            para = self.paragraph([(text, False)])
            fmt = para.paragraph_format
            fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _no_first_line_indent(fmt)
            fmt.right_indent = Pt(round(indent * self.char_pt, 2))
            fmt.keep_with_next = text is not date
        self.last = []

    def _own_closing(self) -> list[Paragraph]:
        """The signature and date paragraphs a text ends with (某某工会 / 2016年12月20日), or []."""
        if not self.last or not DATE_LINE_RE.match(self.last[-1].text.strip()):
            return []
        lines = [self.last[-1]]
        if len(self.last) > 1 and len(self.last[-2].text) <= 25 and not SENTENCE_END_RE.search(self.last[-2].text):
            lines.insert(0, self.last[-2])
        return lines

    def appendix_note(self, names: list[str]) -> None:
        """附件说明 below the text: "附件：名称", numbered and aligned when there are several (7.3.4)."""
        if not names:
            return
        label = self.style["appendix"]["label"]
        self.new_paragraph()
        for i, name in enumerate(names, start=1):
            text = name if len(names) == 1 else f"{i}.{name}"
            para = self.paragraph([(f"{label}：" if i == 1 else "", False), (text, False)])
            if i > 1:  # aligned with the first name: indent + "附件：" (3 characters)
                fmt = para.paragraph_format
                fmt.first_line_indent = Pt(round((self.style["body"]["first_line_indent_chars"] + len(label) + 1)
                                                 * self.char_pt, 2))
                fmt._element.get_or_add_pPr().get_or_add_ind().attrib.pop(qn("w:firstLineChars"), None)
        self.last = []

    def appendix(self, name: str, content, number: int | None) -> None:
        """One appendix on a new page: 附件 top left (黑体), its title centred on the third line."""
        spec = self.style["appendix"]
        para = self.new_paragraph(kind="paragraph")
        para.paragraph_format.page_break_before = True
        _no_first_line_indent(para.paragraph_format)
        label = spec["label"] + (str(number) if number else "")
        self.runs(para, label, spec["label_font"], self.body_pt)
        self.new_paragraph()
        self.title(name)
        self.last = []
        self.blocks(content)

    def finish(self) -> None:
        """No empty paragraphs at the end; the one Word needs after a final table takes (almost) no room.

        A full-height empty line after a table that ends at the foot of a page
        would make an empty last page.
        """
        body = [el for el in self.body if el.tag in (qn("w:p"), qn("w:tbl"))]
        while len(body) > 1 and body[-1].tag == qn("w:p") and body[-2].tag == qn("w:p") and not _has_text(body[-1]):
            self.body.remove(body.pop())
        if len(body) > 1 and body[-1].tag == qn("w:p") and body[-2].tag == qn("w:tbl") and not _has_text(body[-1]):
            para = Paragraph(body[-1], self.document._body)
            exact_spacing(para.paragraph_format, 1)
            _no_first_line_indent(para.paragraph_format)
            mark = _paragraph_mark_rpr(para._p)  # the paragraph mark: 1 pt
            for tag in ("w:sz", "w:szCs"):
                el = OxmlElement(tag)
                el.set(qn("w:val"), "2")
                mark.append(el)

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
        """An HTML table as a Word table: header row repeated, rows kept whole, columns fitted to the text."""
        rows = el.findall(".//tr")
        if not rows:
            return
        if self.last:  # the line introducing the table stays with it
            self.last[-1].paragraph_format.keep_with_next = True
        spec = self.style["table"]
        cells = [[c for c in r if isinstance(c.tag, str) and c.tag in ("th", "td")] for r in rows]
        width = max(len(r) for r in cells)
        lines = [[_cell_lines(c) for c in r] for r in cells]
        widths = _column_widths(lines, width, text_width_pt(self.style), spec)
        table = self.document.add_table(rows=len(rows), cols=width)
        self._record(table._tbl, "table")
        table.style = self.document.styles[TABLE_STYLE]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        _table_layout(table, widths, spec)
        grid = table._cells  # once: table.cell() rebuilds this list on every call
        margins = _cell_padding_pt(spec)
        for r, row in enumerate(cells):
            header = all(c.tag == "th" for c in row)
            tr_pr = table.rows[r]._tr.get_or_add_trPr()
            if header:
                _on(tr_pr, "w:tblHeader")
            if not spec["rows_can_split"]:
                _on(tr_pr, "w:cantSplit")
            for c, _cell_el in enumerate(row):
                max_em = (widths[c] - margins) / spec["size_pt"]
                self._cell(grid[r * width + c], lines[r][c], header and spec["header_bold"], spec, max_em)
        self.new_paragraph()
        self.last = []

    def _cell(self, cell, lines, bold: bool, spec: dict, max_em: float) -> None:
        """Fill one table cell: each line of the HTML cell a paragraph, broken between whole units."""
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        for i, segments in enumerate(lines or [[]]):
            para = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
            fmt = para.paragraph_format
            exact_spacing(fmt, spec["line_spacing_pt"])
            _no_first_line_indent(fmt)
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER if bold else WD_ALIGN_PARAGRAPH.LEFT
            breaks = set(wrap_units(units([(t, keep) for t, _b, keep, _s in segments]), max_em))
            pos = 0
            for text, b, _keep, slot in segments:  # a placeholder is kept together: never broken inside
                inner = [o - pos for o in breaks if pos < o < pos + len(text)]
                cuts = [0, *sorted(inner), len(text)]
                for start, end in zip(cuts, cuts[1:]):
                    if start == end:
                        continue
                    self.runs(para, text[start:end], "body", spec["size_pt"], b or bold, spacing_pt=0,
                              line_break=WD_BREAK.LINE if pos + start in breaks else None, slot=slot)
                pos += len(text)

    def _add_text(self, para, text: str, bold: bool, role: str, size: float) -> None:
        """Append text as runs, turning newlines into line breaks."""
        for i, part in enumerate(text.split("\n")):
            if not part:  # an empty run still carries the break
                run = para.add_run()
                if i:
                    run.add_break()
                run.add_text(part)
                style_run(run, role, size, bold, self.style)
                continue
            self.runs(para, part, role, size, bold, line_break=WD_BREAK.LINE if i else None)

    def record(self) -> tuple[Block, ...]:
        """The body blocks as written, each serialised once and cut at its slots (call when the document is done)."""
        out = []
        for el in self.body:
            if el.tag not in (qn("w:p"), qn("w:tbl")):
                continue
            kind, level, tag_level, hid, section = self.kinds.get(
                el, ("table" if el.tag == qn("w:tbl") else "paragraph", None, None, "", out[-1].section if out else ""))
            text = _block_text(el)
            if kind == "paragraph" and not text:
                kind = "blank"
            slots = [t for t in el.iter(qn("w:t")) if t in self.slots]
            values = [t.text for t in slots]
            marks = [etree.ProcessingInstruction(SLOT_PI) for _ in slots]
            for t, mark in zip(slots, marks):
                t.text = None
                t.append(mark)
            pieces = tuple(_serialise(el).split(SLOT_MARK))
            for t, mark, value in zip(slots, marks, values):
                t.remove(mark)
                t.text = value
            out.append(Block(kind, section, text, pieces, tuple(values), level, tag_level, hid))
        return tuple(out)


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


# -----------------------------------------------------------------------------
# Tables
# -----------------------------------------------------------------------------

def _cell_lines(el) -> list[list[tuple[str, bool, bool, bool]]]:
    """A cell's lines (split at <br>) as (text, bold, keep_together, placeholder) segments, whitespace tidied.

    Each placeholder is a segment of its own, kept together (a line never breaks inside it).
    """
    lines: list[list[tuple[str, bool, bool]]] = [[]]

    def add(text, bold, keep):
        if text:
            lines[-1].append((SPACE_RE.sub(" ", ZERO_WIDTH_RE.sub("", text)), bold, keep))

    def walk(node, bold, keep):
        add(node.text, bold, keep)
        for child in node:
            if isinstance(child.tag, str):
                if child.tag == "br":
                    lines.append([])
                else:
                    walk(child, bold or child.tag in ("strong", "b"),
                         keep or bool(NOWRAP_RE.search(child.get("style") or "")))
            add(child.tail, bold, keep)

    walk(el, False, False)
    out = []
    for line in lines:
        line = [(CJK_SPACE_RE.sub("", t), b, k) for t, b, k in line]
        if line:
            line[0] = (line[0][0].lstrip(), *line[0][1:])
            line[-1] = (line[-1][0].rstrip(), *line[-1][1:])
        line = [(part, b, k or slot, slot) for t, b, k in line if t for part, slot in placeholder_parts(t)]
        if line:
            out.append(line)
    return out


def _column_widths(lines, cols: int, total_pt: float, spec: dict) -> list[float]:
    """Column widths in pt from the content: narrow columns whole, the widest ones share what is left.

    Each column wants its longest line (pref) and needs its longest unit
    (min: a date, a nowrap span). Widths are capped at one level c, found so
    that they fill the text width ("water filling"), never below min; a table
    whose content is narrower than the page is widened in proportion.
    """
    size, margin = spec["size_pt"], _cell_padding_pt(spec)
    pref, need = [2.0] * cols, [2.0] * cols
    for row in lines:
        for c, cell in enumerate(row[:cols]):
            for line in cell:
                pref[c] = max(pref[c], em_width("".join(seg[0] for seg in line)))
                need[c] = max(need[c], *(em_width(u.rstrip()) for u in units([(t, k) for t, _b, k, _s in line])))
    pref = [p * size + margin for p in pref]
    need = [n * size + margin for n in need]
    pref = [max(p, n) for p, n in zip(pref, need)]
    if sum(pref) <= total_pt:
        return [p * total_pt / sum(pref) for p in pref]
    if sum(need) >= total_pt:
        return [n * total_pt / sum(need) for n in need]
    low, high = 0.0, max(pref)
    for _ in range(60):  # the cap c with sum(clamp(c, need, pref)) == total
        mid = (low + high) / 2
        if sum(min(p, max(n, mid)) for p, n in zip(pref, need)) > total_pt:
            high = mid
        else:
            low = mid
    return [min(p, max(n, low)) for p, n in zip(pref, need)]


def _cell_padding_pt(spec: dict) -> float:
    """Room in a cell's width that text cannot use: both margins, the borders and a quarter em of slack.

    The slack keeps a line measured to fit from wrapping in a program that
    counts the borders into the cell or sets a glyph a little wider.
    """
    return 2 * spec["cell_margin_mm"] / MM_PER_PT + 1 + spec["size_pt"] / 4


def _table_layout(table, widths: list[float], spec: dict) -> None:
    """Fixed layout with these column widths (grid and every cell) and the cell margins of the style."""
    table.autofit = False
    twips = [round(w * 20) for w in widths]
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(twips)))
    tbl_w.set(qn("w:type"), "dxa")
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(Mm(spec["cell_margin_mm"]).pt * 20)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    look = tbl_pr.find(qn("w:tblLook"))
    look.addprevious(mar) if look is not None else tbl_pr.append(mar)
    grid = table._cells
    cols = len(table.columns)
    for i, column in enumerate(table.columns):
        column.width = Pt(twips[i] / 20)  # the grid, which LibreOffice and WPS follow
        for cell in grid[i::cols]:
            cell.width = Pt(twips[i] / 20)


def _on(parent, tag: str) -> None:
    """Append an on/off property (w:tblHeader, w:cantSplit) set to on."""
    el = OxmlElement(tag)
    el.set(qn("w:val"), "true")
    parent.append(el)


def _no_first_line_indent(fmt) -> None:
    """No first-line indent (overriding Normal's two characters, in Word's 字符 unit too)."""
    fmt.first_line_indent = Pt(0)
    fmt._element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")


def _paragraph_mark_rpr(p):
    """The run properties of a paragraph's mark (pPr/rPr), created in schema order."""
    ppr = p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        after = [ppr.find(qn(t)) for t in ("w:sectPr", "w:pPrChange")]
        nxt = next((e for e in after if e is not None), None)
        nxt.addprevious(rpr) if nxt is not None else ppr.append(rpr)
    return rpr


def _whole_placeholders(lines: list[str]) -> list[str]:
    """Title lines joined again where a break would fall inside a placeholder."""
    out: list[str] = []
    for line in lines:
        if out and out[-1].count("【") > out[-1].count("】"):
            out[-1] += line
        else:
            out.append(line)
    return out


def _block_text(el) -> str:
    r"""Plain text of a body paragraph (line breaks as \n) or table (rows by \n, cells by \t, a cell's lines by a space)."""
    if el.tag == qn("w:tbl"):
        rows = []
        for tr in el.iterchildren(qn("w:tr")):
            rows.append("\t".join(" ".join(filter(None, (_para_text(p) for p in tc.iterchildren(qn("w:p")))))
                                  for tc in tr.iterchildren(qn("w:tc"))))
        return "\n".join(rows)
    return _para_text(el)


def _para_text(p) -> str:
    """Text of one paragraph: w:t, w:br as a newline, w:tab as a tab."""
    out = []
    for node in p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.getparent().tag == qn("w:r"):
            out.append("\n" if node.tag == qn("w:br") else "\t")
    return "".join(out)


def _serialise(el) -> str:
    """A body element's XML as it stands inside the saved word/document.xml (namespaces declared there)."""
    xml = etree.tostring(el, encoding="unicode")
    end = xml.index(">")
    return XMLNS_RE.sub("", xml[:end]) + xml[end:]


def _has_text(p) -> bool:
    """Whether a w:p holds any text, break or field."""
    return bool(p.xpath("./w:r[w:t or w:br or w:fldChar]"))


# -----------------------------------------------------------------------------
# Page parts
# -----------------------------------------------------------------------------

def _split_appendices(root, spec: dict) -> list[tuple[str, object]]:
    """Take the appendix sections ("附：…" headings of the top level) out: [(name, element holding their content)]."""
    starts = tuple(spec["heading_starts"])
    out: list[tuple[str, object]] = []
    for el in list(root):
        text = clean_text(el.text_content()) if isinstance(el.tag, str) else ""
        if isinstance(el.tag, str) and el.tag in HEADING_TAGS and text.startswith(starts):
            start = next(st for st in starts if text.startswith(st))
            name = APPENDIX_NUMBER_RE.sub("", text[len(start):])
            out.append((name or text, lxml.html.Element("div")))
            root.remove(el)
        elif out:
            root.remove(el)
            out[-1][1].append(el)
    return out


def _keep_fill_ins(root, keep: list[str]) -> None:
    """A template's text: headings and the fill-in sentences (and what holds a table); nothing else."""
    for el in list(root):
        if not isinstance(el.tag, str):
            root.remove(el)
        elif el.tag in HEADING_TAGS or el.tag in keep or (el.find(".//table") is not None and "table" in keep):
            continue
        else:
            el.tail = None
            root.remove(el)


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
