"""MkDocs hook: the unit, kind and theme listing pages and their navigation.

A thin adapter over ``gonghui_core.listings``: each page is added to the build
as a generated file, and a ``nav:`` entry that names a section's index page
(``按单位类型: units/index.md``) becomes that section, with one entry per
vocabulary item after the index page.
"""

from __future__ import annotations

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from gonghui_core.listings import SECTIONS, listing_nav, listing_pages
from hooks.order import priority

# -----------------------------------------------------------------------------
# Hooks
# -----------------------------------------------------------------------------

@event_priority(priority("on_config", "listings"))
def on_config(config):
    """Expand ``units/index.md``-style nav entries into their sections."""
    if config.nav:
        config.nav = [_expand(item) for item in config.nav]
    return config


@event_priority(priority("on_files", "listings"))
def on_files(files, config):
    """Add the generated listing pages; a hand-made page of the same path is an error."""
    for src_uri, markdown in listing_pages().items():
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} 与由词表生成的列表页重复（删去该文件；页面由 "
                              f"gonghui_core/data/vocabularies.yml 生成）")
        files.append(File.generated(config, src_uri, content=markdown))
    return files


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _expand(item):
    """A nav item, with a listing section's index page expanded into the section."""
    if not isinstance(item, dict) or len(item) != 1:
        return item
    (title, value), = item.items()
    if isinstance(value, str) and value.endswith("/index.md") and value.split("/")[0] in SECTIONS:
        return {title: [value, *listing_nav(value.split("/")[0])]}
    return item
