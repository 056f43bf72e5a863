"""Shared fixtures: the real built site, a loopback server for it, and a real browser.

The site is built once per test session with ``mkdocs build --strict``; tests
read its HTML and search index or open it in headless Chromium.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real site, built once per session into a temporary directory."""
    return build_site(tmp_path_factory.mktemp("site"))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def site_url(site_dir):
    """Base URL of the built site served on loopback."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


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


@pytest.fixture
def page(browser, site_url):
    """A fresh browser page that records every request to a host other than loopback."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    pg = context.new_page()
    pg.outside_requests = []
    pg.on("request", lambda r: None if _is_local(r.url) else pg.outside_requests.append(r.url))
    yield pg
    context.close()


def _is_local(url: str) -> bool:
    """Whether a URL stays on this machine (loopback, file, data, blob)."""
    return url.startswith(("http://127.0.0.1", "http://localhost", "file:", "data:", "blob:", "about:"))
