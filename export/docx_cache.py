"""The document cache: finished Word documents and their draft data by content, in ``.cache/docx/``.

The key is a hash of the page HTML, its title, page kind and site name, and
the export code and layout (``export/*.py``, ``export/*.yml``, the dictionary
that breaks titles, python-docx's version), so a rebuild (``mkdocs serve``, a
second ``make build``) copies unchanged pages' documents instead of making
them again. Beside each cached ``<key>.docx`` lies ``<key>.draft.json``, the
page's draft data (export/fragments.py) as the writer recorded it: a cached
page needs no reading back. Both are written atomically; an entry is used only
when both are there. Entries unused for ``CACHE_MAX_AGE_DAYS`` are deleted
after a build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from pathlib import Path

from .cjk_lines import USER_DICT
from .fragments import record_path, write_cached_fragment, write_docx_and_fragment
from .markdown_to_docx import write_page_docx

EXPORT_DIR = Path(__file__).resolve().parent
CACHE_DIR = Path(".cache") / "docx"  # relative to the folder of mkdocs.yml
CACHE_MAX_AGE_DAYS = 14
CODE_FILES = ("*.py", "*.yml")  # in export/: a change makes every cached document stale
KEY_OPTIONS = ("kind", "author")  # options that change a document (not the date, not the tree)
_CODE: dict[str, str] = {}


def cache_dir(config_file: str | os.PathLike) -> Path:
    """The document cache of a project: .cache/docx beside its mkdocs.yml."""
    return Path(config_file).resolve().parent / CACHE_DIR


def write_docx(html: str, title: str, rel: str, site_dir: Path, cache: Path | None = None,
               run=None, options: dict | None = None, fragment: dict | None = None) -> bool:
    """Make the page's document, or copy it from the cache; True if copied.

    ``run(function, *args, **options)`` makes the document (default: here and
    now). options (kind, author, date: see export.markdown_to_docx.write_html)
    are part of the cache key, except the date: a cached document keeps the
    date it was made on, so the cache holds across days. With fragment
    ({"docx", "url", "title"}: see export.fragments.write_page_fragment), the
    page's draft data follows its document in the same job.
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
    cached = cache / f"{content_key(html, title, chr(0).join(str(options.get(k) or '') for k in KEY_OPTIONS))}.docx"
    if cached.is_file() and record_path(cached).is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cached, target)
        for path in (cached, record_path(cached)):
            os.utime(path)  # recently used: kept by prune_cache
        if fragment is not None:
            write_cached_fragment(site_dir, fragment, cached)
        return True
    run(make, html, title, target, cached, **extra_args, **options)
    return False


def content_key(html: str, title: str, extra: str = "") -> str:
    """Hash of everything a document is made from: page HTML, title, page kind and site name, export code and layout."""
    digest = hashlib.sha256(code_key().encode())
    digest.update(title.encode("utf-8") + b"\0" + html.encode("utf-8") + b"\0" + extra.encode("utf-8"))
    return digest.hexdigest()


def code_key() -> str:
    """Hash of the export code and layout files, the dictionary that breaks titles and the python-docx version (once per process)."""
    if "code" not in _CODE:
        import docx

        digest = hashlib.sha256(getattr(docx, "__version__", "").encode())
        for pattern in CODE_FILES:
            for path in sorted(EXPORT_DIR.glob(pattern)):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
        if USER_DICT.is_file():
            digest.update(USER_DICT.read_bytes())
        _CODE["code"] = digest.hexdigest()
    return _CODE["code"]


def prune_cache(cache: Path, max_age_s: float) -> None:
    """Delete cached documents (and their draft data) not used for max_age_s seconds."""
    if not cache.is_dir():
        return
    limit = time.time() - max_age_s
    for path in [*cache.glob("*.docx"), *cache.glob("*.draft.json")]:
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
        except FileNotFoundError:  # removed by a parallel build
            pass
