"""Template pages: front matter, skeleton headings in page and TOC, calendars,
links to every example of the same unit and kind, and the listings.
"""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from conftest import DOCS
from gonghui_core.schema import iter_pages, load_vocab, read_page, validate_meta
from macros.calendar import load_activities
from macros.catalogue import nearest_examples, template_examples
from macros.skeleton import headings

ISSUE_3 = [(u, k) for u in ("school", "kindergarten") for k in ("year-end-summary", "half-year-summary", "semester-plan")]
ISSUE_3 += [(u, k) for u in ("railway", "county-federation") for k in ("year-end-summary", "half-year-summary", "annual-plan")]
ISSUE_3 += [(u, k) for u in ("enterprise", "government") for k in ("year-end-summary", "annual-plan")]
# The units whose examples came without templates: a summary and a plan each,
# and the county education union's 总结及计划 (002#1).
ADDED = [(u, k) for u in ("education-union", "college", "hospital", "town") for k in ("year-end-summary", "annual-plan")]
ADDED += [("education-union", "summary-and-plan")]
UNITS = list(load_vocab().units)
SEMESTER_UNITS = ("school", "kindergarten")


def five_kinds(unit: str) -> list[str]:
    """The five kinds every unit has a template for (issue 14): the plan is by semester for schools."""
    plan = "semester-plan" if unit in SEMESTER_UNITS else "annual-plan"
    return ["year-end-summary", "half-year-summary", plan, "summary-and-plan", "personal-summary"]


REQUIRED = [(u, k) for u in UNITS for k in five_kinds(u)]
ISSUE_14 = [pair for pair in REQUIRED if pair not in ISSUE_3 + ADDED]

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


def test_every_unit_has_a_template_of_each_of_the_five_kinds():
    assert len(ISSUE_3) == 16 and len(ADDED) == 9 and len(ISSUE_14) == 25
    assert len(REQUIRED) == 50 and set(ISSUE_3 + ADDED) < set(REQUIRED)
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


# Related unit types, written out here independently of macros/catalogue.py.
RELATED = {
    "school": {"kindergarten", "education-union", "college"},
    "kindergarten": {"school", "education-union", "college"},
    "education-union": {"school", "kindergarten", "college"},
    "college": {"school", "kindergarten", "education-union"},
    "railway": {"enterprise"}, "enterprise": {"railway"},
    "county-federation": {"town", "government"}, "town": {"county-federation", "government"},
    "government": {"county-federation", "town"},
    "hospital": {"government", "enterprise"},
}
EXAMPLES = iter_pages(DOCS, "examples")


def example_href(page) -> str:
    """Link from a template page to an example page in the built site."""
    return f"../../../examples/{page.meta['unit']}/{page.path.stem}/"


@pytest.mark.parametrize("unit,kind", REQUIRED)
def test_page_lists_its_examples_or_else_the_nearest(site_dir, unit, kind):
    listing = section_after(built(site_dir, unit, kind), "附：同类范文")
    text = html.unescape(TAG_RE.sub("", listing))
    linked = [h for h in HREF_RE.findall(listing) if "/examples/" in h]
    assert linked, "empty example list"
    assert len(linked) == len(set(linked)), "an example is listed twice"
    exact = {example_href(p) for p in EXAMPLES if (p.meta["unit"], p.meta["kind"]) == (unit, kind)}
    if exact:
        assert set(linked) == exact
        assert "相近" not in text and "暂无" not in text
        return
    assert "暂无同单位同文种的范文，以下是相近的范文" in text
    related = [example_href(p) for p in EXAMPLES if p.meta["kind"] == kind and p.meta["unit"] in RELATED[unit]]
    same_unit = [example_href(p) for p in EXAMPLES if p.meta["unit"] == unit]
    same_kind = [example_href(p) for p in EXAMPLES if p.meta["kind"] == kind and p.meta["unit"] != unit]
    assert set(linked) == set(related) | set(same_unit) | (set() if related else set(same_kind))
    if related and same_unit:  # nearest first: the kind in related units, then this unit's other kinds
        assert max(map(linked.index, related)) < min(map(linked.index, same_unit))
    assert ("相近单位类型（" in text) == bool(related)
    assert (f"{load_vocab().units[unit]['label']}的其他文种范文" in text) == bool(same_unit)
    assert ("其他单位类型的" in text) == bool(same_kind and not related)
    if unit == "hospital" and related:
        assert "机关事业单位和企业看作相近单位" in text


