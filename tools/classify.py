"""Classify an article: unit, kind, period and themes.

Rules are keyword weights in ``data/classify_rules.yml``; the hand-edited
``data/import_overrides.yml`` corrects any field (and gives title, slug and
text fixes) per source id such as ``000_90d0c629d2527b88.txt#4``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from gonghui_core.vocab import theme_keywords

DATA = Path(__file__).parent / "data"
RULES_FILE = DATA / "classify_rules.yml"
OVERRIDES_FILE = DATA / "import_overrides.yml"
OVERRIDE_FIELDS = {"unit", "kind", "period", "themes", "title", "slug", "fixes", "note"}
YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)年(?:度)?(上半年|下半年)?(?:工作)?(?:总结|计划|要点|工会|工作|是|重点)")
ZH_YEAR_RE = re.compile(r"([二〇○0一二三四五六七八九]{4})年(上半年)?")
# A year in a title: 2023年, 二〇二三年, 2017 年, or a school year 2023-2024学年 / 2023学年.
TITLE_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d\d|[二〇○0一二三四五六七八九]{4})"
                           r"(?:\s*[-—至~～]\s*((?:19|20)?\d\d))?\s*(学年|年)")
ZH_DIGITS = {"〇": "0", "○": "0", "0": "0", "一": "1", "二": "2", "三": "3", "四": "4",
             "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}


# -----------------------------------------------------------------------------
# Public functions
# -----------------------------------------------------------------------------

def classify(text: str, title: str = "") -> dict:
    """Unit, kind, period (or None) and themes of an article, by rules."""
    rules = _rules()
    full = f"{title}\n{text}"
    return {
        "unit": _best(rules["units"], full),
        "kind": _best(rules["kinds"], full),
        "period": period_from_title(title) or guess_period(full),
        "themes": themes(full),
    }


def themes(text: str) -> list[str]:
    """Themes whose keyword score reaches the threshold, in vocabulary order."""
    threshold = _rules()["theme_min_score"]
    return [name for name, words in theme_keywords().items() if _score(words, text) >= threshold]


def guess_period(text: str) -> str | None:
    """A period the text states outright (2016, 2012-H1), else None."""
    m = YEAR_RE.search(text) or ZH_YEAR_RE.search(text)
    if not m:
        return None
    year = "".join(ZH_DIGITS.get(c, c) for c in m.group(1))
    if not year.isdigit():
        return None
    return f"{year}-H1" if m.group(2) == "上半年" else year


def period_from_title(title: str) -> str | None:
    """The period a title names: 2023, 2023-H1, 2023-autumn; a school year needs its term."""
    m = TITLE_YEAR_RE.search(title)
    if not m:
        return None
    year = "".join(ZH_DIGITS.get(c, c) for c in m.group(1))
    if not year.isdigit():
        return None
    school_year = bool(m.group(2)) or m.group(3) == "学年"
    parts = _rules()["school_year_parts" if school_year else "period_parts"]
    following = TITLE_YEAR_RE.search(title, m.end())
    rest = title[m.end():following.start() if following else len(title)]
    for part, words in parts.items():
        if any(word in rest for word in words):
            return f"{int(year) + 1}-spring" if part == "spring-next" else f"{year}-{part}"
    return None if school_year else year


def overrides_for(source: str, path: Path = OVERRIDES_FILE) -> dict:
    """Hand corrections for one source id; raise ValueError on unknown fields."""
    data = load_overrides(path)
    entry = data.get(source) or {}
    unknown = set(entry) - OVERRIDE_FIELDS
    if unknown:
        raise ValueError(f"{path}: {source}: 未知字段 {', '.join(sorted(unknown))}"
                         f"（只允许 {', '.join(sorted(OVERRIDE_FIELDS))}）")
    return entry


@lru_cache(maxsize=None)
def load_overrides(path: Path = OVERRIDES_FILE) -> dict:
    """The whole override file (empty when missing)."""
    if not Path(path).exists():
        return {}
    return yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _rules() -> dict:
    """The rule file."""
    return yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def _score(words: dict, text: str) -> float:
    """Sum of weight × occurrences."""
    return sum(weight * text.count(word) for word, weight in words.items())


def _best(table: dict, text: str) -> str:
    """The key with the highest score (first on ties)."""
    return max(table, key=lambda key: _score(table[key], text))
