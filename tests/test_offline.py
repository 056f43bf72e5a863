"""The offline bundle: linked from the home page, unpacks into a site that works from file://.

End to end on the real site's zip: unpack, open index.html from file:// in
headless Chromium, type a Chinese query into the search box, see results,
follow one, and make no request to any outside host.
"""

from __future__ import annotations

import zipfile

import pytest

from conftest import _is_local

BUNDLE = "downloads/gonghui-offline.zip"
QUERY = "工会"


@pytest.fixture(scope="module")
def unpacked(site_dir, tmp_path_factory):
    """The bundle unpacked into a fresh folder; returns its index.html."""
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(site_dir / BUNDLE) as zf:
        names = zf.namelist()
        assert not [n for n in names if n.endswith(".zip")], "the bundle must not contain a zip (itself)"
        zf.extractall(target)
    index = target / "gonghui-offline" / "index.html"
    assert index.is_file()
    return index


def test_home_page_links_to_bundle(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="{BUNDLE}"' in html
    assert (site_dir / BUNDLE).stat().st_size > 100_000


def test_bundle_uses_plain_html_links_and_local_shim(unpacked):
    html = unpacked.read_text(encoding="utf-8")
    assert "unpkg.com" not in html and "iframe-worker-shim.js" in html
    assert (unpacked.parent / "search" / "search_index.js").is_file() or "search" in html
    assert f'href="{BUNDLE}"' not in html  # inside the bundle the link becomes a note


def test_search_works_from_file_url(browser, unpacked):
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    outside = []
    page.on("request", lambda r: None if _is_local(r.url) else outside.append(r.url))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(unpacked.as_uri())
    assert page.url.startswith("file://")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.press_sequentially(QUERY, delay=50)
    box.press("End")  # an IME commits with a keyup, which is what Material's search box listens to
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    assert results.count() > 0
    assert QUERY in page.locator(".md-search-result").inner_text()
    href = results.first.locator("a").first.get_attribute("href")
    results.first.locator("a").first.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and ".html" in page.url, (href, page.url)
    assert page.locator("article h1").count() == 1
    assert outside == [] and errors == []
    context.close()
