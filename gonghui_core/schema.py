"""Front matter schema for example and template pages.

One module, used by the importer, the scaffold, the checker, the catalogue
macros, the build hooks and the tests. Vocabularies: ``vocab.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .text import text_length
from .vocab import Vocab, load_vocab

__all__ = ["Page", "PageError", "Problem", "Vocab", "iter_pages", "load_vocab", "period_label",
           "read_page", "split_front_matter", "text_length", "validate_meta"]

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)
PERIOD_RE = re.compile(r"^(?P<year>(19|20)\d\d)(-(?P<part>H1|H2|spring|autumn))?$")
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SOURCE_RE = re.compile(r"^[^#\s]+#[1-9]\d*$")

EXAMPLE_FIELDS = {"title", "unit", "kind", "period", "source", "tags"}
TEMPLATE_FIELDS = {"title", "unit", "kind", "tags", "year", "render_macros", "hide"}
# libyaml's loader when PyYAML was built with it: same results, ~10x faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PART_LABELS = {"H1": "上半年", "H2": "下半年", "spring": "春季学期", "autumn": "秋季学期"}


# -----------------------------------------------------------------------------
# Pages
# -----------------------------------------------------------------------------

@dataclass
class Problem:
    """One thing wrong with a page: where, what, and how to fix it."""

    path: str
    line: int
    message: str
    fix: str = ""

    def __str__(self) -> str:
        fix = f"（{self.fix}）" if self.fix else ""
        return f"{self.path}:{self.line}: {self.message}{fix}"


class PageError(ValueError):
    """A page that cannot be read; carries its problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Page:
    """A Markdown page with its front matter."""

    path: Path
    meta: dict
    body: str
    body_line: int  # 1-based line number where the body starts
    meta_lines: dict = field(default_factory=dict)  # field name -> line number

    @property
    def sources(self) -> list[str]:
        """The ``source`` field as a list."""
        src = self.meta.get("source") or []
        return [src] if isinstance(src, str) else list(src)

    @property
    def length(self) -> int:
        """Length in characters of the text, without Markdown and spaces."""
        return text_length(self.body)


def split_front_matter(text: str, path: str = "<text>") -> tuple[dict, str, int, dict]:
    """Split text into (meta, body, body_line, meta_lines); raise PageError."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        raise PageError([Problem(path, 1, "缺少 YAML 头信息", "在文件开头加上以 --- 开始和结束的头信息")])
    try:
        meta = yaml.load(m.group(1) or "", Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc)
        raise PageError([Problem(path, line, f"头信息不是合法的 YAML：{reason}",
                                 "检查冒号、引号和缩进，值中含冒号时请加引号")]) from None
    if not isinstance(meta, dict):
        raise PageError([Problem(path, 2, "头信息必须是“字段: 值”的形式", "参见 ZH-1")])
    lines = {}
    for i, line in enumerate((m.group(1) or "").splitlines(), start=2):
        key = line.split(":", 1)[0].strip()
        if key in meta and key not in lines:
            lines[key] = i
    body_line = text[: m.end()].count("\n") + 1
    return meta, text[m.end():], body_line, lines


def read_page(path: Path | str) -> Page:
    """Read a page file; raise PageError when it cannot be decoded or parsed."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PageError([Problem(str(path), 1, f"文件不是 UTF-8 编码（{exc.reason}）",
                                 "请用 UTF-8 另存该文件")]) from None
    text = text.replace("\r\n", "\n")
    meta, body, body_line, lines = split_front_matter(text, str(path))
    return Page(path, meta, body, body_line, lines)


