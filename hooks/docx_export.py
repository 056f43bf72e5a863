"""MkDocs hook: a Word (.docx) download for every template and example page.

The document is made from the page's HTML in ``on_page_content``: by then
Markdown and the macros (section skeleton, activity calendar) have run, so
what the reader sees is what the document holds, tables included, and one
HTML walker serves every Markdown extension. The .docx is written next to the
page's source path (``examples/school/foo.md`` → ``examples/school/foo.docx``),
and a "下载 Word 文档" button whose ``download`` name is the page's Chinese
title is put under the page title (hidden from search, print and copying).

Documents are cached by content in ``.cache/docx/`` beside ``mkdocs.yml``
(git-ignored): the key is a hash of the page HTML, its title and the export
code and layout (``export/``), so a rebuild (``mkdocs serve``, a second
``make build``) copies unchanged pages' documents instead of making them
again. ``extra.takeaway.docx_cache: false`` in ``mkdocs.yml`` turns the cache
off; entries unused for ``CACHE_MAX_AGE_DAYS`` are deleted after a build.

Documents that must be made are made in worker processes while the build goes
on rendering pages; ``on_post_build`` waits for them. How many:
``extra.takeaway.docx_workers`` (``auto``: 1 for ``mkdocs build`` on a machine
with more than one core, else 0 = in the build process, as ``mkdocs serve``
does). Both switches can be overridden by environment variables named in
``mkdocs.yml``.
"""

from __future__ import annotations

import hashlib
import html as html_lib
import logging
import multiprocessing
import os
import posixpath
import re
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import lxml.html
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import export
from export.cjk_lines import USER_DICT
from export.fragments import doc_headings, write_base_fragment, write_docx_and_fragment, write_page_fragment
from export.markdown_to_docx import build_date, write_page_docx
from gonghui_core import page_doc

EXPORT_DIR = Path(export.__file__).resolve().parent

CACHE_DIR = Path(".cache") / "docx"  # relative to the folder of mkdocs.yml
CACHE_MAX_AGE_DAYS = 14
CODE_FILES = ("*.py", "*.yml")  # in export/: a change makes every cached document stale
TAKEAWAY_PAGE_RE = re.compile(r"^(examples|templates)/[^/]+/(?!index\.md$)[^/]+\.md$")
H1_END_RE = re.compile(r"</h1>", re.I)
UNSAFE_NAME_RE = re.compile(r'[\\/:*?"<>|\u0000-\u001f]')
TOOLBAR = ('<div class="takeaway-toolbar" data-search-exclude>'
           '<a class="md-button md-button--primary takeaway-download" href="{href}" '
           'download="{name}" title="按公文格式（GB/T 9704—2012）排版的 Word 文档，WPS 也能打开">'
           '下载 Word 文档</a></div>')

log = logging.getLogger("mkdocs.hooks.docx_export")
_stats = {"count": 0, "seconds": 0.0, "cached": 0}
_state: dict = {"cache": None, "command": "build", "pool": None, "pending": [], "date": None,
               "workers": "auto"}


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

def on_startup(command, dirty):
    """Remember whether this is build or serve (serve makes documents in-process)."""
    _state["command"] = command
    _state["dirty"] = dirty


def on_pre_build(config):
    """Reset the counters of this build; find the document cache."""
    _stats.update(count=0, seconds=0.0, cached=0)
    _state["cache"] = cache_dir(config) if _cache_switch(config) else None
    _state["workers"] = _workers_switch(config)
    _state["docx"] = _docx_switch(config)
    _state.update(pool=None, pending=[], date=build_date())
    if not _state.get("dirty"):  # --dirty renders changed pages only: the others keep their last walk
        page_doc.STORE.clear()


def on_files(files, config):
    """--dirty: pages MkDocs will not render again keep the walk of their built HTML (theme cards need it)."""
    if not _state.get("dirty"):
        return files
    for file in files.documentation_pages():
        built = Path(config.site_dir) / file.dest_uri
        if is_takeaway_page(file.src_uri) and file.src_uri not in page_doc.STORE and built.is_file():
            html = built.read_text(encoding="utf-8")
            start, end = html.find("<article"), html.rfind("</article>")
            if start >= 0 and end > start:
                page_doc.STORE[file.src_uri] = page_doc.page_doc(html[html.index(">", start) + 1:end])
    return files


