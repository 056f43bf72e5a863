"""Template pages: front matter, skeleton headings in page and TOC, calendars,
links to every example of the same unit and kind, and the listings."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from conftest import DOCS
from macros.calendar import load_activities
from gonghui_core.schema import iter_pages, read_page, validate_meta
from macros.skeleton import headings

ISSUE_3 = [(u, k) for u in ("school", "kindergarten") for k in ("year-end-summary", "half-year-summary", "semester-plan")]
ISSUE_3 += [(u, k) for u in ("railway", "county-federation") for k in ("year-end-summary", "half-year-summary", "annual-plan")]
ISSUE_3 += [(u, k) for u in ("enterprise", "government") for k in ("year-end-summary", "annual-plan")]
# The units whose examples came without templates: a summary and a plan each,
# and the county education union's 总结及计划 (002#1).
ADDED = [(u, k) for u in ("education-union", "college", "hospital", "town") for k in ("year-end-summary", "annual-plan")]
ADDED += [("education-union", "summary-and-plan")]
REQUIRED = ISSUE_3 + ADDED

HEADING_RE = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
TAG_RE = re.compile(r"<[^>]+>")
HREF_RE = re.compile(r'href="([^"]+)"')


def built(site_dir, unit: str, kind: str) -> str:
    """HTML of one built template page."""
    return (site_dir / "templates" / unit / kind / "index.html").read_text(encoding="utf-8")


def page_headings(page_html: str) -> list[tuple[str, str]]:
    """(id, text) of the headings of a page, permalink sign removed."""
    return [(hid, html.unescape(TAG_RE.sub("", body)).replace("¶", "").strip())
            for _, hid, body in HEADING_RE.findall(page_html)]


def article(page_html: str) -> str:
    """The page's content, without navigation and scripts."""
    return page_html[page_html.index("<article"): page_html.index("</article>")]


def section_after(page_html: str, heading_text: str) -> str:
    """Content HTML from a heading to the next heading of any level."""
    body = article(page_html)
    start = re.search(r"<h[1-6] id=[^>]*>" + re.escape(heading_text), body).end()
    nxt = re.search(r"<h[1-6][ >]", body[start:])
    return body[start: start + nxt.start()] if nxt else body[start:]


def test_at_least_the_sixteen_templates_exist():
    assert len(ISSUE_3) == 16 and len(ADDED) == 9
    for unit, kind in REQUIRED:
        assert (DOCS / "templates" / unit / f"{kind}.md").is_file(), (unit, kind)


def test_every_template_on_disk_is_covered_by_these_tests():
    on_disk = {(p.parent.name, p.stem) for p in (DOCS / "templates").glob("*/*.md")}
    assert on_disk == set(REQUIRED), on_disk ^ set(REQUIRED)


@pytest.mark.parametrize("unit,kind", REQUIRED)
def test_front_matter_is_valid(unit, kind):
    page = read_page(DOCS / "templates" / unit / f"{kind}.md")
    assert validate_meta(page, "template") == []
    assert page.meta["unit"] == unit and page.meta["kind"] == kind
    assert page.meta["render_macros"] is True


@pytest.mark.parametrize("unit,kind", REQUIRED)
def test_page_has_its_skeleton_headings_in_page_and_toc(site_dir, unit, kind):
    page_html = built(site_dir, unit, kind)
    found = page_headings(page_html)
    texts = [t for _, t in found]
    for _depth, title in headings(kind, unit):
        assert title in texts, title
    ids = {t: hid for hid, t in found}
    for _depth, title in headings(kind, unit):
        assert f'href="#{ids[title]}"' in page_html, f"{title} not in the table of contents"
    assert "{{" not in article(page_html) and "}}" not in article(page_html)


@pytest.mark.parametrize("unit,kind", REQUIRED)
def test_page_has_guidance_and_checklist(site_dir, unit, kind):
    page_html = built(site_dir, unit, kind)
    assert "适用：" in page_html and "不适用：" in page_html
    checklist = section_after(page_html, "附：提交前检查")
    assert checklist.count('type="checkbox"') >= 5


