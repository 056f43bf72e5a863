"""The real built site: listings generated from front matter, no outside requests."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import DOCS
from gonghui_core.schema import iter_pages, load_vocab

EXAMPLES = iter_pages(DOCS, "examples")

# Attributes through which a page loads something (not plain navigation links).
LOADING = {("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
           ("source", "src"), ("video", "src"), ("audio", "src"), ("embed", "src"),
           ("object", "data"), ("image", "href")}
REMOTE_RE = re.compile(r"^(https?:)?//", re.I)
CSS_REMOTE_RE = re.compile(r"(?:url\(\s*['\"]?|@import\s+['\"])(?:https?:)?//", re.I)


class _Links(HTMLParser):
    """Collect <a href> targets and remote loading attributes."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.remote: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if tag == "a" and name == "href":
                self.hrefs.append(value)
            if (tag, name) in LOADING and REMOTE_RE.match(value):
                self.remote.append(f"<{tag} {name}={value}>")
            if name == "style" and CSS_REMOTE_RE.search(value):
                self.remote.append(f"<{tag} style=…{value}>")


def parse(path: Path) -> _Links:
    """Parse one built HTML file."""
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def example_url(page) -> str:
    """Site-relative directory URL of an example page."""
    rel = page.path.relative_to(DOCS).with_suffix("")
    return rel.as_posix() + "/"


def linked_targets(html_file: Path, site_dir: Path) -> set[str]:
    """Site-relative URLs linked from a built page, resolved against its location."""
    base = html_file.parent.relative_to(site_dir)
    out = set()
    for href in parse(html_file).hrefs:
        if REMOTE_RE.match(href) or href.startswith(("#", "mailto:")):
            continue
        target = (base / href.split("#")[0]).as_posix()
        parts = []
        for part in target.split("/"):
            if part == "..":
                parts.pop()
            elif part not in (".", ""):
                parts.append(part)
        url = "/".join(parts)
        out.add(url[:-len("index.html")] if url.endswith("index.html") else url + "/")
    return out


def test_there_are_examples():
    """The catalogue holds the imported seed articles."""
    assert len(EXAMPLES) >= 25


@pytest.mark.parametrize("page", EXAMPLES, ids=lambda p: p.path.stem)
def test_example_listed_on_its_unit_and_kind_pages(site_dir, page):
    """Each example appears on its unit page and its kind page, by itself."""
    url = example_url(page)
    assert (site_dir / url / "index.html").exists(), f"{url} was not built"
    unit_page = site_dir / "units" / page.meta["unit"] / "index.html"
    kind_page = site_dir / "kinds" / page.meta["kind"] / "index.html"
    assert url in linked_targets(unit_page, site_dir), f"{url} missing from {unit_page}"
    assert url in linked_targets(kind_page, site_dir), f"{url} missing from {kind_page}"


def test_every_unit_and_kind_has_a_listing_page(site_dir):
    """Unit and kind listings exist for the whole vocabulary and are linked from home."""
    vocab = load_vocab()
    home = linked_targets(site_dir / "index.html", site_dir)
    for folder, table in (("units", vocab.units), ("kinds", vocab.kinds)):
        for slug in table:
            assert (site_dir / folder / slug / "index.html").exists()
            assert f"{folder}/{slug}/" in home, f"home page does not lead to {folder}/{slug}"


def test_unit_listing_shows_counts_and_lengths(site_dir):
    """A listing row shows title, kind, period and the length in characters."""
    page = EXAMPLES[0]
    html = (site_dir / "units" / page.meta["unit"] / "index.html").read_text(encoding="utf-8")
    assert page.meta["title"] in html
    assert f"{page.length:,}" in html
    assert load_vocab().kinds[page.meta["kind"]]["tag"] in html


def test_theme_tags_are_listed(site_dir):
    """The theme page lists tags, and each example's tags link to it."""
    html = (site_dir / "themes" / "index.html").read_text(encoding="utf-8")
    used = {t for p in EXAMPLES for t in p.meta["tags"]}
    for tag in used:
        assert tag in html, f"tag {tag} not on the theme page"


def test_no_page_loads_anything_from_another_host(site_dir):
    """No built HTML or CSS makes the browser fetch from outside."""
    offenders = []
    for html in site_dir.rglob("*.html"):
        offenders += [f"{html.relative_to(site_dir)}: {r}" for r in parse(html).remote]
    for css in site_dir.rglob("*.css"):
        for m in CSS_REMOTE_RE.finditer(css.read_text(encoding="utf-8", errors="replace")):
            offenders.append(f"{css.relative_to(site_dir)}: {m.group(0)}")
    assert not offenders, "\n".join(offenders[:20])


def test_no_web_fonts(site_dir):
    """font: false: no Google Fonts link or @font-face from outside."""
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home


def test_headings_have_readable_chinese_ids(site_dir):
    """Heading anchors keep the Chinese words (pymdownx.slugs), not #_1."""
    page = next(p for p in EXAMPLES if "\n## " in p.body)
    html = (site_dir / example_url(page) / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'<h2 id="([^"]+)"', html)
    assert ids and all(re.search(r"[\u4e00-\u9fff]", i) for i in ids), ids


def test_example_page_says_what_it_is(site_dir):
    """An example page shows its unit type and kind, linking to their listings."""
    vocab = load_vocab()
    for page in EXAMPLES[:5]:
        html = (site_dir / example_url(page) / "index.html").read_text(encoding="utf-8")
        info = html[html.index('class="page-info"'):]
        info = info[: info.index("</aside>")]
        assert vocab.unit_label(page.meta["unit"]) in info
        assert vocab.kind_label(page.meta["kind"]) in info
        assert f'units/{page.meta["unit"]}/' in info and f'kinds/{page.meta["kind"]}/' in info
