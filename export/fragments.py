"""WordprocessingML fragments for the documents made in the reader's browser (我的草稿).

The browser makes two kinds of .docx: a page filled with the reader's unit
details, and the draft put together from sections of several pages. Both must
look exactly like the documents the build makes, so the browser does not lay
anything out itself: it puts together XML the build has already written.
Everything here comes from the writer's own record of what it wrote
(``export.markdown_to_docx.Block``); no finished file is read back.

* ``draft-base.js`` (one per site): every part of the styled empty document
  (``docx_layout.new_document`` saved, so styles, page, footer and font table
  are the build's own), the head and tail of ``word/document.xml`` around the
  body, and the writer's title paragraph (with the empty lines below it) and
  one heading paragraph per official level, each cut where its text goes:
  ``{"parts", "head", "tail", "title": [before, after], "headings": {"1": [before, after], ...}}``.
* ``<page>.draft.js`` (one per template and example, beside its .docx):
  ``{"url", "title", "blocks", "lead": [start, end], "sections": {id: [start, end]}, "parts"}``.
  A block is ``{"kind", "level" (headings), "section", "text", "xml": [...], "slots": [...]}``:
  its XML is xml[0] + v0 + xml[1] + ..., v_i the escaped value of slots[i]
  (a placeholder 【…】, alone in a run of its own) or the escaped placeholder.
  sections: each h2–h4 heading the document keeps, by its id on the page,
  from its heading block to the next heading of the same or a higher HTML
  level; lead: from the first block after the title (and the empty lines
  below it) to the first heading; parts: those that differ from the base
  (the document's title in ``docProps/core.xml``).

The browser escapes and substitutes the reader's values, renumbers headings,
concatenates and zips (vendored fflate). Both files are plain scripts that
call ``draftData(...)``, so they load with a ``<script>`` tag from file://.
"""

from __future__ import annotations

import base64
import io
import json
import re
import zipfile
from pathlib import Path

from gonghui_core.files import write_atomic

from .docx_layout import STYLE_FILE, load_style, new_document
from .markdown_to_docx import SECTION_TAGS, Block, Written, write_page_docx, write_samples

DOCUMENT = "word/document.xml"
BODY_OPEN_RE = re.compile(r"<w:body>")
SECT_RE = re.compile(r"<w:sectPr[\s/>]")
BINARY_SUFFIXES = (".jpeg", ".jpg", ".png", ".gif", ".bin", ".emf", ".wmf")
BASE_JS = "assets/javascripts/draft-base.js"
SECTION_LEVELS = tuple(int(tag[1]) for tag in SECTION_TAGS)


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
    blocks = write_samples(style).blocks
    first = next(i for i, b in enumerate(blocks) if b.kind == "heading")
    title = [blocks[0].xml[0], blocks[0].xml[1] + "".join(b.joined() for b in blocks[1:first])]
    headings = {str(b.level): list(b.xml) for b in blocks[first:]}
    assert sorted(headings) == ["1", "2", "3", "4"], "the writer must give one heading per official level"
    return {
        "parts": {name: _part_value(name, data) for name, data in parts.items()},
        "head": head, "tail": tail, "title": title, "headings": headings,
    }


def _part_value(name: str, data: bytes):
    """XML parts as text; binary parts (the thumbnail) as {"b64": ...}."""
    if name.lower().endswith(BINARY_SUFFIXES):
        return {"b64": base64.b64encode(data).decode("ascii")}
    return data.decode("utf-8")


def _part_bytes(value) -> bytes:
    """A base part's bytes from its value in base_data."""
    return value.encode("utf-8") if isinstance(value, str) else base64.b64decode(value["b64"])


# -----------------------------------------------------------------------------
# A page's document as the writer recorded it
# -----------------------------------------------------------------------------

def page_data(written: Written, url: str, title: str, base_parts: dict | None = None) -> dict:
    """The page's draft data: url and title, then draft_data (see the module docstring)."""
    return {"url": url, "title": title, **draft_data(written, base_parts)}


def draft_data(written: Written, base_parts: dict | None = None) -> dict:
    """Blocks, opening range, sections by heading id and the parts that differ from the base.

    What the document cache keeps beside a cached .docx (a page's url and
    title are added when it is used).
    """
    blocks = written.blocks
    return {"blocks": [block_data(b) for b in blocks], "lead": lead_range(blocks),
            "sections": sections(blocks), "parts": differing_parts(written.document, base_parts)}


