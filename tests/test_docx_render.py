"""The Word documents rendered by LibreOffice and measured on the PDF (GB/T 9704-2012).

Every .docx of the real site goes through ``soffice --convert-to pdf`` in one
run; pdfminer.six gives each character's box and baseline, poppler's
``pdftoppm`` the pixels of the footer. What is measured, on the long railway
example and the school semester-plan template (with its calendar tables), or
on all documents:

- body text: 28 characters on every full line, 22 lines on every full page,
  lines 28.95 pt apart, the 22nd line inside the 225 mm type area;
- tables: no row across two pages, the header row on top of every page a
  table continues on, dates whole on one line, 小四 text 20 pt apart;
- no page without text (no trailing empty page);
- titles: the lines the exporter chose (no word split by a rewrap), each of
  at least 3 characters;
- templates: no guidance text; 落款 with the date 右空四字 and the unit
  centred over it;
- the footer dashes 7 mm below the type area.

Expected numbers are the standard's, not read from the exporter's style file.
LibreOffice here lacks the official fonts (仿宋_GB2312 etc.) and substitutes
Noto CJK, whose Chinese glyphs are one em wide like the originals.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

pytestmark = pytest.mark.slow

MM = 72 / 25.4                              # pt per mm
PAGE_W, PAGE_H = 210 * MM, 297 * MM
LEFT, RIGHT = 28 * MM, PAGE_W - 26 * MM     # type area 156 x 225 mm
TOP, BOTTOM = PAGE_H - 37 * MM, 35 * MM     # (PDF y grows upwards)
BODY_PT, TITLE_PT, TABLE_PT = 16, 22, 12
CHARS_PER_LINE, LINES_PER_PAGE = 28, 22
RAILWAY = "examples/railway/railway-bureau-union-annual-work-report.docx"
PLAN = "templates/school/semester-plan.docx"
DATE_RE = re.compile(r"\d+月\d+日(?:—\d+日)?")


@dataclass
class Char:
    text: str
    x0: float
    x1: float
    base: float   # baseline y
    top: float
    size: float


# -----------------------------------------------------------------------------
# Rendering
# -----------------------------------------------------------------------------

def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def rendered(site_dir, tmp_path_factory) -> dict[str, Path]:
    """Every document of the site as PDF (one LibreOffice run): site path -> PDF."""
    soffice = _soffice()
    if soffice is None or shutil.which("pdftoppm") is None:
        reason = "LibreOffice (soffice) or poppler-utils (pdftoppm) not installed: apt-get install libreoffice-writer poppler-utils"
        if os.environ.get("CI"):
            pytest.fail(f"render tests cannot run in CI: {reason}")
        pytest.skip(reason)
    pytest.importorskip("pdfminer")
    work = tmp_path_factory.mktemp("render")
    names = {}
    for path in sorted(site_dir.glob("*/*/*.docx")):
        rel = path.relative_to(site_dir).as_posix()
        name = rel.replace("/", "__")
        shutil.copyfile(path, work / name)
        names[rel] = work / name.replace(".docx", ".pdf")
    assert len(names) >= 50, f"expected the site's 50+ documents, found {len(names)}"
    profile = work / "profile"  # a profile of its own: no clash with a LibreOffice already running
    proc = subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(work), *sorted(str(work / n.name.replace(".pdf", ".docx"))
                                                                                  for n in names.values())],
                          capture_output=True, text=True, timeout=600)
    missing = [rel for rel, pdf in names.items() if not pdf.is_file()]
    assert not missing, f"LibreOffice made no PDF of {missing}:\n{proc.stdout}\n{proc.stderr}"
    return names


@functools.lru_cache(maxsize=None)
def pdf_pages(pdf: Path) -> list[list[Char]]:
    """Characters of each page (pdfminer.six), with their baselines."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LTChar

    def walk(obj):
        if isinstance(obj, LTChar):
            yield obj
        elif hasattr(obj, "__iter__"):
            for child in obj:
                yield from walk(child)

    pages = []
    for page in extract_pages(str(pdf), laparams=None):
        chars = [Char(c.get_text(), c.x0, c.x1, round(c.matrix[5], 1), c.y1, round(c.size, 1))
                 for c in walk(page) if c.get_text().strip()]
        pages.append(chars)
    return pages


