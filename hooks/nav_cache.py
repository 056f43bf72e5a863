"""MkDocs hook: Material's navigation is rendered once per folder for pages outside it.

Every page carries the whole site navigation (sidebar and tabs). For a page
that is not in the navigation (the examples and templates: nearly every page
of the site) nothing in it is active, so the HTML differs only in its relative
links. Pages in one folder (``examples/school/a/``, ``examples/school/b/``)
have the same relative links to every page in the navigation, so they share
one rendering: a few dozen renderings instead of one per page save about a
fifth of the time the theme takes (each is still Material's own partial,
unchanged).

The hook puts a small wrapper in front of Material's ``partials/nav.html``
and ``partials/tabs.html`` (the originals stay reachable as ``material/…``);
without the hook (Zensical runs none) the theme renders them as usual. A test
builds the site with and without it and compares every page byte for byte.
"""

from __future__ import annotations

import jinja2
from mkdocs.plugins import event_priority

from hooks.order import priority

# Each partial, wrapped: its original is the theme's own file under the prefix.
WRAPPERS = {name: f'{{% call cached_nav("{name}", page) %}}{{% include "material/{name}" %}}{{% endcall %}}'
            for name in ("partials/nav.html", "partials/tabs.html")}
ASSETS = "assets/"  # the logo and icons the partials may link to
_state: dict = {"in_nav": set(), "targets": [], "cache": {}}


@event_priority(priority("on_nav", "nav_cache"))
def on_nav(nav, config, files):
    """Remember which pages the navigation holds (those render it themselves) and where it links."""
    _state["in_nav"] = {page.file.src_uri for page in nav.pages}
    _state["targets"] = sorted({page.url for page in nav.pages} | {"", ASSETS})
    _state["cache"] = {}
    return nav


@event_priority(priority("on_env", "nav_cache"))
def on_env(env, config, files):
    """Serve the wrappers in front of Material's partials; define ``cached_nav``."""
    original = env.loader
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(WRAPPERS),
                                      jinja2.PrefixLoader({"material": original}), original])
    env.globals["cached_nav"] = cached_nav
    return env


def cached_nav(name: str, page, caller) -> str:
    """Body of a Jinja ``call`` block around the nav partial, rendered once per folder for pages outside the nav."""
    url = page.url if page is not None else ""
    if page is None or page.file.src_uri in _state["in_nav"] or not url.endswith("/") \
            or any(target.startswith(url) for target in _state["targets"] if target):
        return caller()
    # Relative links from a/b/x/ and a/b/y/ to a page that lies under neither are the same.
    key = (name, url.rstrip("/").rpartition("/")[0])
    if key not in _state["cache"]:
        _state["cache"][key] = caller()
    return _state["cache"][key]
