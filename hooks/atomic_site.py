"""MkDocs hook: a failed build leaves the previous site as it was.

The site is built into a temporary sibling folder (``site.building-<pid>``);
only when the build has succeeded (no error, and in strict mode no warning)
is it swapped in place of ``site_dir``. A failed build removes the temporary
folder and leaves ``site/`` untouched, instead of a wiped folder holding only
the Word files written before the failure.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import CountHandler

from hooks.order import priority

log = logging.getLogger("mkdocs.hooks.atomic_site")
SUFFIX = ".building-"
_state: dict = {}


# -----------------------------------------------------------------------------
# Events
# -----------------------------------------------------------------------------

@event_priority(priority("on_config", "atomic_site"))
def on_config(config):
    """Build into a temporary sibling of site_dir."""
    final = Path(config.site_dir).absolute()
    building = final.with_name(f"{final.name}{SUFFIX}{os.getpid()}")
    _remove(building)
    _state[str(building)] = final
    config.site_dir = str(building)
    return config


@event_priority(priority("on_post_build", "atomic_site"))
def on_post_build(config):
    """Swap the finished site in, unless strict mode will abort the build."""
    building = Path(config.site_dir)
    final = _state.pop(str(building), None)
    if final is None:
        return
    if config.strict and _warnings():
        _remove(building)  # the build is about to abort: keep the previous site
        config.site_dir = str(final)
        return
    swap(building, final)
    config.site_dir = str(final)


@event_priority(priority("on_build_error", "atomic_site"))
def on_build_error(error):
    """Remove the half-built folder; the previous site stays."""
    for building in list(_state):
        _remove(Path(building))
        _state.pop(building, None)


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def swap(new: Path, final: Path) -> None:
    """Put ``new`` at ``final`` (two renames on one file system), then delete the old site."""
    old = final.with_name(f"{final.name}.old-{os.getpid()}")
    _remove(old)
    if final.exists() or final.is_symlink():
        os.replace(final, old)
    os.replace(new, final)
    _remove(old)


def _warnings() -> bool:
    """Whether MkDocs has counted a warning or error in this build (strict mode aborts then)."""
    return any(isinstance(h, CountHandler) and h.get_counts()
               for h in logging.getLogger("mkdocs").handlers)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
