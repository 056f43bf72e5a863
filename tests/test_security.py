"""Contributed text can never run, reach outside, or vanish (issue 11): the hostile corpus.

``tests/fixtures/hostile/corpus.yml`` lists every hostile page and raw text
with its expected outcome. Here the pages go through:

- the checker (``tools.check``), each alone: refused naming file, line and
  message, or accepted;
- the build's page validation (``hooks/validate_pages.py``): refused with
  ``path:line: message`` before anything reads the page, or accepted;
- a build of a small fixture site (its own ``mkdocs.yml`` reusing the real
  hooks, macros and theme overrides, with every page the build accepts): no
  built page holds an event handler, a script from contributed text, an
  unsafe URL or an embed from another host, and an accepted page keeps every
  sentence;
- real Chromium (``@pytest.mark.browser``): every page loaded, every link in
  every page's content clicked: no dialog, no request to another host.

The importer's half of the corpus is in ``tests/test_import_hostile.py``.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import shutil
import socket
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import docx
import pytest
import yaml

from conftest import ROOT, CachingHandler, serve
from gonghui_core import rules
from gonghui_core.safety import is_outside, might_be_unsafe, sanitize_html, scan_markdown, url_problem
from gonghui_core.schema import check_page_file
from tools import check

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
CORPUS = yaml.safe_load((HOSTILE / "corpus.yml").read_text(encoding="utf-8"))
PAGES = CORPUS["pages"]
SAFE_PAGES = [e for e in PAGES if e["build"] == "safe"]
HAN_RE = re.compile(r"[\u3400-\u9fff]+")
SENTENCE_RE = re.compile(r"[^。！？\n]+")
LOADING = {"src", "srcset", "poster", "data", "background", "imagesrcset"}


def _id(entry) -> str:
    return Path(entry["file"]).stem


# -----------------------------------------------------------------------------
# The fixture site
# -----------------------------------------------------------------------------

def make_site(root: Path, pages: list[dict]) -> Path:
    """A small site in ``root``: the real hooks, macros, overrides and style page; the given example pages."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.split("\nnav:\n")[0]  # no nav: every page, auto navigation
    config = re.sub(r"(?m)^not_in_nav: \|\n(  .*\n)+", "", config)
    config = config.replace("site_name: 工会工作总结与计划模板库", "site_name: 安全测试站")
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name in ("hooks", "macros", "overrides"):
        (root / name).symlink_to(ROOT / name, target_is_directory=True)
    docs = root / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")
    (docs / "contributing").mkdir(parents=True)
    shutil.copy(ROOT / "docs" / "contributing" / "style.md", docs / "contributing" / "style.md")
    (docs / "contributing" / "index.md").write_text("# 参与贡献\n\n欢迎投稿。\n", encoding="utf-8")
    (docs / "index.md").write_text("# 安全测试站\n\n见[写作规范](contributing/style.md)。\n", encoding="utf-8")
    school = docs / "examples" / "school"
    school.mkdir(parents=True)
    for entry in pages:
        shutil.copy(HOSTILE / entry["file"], school / Path(entry["file"]).name)
    return root


def run_build(root: Path, dest: Path) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of a fixture site (no offline bundle), output captured."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TAKEAWAY_OFFLINE_BUNDLE="false")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
                           "-d", str(dest)], cwd=root, capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The fixture site with every page the build accepts, built once: (project, site folder).

    It is built into a folder holding a stale page from an earlier build, alone
    in its parent folder: test_successful_build_replaces_the_site checks the
    stale page and any temporary folder are gone.
    """
    root = make_site(tmp_path_factory.mktemp("hostile-site"), SAFE_PAGES)
    dest = tmp_path_factory.mktemp("hostile-out") / "out"
    dest.mkdir()
    (dest / "stale.html").write_text("old", encoding="utf-8")
    proc = run_build(root, dest)
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}")
    return root, dest


class _Page(HTMLParser):
    """Everything a built page could run or load, and the text of its article."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts, self.script_srcs, self.handlers, self.urls, self.loads = [], [], [], [], []
        self.text, self.title = [], ""
        self._in = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("img", "br", "hr", "meta", "link", "input", "source", "wbr"):
            self._in.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if value is None:
                continue
            if name in ("href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset"):
                self.urls.append((tag, name, value))
            if name in LOADING or (name == "href" and tag in ("link", "image", "use")):
                self.loads.append((tag, name, value))
            if tag == "script" and name == "src":
                self.script_srcs.append(value)

    def handle_endtag(self, tag):
        while self._in and self._in.pop() != tag:
            pass

    def handle_data(self, data):
        if "script" in self._in:
            self.scripts.append(data)
        elif "title" in self._in:
            self.title += data
        elif "article" in self._in:
            self.text.append(data)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def sentences(markdown_body: str) -> list[str]:
    """The Chinese text of each sentence of a page body (4 characters or more)."""
    out = []
    markdown_body = re.sub(r"\]\([^\n]*?\)(?=[^)]|$)", "]", markdown_body)  # link and image addresses
    markdown_body = re.sub(r"(?m)^\[[^\]]+\]:.*$", "", markdown_body)       # reference definitions
    for line in markdown_body.split("\n"):
        for s in SENTENCE_RE.findall(line):
            han = "".join(HAN_RE.findall(s))
            if len(han) >= 4:
                out.append(han)
    return out


