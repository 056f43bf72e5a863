"""Heading rules (ZH-6): levels in order, no jumps, short headings."""

from __future__ import annotations

import re

from gonghui_core.schema import Problem

from .lines import text_lines
from .reading import Loaded
from .rules import problem

HEADING_RE = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ATTR_RE = re.compile(r"\s*\{[^{}]*\}\s*$")
MAX_HEADING = 40


def headings(body: str, first_line: int) -> list[tuple[int, int, str]]:
    """(line, level, text) of every ATX heading outside code fences."""
    out = []
    for n, line in text_lines(body, first_line):
        m = HEADING_RE.match(line)
        if m:
            out.append((n, len(m.group(1)), ATTR_RE.sub("", m.group(2))))
    return out


def check_headings(item: Loaded) -> list[Problem]:
    """No level jumps (## then ####) and no heading over 40 characters."""
    page = item.page
    problems, previous = [], None
    for n, level, text in headings(page.body, page.body_line):
        if previous is not None and level > previous + 1:
            problems.append(problem(page.path, n, "ZH-6",
                                    f"标题跳级：{'#' * previous} 之后直接出现 {'#' * level}",
                                    f"改为 {'#' * (previous + 1)}，或补上中间一级标题"))
        elif previous is None and level > 2 and item.page_type == "example":
            problems.append(problem(page.path, n, "ZH-6", f"第一个标题应为 ## 级，这里是 {'#' * level}"))
        previous = level
        if len(text) > MAX_HEADING:
            problems.append(problem(page.path, n, "ZH-6",
                                    f"标题过长（{len(text)} 字，上限 {MAX_HEADING} 字）：{text[:20]}…",
                                    "标题只写要点，其余内容移到下一行正文"))
    return problems
