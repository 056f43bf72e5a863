"""The offline bundle: the built site as a zip that works unpacked, from file://, search included.

Made from the finished site folder (no second build): every file is copied
into ``gonghui-offline/`` inside the zip, with three changes that a browser
needs when there is no web server:

- HTML: every relative ``href``/``src`` that names a folder (``units/``,
  ``../``, ``.``) gets ``index.html`` (a server answers a folder with its
  ``index.html``; ``file://`` shows a folder listing). Absolute URLs,
  ``mailto:``, ``data:``, ``#fragment`` and root-absolute (``/x``) URLs are
  left alone; query and fragment are kept. Only attribute values of start tags
  are touched (an HTML5 tokenizer finds them; comments, scripts and styles are
  skipped), so text, scripts and markup come out byte for byte.
- The link to the bundle itself (``<a class="offline-bundle">``) becomes a note.
- Search: a ``file://`` page cannot fetch, so the index goes in as scripts
  (:func:`search_index_entries`): ``search/search_index.js`` in place of the
  JSON manifest, and a ``.js`` twin in place of each index fragment.

The Worker that runs search cannot start from ``file://``; the vendored
iframe-worker shim in ``extra.polyfills`` stands in for it there.
No MkDocs imports: the hook ``hooks/offline_bundle.py`` calls :func:`write_bundle`.
"""

from __future__ import annotations

import base64
import html as html_lib
import json
import os
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

BUNDLE_PATH = "downloads/gonghui-offline.zip"  # where the zip goes in the site
BUNDLE_ROOT = "gonghui-offline"                # the folder the zip unpacks into
BUNDLE_LINK_CLASS = "offline-bundle"
IN_BUNDLE_NOTE = '<span class="offline-bundle">（您正在浏览离线版）</span>'
SEARCH_INDEX_JSON = "search/search_index.json"
SEARCH_INDEX_SCRIPT = "search/search_index.js"
SEARCH_DIR = "search/"                         # zipped last (BundleWriter.finish)
FRAGMENT_SUFFIXES = (".json", ".bin")         # files of the fragmented index, carried as .js twins
# A 404 page only makes sense behind a server (and uses root-absolute URLs).
LEFT_OUT = frozenset({"404.html"})
# Already compressed: stored as they are (deflating them again costs time, saves nothing).
STORED_SUFFIXES = frozenset({".docx", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".gif", ".webp",
                             ".woff", ".woff2", ".ico"})
# zlib level 3: on the 1,000-page bench site the text files deflate in 0.95 s instead of
# 1.87 s at the default 6, for a bundle about 4 % larger (28.8 MB of text instead of 27.2).
COMPRESS_LEVEL = 3

# -----------------------------------------------------------------------------
# HTML tokens (HTML5 tokenizer rules for the parts that matter here)
# -----------------------------------------------------------------------------

_WS = r"\t\n\f\r "
ASCII_WS = " \t\n\f\r"  # what browsers strip from URLs (not U+3000 and friends)
_TAG_NAME = rf"[a-zA-Z][^{_WS}/>]*+"
_NAME = rf"[^{_WS}/>][^{_WS}/>=]*+"
_VALUE = rf"\"[^\"]*+\"|'[^']*+'|[^{_WS}>]*+"
# One attribute: name, then optionally = and a quoted or unquoted value.
ATTR_RE = re.compile(rf"[{_WS}/]*+(?P<name>{_NAME})(?:[{_WS}]*+=[{_WS}]*+(?P<value>{_VALUE}))?+")
_ANY_ATTR = rf"(?>[{_WS}/]*+{_NAME}(?:[{_WS}]*+=[{_WS}]*+(?:{_VALUE}))?+)"
_OTHER_ATTR = (rf"(?>[{_WS}/]*+(?!(?i:href|src)(?:[{_WS}/>=]|\Z)){_NAME}"
               rf"(?:[{_WS}]*+=[{_WS}]*+(?:{_VALUE}))?+)")
