"""MkDocs hook: a Word (.docx) download for every template and example page.

The document is made from the page's HTML in ``on_page_content``: by then
Markdown and the macros (section skeleton, activity calendar) have run, so
what the reader sees is what the document holds, tables included, and one
HTML walker serves every Markdown extension. The .docx is written next to the
page's source path (``examples/school/foo.md`` → ``examples/school/foo.docx``),
and a "下载 Word 文档" button whose ``download`` name is the page's Chinese
title is put under the page title (hidden from search, print and copying).
"""

from __future__ import annotations

import html as html_lib
import logging
import os
import posixpath
import re
import shutil
import sys
import time
from pathlib import Path

from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from export.markdown_to_docx import html_to_docx, save_docx  # noqa: E402

# Set by hooks/offline_bundle.py for its second build: copy the documents
# already made by the first build instead of making them again.
DOCX_FROM_ENV = "TAKEAWAY_DOCX_FROM"
TAKEAWAY_PAGE_RE = re.compile(r"^(examples|templates)/[^/]+/(?!index\.md$)[^/]+\.md$")
H1_END_RE = re.compile(r"</h1>", re.I)
UNSAFE_NAME_RE = re.compile(r'[\\/:*?"<>|\u0000-\u001f]')
TOOLBAR = ('<div class="takeaway-toolbar" data-search-exclude>'
           '<a class="md-button md-button--primary takeaway-download" href="{href}" '
           'download="{name}" title="按公文格式（GB/T 9704—2012）排版的 Word 文档，WPS 也能打开">'
           '下载 Word 文档</a></div>')

log = logging.getLogger("mkdocs.hooks.docx_export")
_stats = {"count": 0, "seconds": 0.0}


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

def on_pre_build(config):
    """Reset the counters of this build."""
    _stats.update(count=0, seconds=0.0)


@event_priority(-50)  # late: after other content hooks, so the document matches the page
def on_page_content(html, page, config, files):
    """Write the page's .docx and put the download button under its title."""
    if not is_takeaway_page(page.file.src_uri):
        return html
    start = time.perf_counter()
    title = page.meta.get("title") or page.title or ""
    rel = docx_path(page.file.src_uri)
    write_docx(html, title, rel, Path(config.site_dir))
    _stats["count"] += 1
    _stats["seconds"] += time.perf_counter() - start
    href = posixpath.relpath(rel, posixpath.dirname(page.file.dest_uri) or ".")
    return insert_toolbar(html, TOOLBAR.format(href=html_lib.escape(href),
                                               name=html_lib.escape(download_name(title))))


def on_post_build(config):
    """Say how many documents were written and what they cost."""
    if _stats["count"]:
        log.info(f"Word documents: {_stats['count']} in {_stats['seconds']:.1f} s")


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def write_docx(html: str, title: str, rel: str, site_dir: Path) -> None:
    """Make the page's document, or copy it from the first build when there is one."""
    made = Path(os.environ.get(DOCX_FROM_ENV) or "/nonexistent") / rel
    if made.is_file():
        (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(made, site_dir / rel)
    else:
        save_docx(html_to_docx(html, title), site_dir / rel)


def is_takeaway_page(src_uri: str) -> bool:
    """Whether a page is a template or an example (not a listing)."""
    return bool(TAKEAWAY_PAGE_RE.match(src_uri))


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
