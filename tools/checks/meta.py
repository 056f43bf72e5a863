"""Front matter and file-name checks, one page at a time and across pages.

The schema itself (fields, vocabularies) is ``gonghui_core.schema.validate_meta``;
this module adds where a page lives, its file name, and uniqueness of slugs
and sources across the whole catalogue.
"""

from __future__ import annotations

from collections import defaultdict

from gonghui_core.schema import SLUG_RE, Problem, validate_meta

from .reading import Loaded
from .rules import problem, show_path

SCHEMA_RULE = {"tags": "ZH-2", "标签": "ZH-2", "unit": "ZH-2", "kind": "ZH-2"}


def check_meta(item: Loaded) -> list[Problem]:
    """Schema, folder and file name of one page."""
    page, path = item.page, item.page.path
    problems = [_cite(p) for p in validate_meta(page, item.page_type)]
    unit, kind = page.meta.get("unit"), page.meta.get("kind")
    folder, stem = path.parent.name, path.stem
    if unit and folder != unit:
        problems.append(problem(path, page.meta_lines.get("unit", 1), "ZH-3",
                                f"文件在 {folder}/ 目录，但 unit 是 {unit}",
                                f"把文件移到 {unit}/ 目录，或改正 unit"))
    if not SLUG_RE.match(stem):
        problems.append(problem(path, 1, "ZH-3", f"文件名“{path.name}”不是小写英文、数字和连字符"))
    if item.page_type == "template" and kind and stem != kind:
        problems.append(problem(path, 1, "ZH-3", f"模板文件名应与文种一致：{kind}.md",
                                f"把文件改名为 {kind}.md"))
    return problems


def check_unique(items: list[Loaded]) -> list[Problem]:
    """Example slugs unique across units; each source used by one example only."""
    by_slug, by_source = defaultdict(list), defaultdict(list)
    for item in items:
        if item.page_type != "example":
            continue
        by_slug[item.page.path.stem].append(item)
        for src in _sources(item):
            by_source[src].append(item)
    problems = []
    for slug, group in by_slug.items():
        for item, other in _pairs(group):
            problems.append(problem(item.page.path, 1, "ZH-3",
                                    f"文件名 {slug}.md 与 {show_path(other.page.path)} 重名",
                                    "换一个文件名，例如加上年份或地名"))
    for src, group in by_source.items():
        for item, other in _pairs(group):
            line = item.page.meta_lines.get("source", 1)
            problems.append(problem(item.page.path, line, "ZH-4",
                                    f"来源 {src} 也用于 {show_path(other.page.path)}"))
    return problems


def _pairs(group: list[Loaded]) -> list[tuple[Loaded, Loaded]]:
    """Each page of a clashing group with another page of the group."""
    if len(group) < 2:
        return []
    return [(item, group[1] if i == 0 else group[0]) for i, item in enumerate(group)]


def _sources(item: Loaded) -> list[str]:
    """The page's sources as strings (malformed values are the schema's business)."""
    src = item.page.meta.get("source")
    items = [src] if isinstance(src, str) else src if isinstance(src, list) else []
    return sorted({s for s in items if isinstance(s, str)})


def _cite(p: Problem) -> Problem:
    """Make a schema problem cite its style rule (ZH-1 unless it names another)."""
    if "ZH-" in p.fix:
        return p
    rule = next((r for key, r in SCHEMA_RULE.items() if key in p.message), "ZH-1")
    p.fix = f"{p.fix}，见 {rule}" if p.fix else f"见 {rule}"
    return p