_RAW = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext"
# Tokens the rewriter acts on: comments and CDATA (skipped whole), start tags
# with an href or src attribute, and start tags of raw-text elements (their
# content is skipped up to the end tag).
_WANTED = (
    r"<!--(?:-?>|.*?(?:--!?>|\Z))"                                    # comment (also <!--> and unclosed)
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"                                   # CDATA (SVG/MathML)
    rf"|<(?P<tag>{_TAG_NAME})(?P<attrs>{_ANY_ATTR}*+)[{_WS}/]*+>"      # start tag
)
# Everything else, consumed in one go: text, end tags, doctype, start tags
# with neither href nor src, a "<" that starts no tag.
_SKIP = (
    r"(?:[^<]++"
    rf"|<(?!(?i:{_RAW})[{_WS}/>]){_TAG_NAME}{_OTHER_ATTR}*+[{_WS}/]*+>"
    rf"|</{_TAG_NAME}{_ANY_ATTR}*+[{_WS}/]*+>"
    r"|<!(?!--|\[CDATA\[)[^>]*+>|<\?[^>]*+>|</(?![a-zA-Z])[^>]*+>"
    r"|<(?![a-zA-Z]|!--|!\[CDATA\[)"
    # A start tag that neither rule matched never ends: the rest of the page is
    # inside it (HTML5: end of file in a tag).
    rf"|(?!{_WANTED.replace('?P<tag>', '?:').replace('?P<attrs>', '?:')})<.*+)*+"
)
TOKEN_RE = re.compile(rf"{_SKIP}(?:{_WANTED}|\Z)", re.S)
# Elements whose content is text up to their end tag, never markup.
RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed",
                      "noframes", "noscript", "plaintext"})
URL_ATTRS = frozenset({"href", "src"})
URL_ATTR_RE = re.compile(r"href|src", re.I)
END_A_RE = re.compile(r"</a[\t\n\f\r />]", re.I)
SCHEME_RE = re.compile(r"[a-zA-Z][a-zA-Z0-9+.\-]*:")
QUERY_OR_FRAGMENT_RE = re.compile(r"[?#]")
# The path part of a raw (entity-encoded) attribute value: up to the first ? or #
# that is not part of a character reference such as &#39;.
RAW_PATH_RE = re.compile(r"(?:&#?[0-9a-zA-Z]+;|[^?#])*")


# -----------------------------------------------------------------------------
# URLs and HTML
# -----------------------------------------------------------------------------

def folder_url_suffix(url: str) -> str:
    """What a relative URL needs to name a file from file://: "index.html", "/index.html" or ""."""
    url = url.strip(ASCII_WS)
    if not url or url[0] in "#?/\\" or SCHEME_RE.match(url):
        return ""
    path = _path_of(url)
    if path.endswith("/"):
        return "index.html"
    if path in (".", "..") or path.endswith(("/.", "/..")):
        return "/index.html"
    return ""


def file_url(url: str) -> str:
    """A relative URL as it must read from file://: folders get index.html; query and fragment stay."""
    suffix = folder_url_suffix(url)
    if not suffix:
        return url
    url = url.strip(ASCII_WS)
    cut = len(_path_of(url))
    return url[:cut] + suffix + url[cut:]


def _path_of(url: str) -> str:
    """A URL without its query and fragment."""
    m = QUERY_OR_FRAGMENT_RE.search(url)
    return url[: m.start()] if m else url


def _rewrite_value(raw: str) -> str:
    """An attribute value as written in the page (entities and all), rewritten for file://."""
    suffix = folder_url_suffix(html_lib.unescape(raw) if "&" in raw else raw)
    if not suffix:
        return raw
    lead = len(raw) - len(raw.lstrip(ASCII_WS))
    cut = RAW_PATH_RE.match(raw, lead).end()
    path = raw[:cut]
    trail = len(path) - len(path.rstrip(ASCII_WS))  # a value may end in spaces; browsers strip them
    return path[: cut - trail] + suffix + raw[cut - trail:]


def _rewrite_tag(attrs: str) -> str:
    """A start tag's attribute text with its href/src values rewritten; the rest byte for byte.

    Returns attrs itself (the same object) when nothing changes.
    """
    out, last = [], 0
    for m in ATTR_RE.finditer(attrs):
        value = m.group("value")
        if not value or m.group("name").lower() not in URL_ATTRS:
            continue
        start, end = m.span("value")
        if value[0] in "\"'":
            start, end = start + 1, end - 1
        raw = attrs[start:end]
        if not raw or raw[0] == "#":  # most links in a page: its own headings
            continue
        new = _rewrite_value(raw)
        if new != raw:
            out += [attrs[last:start], new]
            last = end
    return "".join(out) + attrs[last:] if out else attrs


