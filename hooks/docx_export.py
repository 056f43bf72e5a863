"""MkDocs hook: a Word (.docx) download for every template and example page (a thin adapter).

The document is made from the page's HTML in ``on_page_content``: by then
Markdown and the macros (section skeleton, activity calendar) have run, so
what the reader sees is what the document holds, tables included. The page's
one walk (``gonghui_core.page_doc``) is made here too and kept in the build
context (``gonghui_core.build_context``) for search and the theme pages.

The work is in ``export/``: the writer (``markdown_to_docx``) and the draft
data it records (``fragments``), the document cache (``docx_cache``,
``extra.takeaway.docx_cache``), the worker processes (``docx_jobs``,
``extra.takeaway.docx_workers``) and the download button (``docx_page``). The
switches are read once (``gonghui_core.build_context.TakeawaySettings``); the order
of this hook's steps among the others is in ``hooks/order.py``.
"""

from __future__ import annotations

import html as html_lib
import logging
import time
from pathlib import Path

import lxml.html
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from export.docx_cache import CACHE_MAX_AGE_DAYS, cache_dir, prune_cache, write_docx
from export.docx_jobs import DocumentError, DocumentJobs, worker_count
from export.docx_page import docx_path, insert_toolbar, toolbar
from export.fragments import write_base_fragment
from export.markdown_to_docx import build_date
from gonghui_core import page_doc, rules
from hooks.context import build_context
from hooks.order import priority

log = logging.getLogger("mkdocs.hooks.docx_export")
_stats = {"count": 0, "seconds": 0.0, "cached": 0}
_state: dict = {"cache": None, "command": "build", "dirty": False, "jobs": DocumentJobs(0), "date": None,
                "workers": "auto", "docx": True}


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

@event_priority(priority("on_startup", "docx_export"))
def on_startup(command, dirty):
    """Remember whether this is build or serve (serve makes documents in-process)."""
    _state.update(command=command, dirty=dirty)


@event_priority(priority("on_pre_build", "docx_export"))
def on_pre_build(config):
    """Reset the counters of this build; read its switches; find the document cache."""
    settings = build_context(config).settings
    _stats.update(count=0, seconds=0.0, cached=0)
    _state.update(cache=cache_dir(config.config_file_path) if settings.docx_cache else None,
                  workers=settings.docx_workers, docx=settings.docx, date=build_date())
    _state["jobs"] = DocumentJobs(workers())


@event_priority(priority("on_files", "docx_export"))
def on_files(files, config):
    """--dirty: pages MkDocs will not render again keep the walk of their built HTML (theme cards need it)."""
    if not _state["dirty"]:
        return files
    docs = build_context(config).docs
    for file in files.documentation_pages():
        built = Path(config.site_dir) / file.dest_uri
        if rules.is_document_page(file.src_uri) and file.src_uri not in docs and built.is_file():
            html = built.read_text(encoding="utf-8")
            start, end = html.find("<article"), html.rfind("</article>")
            if start >= 0 and end > start:
                docs[file.src_uri] = page_doc.page_doc(html[html.index(">", start) + 1:end])
    return files


@event_priority(priority("on_page_content", "docx_export"))
def on_page_content(html, page, config, files):
    """Walk the page once, write its .docx and draft data, and put the download button under its title."""
    src = page.file.src_uri
    if not rules.is_document_page(src):
        return html
    start = time.perf_counter()
    # the page's one walk: text, headings and sections for search and theme cards
    root = lxml.html.fragment_fromstring(html, create_parent="div") if html.strip() else None
    build_context(config).docs[src] = page_doc.from_tree(root) if root is not None else page_doc.PageDoc("")
    if not _state["docx"]:  # the walk still feeds search and theme cards
        return html
    # Example titles arrive HTML-escaped for the page (hooks/escape_examples.py); the
    # document and the draft data are not HTML (python-docx escapes XML, draft.js sets text).
    title = html_lib.unescape(str(page.meta.get("title") or page.title or ""))
    rel = docx_path(src)
    options = {"kind": rules.page_kind(src), "author": config.site_name or "", "date": _state["date"] or build_date()}
    if workers() == 0 and root is not None:
        options["tree"] = root  # made here: the document is written from the same parse
    fragment = {"docx": rel, "url": page.url, "title": title}  # 我的草稿: <page>.draft.js beside the .docx
    try:
        _stats["cached"] += write_docx(html, title, rel, Path(config.site_dir), _state["cache"], _run, options,
                                       fragment)
    except DocumentError as exc:
        raise PluginError(str(exc)) from exc
    _stats["count"] += 1
    _stats["seconds"] += time.perf_counter() - start
    return insert_toolbar(html, toolbar(rel, page.file.dest_uri, title))


@event_priority(priority("on_post_build", "docx_export"))
def on_post_build(config):
    """Wait for the documents; say how many and what they cost; drop long-unused cache entries."""
    start = time.perf_counter()
    try:
        _state["jobs"].wait()  # a failed document fails the build here
    except DocumentError as exc:
        raise PluginError(str(exc)) from exc
    # 我的草稿: what every page's document shares (each page's own part came with its document)
    if _state["docx"]:
        write_base_fragment(Path(config.site_dir))
    _stats["seconds"] += time.perf_counter() - start
    if _stats["count"]:
        log.info(f"Word documents: {_stats['count']} ({_stats['cached']} from the cache)"
                 f" ({_stats['seconds']:.1f} s of this process's time)")
    if _state["cache"] is not None:
        prune_cache(_state["cache"], CACHE_MAX_AGE_DAYS * 86400)


@event_priority(priority("on_build_error", "docx_export"))
def on_build_error(error):
    """Stop the workers when the build fails."""
    _state["jobs"].stop()


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def workers() -> int:
    """Worker processes for making documents (0: in the build process)."""
    return worker_count(_state["workers"], _state["command"])


def _run(function, *args, **kwargs) -> None:
    """Make a document in a worker process, or here when there is none."""
    _html, title, target = args[:3]
    _state["jobs"].run(f"{title}（{target}）", function, *args, **kwargs)
