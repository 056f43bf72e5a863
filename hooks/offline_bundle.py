"""MkDocs hook: a zip of the whole site that works unpacked, from file://, search included.

After the normal build, the site is built a second time with Material's
``offline`` plugin switched on (``TAKEAWAY_OFFLINE=true``: plain ``.html``
links, the search index inlined as a script, the vendored iframe-worker shim
from ``extra.polyfills`` instead of an outside host), into a temporary folder,
and zipped into ``downloads/gonghui-offline.zip`` of the normal site. The zip
never contains itself. ``mkdocs serve`` skips the bundle.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import time
import zipfile
from pathlib import Path

OFFLINE_ENV = "TAKEAWAY_OFFLINE"
SKIP_ENV = "TAKEAWAY_NO_BUNDLE"
DOCX_FROM_ENV = "TAKEAWAY_DOCX_FROM"  # read by hooks/docx_export.py
BUNDLE_PATH = "downloads/gonghui-offline.zip"
BUNDLE_ROOT = "gonghui-offline"
BUNDLE_LINK_RE = re.compile(r'<a\b[^>]*class="[^"]*\boffline-bundle\b[^"]*"[^>]*>.*?</a>', re.S)
IN_BUNDLE_NOTE = '<span class="offline-bundle">（您正在浏览离线版）</span>'

log = logging.getLogger("mkdocs.hooks.offline_bundle")
_state = {"command": "build"}


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

def on_startup(command, dirty):
    """Remember whether this is build or serve."""
    _state["command"] = command


def on_page_content(html, page, config, files):
    """Inside the bundle, the link to the bundle becomes a note."""
    if is_offline_build() and "offline-bundle" in html:
        return BUNDLE_LINK_RE.sub(IN_BUNDLE_NOTE, html)
    return html


def on_post_build(config):
    """Build the offline copy and zip it into the site."""
    if is_offline_build() or _state["command"] == "serve" or os.environ.get(SKIP_ENV):
        return
    start = time.perf_counter()
    target = Path(config.site_dir) / BUNDLE_PATH
    with tempfile.TemporaryDirectory(prefix="offline-") as tmp:
        site = Path(tmp) / BUNDLE_ROOT
        build_offline(config.config_file_path, site, docx_from=config.site_dir)
        zip_folder(site, target)
    size = target.stat().st_size / 1024 / 1024
    log.info(f"Offline bundle: {BUNDLE_PATH} ({size:.1f} MiB) in {time.perf_counter() - start:.1f} s")


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def is_offline_build() -> bool:
    """Whether this build is the offline copy."""
    return os.environ.get(OFFLINE_ENV, "").lower() in ("1", "true", "yes")


def build_offline(config_file: str, site_dir: Path, docx_from: str) -> None:
    """Build the site again with the offline plugin on, into site_dir (Word files copied)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    settings = {OFFLINE_ENV: "true", DOCX_FROM_ENV: docx_from}
    previous = {key: os.environ.get(key) for key in settings}
    os.environ.update(settings)
    try:
        build(load_config(config_file=config_file, site_dir=str(site_dir)))
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def zip_folder(folder: Path, target: Path) -> None:
    """Zip a folder under its own name (so it unpacks into one folder)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