def lines_of(chars: list[Char], size: float) -> list[list[Char]]:
    """Visual lines (by baseline, top to bottom) of the characters of one size inside the type area."""
    rows = defaultdict(list)
    for c in chars:
        if abs(c.size - size) < 0.5 and BOTTOM - 1 < c.base < TOP + 1:
            rows[c.base].append(c)
    return [sorted(rows[y], key=lambda c: c.x0) for y in sorted(rows, reverse=True)]


def text(chars: list[Char]) -> str:
    return "".join(c.text for c in chars)


@pytest.fixture(scope="module")
def railway(rendered):
    return pdf_pages(rendered[RAILWAY])


@pytest.fixture(scope="module")
def plan(rendered):
    return pdf_pages(rendered[PLAN])


# -----------------------------------------------------------------------------
# Body text: 28 x 22
# -----------------------------------------------------------------------------

def full_line_counts(pages) -> list[int]:
    """Characters per full body line, counted in character places from the left edge.

    A full line reaches the right edge (a paragraph's last line does not);
    only lines of Chinese characters and full-width punctuation are counted
    (digits are half as wide); a punctuation mark hanging past the edge is not
    counted; a first line's indent counts as the characters it replaces.
    """
    counts = []
    for chars in pages:
        for line in lines_of(chars, BODY_PT):
            inside = [c for c in line if c.x0 < RIGHT - 2]
            if not inside or inside[-1].x1 < RIGHT - BODY_PT / 2:
                continue
            if any(c.x1 - c.x0 < BODY_PT * 0.9 for c in inside):
                continue
            pitch = (inside[-1].x1 - inside[0].x0) / len(inside)
            counts.append(len(inside) + round((inside[0].x0 - LEFT) / pitch))
    return counts


