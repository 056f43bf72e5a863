"""WordprocessingML fragments for the documents made in the reader's browser (我的草稿).

The browser makes two kinds of .docx: a page filled with the reader's unit
details, and the draft put together from sections of several pages. Both must
look exactly like the documents the build makes, so the browser does not lay
anything out itself: it puts together XML the build has already written.

* ``draft-base.js`` (one per site): every part of the styled empty document
  (``docx_layout.new_document`` saved, so styles, page, footer and font table
  are the build's own), the head and tail of ``word/document.xml`` around the
  body, and paragraphs made by the page writer for the title and for headings
  of each level (text left as a marker the browser replaces).
* ``<page>.draft.js`` (one per template and example, beside its .docx): the
  body of the page's finished .docx cut into blocks (paragraphs and tables,
  each with its plain text), which blocks are headings (and of which official
  level), the blocks of each h2–h4 section by the heading's id on the page,
  the opening before the first heading, and any part that differs from the
  base (e.g. the document's title in ``docProps/core.xml``).

The browser escapes and substitutes the reader's values, renumbers headings,
concatenates and zips (vendored fflate). Both files are plain scripts that
call ``draftData(...)``, so they load with a ``<script>`` tag from file://.
"""

from __future__ import annotations

import base64
import html as html_lib
import io
import json
import re
import zipfile
import zlib
from pathlib import Path

import lxml.html
from lxml import etree

from .docx_layout import STYLE_FILE, load_style, new_document
from .markdown_to_docx import clean_text, html_to_docx, write_page_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DOCUMENT = "word/document.xml"
BODY_OPEN_RE = re.compile(r"<w:body>")
SECT_RE = re.compile(r"<w:sectPr[\s/>]")
XMLNS_RE = re.compile(r' xmlns(?::\w+)?="[^"]*"')
BLOCK_TAG_RE = re.compile(r"<(/?)w:(p|tbl)(?=[\s/>])[^>]*?(/?)>")
STYLE_RE = re.compile(r'<w:p(?:\s[^>]*)?><w:pPr>(?:(?!</w:pPr>).)*?<w:pStyle w:val="([^"]+)"', re.S)
TEXT_RE = re.compile(r"<w:pPr>.*?</w:pPr>|<w:t(?:\s[^>]*)?>([^<]*)</w:t>|<w:(br|tab)(?:\s[^>]*)?/>", re.S)
ROW_RE = re.compile(r"<w:tr(?:\s[^>]*)?>(.*?)</w:tr>", re.S)
CELL_RE = re.compile(r"<w:tc(?:\s[^>]*)?>(.*?)</w:tc>", re.S)
PARA_RE = re.compile(r"<w:p(?:\s[^>]*)?>.*?</w:p>|<w:p/>", re.S)
TITLE_MARK, HEAD_MARK = "DRAFTTITLEMARK", "DRAFTHEADINGMARK"
# One heading per official level, numbered so the writer gives each its level.
LEVEL_SAMPLES = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}
SECTION_TAGS = ("h2", "h3", "h4")
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
DROP_XPATH = ("//*[contains(concat(' ', @class, ' '), ' headerlink ') or self::button"
              " or self::script or self::style]")
HEADING_RE = re.compile(r"<h([1-6])\b([^>]*)>(.*?)</h\1\s*>", re.S | re.I)
ID_RE = re.compile(r'\bid\s*=\s*"([^"]*)"')
DROP_RE = re.compile(r'<a\b[^>]*\bclass="[^"]*\bheaderlink\b[^"]*"[^>]*>.*?</a>'
                     r"|<(button|script|style)\b.*?</\1\s*>", re.S | re.I)
TAG_RE = re.compile(r"<[^>]*>")
BINARY_SUFFIXES = (".jpeg", ".jpg", ".png", ".gif", ".bin", ".emf", ".wmf")
BASE_JS = "assets/javascripts/draft-base.js"
# Style ids python-docx gives the writer's styles; base_data() reads the real ones.
DEFAULT_STYLES = {"公文标题": 0, "Heading1": 1, "Heading2": 2, "Heading3": 3, "Heading4": 4}


# -----------------------------------------------------------------------------
# Base document: parts, title and heading paragraphs
# -----------------------------------------------------------------------------

