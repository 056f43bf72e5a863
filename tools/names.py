"""Find and remove personal names in Chinese text.

Three sources, all data-driven (``data/names.yml``):

1. context patterns: surname (+1-2 characters) before a title (张婷莉老师,
   靖主任, 欧阳主任) or after a role (副主席陈晓光, 驾驶员鲍祥, 教师：邝志强);
   compound surnames (欧阳, 诸葛, 慕容, 上官 …) and the rare single surnames
   of the 百家姓 (``data/surnames.yml``) count in these contexts;
2. jieba part-of-speech ``nr`` words that start with a surname and are not
   ordinary dictionary words, including lists joined by 、 and 和;
3. a reviewed list of names the patterns miss.

Every name becomes ××; titles and roles stay (××老师, 全国政协副主席××).
"""

from __future__ import annotations

import re
from functools import cache
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
    return _find(text, use_jieba=True)


def context_names(text: str) -> dict[str, str]:
    """Names found from context alone (titles, roles, lists, the reviewed list): what the checker uses."""
    return _find(text, use_jieba=False)


def _find(text: str, use_jieba: bool) -> dict[str, str]:
    conf = _conf()
    found = _title_names(text) | _role_names(text) | (_jieba_names(text) if use_jieba else set())
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

@cache
def _conf() -> dict:
    """Name lists and compiled patterns."""
    conf = yaml.safe_load((DATA / "names.yml").read_text(encoding="utf-8"))
    more = yaml.safe_load((DATA / "surnames.yml").read_text(encoding="utf-8"))
    surnames = re.sub(r"\s", "", conf["surnames"])
    skip = set(re.sub(r"\s", "", more["not_in_context"]))
    rare = "".join(sorted(set(re.sub(r"\s", "", more["single"] + more["extra"])) - set(surnames) - skip))
    compound = "|".join(sorted(more["compound"], key=len, reverse=True))
    bad = conf["not_name_chars"]
    given = f"[^\\W\\d_{bad}A-Za-z×]"
    titles = "|".join(sorted(conf["titles"], key=len, reverse=True))
    roles = "|".join(sorted(conf["roles"], key=len, reverse=True))
    every = "".join(sorted(set(surnames + rare + "".join(more["compound"]))))
    conf["surname_set"] = set(surnames)  # jieba's guesses: common surnames only (祖国颂, 巩固率 are words)
    conf["compound_set"] = set(more["compound"])
    # a name before a title: compound or common surname (bare or with a given name), rare with one
    conf["title_re"] = re.compile(f"(?<![{every}])((?:{compound}){given}{{0,2}}|[{surnames}]{given}{{0,2}}"
                                  f"|[{rare}]{given}{{1,2}})(?={titles})")
    name = f"(?:{compound}|[{surnames}{rare}]){given}{{1,2}}"
    conf["role_re"] = re.compile(f"(?:{roles})[：:]?({name})(?=[，、。；和等被率]|{titles})")
    # a pair in a list; the first name's start is checked only when it is the one inferred
    conf["list_re"] = re.compile(f"(?=({name})[、和]({name})(?=[、和等，。；被同]))")
    conf["list_start_re"] = re.compile("(?<![^、和，：:\\s])")
    conf["keep"] = set(conf["keep"])
    return conf


def _is_word(word: str) -> bool:
    """Whether jieba knows the word as an ordinary, frequent word."""
    _tokens("")  # make sure jieba's dictionary is loaded
    import jieba  # noqa: PLC0415 (slow import, only when needed)

    return (jieba.dt.FREQ.get(word) or 0) > MAX_WORD_FREQ


def _common_word(name: str) -> bool:
    """A candidate that is an ordinary word (a name with a compound surname never is)."""
    return name[:2] not in _conf()["compound_set"] and _is_word(name)


def _title_names(text: str) -> set[str]:
    """Surname + 1-2 characters right before a title: 彭国安老师."""
    compound = _conf()["compound_set"]
    return {m.group(1) for m in _conf()["title_re"].finditer(text)
            if len(m.group(1)) > 1 and m.group(1) not in compound
            and (m.group(1)[:2] in compound or not _is_word(m.group(1)))}


def _surname_titles(text: str) -> dict[str, str]:
    """A bare surname before a title (靖主任 → ××主任), unless it ends a word (提高老师)."""
    repl = {}
    for m in _conf()["title_re"].finditer(text):
        if len(m.group(1)) != 1 and m.group(1) not in _conf()["compound_set"]:
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
            if a in more and b not in more and not _common_word(b):
                new.add(b)
            if (b in more and a not in more and not _common_word(a)
                    and conf["list_start_re"].match(text, m.start(1))):
                new.add(a)
        new = {n for n in new if n not in conf["keep"] and MARK not in n}
        if not new:
            return more - set(found)
        more |= new


def _role_names(text: str) -> set[str]:
    """A name right after a role: 副主席陈晓光，驾驶员鲍祥被……"""
    compound = _conf()["compound_set"]
    return {m.group(1) for m in _conf()["role_re"].finditer(text)
            if m.group(1)[:2] in compound or not _is_word(m.group(1))}


def _jieba_names(text: str) -> set[str]:
    """jieba ``nr`` words that start with a surname, are rare and not followed by a unit suffix."""
    tokens = _tokens(text)
    conf, found = _conf(), set()
    for i, (word, flag) in enumerate(tokens):
        if flag != "nr" or not 2 <= len(word) <= 4 or (len(word) == 4 and word[:2] not in conf["compound_set"]):
            continue
        if word[0] not in conf["surname_set"] and word[:2] not in conf["compound_set"]:
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