def validate_meta(page: Page, page_type: str, vocab: Vocab | None = None) -> list[Problem]:
    """Check a page's front matter against the schema; ``page_type`` is example or template."""
    vocab = vocab or load_vocab()
    meta, path = page.meta, str(page.path)

    def where(key: str) -> int:
        return page.meta_lines.get(key, 1)

    problems: list[Problem] = []
    allowed = EXAMPLE_FIELDS if page_type == "example" else TEMPLATE_FIELDS
    required = ["title", "unit", "kind", "tags"] + (["source"] if page_type == "example" else [])
    for key in required:
        if not meta.get(key):
            problems.append(Problem(path, 1, f"缺少字段 {key}", f"在头信息中加上 {key}:（参见 ZH-1）"))
    for key in meta:
        if key not in allowed:
            problems.append(Problem(path, where(key), f"未知字段 {key}",
                                    f"只允许 {', '.join(sorted(allowed))}"))
    if "title" in meta and not isinstance(meta["title"], str):
        problems.append(Problem(path, where("title"), "title 必须是一行文字", "给标题加上引号"))
    unit, kind = meta.get("unit"), meta.get("kind")
    if unit and unit not in vocab.units:
        problems.append(Problem(path, where("unit"), f"未知的单位类型 unit: {unit}",
                                f"可用：{', '.join(vocab.units)}；新增单位类型见 ZH-8"))
    if kind and kind not in vocab.kinds:
        problems.append(Problem(path, where("kind"), f"未知的文种 kind: {kind}",
                                f"可用：{', '.join(vocab.kinds)}"))
    problems += _check_period(page, where("period"))
    if page_type == "example":
        problems += _check_sources(page, where("source"))
    problems += _check_tags(page, vocab, where("tags"))
    return problems


def _check_period(page: Page, line: int) -> list[Problem]:
    """``period`` must look like 2016, 2012-H1 or 2017-autumn."""
    period = page.meta.get("period")
    if period is None or PERIOD_RE.match(str(period)):
        return []
    return [Problem(str(page.path), line, f"period 格式不对：{period}",
                    "写成 2016、2012-H1、2012-H2、2017-spring 或 2017-autumn，不知道时删去该字段")]


def _check_sources(page: Page, line: int) -> list[Problem]:
    """``source`` is one string or a list of strings."""
    src = page.meta.get("source")
    if src is None:
        return []
    items = [src] if isinstance(src, str) else src
    if not isinstance(items, list) or not all(isinstance(s, str) and s.strip() for s in items):
        return [Problem(str(page.path), line, "source 必须是文字或文字列表",
                        "写成 source: 文件名#序号，或多行列表")]
    return []


def _check_tags(page: Page, vocab: Vocab, line: int) -> list[Problem]:
    """Every tag comes from the vocabularies; unit and kind tags match the fields."""
    tags = page.meta.get("tags")
    if tags is None:
        return []
    path = str(page.path)
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        return [Problem(path, line, "tags 必须是列表", "每行写成 - 标签")]
    problems = []
    for tag in tags:
        if tag not in vocab.allowed_tags():
            problems.append(Problem(path, line, f"未知标签：{tag}",
                                    f"主题标签只能取：{'、'.join(vocab.themes)}（参见 ZH-2）"))
    unit, kind = page.meta.get("unit"), page.meta.get("kind")
    for slug, table in ((unit, vocab.units), (kind, vocab.kinds)):
        if slug in table and table[slug]["tag"] not in tags:
            problems.append(Problem(path, line, f"tags 缺少“{table[slug]['tag']}”",
                                    "单位类型和文种的标签必须写在 tags 中"))
    return problems


# -----------------------------------------------------------------------------
# Helpers shared by listings and checks
# -----------------------------------------------------------------------------

def period_label(period: str | int | None) -> str:
    """Human label of a period: 2012-H1 -> 2012年上半年."""
    if period is None:
        return ""
    m = PERIOD_RE.match(str(period))
    if not m:
        return str(period)
    part = m.group("part")
    return f"{m.group('year')}年{PART_LABELS[part] if part else ''}"


def iter_pages(docs_dir: Path | str, section: str) -> list[Page]:
    """Read every page under ``docs_dir/section`` (examples or templates), sorted by path."""
    root = Path(docs_dir) / section
    return [read_page(p) for p in sorted(root.glob("*/*.md"))]
