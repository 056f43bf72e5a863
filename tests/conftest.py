"""Shared fixtures and helpers: the real built site, small fixture sites, a loopback server, a real browser.

The real site is built once per test session with ``mkdocs build --strict``;
tests read its HTML and search index or open it in headless Chromium. Tests
that need to change the project (caches, failures, hostile pages) build a
small fixture project instead: the real configuration, hooks, macros, theme
overrides and listing pages with only a few example and template pages.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from filelock import FileLock

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_addoption(parser):
    """--update-golden: rewrite the importer's expected golden files on purpose."""
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite tests/fixtures/import/*/expected/ from the importer's output")


FIXTURE_IGNORE = shutil.ignore_patterns(".venv", ".git", ".cache", "site", "tests", "bench", "search_eval",
                                        "__pycache__", "node_modules", ".pytest_cache", "*.zip", "*.docx",
                                        "*.egg-info")
FIXTURE_EXAMPLES = ("examples/hospital/hospital-union-year-end-summary.md",
                    "examples/college/medical-college-union-annual-plan.md",
                    "examples/school/lingjiang-middle-school-union-half-year-summary.md")
FIXTURE_TEMPLATES = ("templates/school/year-end-summary.md",)
_PREBUILD = pytest.StashKey[threading.Thread]()


# The slowest test files, started first so that no worker is left with one of them at the end
# (make test keeps this order: --dist loadfile --no-loadscope-reorder). The first four do not
# need the real site, which builds in the background meanwhile.
RUN_FIRST = ("test_security.py", "test_build_caches.py", "test_portability.py", "test_page_doc.py", "test_nav_cache.py",
             "test_draft_browser.py", "test_offline.py", "test_takeaway_browser.py", "test_search_browser.py")


def pytest_collection_modifyitems(config, items):
    """The slowest files first (RUN_FIRST); every test that uses the real browser carries the ``browser`` marker."""
    rank = {name: i for i, name in enumerate(RUN_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: in-file order kept
    for item in items:
        params = set(getattr(getattr(item, "callspec", None), "params", {}))
        if {"browser", "page"} & (set(getattr(item, "fixturenames", ())) - params):
            item.add_marker(pytest.mark.browser)


# Browser bundles (generated from web/src by web/build.mjs): built at session start when missing or
# older than their sources, so a plain `pytest` tests the current code. In CI a missing node fails.
WEB = ROOT / "web"
BUNDLES = (DOCS / "assets/javascripts/draft.js", DOCS / "assets/javascripts/takeaway.js",
           ROOT / "overrides/assets/javascripts/search-zh.js")


def _bundles_stale() -> bool:
    """Whether a bundle is missing or older than a source, the build script or the rules file."""
    sources = [*WEB.joinpath("src").rglob("*.js"), WEB / "build.mjs", ROOT / "gonghui_core/data/text_rules.json"]
    if not all(b.exists() for b in BUNDLES):
        return True
    return max(p.stat().st_mtime for p in sources) > min(b.stat().st_mtime for b in BUNDLES)


def pytest_sessionstart(session):
    """Build the browser bundles (node web/build.mjs, npm ci first if web/node_modules is missing) when stale."""
    if os.environ.get("PYTEST_XDIST_WORKER") or not _bundles_stale():
        return
    node, npm = shutil.which("node"), shutil.which("npm")
    if not node or not npm:
        message = "node/npm not found: cannot build the browser bundles from web/src (apt-get install nodejs npm)"
        if os.environ.get("CI"):
            raise pytest.UsageError(message)
        session.config.issue_config_time_warning(pytest.PytestWarning(message), stacklevel=2)
        return
    with FileLock(str(WEB / ".build.lock")):
        if not (WEB / "node_modules").is_dir():
            subprocess.run([npm, "ci", "--prefix", str(WEB), "--no-audit", "--no-fund"], check=True, cwd=ROOT)
        if _bundles_stale():
            subprocess.run([node, str(WEB / "build.mjs")], check=True, cwd=ROOT)


def fixture_project(dest: Path, examples=FIXTURE_EXAMPLES, templates=FIXTURE_TEMPLATES) -> Path:
    """A small copy of the project in dest: everything but the pages, plus the given pages.

    The copy has its own hooks, macros and export code (tests may change
    them) and its own ``.cache``; it builds in a few seconds.
    """
    shutil.copytree(ROOT, dest, ignore=FIXTURE_IGNORE, dirs_exist_ok=True)
    for section, keep in (("examples", examples), ("templates", templates)):
        for path in (dest / "docs" / section).glob("*/*.md"):
            if f"{section}/{path.parent.name}/{path.name}" not in keep:
                path.unlink()
    return dest