@event_priority(-50)  # late: after other content hooks, so the document matches the page
def on_page_content(html, page, config, files):
    """Write the page's .docx and put the download button under its title."""
    if not is_takeaway_page(page.file.src_uri):
        return html
    start = time.perf_counter()
    # the page's one walk: text, headings and sections for search, draft desk and theme cards
    root = lxml.html.fragment_fromstring(html, create_parent="div") if html.strip() else None
    doc = page_doc.from_tree(root) if root is not None else page_doc.PageDoc("")
    page_doc.STORE[page.file.src_uri] = doc
    if not _state.get("docx", True):  # the walk still feeds search and theme cards
        return html
    # Example titles arrive HTML-escaped for the page (hooks/escape_examples.py); the
    # document and the draft data are not HTML (python-docx escapes XML, draft.js sets text).
    title = html_lib.unescape(str(page.meta.get("title") or page.title or ""))
    rel = docx_path(page.file.src_uri)
    options = {"kind": page_kind(page.file.src_uri), "author": config.site_name or "",
               "date": _state["date"] or build_date()}
    if workers() == 0 and root is not None:
        options["tree"] = root  # made here: the document is written from the same parse
    # 我的草稿: the page's headings, to cut its finished .docx into sections (<page>.draft.js)
    fragment = {"docx": rel, "url": page.url, "title": title, "headings": doc_headings(doc)}
    _stats["cached"] += write_docx(html, title, rel, Path(config.site_dir), _state["cache"], _run, options,
                                   fragment)
    _stats["count"] += 1
    _stats["seconds"] += time.perf_counter() - start
    href = posixpath.relpath(rel, posixpath.dirname(page.file.dest_uri) or ".")
    return insert_toolbar(html, TOOLBAR.format(href=html_lib.escape(href),
                                               name=html_lib.escape(download_name(title))))


def on_post_build(config):
    """Wait for the documents; say how many and what they cost; drop long-unused cache entries."""
    start = time.perf_counter()
    try:
        for label, future in _state["pending"]:
            try:
                future.result()  # a failed document fails the build here
            except Exception as exc:
                raise PluginError(f"生成 Word 文档失败：{label}：{exc}") from exc
    finally:
        _stop_pool()
    # 我的草稿: what every page's document shares (each page's own part came with its document)
    if _state.get("docx", True):
        write_base_fragment(Path(config.site_dir))
    _stats["seconds"] += time.perf_counter() - start
    if _stats["count"]:
        log.info(f"Word documents: {_stats['count']} ({_stats['cached']} from the cache)"
                 f" ({_stats['seconds']:.1f} s of this process's time)")
    if _state["cache"] is not None:
        prune_cache(_state["cache"], CACHE_MAX_AGE_DAYS * 86400)


def on_build_error(error):
    """Stop the worker when the build fails."""
    _stop_pool()


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def write_docx(html: str, title: str, rel: str, site_dir: Path, cache: Path | None = None,
               run=None, options: dict | None = None, fragment: dict | None = None) -> bool:
    """Make the page's document, or copy it from the cache; True if copied.

    ``run(function, *args, **options)`` makes the document (default: here and
    now). options (kind, author, date: see export.markdown_to_docx.html_to_docx)
    are part of the cache key, except the date: a cached document keeps the
    date it was made on, so the cache holds across days. With fragment (see
    export.fragments.write_page_fragment), the page's draft data follows its
    document in the same job.
    """
    run = run or (lambda function, *args, **kw: function(*args, **kw))
    options = options or {}
    target = site_dir / rel
    make, extra_args = write_page_docx, {}
    if fragment is not None:
        make, extra_args = write_docx_and_fragment, {"fragment": fragment, "site_dir": site_dir}
    if cache is None:
        run(make, html, title, target, **extra_args, **options)
        return False
    extra = "\0".join(str(options.get(k) or "") for k in ("kind", "author"))  # not the tree
    cached = cache / f"{content_key(html, title, extra)}.docx"
    if cached.is_file():
        _copy(cached, target)
        os.utime(cached)  # recently used: kept by prune_cache
        if fragment is not None:
            run(write_page_fragment, site_dir, fragment)
        return True
    run(make, html, title, target, cached, **extra_args, **options)
    return False


def workers() -> int:
    """Worker processes for making documents (0: in the build process)."""
    if _state["workers"] != "auto":
        return _state["workers"]
    return 1 if _state["command"] == "build" and (os.cpu_count() or 1) > 1 else 0


def _docx_switch(config) -> bool:
    """extra.takeaway.docx: true/false (1/0 from an environment variable)."""
    value = (config.extra.get("takeaway") or {}).get("docx", True)
    if isinstance(value, bool) or value in (0, 1):
        return bool(value)
    raise PluginError(f"extra.takeaway.docx in mkdocs.yml must be true or false, not {value!r}")


