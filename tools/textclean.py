"""Pure text-cleaning functions for Chinese union documents.

Used by the importer (``tools.import_text``) and by the checker's ``--fix``.
The public names below are a stable interface; each takes and returns ``str``:

- ``normalise_width(text)``: full-width digits, Latin letters and the
  full-width space-free symbols that carry structure (１、 （１） ＡＢＣ ２０××)
  become their ASCII forms (NFKC, applied only to these characters:
  full-width Chinese punctuation ，（）：；！？ stays).
- ``to_simplified(text)``: Traditional -> Simplified with OpenCC ``t2s``; for
  Traditional text also the reviewed Taiwan-term map (程式/網路 → 程序/网络).
- ``fix_lookalikes(text, taiwan=False)``: Kangxi radicals and other look-alike
  characters (⽆→无, 加強→加强), map in ``data/lookalikes.yml``.
- ``fullwidth_punctuation(text)``: half-width , : ; ? ! ( ) and straight quotes
  next to Chinese become ，：；？！（）“” (GB/T 15834); a . ! ? ending a Chinese
  sentence (after a Chinese character, a closing mark, or 100% after Chinese)
  becomes 。！？; numbers, decimals, numbered items (1. 一.), times, Latin
  sentences, file names and URLs stay as they are.
- ``unify_markers(text)``: xx, XX, ××, **, *, __ → ××; 20xx, 20__ → 20××.
- ``remove_names(text)``: personal names → ×× (``tools.names``).
- ``clean_text(text)``: all of the above, in that order.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import opencc
import yaml

from gonghui_core import rules
from gonghui_core.text import HAN

DATA = Path(__file__).parent / "data"

CJK = HAN
CJK_RE = re.compile(f"[{CJK}]")
# Chinese characters and full-width punctuation count as "Chinese context".
ZH = f"{CJK}\u3000-\u303f\uff01-\uff5e“”‘’…—×"
URL_RE = re.compile(r"(?:https?://|www\.)[^\s\u3000-\u303f\uff01-\uff5e“”]+", re.I)
# A half-width mark with Chinese on at least one side.
PUNCT_AFTER_ZH_RE = re.compile(f"(?<=[{ZH}])[ \t]*([,:;?!])[ \t]*")
PUNCT_BEFORE_ZH_RE = re.compile(f"[ \t]*([,:;?!])[ \t]*(?=[{ZH}])")
PAREN_RE = re.compile(r"\(([^()\n]*)\)")
STRAIGHT_QUOTE_RE = re.compile(r'"([^"\n]*)"')
ZH_DIGITS = rules.DIGITS[1:] + "十"   # 一 to 十: festival and month names (三八, 七一, 十二月)
# Full-width digits, letters, low line, asterisk and full stop -> ASCII (NFKC of exactly these).
WIDTH_TABLE = {c: ord(unicodedata.normalize("NFKC", chr(c)))
               for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), 0xFF3F, 0xFF0A]}
# 三.八 / 七.一 / 三?八 (festival names) → 三·八
FESTIVAL_DOT_RE = re.compile(f"(?<=[{ZH_DIGITS}])[.．?？](?=[{ZH_DIGITS}][”\"节])")
# Scraping artefacts: a stray ' ` or . between two Chinese characters (的.实际, 的`崇高);
# a . counts only after a character that cannot end a sentence (data/punctuation.yml).
STRAY_RE = re.compile(f"(?<=[{CJK}])['`.](?=[{CJK}])")
SPACE_BETWEEN_ZH_RE = re.compile(f"(?<=[{CJK}])[ \u3000]+(?=[{CJK}“”（）])|(?<=[“”（）])[ \u3000]+(?=[{CJK}])")
FULLWIDTH = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", ".": "。"}
# A . ! ? that ends a sentence: then end of line or Chinese text (not 3.5, .docx, .cn).
SENTENCE_END_RE = re.compile(f"([.!?])(?:[ \t]*$|[ \t]*(?=[{ZH}]))")
# What may stand before a Chinese sentence end: a Chinese character or closing mark ...
ZH_CLOSE_RE = re.compile(f"[{CJK}”’）》」』】〗〕〉]$")
# ... or a percentage right after Chinese text (参检率100%. 增长3.5%.).
ZH_PERCENT_RE = re.compile(f"[{CJK}”’）》」』】〗〕〉][0-9.]*[0-9]%$")
# ... but not a Chinese item number (一. 加强, （二）.).
ZH_NUMBER_RE = re.compile(f"^[ \t]*[（(]?[{rules.NUMERAL_CLASS}]{{1,5}}[）)]?$")


# -----------------------------------------------------------------------------
# Public functions
# -----------------------------------------------------------------------------

def is_traditional(text: str) -> bool:
    """Whether OpenCC t2s changes more than 2% of the Chinese characters."""
    chars = CJK_RE.findall(text)
    if not chars:
        return False
    converted = _converter("t2s").convert(text)
    changed = sum(a != b for a, b in zip(text, converted))
    return changed / len(chars) > 0.02


def normalise_width(text: str) -> str:
    """Full-width digits and letters (and ＿ ＊ ．) as ASCII, so numbering and markers are read alike."""
    return text.translate(WIDTH_TABLE)


def to_simplified(text: str) -> str:
    """Convert Traditional characters to Simplified (plus Taiwan terms for Traditional text)."""
    simplified = _converter("t2s").convert(text)
    return fix_lookalikes(simplified, taiwan=True) if is_traditional(text) else simplified


def fix_lookalikes(text: str, taiwan: bool = False) -> str:
    """Replace look-alike characters and mixed forms from ``data/lookalikes.yml``."""
    table = _lookalikes()
    text = text.translate(str.maketrans(table["chars"]))
    phrases = dict(table["phrases"])
    if taiwan:
        phrases.update(table["taiwan_phrases"])
    for old in sorted(phrases, key=len, reverse=True):
        text = text.replace(old, phrases[old])
    return text


def fullwidth_punctuation(text: str) -> str:
    """Make , : ; ? ! ( ) and straight quotes next to Chinese full-width (GB/T 15834)."""
    return "\n".join(_fullwidth_line(line) for line in text.split("\n"))


def unify_markers(text: str) -> str:
    """Unify anonymisation markers: xx, XX, **, __ → ××; 20xx, 20__ → 20×× (patterns: ``gonghui_core.rules``)."""
    for pattern in rules.YEAR_MARKER_RES:
        text = pattern.sub("20××", text)
    for pattern in rules.MARKER_RES:
        text = pattern.sub("××", text)
    if rules.EMPTY_QUOTES:
        text = text.replace("“”", "“××”")
    return text


def remove_names(text: str) -> str:
    """Replace personal names by ×× (see ``tools.names``)."""
    from tools.names import remove_names as _remove  # noqa: PLC0415 (jieba loads lazily)

    return _remove(text)


def clean_text(text: str) -> str:
    """Width, Simplified characters, look-alikes, punctuation, markers and names, in that order."""
    text = to_simplified(normalise_width(text))
    text = fix_lookalikes(text)
    text = fullwidth_punctuation(text)
    text = unify_markers(text)
    return remove_names(text)


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

@cache
def _converter(config: str) -> opencc.OpenCC:
    """A cached OpenCC converter."""
    return opencc.OpenCC(config)


@cache
def _lookalikes() -> dict:
    """The look-alike table."""
    return yaml.safe_load((DATA / "lookalikes.yml").read_text(encoding="utf-8"))


@cache
def _punctuation() -> dict:
    """Characters after which a . between Chinese characters is a stray mark."""
    return yaml.safe_load((DATA / "punctuation.yml").read_text(encoding="utf-8"))


def _fullwidth_line(line: str) -> str:
    """Full-width punctuation for one line, leaving URLs untouched."""
    parts, last = [], 0
    for m in URL_RE.finditer(line):
        parts.append(_fullwidth_text(line[last:m.start()]))
        parts.append(m.group(0))
        last = m.end()
    parts.append(_fullwidth_text(line[last:]))
    return "".join(parts)


def _fullwidth_text(text: str) -> str:
    """Full-width punctuation for a stretch of text without URLs."""
    if _is_letter_spaced(text):
        text = re.sub(r"[ \u3000]", "", text)
    text = FESTIVAL_DOT_RE.sub("·", text)
    text = STRAY_RE.sub(_stray, text)
    text = PAREN_RE.sub(_paren, text)
    text = STRAIGHT_QUOTE_RE.sub(_quote, text)
    text = PUNCT_AFTER_ZH_RE.sub(lambda m: FULLWIDTH[m.group(1)], text)
    text = PUNCT_BEFORE_ZH_RE.sub(lambda m: FULLWIDTH[m.group(1)], text)
    text = SENTENCE_END_RE.sub(_sentence_end, text)
    return SPACE_BETWEEN_ZH_RE.sub("", text)


def _stray(match: re.Match) -> str:
    """Drop a stray mark between Chinese characters, except a . that ends a sentence."""
    if match.group(0) == "." and match.string[match.start() - 1] not in _punctuation()["stray_dot_after"]:
        return "."
    return ""


def _sentence_end(match: re.Match) -> str:
    """。！？ for a mark that ends a Chinese sentence, else the match unchanged."""
    before = match.string[:match.start()]
    if ZH_NUMBER_RE.match(before):
        return match.group(0)
    if ZH_CLOSE_RE.search(before) or ZH_PERCENT_RE.search(before):
        return FULLWIDTH[match.group(1)]
    return match.group(0)


def _is_letter_spaced(text: str) -> bool:
    """A title typed with a space between every character: 2017 年 工 作 要 点."""
    tokens = text.strip().split()
    return (len(tokens) >= 4 and all(len(t) == 1 for t in tokens[1:])
            and bool(CJK_RE.search(text)))


def _paren(match: re.Match) -> str:
    """（…） when the parenthesis holds or touches Chinese, else unchanged."""
    inner = match.group(1)
    string, start, end = match.string, match.start(), match.end()
    before = string[start - 1] if start else ""
    after = string[end] if end < len(string) else ""
    if CJK_RE.search(inner) or CJK_RE.match(before or " ") or CJK_RE.match(after or " "):
        return f"（{inner}）"
    return match.group(0)


def _quote(match: re.Match) -> str:
    """“…” when the quoted text is Chinese."""
    inner = match.group(1)
    return f"“{inner}”" if CJK_RE.search(inner) else match.group(0)
