"""The build context of a MkDocs build (gonghui_core.build_context), for the hooks: a wrong setting is a PluginError."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from gonghui_core.build_context import BuildContext, SettingsError, context_of


def build_context(config) -> BuildContext:
    """This build's context: extra.takeaway read once, the pages' walks (a wrong setting fails the build)."""
    try:
        return context_of(config)
    except SettingsError as exc:
        raise PluginError(str(exc)) from exc