def base_data(style: dict | None = None) -> dict:
    """Everything the browser needs besides a page's own blocks, from the build's own writer."""
    style = style or load_style()
    buffer = io.BytesIO()
    new_document(style).save(buffer)
    parts = read_parts(buffer.getvalue())
    head, _body, tail = split_document(parts.pop(DOCUMENT))
    sample = "".join(f"<h{level + 1}>{number}{HEAD_MARK}</h{level + 1}>"
                     for level, number in LEVEL_SAMPLES.items())
    blocks = document_blocks(docx_bytes(html_to_docx(sample, TITLE_MARK, style)))
    first = next(i for i, b in enumerate(blocks) if "h" in b)
    headings = {}
    for block in blocks[first:]:
        if "h" in block:
            text = LEVEL_SAMPLES[block["h"]] + HEAD_MARK
            headings[block["h"]] = block["x"].replace(_xml_text(text), HEAD_MARK)
    assert sorted(headings) == [1, 2, 3, 4], "the writer must give one heading per official level"
    return {
        "parts": {name: _part_value(name, data) for name, data in parts.items()},
        "head": head, "tail": tail,
        "title": [b["x"] for b in blocks[:first]],  # title paragraph(s) and the space below
        "titleMark": TITLE_MARK, "headingMark": HEAD_MARK, "headings": headings,
        "headingStyles": heading_styles(blocks),
    }


def heading_styles(blocks: list[dict]) -> dict[str, int]:
    """Paragraph style id -> official level (0: the title), as the writer uses them."""
    out = {}
    for block in blocks:
        match = re.search(r'<w:pStyle w:val="([^"]+)"/>', block["x"])
        if match and ("h" in block or block.get("title")):
            out[match.group(1)] = block.get("h", 0)
    return out


def _part_value(name: str, data: bytes):
    """XML parts as text; binary parts (the thumbnail) as {"b64": ...}."""
    if name.lower().endswith(BINARY_SUFFIXES):
        return {"b64": base64.b64encode(data).decode("ascii")}
    return data.decode("utf-8")


def _xml_text(text: str) -> str:
    """Text as it appears escaped inside <w:t>."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# -----------------------------------------------------------------------------
# A page's document cut into blocks
# -----------------------------------------------------------------------------

def page_data(docx: bytes, headings: list[tuple[int, str, str]], url: str, title: str,
              base_parts: dict | None = None, styles: dict[str, int] | None = None) -> dict:
    """The page's blocks, sections by heading id, opening range and differing parts.

    headings: the page's (tag level, id, text) in order, as on the HTML page.
    """
    sums = part_checksums(docx)
    differ = [] if base_parts is None else [
        name for name, crc in sums.items()
        if name != DOCUMENT and (name not in base_parts or crc != _checksum(name, base_parts[name]))]
    parts = read_parts(docx, DOCUMENT, *differ)
    blocks = document_blocks(parts[DOCUMENT].decode("utf-8"), styles)
    matched = match_headings(blocks, headings)
    first = next((i for i, b in enumerate(blocks) if "h" in b), len(blocks))
    start = title_blocks(blocks)
    sections = {}
    for n, (index, tag_level, hid) in enumerate(matched):
        if f"h{tag_level}" not in SECTION_TAGS or not hid:
            continue
        end = next((i for i, lvl, _ in matched[n + 1:] if lvl <= tag_level), len(blocks))
        sections[hid] = [index, end]
    overrides = {name: _part_value(name, parts[name]) for name in differ}
    return {"u": url, "title": title, "blocks": blocks, "lead": [start, first],
            "sections": sections, "parts": overrides}


_CHECKSUMS: dict = {}


def _checksum(name: str, value) -> tuple[int, int]:
    """(CRC-32, size) of a base part as base_data() holds it (text or {"b64"}), computed once."""
    key = (name, value if isinstance(value, str) else value["b64"])
    if key not in _CHECKSUMS:
        data = value.encode("utf-8") if isinstance(value, str) else base64.b64decode(value["b64"])
        _CHECKSUMS[key] = (zlib.crc32(data), len(data))
    return _CHECKSUMS[key]


def title_blocks(blocks: list[dict]) -> int:
    """Index of the first block after the title and the empty lines below it."""
    i = 0
    while i < len(blocks) and blocks[i].get("title"):
        i += 1
    while 0 < i < len(blocks) and "h" not in blocks[i] and not blocks[i]["t"] and "<w:tbl" not in blocks[i]["x"]:
        i += 1
    return i


def match_headings(blocks: list[dict], headings: list[tuple[int, str, str]]) -> list[tuple[int, int, str]]:
    """Pair the document's heading blocks with the page's headings by text, in order.

    Headings the export leaves out (使用说明, 附：…) have no block and are skipped.
    Returns (block index, tag level, id); a block no page heading matches keeps
    its official level + 1 as tag level and no id.
    """
    out, j = [], 0
    for i, block in enumerate(blocks):
        if "h" not in block:
            continue
        k = j
        while k < len(headings) and headings[k][2] != block["t"]:
            k += 1
        if k < len(headings):
            out.append((i, headings[k][0], headings[k][1]))
            j = k + 1
        else:
            out.append((i, block["h"] + 1, ""))
    return out


def document_blocks(docx: bytes | str, styles: dict[str, int] | None = None) -> list[dict]:
    """The body of a .docx (or its word/document.xml) as blocks: {"x", "t"[, "h": level][, "title": True]}.

    Fast path: the body is cut by scanning its w:p and w:tbl tags and the text
    read with regular expressions (3-4 times faster than lxml; it runs for
    every page of every build). Anything it is not sure of (a body element
    other than w:p and w:tbl, a table in a table) goes through lxml.
    """
    xml = docx if isinstance(docx, str) else read_parts(docx, DOCUMENT)[DOCUMENT].decode("utf-8")
    _head, body, _tail = split_document(xml)
    styles = styles or DEFAULT_STYLES
    pieces = _cut_body(body)
    if pieces is None:
        return _blocks_lxml(body, styles)
    out = []
    for piece in pieces:
        if piece.startswith("<w:tbl"):
            if piece.count("<w:tbl") > 1:
                return _blocks_lxml(body, styles)
            text = _table_text(piece)
        else:
            text = _para_text_fast(piece)
        out.append(_block(piece, text, styles))
    return out


def _block(xml: str, text: str, styles: dict[str, int]) -> dict:
    """A block with its heading level or title mark from its paragraph style."""
    block = {"x": xml, "t": text}
    match = STYLE_RE.match(xml)
    level = styles.get(match.group(1)) if match else None
    if level == 0:
        block["title"] = True
    elif level:
        block["h"] = level
    return block


def _cut_body(body: str) -> list[str] | None:
    """The body's top-level w:p and w:tbl elements as they are written; None if there is anything else."""
    out, depth, start = [], 0, 0
    for match in BLOCK_TAG_RE.finditer(body):
        closing, empty = match.group(1), match.group(3)
        if depth == 0:
            if closing or body[start:match.start()].strip():
                return None
            start = match.start()
        if closing:
            depth -= 1
        elif not empty:
            depth += 1
        if depth == 0:
            out.append(body[start:match.end()])
            start = match.end()
    if depth or body[start:].strip():
        return None
    return out


