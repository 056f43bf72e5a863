"""Catalogue listings generated from front matter.

Every listing (unit pages, kind pages, theme pages, template pages) is built
here from the pages' own front matter, so a new example file appears in every
listing by itself.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from pathlib import Path

from gonghui_core.schema import Page, load_vocab, period_label, read_page_cached

# During a build the pages do not change: each section is listed once per build
# (begin_build .. end_build), not once per macro call (a 1,000-example site
# renders ~100 listing pages, each of which would stat every file again).
_BUILD: dict[tuple[str, str], list[Page]] | None = None


# -----------------------------------------------------------------------------
# Listings (registered as macros)
# -----------------------------------------------------------------------------

def examples_table(docs_dir, page_src: str, unit: str | None = None,
                   kind: str | None = None, theme: str | None = None) -> str:
    """Markdown table of the examples matching unit, kind and theme."""
    _check_filters(unit, kind)
    pages = [p for p in load_pages(docs_dir, "examples") if _matches(p, unit, kind, theme)]
    if not pages:
        return "*暂无范文。欢迎[投稿](%s)。*" % relative_link(page_src, "contributing/index.md")
    vocab = load_vocab()
    header = ["标题"]
    if not unit:
        header.append("单位类型")
    if not kind:
        header.append("文种")
    header += ["时期", "字数"]
    rows = []
    for p in sorted(pages, key=_sort_key):
        row = [f"[{_cell(p.meta['title'])}]({relative_link(page_src, src_path(docs_dir, p))})"]
        if not unit:
            row.append(vocab.units[p.meta["unit"]]["tag"])
        if not kind:
            row.append(vocab.kinds[p.meta["kind"]]["tag"])
        row += [period_label(p.meta.get("period")) or "—", f"{p.length:,}"]
        rows.append(row)
    return _table(header, rows)


def templates_table(docs_dir, page_src: str, unit: str | None = None,
                    kind: str | None = None) -> str:
    """Markdown table of the templates matching unit and kind."""
    _check_filters(unit, kind)
    pages = [p for p in load_pages(docs_dir, "templates") if _matches(p, unit, kind, None)]
    if not pages:
        return "*暂无模板。*"
    vocab = load_vocab()
    rows = [[f"[{_cell(p.meta['title'])}]({relative_link(page_src, src_path(docs_dir, p))})",
             vocab.units[p.meta["unit"]]["tag"], vocab.kinds[p.meta["kind"]]["tag"]]
            for p in sorted(pages, key=_sort_key)]
    return _table(["模板", "单位类型", "文种"], rows)


def units_overview(docs_dir, page_src: str, cards: bool = False) -> str:
    """Unit types with their counts of examples and templates, as a table or cards."""
    vocab = load_vocab()
    return _overview(docs_dir, page_src, "units", vocab.units, "unit", "单位类型", cards)


def kinds_overview(docs_dir, page_src: str, cards: bool = False) -> str:
    """Document kinds with their counts of examples and templates, as a table or cards."""
    vocab = load_vocab()
    return _overview(docs_dir, page_src, "kinds", vocab.kinds, "kind", "文种", cards)


def themes_overview(docs_dir, page_src: str) -> str:
    """Table of themes with their counts of examples, each linking to its theme page."""
    examples = load_pages(docs_dir, "examples")
    slugs = load_vocab().theme_slugs
    rows = []
    for theme in load_vocab().themes:
        n = sum(theme in (p.meta.get("tags") or []) for p in examples)
        rows.append([f"[{theme}]({relative_link(page_src, f'themes/{slugs[theme]}.md')})", str(n)])
    return _table(["主题", "范文"], rows)


# -----------------------------------------------------------------------------
# Loading
# -----------------------------------------------------------------------------

def begin_build() -> None:
    """From now until end_build, each section's pages are read once."""
    global _BUILD
    _BUILD = {}


def end_build() -> None:
    """Back to checking the files at every call (tests and tools edit pages between calls)."""
    global _BUILD
    _BUILD = None


