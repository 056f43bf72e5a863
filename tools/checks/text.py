"""Text rules for page bodies: Simplified characters, punctuation, names, markup.

Detection only; repairs are ``tools.checks.fixing``, which reuses the
importer's ``tools.textclean`` functions.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from gonghui_core.safety import scan_markdown
from gonghui_core.schema import Problem
from gonghui_core.text import HAN

from .lines import apply_outside, prose, text_lines
from .reading import Loaded
from .rules import problem

DATA = Path(__file__).resolve().parent / "data"
CJK = HAN
JINJA_RE = re.compile(r"\{\{|\{%|\{#|%\}|\}\}")
HTML_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(\s[^<>]*)?/?>|<!--")
ATTR_LIST_RE = re.compile(r"\{:?[^{}\n]*[#.=][^{}\n]*\}")
# A line can hold a name only near a title, a role or a list mark (skips jieba for most lines).
_NAME_HINT_RE = re.compile("老师|同志|校长|园长|院长|局长|站长|主席|书记|主任|师傅|经理|厂长|科长|段长|先生|女士"
                           "|部长|县长|市长|驾驶员|站务|干部|职工|教师|选手|、")
MARKUP = ((JINJA_RE, "模板语法"), (HTML_RE, "HTML 标签"), (ATTR_LIST_RE, "Markdown 属性"))


def check_text(item: Loaded) -> list[Problem]:
    """Every text rule that applies to the page's type."""
    page = item.page
    lines = text_lines(page.body, page.body_line)
    problems = []
    title_line = (page.meta_lines.get("title", 1), str(page.meta.get("title") or ""))
    if item.page_type == "example":
        problems += check_markup(page.path, [title_line] + list(enumerate(page.body.split("\n"), page.body_line)))
    problems += check_urls(page.path, page.body, page.body_line)
    for n, line in [title_line] + lines:
        problems += check_simplified(page.path, n, line)
        problems += check_lookalikes(page.path, n, line)
        problems += check_punctuation(page.path, n, line)
        if item.page_type == "example":
            problems += check_markers(page.path, n, line)
            problems += check_names(page.path, n, line)
    return problems


def check_markup(path, lines: list[tuple[int, str]]) -> list[Problem]:
    """Jinja markers, raw HTML, <script>, script links and attribute lists (ZH-11)."""
    problems = []
    for n, line in lines:
        for regex, what in MARKUP:
            m = regex.search(line)
            if m:
                problems.append(problem(path, n, "ZH-11", f"范文中不能有{what}“{m.group()[:20]}”"))
    return problems


def check_urls(path, body: str, first_line: int) -> list[Problem]:
    """Links with a scheme that can run script, and images from other hosts (ZH-11), any spelling."""
    return [problem(path, f.line, "ZH-11", f.message, f.fix) for f in scan_markdown(body, first_line)]


def check_simplified(path, n: int, line: str) -> list[Problem]:
    """Traditional characters, found by an OpenCC t2s round trip (ZH-7)."""
    converted = _t2s(line)
    if converted == line:
        return []
    masked = _mask_exceptions(line)
    if len(converted) != len(line):
        return [problem(path, n, "ZH-7", "含有繁体字", f"改为“{converted.strip()[:40]}”")]
    pairs = sorted({(a, b) for a, b, m in zip(line, converted, masked) if a != b and m == a})
    if not pairs:
        return []
    found = "、".join(f"{a}→{b}" for a, b in pairs)
    return [problem(path, n, "ZH-7", f"含有繁体字：{found}", "改为简体字")]


def check_lookalikes(path, n: int, line: str) -> list[Problem]:
    """Look-alike characters from PDFs and web pages (ZH-7), via the importer's map."""
    return _check_with(path, n, line, "fix_lookalikes", "ZH-7", "含有形近字",
                       "改为规范字，可用 python -m tools.check --fix 自动修正")


def check_punctuation(path, n: int, line: str) -> list[Problem]:
    """Half-width punctuation next to Chinese characters (ZH-9), via the importer's rules."""
    return _check_with(path, n, line, "fullwidth_punctuation", "ZH-9", "中文之间用了半角标点或多余空格", None)


