"""The order of the build's steps, stated once: every hook's priority per MkDocs event.

MkDocs runs an event's handlers from the highest priority to the lowest
(plugins and hooks together; 0 is the default, Material's search plugin and
mkdocs-macros run at 0 before the hooks of the same priority). Every hook
takes its ``@event_priority`` from ``priority(event, step)``;
``tests/test_hook_order.py`` checks that each handler's priority is the one
in this table and that the table names no handler that does not exist.

A step is the hook file's name, or ``file.handler`` for an event that one
hook handles with several functions (``CombinedEvent``).
"""

from __future__ import annotations

ORDER: dict[str, dict[str, int]] = {
    "on_startup": {
        "docx_export": 0,
        "offline_bundle": 0,
        "search_index": 0,
    },
    "on_config": {
        "atomic_site": 100,      # first: every later hook and plugin writes into the temporary folder
        "listings": 0,
        "offline_bundle": 0,     # reads its switch: a wrong value fails the build here
        "search_index": 0,
    },
    "on_pre_build": {
        "docx_export": 0,
        "search_index": 0,
    },
    "on_files": {
        "validate_pages": 100,   # before every other on_files: listings, tags, search
        "listings": 0,
        "docx_export": 0,        # --dirty: walks of pages not rendered again
        "page_info": 0,
    },
    "on_nav": {
        "nav_cache": 0,
    },
    "on_env": {
        "nav_cache": 0,
    },
    "on_page_markdown": {
        "escape_examples": 100,  # before every plugin, mkdocs-macros included
        "search_index": 0,
    },
    "on_page_content": {
        "escape_examples": 100,  # before other content hooks add the site's own markup
        "placeholders": 0,
        "docx_export": -50,      # late: after other content hooks, so the document matches the page
    },
    "on_page_context": {
        "search_index": 0,
        "page_info": 0,
    },
    "on_post_page": {
        "escape_examples": -100,  # last: the finished page
    },
    "on_post_build": {
        "search_index._start_finish": 50,     # first: the worker finishes the index while the others run
        "docx_export": 0,                     # waits for the Word documents, writes draft-base.js
        "offline_bundle._start_bundle": -10,  # after the Word documents: all but the search index is final
        "search_index._write_manifest": -50,  # after Material's search plugin and the Word documents
        "offline_bundle._finish_bundle": -100,  # after the search index; adds it to the zip
        "atomic_site": -1000,                 # last: the finished site is swapped in
    },
    "on_build_error": {
        "atomic_site": 0,
        "docx_export": 0,
        "offline_bundle": 0,
        "search_index": 0,
    },
}


def priority(event: str, step: str) -> int:
    """The priority of one step's handler of an event (KeyError: the step is not in the table)."""
    try:
        return ORDER[event][step]
    except KeyError:
        raise KeyError(f"hooks/order.py names no step {step!r} for {event}") from None