# -----------------------------------------------------------------------------
# Checker and build validation: the same refusals, naming file and line
# -----------------------------------------------------------------------------

@pytest.mark.parametrize("entry", PAGES, ids=_id)
def test_checker_on_corpus(entry, tmp_path):
    """Each hostile page alone: refused at the expected line with the expected message, or accepted."""
    docs = tmp_path / "docs"
    target = docs / "examples" / "school" / Path(entry["file"]).name
    target.parent.mkdir(parents=True)
    shutil.copy(HOSTILE / entry["file"], target)
    shown = [str(p) for p in check.check([target], docs)]
    if entry["check"] == "accept":
        assert shown == []
        return
    line, fragment = entry["check"]["line"], entry["check"]["message"]
    assert any(f"{target.name}:{line}: " in s and fragment in s for s in shown), shown
    assert all(target.name in s for s in shown)


@pytest.mark.parametrize("entry", PAGES, ids=_id)
def test_build_validation_on_corpus(entry):
    """What the build refuses before anything reads the page, at the expected line."""
    name = Path(entry["file"]).name
    problems = check_page_file(HOSTILE / entry["file"], f"examples/school/{name}")
    if entry["build"] == "safe":
        assert problems == []
        return
    line, fragment = entry["build"]["line"], entry["build"]["message"]
    assert any(p.line == line and fragment in str(p) for p in problems), [str(p) for p in problems]


def test_checker_and_importer_share_the_url_rules():
    """One rule set: every spelling of a script URL and every outside embed, found with its line."""
    spellings = ["javascript:alert(1)", "&#106;avascript:alert(1)", "jav&#x09;ascript:x", "JAVASCRIPT:x",
                 "java%73cript:x", "  javascript:x", "data:text/html,x", "vbscript:x", "ｊａｖａｓｃｒｉｐｔ:x",
                 "&#0000106&#0000097vascript:x", "java\u200bscript:x", "javascript&colon;x"]
    for url in spellings:
        assert url_problem(url), url
        text = f"第一行\n[链接]({url})\n\n[r]: {url}\n"
        assert [f.line for f in scan_markdown(text)] == [2, 4], url
    for url in ("https://www.moe.gov.cn/", "../school/x.md#一", "mailto:a@b.cn", "#anchor", "java\\script:x"):
        assert url_problem(url) is None, url
    for url in ("http://其他主机/x.png", "//evil.example/x.png", "\\\\evil.example/x.png", "HTTPS://a.b/c.png"):
        assert is_outside(url), url
    assert not is_outside("../../assets/x.png")


def test_every_invisible_character_of_the_text_rules_is_ignored_in_a_url():
    """A script URL hidden with any invisible character the site drops (rules.INVISIBLE) or a bidi control is found."""
    hidden = [chr(c) for c in range(0x110000) if rules.INVISIBLE_RE.match(chr(c))] + ["\u202e", "\u2028"]
    assert len(hidden) > 10
    for char in hidden:
        assert url_problem(f"java{char}script:alert(1)"), hex(ord(char))
        assert url_problem(f"{char}javascript:alert(1)"), hex(ord(char))


