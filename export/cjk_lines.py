"""Line breaking of Chinese text where Word and WPS must not choose: titles and table cells.

Widths are in em (the font size): Chinese characters and full-width
punctuation 1, digits 0.5 (Times New Roman), other Latin characters a
conservative 0.7, and 0.3 where Chinese meets digits or Latin (the automatic
spacing Word, WPS and LibreOffice add there). Characters of ambiguous width (•, —, “”) count 1, as Word
and WPS show them in the Chinese font (``w:hint="eastAsia"``); an estimate
never below the real width keeps a line that fits here from wrapping again in
Word, WPS or LibreOffice.

Titles (GB/T 9704-2012 7.3.3): "回行时，要做到词意完整，排列对称，长短适宜，
间距恰当，标题排列应当使用梯形或菱形". A long title is broken only between
words (jieba with the site's user dictionary), preferably before 及/和/与/暨
or an opening bracket and after a colon, into the fewest lines that fit, as
even in length as the words allow, never leaving fewer than three characters
on a line.

Table cells: text the page keeps together (``white-space: nowrap`` spans: a
date, "除夕（2月5日）") is a unit, breakable only before its bracket; numbers
with their date units ("2028年1月", "5月1日") are units; elsewhere every
Chinese character is a unit, with closing punctuation glued to the character
before it and opening punctuation to the one after it (禁则). A cell line
wider than its column is broken greedily between units with explicit line
breaks, so Word, WPS and LibreOffice never break inside one.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from gonghui_core.paths import JIEBA_USER_DICT

USER_DICT = JIEBA_USER_DICT  # the site's words: titles break where search splits
DIGIT_EM, LATIN_EM, SPACE_EM = 0.5, 0.7, 0.5
AUTOSPACE_EM = 0.3  # between Chinese and digits/Latin (w:autoSpaceDE/DN, on by default): about 1/4 em
NO_LINE_START = set("，。、；：！？）》」』〉】”’％%…—·.,;:!?)]")  # closing punctuation: not at a line's start
NO_LINE_END = set("（《「『〈【“‘([")                            # opening punctuation: not at a line's end
PREFER_BEFORE = set("及和与暨（(《")   # a title line may well start with these
PREFER_AFTER = set("：:，,")           # ... or end with these
DATE_RUN_RE = re.compile(r"(?:[0-9]+(?:[.．:：][0-9]+)*[年月日号时]?)+")  # 2028年1月, 10.1, 8:30
KEEP_SPLIT_RE = re.compile(r"(?=（)")  # a kept unit may still break before its bracket: 五一国际劳动节/（5月1日）
PREFERRED_BONUS = 8.0   # em of imbalance a preferred break is worth (词意完整 before 对称)
MIN_TITLE_CHARS = 3


def char_em(ch: str) -> float:
    """Width of one character in em (never below what Word, WPS or LibreOffice show)."""
    if ch.isdigit() and ch.isascii():
        return DIGIT_EM
    if ch == " ":
        return SPACE_EM
    if ch.isascii():
        return LATIN_EM
    return 1.0 if unicodedata.east_asian_width(ch) in "WFA" or ch in "•—" else LATIN_EM


def em_width(text: str) -> float:
    """Width of a text in em, with the space Word, WPS and LibreOffice put between Chinese and digits or Latin."""
    width, prev = 0.0, None
    for ch in text:
        width += char_em(ch)
        kind = "latin" if ch.isascii() and ch.isalnum() else ("cjk" if char_em(ch) == 1.0 else None)
        if kind and prev and kind != prev:
            width += AUTOSPACE_EM
        prev = kind or prev
    return width


# -----------------------------------------------------------------------------
# Titles
# -----------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _tokenizer():
    """A jieba tokenizer of its own with the site's user dictionary (the search's stays untouched)."""
    import jieba

    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    if USER_DICT.is_file():
        tok.load_userdict(str(USER_DICT))
    return tok


def word_ends(text: str) -> set[int]:
    """Positions between two words of text (jieba), excluding the ends."""
    ends, pos = set(), 0
    for word in _tokenizer().cut(text, HMM=False):
        pos += len(word)
        ends.add(pos)
    ends.discard(len(text))
    return ends


def title_lines(title: str, max_em: float, min_chars: int = MIN_TITLE_CHARS) -> list[str]:
    """The title as balanced lines of at most max_em, broken between words only.

    Fewest lines first; among the splits with that many lines, the most even
    (a preferred break counts PREFERRED_BONUS em), then the one whose upper
    lines are the longer (an inverted trapezoid, the usual official shape).
    A title no split fits stays one line (the word processor then wraps it).
    """
    title = title.strip()
    if em_width(title) <= max_em:
        return [title]
    breaks = sorted(b for b in word_ends(title) if _breakable(title, b))
    for count in range(2, len(title) // min_chars + 1):
        best = None
        for cut in _splits(breaks, count - 1, len(title), min_chars):
            lines = [title[a:b] for a, b in zip((0, *cut), (*cut, len(title)))]
            widths = [em_width(line) for line in lines]
            if max(widths) > max_em:
                continue
            bonus = sum(PREFERRED_BONUS for b in cut if title[b] in PREFER_BEFORE or title[b - 1] in PREFER_AFTER)
            key = (max(widths) - min(widths) - bonus, [-w for w in widths])
            if best is None or key < best[0]:
                best = (key, lines)
        if best is not None:
            return best[1]
    return [title]


def _breakable(text: str, pos: int) -> bool:
    """Whether a line may end before text[pos] (禁则: no closing mark first, no opening mark last; numbers keep their unit)."""
    return (text[pos] not in NO_LINE_START and text[pos - 1] not in NO_LINE_END
            and not text[pos - 1].isdigit())  # "2016年" stays whole


def _splits(breaks: list[int], k: int, length: int, min_chars: int, start: int = 0):
    """All increasing choices of k break positions leaving at least min_chars per line."""
    if k == 0:
        if length - start >= min_chars:
            yield ()
        return
    for i, b in enumerate(breaks):
        if b - start >= min_chars and length - b >= min_chars * k:
            for rest in _splits(breaks[i + 1:], k - 1, length, min_chars, b):
                yield (b, *rest)


# -----------------------------------------------------------------------------
# Table cells
# -----------------------------------------------------------------------------

def units(segments: list[tuple[str, bool]]) -> list[str]:
    """Unbreakable pieces of a line given as (text, keep_together) segments, in order."""
    out: list[str] = []
    for text, whole in segments:
        if whole:
            out += [part for part in KEEP_SPLIT_RE.split(text) if part]
            continue
        pos = 0
        for match in DATE_RUN_RE.finditer(text):  # 2028, 10.1: digits stay together
            out += list(text[pos:match.start()])
            out.append(match.group())
            pos = match.end()
        out += list(text[pos:])
    glued: list[str] = []
    for unit in out:  # closing marks to the unit before; opening marks to the one after
        if glued and (unit[0] in NO_LINE_START or glued[-1][-1] in NO_LINE_END or unit == " "):
            glued[-1] += unit
        else:
            glued.append(unit)
    return glued


def wrap_units(pieces: list[str], max_em: float) -> list[int]:
    """Where to break a line of whole units so each part is at most max_em wide (when the units allow).

    Returns character offsets into "".join(pieces) at which a new line starts.
    Spaces stay glued to the unit before them, so a line never starts with one
    (and a space ending a line takes no room).
    """
    offsets, width, pos = [], 0.0, 0
    for unit in pieces:
        if width and width + em_width(unit.rstrip()) > max_em:
            offsets.append(pos)
            width = 0.0
        width += em_width(unit)
        pos += len(unit)
    return offsets
