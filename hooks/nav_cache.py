"""MkDocs hook: Material's navigation is rendered once per set of relative links for pages outside it.

Every page carries the whole site navigation (sidebar and tabs). For a page
that is not in the navigation (the examples and templates: nearly every page
of the site) nothing in it is active, so the HTML differs only in its relative
links. Pages whose relative links to every navigation target (and to the
assets) are the same share one rendering: a few renderings instead of one per
page saves about a fifth of the time the theme takes (each is still
Material's own partial, unchanged).

The hook puts a small wrapper in front of Material's ``partials/nav.html``
and ``partials/tabs.html`` (the originals stay reachable as ``material/…``);
without the hook (Zensical runs none) the theme renders them as usual. A test
builds the site with and without it and compares every page byte for byte.
"""

from __future__ import annotations

import jinja2
from mkdocs.utils import get_relative_url

# Each partial, wrapped: its original is the theme's own file under the prefix.
WRAPPERS = {name: f'{{% call cached_nav("{name}", page) %}}{{% include "material/{name}" %}}{{% endcall %}}'
            for name in ("partials/nav.html", "partials/tabs.html")}
ASSETS = "assets/"  # the logo and icons the partials may link to
_state: dict = {"in_nav": set(), "targets": [], "cache": {}}


def on_nav(nav, config, files):
    """Remember which pages the navigation holds (those render it themselves) and where it links."""
    _state["in_nav"] = {page.file.src_uri for page in nav.pages}
    _state["targets"] = sorted({page.url for page in nav.pages} | {"", ASSETS})
    _state["cache"] = {}
    return nav


def on_env(env, config, files):
    """Serve the wrappers in front of Material's partials; define ``cached_nav``."""
    original = env.loader
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader(WRAPPERS),
                                      jinja2.PrefixLoader({"material": original}), original])
    env.globals["cached_nav"] = cached_nav
    return env


def cached_nav(name: str, page, caller) -> str:
    """The body of a ``{% call cached_nav(name, page) %}`` block, rendered once per key for pages outside the nav."""
    if page is None or page.file.src_uri in _state["in_nav"]:
        return caller()
    key = (name, page.url.count("/"), *(get_relative_url(url, page.url) for url in _state["targets"]))
    if key not in _state["cache"]:
        _state["cache"][key] = caller()
    return _state["cache"][key]