def test_no_template_on_disk_has_an_empty_example_list_while_an_example_is_relevant():
    """Every template file on disk against every example file on disk, without a build."""
    for path in sorted((DOCS / "templates").glob("*/*.md")):
        page = read_page(path)
        unit, kind = page.meta["unit"], page.meta["kind"]
        assert f'template_examples(unit="{unit}", kind="{kind}")' in page.body, path
        relevant = [e for e in EXAMPLES if e.meta["unit"] in {unit} | RELATED[unit] or e.meta["kind"] == kind]
        groups = nearest_examples(DOCS, unit, kind)
        shown = [p.path for _, pages in groups for p in pages]
        assert bool(shown) == bool(relevant), path
        assert "examples_table(" not in page.body, path


def write_example(docs, unit: str, kind: str, slug: str) -> None:
    """A minimal example page in a scratch docs directory."""
    path = docs / "examples" / unit / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {slug}\nunit: {unit}\nkind: {kind}\nsource: test.txt#1\n"
                    f"tags:\n- 测试\n---\n\n正文。\n", encoding="utf-8")


def group_slugs(docs, unit, kind):
    return [(name, [p.path.stem for p in pages]) for name, pages in nearest_examples(docs, unit, kind)]


def test_nearest_examples_order_and_switch_to_exact(tmp_path):
    docs = tmp_path / "docs"
    write_example(docs, "enterprise", "half-year-summary", "ent-half")
    write_example(docs, "government", "half-year-summary", "gov-half")
    write_example(docs, "hospital", "year-end-summary", "hos-year")
    write_example(docs, "school", "half-year-summary", "school-half")
    # hospital: government before enterprise; the hospital's own year-end next;
    # the school's half-year summary is not near enough while related units have the kind.
    assert group_slugs(docs, "hospital", "half-year-summary") == [
        ("related", ["gov-half", "ent-half"]), ("same-unit", ["hos-year"])]
    # county federation: nothing of its own, related government has the kind.
    assert group_slugs(docs, "county-federation", "half-year-summary") == [("related", ["gov-half"])]
    # railway personal summary: no related unit has the kind, none of its own -> nothing of the kind
    assert group_slugs(docs, "railway", "personal-summary") == [("related-other", ["ent-half"])]
    write_example(docs, "enterprise", "personal-summary", "ent-personal")
    assert group_slugs(docs, "railway", "personal-summary") == [("related", ["ent-personal"])]
    assert group_slugs(docs, "town", "personal-summary") == [("same-kind", ["ent-personal"])]
    # an example of the exact unit and kind replaces the nearest ones
    write_example(docs, "hospital", "half-year-summary", "hos-half")
    assert group_slugs(docs, "hospital", "half-year-summary") == [("exact", ["hos-half"])]
    markdown = template_examples(docs, "templates/hospital/half-year-summary.md", "hospital", "half-year-summary")
    assert "相近" not in markdown and "(../../examples/hospital/hos-half.md)" in markdown
    markdown = template_examples(docs, "templates/town/personal-summary.md", "town", "personal-summary")
    assert markdown.startswith("**暂无同单位同文种的范文，以下是相近的范文。**")
    assert "**其他单位类型的个人工作总结范文：**" in markdown and "| 企业 |" in markdown


def test_nearest_examples_rejects_unknown_values():
    with pytest.raises(ValueError, match="factory"):
        nearest_examples(DOCS, "factory", "annual-plan")

@pytest.mark.parametrize("unit,kind", REQUIRED)
def test_template_appears_in_unit_and_kind_listings(site_dir, unit, kind):
    unit_page = (site_dir / "units" / unit / "index.html").read_text(encoding="utf-8")
    kind_page = (site_dir / "kinds" / kind / "index.html").read_text(encoding="utf-8")
    index = (site_dir / "templates" / "index.html").read_text(encoding="utf-8")
    assert f'href="../../templates/{unit}/{kind}/"' in unit_page
    assert f'href="../../templates/{unit}/{kind}/"' in kind_page
    assert f'href="{unit}/{kind}/"' in index


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_page_lists_templates_of_all_five_kinds(site_dir, unit):
    unit_page = (site_dir / "units" / unit / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(rf'href="\.\./\.\./templates/{unit}/([a-z-]+)/"', unit_page))
    assert linked == set(five_kinds(unit))


def test_macro_reference_page_renders_each_macro(site_dir):
    page_html = (site_dir / "contributing" / "macros" / "index.html").read_text(encoding="utf-8")
    for name in ("activity_calendar", "section_skeleton", "plan_year", "examples_table", "template_examples",
                 "templates_table", "units_overview", "kinds_overview", "themes_overview"):
        assert name in page_html, name
    assert "暂无同单位同文种的范文，以下是相近的范文" in page_html      # rendered nearest examples
    assert 'href="../add-holidays/"' in page_html
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
