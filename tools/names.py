"""Find and remove personal names in Chinese text.

Three sources, all data-driven (``data/names.yml``):

1. context patterns: surname (+1-2 characters) before a title (张婷莉老师,
   靖主任) or after a role (副主席陈晓光, 驾驶员鲍祥);
2. jieba part-of-speech ``nr`` words that start with a surname and are not
   ordinary dictionary words, including lists joined by 、 and 和;
3. a reviewed list of names the patterns miss.

Every name becomes ××; titles and roles stay (××老师, 全国政协副主席××).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from gonghui_core.paths import JIEBA_USER_DICT as USER_DICT

DATA = Path(__file__).parent / "data"
MARK = "××"
MAX_WORD_FREQ = 5  # jieba dictionary words used more often than this are not names


# -----------------------------------------------------------------------------
# Public functions
# -----------------------------------------------------------------------------

def find_names(text: str) -> dict[str, str]:
    """Every personal name found in text, as {text to replace: replacement}."""
    conf = _conf()
    found = _title_names(text) | _role_names(text) | _jieba_names(text)
    found = {n for n in found if n not in conf["keep"] and MARK not in n}
    found |= _listed_names(text, found)
    found |= {n for n in conf["known"] if n in text}
    repl = {n: MARK for n in found}
    repl.update(_surname_titles(text))
    return repl


def remove_names(text: str) -> str:
    """Replace every personal name by ××, longest first."""
    for old, new in sorted(find_names(text).items(), key=lambda kv: len(kv[0]), reverse=True):
        text = text.replace(old, new)
    return text


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _conf() -> dict:
    """Name lists and compiled patterns."""
    conf = yaml.safe_load((DATA / "names.yml").read_text(encoding="utf-8"))
    surnames = re.sub(r"\s", "", conf["surnames"])
    bad = conf["not_name_chars"]
    given = f"[^\\W\\d_{bad}A-Za-z×]"
    titles = "|".join(sorted(conf["titles"], key=len, reverse=True))
    roles = "|".join(sorted(conf["roles"], key=len, reverse=True))
    conf["surname_set"] = set(surnames)
    conf["title_re"] = re.compile(f"(?<![{surnames}])([{surnames}]{given}{{0,2}})(?={titles})")
    conf["role_re"] = re.compile(f"(?:{roles})([{surnames}]{given}{{1,2}})(?=[，、。；和等被率]|{titles})")
    name = f"[{surnames}]{given}{{1,2}}"
    conf["list_re"] = re.compile(f"(?=(?<![^、和，\\s])({name})[、和]({name})(?=[、和等，。被同]))")
    conf["keep"] = set(conf["keep"])
    return conf


def _is_word(word: str) -> bool:
    """Whether jieba knows the word as an ordinary, frequent word."""
    _tokens("")  # make sure jieba's dictionary is loaded
    import jieba  # noqa: PLC0415 (slow import, only when needed)

    return (jieba.dt.FREQ.get(word) or 0) > MAX_WORD_FREQ


def _title_names(text: str) -> set[str]:
    """Surname + 1-2 characters right before a title: 彭国安老师."""
    return {m.group(1) for m in _conf()["title_re"].finditer(text)
            if len(m.group(1)) > 1 and not _is_word(m.group(1))}


def _surname_titles(text: str) -> dict[str, str]:
    """A bare surname before a title (靖主任 → ××主任), unless it ends a word (提高老师)."""
    repl = {}
    for m in _conf()["title_re"].finditer(text):
        if len(m.group(1)) != 1:
            continue
        start = m.start(1)
        if start and _is_word(text[start - 1:start + 1]):
            continue
        title = text[m.end(1):m.end(1) + 3]
        title = next(t for t in sorted(_conf()["titles"], key=len, reverse=True) if title.startswith(t))
        repl[m.group(1) + title] = MARK + title
    return repl


def _listed_names(text: str, found: set[str]) -> set[str]:
    """Names listed with a found name: 王孝军、李发学、范展等 (joined by 、 or 和)."""
    conf, more = _conf(), set(found)
    pattern = conf["list_re"]
    while True:
        new = set()
        for m in pattern.finditer(text):
            a, b = m.group(1), m.group(2)
            if a in more and b not in more and not _is_word(b):
                new.add(b)
            if b in more and a not in more and not _is_word(a):
                new.add(a)
        new = {n for n in new if n not in conf["keep"] and MARK not in n}
        if not new:
            return more - set(found)
        more |= new


def _role_names(text: str) -> set[str]:
    """A name right after a role: 副主席陈晓光，驾驶员鲍祥被……"""
    return {m.group(1) for m in _conf()["role_re"].finditer(text) if not _is_word(m.group(1))}


def _jieba_names(text: str) -> set[str]:
    """jieba ``nr`` words that start with a surname, are rare and not followed by a unit suffix."""
    tokens = _tokens(text)
    conf, found = _conf(), set()
    for i, (word, flag) in enumerate(tokens):
        if flag != "nr" or not 2 <= len(word) <= 3 or word[0] not in conf["surname_set"]:
            continue
        if _is_word(word) or any(c in conf["not_name_chars"] for c in word[1:]):
            continue
        following = "".join(w for w, _ in tokens[i + 1:i + 3])
        if following.startswith(tuple(conf["unit_suffixes"])):
            continue
        found.add(word)
    return found


def _tokens(text: str) -> list[tuple[str, str]]:
    """jieba part-of-speech tokens, with the project's user dictionary."""
    import jieba  # noqa: PLC0415
    import jieba.posseg as pseg  # noqa: PLC0415

    if not getattr(_tokens, "ready", False):
        jieba.setLogLevel(60)
        jieba.initialize()
        jieba.load_userdict(str(USER_DICT))
        _tokens.ready = True
    return [(p.word, p.flag) for p in pseg.cut(text)]
