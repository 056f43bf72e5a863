"""The search index made beside the build: in a worker process, or in this one.

The build hands over each page's text in build order (:meth:`IndexService.add`)
and asks for the finished index at the end (:meth:`IndexService.finish`).
With ``worker=True`` jieba's segmentation, the page detail files and the final
posting lists are made in one other process while the build goes on rendering
pages, so on a machine with two cores they cost the build almost nothing.
Both ways write the same files (a test compares them byte for byte).

No MkDocs imports: ``hooks/search_index.py`` is the adapter.
"""

from __future__ import annotations

import multiprocessing
import shutil
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from searchindex import text as search_text
from searchindex.builder import TMP_GLOB, Doc, IndexBuilder

BATCH = 32        # pages handed to the worker at once (one hand-over costs about a millisecond)
MAX_PENDING = 16  # batches handed over and not yet indexed (bounds the worker's queue)

# In the process that builds the index (the worker, or this one): search_dir -> builder.
_BUILDERS: dict[str, IndexBuilder] = {}
_FAILED: set[str] = set()  # indexes a page failed to go into


class IndexService:
    """One build's search index, fed page by page."""

    def __init__(self, search_dir: Path, user_dict: Path | None = None, worker: bool = False):
        self.key = str(search_dir)
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) if worker else None
        self.pending: deque[Future] = deque()
        self.finishing: Future | None = None
        self.batch: list[Doc] = []
        self._call(open_index, self.key, str(user_dict) if user_dict else None)

    def add(self, doc: Doc) -> None:
        """Index a page (doc.words may be empty: jieba's words are found where the index is made)."""
        if self.pool is None:
            add_pages(self.key, [doc])
            return
        self.batch.append(doc)
        if len(self.batch) >= BATCH:
            self._flush()

    def start_finish(self, extra: dict | None = None) -> None:
        """Every page is in: the worker may write the index now (finish() collects it)."""
        if self.pool is not None and self.finishing is None:
            self._flush()
            self.finishing = self.pool.submit(finish_index, self.key, extra)

    def finish(self, extra: dict | None = None) -> tuple[dict, dict]:
        """Write the index files; (manifest, stats). Raises the first error of any page.

        After an error the worker stays up for :meth:`discard`.
        """
        if self.pool is None:
            return finish_index(self.key, extra)
        self.start_finish(extra)
        while self.pending:
            self.pending.popleft().result()
        result = self.finishing.result()
        self._stop()
        return result

    def discard(self) -> None:
        """Remove what was written (a failed build), also when the worker is gone."""
        for future in self.pending:
            future.cancel()
        self.pending.clear()
        self.finishing = None
        self.batch = []
        try:
            if self.pool is None:
                discard_index(self.key)
            else:
                self.pool.submit(discard_index, self.key).result()
        except Exception:  # a dead worker: its folder is removed below
            pass
        finally:
            self._stop()
        for leftover in Path(self.key, "zh").glob(TMP_GLOB):
            shutil.rmtree(leftover, ignore_errors=True)

    def _flush(self) -> None:
        if self.batch:
            self._call(add_pages, self.key, self.batch)
            self.batch = []

    def _call(self, function, *args):
        """Run function here, or queue it in the worker (calls run in order: one worker)."""
        if self.pool is None:
            return function(*args)
        future = self.pool.submit(function, *args)
        self.pending.append(future)
        while len(self.pending) > MAX_PENDING or (self.pending and self.pending[0].done()):
            self.pending.popleft().result()  # the worker's error surfaces in the build
        return future

    def _stop(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


# -----------------------------------------------------------------------------
# What runs where the index is made (picklable top-level functions)
# -----------------------------------------------------------------------------

def open_index(key: str, user_dict: str | None) -> None:
    """Start an empty index for search_dir; jieba gets the site's dictionary."""
    search_text.load_user_dict(user_dict)
    for name in search_text.T2S_CONFIGS:  # made now, while pages render, not at the end
        search_text.converter(name)
    _FAILED.discard(key)
    old = _BUILDERS.pop(key, None)
    if old is not None:
        old.discard()
    _BUILDERS[key] = IndexBuilder(Path(key))


def add_pages(key: str, docs: list[Doc]) -> None:
    """Add pages, with jieba's words of their title and text and the Han words of their keywords."""
    try:
        for doc in docs:
            words = search_text.words_of(doc.title + "\n" + doc.text)
            words.update(w for w in doc.keywords.split() if search_text.HAN_WORD_RE.match(w))
            doc.words = set(doc.words) | words
            _BUILDERS[key].add(doc)
    except BaseException:
        _FAILED.add(key)  # finish_index must not write an index that lacks this page
        raise


def finish_index(key: str, extra: dict | None) -> tuple[dict, dict]:
    """Write the files; the manifest (with the Traditional map) and the builder's stats."""
    if key in _FAILED:
        _FAILED.discard(key)
        discard_index(key)
        raise RuntimeError("a page could not be indexed (its error is reported first)")
    index = _BUILDERS.pop(key)
    manifest = index.finish({**(extra or {}), "t2s": search_text.t2s_pairs(index.chars())})
    return manifest, dict(index.stats)


def discard_index(key: str) -> None:
    """Remove a half-written index."""
    index = _BUILDERS.pop(key, None)
    if index is not None:
        index.discard()