def _attr(attrs: str, wanted: str) -> str | None:
    """The (unescaped) value of one attribute in a start tag's attribute text, or None."""
    for m in ATTR_RE.finditer(attrs):
        if m.group("name").lower() == wanted:
            value = m.group("value") or ""
            return html_lib.unescape(value[1:-1] if value[:1] in "\"'" else value)
    return None


def rewrite_html(html: str) -> str:
    """A page rewritten for file://: folder links get index.html; the bundle link becomes a note."""
    out, last, pos = [], 0, 0
    while pos < len(html):
        m = TOKEN_RE.match(html, pos)  # always matches: at worst the rest is skipped
        pos = m.end()
        tag = m.group("tag")
        if tag is None:
            continue
        name, start, attrs = tag.lower(), m.start("tag") - 1, m.group("attrs")
        if name == "a" and BUNDLE_LINK_CLASS in attrs and \
                BUNDLE_LINK_CLASS in (_attr(attrs, "class") or "").split():
            close = END_A_RE.search(html, pos)
            end = html.index(">", close.end() - 1) + 1 if close else pos
            out += [html[last:start], IN_BUNDLE_NOTE]
            last = pos = end
            continue
        if URL_ATTR_RE.search(attrs):
            new = _rewrite_tag(attrs)
            if new is not attrs:
                out += [html[last:m.start("attrs")], new]
                last = m.end("attrs")
        if name in RAW_TEXT:
            if name == "plaintext":
                break
            close = re.compile(rf"</{name}[\t\n\f\r />]", re.I).search(html, pos)
            pos = close.start() if close else len(html)
    return "".join(out) + html[last:] if out else html


# -----------------------------------------------------------------------------
# Search index (one function: swap it when the index changes shape)
# -----------------------------------------------------------------------------

def search_index_entries(site_dir: Path) -> Iterator[tuple[str, bytes | None]]:
    """What the bundle carries under ``search/``: (path in the bundle, bytes), bytes None = the site's file as is.

    ``search/search_index.json`` becomes ``search/search_index.js`` (``var
    __index = …``, page locations with ``index.html``), which Material loads
    from a file:// page instead of fetching the JSON, as its ``offline``
    plugin arranges. Each file of the fragmented index (``config.zh.dir`` in
    that manifest, see ``searchindex/``) becomes its ``.js`` twin
    (:func:`script_twin`), which search-zh.js loads with a script tag where
    fetch is refused. The served site has no twins: over http they would only
    double the index's files. Files are read one at a time (the index of a
    large site does not fit in memory twice).
    """
    search = site_dir / SEARCH_DIR
    manifest = search / "search_index.json"
    fragments = None
    if manifest.is_file():
        index = json.loads(manifest.read_text(encoding="utf-8"))
        fragments = ((index.get("config") or {}).get("zh") or {}).get("dir")
        yield SEARCH_INDEX_SCRIPT, _index_script(index)
    for rel in site_files(search):
        path = SEARCH_DIR + rel
        if path in (SEARCH_INDEX_JSON, SEARCH_INDEX_SCRIPT):
            continue
        stem, _, suffix = rel.rpartition(".")
        if fragments and rel.startswith(fragments + "/") and "." + suffix in FRAGMENT_SUFFIXES:
            key = stem[len(fragments) + 1:]
            yield SEARCH_DIR + stem + ".js", script_twin(key, "." + suffix, (search / rel).read_bytes())
        else:
            yield path, None


def script_twin(key: str, suffix: str, data: bytes) -> bytes:
    """An index file as the script search-zh.js loads from file://: ``__zhIndex(key, data)``.

    JSON is passed as it is (JSON text is a JavaScript expression); binary
    data as a base64 string.
    """
    if suffix == ".bin":
        return f'__zhIndex("{key}","{base64.b64encode(data).decode("ascii")}");\n'.encode("ascii")
    return f'__zhIndex("{key}",'.encode("utf-8") + data + b");\n"


def _index_script(index: dict) -> bytes:
    """search_index.js for file://: the manifest, its page locations naming index.html."""
    for doc in index.get("docs", []):
        location = doc.get("location", "")
        if location == "" or location.startswith("#"):  # the home page
            location = "index.html" + location
        doc["location"] = file_url(location)
    return ("var __index = " + json.dumps(index, ensure_ascii=False, separators=(",", ":"))).encode("utf-8")


