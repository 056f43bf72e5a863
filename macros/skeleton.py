"""Section skeletons for union summaries and plans.

``section_skeleton(kind, unit)`` returns Markdown headings numbered
一、（一）1.（1） (levels ## to #####, so they appear in the page's table of
contents), each with a writing prompt, a fill-in sentence with placeholders
such as 【单位名称】 and phrases from the seed examples. Sections, prompts and
the units they apply to live in ``data/sections.yml``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from gonghui_core.rules import LEVELS, number_for
from gonghui_core.vocab import load_vocab

DATA_DIR = Path(__file__).resolve().parent / "data"  # the macros' own data

SECTIONS_FILE = DATA_DIR / "sections.yml"
MAX_DEPTH = len(LEVELS)  # official levels 一、 （一） 1. （1）
MARKDOWN_LEVELS = {"1", "2", "3", "4", "5", "6"}


# -----------------------------------------------------------------------------
# Macro
# -----------------------------------------------------------------------------

def section_skeleton(kind, unit, level=2) -> str:
    """Markdown skeleton of one kind of document for one unit type."""
    kind, unit = check_arguments(kind, unit)
    if isinstance(level, bool) or str(level) not in MARKDOWN_LEVELS:
        raise ValueError(f"section_skeleton: 标题级别 level={level!r} 不可用；可用 1 至 6 的整数（默认 2，即 ##）")
    data = load_sections()["kinds"][kind]
    intro = data["intro"]
    parts = [f"**开头：** {intro['prompt']}\n", f"> {intro['fill']}\n"]
    for i, node in enumerate(sections_for(kind, unit), start=1):
        parts += _render(node, depth=0, index=i, level=int(level))
    return "\n".join(parts)


def check_arguments(kind, unit) -> tuple[str, str]:
    """Validate kind and unit; raise ValueError naming what is allowed."""
    vocab = load_vocab()
    if kind not in vocab.kinds:
        raise ValueError(f"section_skeleton: 未知的文种 kind={kind!r}；可用：{', '.join(vocab.kinds)}")
    if unit not in vocab.units:
        raise ValueError(f"section_skeleton: 未知的单位类型 unit={unit!r}；可用：{', '.join(vocab.units)}")
    return kind, unit


def sections_for(kind: str, unit: str) -> list[dict]:
    """The section tree of a kind, with blocks spliced in and other units' sections removed."""
    return _select(load_sections()["kinds"][kind]["sections"], unit)


def headings(kind: str, unit: str) -> list[tuple[int, str]]:
    """(depth, numbered title) of every section, in document order."""
    out: list[tuple[int, str]] = []

    def walk(nodes, depth):
        for i, node in enumerate(nodes, start=1):
            out.append((depth, number(depth, i) + node["title"]))
            walk(node.get("children", []), depth + 1)

    walk(sections_for(kind, unit), 0)
    return out


# -----------------------------------------------------------------------------
# Data
# -----------------------------------------------------------------------------

@lru_cache(maxsize=None)
def load_sections(path: Path = SECTIONS_FILE) -> dict:
    """Read the sections file."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _select(nodes: list[dict], unit: str) -> list[dict]:
    """Splice includes, keep the nodes that apply to a unit, recursively."""
    blocks = load_sections()["blocks"]
    out = []
    for node in nodes:
        if "include" in node:
            out += _select(blocks[node["include"]], unit)
        elif unit in node.get("units", [unit]) and unit not in node.get("except", []):
            out.append(dict(node, children=_select(node.get("children", []), unit)))
    return out


# -----------------------------------------------------------------------------
# Rendering
# -----------------------------------------------------------------------------

def number(depth: int, i: int) -> str:
    """Official numbering by level: 一、 （一） 1. （1） (gonghui_core.rules.number_for; numerals to 999)."""
    if depth >= MAX_DEPTH:
        raise ValueError(f"sections.yml: 标题层级超过 {MAX_DEPTH} 级（一、（一）1.（1））")
    return number_for(depth + 1, i)


def _render(node: dict, depth: int, index: int, level: int) -> list[str]:
    """Markdown lines of one section and its children."""
    if level + depth > 6:
        raise ValueError(f"section_skeleton: level={level} 时“{node['title']}”会低于六级标题；请用更小的 level")
    lines = [f"{'#' * (level + depth)} {number(depth, index)}{node['title']}\n"]
    if node.get("prompt"):
        lines.append(f"**写什么：** {node['prompt']}\n")
    if node.get("fill"):
        lines.append(f"> {node['fill']}\n")
    if node.get("phrases"):
        lines.append('??? quote "范文常用语句"')
        lines += [f"    - {p}" for p in node["phrases"]]
        lines.append("")
    for i, child in enumerate(node.get("children", []), start=1):
        lines += _render(child, depth + 1, i, level)
    return lines