def build_site(dest: Path, config: Path = ROOT / "mkdocs.yml") -> Path:
    """Build the site with --strict into dest; fail with mkdocs' output on error."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
         "-f", str(config), "-d", str(dest)],
        cwd=config.parent, capture_output=True, text=True, env=env,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}")
    return dest


SCENARIO_CONFIG = """\
site_name: scenario
plugins:
  - macros:
      module_name: macros
      on_error_fail: true
      on_undefined: strict
      render_by_default: false
markdown_extensions: [tables, admonition, md_in_html]
"""


def scenario(root: Path, body: str) -> Path:
    """A one-page site that calls a macro of this project; returns its mkdocs.yml."""
    (root / "docs").mkdir(parents=True)
    (root / "macros").symlink_to(ROOT / "macros")
    (root / "docs" / "index.md").write_text(f"---\nrender_macros: true\n---\n\n# 测试\n\n{body}\n",
                                            encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(SCENARIO_CONFIG, encoding="utf-8")
    return config


def assert_build_fails_with(root: Path, body: str, *needles: str) -> None:
    """The scenario build fails, and mkdocs' output carries every needle."""
    config = scenario(root, body)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config),
                           "-d", str(root / "site")], cwd=root, capture_output=True, text=True,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0, f"the build passed:\n{output}"
    for needle in needles:
        assert needle in output, f"{needle!r} not in the build's output:\n{output[-3000:]}"


def shared_tmp(tmp_path_factory) -> Path:
    """A temporary folder every pytest-xdist worker of this run shares (the session's own without xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def build_once(dest: Path, build) -> Path:
    """Run build(dest) once per test run, whichever xdist worker asks first; the others wait and reuse it.

    A marker is written only after a successful build: a failed build is not
    reused but tried again, and fails again, in every worker that needs it.
    """
    done = dest.with_name(dest.name + ".built")
    with FileLock(str(dest.with_name(dest.name + ".lock"))):
        if not done.exists():
            shutil.rmtree(dest, ignore_errors=True)
            build(dest)
            done.touch()
    return dest


def _real_site(tmp_path_factory) -> Path:
    """Build the real site once per test run (see build_once); its folder."""
    return build_once(shared_tmp(tmp_path_factory) / "real-site", build_site)


def pytest_collection_finish(session):
    """Start building the real site in the background while the first tests run, if a collected test needs it."""
    factory = getattr(session.config, "_tmp_path_factory", None)
    if factory and not session.config.option.collectonly and any("site_dir" in getattr(item, "fixturenames", ()) for item in session.items):
        session.config.stash[_PREBUILD] = thread = threading.Thread(target=_prebuild, args=(factory,), daemon=True)
        thread.start()


def _prebuild(factory) -> None:
    """The background build: errors are left to site_dir, which builds again and fails with mkdocs' output."""
    try:
        _real_site(factory)
    except BaseException:  # noqa: BLE001
        pass


def pytest_sessionfinish(session):
    """Never leave the background build writing into a temporary folder pytest may clean up."""
    thread = session.config.stash.get(_PREBUILD, None)
    if thread is not None:
        thread.join()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real site, built once per test run (shared by the xdist workers) into a temporary directory.

    Only this fixture builds the real mkdocs.yml, so its document cache
    (.cache/docx in the repository) is never written by two builds at once.
    It starts in the background when the tests are collected.
    """
    return _real_site(tmp_path_factory)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


class CachingHandler(_QuietHandler):
    """Lets the browser keep scripts, styles and images for ten minutes; pages are fetched every time."""

    def end_headers(self):
        if not self.path.split("?")[0].endswith((".html", "/")):
            self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


@contextlib.contextmanager
def serve(directory: Path, handler=_QuietHandler):
    """Serve a folder on a free loopback port; yields its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(site_dir):
    """Base URL of the built site served on loopback."""
    with serve(site_dir) as url:
        yield url


def _browser_missing_reason() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (make test installs it)"
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        return f"Debian chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium via Playwright. In CI a missing browser fails."""
    reason = _browser_missing_reason()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@contextlib.contextmanager
def recording_page(browser, **options):
    """A page in a new browser context (empty cache and storage); its outside_requests lists
    every request to a host other than this machine.
    """
    context = browser.new_context(locale="zh-CN", **options)
    pg = context.new_page()
    pg.outside_requests = []
    pg.on("request", lambda r: None if _is_local(r.url) else pg.outside_requests.append(r.url))
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh browser page that records every request to a host other than loopback."""
    with recording_page(browser, accept_downloads=True) as pg:
        yield pg


def _is_local(url: str) -> bool:
    """Whether a URL stays on this machine (loopback, file, data, blob)."""
    return url.startswith(("http://127.0.0.1", "http://localhost", "file:", "data:", "blob:", "about:"))
