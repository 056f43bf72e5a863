"""The heading ids the site gives: Python-Markdown's toc with pymdownx's slugify.

``mkdocs.yml`` configures ``toc.slugify`` with the same function; the checker's
link check and the theme pages' anchors use ``heading_ids`` so they agree with
the built pages.
"""

from __future__ import annotations

from functools import lru_cache

import markdown
from pymdownx.slugs import slugify

from .text import escape_contributed

TOC_SLUGIFY = slugify(case="lower")   # as in mkdocs.yml (toc.slugify)


def heading_ids(texts: list[str], escape: bool = True) -> list[str]:
    """Ids Python-Markdown's toc gives these headings, in order (duplicates get _1, _2).

    ``escape``: the headings are contributed text, escaped as the build escapes it.
    """
    if not texts:
        return []
    source = "\n\n".join("## " + (escape_contributed(t) if escape else t) for t in texts)
    md = _toc_markdown()
    md.reset()  # one instance for all pages: making one costs more than converting
    md.convert(source)
    return [token["id"] for token in md.toc_tokens]  # all at one level: a flat list


@lru_cache(maxsize=None)
def _toc_markdown() -> markdown.Markdown:
    """A Python-Markdown instance with the site's toc slugify."""
    return markdown.Markdown(extensions=["toc"], extension_configs={"toc": {"slugify": TOC_SLUGIFY}})
