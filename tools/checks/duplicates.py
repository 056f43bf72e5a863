"""Near-duplicate examples (ZH-12): Jaccard similarity of character shingles."""

from __future__ import annotations

import re

from gonghui_core.schema import Problem
from gonghui_core.text import HAN

from .reading import Loaded
from .rules import problem, show_path

NON_CJK_RE = re.compile(f"[^{HAN}]+")
SHINGLE = 5
THRESHOLD = 0.5


def shingles(body: str, size: int = SHINGLE) -> frozenset[str]:
    """Overlapping runs of ``size`` Chinese characters (other characters dropped)."""
    text = NON_CJK_RE.sub("", body)
    return frozenset(text[i:i + size] for i in range(max(len(text) - size + 1, 0)))


def jaccard(a: frozenset, b: frozenset) -> float:
    """Size of the intersection over size of the union (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def check_duplicates(targets: list[Loaded], corpus: list[Loaded]) -> list[Problem]:
    """Each target example against every other example; report on the later path of a pair."""
    examples = [c for c in corpus if c.page_type == "example"]
    sets = {id(c): shingles(c.page.body) for c in examples}
    target_ids, problems = {id(t) for t in targets}, []
    for item in targets:
        if item.page_type != "example":
            continue
        mine = sets.get(id(item)) or shingles(item.page.body)
        for other in examples:
            if other.page.path == item.page.path:
                continue
            if id(other) in target_ids and str(other.page.path) > str(item.page.path):
                continue  # the pair is reported once, on the later path
            score = jaccard(mine, sets[id(other)])
            if score >= THRESHOLD:
                problems.append(problem(item.page.path, item.page.body_line, "ZH-12",
                                        f"与已有范文 {show_path(other.page.path)} 基本相同（相似度 {score:.0%}）"))
    return problems
