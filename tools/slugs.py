"""File names (slugs) for imported pages without a hand-given slug.

A slug is ``<period>-<unit>-<kind>`` (``2023-school-year-end-summary``); when
that name is taken, a short tag from the title's own words in pinyin
(``…-zhen-zhongxinxiaoxue``) tells the pages apart, and a number is the last
resort. Words that say nothing about the unit (工会, 工作总结, years) are listed
in ``data/slug_words.yml``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import count
from pathlib import Path
from typing import Iterator

import yaml
from pypinyin import lazy_pinyin

from gonghui_core.text import HAN

DATA = Path(__file__).parent / "data"
CJK_WORD_RE = re.compile(f"^[{HAN}]+$")
NON_ASCII_SLUG_RE = re.compile(r"[^a-z0-9]+")
MAX_TAG_WORDS = 3
MAX_TAG_CHARS = 30


def base_slug(period: str | None, unit: str, kind: str) -> str:
    """``period-unit-kind``, e.g. 2016-school-year-end-summary (no period: school-year-end-summary)."""
    parts = [str(period).lower()] if period else []
    return "-".join(parts + [unit, kind])


def title_tag(title: str) -> str:
    """A short ASCII tag from the title's distinctive words: ××镇中心小学工会… → zhen-zhongxinxiaoxue."""
    conf = _words()
    for pattern in conf["drop_patterns"]:
        title = re.sub(pattern, " ", title)
    from tools.names import _tokens  # noqa: PLC0415 (jieba loads lazily, with the user dictionary)

    words = [w for w, _ in _tokens(title) if CJK_WORD_RE.match(w) and not conf["drop_re"].match(w)]
    tag = ""
    for word in words[:MAX_TAG_WORDS]:
        part = NON_ASCII_SLUG_RE.sub("", "".join(lazy_pinyin(word)).lower())
        if tag and len(tag) + 1 + len(part) > MAX_TAG_CHARS:
            break
        tag = f"{tag}-{part}" if tag else part[:MAX_TAG_CHARS]
    return tag


def candidates(base: str, tag: str) -> Iterator[str]:
    """Slugs to try in order: base, base-tag, then numbered ones."""
    yield base
    stem = f"{base}-{tag}" if tag else base
    if tag:
        yield stem
    for n in count(2):
        yield f"{stem}-{n}"


@lru_cache(maxsize=None)
def _words() -> dict:
    """The words and patterns left out of title tags; ``drop_re`` matches words made only of them."""
    conf = yaml.safe_load((DATA / "slug_words.yml").read_text(encoding="utf-8"))
    words = "|".join(map(re.escape, sorted(conf["drop_words"], key=len, reverse=True)))
    conf["drop_re"] = re.compile(f"^(?:{words})+$")
    return conf
