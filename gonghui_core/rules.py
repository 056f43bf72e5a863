"""The text rules of an official document, read from ``data/text_rules.json``.

One copy for every side: the build, the importer, the checker and the Word
writer read the rules here; the browser scripts import the same JSON file
(``web/src/rules.js``; esbuild bundles it). ``data/text_rules_golden.json``
holds input -> expected cases that ``tests/test_text_rules.py`` runs against
this module and ``web/test/golden.test.js`` against the browser's, so a case
added there tests both sides.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from .paths import DATA_DIR

RULES_FILE = DATA_DIR / "text_rules.json"
GOLDEN_FILE = DATA_DIR / "text_rules_golden.json"


@lru_cache(maxsize=None)
def rules() -> dict:
    """The rules file as data (read once)."""
    return json.loads(RULES_FILE.read_text(encoding="utf-8"))


def _rule(*keys: str):
    value = rules()
    for key in keys:
        value = value[key]
    return value


# -----------------------------------------------------------------------------
# Characters
# -----------------------------------------------------------------------------

INVISIBLE = _rule("invisible", "class")           # inside [...]
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
HAN = _rule("search", "han_class")


def drop_invisible(text: str) -> str:
    """Text without zero-width and other invisible formatting characters."""
    return INVISIBLE_RE.sub("", text)


# -----------------------------------------------------------------------------
# Placeholders and anonymisation markers
# -----------------------------------------------------------------------------

PLACEHOLDER = _rule("placeholder", "pattern")
PLACEHOLDER_RE = re.compile(PLACEHOLDER)
PROFILE_NAMES: tuple[str, ...] = tuple(_rule("placeholder", "profile"))
MARKER_RES = tuple(re.compile(p) for p in _rule("markers", "patterns"))
YEAR_MARKER_RES = tuple(re.compile(p) for p in _rule("markers", "year"))
EMPTY_QUOTES = bool(_rule("markers", "empty_quotes"))  # “” where a name was cut out becomes “××”
UNFILLED_RE = re.compile(f"{PLACEHOLDER}|{_rule('markers', 'unfilled')}")


def placeholders(text: str) -> list[str]:
    """The placeholders of a text (【单位名称】 …), in order."""
    return PLACEHOLDER_RE.findall(text)


def unfilled(text: str) -> list[str]:
    """What was never filled in: placeholders and anonymisation markers (××, 某某, 20××年 …), in order."""
    return UNFILLED_RE.findall(text)


# -----------------------------------------------------------------------------
# Heading numbers: 一、 （一） 1. （1）
# -----------------------------------------------------------------------------

DIGITS = _rule("numerals", "digits")
MAX_NUMERAL = _rule("numerals", "max")
NUMERAL_CLASS = _rule("numerals", "class")  # inside [...]
_NUMERAL_RE = re.compile(f"(?:([{DIGITS[1:]}])百)?[零〇]?(?:([{DIGITS[1:]}])?(十))?([{DIGITS[1:]}])?")
_CIRCLED = (0x2460, 0x2473)  # ① to ⑳
LEVELS: tuple[dict, ...] = tuple(_rule("numbering", "levels"))
LEVEL_RES = tuple((spec["level"], re.compile(f"^(?:{spec['number']})")) for spec in LEVELS)
_ALL_NUMBERS = "|".join([spec["number"] for spec in LEVELS] + list(_rule("numbering", "other")))
NUMBER_RE = re.compile(f"^[ \\t\u3000]*(?:{_ALL_NUMBERS})[ \\t\u3000]*")


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 21 -> 二十一, 105 -> 一百零五, 200 -> 二百 (1 to MAX_NUMERAL)."""
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_NUMERAL:
        raise ValueError(f"heading number {n!r} out of range 1-{MAX_NUMERAL}")
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = DIGITS[hundreds] + "百" if hundreds else ""
    if tens:
        out += ("" if tens == 1 and not hundreds else DIGITS[tens]) + "十"
    elif hundreds and ones:
        out += DIGITS[0]
    return out + (DIGITS[ones] if ones else "")


