"""Page, styles and footer of an official-looking Word document (GB/T 9704-2012).

The numbers come from ``docx_style.yml``. East-Asian fonts are written through
``w:eastAsia`` in ``w:rFonts`` (``font.name`` alone only sets the Latin font,
and Word would show Chinese text in its default font).

Speed: the styled empty document is made once per layout (saved and opened
again, so it is exactly what a reader gets) and every page's document is a
deep copy of it (half the time of parsing the .docx again). A run's properties for one
(font, size, weight) are built once and copied into each new run.

Size: python-docx's template carries ~100 table styles and dozens of other
style definitions no page uses (~330 KB of styles.xml) and a Word 2010
``stylesWithEffects`` copy of them (~440 KB), re-written into every file. The
base keeps only the styles a document can refer to (``_drop_unused_styles``);
Word, WPS and LibreOffice know the others as built-in styles, and
``w:latentStyles`` (kept) still tells Word how to show them in its style
gallery. ``stylesWithEffects`` is a part Word 2013+ writes only for round trips
to Word 2010, which reads ``styles.xml`` as every other program does.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import math
from functools import lru_cache
from pathlib import Path

import docx
import yaml
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.font import Font
from lxml import etree

STYLE_FILE = Path(__file__).with_name("docx_style.yml")
THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "center": WD_ALIGN_PARAGRAPH.CENTER}
TITLE_STYLE = "公文标题"
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3", 4: "Heading 4"}
TABLE_STYLE = "Table Grid"
PAGE_STYLES = (TITLE_STYLE, *HEADING_STYLES.values(), TABLE_STYLE)  # styles the writer applies per page
STYLE_REF_XPATH = ("//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val"
                   " | //w:numStyleLink/@w:val | //w:styleLink/@w:val")
STYLE_LINK_TAGS = ("w:basedOn", "w:link", "w:next")
STYLES_WITH_EFFECTS_RELTYPE = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
GB2312_CHARSET = "86"
MM_PER_PT = 25.4 / 72
WORD_NS = "http://schemas.microsoft.com/office/word"
_BASES: dict = {}  # layout JSON -> empty styled document (never written to)


@lru_cache(maxsize=None)
def load_style(path: Path = STYLE_FILE) -> dict:
    """Read the layout numbers."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


# -----------------------------------------------------------------------------
# Fonts
# -----------------------------------------------------------------------------