# -----------------------------------------------------------------------------
# The zip
# -----------------------------------------------------------------------------

@dataclass
class BundleStats:
    """What the offline bundle holds: files, pages and bytes, for the build log."""

    files: int = 0
    pages: int = 0
    bytes: int = 0


def write_bundle(site_dir: Path, target: Path, root: str = BUNDLE_ROOT) -> BundleStats:
    """Zip the built site at site_dir, rewritten for file://, into target (under folder root).

    The zip never contains itself (target may lie inside site_dir) nor any
    other file at BUNDLE_PATH. Written to a temporary name and moved into
    place, so a failed run leaves no half-written zip behind.
    """
    bundle = BundleWriter(site_dir, target, root)
    bundle.start()
    return bundle.finish()


class BundleWriter:
    """The bundle in two steps, so a build can go on while most of it is written.

    :meth:`start` zips every file outside ``search/`` in a background thread
    (pages are rewritten there; zlib runs outside the GIL); :meth:`finish`
    waits for it, adds the search index as it is then, and moves the zip into
    place. :meth:`abort` removes the half-written zip.
    """

    def __init__(self, site_dir: Path, target: Path, root: str = BUNDLE_ROOT):
        self.site_dir, self.target, self.root = Path(site_dir), Path(target), root
        self.partial = self.target.with_name(self.target.name + ".part")
        self.skip = {_inside(self.site_dir, self.target), _inside(self.site_dir, self.partial)}
        self.stats = BundleStats()
        self.zf: zipfile.ZipFile | None = None
        self.thread: ThreadPoolExecutor | None = None
        self.first: Future | None = None

    def start(self) -> None:
        """Begin with everything but the search index (in a thread)."""
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.zf = zipfile.ZipFile(self.partial, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL)
        files = [rel for rel in site_files(self.site_dir)
                 if not rel.startswith(SEARCH_DIR) and rel not in self.skip and rel not in LEFT_OUT | {BUNDLE_PATH}]
        self.thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="offline-zip")
        self.first = self.thread.submit(self._add_files, files)

    def finish(self) -> BundleStats:
        """Wait for the first step, add search/, close and move the zip into place."""
        try:
            self.first.result()
            for rel, data in search_index_entries(self.site_dir):
                if data is None:
                    self._add_files([rel])
                else:
                    self.zf.writestr(f"{self.root}/{rel}", data)
                    self.stats.files += 1
            self.zf.close()
            self.partial.replace(self.target)
        except BaseException:
            self.abort()
            raise
        self._stop_thread()
        self.stats.bytes = self.target.stat().st_size
        return self.stats

    def abort(self) -> None:
        """Stop and remove the half-written zip."""
        if self.first is not None:
            self.first.cancel()
            try:
                self.first.result()
            except BaseException:  # the error that brought us here is reported by the caller
                pass
        self._stop_thread()
        if self.zf is not None:
            try:
                self.zf.close()
            except Exception:  # a broken zip: it is deleted anyway
                pass
        self.partial.unlink(missing_ok=True)

    def _add_files(self, rels: list[str]) -> None:
        for rel in rels:
            path, arcname = self.site_dir / rel, f"{self.root}/{rel}"
            if path.suffix == ".html":
                self.zf.writestr(arcname, rewrite_html(path.read_text(encoding="utf-8")).encode("utf-8"))
                self.stats.pages += 1
            elif path.suffix.lower() in STORED_SUFFIXES:
                self.zf.write(path, arcname, compress_type=zipfile.ZIP_STORED)
            else:
                self.zf.write(path, arcname)
            self.stats.files += 1

    def _stop_thread(self) -> None:
        thread, self.thread = self.thread, None
        if thread is not None:
            thread.shutdown(wait=True)


def site_files(site_dir: Path) -> list[str]:
    """Every file under site_dir as a sorted relative POSIX path (symlinks to files included)."""
    out = []
    for folder, _dirs, names in os.walk(site_dir):
        base = os.path.relpath(folder, site_dir)
        for name in names:
            if os.path.isfile(os.path.join(folder, name)):
                out.append(name if base == "." else f"{base}/{name}".replace(os.sep, "/"))
    return sorted(out)


def _inside(site_dir: Path, path: Path) -> str | None:
    """path relative to site_dir (POSIX), or None when it lies outside."""
    try:
        return path.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return None
