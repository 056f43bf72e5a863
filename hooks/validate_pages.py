"""MkDocs hook: every page is checked before anything else reads it.

Runs first in ``on_files`` (before the listing pages are generated, before
mkdocs-macros, the tags plugin, the search index or the Word export look at a
page). It refuses, naming each file:

- a file that is, or lies under, a symbolic link resolving outside the
  repository (its content would otherwise be published in HTML, the search
  index and the .docx);
- a page that is not UTF-8 (UTF-16 and GBK named as such), or whose front
  matter is not safe YAML (anchors and aliases, duplicate or merge keys);
- an example or template page whose front matter does not pass the core
  schema (``gonghui_core.schema.validate_meta``): unknown unit or kind, title
  as a list or a number, period in Chinese numerals or with markup, …

Every problem is printed as ``path:line: message（fix）`` and the build stops
(an invalid page cannot be shown safely, strict or not), so no later step ever
meets a bad page and no traceback blames a listing page.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from gonghui_core.schema import Problem, check_page_file, load_vocab, read_page_cached
from hooks.order import priority

# -----------------------------------------------------------------------------
# Events
# -----------------------------------------------------------------------------

@event_priority(priority("on_files", "validate_pages"))
def on_files(files, config):
    """Refuse outside symlinks and invalid pages; stop the build with every problem."""
    root = Path(config.config_file_path).resolve().parent
    problems = page_problems(files, root, Path(config.docs_dir))
    if problems:
        shown = "\n".join(str(p) for p in problems)
        raise PluginError(f"{len(problems)} 个页面问题，构建已停止：\n{shown}")
    return files


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def page_problems(files, root: Path, docs_dir: Path) -> list[Problem]:
    """Problems of every file of the build that comes from ``docs/`` (theme files are the theme's)."""
    vocab, problems = load_vocab(), []
    docs = Path(os.path.abspath(docs_dir))
    for file in files:
        if file.generated_by or not file.abs_src_path:
            continue
        path = Path(os.path.abspath(file.abs_src_path))
        if not path.is_relative_to(docs):
            continue
        shown = _show(path, root)
        outside = _outside_target(path, root)
        if outside is not None:
            problems.append(Problem(shown, 1, f"是指向仓库之外的符号链接（{outside}），不会发布",
                                    "把文件本身放进仓库，删去该链接"))
            continue
        if file.is_documentation_page():
            for p in check_page_file(path, file.src_uri, vocab, reader=read_page_cached):
                p.path = shown
                problems.append(p)
    return problems


def _outside_target(path: Path, root: Path) -> str | None:
    """Where a path resolves when that is outside the repository, else None."""
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return "无法解析的链接"
    return None if target.is_relative_to(root) else str(target)


def _show(path: Path, root: Path) -> str:
    """The path relative to the repository (as the checker prints it)."""
    try:
        return path.absolute().relative_to(root).as_posix()
    except ValueError:
        try:
            return path.absolute().relative_to(root.resolve()).as_posix()
        except ValueError:
            return str(path)
