"""Drive Material's real search box in headless Chromium and read its results.

Shared by search_eval/evaluate.py, bench/search_bench.py and the browser test:
build a site, serve it on loopback, open a page, type a query, read the
displayed results (page path, title text, tag texts, timing).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
INPUT = "input.md-search__input"
RESULT_ITEMS = "ol.md-search-result__list > li.md-search-result__item"
META = ".md-search-result__meta"

# Reads the displayed results: the page link of each item, its title and tags.
READ_RESULTS_JS = """() => Array.from(document.querySelectorAll(
  'ol.md-search-result__list > li.md-search-result__item')).map(li => {
    const a = li.querySelector('a.md-search-result__link');
    const art = a.querySelector('article');
    return {href: a.getAttribute('href'), title: (art.querySelector('h1,h2')||{}).innerText || '',
            text: li.innerText, tags: Array.from(art.querySelectorAll('.md-tag')).map(t => t.innerText)};
  })"""

# Types the last character, then waits for the result list to change; returns ms.
TIMED_QUERY_JS = """async ([sel, q]) => {
  const input = document.querySelector(sel);
  const list = document.querySelector('.md-search-result__meta');
  input.focus();
  input.value = q.slice(0, -1);
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
  await new Promise(r => setTimeout(r, 300));
  const done = new Promise(resolve => {
    const obs = new MutationObserver(() => { obs.disconnect(); resolve(performance.now()); });
    obs.observe(document.querySelector('.md-search-result'), {childList: true, subtree: true, characterData: true});
  });
  input.value = q;
  const t0 = performance.now();
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
  const t1 = await Promise.race([done, new Promise(r => setTimeout(() => r(NaN), 10000))]);
  await new Promise(r => requestAnimationFrame(() => r()));
  return t1 - t0;
}"""


# Whether the result meta line shows (arg true) or no longer shows the placeholder.
PLACEHOLDER_JS = """(want) => {
  const m = document.querySelector('.md-search-result__meta');
  const t = JSON.parse(document.querySelector('#__config').textContent).translations;
  return !!m && (m.textContent.trim() === t['search.result.placeholder']) === want;
}"""


@dataclass
class Result:
    """One displayed search result."""

    path: str
    title: str
    text: str
    tags: list[str] = field(default_factory=list)


def build(config: Path, dest: Path, block_jieba: bool = False, bundle: bool = False) -> float:
    """mkdocs build --strict (offline zip skipped unless bundle); optionally without jieba.

    Returns the wall-clock seconds of the build.
    """
    import time

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if not bundle:
        env["TAKEAWAY_OFFLINE_BUNDLE"] = "false"  # extra.takeaway.offline_bundle in mkdocs.yml
    code = "import sys\n"
    if block_jieba:
        code += "sys.modules['jieba'] = None\n"
    code += "from mkdocs.__main__ import cli\nsys.exit(cli())\n"
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, "build", "--strict", "-q", "-f", str(config),
                           "-d", str(dest)], cwd=config.parent, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build failed for {config}:\n{proc.stdout}\n{proc.stderr}")
    return time.perf_counter() - start


class Server:
    """A loopback HTTP server for a built site (context manager).

    With ``count=True`` it adds up the bytes it sends (headers and bodies) per
    request path: ``search_bytes()`` is what search cost since ``reset()``.
    """

    def __init__(self, root: Path, count: bool = False):
        self.sent: dict[str, int] = {}
        handler = functools.partial(_Counting if count else _Quiet, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.sent = self.sent
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()

    def reset(self) -> None:
        """Forget the requests recorded so far."""
        self.sent.clear()

    def search_bytes(self) -> int:
        """Bytes sent for search: the worker script, the manifest, fragments, page files."""
        return sum(n for path, n in list(self.sent.items()) if SEARCH_PATH_RE.match(path))


SEARCH_PATH_RE = re.compile(r"^/(search/|assets/javascripts/search-zh\.js|assets/javascripts/workers/search)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as any real web server
    disable_nagle_algorithm = True  # else each small response waits ~40 ms for a delayed ACK

    def log_message(self, *args):
        pass


class _CountingFile:
    def __init__(self, raw):
        self.raw, self.n = raw, 0

    def write(self, data):
        self.n += len(data)
        return self.raw.write(data)

    def __getattr__(self, name):
        return getattr(self.raw, name)


class _Counting(_Quiet):
    def setup(self):
        super().setup()
        self.wfile = _CountingFile(self.wfile)

    def handle_one_request(self):
        before = self.wfile.n
        super().handle_one_request()
        path = urlsplit(getattr(self, "path", "") or "").path
        if path:
            sent = self.server.sent
            sent[path] = sent.get(path, 0) + self.wfile.n - before


def launch(pw):
    """Headless Debian Chromium."""
    return pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def open_search(page, url: str) -> None:
    """Open a page and wait until Material's search answers a probe query."""
    page.goto(url)
    page.locator(INPUT).click()


def search(page, query: str, timeout: float = 20000) -> list[Result]:
    """Type a query into the search box and return the displayed results."""
    box = page.locator(INPUT)
    box.fill("")
    box.press("End")
    page.wait_for_function(PLACEHOLDER_JS, arg=True, timeout=timeout)
    box.fill(query)
    box.press("End")
    page.wait_for_function(PLACEHOLDER_JS, arg=False, timeout=timeout)
    page.wait_for_timeout(30)
    return [Result(_path(r["href"]), r["title"], r["text"], r["tags"])
            for r in page.evaluate(READ_RESULTS_JS)]


def timed_search(page, query: str) -> float:
    """Milliseconds from the last keystroke to the result list changing."""
    return page.evaluate(TIMED_QUERY_JS, [INPUT, query])


def _path(href: str) -> str:
    """Site-relative page path of a result link (no query, no fragment)."""
    path = urlsplit(href).path
    if "://" not in href and not href.startswith("/"):
        path = href.split("?")[0].split("#")[0]
    path = path.lstrip("/")
    while path.startswith("../"):
        path = path[3:]
    return path.removesuffix("index.html")
