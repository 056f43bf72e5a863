"""Character classes and escaping rules shared by the importer, checker, build and export."""

from __future__ import annotations

import re

from .rules import HAN  # Han characters: CJK Unified Ideographs, Extension A, Compatibility Ideographs

# Han plus CJK punctuation and full-width forms: text that takes no spaces between.
CJK = f"\u3000-\u303f{HAN}\uff00-\uffef"
HAN_RUN_RE = re.compile(f"[{HAN}]+")

# Contributed Markdown (example pages) is shown as text: these characters
# become character references before Markdown and macros see the page, so raw
# HTML, Jinja (``{{ }}``) and attribute lists (``{: }``) stay literal.
CONTRIBUTED_ESCAPES = str.maketrans({"<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;"})
MARKUP_CHARS = frozenset("<>{}")

MARKDOWN_SYNTAX_RE = re.compile(r"[#>*_`|\-\s]|\[|\]|\(http[^)]*\)")


def escape_contributed(text: str) -> str:
    """Contributed Markdown with its markup characters made into character references."""
    return text.translate(CONTRIBUTED_ESCAPES)


def has_markup(text: str) -> bool:
    """Whether text contains a character that could become markup."""
    return any(c in MARKUP_CHARS for c in text)


def text_length(body: str) -> int:
    """Characters of text, ignoring Markdown syntax and whitespace."""
    return len(MARKDOWN_SYNTAX_RE.sub("", body))