def load_pages(docs_dir, section: str) -> list[Page]:
    """Pages of a section; a file is parsed again only when its mtime or size changed."""
    key = (str(docs_dir), section)
    if _BUILD is not None and key in _BUILD:
        return list(_BUILD[key])
    pages = [read_page_cached(path) for path in sorted((Path(docs_dir) / section).glob("*/*.md"))]
    if _BUILD is not None:
        _BUILD[key] = list(pages)
    return pages


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _overview(docs_dir, page_src, folder, table, field, label, cards) -> str:
    """Each vocabulary entry with its example and template counts, linking to its listing page."""
    examples = load_pages(docs_dir, "examples")
    templates = load_pages(docs_dir, "templates")
    rows = []
    for slug, entry in table.items():
        link = f"[{entry['label']}]({relative_link(page_src, f'{folder}/{slug}.md')})"
        rows.append([link, sum(p.meta.get(field) == slug for p in examples),
                     sum(p.meta.get(field) == slug for p in templates)])
    if cards:
        items = [f"-   **{link}**\n\n    范文 {n} 篇 · 模板 {t} 篇\n" for link, n, t in rows]
        return '<div class="grid cards" markdown>\n\n' + "\n".join(items) + "\n</div>\n"
    return _table([label, "范文", "模板"], [[link, str(n), str(t)] for link, n, t in rows])


def _check_filters(unit, kind) -> None:
    """Fail the build on a unit or kind that is not in the vocabularies."""
    vocab = load_vocab()
    if unit is not None and unit not in vocab.units:
        raise ValueError(f"unknown unit {unit!r}; allowed: {', '.join(vocab.units)}")
    if kind is not None and kind not in vocab.kinds:
        raise ValueError(f"unknown kind {kind!r}; allowed: {', '.join(vocab.kinds)}")


def _matches(page: Page, unit, kind, theme) -> bool:
    """Whether a page passes the unit, kind and theme filters."""
    meta = page.meta
    return ((unit is None or meta.get("unit") == unit)
            and (kind is None or meta.get("kind") == kind)
            and (theme is None or theme in (meta.get("tags") or [])))


def _sort_key(page: Page):
    """Newest period first, then title."""
    return (-int(str(page.meta.get("period") or "0")[:4]), page.meta.get("title", ""))


def src_path(docs_dir, page: Page) -> str:
    """Path of a page relative to docs_dir, with forward slashes."""
    return _src_path(str(page.path), str(docs_dir))


@functools.lru_cache(maxsize=65536)
def _src_path(path: str, docs_dir: str) -> str:
    return Path(path).relative_to(Path(docs_dir)).as_posix()


@functools.lru_cache(maxsize=65536)
def relative_link(page_src: str, target_src: str) -> str:
    """Relative Markdown link from one source page to another."""
    return posixpath.relpath(target_src, posixpath.dirname(page_src) or ".")


def _cell(text: str) -> str:
    """Escape a value for a Markdown table cell: HTML, link brackets and pipes are text."""
    text = html.escape(str(text), quote=False).replace("\n", " ")
    return re.sub(r"([|\[\]\\`*_])", r"\\\1", text)


def _table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


# -----------------------------------------------------------------------------
# Examples listed on a template page (exact match, else the nearest ones)
# -----------------------------------------------------------------------------

# Units whose union work is closest to a unit's, nearest first. Schools,
# kindergartens, education unions and colleges share 教代会, 师德 and the
# teaching calendar; railway and enterprises share 职代会, 劳动竞赛 and
# 安全生产; county federations, towns and government bodies are 机关-style
# unions that guide others. Hospitals: see RELATED_NOTES.
RELATED_UNITS = {
    "school": ["kindergarten", "education-union", "college"],
    "kindergarten": ["school", "education-union", "college"],
    "education-union": ["school", "kindergarten", "college"],
    "college": ["school", "education-union", "kindergarten"],
    "railway": ["enterprise"],
    "enterprise": ["railway"],
    "county-federation": ["town", "government"],
    "town": ["county-federation", "government"],
    "government": ["county-federation", "town"],
    "hospital": ["government", "enterprise"],
}
RELATED_NOTES = {
    "hospital": "医院多为事业单位，职代会、院务公开和机关事业单位相近；"
                "劳动竞赛、岗位练兵和困难职工帮扶又和企业相近，所以这里把机关事业单位和企业看作相近单位",
}