def set_fonts(element, east_asia: str, latin: str, hint: bool = False) -> None:
    """Set Latin and East-Asian fonts on a run's or a style's rPr."""
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in THEME_FONT_ATTRS:
        rfonts.attrib.pop(qn(attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    if hint:  # punctuation such as "—" then takes the East-Asian (full-width) font
        rfonts.set(qn("w:hint"), "eastAsia")


def style_run(run, role: str, size_pt: float, bold: bool = False, style: dict | None = None,
              spacing_pt: float | None = None) -> None:
    """Give a run the font of a role (title, body, level1 ...), its size and weight.

    spacing_pt sets the run's character spacing (None: the paragraph style's,
    i.e. the body's condensing; 0 for table text and the title).
    """
    style = style or load_style()
    east_asia, latin = style["fonts"][role]["name"], style["fonts"]["latin"]
    r = run._element
    if r.rPr is None:  # a new run: copy the ready-made properties (same XML, far cheaper)
        r.insert(0, copy.deepcopy(_run_properties(east_asia, latin, size_pt, bold, spacing_pt)))
        return
    _style_run_element(r, east_asia, latin, size_pt, bold, spacing_pt)


@lru_cache(maxsize=None)
def _run_properties(east_asia: str, latin: str, size_pt: float, bold: bool, spacing_pt: float | None):
    """The w:rPr that style_run gives a new run, built once per font, size, weight and spacing."""
    r = OxmlElement("w:r")
    _style_run_element(r, east_asia, latin, size_pt, bold, spacing_pt)
    return r.rPr


def _style_run_element(r, east_asia: str, latin: str, size_pt: float, bold: bool,
                       spacing_pt: float | None = None) -> None:
    """Fonts, size, weight and character spacing on a w:r element, through python-docx."""
    # hint: quotes, ×× and dashes take the Chinese (full-width) font, as typed in WPS
    set_fonts(r, east_asia, latin, hint=True)
    font = Font(r)
    font.size = Pt(size_pt)
    font.bold = bold
    if spacing_pt is not None:
        set_char_spacing(r.get_or_add_rPr(), spacing_pt)


def set_char_spacing(rpr, spacing_pt: float) -> None:
    """Character spacing (Word's 字符间距: negative = condensed) on an rPr, in its schema place."""
    el = rpr.find(qn("w:spacing"))
    if el is None:
        el = OxmlElement("w:spacing")
        # CT_RPr orders its children; after fonts, weight, colour and before size
        successors = [rpr.find(qn(t)) for t in ("w:w", "w:kern", "w:position", "w:sz", "w:szCs",
                                                 "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd",
                                                 "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em",
                                                 "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")]
        nxt = next((e for e in successors if e is not None), None)
        if nxt is not None:
            nxt.addprevious(el)
        else:
            rpr.append(el)
    el.set(qn("w:val"), str(round(spacing_pt * 20)))


# -----------------------------------------------------------------------------
# Document
# -----------------------------------------------------------------------------

def new_document(style: dict | None = None) -> docx.document.Document:
    """An empty A4 document with the official page, styles and footer (a fresh copy each call)."""
    style = style or load_style()
    return copy.deepcopy(_base_document(style))


def _base_document(style: dict) -> docx.document.Document:
    """The styled empty document, made once per layout (keyed by its JSON)."""
    key = json.dumps(style, ensure_ascii=False)  # key order matters: it orders the font table
    if key not in _BASES:
        buffer = io.BytesIO()
        build_document(style).save(buffer)
        _BASES[key] = docx.Document(buffer)
    return _BASES[key]


def style_ids(document) -> dict[str, str]:
    """Paragraph style name -> style id, for the title and heading styles."""
    styles = document.styles
    return {name: styles[name].style_id for name in (TITLE_STYLE, *HEADING_STYLES.values())}


def build_document(style: dict) -> docx.document.Document:
    """Build the empty A4 document with the official page, styles and footer."""
    document = docx.Document()
    _setup_page(document.sections[0], style)
    _setup_body_style(document, style)
    _setup_heading_styles(document, style)
    _setup_title_style(document, style)
    _setup_footer(document, style)
    _setup_language(document, style)
    _setup_compatibility(document, style)
    _drop_thumbnail(document)
    _add_font_fallbacks(document, style)
    _drop_styles_with_effects(document)
    _drop_unused_styles(document, PAGE_STYLES)
    return document


def exact_spacing(paragraph_format, line_pt: float) -> None:
    """Fixed line spacing, no space before or after."""
    paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph_format.line_spacing = Pt(line_pt)
    paragraph_format.space_before = Pt(0)
    paragraph_format.space_after = Pt(0)


def indent_chars(paragraph_format, chars: int, size_pt: float) -> None:
    """First-line indent of n characters (also as w:firstLineChars, Word's "n 字符")."""
    paragraph_format.first_line_indent = Pt(chars * size_pt)
    ind = paragraph_format._element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


def body_grid(style: dict) -> tuple[float, float]:
    """(line spacing, character spacing) in pt that put the standard's grid on the type area.

    Rounded down to Word's unit of 1/20 pt: lines_per_page lines of the line
    spacing and chars_per_line characters of size + spacing must fit, and
    one more character must not. The characters get one unit more of
    condensing than the bare fit (-0.3 pt, not -0.25: 28 characters leave
    2.6 pt, not 1.2 pt): with the bare fit LibreOffice drops a comma or
    full stop that should hang past the end of a full line.
    """
    page, grid, size = style["page"], style["grid"], style["body"]["size_pt"]
    width = (page["width_mm"] - page["margin_left_mm"] - page["margin_right_mm"]) / MM_PER_PT
    height = (page["height_mm"] - page["margin_top_mm"] - page["margin_bottom_mm"]) / MM_PER_PT
    line = math.floor(height / grid["lines_per_page"] * 20) / 20
    spacing = math.floor((width / grid["chars_per_line"] - size) * 20) / 20 - grid["spacing_slack_pt"]
    assert (grid["chars_per_line"] + 1) * (size + spacing) > width, "the slack lets a 29th character in"
    return line, spacing


def text_width_pt(style: dict) -> float:
    """Width of the type area in pt."""
    page = style["page"]
    return (page["width_mm"] - page["margin_left_mm"] - page["margin_right_mm"]) / MM_PER_PT


def _setup_page(section, style: dict) -> None:
    """A4 with the GB/T 9704 margins; no document grid.

    Lines have exact spacing and characters a fixed condensing (body_grid), so
    Word and WPS need no grid to lay out 28 x 22. LibreOffice turns a Word grid
    into its text grid, which snaps every line (a 36 pt title, 20 pt table
    lines) to whole 28 pt grid lines; a character grid gave 21 characters.
    """
    page = style["page"]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(page["width_mm"]), Mm(page["height_mm"])
    section.top_margin, section.bottom_margin = Mm(page["margin_top_mm"]), Mm(page["margin_bottom_mm"])
    section.left_margin, section.right_margin = Mm(page["margin_left_mm"]), Mm(page["margin_right_mm"])
    section.footer_distance = Mm(footer_distance_mm(style))
    section.header_distance = Mm(15)
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is not None:
        for attr in ("w:type", "w:charSpace"):
            grid.attrib.pop(qn(attr), None)
        grid.set(qn("w:linePitch"), str(round(body_grid(style)[0] * 20)))


def footer_distance_mm(style: dict) -> float:
    """Page bottom to the footer line's bottom, so the dashes sit dash_below_text_mm below the type area.

    The footer line has exact spacing of its font size, so the em box fills it
    and a full-width dash is drawn across its middle: the middle of the line
    goes dash_below_text_mm below the bottom margin.
    """
    page, foot = style["page"], style["footer"]
    return round(page["margin_bottom_mm"] - foot["dash_below_text_mm"] - foot["size_pt"] * MM_PER_PT / 2, 1)


def _setup_body_style(document, style: dict) -> None:
    """Normal: 3号仿宋 on the 28 x 22 grid (exact lines, condensed characters), two-character indent."""
    body, normal = style["body"], document.styles["Normal"]
    line_pt, spacing_pt = body_grid(style)
    set_fonts(normal.element, style["fonts"]["body"]["name"], style["fonts"]["latin"])
    normal.font.size = Pt(body["size_pt"])
    normal.font.color.rgb = RGBColor(0, 0, 0)
    set_char_spacing(normal.element.get_or_add_rPr(), spacing_pt)
    exact_spacing(normal.paragraph_format, line_pt)
    indent_chars(normal.paragraph_format, body["first_line_indent_chars"], body["size_pt"])
    normal.paragraph_format.widow_control = True
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _setup_heading_styles(document, style: dict) -> None:
    """Heading 1-4 (Word's outline levels) in the fonts of 一、（一）1.（1）, black, body size."""
    body = style["body"]
    for level, name in HEADING_STYLES.items():
        spec = style["headings"][f"level{level}"]
        heading = document.styles[name]
        set_fonts(heading.element, style["fonts"][spec["font"]]["name"], style["fonts"]["latin"])
        heading.font.size = Pt(body["size_pt"])
        heading.font.bold = spec["bold"]
        heading.font.italic = False
        heading.font.color.rgb = RGBColor(0, 0, 0)
        fmt = heading.paragraph_format
        exact_spacing(fmt, body_grid(style)[0])
        indent_chars(fmt, body["first_line_indent_chars"], body["size_pt"])
        fmt.keep_with_next = True
        fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _setup_title_style(document, style: dict) -> None:
    """The document title: 2号小标宋, centred, no indent."""
    title = style["title"]
    st = document.styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = document.styles["Normal"]
    set_fonts(st.element, style["fonts"]["title"]["name"], style["fonts"]["title"]["name"])
    st.font.size = Pt(title["size_pt"])
    set_char_spacing(st.element.get_or_add_rPr(), 0)  # the body's condensing is for 3号 text
    fmt = st.paragraph_format
    exact_spacing(fmt, title["line_spacing_pt"])
    fmt.first_line_indent = Pt(0)
    fmt._element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.keep_with_next = True


def _setup_footer(document, style: dict) -> None:
    """Page numbers "— 1 —": odd pages right, even pages left, one character in."""
    document.settings.odd_and_even_pages_header_footer = True
    section, foot = document.sections[0], style["footer"]
    for footer, side in ((section.footer, foot["odd_align"]), (section.even_page_footer, foot["even_align"])):
        footer.is_linked_to_previous = False
        para = footer.paragraphs[0]
        para.alignment = ALIGN[side]
        fmt = para.paragraph_format
        exact_spacing(fmt, foot["size_pt"])  # the em box fills the line: see footer_distance_mm
        fmt.first_line_indent = Pt(0)
        fmt._element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
        setattr(fmt, f"{side}_indent", Pt(foot["size_pt"]))
        _add_page_field(para, style)


def _add_page_field(paragraph, style: dict) -> None:
    """Append "— PAGE —" as a real PAGE field."""
    foot, font = style["footer"], style["fonts"]["footer"]["name"]

    def run(text: str = "", field: str | None = None, instr: str | None = None):
        r = paragraph.add_run(text)
        set_fonts(r._element, font, font, hint=True)
        r.font.size = Pt(foot["size_pt"])
        set_char_spacing(r._element.get_or_add_rPr(), 0)
        if field:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), field)
            r._element.append(fld)
        if instr:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = instr
            r._element.append(it)

    run(f"{foot['dash']} ")
    run(field="begin")
    run(instr=" PAGE ")
    run(field="separate")
    run("1")
    run(field="end")
    run(f" {foot['dash']}")