@pytest.mark.parametrize("doc", ["railway", "plan"])
def test_full_body_lines_hold_28_characters(doc, request):
    counts = full_line_counts(request.getfixturevalue(doc))
    assert len(counts) >= 10, f"too few full lines to measure: {counts}"
    wrong = [n for n in counts if n != CHARS_PER_LINE]
    # a line may give a character to the next so that punctuation does not start it (禁则)
    assert len(wrong) <= max(1, len(counts) // 20) and all(n >= CHARS_PER_LINE - 1 for n in wrong), \
        f"characters per full line: {sorted(counts)}"


def test_full_pages_hold_22_body_lines_at_the_standard_pitch(railway):
    full = railway[1:-1]  # the first page has the title, the last ends the text
    assert full, "the railway example should run to several pages"
    for number, chars in enumerate(full, start=2):
        lines = lines_of(chars, BODY_PT)
        assert len(lines) == LINES_PER_PAGE, f"page {number}: {len(lines)} lines"
        bases = [line[0].base for line in lines]
        gaps = {round(a - b, 1) for a, b in zip(bases, bases[1:])}
        assert all(28.8 <= g <= 29.1 for g in gaps), f"page {number}: line pitch {gaps} (225 mm / 22 = 28.99 pt)"
        # the 22 lines fill the type area: the last one ends within a line of its bottom
        assert BOTTOM <= bases[-1] - 4 and bases[-1] < BOTTOM + 29, f"page {number}: last baseline {bases[-1]}"


# -----------------------------------------------------------------------------
# Tables
# -----------------------------------------------------------------------------

def table_columns(path: Path) -> list[tuple[list[float], list[list[str]]]]:
    """Each table of a document: column x edges on the page (it is centred) and its rows' cell texts."""
    document = docx.Document(str(path))
    out = []
    for table in document.tables:
        widths = [int(col.get(docx.oxml.ns.qn("w:w"))) / 20 for col in table._tbl.tblGrid.findall(docx.oxml.ns.qn("w:gridCol"))]
        left = LEFT + ((RIGHT - LEFT) - sum(widths)) / 2
        edges = [left]
        for w in widths:
            edges.append(edges[-1] + w)
        rows = [[re.sub(r"\s", "", c.text) for c in row.cells] for row in table.rows]
        out.append((edges, rows))
    return out


def column_text(chars: list[Char], x0: float, x1: float) -> list[str]:
    """Visual lines of table text between two x edges on one page."""
    inside = [c for c in chars if abs(c.size - TABLE_PT) < 0.5 and x0 <= c.x0 < x1]
    return [text(line) for line in lines_of(inside, TABLE_PT)]


def test_table_rows_stay_on_one_page_with_the_header_on_top(rendered, plan):
    tables = table_columns(rendered[PLAN].with_suffix(".docx"))
    assert len(tables) == 2, "the school semester plan has a spring and an autumn calendar"
    for edges, rows in tables:
        columns = [[column_text(chars, a, b) for a, b in zip(edges, edges[1:])] for chars in plan]
        for row in rows[1:]:
            pages = set()
            for c, cell in enumerate(row):
                found = [p for p, cols in enumerate(columns) if cell in "".join(cols[c])]
                assert found, f"cell {cell!r} is not whole in column {c + 1} of any page"
                if cell != "—":
                    pages.add(found[0])
            assert len(pages) == 1, f"row {row[0]} spans pages {sorted(p + 1 for p in pages)}"
    header = "".join(tables[0][1][0])
    for number, chars in enumerate(plan, start=1):
        lines = lines_of(chars, TABLE_PT)
        if lines:
            assert text(lines[0]).replace(" ", "") == header, f"page {number}: its table part starts without the header"


def test_table_dates_stay_on_one_line_and_lines_are_20pt_apart(rendered, plan):
    dates, gaps = 0, set()
    for edges, rows in table_columns(rendered[PLAN].with_suffix(".docx")):
        columns = [[column_text(chars, a, b) for a, b in zip(edges, edges[1:])] for chars in plan]
        for row in rows[1:]:
            for c, cell in enumerate(row):
                for date in DATE_RE.findall(cell):
                    dates += 1
                    assert any(date in line.replace(" ", "") for cols in columns for line in cols[c]), \
                        f"date {date} broken across lines in column {c + 1}"
    for chars in plan:
        inside = [c for c in chars if abs(c.size - TABLE_PT) < 0.5]
        for x0, x1 in ((LEFT, RIGHT),):
            bases = sorted({c.base for c in inside if x0 <= c.x0 < x1}, reverse=True)
            gaps |= {round(a - b, 1) for a, b in zip(bases, bases[1:])}
    assert dates >= 20, f"only {dates} dates in the calendar tables"
    # lines of one cell 20 pt apart (小四 with its own spacing), not snapped to the 28 pt body grid
    assert 20.0 in gaps and not any(27.5 < g < 29.5 for g in gaps), f"table line gaps {sorted(gaps)}"


def docx_text(path: Path) -> str:
    """All text of a document's body and tables, without whitespace."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return re.sub(r"\s", "", "".join(parts))


def test_no_character_is_lost_in_rendering(rendered):
    """Every character of each document is drawn (at the bare 28-character fit LibreOffice drops
    punctuation that should hang past a full line).
    """
    from collections import Counter

    lost = {}
    for rel, pdf in rendered.items():
        drawn = Counter("".join(c.text for chars in pdf_pages(pdf) for c in chars if c.base > BOTTOM - 1))
        missing = Counter(docx_text(pdf.with_suffix(".docx"))) - drawn
        if missing:
            lost[rel] = dict(missing)
    assert not lost, f"characters not drawn: {lost}"


def test_no_document_ends_on_an_empty_page(rendered):
    empty = []
    for rel, pdf in rendered.items():
        for number, chars in enumerate(pdf_pages(pdf), start=1):
            if not [c for c in chars if c.base > BOTTOM - 1]:  # nothing above the footer
                empty.append(f"{rel} page {number}")
    assert not empty, f"pages with no text: {empty}"


# -----------------------------------------------------------------------------
# Titles, templates, 落款
# -----------------------------------------------------------------------------

def test_titles_break_where_the_exporter_broke_them(rendered):
    """Each title's lines in the PDF are the document's own lines (no rewrap mid-word), of 3+ characters."""
    broken = 0
    for rel, pdf in rendered.items():
        expected = docx.Document(str(pdf.with_suffix(".docx"))).paragraphs[0].text.split("\n")
        got = [text(line).replace(" ", "") for line in lines_of(pdf_pages(pdf)[0], TITLE_PT)]
        assert got == [line.replace(" ", "") for line in expected], f"{rel}: title lines {got}, expected {expected}"
        assert all(len(line) >= 3 for line in got), f"{rel}: a title line under 3 characters: {got}"
        broken += len(got) > 1
    assert broken >= 3, "several long titles should have been broken into lines"


def test_template_has_no_guidance_and_ends_with_its_closing(plan):
    whole = "".join(text(chars) for chars in plan)
    for guidance in ("写什么", "开头：", "提交前检查", "同类范文", "范文常用语句", "使用说明"):
        assert guidance not in whole
    page = next(chars for chars in plan if any(text(line) == "【日期】" for line in lines_of(chars, BODY_PT)))
    lines = {text(line): line for line in lines_of(page, BODY_PT)}
    date, unit = lines["【日期】"], lines["【单位名称】工会"]
    assert date[0].base < unit[0].base, "the unit stands above the date"
    space = RIGHT - date[-1].x1
    assert 4 * 15.5 <= space <= 4 * 16.2, f"the date should end four characters from the right edge: {space:.1f} pt"
    centre = lambda line: (line[0].x0 + line[-1].x1) / 2  # noqa: E731
    assert abs(centre(date) - centre(unit)) < 2, "the unit is centred over the date"
    assert any(text(line).startswith("附件：") for line in lines_of(page, BODY_PT)), "附件说明 above the 落款"
    later = plan[plan.index(page) + 1]
    assert text(lines_of(later, BODY_PT)[0]) == "附件", "the appendix starts a new page with 附件 at top left"


# -----------------------------------------------------------------------------
# Footer
# -----------------------------------------------------------------------------

def _pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and pixels of a binary PGM (what pdftoppm -gray writes)."""
    data = path.read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos)
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    return int(fields[1]), int(fields[2]), data[pos + 1:]


def test_footer_dashes_sit_7mm_below_the_type_area(rendered, tmp_path):
    dpi = 288
    for page in (1, 2):  # odd page: right; even page: left
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page),
                        str(rendered[RAILWAY]), str(tmp_path / f"p{page}")], check=True)
        width, height, px = _pgm(next(tmp_path.glob(f"p{page}*.pgm")))
        block_bottom = round((297 - 35) / 25.4 * dpi)
        dash_rows = []
        for y in range(block_bottom, min(height, block_bottom + round(15 / 25.4 * dpi))):  # rows crossed by a dark run of 2.5 mm or more (a dash)
            run = best = 0
            for x in range(width):
                run = run + 1 if px[y * width + x] < 128 else 0
                best = max(best, run)
            if best >= 2.5 / 25.4 * dpi:
                dash_rows.append(y)
        assert dash_rows, f"page {page}: no footer dash found"
        below = ((dash_rows[0] + dash_rows[-1]) / 2 - block_bottom) * 25.4 / dpi
        assert 6.5 <= below <= 7.5, f"page {page}: the dashes are {below:.1f} mm below the type area (7 mm)"
