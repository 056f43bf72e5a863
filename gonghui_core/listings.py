"""The unit, kind and theme listing pages, made from the vocabularies.

Each vocabulary entry gets one page (``units/<slug>.md``, ``kinds/<slug>.md``,
``themes/<slug>.md``) whose Markdown calls the catalogue macros, and one
navigation entry under its section's index page. Adding a unit type is one
entry in ``data/vocabularies.yml``: no stub page, no ``nav:`` line.
"""

from __future__ import annotations

import json

from .vocab import Vocab, load_vocab

SECTIONS = ("units", "kinds", "themes")


def listing_pages(vocab: Vocab | None = None) -> dict[str, str]:
    """Source path -> Markdown of every listing page."""
    vocab = vocab or load_vocab()
    pages = {}
    for slug, entry in vocab.units.items():
        pages[f"units/{slug}.md"] = _table_page(entry, f'unit="{slug}"')
    for slug, entry in vocab.kinds.items():
        pages[f"kinds/{slug}.md"] = _table_page(entry, f'kind="{slug}"')
    for label, slug in vocab.theme_slugs.items():
        pages[f"themes/{slug}.md"] = _page(label, "", f'{{{{ theme_sections("{slug}") }}}}\n')
    return pages


def listing_nav(section: str, vocab: Vocab | None = None) -> list[dict[str, str]]:
    """Navigation entries of one section's listing pages, in the vocabulary's order."""
    vocab = vocab or load_vocab()
    if section == "units":
        return [{e["label"]: f"units/{slug}.md"} for slug, e in vocab.units.items()]
    if section == "kinds":
        return [{e["label"]: f"kinds/{slug}.md"} for slug, e in vocab.kinds.items()]
    if section == "themes":
        return [{label: f"themes/{slug}.md"} for label, slug in vocab.theme_slugs.items()]
    raise ValueError(f"unknown listing section {section!r}; allowed: {', '.join(SECTIONS)}")


def _table_page(entry: dict, selector: str) -> str:
    """A unit or kind page: its templates, then its examples."""
    body = (f"## 模板\n\n{{{{ templates_table({selector}) }}}}\n\n"
            f"## 范文\n\n{{{{ examples_table({selector}) }}}}\n")
    return _page(entry["label"], entry.get("intro", ""), body)


def _page(title: str, intro: str, body: str) -> str:
    """A listing page with macros on; the title is JSON-quoted, valid YAML whatever it holds."""
    head = f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nrender_macros: true\n---\n\n"
    intro = f"{intro}\n\n" if intro else ""
    return f"{head}# {title}\n\n{intro}{body}"
