"""The offline bundle: linked from the home page, unpacks into a site that works from file://.

On the real site's zip: it is the build's own output (same files, no second
build), every page differs from the served one only in its folder links, every
link and asset resolves to a file in the bundle, and in headless Chromium from
file:// search finds pages and links lead from the home page to a unit listing,
an example and a template, without any request to an outside host; also with
``structuredClone`` removed, as on Chromium 86-based browsers. Plus the
``renderer`` meta tag that keeps 360/QQ browsers out of IE mode, and the
build switches (``extra.takeaway`` in ``mkdocs.yml``).
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import posixpath
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote, urlsplit

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT, _is_local

BUNDLE = "downloads/gonghui-offline.zip"
ROOT_NAME = "gonghui-offline"
QUERY = "工会"
UNIT_PAGE = "units/school/index.html"
SCENARIO = Path(__file__).parent / "fixtures" / "takeaway" / "mkdocs.yml"
URL_ATTRS = ("href", "src")


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

class _Events(HTMLParser):
    """A page as the standard library's HTML parser sees it: a list of events."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.events: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("startend", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))

    def handle_data(self, data):
        self.events.append(("data", data))

    def handle_comment(self, data):
        self.events.append(("comment", data))

    def handle_entityref(self, name):
        self.events.append(("entity", name))

    def handle_charref(self, name):
        self.events.append(("charref", name))

    def handle_decl(self, decl):
        self.events.append(("decl", decl))


def events(html: str) -> list[tuple]:
    parser = _Events()
    parser.feed(html)
    parser.close()
    return parser.events


def urls(html: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, value) of every href/src in a page."""
    return [(e[1], name, value) for e in events(html) if e[0] in ("start", "startend")
            for name, value in e[2] if name in URL_ATTRS and value is not None]


def target_file(root: Path, page: Path, url: str) -> Path | None:
    """The file a relative URL in page names (None for absolute or page-internal URLs)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    assert not parts.path.startswith("/"), f"root-absolute URL breaks on file://: {url}"
    rel = posixpath.normpath(posixpath.join(page.parent.relative_to(root).as_posix(), unquote(parts.path)))
    assert not rel.startswith("../"), f"URL leaves the bundle: {url}"
    return root / rel


def outside_requests(page) -> list[str]:
    """Record requests to anything but this machine."""
    seen: list[str] = []
    page.on("request", lambda r: None if _is_local(r.url) else seen.append(r.url))
    return seen


