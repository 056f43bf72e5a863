"""Real-browser search check: queries typed without spaces into Material's search box.

Fails when query segmentation or ranking regresses, when zero-width spaces
show in results, when a result does not say its unit and kind, when the count
shown is not the number of matching pages, when a query downloads more than
its fragments, or when search makes a request to another host (search from
file://, in the offline bundle, is tested in test_offline.py). Queries and expected pages come from
search_eval/queries.yml (the evaluation set).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from conftest import recording_page
from gonghui_core.paths import VOCAB_FILE
from search_eval import searchbox
from search_eval.evaluate import load_queries, page_key

ROOT = Path(__file__).resolve().parent.parent

VOCAB = yaml.safe_load(VOCAB_FILE.read_text(encoding="utf-8"))
UNIT_LABELS = {u["label"] for u in VOCAB["units"].values()}
KIND_LABELS = {k["label"] for k in VOCAB["kinds"].values()}
# (query, best rank the expected page must reach)
CASES = [("铁路局工会年终总结", 1), ("幼儿园工会工作计划", 1), ("金秋助学", 1), ("职工书屋", 1),
         ("留守儿童", 3), ("街道工会年终总结", 1), ("宾山小学秋季学期", 1), ("青年教师大比武", 1),
         ("鐵路局工會年終總結", 1), ("院物公开", 1)]
QUERIES = {item["q"]: item for item in load_queries()}


pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def _home(browser, site_url):
    """One browser page for the search tests, as a reader searching again and again keeps one open."""
    with recording_page(browser) as page:
        yield page


@pytest.fixture
def search_page(_home, site_url):
    """The home page with the search box open (opened again after a test followed a result)."""
    if _home.url != site_url:
        searchbox.open_search(_home, site_url)
    else:
        _home.locator(searchbox.INPUT).click()
    yield _home
    assert not _home.outside_requests, _home.outside_requests


def _rank(results, query: str):
    """1-based rank of the first expected page among the results, or None."""
    expect = {page_key(p) for p in QUERIES[query]["expect"]}
    return next((i + 1 for i, r in enumerate(results) if page_key(r.path) in expect), None)


def test_no_space_queries_find_the_right_page(search_page):
    misses = []
    for query, best in CASES:
        results = searchbox.search(search_page, query)
        rank = _rank(results, query)
        if rank is None or rank > best:
            misses.append(f"{query}: expected within top {best}, got rank {rank}; "
                          f"shown {[r.path for r in results[:3]]}")
    assert not misses, "\n".join(misses)


def test_query_typed_without_spaces_is_split_into_whole_words(search_page):
    """The words passed on for highlighting are the whole words, last one included."""
    from urllib.parse import parse_qs, urlsplit

    searchbox.search(search_page, "铁路局工会年终总结")
    href = search_page.get_attribute("ol.md-search-result__list > li a.md-search-result__link", "href")
    assert sorted(parse_qs(urlsplit(href).query)["h"][0].split()) == sorted(["铁路局", "工会", "年终总结"])


def test_results_show_unit_and_kind_and_no_zero_width_characters(search_page):
    results = searchbox.search(search_page, "工会工作总结")
    content = [r for r in results if r.path.startswith(("examples/", "templates/"))]
    assert len(content) >= 5
    for r in content:
        assert set(r.tags) & UNIT_LABELS and set(r.tags) & KIND_LABELS, (r.path, r.tags)
    html = search_page.inner_html(".md-search-result")
    assert "\u200b" not in html and "&#8203;" not in html


def test_highlighting_marks_words_not_single_characters(search_page):
    searchbox.search(search_page, "金秋助学")
    marks = search_page.eval_on_selector_all(".md-search-result mark", "els => els.map(e => e.textContent)")
    assert marks and set(marks) == {"金秋助学"}
    assert "缺少" not in search_page.inner_text(".md-search-result")


def test_search_by_tag_finds_tagged_pages(search_page):
    results = searchbox.search(search_page, "经费与经审")
    assert results and all("经费与经审" in r.tags for r in results[:5]), [(r.path, r.tags) for r in results[:5]]


def test_result_link_opens_the_page_with_the_words_highlighted(search_page):
    searchbox.search(search_page, "职工书屋")
    search_page.click("ol.md-search-result__list > li a.md-search-result__link")
    search_page.wait_for_selector("article mark[data-md-highlight]", state="attached")
    marks = search_page.eval_on_selector_all("article mark[data-md-highlight]", "els => els.map(e => e.textContent)")
    assert "职工书屋" in marks


def test_count_shown_is_the_number_of_matching_pages(search_page, site_dir):
    """Every page says 工会: the count is all of them, not the 10 listed."""
    import json

    manifest = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    folder = site_dir / "search" / manifest["config"]["zh"]["dir"]
    # pages whose title, tags or (shown) text say it: at most the real count
    containing = sum(1 for p in (folder / "d").glob("*.json") if "工会" in p.read_text(encoding="utf-8"))
    results = searchbox.search(search_page, "工会")
    meta = search_page.inner_text(searchbox.META)
    m = re.match(r"([\d,]+) 个符合条件的结果，显示最相关的 (\d+) 个", meta)
    assert m, meta
    assert int(m.group(1).replace(",", "")) >= containing > int(m.group(2)) == 10
    assert len(results) == 10
    few = searchbox.search(search_page, "院务公开")
    assert 0 < len(few) < 10 and "显示最相关" not in search_page.inner_text(searchbox.META)


def test_a_query_downloads_only_its_fragments(page, site_url, site_dir):
    """No whole-site index: a query fetches a few dictionary, posting and page files."""
    asked = []
    page.on("request", lambda r: asked.append(r.url))
    searchbox.open_search(page, site_url)
    searchbox.search(page, "金秋助学")
    index = [u for u in asked if "/search/" in u]
    files = [u for u in index if "/search/zh/" in u]
    total = sum(1 for p in (site_dir / "search" / "zh").rglob("*.json") if p.is_file())
    assert files and len(files) < 40 < total, files
    kinds = {u.split("/search/zh/")[1].split("/")[1] for u in files}
    assert kinds <= {"c", "p", "h", "d"}, kinds
    assert len([u for u in files if "/d/" in u]) <= 10
    assert not page.outside_requests
