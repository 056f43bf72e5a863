"""MkDocs hook: example pages are contributed text, shown as text.

Example pages (``docs/examples/**``) must never run code in the site:

- they are never rendered as Jinja: ``render_macros`` is forced to false in
  their metadata before mkdocs-macros sees the page (mkdocs-macros honours
  ``render_macros: false`` above everything else, even a forced render);
- they never carry raw HTML or Markdown attributes into the page: ``<``, ``>``,
  ``{`` and ``}`` in their Markdown become character references, so
  ``<script>`` is displayed as the text "<script>", and ``{: onclick=…}``
  attribute lists and ``{{ … }}`` stay literal.

The checker (``python -m tools.check``, rule ZH-11) refuses such pages; this
hook is the second line of defence when one reaches the build anyway.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

from gonghui_core.text import escape_contributed, has_markup

EXAMPLES_PREFIX = "examples/"


# -----------------------------------------------------------------------------
# Events
# -----------------------------------------------------------------------------

@event_priority(100)  # before every plugin, mkdocs-macros included
def on_page_markdown(markdown, page, config, files):
    """Disable macros for example pages and escape their markup characters."""
    if not _is_example(page):
        return markdown
    page.meta["render_macros"] = False
    if isinstance(page.meta.get("title"), str) and has_markup(page.meta["title"]):
        page.meta["title"] = escape_contributed(page.meta["title"])
    if page.title and has_markup(page.title):
        page.title = escape_contributed(page.title)
    return escape_contributed(markdown)


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _is_example(page) -> bool:
    """Whether the page is a contributed example."""
    return page.file.src_uri.startswith(EXAMPLES_PREFIX)

