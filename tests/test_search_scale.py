"""Search on a 2,000-example synthetic site (slow suite): the fragmented index at scale.

The site is built once from bench/corpus.py (pages made from the real examples,
numbers and places varied; the .docx export is left out to keep the build
short). In headless Chromium: queries find the expected pages, the first query
downloads only fragments (well under the 500 KB budget, engine included), the
count shown is the real number of matches, search works from file:// in the
offline bundle, and no
request leaves the machine.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from bench import corpus
from bench.search_bench import FIRST_QUERY_JS, project
from conftest import recording_page
from export.offline import BUNDLE_ROOT, write_bundle
from search_eval import searchbox

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.slow, pytest.mark.browser]
N = 2000
TITLE_RE = re.compile(r"^title:\s*(.+)$", re.M)


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """(site folder, {synthetic page number: (site path, title)})."""
    tmp = tmp_path_factory.mktemp("scale")
    articles = corpus.repo_articles()
    config = project(articles, N, tmp / "proj", docx=False)
    site = tmp / "site"
    searchbox.build(config, site)
    pages = {}
    for rel in sorted((tmp / "proj" / "docs" / "examples").glob("*/syn-*.md")):
        title = TITLE_RE.search(rel.read_text(encoding="utf-8")).group(1).strip().strip("'\"")
        pages[int(rel.stem.split("-")[1])] = (f"examples/{rel.parent.name}/{rel.stem}/", title)
    assert len(pages) == N
    return site, pages


@pytest.fixture(scope="module")
def server(big):
    site, _ = big
    with searchbox.Server(site, count=True) as srv:
        yield srv


@pytest.fixture
def fresh(browser):
    """A new context (empty cache) with a page that records outside requests."""
    with recording_page(browser) as page:
        yield page


def test_a_page_is_found_by_its_title(fresh, big, server):
    site, pages = big
    searchbox.open_search(fresh, server.url)
    misses = []
    for number in (7, 333, 1234, 1999):
        path, title = pages[number]
        results = searchbox.search(fresh, title)
        if not results or results[0].path != path:
            misses.append(f"{title}: expected {path}, got {[r.path for r in results[:3]]}")
    assert not misses, "\n".join(misses)
    assert not fresh.outside_requests


def test_unit_and_kind_queries_simplified_and_traditional(fresh, big, server):
    searchbox.open_search(fresh, server.url)
    for query in ("铁路局工会年终总结", "鐵路局工會年終總結"):
        results = searchbox.search(fresh, query)
        assert results and all("railway" in r.path for r in results[:3]), [r.path for r in results[:3]]
    results = searchbox.search(fresh, "幼儿园工会学期计划")
    assert results and all("kindergarten" in r.path for r in results[:3]), [r.path for r in results[:3]]
    results = searchbox.search(fresh, "金秋注学")  # typo for 金秋助学
    assert results and "金秋助学" in results[0].text


def test_first_query_downloads_only_fragments_and_counts_every_match(fresh, big, server):
    site, pages = big
    path, _ = pages[1]
    server.reset()
    fresh.goto(server.url + path, wait_until="networkidle")
    ms = fresh.evaluate(FIRST_QUERY_JS, [searchbox.INPUT, "职工书屋"])
    fresh.wait_for_timeout(200)
    sent = {p: n for p, n in server.sent.items() if searchbox.SEARCH_PATH_RE.match(p)}
    files = [p for p in sent if "/search/zh/" in p]
    total = sum(1 for p in (site / "search" / "zh").rglob("*") if p.suffix in (".json", ".bin"))
    assert ms == ms  # not NaN: results came
    assert sum(sent.values()) < 500 * 1024, sorted(sent.items(), key=lambda kv: -kv[1])[:5]
    assert 0 < len(files) < 60 and total > 2 * N, (len(files), total)
    manifest = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert manifest["config"]["zh"]["n"] > N and manifest["docs"] == []
    searchbox.search(fresh, "工会")
    meta = fresh.inner_text(searchbox.META)
    m = re.match(r"([\d,]+) 个符合条件的结果", meta)
    assert m and int(m.group(1).replace(",", "")) >= N, meta
    assert not fresh.outside_requests


def test_search_works_from_file_url(fresh, big, tmp_path):
    """The offline bundle of the large site, unpacked: search answers from file:// (the index as scripts)."""
    site, _ = big
    write_bundle(site, tmp_path / "bundle.zip")
    with zipfile.ZipFile(tmp_path / "bundle.zip") as zf:
        zf.extractall(tmp_path)
    errors = []
    fresh.on("pageerror", lambda e: errors.append(str(e)))
    fresh.goto((tmp_path / BUNDLE_ROOT / "index.html").as_uri())
    fresh.locator(searchbox.INPUT).click()
    results = searchbox.search(fresh, "金秋助学")
    assert results and "金秋助学" in results[0].text
    assert not errors and not fresh.outside_requests
