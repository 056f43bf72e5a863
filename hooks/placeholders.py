"""MkDocs hook: mark fill-in placeholders such as 【单位名称】 on template and example pages.

Each 【…】 in the page's text (not in code, not inside tags) is wrapped in
``<span class="placeholder">``; the text itself is unchanged, so copying,
search and the Word export still see plain 【…】.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

from gonghui_core.rules import PLACEHOLDER_RE
from hooks.order import priority

TAG_SPLIT_RE = re.compile(r"(<[^>]*>)")
RAW_OPEN_RE = re.compile(r"^<(code|pre|script|style|textarea|kbd)\b", re.I)
RAW_CLOSE_RE = re.compile(r"^</(code|pre|script|style|textarea|kbd)\s*>", re.I)
WRAP = r'<span class="placeholder" title="请替换为实际内容">\g<0></span>'


# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

@event_priority(priority("on_page_content", "placeholders"))
def on_page_content(html, page, config, files):
    """Wrap placeholders on every page that has them."""
    return mark_placeholders(html) if "【" in html else html


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def mark_placeholders(html: str) -> str:
    """Wrap each 【…】 in text (outside tags and code) in a placeholder span."""
    out, raw_depth = [], 0
    for part in TAG_SPLIT_RE.split(html):
        if part.startswith("<"):
            if RAW_OPEN_RE.match(part):
                raw_depth += 1
            elif RAW_CLOSE_RE.match(part):
                raw_depth = max(0, raw_depth - 1)
            out.append(part)
        else:
            out.append(part if raw_depth else PLACEHOLDER_RE.sub(WRAP, part))
    return "".join(out)
