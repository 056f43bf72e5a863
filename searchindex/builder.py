"""Build the fragmented search index: an inverted index split into small files.

The browser downloads only what a query needs. Files, under
``search/zh/<content hash>/`` (the hash changes whenever any file does, so a
browser never mixes fragments of two builds):

``c/<hex>.json``
    One per Han character ``c`` (hex code point): the character's own posting
    list (document frequency, fragment number), every vocabulary word that
    starts with ``c`` (rest of the word, document frequency, fragment number)
    and whether an ``s/`` file exists for ``c``.
    The browser fetches these for the characters of the query to split it
    into words (the vocabulary is jieba's words of the whole site).
``s/<hex>.json``
    Vocabulary words of 3 to 6 characters whose *second* character is ``c``:
    with the ``c/`` file of the first character, every word one character
    away from a typed word (typo correction). Fetched only for typos.
``p/<n>.bin``
    Posting lists of single characters and vocabulary words, packed in term
    order (a term with a long list gets a fragment of its own).
``h/<n>.bin``
    Posting lists of the other character pairs and of Latin/number tokens,
    in fragment ``fnv1a(term) % H`` (no directory needed).
``d/<id>.json``
    One per page: location, title, tags, plain text and headings, fetched for
    the results actually shown (title, snippet, sections); text beyond
    ``DETAIL_CHARS`` (listing pages) is left out of it, not out of the index.

The offline bundle carries every file as a ``.js`` twin (``__zhIndex(key,
data)``; binary data as base64, see ``export/offline.py``) that the worker
loads with a script tag from file://, where fetch is not allowed; the served
site has only the files above.

A posting is (page, code): code 255 = in the title, 254 = in the tags and
unit/kind words, else the number of (non-overlapping) occurrences in the text,
capped at 50, plus 50 when a short heading of the page contains the term.
Terms match as substrings, as the engine always did: a word's list holds every
page whose text contains it, also inside a longer word.

Binary fragment: varint term count; per term varint UTF-8 length, UTF-8
bytes, varint document frequency, varint byte length of its list; then the
lists. A list is, per page in id order, varint (id - previous id - 1) and the
code byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from gonghui_core.rules import SEARCH
from gonghui_core.text import HAN_RUN_RE

# Constants the browser's search worker reads from the same place (text_rules.json "search").
FORMAT_VERSION = SEARCH["format_version"]
TMP_GLOB = ".tmp-*"  # the folder being written, renamed to its content hash at the end
LATIN_RE = re.compile(r"[a-z0-9]+")
TF_CAP = 50
HEADING_FLAG = SEARCH["heading_flag"]
CODE_TITLE, CODE_KEYWORD = SEARCH["code_title"], SEARCH["code_keyword"]
MAX_HEADING = SEARCH["max_heading"]   # headings longer than this are not "short headings"
FRAGMENT_BYTES = 8192     # target size of a posting fragment
FUZZY_MIN, FUZZY_MAX = SEARCH["fuzzy_min"], SEARCH["fuzzy_max"]
RUN_CACHE_MAX = 300_000
# Text kept in a page's detail file for snippets and section results: examples
# are 1,000-6,000 characters; only listing pages (every title of a unit or a
# theme) are longer, and their snippets come from the start. Ranking always
# uses the whole text.
DETAIL_CHARS = 8_000   # distinct Han runs whose terms are kept during one finish()


@dataclass
class Doc:
    """One page as the index sees it."""

    location: str
    title: str
    text: str
    headings: list = field(default_factory=list)   # [offset, id, level]
    tags: list = field(default_factory=list)       # shown: unit, kind, themes
    keywords: str = ""                             # search-only words
    words: set = field(default_factory=set)        # jieba words (vocabulary)
    boost: float | None = None                     # whole-page score factor
    body_boost: float | None = None                # factor on body matches


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units (the same in search-zh.js)."""
    h = 0x811C9DC5
    for ch in text:
        code = ord(ch)
        units = (code,) if code < 0x10000 else (0xD800 + ((code - 0x10000) >> 10),
                                                 0xDC00 + ((code - 0x10000) & 0x3FF))
        for u in units:
            h ^= u
            h = (h * 16777619) & 0xFFFFFFFF
    return h