def test_sanitiser_keeps_safe_markup_byte_for_byte():
    """The page sanitiser changes only what it must: a clean page comes back identical."""
    clean = ('<!doctype html><html><head><script src="assets/a.js"></script><script>var a = 1 < 2;</script>'
             '</head><body><a href="https://www.moe.gov.cn/" class=x>外部</a><img src="../x.png" alt="图">'
             '<p style="text-align: left">文&amp;字</p></body></html>')
    assert sanitize_html(clean, "page") == (clean, [])
    dirty = '<p onclick="x()">文</p><a href="&#106;avascript:1">链</a><img src="//evil/x.png" alt="图">'
    out, removed = sanitize_html(dirty, "page")
    assert out == "<p>文</p><a>链</a>图" and len(removed) == 3
    canonical = '<link rel="canonical" href="https://example.org/x/">'  # an address, never loaded
    assert sanitize_html(canonical, "page") == (canonical, [])
    assert sanitize_html('<link rel="stylesheet" href="//evil.example/x.css">', "page")[0] == '<link rel="stylesheet">'


def _attack_markup():
    """Start tags in many spellings: every attribute the sanitiser knows, with hostile and harmless values."""
    values = ["javascript:alert(1)", "&#106;avascript:x", "JaVaScRiPt:x", "java%73cript:x", "\tjavascript:x",
              "data:text/html,x", "//evil.example/x.png", "\\\\evil.example/x", "https://evil.example/x.png",
              "HTTPS://EVIL.EXAMPLE/x", "../x.png", "#top", "mailto:a@b.cn", "x.png 1x, //evil.example/y.png 2x"]
    attrs = ["href", "src", "SRC", "srcset", "imagesrcset", "poster", "data", "background", "ping", "lowsrc",
             "dynsrc", "xlink:href", "action", "formaction", "onclick", "ONERROR", "onmouseover", "style"]
    tags = ["a", "img", "IMG", "link", "image", "use", "form", "button", "video", "object", "iframe", "svg", "p"]
    for tag in tags:
        for attr in attrs:
            for value in values + ["x()", "color: red", "background: url(//evil.example/x)", "expression(x)"]:
                for sep, quote in ((" ", '"'), ("/", "'"), ("\t", ""), ('\n', '"')):
                    yield f'<p>文</p><{tag}{sep}{attr}={quote}{value}{quote}>字</{tag}>'
    for extra in ('<iframe src="x.html"></iframe>', '<meta http-equiv="refresh" content="0;url=//e.x">',
                  '<a href="x.html"onclick="x()">a</a>', '<embed src="x">', '<base href="//evil.example/">',
                  '<link rel="stylesheet" href="//evil.example/x.css">', '<svg><use href="data:x"/></svg>'):
        yield extra


@pytest.mark.parametrize("mode", ["page", "content"])
def test_quick_check_flags_everything_the_sanitiser_changes(mode):
    """HTML skips the sanitiser only if the quick check finds nothing: it must never miss."""
    extra = ['<!-- x --><p>文</p>', '<?php x ?>', '<![CDATA[x]]>', '<form><p>字</p></form>', '<STYLE>p{}</STYLE>',
             '<input type=checkbox>', '<p>字</p><template><p>x</p></template>', '<button>x</button>']
    missed, flagged = [], 0
    for markup in [*_attack_markup(), *extra]:
        out, _removed = sanitize_html(markup, mode)
        if out != markup:
            flagged += 1
            if not might_be_unsafe(markup, mode):
                missed.append(markup)
    assert flagged > 2000, flagged  # the corpus really attacks
    assert missed == [], missed[:10]
    clean = ('<h2 id="一">一、</h2><p><a href="../x/">链</a><img src="../x.png" alt="图"></p>'
             '<table><tr><td style="text-align: left">字</td></tr></table><ul><li><strong>x</strong></li></ul>')
    assert not might_be_unsafe(clean, mode)


# -----------------------------------------------------------------------------
# The built fixture site
# -----------------------------------------------------------------------------

def test_no_built_page_runs_or_loads_contributed_content(site):
    """Every built page: no handler, no unsafe URL, nothing loaded from another host, no contributed script."""
    _root, built = site
    pages = sorted(built.rglob("*.html"))
    assert len(pages) > len(SAFE_PAGES)
    for path in pages:
        page = parse(path)
        where = path.relative_to(built)
        assert page.handlers == [], where
        assert [u for u in page.urls if url_problem(u[2])] == [], where
        assert [u for u in page.loads if any(is_outside(x.split()[0]) for x in u[2].split(",") if x.strip())] == [], where
        assert not any("alert" in s for s in page.scripts), where
        assert all(not is_outside(src) for src in page.script_srcs), where