def _para_text_fast(xml: str) -> str:
    """Text of one paragraph's XML: w:t, w:br as a newline, w:tab as a tab (not those in w:pPr)."""
    out = []
    for match in TEXT_RE.finditer(xml):
        if match.group(1) is not None:
            out.append(html_lib.unescape(match.group(1)))
        elif match.group(2):
            out.append("\n" if match.group(2) == "br" else "\t")
    return "".join(out)


def _table_text(xml: str) -> str:
    """Rows of tab-separated cells; a cell's paragraphs joined by a space."""
    rows = []
    for row in ROW_RE.findall(xml):
        cells = [" ".join(filter(None, (_para_text_fast(p) for p in PARA_RE.findall(cell))))
                 for cell in CELL_RE.findall(row)]
        rows.append("\t".join(cells))
    return "\n".join(rows)


def _blocks_lxml(body: str, styles: dict[str, int]) -> list[dict]:
    """The slow, sure way: parse the body with lxml and serialise each child."""
    root = etree.fromstring(f'<w:body xmlns:w="{W}">{body}</w:body>'.encode("utf-8"))
    return [_block(XMLNS_RE.sub("", etree.tostring(el, encoding="unicode")), block_text(el), styles)
            for el in root if isinstance(el.tag, str)]


def block_text(el) -> str:
    """Plain text of a paragraph (line breaks kept) or of a table (rows of tab-separated cells)."""
    if el.tag == f"{{{W}}}tbl":
        rows = []
        for tr in el.iterfind("w:tr", NS):
            cells = [" ".join(filter(None, (_para_text(p) for p in tc.iterfind("w:p", NS))))
                     for tc in tr.iterfind("w:tc", NS)]
            rows.append("\t".join(cells))
        return "\n".join(rows)
    return _para_text(el) if el.tag == f"{{{W}}}p" else ""


def _para_text(p) -> str:
    """Text of one paragraph: w:t, w:br as a newline, w:tab as a tab."""
    out = []
    for node in p.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"):
        if node.tag == f"{{{W}}}t":
            out.append(node.text or "")
        elif node.getparent().tag == f"{{{W}}}r":
            out.append("\n" if node.tag == f"{{{W}}}br" else "\t")
    return "".join(out)