def numeral_value(text: str) -> int | None:
    """一 -> 1, 十一 -> 11, 一百零五 -> 105 (chinese_numeral's inverse, also 一十); None when text is no numeral 1-999."""
    match = _NUMERAL_RE.fullmatch(text)
    if not text or match is None:
        return None
    hundreds, tens, ten, ones = match.groups()
    value = (DIGITS.index(hundreds) * 100 if hundreds else 0) + (DIGITS.index(tens) if tens else 1 if ten else 0) * 10
    value += DIGITS.index(ones) if ones else 0
    return value if 1 <= value <= MAX_NUMERAL else None


def number_value(number: str) -> int | None:
    """The n of a heading number as written: "三、" 3, "（十二）" 12, "4." 4, "(5)" 5, "⑥" 6; None without one."""
    digits = re.search("[0-9]+", number)
    if digits:
        return int(digits.group(0))
    circled = next((ord(c) for c in number if _CIRCLED[0] <= ord(c) <= _CIRCLED[1]), None)
    if circled is not None:
        return circled - _CIRCLED[0] + 1
    numeral = re.search(f"[{NUMERAL_CLASS}]+", number)
    return numeral_value(numeral.group(0)) if numeral else None


def number_for(level: int, n: int) -> str:
    """The number of the n-th heading of an official level (1-4): 一、 （一） 1. （1）."""
    spec = LEVELS[level - 1]
    return spec["format"].replace("{zh}", chinese_numeral(n) if "{zh}" in spec["format"] else "").replace(
        "{n}", str(n))


def level_of(text: str) -> int | None:
    """Official level (1-4) of a heading from its number, as written or misspelt; None without one."""
    for level, pattern in LEVEL_RES:
        if pattern.match(text):
            return level
    return None


def strip_number(text: str) -> str:
    """A heading without its own number ("一、" "（二）" "3." "1、" "(4)" "第一部分" …); all of it if nothing is left."""
    rest = NUMBER_RE.sub("", text, count=1)
    return rest or text


def renumber(levels: list[int]) -> list[tuple[int, str]]:
    """Headings' levels as they stand (1-4, any order, gaps allowed) -> (official level, number).

    A heading is one level below the nearest earlier heading of a higher
    original level (skipped levels close up; a leading （一） becomes 一、);
    counters restart under each heading of a higher level.
    """
    stack: list[tuple[int, int]] = []  # (original level, new level)
    counters = [0] * (len(LEVELS) + 1)
    out = []
    for original in levels:
        while stack and stack[-1][0] >= original:
            stack.pop()
        level = min(len(LEVELS), stack[-1][1] + 1 if stack else 1)
        stack.append((original, level))
        counters[level] += 1
        for deeper in range(level + 1, len(counters)):
            counters[deeper] = 0
        out.append((level, number_for(level, counters[level])))
    return out


# -----------------------------------------------------------------------------
# Pages
# -----------------------------------------------------------------------------

PAGE_TYPE_RE = re.compile(_rule("page_types", "pattern"))
PAGE_KINDS: dict[str, str] = dict(_rule("page_types", "kinds"))
NON_DOCUMENT: dict = _rule("non_document")


def page_kind(src_uri: str) -> str | None:
    """"example" or "template" for a document page (examples/<unit>/<name>.md …); None for any other page."""
    match = PAGE_TYPE_RE.match(src_uri)
    return PAGE_KINDS[match.group(1)] if match else None


def is_document_page(src_uri: str) -> bool:
    """Whether a page is a template or an example (it gets a .docx, copy and 加入草稿), not a listing."""
    return page_kind(src_uri) is not None


# -----------------------------------------------------------------------------
# Search
# -----------------------------------------------------------------------------

SEARCH: dict = _rule("search")
