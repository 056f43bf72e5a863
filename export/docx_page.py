"""A document page's Word download on the site: where the .docx goes, its download name and the button."""

from __future__ import annotations

import html as html_lib
import posixpath
import re

H1_END_RE = re.compile(r"</h1>", re.I)
UNSAFE_NAME_RE = re.compile(r'[\\/:*?"<>|\u0000-\u001f]')
TOOLBAR = ('<div class="takeaway-toolbar" data-search-exclude>'
           '<a class="md-button md-button--primary takeaway-download" href="{href}" '
           'download="{name}" title="按公文格式（GB/T 9704—2012）排版的 Word 文档，WPS 也能打开">'
           '下载 Word 文档</a></div>')


def docx_path(src_uri: str) -> str:
    """Where the .docx goes in the site: beside the page's source path."""
    return posixpath.splitext(src_uri)[0] + ".docx"


def download_name(title: str) -> str:
    """The file name offered to the reader: the Chinese title, safe on Windows."""
    name = UNSAFE_NAME_RE.sub("_", title).strip(" .") or "文档"
    return f"{name}.docx"


def toolbar(rel: str, dest_uri: str, title: str) -> str:
    """The download button of a page built to dest_uri for its document at site path rel."""
    href = posixpath.relpath(rel, posixpath.dirname(dest_uri) or ".")
    return TOOLBAR.format(href=html_lib.escape(href), name=html_lib.escape(download_name(title)))


def insert_toolbar(html: str, toolbar_html: str) -> str:
    """Put the toolbar right after the page's <h1>, or first when the theme adds the title."""
    match = H1_END_RE.search(html)
    return html[: match.end()] + toolbar_html + html[match.end():] if match else toolbar_html + html