def block_data(block: Block) -> dict:
    """One block as the browser reads it."""
    out = {"kind": block.kind}
    if block.kind == "heading":
        out["level"] = block.level
    out.update(section=block.section, text=block.text, xml=list(block.xml), slots=list(block.slots))
    return out


def lead_range(blocks: tuple[Block, ...]) -> list[int]:
    """[first block after the title and the empty lines below it, first heading block]."""
    start = 0
    while start < len(blocks) and blocks[start].kind == "title":
        start += 1
    while 0 < start < len(blocks) and blocks[start].kind == "blank":
        start += 1
    first = next((i for i, b in enumerate(blocks) if b.kind == "heading"), len(blocks))
    return [start, max(start, first)]


def sections(blocks: tuple[Block, ...]) -> dict[str, list[int]]:
    """h2–h4 heading id -> [its heading block, the next heading block of the same or a higher HTML level]."""
    heads = [(i, b) for i, b in enumerate(blocks) if b.kind == "heading"]
    out = {}
    for n, (index, block) in enumerate(heads):
        if block.tag_level not in SECTION_LEVELS or not block.id or block.id in out:
            continue
        end = next((i for i, b in heads[n + 1:] if b.tag_level <= block.tag_level), len(blocks))
        out[block.id] = [index, end]
    return out


def differing_parts(document, base_parts: dict | None) -> dict:
    """The parts of a finished document (in memory) other than word/document.xml that the base lacks or holds otherwise."""
    if base_parts is None:
        return {}
    out = {}
    for part in document.part.package.iter_parts():
        name = str(part.partname).lstrip("/")
        if name == DOCUMENT:
            continue
        data = part.blob
        if name not in base_parts or data != _base_bytes(name, base_parts[name]):
            out[name] = _part_value(name, data)
    return out


_BASE_BYTES: dict = {}


def _base_bytes(name: str, value) -> bytes:
    """A base part's bytes, decoded once per process and value."""
    key = (name, value if isinstance(value, str) else value["b64"])
    if key not in _BASE_BYTES:
        _BASE_BYTES[key] = _part_bytes(value)
    return _BASE_BYTES[key]


# -----------------------------------------------------------------------------
# Files
# -----------------------------------------------------------------------------

def read_parts(docx: bytes, *names: str) -> dict[str, bytes]:
    """The parts of a .docx by name in the zip, in zip order (all, or only those named)."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        return {name: zf.read(name) for name in zf.namelist() if not names or name in names}


def split_document(xml: bytes | str) -> tuple[str, str, str]:
    """word/document.xml as (head through <w:body>, body children, sectPr and the end)."""
    text = xml.decode("utf-8") if isinstance(xml, bytes) else xml
    body_start = BODY_OPEN_RE.search(text).end()
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


def record_path(cached_docx: Path) -> Path:
    """Where the document cache keeps a document's draft data: beside it (<key>.docx -> <key>.draft.json)."""
    return Path(cached_docx).with_suffix(".draft.json")


def write_base_fragment(site_dir: Path, style: dict | None = None) -> None:
    """assets/javascripts/draft-base.js: the parts every page's document shares."""
    target = Path(site_dir) / BASE_JS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script(_base(style), "base"), encoding="utf-8")


def write_page_fragment(site_dir: Path, page: dict, data: dict) -> None:
    """<page>.draft.js beside the page's .docx. page: {"docx": site-relative path, "url", "title"}; data: draft_data."""
    full = {"url": page["url"], "title": page["title"], **data}
    target = Path(site_dir) / fragment_path(page["docx"])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(script(full, "page"), encoding="utf-8")


def write_cached_fragment(site_dir: Path, page: dict, cached_docx: Path) -> None:
    """A cached page's <page>.draft.js from the draft data kept beside its cached .docx."""
    data = json.loads(record_path(cached_docx).read_text(encoding="utf-8"))
    write_page_fragment(site_dir, page, data)


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

    One job, so a worker writes the fragment from the record of the document
    it just made. With keep (the cache entry), the draft data goes beside it too.
    """
    written = write_page_docx(html, title, path, keep, **options)
    data = draft_data(written, _base(None)["parts"])
    if keep is not None:
        write_atomic(record_path(keep), json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    write_page_fragment(site_dir, fragment, data)
