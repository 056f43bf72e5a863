"""Facts line for example pages: unit type, kind, period and length.

Readers arriving from search need to see at a glance what a page is; the
values come from the front matter through the shared schema.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from gonghui_core.schema import load_vocab, period_label, text_length
from hooks.order import priority

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

_files = None


@event_priority(priority("on_files", "page_info"))
def on_files(files, config):
    """Remember the build's files to resolve listing-page URLs."""
    global _files
    _files = files
    return files


@event_priority(priority("on_page_context", "page_info"))
def on_page_context(context, page, config, nav):
    """Add ``page_info`` to the template context of example pages."""
    if not page.file.src_uri.startswith("examples/"):
        return context
    vocab, meta = load_vocab(), page.meta
    unit, kind = meta.get("unit"), meta.get("kind")
    if unit not in vocab.units or kind not in vocab.kinds:
        return context
    context["page_info"] = {
        "unit": vocab.unit_label(unit),
        "unit_url": _url(page, f"units/{unit}.md"),
        "kind": vocab.kind_label(kind),
        "kind_url": _url(page, f"kinds/{kind}.md"),
        "period": period_label(meta.get("period")),
        "length": f"{text_length(page.markdown or ''):,}",
    }
    return context


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _url(page, src: str) -> str:
    """Relative URL from the page to another source file (directory or .html URLs alike)."""
    target = _files.get_file_from_path(src) if _files else None
    return get_relative_url(target.url, page.url) if target else ""