@pytest.mark.parametrize("unit,kind", [(u, k) for u, k in REQUIRED if k.endswith("plan")])
def test_plan_has_calendar_of_the_coming_period(site_dir, unit, kind):
    page_html = built(site_dir, unit, kind)
    year = dt.date.today().year + 1
    periods = ["春季学期", "秋季学期"] if kind == "semester-plan" else ["全年"]
    for period in periods:
        assert f"{year}年{period}" in page_html, period
    assert page_html.count("<th>工会活动建议</th>") == len(periods)
    assert "春节" in page_html and "国庆节" in page_html


@pytest.mark.parametrize("unit,kind", REQUIRED)
def test_page_links_every_example_of_its_unit_and_kind(site_dir, unit, kind):
    expected = {f"../../../examples/{unit}/{p.path.stem}/" for p in iter_pages(DOCS, "examples")
                if p.meta.get("unit") == unit and p.meta.get("kind") == kind}
    listing = section_after(built(site_dir, unit, kind), "附：同类范文")
    linked = {h for h in HREF_RE.findall(listing) if "/examples/" in h}
    assert linked == expected
    if not expected:
        assert "暂无范文" in listing


@pytest.mark.parametrize("unit,kind", REQUIRED)
def test_template_appears_in_unit_and_kind_listings(site_dir, unit, kind):
    unit_page = (site_dir / "units" / unit / "index.html").read_text(encoding="utf-8")
    kind_page = (site_dir / "kinds" / kind / "index.html").read_text(encoding="utf-8")
    index = (site_dir / "templates" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../templates/{unit}/{kind}/"' in unit_page
    assert f'href="../../templates/{unit}/{kind}/"' in kind_page
    assert f'href="{unit}/{kind}/"' in index


def test_macro_reference_page_renders_each_macro(site_dir):
    page_html = (site_dir / "contributing" / "macros" / "index.html").read_text(encoding="utf-8")
    for name in ("activity_calendar", "section_skeleton", "plan_year", "examples_table",
                 "templates_table", "units_overview", "kinds_overview", "themes_overview"):
        assert name in page_html, name
    assert "<th>工会活动建议</th>" in page_html            # rendered calendar
    assert "春节（2月17日）" not in page_html                # the example is the autumn semester
    assert "重阳节（10月18日）" in page_html
    assert "注重政策理论学习" in page_html                   # rendered skeleton
    assert "{{ activity_calendar(year=2027" in html.unescape(TAG_RE.sub("", page_html))  # literal


# Section titles only the skeleton of that unit has (macros/data/sections.yml).
UNIT_MARKERS = {
    "education-union": ["指导基层学校工会", "特岗教师"],
    "college": ["教代会暨工会会员代表大会", "分工会", "校庆"],
    "hospital": ["院务公开", "医务职工", "储金会"],
    "town": ["农民工入会", "关心下一代"],
}


@pytest.mark.parametrize("unit,kind", ADDED)
def test_unit_specific_sections_on_its_page_and_no_other(site_dir, unit, kind):
    for word in UNIT_MARKERS[unit]:
        texts = [t for _, t in page_headings(article(built(site_dir, unit, kind)))]
        assert any(word in t for t in texts), (unit, kind, word)
        for other_unit, other_kind in REQUIRED:
            if other_unit != unit:
                other = [t for _, t in page_headings(article(built(site_dir, other_unit, other_kind)))]
                assert not any(word in t for t in other), (word, other_unit, other_kind)


def unit_extras(unit: str) -> list[str]:
    """The month-fixed activities a unit adds to its profile in activities.yml."""
    return [a for items in load_activities()["units"][unit].get("extra", {}).values()
            for a in items if isinstance(a, str)]


@pytest.mark.parametrize("unit,kind", [(u, k) for u, k in ADDED if k.endswith("plan")])
def test_plan_calendar_has_its_units_activities(site_dir, unit, kind):
    text = html.unescape(section_after(built(site_dir, unit, kind), "附：月度活动安排参考"))
    own = unit_extras(unit)
    assert own and all(f"• {a}" in text for a in own), unit
    for other in UNIT_MARKERS:
        for item in set(unit_extras(other)) - set(own):
            assert f"• {item}" not in text, (unit, other, item)