def page_headings(html: str) -> list[tuple[int, str, str]]:
    """(tag level, id, text) of every heading on a page, text as the export cleans it.

    Read with regular expressions (ten times faster than parsing the page;
    headings hold only inline markup); ``_page_headings_lxml`` is the reference.
    """
    out = []
    for match in HEADING_RE.finditer(html):
        attrs, inner = match.group(2), match.group(3)
        hid = ID_RE.search(attrs)
        text = html_lib.unescape(TAG_RE.sub("", DROP_RE.sub("", inner)))
        out.append((int(match.group(1)), html_lib.unescape(hid.group(1)) if hid else "", clean_text(text)))
    return out


def doc_headings(doc) -> list[tuple[int, str, str]]:
    """page_headings from the page's one walk (a gonghui_core.page_doc.PageDoc): no second parse."""
    return [(h.level, h.id, clean_text(h.text)) for h in doc.headings]


def _page_headings_lxml(html: str) -> list[tuple[int, str, str]]:
    """page_headings by parsing the page with lxml (slow; for tests)."""
    if "<h" not in html:
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for el in root.xpath(DROP_XPATH):
        el.drop_tree()
    return [(int(h.tag[1]), h.get("id") or "", clean_text(h.text_content()))
            for h in root.iter(*HEADING_TAGS)]


# -----------------------------------------------------------------------------
# Files
# -----------------------------------------------------------------------------

def read_parts(docx: bytes, *names: str) -> dict[str, bytes]:
    """The parts of a .docx by name in the zip, in zip order (all, or only those named)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return {name: zf.read(name) for name in zf.namelist() if not names or name in names}


def part_checksums(docx: bytes) -> dict[str, tuple[int, int]]:
    """(CRC-32, size) of every part, from the zip directory (nothing is decompressed)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return {info.filename: (info.CRC, info.file_size) for info in zf.infolist()}


def split_document(xml: bytes | str) -> tuple[str, str, str]:
    """word/document.xml as (head through <w:body>, body children, sectPr and the end)."""
    text = xml.decode("utf-8") if isinstance(xml, bytes) else xml
    open_match = BODY_OPEN_RE.search(text)
    body_start = open_match.end()
    sect = SECT_RE.search(text, body_start)
    body_end = sect.start() if sect else text.rindex("</w:body>")
    return text[:body_start], text[body_start:body_end], text[body_end:]


def docx_bytes(document) -> bytes:
    """A python-docx document saved into bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def script(data: dict, kind: str) -> str:
    """A script that hands data to draft.js; safe inside <script> and on file://."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    payload = payload.replace("</", "<\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f'(window.draftData=window.draftData||[]).push(["{kind}",{payload}]);' \
           f'window.draftLoaded&&window.draftLoaded();\n'


def fragment_path(docx_rel: str) -> str:
    """Where a page's fragments go: beside its .docx (foo.docx -> foo.draft.js)."""
    return re.sub(r"\.docx$", ".draft.js", docx_rel)


def write_site_fragments(site_dir: Path, pages: list[dict], style: dict | None = None) -> int:
    """Write draft-base.js and one <page>.draft.js per page; returns the number of pages written.

    pages: {"docx": site-relative .docx path, "url": page URL, "title", "headings"}.
    """
    write_base_fragment(site_dir, style)
    return sum(write_page_fragment(site_dir, page, style) for page in pages)


def write_base_fragment(site_dir: Path, style: dict | None = None) -> None:
    """assets/javascripts/draft-base.js: the parts every page's document shares."""
    target = Path(site_dir) / BASE_JS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script(_base(style), "base"), encoding="utf-8")


def write_page_fragment(site_dir: Path, page: dict, style: dict | None = None) -> bool:
    """<page>.draft.js beside the page's finished .docx (see write_site_fragments); False if there is none.

    Called right after the document is made (in the worker that made it, during the build).
    """
    site_dir = Path(site_dir)
    source = site_dir / page["docx"]
    if not source.is_file():
        return False
    base = _base(style)
    data = page_data(source.read_bytes(), page["headings"], page["url"], page["title"],
                     base["parts"], base["headingStyles"])
    (site_dir / fragment_path(page["docx"])).write_text(script(data, "page"), encoding="utf-8")
    return True


_BASES: dict = {}


def _base(style: dict | None) -> dict:
    """base_data for the layout file, made once per process and version of the file (a given style: each time)."""
    if style is not None:
        return base_data(style)
    stat = STYLE_FILE.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    if key not in _BASES:
        _BASES.clear()
        _BASES[key] = base_data()
    return _BASES[key]


def write_docx_and_fragment(html: str, title: str, path: Path, keep: Path | None = None, *,
                            fragment: dict, site_dir: Path, **options) -> None:
    """Make a page's .docx (export.markdown_to_docx.write_page_docx), then its <page>.draft.js.

    One job, so a worker writes the fragment of the document it just made.
    """
    write_page_docx(html, title, path, keep, **options)
    write_page_fragment(site_dir, fragment)