def _setup_language(document, style: dict) -> None:
    """Tag text as Chinese (w:eastAsia zh-CN) by default and in the theme's font language."""
    props = style["properties"]
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), props["latin_language"])
    lang.set(qn("w:eastAsia"), props["language"])
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), props["latin_language"])
        theme_lang.set(qn("w:eastAsia"), props["language"])


def _setup_compatibility(document, style: dict) -> None:
    """Word's compatibility mode (15: Word 2013 and later, no "兼容模式" in the title bar)."""
    compat = document.settings.element.find(qn("w:compat"))
    for setting in compat.findall(qn("w:compatSetting")) if compat is not None else []:
        if setting.get(qn("w:name")) == "compatibilityMode" and setting.get(qn("w:uri")) == WORD_NS:
            setting.set(qn("w:val"), str(style["properties"]["compatibility_mode"]))


def _drop_thumbnail(document) -> None:
    """Remove the template's preview picture (an empty page of python-docx's template)."""
    package = document.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)


def set_properties(document, title: str, author: str, date: dt.datetime, style: dict) -> None:
    """File properties: title, author and last editor, created = modified = date, language."""
    props = document.core_properties
    props.title, props.author, props.last_modified_by = title, author, author
    props.subject = props.keywords = props.comments = props.category = ""
    props.language = style["properties"]["language"]
    props.created = props.modified = date
    props.revision = 1
    app = next((p for p in document.part.package.iter_parts() if str(p.partname) == "/docProps/app.xml"), None)
    if app is not None:  # the producing application and its version, not python-docx's template's
        root = etree.fromstring(app.blob)
        ns = root.nsmap[None]
        for tag, value in (("Application", author), ("AppVersion", "16.0000"), ("Template", "Normal.dotm")):
            el = root.find(f"{{{ns}}}{tag}")
            if el is not None:
                el.text = value
        app._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _add_font_fallbacks(document, style: dict) -> None:
    """Name a substitute for each font in the font table (w:altName), for PCs without it."""
    part = next((p for p in document.part.package.iter_parts()
                 if str(p.partname) == "/word/fontTable.xml"), None)
    if part is None:
        return
    root = etree.fromstring(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for spec in style["fonts"].values():
        if not isinstance(spec, dict) or spec["name"] in known:
            continue
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), spec["name"])
        for tag, val in (("w:altName", spec["fallback"]), ("w:charset", GB2312_CHARSET),
                         ("w:family", "auto"), ("w:pitch", "variable")):
            etree.SubElement(font, qn(tag)).set(qn("w:val"), val)
        known.add(spec["name"])
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _drop_styles_with_effects(document) -> None:
    """Remove the Word 2010 stylesWithEffects part (its relationship; the content type goes with it)."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS_RELTYPE:
            part.drop_rel(rid)


def _drop_unused_styles(document, names) -> None:
    """Keep only the default styles, the named ones and those any part refers to, with their bases."""
    styles = document.styles.element
    by_id = {st.get(qn("w:styleId")): st for st in styles.findall(qn("w:style"))}
    wanted = {document.styles[name].style_id for name in names}
    wanted |= {sid for sid, st in by_id.items() if st.get(qn("w:default")) in ("1", "true", "on")}
    for part in document.part.package.iter_parts():
        element = getattr(part, "element", None)
        if element is not None and element is not styles:
            wanted |= set(element.xpath(STYLE_REF_XPATH))
    keep, todo = set(), [sid for sid in wanted if sid in by_id]
    while todo:  # follow basedOn / link / next to the styles they need
        sid = todo.pop()
        if sid in keep:
            continue
        keep.add(sid)
        for tag in STYLE_LINK_TAGS:
            ref = by_id[sid].find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) in by_id:
                todo.append(ref.get(qn("w:val")))
    for sid, st in by_id.items():
        if sid not in keep:
            styles.remove(st)
