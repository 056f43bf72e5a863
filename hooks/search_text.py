"""Text processing for the Chinese search index: pure functions, unit-tested.

A page's rendered HTML becomes one plain-text string (no markup, no zero-width
characters) plus the character offsets and anchors of its headings; the
corpus' words come from jieba; a Traditional -> Simplified character map
lets the browser accept queries typed in Traditional characters.

jieba's words are cached per run of Han characters (a clause between
punctuation): example pages share many clauses, and the cache lives across
builds of one process (``mkdocs serve``, the offline copy). The key includes
the state of jieba's dictionary, so loading more words never returns stale
segmentations.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

import jieba
import lxml.html
import opencc
import yaml

HAN_RUN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
HAN_WORD_RE = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]{2,8}$")
SPACE_RE = re.compile(r"[ \t\r\f\v\u3000\u00a0]+")
NEWLINES_RE = re.compile(r"\s*\n\s*")
ZERO_WIDTH_RE = re.compile(r"[\u200b-\u200f\u2060\ufeff]")
HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BLOCK_TAGS = HEADING_TAGS | {"p", "li", "ul", "ol", "table", "tr", "td", "th", "pre",
                             "div", "blockquote", "dt", "dd", "details", "summary", "br"}
SKIP_TAGS = {"script", "style", "button", "object", "template", "svg"}
SKIP_CLASSES = {"headerlink", "md-source-file", "md-search-exclude"}
T2S_CONFIGS = ("s2t", "s2tw", "s2hk")
RUN_CACHE_SIZE = 200_000  # distinct Han runs kept (a 1,000-page corpus has ~100k)


# -----------------------------------------------------------------------------
# HTML -> text with sections
# -----------------------------------------------------------------------------

def page_text(html: str) -> tuple[str, list[list]]:
    """Plain text of rendered page HTML and its headings as [offset, id, level]."""
    if not html.strip():
        return "", []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    parts: list[str] = []
    headings: list[list] = []
    _walk(root, parts, headings)
    text, headings = _tidy(parts, headings)
    return text, headings


def _skipped(el) -> bool:
    """Whether an element and its content stay out of the index."""
    if not isinstance(el.tag, str) or el.tag in SKIP_TAGS:
        return True
    classes = set((el.get("class") or "").split())
    return bool(classes & SKIP_CLASSES) or el.get("data-search-exclude") is not None


def _walk(el, parts: list[str], headings: list[list]) -> None:
    """Append the text of el (and its tail) to parts, recording headings."""
    if _skipped(el):
        if el.tail:
            parts.append(el.tail)
        return
    block = el.tag in BLOCK_TAGS
    if block:
        parts.append("\n")
    if el.tag in HEADING_TAGS and el.get("id"):
        headings.append([len("".join(parts)), el.get("id"), int(el.tag[1])])
    if el.text:
        parts.append(el.text)
    for child in el:
        _walk(child, parts, headings)
    if block:
        parts.append("\n")
    if el.tail:
        parts.append(el.tail)


def _tidy(parts: list[str], headings: list[list]) -> tuple[str, list[list]]:
    """Collapse spaces and blank lines, shifting heading offsets to match."""
    raw = "".join(parts)
    marks = sorted({h[0] for h in headings})
    out, offsets, pos = [], {}, 0
    for i, chunk in enumerate(_split_at(raw, marks)):
        offsets[marks[i - 1] if i else 0] = pos
        clean = NEWLINES_RE.sub("\n", SPACE_RE.sub(" ", ZERO_WIDTH_RE.sub("", chunk)))
        if i and out and out[-1].endswith("\n") and clean.startswith("\n"):
            clean = clean[1:]
        out.append(clean)
        pos += len(clean)
    text = "".join(out)
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    fixed = [[max(0, offsets.get(h[0], 0) - lead), h[1], h[2]] for h in headings]
    return text, fixed


def _split_at(raw: str, marks: list[int]) -> list[str]:
    """Split raw at the given character offsets."""
    bounds = [0, *marks, len(raw)]
    return [raw[a:b] for a, b in zip(bounds, bounds[1:])]


# -----------------------------------------------------------------------------
# Words, aliases, Traditional characters
# -----------------------------------------------------------------------------

def words_of(text: str) -> set[str]:
    """Words of 2 to 8 Han characters that jieba finds in text."""
    found: set[str] = set()
    state = _dictionary_state()
    for run in HAN_RUN_RE.findall(text):
        found.update(_run_words(run, state))
    return found


@lru_cache(maxsize=RUN_CACHE_SIZE)
def _run_words(run: str, state: tuple) -> frozenset[str]:
    """jieba's 2-8 character words of one Han run (state: see _dictionary_state)."""
    return frozenset(w for w in jieba.cut(run) if HAN_WORD_RE.match(w))


def _dictionary_state() -> tuple:
    """What jieba's segmentation depends on: its tokenizer, word count, total frequency, forced splits."""
    return id(jieba.dt), len(jieba.dt.FREQ), jieba.dt.total, len(jieba.finalseg.Force_Split_Words)


def load_aliases(path: Path) -> dict[str, dict[str, list[str]]]:
    """Read the unit/kind alias words file."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {"units": data.get("units") or {}, "kinds": data.get("kinds") or {}}


def keywords(meta: dict, aliases: dict, labels: dict) -> str:
    """Search-only words of a page: its tags, unit/kind labels and their aliases."""
    words: list[str] = [str(t) for t in (meta.get("tags") or []) if t]
    for field, group in (("unit", "units"), ("kind", "kinds")):
        slug = meta.get(field)
        if slug:
            words.append(labels.get(group, {}).get(slug, ""))
            words.extend(aliases[group].get(slug, []))
    return " ".join(dict.fromkeys(w for w in words if w))


def t2s_pairs(chars: set[str]) -> str:
    """Traditional->Simplified pairs for the given Simplified characters, as one string."""
    simplified = sorted(c for c in chars if HAN_RUN_RE.fullmatch(c))
    joined = "".join(simplified)
    pairs: dict[str, str] = {}
    for name in T2S_CONFIGS:
        converted = opencc.OpenCC(name).convert(joined)
        if len(converted) != len(joined):
            converted = "".join(opencc.OpenCC(name).convert(c) for c in simplified)
        for simp, trad in zip(simplified, converted):
            if trad != simp and trad not in chars:
                pairs.setdefault(trad, simp)
    return "".join(t + s for t, s in sorted(pairs.items()))


def vocabulary(doc_words: list[set[str]]) -> list[str]:
    """Sorted corpus vocabulary (every word any page contains)."""
    counts: Counter = Counter()
    for words in doc_words:
        counts.update(words)
    return sorted(counts)
