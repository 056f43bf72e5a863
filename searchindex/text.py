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
import opencc
import yaml

from gonghui_core import page_doc
from gonghui_core.text import HAN, HAN_RUN_RE

HAN_WORD_RE = re.compile(f"^[{HAN}]{{2,8}}$")
T2S_CONFIGS = ("s2t", "s2tw", "s2hk")
RUN_CACHE_SIZE = 200_000  # distinct Han runs kept (a 1,000-page corpus has ~100k)


# -----------------------------------------------------------------------------
# HTML -> text with sections: the shared one-walk representation
# -----------------------------------------------------------------------------

page_text = page_doc.page_text  # re-exported: the walker lives in gonghui_core.page_doc


# -----------------------------------------------------------------------------
# Words, aliases, Traditional characters
# -----------------------------------------------------------------------------

def load_user_dict(path: str | Path | None) -> None:
    """Quiet jieba and give it the site's dictionary (a missing file is an error, not fewer words)."""
    jieba.setLogLevel(60)
    if path is None:
        return
    if not Path(path).is_file():
        raise FileNotFoundError(f"jieba user dictionary not found: {path}")
    jieba.load_userdict(str(path))


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
        converted = converter(name).convert(joined)
        if len(converted) != len(joined):
            converted = "".join(converter(name).convert(c) for c in simplified)
        for simp, trad in zip(simplified, converted):
            if trad != simp and trad not in chars:
                pairs.setdefault(trad, simp)
    return "".join(t + s for t, s in sorted(pairs.items()))


@lru_cache(maxsize=None)
def converter(name: str) -> opencc.OpenCC:
    """OpenCC's converter for a config, made once per process (about 0.1 s each)."""
    return opencc.OpenCC(name)


def vocabulary(doc_words: list[set[str]]) -> list[str]:
    """Sorted corpus vocabulary (every word any page contains)."""
    counts: Counter = Counter()
    for words in doc_words:
        counts.update(words)
    return sorted(counts)
