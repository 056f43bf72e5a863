"""MkDocs hook: ``downloads/gonghui-offline.zip``, the built site for reading from file://.

A thin adapter: after the build (once the Word documents are written),
``export.offline`` zips the finished site in a thread while the search index is
finished, then adds the index; pages are rewritten for file:// (folder links
get ``index.html``, the link to the bundle becomes a note). No second build.

Switch: ``extra.takeaway.offline_bundle`` in ``mkdocs.yml`` (default on; the
environment variable ``TAKEAWAY_OFFLINE_BUNDLE=false`` overrides it there).
``mkdocs serve`` never makes the bundle.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

from export import offline
from hooks.context import build_context
from hooks.order import priority

# Switches that were environment variables before they moved into mkdocs.yml
# (extra.takeaway); setting one now is a mistake worth a warning.
RETIRED_ENV = {
    "TAKEAWAY_NO_BUNDLE": "TAKEAWAY_OFFLINE_BUNDLE=false",
    "TAKEAWAY_NO_DOCX_CACHE": "TAKEAWAY_DOCX_CACHE=false",
    "TAKEAWAY_OFFLINE": None,     # the bundle is no longer a second build
    "TAKEAWAY_DOCX_FROM": None,   # idem
}

log = logging.getLogger("mkdocs.hooks.offline_bundle")
_state = {"command": "build", "enabled": True}


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

@event_priority(priority("on_startup", "offline_bundle"))
def on_startup(command, dirty):
    """Remember whether this is build or serve."""
    _state["command"] = command


@event_priority(priority("on_config", "offline_bundle"))
def on_config(config):
    """Read the switch (a wrong value fails the build here, not after it)."""
    _state["enabled"] = build_context(config).settings.offline_bundle
    for name, instead in RETIRED_ENV.items():
        if name in os.environ:
            log.warning(f"{name} is no longer read" + (f"; use {instead} (see extra.takeaway"
                                                        " in mkdocs.yml)" if instead else ""))


@event_priority(priority("on_post_build", "offline_bundle._start_bundle"))
def _start_bundle(config):
    """Start zipping the built site for file:// (in a thread, while the search index is finished)."""
    if _state["command"] == "serve" or not _state["enabled"]:
        return
    _state["start"] = time.perf_counter()
    site = Path(config.site_dir)
    _state["bundle"] = offline.BundleWriter(site, site / offline.BUNDLE_PATH)
    _state["bundle"].start()


@event_priority(priority("on_post_build", "offline_bundle._finish_bundle"))
def _finish_bundle(config):
    """Add the search index, close the zip and move it into downloads/."""
    bundle = _state.pop("bundle", None)
    if bundle is None:
        return
    stats = bundle.finish()
    log.info(f"Offline bundle: {offline.BUNDLE_PATH} ({stats.bytes / 2**20:.1f} MiB,"
             f" {stats.files} files, {stats.pages} pages) in {time.perf_counter() - _state['start']:.1f} s")


on_post_build = CombinedEvent(_start_bundle, _finish_bundle)


@event_priority(priority("on_build_error", "offline_bundle"))
def on_build_error(error):
    """Remove the half-written zip."""
    bundle = _state.pop("bundle", None)
    if bundle is not None:
        bundle.abort()