def _varint(out: bytearray, n: int) -> None:
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)


def _read_varint(data: bytes, pos: int) -> tuple[int, int]:
    n = shift = 0
    while True:
        b = data[pos]
        pos += 1
        n |= (b & 0x7F) << shift
        if b < 0x80:
            return n, pos
        shift += 7


def read_fragment(data: bytes) -> dict[str, tuple[int, list[tuple[int, int]]]]:
    """Decode a binary fragment: term -> (document frequency, [(page id, code)])."""
    count, pos = _read_varint(data, 0)
    heads = []
    for _ in range(count):
        n, pos = _read_varint(data, pos)
        term = data[pos:pos + n].decode("utf-8")
        pos += n
        df, pos = _read_varint(data, pos)
        size, pos = _read_varint(data, pos)
        heads.append((term, df, size))
    out = {}
    for term, df, size in heads:
        end, doc, items = pos + size, -1, []
        while pos < end:
            delta, pos = _read_varint(data, pos)
            doc += delta + 1
            items.append((doc, data[pos]))
            pos += 1
        out[term] = (df, items)
    return out


class IndexBuilder:
    """Collects pages (``add``) and writes the index files (``finish``)."""

    def __init__(self, search_dir: Path, fragment_bytes: int = FRAGMENT_BYTES):
        self.search_dir = Path(search_dir)
        self.fragment_bytes = fragment_bytes
        self.tmp = self.search_dir / "zh" / TMP_GLOB.replace("*", f"{os.getpid()}-{id(self)}")
        self._made = False  # folders are made at the first write (MkDocs empties site_dir late)
        self.digest = hashlib.sha1()
        self.fields: list[tuple[str, str, str, str] | None] = []
        self.vocab: set[str] = set()
        self.title_chars: set[str] = set()
        self.boosts: dict[int, float] = {}
        self.body_boosts: dict[int, float] = {}
        self.stats: Counter = Counter()

    # -- collecting ---------------------------------------------------------

    def add(self, doc: Doc) -> int:
        """Add a page; its detail file is written at once. Returns its id."""
        doc_id = len(self.fields)
        shown = doc.text[:DETAIL_CHARS]
        detail = {"location": doc.location, "title": doc.title, "text": shown, "tags": list(doc.tags)}
        heads = [h for h in doc.headings if h[0] < len(shown)]
        if heads:
            detail["h"] = heads
        self._write_json(f"d/{doc_id}", detail)
        text = doc.text.lower()
        head = "\n".join(_heading_lines(doc.text, doc.headings)).lower()
        keys = (" ".join(doc.tags) + " " + doc.keywords).lower()
        self.fields.append((doc.title.lower(), keys, text, head))
        self.vocab.update(doc.words)
        self.title_chars.update(doc.title)
        if doc.boost is not None and doc.boost != 1:
            self.boosts[doc_id] = doc.boost
        if doc.body_boost is not None and doc.body_boost != 1:
            self.body_boosts[doc_id] = doc.body_boost
        return doc_id

    def chars(self) -> set[str]:
        """Characters of the vocabulary and titles (for the Traditional map)."""
        return set("".join(self.vocab)) | self.title_chars

    # -- writing ------------------------------------------------------------

    def finish(self, extra: dict | None = None) -> dict:
        """Write the posting and dictionary files; return the manifest (config.zh)."""
        self._write_json("v", FORMAT_VERSION)  # makes the folders even for an empty site
        vocab = {w for w in self.vocab if len(w) >= 2}
        maxlen: dict[str, int] = {}
        for w in vocab:
            if len(w) > 2:
                maxlen[w[:2]] = max(maxlen.get(w[:2], 0), len(w))
        run_cache: dict[str, tuple] = {}

        def run_terms(run: str) -> tuple[list[str], dict[str, int]]:
            got = run_cache.get(run)
            if got is None:
                got = _run_terms(run, vocab, maxlen)
                if len(run_cache) < RUN_CACHE_MAX:
                    run_cache[run] = got
            return got

        # term -> [posting bytes, last page id, document frequency]
        lists: dict[str, list] = {}
        for doc_id, fields in enumerate(self.fields):
            codes = _doc_codes(fields, run_terms)
            self.fields[doc_id] = None  # free the text as we go
            for term, code in codes.items():
                st = lists.get(term)
                if st is None:
                    st = lists[term] = [bytearray(), -1, 0]
                buf = st[0]
                delta = doc_id - st[1] - 1
                if delta < 0x80:
                    buf.append(delta)
                else:
                    _varint(buf, delta)
                buf.append(code)
                st[1] = doc_id
                st[2] += 1
        run_cache.clear()
        dfs = Counter({t: st[2] for t, st in lists.items()})
        lists = {t: st[0] for t, st in lists.items()}

        dict_terms = sorted(t for t in lists if (len(t) == 1 and HAN_RUN_RE.match(t)) or t in vocab)
        where = self._write_packed(dict_terms, lists, dfs)
        hashed = [t for t in lists if t not in where]
        buckets = self._write_hashed(hashed, lists, dfs)
        self._write_dictionaries(where, dfs, vocab)

        manifest = {"v": FORMAT_VERSION, "n": len(self.fields), "H": buckets,
                    "b": {str(k): v for k, v in sorted(self.boosts.items())},
                    "bb": {str(k): v for k, v in sorted(self.body_boosts.items())},
                    **(extra or {})}
        self.digest.update(json.dumps(manifest, sort_keys=True, ensure_ascii=False).encode("utf-8"))
        name = self.digest.hexdigest()[:12]
        final = self.search_dir / "zh" / name
        for old in (self.search_dir / "zh").iterdir():
            if old != self.tmp:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
        self.tmp.rename(final)
        manifest["dir"] = f"zh/{name}"
        self.stats.update(terms=len(lists), dict_terms=len(dict_terms), hashed_terms=len(hashed),
                          postings=sum(dfs.values()), hashed_fragments=buckets, vocabulary=len(vocab))
        return manifest

    def _write_packed(self, terms: list[str], lists: dict, dfs: Counter) -> dict[str, int]:
        """Pack posting lists in term order into p/<n>.bin; return term -> fragment."""
        where: dict[str, int] = {}
        batch: list[str] = []
        size = 0
        frag = 0
        for term in terms:
            n = len(lists[term])
            if batch and size + n > self.fragment_bytes:
                self._write_fragment(f"p/{frag}", batch, lists, dfs)
                frag += 1
                batch, size = [], 0
            batch.append(term)
            size += n
            where[term] = frag
        if batch:
            self._write_fragment(f"p/{frag}", batch, lists, dfs)
            frag += 1
        self.stats["packed_fragments"] = frag
        return where

    def _write_hashed(self, terms: list[str], lists: dict, dfs: Counter) -> int:
        """Posting lists of the other terms in h/<fnv1a % H>.bin; returns H."""
        total = sum(len(lists[t]) for t in terms)
        buckets = max(1, -(-total // self.fragment_bytes))
        groups: dict[int, list[str]] = {}
        for term in terms:
            groups.setdefault(fnv1a(term) % buckets, []).append(term)
        for b in range(buckets):
            self._write_fragment(f"h/{b}", sorted(groups.get(b, [])), lists, dfs)
        return buckets

    def _write_dictionaries(self, where: dict[str, int], dfs: Counter, vocab: set[str]) -> None:
        """c/<hex>.json per character and s/<hex>.json per second character."""
        by_first: dict[str, list] = {}
        by_second: dict[str, list] = {}
        for term in sorted(where):
            if len(term) == 1:
                by_first.setdefault(term, [])
                continue
            by_first.setdefault(term[0], []).append([term[1:], dfs[term], where[term]])
            if FUZZY_MIN <= len(term) <= FUZZY_MAX:
                by_second.setdefault(term[1], []).append(term)
        for ch, words in by_first.items():
            entry = {"d": dfs.get(ch, 0), "f": where.get(ch, -1), "w": words}
            if ch in by_second:
                entry["s"] = 1  # there is an s/ file (no request for a file that does not exist)
            self._write_json(f"c/{ord(ch):x}", entry)
        for ch, words in by_second.items():
            self._write_json(f"s/{ord(ch):x}", words)

    def _write_fragment(self, key: str, terms: list[str], lists: dict, dfs: Counter) -> None:
        head = bytearray()
        _varint(head, len(terms))
        for term in terms:
            raw = term.encode("utf-8")
            _varint(head, len(raw))
            head += raw
            _varint(head, dfs[term])
            _varint(head, len(lists[term]))
        data = bytes(head) + b"".join(bytes(lists[t]) for t in terms)
        self._write(key, ".bin", data)

    def _write_json(self, key: str, obj) -> None:
        text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        self._write(key, ".json", text.encode("utf-8"))

    def _write(self, key: str, suffix: str, data: bytes) -> None:
        if not self._made:
            shutil.rmtree(self.tmp, ignore_errors=True)
            for sub in ("c", "s", "p", "h", "d"):
                (self.tmp / sub).mkdir(parents=True)
            self._made = True
        (self.tmp / (key + suffix)).write_bytes(data)
        self.stats[key.split("/")[0] + suffix] += len(data)
        self.digest.update(key.encode() + b"\0" + data)

    def discard(self) -> None:
        """Remove the half-written files (a failed build)."""
        shutil.rmtree(self.tmp, ignore_errors=True)


# -----------------------------------------------------------------------------
# Terms of a page
# -----------------------------------------------------------------------------

def _heading_lines(text: str, headings: list) -> list[str]:
    """First lines of the page's sections that are short enough to count as headings."""
    out = []
    for k, h in enumerate(headings):
        end = headings[k + 1][0] if k + 1 < len(headings) else len(text)
        line = text[h[0]:end].split("\n")[0]
        if len(line) <= MAX_HEADING:
            out.append(line)
    return out


def _run_terms(run: str, vocab: set[str], maxlen: dict[str, int]) -> tuple[list[str], dict[str, int]]:
    """Terms in one Han run: characters, pairs, vocabulary words (every occurrence), and the
    corrections that make repeated overlapping occurrences count as non-overlapping ones.
    """
    found: list[str] = list(run)
    n = len(run)
    for i in range(n - 1):
        pair = run[i:i + 2]
        found.append(pair)
        m = maxlen.get(pair)
        if m:
            for length in range(3, min(m, n - i) + 1):
                t = run[i:i + length]
                if t in vocab:
                    found.append(t)
    fix: dict[str, int] = {}
    if len(set(found)) < len(found):
        for t, k in Counter(found).items():
            if k > 1 and len(t) > 1:  # str.count is non-overlapping, as the engine counted
                real = run.count(t)
                if real < k:
                    fix[t] = k - real
    return found, fix


def _field_terms(text: str, run_terms) -> set[str]:
    """Every index term contained in a short field."""
    out: set[str] = set(LATIN_RE.findall(text))
    for run in HAN_RUN_RE.findall(text):
        out.update(run_terms(run)[0])
    return out


def _doc_codes(fields: tuple[str, str, str, str], run_terms) -> dict[str, int]:
    """term -> posting code for one page."""
    title, keys, text, head = fields
    found = [run_terms(run) for run in HAN_RUN_RE.findall(text)]
    tf = Counter(LATIN_RE.findall(text))
    tf.update(chain.from_iterable(f[0] for f in found))
    for _, fix in found:
        for t, k in fix.items():
            tf[t] -= k
    codes = dict.fromkeys(_field_terms(keys, run_terms), CODE_KEYWORD)
    codes.update(dict.fromkeys(_field_terms(title, run_terms), CODE_TITLE))
    if head:
        for t, k in tf.items():
            if t not in codes:
                codes[t] = (k if k < TF_CAP else TF_CAP) + (HEADING_FLAG if t in head else 0)
    else:
        for t, k in tf.items():
            if t not in codes:
                codes[t] = k if k < TF_CAP else TF_CAP
    return codes