def _cache_switch(config) -> bool:
    """extra.takeaway.docx_cache: true/false (1/0 from an environment variable)."""
    value = (config.extra.get("takeaway") or {}).get("docx_cache", True)
    if isinstance(value, bool) or value in (0, 1):
        return bool(value)
    raise PluginError(f"extra.takeaway.docx_cache in mkdocs.yml must be true or false, not {value!r}")


def _workers_switch(config) -> int | str:
    """extra.takeaway.docx_workers: auto or a number of worker processes (0: none)."""
    value = (config.extra.get("takeaway") or {}).get("docx_workers", "auto")
    if value == "auto" or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    raise PluginError(f"extra.takeaway.docx_workers in mkdocs.yml must be auto or a number ≥ 0, not {value!r}")


def cache_dir(config) -> Path:
    """The document cache of a project: .cache/docx beside its mkdocs.yml."""
    return Path(config.config_file_path).resolve().parent / CACHE_DIR


def content_key(html: str, title: str, extra: str = "") -> str:
    """Hash of everything a document is made from: page HTML, title, page kind and site name, export code and layout."""
    digest = hashlib.sha256(_code_key().encode())
    digest.update(title.encode("utf-8") + b"\0" + html.encode("utf-8") + b"\0" + extra.encode("utf-8"))
    return digest.hexdigest()


def prune_cache(cache: Path, max_age_s: float) -> None:
    """Delete cached documents not used for max_age_s seconds."""
    if not cache.is_dir():
        return
    limit = time.time() - max_age_s
    for path in cache.glob("*.docx"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:  # removed by a parallel build
            pass


def _code_key() -> str:
    """Hash of the export code and layout files, the dictionary that breaks titles and the python-docx version (once per process)."""
    if "code" not in _state:
        import docx

        digest = hashlib.sha256(getattr(docx, "__version__", "").encode())
        for pattern in CODE_FILES:
            for path in sorted(EXPORT_DIR.glob(pattern)):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        if USER_DICT.is_file():
            digest.update(USER_DICT.read_bytes())
        _state["code"] = digest.hexdigest()
    return _state["code"]


def _run(function, *args, **kwargs) -> None:
    """Make a document in the worker process, or here when there is none."""
    label = _label(args)
    if workers() == 0:
        try:
            function(*args, **kwargs)
        except Exception as exc:
            raise PluginError(f"生成 Word 文档失败：{label}：{exc}") from exc
        return
    if _state["pool"] is None:  # spawn, not fork: the build process may hold threads and locks
        _state["pool"] = ProcessPoolExecutor(workers(), mp_context=multiprocessing.get_context("spawn"))
    _state["pending"].append((label, _state["pool"].submit(function, *args, **kwargs)))


def _label(args) -> str:
    """The page a document belongs to, for error messages: title (target file)."""
    if len(args) == 2 and isinstance(args[1], dict):  # write_page_fragment(site_dir, fragment)
        return f"{args[1].get('title')}（{args[1].get('docx')}）"
    _html, title, target = (list(args) + [None, None, None])[:3]
    return f"{title}（{target}）"


def _stop_pool() -> None:
    """Shut the worker down (cancelling what it has not started)."""
    pool, _state["pool"], _state["pending"] = _state["pool"], None, []
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


def _copy(source: Path, target: Path) -> None:
    """Copy a finished document into the site."""
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def is_takeaway_page(src_uri: str) -> bool:
    """Whether a page is a template or an example (not a listing)."""
    return bool(TAKEAWAY_PAGE_RE.match(src_uri))


def page_kind(src_uri: str) -> str:
    """"template" or "example": what the document holds (see export.markdown_to_docx.html_to_docx)."""
    return "template" if src_uri.startswith("templates/") else "example"


def docx_path(src_uri: str) -> str:
    """Where the .docx goes in the site: beside the page's source path."""
    return posixpath.splitext(src_uri)[0] + ".docx"


def download_name(title: str) -> str:
    """The file name offered to the reader: the Chinese title, safe on Windows."""
    name = UNSAFE_NAME_RE.sub("_", title).strip(" .") or "文档"
    return f"{name}.docx"


def insert_toolbar(html: str, toolbar: str) -> str:
    """Put the toolbar right after the page's <h1>, or first when the theme adds the title."""
    match = H1_END_RE.search(html)
    return html[: match.end()] + toolbar + html[match.end():] if match else toolbar + html