@pytest.mark.parametrize("entry", SAFE_PAGES, ids=_id)
def test_built_example_keeps_its_text(site, entry):
    """An example the build accepts keeps every sentence; hostile markup shows as text or is gone."""
    _root, built = site
    name = Path(entry["file"]).stem
    page = parse(built / "examples" / "school" / name / "index.html")
    text = "".join(HAN_RE.findall("".join(page.text)))
    body = (HOSTILE / entry["file"]).read_bytes().decode("utf-8-sig").replace("\r\n", "\n").split("---\n", 2)[2]
    for sentence in sentences(body):
        assert sentence in text, (name, sentence)


def test_hostile_titles_are_text_everywhere(site):
    """A title with <script> or a quote breakout is text in <title>, the page, the listing and the nav."""
    _root, built = site
    page = built / "examples" / "school" / "title-script" / "index.html"
    assert "<script>alert(2)</script>" in parse(page).title
    raw = page.read_text(encoding="utf-8")
    assert "<script>alert(2)" not in raw and 'onmouseover="alert(3)"' not in raw
    listing = built / "units" / "school" / "index.html"
    assert "<script>alert(2)</script>" in html.unescape("".join(parse(listing).text))
    assert "<script>alert(2)" not in listing.read_text(encoding="utf-8")
    document = docx.Document(str(built / "examples" / "school" / "title-script.docx"))
    assert document.core_properties.title.startswith("<script>alert(2)</script>")  # as written, not &lt;
    assert "&lt;" not in document.paragraphs[0].text and "<script>" in document.paragraphs[0].text


def test_outside_image_becomes_its_alt_text(site):
    """An image from another host is never emitted; its alt text stays; a plain outside link stays a link."""
    _root, built = site
    for name in ("outside-image-reference", "outside-image-inline", "outside-image-protocol-relative"):
        page = parse(built / "examples" / "school" / name / "index.html")
        assert not [u for u in page.loads if u[0] == "img"], name
        assert "全年工作见" in "".join(page.text)
    assert "图" in "".join(parse(built / "examples" / "school" / "outside-image-reference" / "index.html").text)
    link = parse(built / "examples" / "school" / "outside-plain-link" / "index.html")
    assert ("a", "href", "https://www.moe.gov.cn/") in link.urls


def test_style_page_shows_rule_text_literally(site):
    """ZH-11's <script> is text on the style page; ZH-11 to ZH-13 are all there."""
    _root, built = site
    page = parse(built / "contributing" / "style" / "index.html")
    text = "".join(page.text)
    for rule in ("ZH-11", "ZH-12", "ZH-13"):
        assert rule in text
    assert "<script>alert(1)</script>" in text
    assert not any("alert" in s for s in page.scripts)


# -----------------------------------------------------------------------------
# A bad page stops the build with a message; the previous site stays
# -----------------------------------------------------------------------------

def test_bad_pages_stop_the_build_and_keep_the_previous_site(tmp_path):
    """Invalid front matter and outside symlinks: path:line messages, no traceback, site/ untouched."""
    root = make_site(tmp_path / "bad", [e for e in PAGES if e["file"].endswith(
        ("fm-duplicate-key.md", "fm-billion-laughs.md", "fm-utf16.md", "js-inline-link.md"))])
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: 机密\n---\n\n机密内容。\n", encoding="utf-8")
    school = root / "docs" / "examples" / "school"
    (school / "leak.md").symlink_to(secret)
    outside_dir = tmp_path / "outside-dir"
    outside_dir.mkdir()
    (outside_dir / "leak2.md").write_text("# 外部\n", encoding="utf-8")
    (root / "docs" / "examples" / "leakdir").symlink_to(outside_dir, target_is_directory=True)
    previous = tmp_path / "site"
    previous.mkdir()
    (previous / "index.html").write_text("previous build", encoding="utf-8")
    proc = run_build(root, previous)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Traceback" not in output
    assert "docs/examples/school/fm-duplicate-key.md:8: 字段 unit 重复出现" in output
    assert "docs/examples/school/fm-billion-laughs.md:2: " in output
    assert "docs/examples/school/fm-utf16.md:1: 文件是 UTF-16 编码" in output
    assert "docs/examples/school/leak.md:1: 是指向仓库之外的符号链接" in output
    assert "docs/examples/leakdir/leak2.md:1: 是指向仓库之外的符号链接" in output
    assert (previous / "index.html").read_text(encoding="utf-8") == "previous build"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "outside-dir", "secret.md", "site"]