def check_markers(path, n: int, line: str) -> list[Problem]:
    """Anonymisation markers other than ×× and 20×× (ZH-10), via the importer's rules."""
    return _check_with(path, n, line, "unify_markers", "ZH-10", "匿名标记不统一（应写成 ×× 或 20××）",
                       "可用 python -m tools.check --fix 自动统一")


def check_names(path, n: int, line: str) -> list[Problem]:
    """Personal names: surname + given name + title, or a reviewed name (ZH-10)."""
    names, line = _names(), prose(line)
    found = [m.group() for m in names["pattern"].finditer(line) if not _allowed(line, m.start(), names["allowed"])]
    found += [k for k in names["known"] if k in line]
    found += [n for n in _context_names(line) if not _allowed(line, line.find(n), names["allowed"])]
    if not found:
        return []
    return [problem(path, n, "ZH-10", f"疑似个人姓名：{'、'.join(dict.fromkeys(found))}",
                    "把姓名改为 ××老师、××同志或职务；若不是人名，请在 tools/checks/data/names.yml 的 allowed 中登记")]


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _check_with(path, n: int, line: str, fn_name: str, rule_id: str, what: str, fix) -> list[Problem]:
    """A problem when a textclean function would change the prose of the line."""
    fn = _textclean(fn_name)
    if fn is None:
        return []
    fixed = apply_outside(line, fn)
    if fixed == line:
        return []
    return [problem(path, n, rule_id, f"{what}：{_describe(line, fixed)}", fix)]


def _describe(line: str, fixed: str) -> str:
    """Show the first difference between a line and its fixed form, in context."""
    start = next((i for i, (a, b) in enumerate(zip(line, fixed)) if a != b), min(len(line), len(fixed)))
    end_a, end_b = len(line), len(fixed)
    while end_a > start and end_b > start and line[end_a - 1] == fixed[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    lo = max(start - 4, 0)
    return f"“{line[lo:end_a + 2].strip()}”应为“{fixed[lo:end_b + 2].strip()}”"


def _allowed(line: str, start: int, allowed: list[str]) -> bool:
    """Whether an allowed word covers the character at ``start``."""
    for word in allowed:
        i = line.find(word, max(0, start - len(word) + 1))
        while i != -1 and i <= start:
            if i + len(word) > start:
                return True
            i = line.find(word, i + 1)
    return False


@cache
def _names() -> dict:
    """The reviewed name lists with the compiled pattern."""
    data = yaml.safe_load((DATA / "names.yml").read_text(encoding="utf-8"))
    surnames = "".join(data["surnames"].split())
    titles = "|".join(map(re.escape, data["titles"]))
    pattern = re.compile(rf"[{surnames}][{CJK}]{{0,2}}?(?:{titles})")
    return {"pattern": pattern, "allowed": data["allowed"], "known": data["known"]}


@cache
def _converter():
    """OpenCC Traditional-to-Simplified converter."""
    import opencc
    return opencc.OpenCC("t2s")


def _t2s(text: str) -> str:
    """Text converted to Simplified characters."""
    return _converter().convert(text)


@cache
def _exception_words() -> tuple[str, ...]:
    """Reviewed words whose characters t2s would change but are correct."""
    return tuple(yaml.safe_load((DATA / "simplified_exceptions.yml").read_text(encoding="utf-8"))["words"])


def _mask_exceptions(line: str) -> str:
    """The line with reviewed exception words blanked (so their characters never differ)."""
    for w in _exception_words():
        line = line.replace(w, "\0" * len(w))
    return line


def _context_names(line: str) -> list[str]:
    """Names the importer finds from context (compound and rare surnames, roles, lists), as written."""
    if not _NAME_HINT_RE.search(line):
        return []
    from tools.names import MARK, context_names  # noqa: PLC0415 (jieba loads only for lines that need it)

    return [name for name in context_names(line) if MARK not in name]


def _textclean(name: str):
    """A function from the importer's tools.textclean, or None while it is missing."""
    try:
        from tools import textclean
    except ImportError:
        return None
    return getattr(textclean, name, None)
