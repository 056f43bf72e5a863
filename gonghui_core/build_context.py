"""One build's settings and what its steps compute for its pages, handed along with the generator's config.

``TakeawaySettings`` is ``extra.takeaway`` in ``mkdocs.yml`` read once and
checked (``from_extra``); ``BuildContext`` holds it and every page's walked
document (``gonghui_core.page_doc.PageDoc``) by source path. The context lives
in the config's ``extra`` under ``CONTEXT_KEY``: MkDocs makes a new config for
every build (``mkdocs serve`` too), so a new build starts from an empty
context, and mkdocs-macros (which Zensical also runs, without MkDocs hooks)
reaches the same object through ``env.conf``. No generator imports here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields

from .page_doc import PageDoc

CONTEXT_KEY = "takeaway_build"  # in config.extra
AUTO = "auto"


class SettingsError(ValueError):
    """A value in extra.takeaway that is not allowed (the message names the key, the value and what is)."""


def _is_flag(value) -> bool:
    """Whether a value is true/false (1/0 from an environment variable)."""
    return isinstance(value, bool) or (isinstance(value, int) and value in (0, 1))


def _flag(key: str, value) -> bool:
    """true/false."""
    if _is_flag(value):
        return bool(value)
    raise SettingsError(f"extra.takeaway.{key} in mkdocs.yml must be true or false, not {value!r}")


def _auto_or_flag(key: str, value) -> bool | str:
    """auto, true or false."""
    if value == AUTO or _is_flag(value):
        return value if value == AUTO else bool(value)
    raise SettingsError(f"extra.takeaway.{key} in mkdocs.yml must be auto, true or false, not {value!r}")


def _auto_or_count(key: str, value) -> int | str:
    """auto or a number ≥ 0."""
    if value == AUTO or (isinstance(value, int) and not isinstance(value, bool) and value >= 0):
        return value
    raise SettingsError(f"extra.takeaway.{key} in mkdocs.yml must be auto or a number ≥ 0, not {value!r}")


@dataclass(frozen=True)
class TakeawaySettings:
    """The build switches of ``extra.takeaway`` (see the comments in mkdocs.yml)."""

    offline_bundle: bool = True       # downloads/gonghui-offline.zip after `mkdocs build`
    docx: bool = True                 # Word documents and 我的草稿 data
    docx_workers: int | str = AUTO    # processes making the documents: auto or a number (0: in the build)
    docx_cache: bool = True           # reuse unchanged pages' documents from .cache/docx/
    search_worker: bool | str = AUTO  # the search index in a worker process: auto, true or false

    @classmethod
    def from_extra(cls, extra: Mapping | None) -> TakeawaySettings:
        """The settings from a config's ``extra`` (its ``takeaway`` mapping); SettingsError for a wrong value or key."""
        takeaway = (extra or {}).get("takeaway") or {}
        if not isinstance(takeaway, Mapping):
            raise SettingsError(f"extra.takeaway in mkdocs.yml must be a mapping of switches, not {takeaway!r}")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(takeaway) - known)
        if unknown:
            raise SettingsError(f"extra.takeaway.{unknown[0]} in mkdocs.yml is not a switch"
                                f" (known: {', '.join(sorted(known))})")
        checks = {"offline_bundle": _flag, "docx": _flag, "docx_cache": _flag,
                  "docx_workers": _auto_or_count, "search_worker": _auto_or_flag}
        return cls(**{key: checks[key](key, value) for key, value in takeaway.items()})


@dataclass
class BuildContext:
    """One build: its settings and the walked document of each rendered page, by source path."""

    settings: TakeawaySettings = field(default_factory=TakeawaySettings)
    docs: dict[str, PageDoc] = field(default_factory=dict)

    def page_doc(self, src_uri: str) -> PageDoc | None:
        """The walk of a page rendered (or, for --dirty, read back from the last build) in this build."""
        return self.docs.get(src_uri)


def context_of(config) -> BuildContext:
    """The build context of a config (MkDocs config, mkdocs-macros' env.conf or a plain dict), made on first use.

    Making it reads extra.takeaway (SettingsError when a value is wrong).
    """
    extra = _extra(config)
    context = extra.get(CONTEXT_KEY)
    if context is None:
        context = BuildContext(TakeawaySettings.from_extra(extra))
        extra[CONTEXT_KEY] = context
    return context


def _extra(config) -> dict:
    """The config's extra mapping (created when it has none)."""
    if isinstance(config, Mapping):
        extra = config.get("extra")
        if extra is None:
            extra = config["extra"] = {}
        return extra
    if getattr(config, "extra", None) is None:
        config.extra = {}
    return config.extra
