"""Safe repairs for ``python -m tools.check --fix``.

Repairs only what cannot change the meaning: BOM and CRLF, half-width
punctuation between Chinese characters, anonymisation markers, look-alike
characters. The text functions are the importer's (``tools.textclean``), so
import and check agree. Files are replaced atomically.
"""

from __future__ import annotations

import re

from gonghui_core.files import write_atomic

from .lines import FENCE_RE, apply_outside
from .reading import Loaded

TITLE_RE = re.compile(r"^(title:\s*)(.*)$", re.M)
BODY_STEPS = ("fix_lookalikes", "fullwidth_punctuation", "unify_markers")
TITLE_STEPS = ("fix_lookalikes", "fullwidth_punctuation")


def fixed_text(item: Loaded) -> str:
    """The page's text with every safe repair applied (LF endings, no BOM)."""
    text = item.text
    head_len = len(text) - len(item.page.body)
    head, body = text[:head_len], text[head_len:]
    head = TITLE_RE.sub(lambda m: m.group(1) + _apply(m.group(2), TITLE_STEPS), head, count=1)
    steps = BODY_STEPS if item.page_type == "example" else TITLE_STEPS
    return head + _fix_body(body, steps)


def fix_page(item: Loaded) -> bool:
    """Repair one page in place; True when the file changed."""
    text = fixed_text(item)
    if text == item.text and not (item.had_bom or item.had_crlf):
        return False
    write_atomic(item.page.path, text)
    return True


def _fix_body(body: str, steps: tuple[str, ...]) -> str:
    """Apply the text steps to each line outside code fences."""
    out, in_fence = [], False
    for line in body.split("\n"):
        if FENCE_RE.match(line):
            in_fence = not in_fence
        out.append(line if in_fence or FENCE_RE.match(line) else apply_outside(line, lambda t: _apply(t, steps)))
    return "\n".join(out)


def _apply(text: str, steps: tuple[str, ...]) -> str:
    """Run the named tools.textclean functions over a piece of text."""
    from tools import textclean

    for name in steps:
        text = getattr(textclean, name)(text)
    return text