def nearest_examples(docs_dir, unit: str, kind: str) -> list[tuple[str, list[Page]]]:
    """Example groups for the template of a unit and kind, nearest first.

    ``[("exact", pages)]`` when examples of that unit and kind exist; otherwise
    the non-empty groups among ``related`` (same kind in related units, in the
    order of RELATED_UNITS), ``same-unit`` (the unit's examples of other kinds)
    and, when no related unit has the kind either, ``same-kind`` (the kind in
    any other unit). When all of these are empty, ``related-other``: the
    related units' examples of any kind. Empty only when none of these exists.
    """
    _check_filters(unit, kind)
    examples = load_pages(docs_dir, "examples")
    exact = [p for p in examples if _matches(p, unit, kind, None)]
    if exact:
        return [("exact", sorted(exact, key=_sort_key))]
    related = RELATED_UNITS.get(unit, [])
    groups = [
        ("related", sorted((p for p in examples if p.meta.get("kind") == kind
                            and p.meta.get("unit") in related),
                           key=lambda p: (related.index(p.meta["unit"]), _sort_key(p)))),
        ("same-unit", sorted((p for p in examples if p.meta.get("unit") == unit),
                             key=lambda p: (list(load_vocab().kinds).index(p.meta["kind"]),
                                            _sort_key(p)))),
    ]
    if not groups[0][1]:
        groups.append(("same-kind", sorted((p for p in examples if p.meta.get("kind") == kind
                                            and p.meta.get("unit") != unit), key=_sort_key)))
    groups = [(name, pages) for name, pages in groups if pages]
    if not groups:  # nothing of this unit or kind yet: the related units' examples of any kind
        groups = [("related-other", sorted((p for p in examples if p.meta.get("unit") in related),
                                           key=lambda p: (related.index(p.meta["unit"]), _sort_key(p))))]
    return [(name, pages) for name, pages in groups if pages]


def template_examples(docs_dir, page_src: str, unit: str, kind: str) -> str:
    """The example list of a template page: same unit and kind, else the nearest, labelled."""
    vocab = load_vocab()
    unit_label, kind_label = vocab.units[unit]["label"], vocab.kinds[kind]["label"]
    groups = nearest_examples(docs_dir, unit, kind)
    if not groups:
        return "*暂无范文。欢迎[投稿](%s)。*" % relative_link(page_src, "contributing/index.md")
    if groups[0][0] == "exact":
        return (f"本站收录的{unit_label}{kind_label}范文（新增范文会自动出现在这里）：\n\n"
                + _example_rows_table(docs_dir, page_src, groups[0][1], unit_column=False,
                                      kind_column=False))
    parts = [f"**暂无同单位同文种的范文，以下是相近的范文。**本站还没有{unit_label}的{kind_label}范文，"
             f"下面按相近程度列出其他范文，可参考其结构和写法（有了{unit_label}的{kind_label}范文后，"
             f"这里会自动改为列出它们）。\n"]
    for name, pages in groups:
        if name == "related":
            units = "、".join(vocab.units[u]["label"] for u in RELATED_UNITS[unit]
                             if any(p.meta["unit"] == u for p in pages))
            note = f"（{RELATED_NOTES[unit]}）" if unit in RELATED_NOTES else ""
            parts.append(f"**相近单位类型（{units}）的{kind_label}范文**{note}：\n")
            parts.append(_example_rows_table(docs_dir, page_src, pages, unit_column=True,
                                             kind_column=False))
        elif name == "same-unit":
            parts.append(f"**{unit_label}的其他文种范文：**\n")
            parts.append(_example_rows_table(docs_dir, page_src, pages, unit_column=False,
                                             kind_column=True))
        elif name == "same-kind":
            parts.append(f"**其他单位类型的{kind_label}范文：**\n")
            parts.append(_example_rows_table(docs_dir, page_src, pages, unit_column=True,
                                             kind_column=False))
        else:
            parts.append("**相近单位类型的其他文种范文：**\n")
            parts.append(_example_rows_table(docs_dir, page_src, pages, unit_column=True,
                                             kind_column=True))
    return "\n".join(parts)


def _example_rows_table(docs_dir, page_src: str, pages: list[Page], unit_column: bool,
                        kind_column: bool) -> str:
    """Table of examples in the given order, with the unit and kind columns asked for."""
    vocab = load_vocab()
    header = ["标题"] + (["单位类型"] if unit_column else []) + (["文种"] if kind_column else [])
    rows = []
    for p in pages:
        row = [f"[{_cell(p.meta['title'])}]({relative_link(page_src, src_path(docs_dir, p))})"]
        if unit_column:
            row.append(vocab.units[p.meta["unit"]]["tag"])
        if kind_column:
            row.append(vocab.kinds[p.meta["kind"]]["tag"])
        row += [period_label(p.meta.get("period")) or "—", f"{p.length:,}"]
        rows.append(row)
    return _table(header + ["时期", "字数"], rows)
