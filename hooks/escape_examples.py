"""MkDocs hook: contributed text is shown as text, and no built page runs it or loads from elsewhere.

Example pages (``docs/examples/**``) must never run code in the site:

- they are never rendered as Jinja: ``render_macros`` is forced to false in
  their metadata before mkdocs-macros sees the page (mkdocs-macros honours
  ``render_macros: false`` above everything else, even a forced render);
- their front matter keeps only the schema's fields (no ``template:``,
  ``description:``, ``hide:`` …), and every value shown by the theme (title,
  tags) is HTML-escaped for text and quoted attributes alike;
- they never carry raw HTML or Markdown attributes into the page: ``<``, ``>``,
  ``{`` and ``}`` in their Markdown become character references, so
  ``<script>`` is displayed as the text "<script>", and ``{: onclick=…}``
  attribute lists and ``{{ … }}`` stay literal;
- the HTML made from their Markdown is sanitised (``gonghui_core.safety``):
  no script-capable element, no ``on*`` attribute, no ``javascript:``/``data:``
  URL in any spelling, no image from another host (its alt text stays).

Every page: a ``description`` is escaped before it reaches ``<head>``, and the
finished HTML of every page that can show contributed fields (examples,
listings, themes, templates, tags) goes through the page-level sanitiser, so
a title or tag that slipped past everything else still cannot run or load.

The checker (``python -m tools.check``, rule ZH-11) and the importer refuse
such pages; ``hooks/validate_pages.py`` stops the build on invalid front
matter. This hook is the last line of defence when one reaches the build anyway.
"""

from __future__ import annotations

import logging

from mkdocs.plugins import event_priority

from gonghui_core.safety import escape_field, might_be_unsafe, sanitize_html
from gonghui_core.schema import EXAMPLE_FIELDS
from gonghui_core.text import escape_contributed
from hooks.order import priority

BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})
EXAMPLES_PREFIX = "examples/"
log = logging.getLogger("mkdocs.hooks.escape_examples")


# -----------------------------------------------------------------------------
# Events
# -----------------------------------------------------------------------------

@event_priority(priority("on_page_markdown", "escape_examples"))
def on_page_markdown(markdown, page, config, files):
    """Disable macros for example pages, keep only schema fields, escape what is shown."""
    meta = page.meta
    if "description" in meta:
        description = meta["description"]
        meta["description"] = escape_field(description) if isinstance(description, str) else ""
    if not _is_example(page):
        return markdown
    for key in [k for k in meta if k not in EXAMPLE_FIELDS]:
        del meta[key]
    meta["render_macros"] = False
    if isinstance(meta.get("title"), str):
        meta["title"] = _shown(meta["title"])
    if page.title:
        page.title = _shown(str(page.title))
    if isinstance(meta.get("tags"), list):
        meta["tags"] = [escape_field(t) for t in meta["tags"] if isinstance(t, str)]
    return escape_contributed(markdown)


@event_priority(priority("on_page_content", "escape_examples"))
def on_page_content(html, page, config, files):
    """Sanitise the HTML made from an example's Markdown."""
    if not _is_example(page) or not might_be_unsafe(html, "content"):
        return html
    clean, removed = sanitize_html(html, "content")
    if removed:
        log.info(f"{page.file.src_uri}: removed unsafe markup: {', '.join(removed[:5])}")
    return clean


@event_priority(priority("on_post_page", "escape_examples"))
def on_post_page(output, page, config):
    """No event handler, unsafe URL or embed from another host in any page."""
    if not might_be_unsafe(output):
        return output
    clean, removed = sanitize_html(output, "page")
    if removed:
        log.info(f"{page.file.src_uri}: removed unsafe markup: {', '.join(removed[:5])}")
    return clean


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _shown(text: str) -> str:
    """A contributed title as HTML text: markup characters and braces as character references."""
    return escape_field(text).translate(BRACES)


def _is_example(page) -> bool:
    """Whether the page is a contributed example."""
    return page.file.src_uri.startswith(EXAMPLES_PREFIX)