def test_successful_build_replaces_the_site(site):
    """A good build swaps the new site in and leaves no temporary folder (the fixture built over a stale site)."""
    _root, dest = site
    assert not (dest / "stale.html").exists() and (dest / "index.html").exists()
    assert [p.name for p in dest.parent.iterdir()] == ["out"]


# -----------------------------------------------------------------------------
# Real Chromium: load every page, click every link
# -----------------------------------------------------------------------------

def _shows_contributed(built: Path, page: Path) -> bool:
    """Whether a built page shows contributed text: an example, or a page listing examples."""
    rel = page.relative_to(built).as_posix()
    return rel.startswith("examples/") or "examples/" in page.read_text(encoding="utf-8")


@contextlib.contextmanager
def _dead_proxy():
    """A loopback port bound but never listening: as the browser's proxy, every request to another host fails."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"


def _load(pg, url: str) -> None:
    """Open a page and wait for its load event."""
    for _attempt in range(3):  # a click's navigation may still be landing
        try:
            pg.goto(url, wait_until="load")
            return
        except Exception:  # noqa: BLE001
            pg.wait_for_timeout(200)
    pg.goto(url, wait_until="load")


def _another_page(built: Path, base: str, url: str, href: str) -> bool:
    """Whether a link leads to another page of the site (loaded by the test anyway)."""
    target = urljoin(url, href or "")
    if not target.startswith(base) or target.split("#")[0] == url:
        return False
    local = built / target[len(base):].split("#")[0]
    return local.is_file() or (local / "index.html").is_file()


# The i-th content link, clicked (a real click event, visible or not: folded sections too) if it still
# has the given href; false if the page changed its own links (the site's scripts), which are not contributed.
CLICK_IF_UNCHANGED = """(links, [i, href]) => {
    if (links.length <= i || links[i].getAttribute("href") !== href) return false;
    links[i].click();
    return true;
}"""


def _click(pg, i: int, href: str) -> int:
    """Click the i-th content link if it is still href; 1 if it was clicked."""
    try:
        if not pg.locator("article a[href]").evaluate_all(CLICK_IF_UNCHANGED, [i, href]):
            return 0
    except Exception:  # noqa: BLE001 (the page navigated away while clicking)
        return 0
    pg.wait_for_timeout(50)  # a javascript: URL or handler would raise its dialog at once
    return 1


def _click_contributed_links(pg, built: Path, base: str, url: str) -> int:
    """Click every link of the loaded page's article that does not lead to another page; how many were clicked."""
    hrefs = pg.eval_on_selector_all("article a[href]", "els => els.map(e => e.getAttribute('href'))")
    clicked = 0
    for i, href in enumerate(hrefs):
        if _another_page(built, base, url, href):
            continue  # loaded by the test anyway
        if pg.url.split("#")[0] != url:
            _load(pg, url)
        clicked += _click(pg, i, href)
    return clicked


@pytest.mark.browser
def test_browser_no_dialog_no_outside_request(site, browser):
    """Every page of the fixture site loaded and every content link clicked: no dialog, nothing from another host."""
    _root, built = site
    # Pages that show contributed text: examples, listings, themes, templates, the home page
    # (the maintainers' guides show none).
    pages = sorted(p for p in built.rglob("*.html") if _shows_contributed(built, p))
    dialogs, outside, navigations = [], [], []
    with serve(built, CachingHandler) as base, _dead_proxy() as proxy:

        def record(request):
            if not request.url.startswith((base, "data:", "blob:", "about:")):
                (navigations if request.is_navigation_request() else outside).append(request.url)

        context = browser.new_context(locale="zh-CN", proxy={"server": proxy, "bypass": "127.0.0.1"})
        context.on("request", record)
        pg = context.new_page()
        pg.on("dialog", lambda d: (dialogs.append((pg.url, d.message)), d.dismiss()))
        clicked = 0
        for path in pages:
            url = base + path.relative_to(built).as_posix()
            _load(pg, url)
            if path.relative_to(built).as_posix().startswith("examples/"):
                clicked += _click_contributed_links(pg, built, base, url)
            # other pages' links lead to pages loaded here anyway; contributed links are clicked above
        context.close()
    assert len(pages) > len(SAFE_PAGES) and clicked > len(SAFE_PAGES)
    assert dialogs == []
    assert outside == []
    assert all("moe.gov.cn" in u for u in navigations), navigations  # the one plain outside link, clicked