def search(page, query: str):
    """Type a query into Material's search box; the result items once visible."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.press_sequentially(query, delay=50)
    box.press("End")  # an IME commits with a keyup, which is what Material's search box listens to
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    return results


# -----------------------------------------------------------------------------
# The zip
# -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bundle_names(site_dir) -> list[str]:
    with zipfile.ZipFile(site_dir / BUNDLE) as zf:
        return zf.namelist()


@pytest.fixture(scope="module")
def unpacked(site_dir, tmp_path_factory) -> Path:
    """The bundle unpacked into a fresh folder; returns its root folder."""
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(site_dir / BUNDLE) as zf:
        zf.extractall(target)
    root = target / ROOT_NAME
    assert (root / "index.html").is_file()
    return root


def test_home_page_links_to_bundle(site_dir):
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="{BUNDLE}"' in html
    assert (site_dir / BUNDLE).stat().st_size > 100_000


def test_zip_does_not_contain_itself(bundle_names):
    assert bundle_names and all(n.startswith(f"{ROOT_NAME}/") for n in bundle_names), "unpacks into one folder"
    assert not [n for n in bundle_names if n.endswith(".zip")], "the bundle must not contain a zip (itself)"
    assert not [n for n in bundle_names if n.endswith(".part")]


def test_bundle_is_the_built_site(site_dir, unpacked, bundle_names):
    """Every file of the build is in the bundle; everything but HTML and the index byte for byte.

    (No second build: the Word documents, styles and scripts are the build's own.)
    """
    site = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()}
    bundle = {n.split("/", 1)[1] for n in bundle_names if not n.endswith("/")}
    # the index's .json/.bin fragments go in as .js twins, which file:// pages load with script tags
    fragments = {rel for rel in site if rel.startswith("search/zh/") and rel.endswith((".json", ".bin"))}
    twins = {rel.rsplit(".", 1)[0] + ".js" for rel in fragments}
    assert len(fragments) > 100 and not twins & site
    assert bundle == (site - {BUNDLE, "404.html", "search/search_index.json"} - fragments) | twins | {
        "search/search_index.js"}
    for rel in sorted(bundle - twins):
        if not rel.endswith(".html") and rel != "search/search_index.js":
            assert (unpacked / rel).read_bytes() == (site_dir / rel).read_bytes(), rel
    assert sum(rel.endswith(".docx") for rel in bundle) >= 10


def test_pages_change_only_in_folder_links(site_dir, unpacked):
    """Parsed with the standard library, each page is the built page with folder links ending in index.html."""
    changed = 0
    for path in sorted(unpacked.rglob("*.html")):
        rel = path.relative_to(unpacked).as_posix()
        before = events((site_dir / rel).read_text(encoding="utf-8"))
        after = events(path.read_text(encoding="utf-8"))
        if rel == "index.html":  # the link to the bundle is a note there: compare without it
            before = _without_bundle_link(before)
            after = [e for e in after if e[:2] != ("start", "span") or ("class", "offline-bundle") not in e[2]]
            after = _drop_note(after)
        assert len(before) == len(after), rel
        for old, new in zip(before, after, strict=True):
            if old == new:
                continue
            assert old[:2] == new[:2] and old[0] in ("start", "startend"), (rel, old, new)
            for (name, value), (new_name, new_value) in zip(old[2], new[2], strict=True):
                assert name == new_name
                if value == new_value:
                    continue
                assert name in URL_ATTRS, (rel, old, new)
                assert new_value == _with_index(value), (rel, value, new_value)
                changed += 1
    assert changed > 1000


def _with_index(url: str) -> str:
    """What the bundle must make of a folder URL: index.html before query and fragment."""
    m = re.search(r"[?#]", url)
    cut = m.start() if m else len(url)
    path = url[:cut]
    return path + ("index.html" if path.endswith("/") else "/index.html") + url[cut:]


def _without_bundle_link(evts: list[tuple]) -> list[tuple]:
    out, skipping = [], False
    for e in evts:
        if e[:2] == ("start", "a") and ("class", "offline-bundle") in e[2]:
            skipping = True
        elif skipping and e == ("end", "a"):
            skipping = False
        elif not skipping:
            out.append(e)
    return out


def _drop_note(evts: list[tuple]) -> list[tuple]:
    """The note's text and end tag (its start tag was dropped by the caller)."""
    out, i = [], 0
    while i < len(evts):
        if evts[i] == ("data", "（您正在浏览离线版）") and i + 1 < len(evts) and evts[i + 1] == ("end", "span"):
            i += 2
            continue
        out.append(evts[i])
        i += 1
    return out


def test_inside_the_bundle_the_link_to_it_is_a_note(unpacked):
    html = (unpacked / "index.html").read_text(encoding="utf-8")
    assert "gonghui-offline.zip" not in html
    assert "（您正在浏览离线版）" in html


def test_every_link_and_asset_resolves_to_a_file_in_the_bundle(unpacked):
    """<a href>, <link href>, <script src>, <img src>: relative, and naming a file (not a folder)."""
    assert _check_bundle_links(unpacked) > 5000


def test_search_index_is_a_script_with_file_locations(unpacked):
    assert not (unpacked / "search" / "search_index.json").exists()
    script = (unpacked / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script.startswith("var __index = ")
    zh = json.loads(script[len("var __index = "):])["config"]["zh"]
    assert zh["n"] > 50
    folder = unpacked / "search" / zh["dir"]
    # every page's result file has the .js twin a file:// page loads with a script tag
    pages = sorted((folder / "d").rglob("*.js"))
    assert len(pages) == zh["n"], (len(pages), zh["n"])


def test_bundle_pages_load_the_local_shim(unpacked):
    html = (unpacked / "index.html").read_text(encoding="utf-8")
    assert "unpkg.com" not in html
    assert 'src="assets/javascripts/vendor/iframe-worker-shim.js"' in html


def _check_bundle_links(root: Path) -> int:
    """Assert every relative href/src of every page in an unpacked bundle names a file; count them."""
    checked = 0
    for path in sorted(root.rglob("*.html")):
        for tag, attr, url in urls(path.read_text(encoding="utf-8")):
            target = target_file(root, path, url)
            if target is None:
                if tag != "a" and urlsplit(url).scheme not in ("", "data"):
                    pytest.fail(f"{path.relative_to(root)}: <{tag} {attr}> loads from outside: {url}")
                continue
            assert target.is_file(), f"{path.relative_to(root)}: <{tag} {attr}={url!r}> names no file"
            checked += 1
    return checked


@pytest.mark.slow
@pytest.mark.parametrize("directory_urls", ["--use-directory-urls", "--no-directory-urls"])
def test_bundle_of_the_scenario_site_with_and_without_directory_urls(tmp_path, directory_urls):
    """The small scenario site (real hooks, Material's own search index) either way MkDocs writes URLs."""
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", directory_urls,
                           "-f", str(SCENARIO), "-d", str(site)],
                          cwd=SCENARIO.parent, capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with zipfile.ZipFile(site / BUNDLE) as zf:
        assert not [n for n in zf.namelist() if n.endswith(".zip")]
        zf.extractall(tmp_path / "unpacked")
    root = tmp_path / "unpacked" / ROOT_NAME
    assert _check_bundle_links(root) > 20
    index = json.loads((root / "search" / "search_index.js").read_text(encoding="utf-8")[len("var __index = "):])
    assert len(index["docs"]) >= 3
    for doc in index["docs"]:
        assert (root / doc["location"].split("#")[0]).is_file(), doc["location"]
    assert "（您正在浏览离线版）" in (root / "index.html").read_text(encoding="utf-8")


# -----------------------------------------------------------------------------
# In a browser, from file://
# -----------------------------------------------------------------------------

def _search_from_file_url(browser, unpacked, init_script: str | None = None):
    """Search the bundle's home page from file://; follow the first result. Returns what happened."""
    context = browser.new_context(locale="zh-CN")
    if init_script:
        context.add_init_script(init_script)
    page = context.new_page()
    outside = outside_requests(page)
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((unpacked / "index.html").as_uri())
    assert page.url.startswith("file://")
    has_clone = page.evaluate("typeof structuredClone")
    results = search(page, QUERY)
    count = results.count()
    text = page.locator(".md-search-result").inner_text()
    results.first.locator("a").first.click()
    page.wait_for_load_state()
    landed = page.url
    h1 = page.locator("article h1").count()
    context.close()
    return {"has_clone": has_clone, "count": count, "text": text, "landed": landed, "h1": h1,
            "outside": outside, "errors": errors, "fragments": [u for u in asked if "/search/zh/" in u],
            "not_file": [u for u in asked if not u.startswith(("file:", "data:", "about:", "blob:"))]}


@pytest.mark.browser
def test_search_works_from_file_url(browser, unpacked):
    got = _search_from_file_url(browser, unpacked)
    assert got["count"] > 0 and QUERY in got["text"]
    assert got["landed"].startswith("file://") and re.search(r"\.html(#|\?|$)", got["landed"]), got["landed"]
    assert got["h1"] == 1
    assert got["outside"] == [] and got["errors"] == [] and got["not_file"] == []
    # the index fragments load as the bundle's .js twins (file:// refuses fetch)
    assert got["fragments"] and all(u.startswith("file:") and u.endswith(".js") for u in got["fragments"])


@pytest.mark.browser
def test_search_works_without_structured_clone(browser, unpacked):
    """Chromium 86-based browsers (360, QQ) have no structuredClone: the shim falls back."""
    got = _search_from_file_url(browser, unpacked, "delete window.structuredClone")
    assert got["has_clone"] == "undefined", "the init script should have removed structuredClone"
    assert got["count"] > 0 and QUERY in got["text"], got["errors"]
    assert got["h1"] == 1 and got["errors"] == [] and got["outside"] == []


@pytest.mark.browser
def test_links_lead_to_a_unit_listing_an_example_and_a_template(browser, unpacked):
    """From the home page by clicks: the units tab, a unit listing, an example, a template, back home by the logo."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    page = context.new_page()
    outside = outside_requests(page)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((unpacked / "index.html").as_uri())

    page.locator(".md-tabs a", has_text="按单位类型").first.click()  # the tab, then the unit in the list
    page.wait_for_load_state()
    assert page.url == (unpacked / "units" / "index.html").as_uri()
    page.locator(f'article a[href$="{UNIT_PAGE.split("/", 1)[1]}"]').first.click()
    page.wait_for_load_state()
    assert page.url == (unpacked / UNIT_PAGE).as_uri()
    assert page.locator("article h1").count() == 1

    page.locator('article a[href*="/examples/school/"]').first.click()
    page.wait_for_load_state()
    assert re.search(r"/examples/school/[^/]+/index\.html$", page.url), page.url
    assert page.locator("article h1").count() == 1
    assert page.locator("a.takeaway-download").count() == 1

    page.go_back()
    page.locator('article a[href*="/templates/school/"]').first.click()
    page.wait_for_load_state()
    assert re.search(r"/templates/school/[^/]+/index\.html$", page.url), page.url
    assert page.locator("article h1").count() == 1

    page.locator("a.md-logo").first.click()
    page.wait_for_load_state()
    assert page.url == (unpacked / "index.html").as_uri()
    assert outside == [] and errors == []
    context.close()


# -----------------------------------------------------------------------------
# 360/QQ browsers: never IE mode
# -----------------------------------------------------------------------------

def test_every_page_asks_for_the_webkit_renderer(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        head = path.read_text(encoding="utf-8").split("</head>", 1)[0]
        assert '<meta name="renderer" content="webkit">' in head, path.relative_to(site_dir)


# -----------------------------------------------------------------------------
# Switches: extra.takeaway in mkdocs.yml, environment variables only through !ENV
# -----------------------------------------------------------------------------

def _hook(name: str):
    """A hook module, loaded from hooks/ as MkDocs loads it."""
    spec = importlib.util.spec_from_file_location(f"_test_{name}", ROOT / "hooks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _post_build(hook, config) -> None:
    """Every on_post_build handler of a hook, in MkDocs' order (a hook may register several)."""
    for handler in sorted(hook.on_post_build.methods, key=lambda m: -getattr(m, "mkdocs_priority", 0)):
        handler(config)


def _config(site_dir: Path, **takeaway):
    return SimpleNamespace(extra={"takeaway": takeaway}, site_dir=str(site_dir))


def _switches(monkeypatch, **env) -> dict:
    from mkdocs.config import load_config

    for name in ("TAKEAWAY_OFFLINE_BUNDLE", "TAKEAWAY_DOCX", "TAKEAWAY_DOCX_WORKERS", "TAKEAWAY_DOCX_CACHE",
                 "TAKEAWAY_SEARCH_WORKER"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return dict(load_config(config_file=str(ROOT / "mkdocs.yml")).extra["takeaway"])


def test_switches_are_in_mkdocs_yml_with_environment_overrides(monkeypatch):
    assert _switches(monkeypatch) == {"offline_bundle": True, "docx": True, "docx_workers": "auto",
                                      "docx_cache": True, "search_worker": "auto"}
    assert _switches(monkeypatch, TAKEAWAY_OFFLINE_BUNDLE="false", TAKEAWAY_DOCX="false", TAKEAWAY_DOCX_WORKERS="2",
                     TAKEAWAY_DOCX_CACHE="0", TAKEAWAY_SEARCH_WORKER="false") == {
        "offline_bundle": False, "docx": False, "docx_workers": 2, "docx_cache": 0, "search_worker": False}
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "offline:" not in text.split("\nplugins:", 1)[1].split("\nhooks:", 1)[0], "no second (offline) build"


def test_offline_bundle_switch(tmp_path):
    hook = _hook("offline_bundle")
    (tmp_path / "index.html").write_text('<a href="units/">u</a>', encoding="utf-8")
    hook.on_startup(command="build", dirty=False)
    hook.on_config(_config(tmp_path, offline_bundle=False))
    _post_build(hook, _config(tmp_path, offline_bundle=False))
    assert not (tmp_path / BUNDLE).exists()
    hook.on_config(_config(tmp_path))  # default: on
    _post_build(hook, _config(tmp_path))
    with zipfile.ZipFile(tmp_path / BUNDLE) as zf:
        assert zf.read(f"{ROOT_NAME}/index.html") == b'<a href="units/index.html">u</a>'
    (tmp_path / BUNDLE).unlink()
    hook.on_startup(command="serve", dirty=False)
    hook.on_config(_config(tmp_path))
    _post_build(hook, _config(tmp_path))
    assert not (tmp_path / BUNDLE).exists(), "mkdocs serve makes no bundle"
    with pytest.raises(PluginError, match="offline_bundle"):
        hook.on_config(_config(tmp_path, offline_bundle="yes"))


def test_retired_environment_variables_are_reported(tmp_path, monkeypatch, caplog):
    hook = _hook("offline_bundle")
    monkeypatch.setenv("TAKEAWAY_NO_BUNDLE", "1")
    with caplog.at_level(logging.WARNING):
        hook.on_config(_config(tmp_path))
    assert "TAKEAWAY_NO_BUNDLE is no longer read; use TAKEAWAY_OFFLINE_BUNDLE=false" in caplog.text


def test_word_document_switches(tmp_path):
    hook = _hook("docx_export")
    hook.on_startup(command="build", dirty=False)
    hook.on_pre_build(_config(tmp_path, docx_workers=3, docx_cache=False))
    assert hook.workers() == 3 and hook._state["cache"] is None
    config = SimpleNamespace(extra={}, site_dir=str(tmp_path), config_file_path=str(tmp_path / "mkdocs.yml"))
    hook.on_pre_build(config)
    assert hook._state["cache"] == tmp_path / ".cache" / "docx"
    assert hook.workers() == (1 if (os.cpu_count() or 1) > 1 else 0)
    for bad in ({"docx_workers": -1}, {"docx_workers": "many"}, {"docx_cache": "no"}):
        with pytest.raises(PluginError):
            hook.on_pre_build(SimpleNamespace(extra={"takeaway": bad}, config_file_path=""))
