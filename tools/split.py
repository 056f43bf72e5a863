"""Split a scraped collection page into its articles and drop site boilerplate.

Patterns live in ``data/boilerplate.yml``. The input is text already in
Simplified characters; the output keeps each article's lines as written.
A file without any article heading is one article; when its first line looks
like a report title (``title_line`` patterns), that line is its title.

Nothing is dropped silently: a line is dropped only when it matches a
boilerplate rule (``drop_line``, a ``stop_line`` block, a ``header_line``
before the first paragraph) or is page furniture shorter than an article
(text before the first article heading of a collection, a leftover under
``MIN_ARTICLE_CHARS``). ``split_with_report`` returns every dropped line with
its reason, and each article counts the lines dropped inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent / "data"
MIN_ARTICLE_CHARS = 60  # shorter leftovers are furniture, not articles


@dataclass
class Article:
    """One article of a collection page: its 1-based position, heading and lines."""

    position: int
    title: str = ""
    lines: list[tuple[int, str]] = field(default_factory=list)  # (1-based line no, text)
    dropped: list[tuple[int, str, str]] = field(default_factory=list)  # (line no, text, rule)

    @property
    def text(self) -> str:
        """The article's text, lines joined."""
        return "\n".join(line for _, line in self.lines).strip("\n")


# -----------------------------------------------------------------------------
# Public functions
# -----------------------------------------------------------------------------

def split_articles(text: str) -> list[Article]:
    """The articles of a page, in order, without boilerplate."""
    return split_with_report(text)[0]


def split_with_report(text: str) -> tuple[list[Article], list[tuple[int, str, str]]]:
    """(articles, dropped lines outside any article): every dropped line with the rule that dropped it."""
    pats = _patterns()
    chunks: list[Article] = [Article(0)]
    skipping = False
    first_line = ""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip(" \t\u3000")
        first_line = first_line or line
        heading = _match_any(pats["article_heading"], line)
        if heading:
            title = heading.groupdict().get("title") or ""
            chunks.append(Article(0, title=title))
            if not title:  # the separator line itself says nothing about the article
                chunks[-1].dropped.append((number, line, "article_heading"))
            skipping = False
            continue
        if _match_any(pats["stop_line"], line):
            skipping = True
            chunks[-1].dropped.append((number, line, "stop_line"))
            continue
        if skipping and line:
            chunks[-1].dropped.append((number, line, "stop_line 之后"))
            continue
        if line and _match_any(pats["drop_line"], line):
            chunks[-1].dropped.append((number, line, "drop_line"))
            continue
        if skipping:
            continue
        chunks[-1].lines.append((number, raw.rstrip()))
    chunks[0].lines, header = _strip_page_header(chunks[0].lines)
    chunks[0].dropped += header
    first_line = next((line.strip(" \t\u3000") for _, line in chunks[0].lines if line.strip()), first_line)
    if len(chunks) == 1 and is_title_line(first_line):
        chunks[0].title = first_line
        chunks[0].lines = _drop_first(chunks[0].lines, first_line)
    articles, outside = [], []
    for chunk in chunks:
        if _chars(chunk.text) >= MIN_ARTICLE_CHARS:
            articles.append(chunk)
            continue
        reason = "第一篇文章之前的页面文字" if chunk is chunks[0] else f"不足 {MIN_ARTICLE_CHARS} 字的片段"
        outside += chunk.dropped + [(n, line.strip(), reason) for n, line in chunk.lines if line.strip()]
    for i, article in enumerate(articles, start=1):
        article.position = i
        article.dropped.sort()
    return articles, sorted(outside)


def is_title_line(line: str) -> bool:
    """Whether a line reads like a report title: short, no sentence punctuation, 总结/计划/…"""
    return bool(_match_any(_patterns()["title_line"], line.strip(" \t\u3000")))


def is_boilerplate(line: str) -> bool:
    """Whether a single line is site furniture (drop or stop pattern)."""
    pats, line = _patterns(), line.strip(" \t\u3000")
    return bool(_match_any(pats["drop_line"], line) or _match_any(pats["stop_line"], line))


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

@cache
def _patterns() -> dict[str, list[re.Pattern]]:
    """Compiled patterns from the data file."""
    data = yaml.safe_load((DATA / "boilerplate.yml").read_text(encoding="utf-8"))
    return {key: [re.compile(p) for p in value] for key, value in data.items()}


def _match_any(patterns: list[re.Pattern], line: str) -> re.Match | None:
    """The first pattern that matches the line."""
    for pattern in patterns:
        m = pattern.search(line)
        if m:
            return m
    return None


def _strip_page_header(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]]]:
    """(lines, dropped): the page's header lines (``header_line`` rules) before the first other line."""
    header, dropped = _patterns()["header_line"], []
    for i, (number, line) in enumerate(lines):
        stripped = line.strip(" \t\u3000")
        if not stripped:
            continue
        if not _match_any(header, stripped):
            return lines[i:], dropped
        dropped.append((number, stripped, "header_line"))
    return [], dropped


def _drop_first(lines: list[tuple[int, str]], title: str) -> list[tuple[int, str]]:
    """The lines without a leading title line that the header strip kept."""
    for i, (_, line) in enumerate(lines):
        if line.strip():
            return lines[i + 1:] if line.strip(" \t\u3000") == title else lines
    return lines


def _chars(text: str) -> int:
    """Number of non-space characters."""
    return len(re.sub(r"\s", "", text))
