"""Body lines of a page, and text functions applied outside Markdown syntax.

Text rules look at prose only: fenced code is skipped, and code spans, link
targets and line prefixes (``## ``, ``- ``, ``1. ``, ``> ``) are left alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable

FENCE_RE = re.compile(r"^\s*(```|~~~)")
PROTECTED_RE = re.compile(
    r"`[^`\n]*`"  # code span
    r"|\]\([^)\n]*\)"  # link target
    r"|^\s*(?:#{1,6}|[*+-]|\d+\.|>)[ \t]+"  # heading, list or quote prefix
    r"|^\s*\|?(?:\s*:?-{3,}:?\s*\|)+\s*(?::?-{3,}:?\s*)?$"  # table delimiter row
)


def text_lines(body: str, first_line: int) -> list[tuple[int, str]]:
    """(line number, line) for each body line outside fenced code blocks."""
    out, in_fence = [], False
    for n, line in enumerate(body.split("\n"), start=first_line):
        if FENCE_RE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            out.append((n, line))
    return out


def apply_outside(line: str, fn: Callable[[str], str]) -> str:
    """``fn`` applied to the prose of a line, Markdown syntax kept as it is."""
    parts, last = [], 0
    for m in PROTECTED_RE.finditer(line):
        parts.append(fn(line[last:m.start()]) if m.start() > last else "")
        parts.append(m.group())
        last = m.end()
    parts.append(fn(line[last:]) if last < len(line) else "")
    return "".join(parts)


def prose(line: str) -> str:
    """The line with Markdown syntax blanked out (same length)."""
    return PROTECTED_RE.sub(lambda m: " " * len(m.group()), line)
