"""Internal links (ZH-13): relative .md targets exist, #anchors resolve."""

from __future__ import annotations

import posixpath
import re
from functools import cache, lru_cache
from pathlib import Path

from gonghui_core.headings import heading_ids
from gonghui_core.listings import listing_pages
from gonghui_core.schema import FRONT_MATTER_RE, Problem

from .headings import headings
from .reading import Loaded
from .rules import problem

LINK_RE = re.compile(r"!?\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
EXPLICIT_ID_RE = re.compile(r"\{[^{}]*#([\w-]+)[^{}]*\}\s*$")
RENDER_RE = re.compile(r"^render_macros:\s*true\s*$", re.M | re.I)


def anchors_of(body: str, rendered: bool = False) -> set[str] | None:
    """Heading ids of a page as the toc extension makes them; None when macros may add headings."""
    if rendered and "{{" in body:
        return None
    ids = set(heading_ids([text for _n, _level, text in headings(body, 1)], escape=False))
    ids.update(m.group(1) for line in body.splitlines() if (m := EXPLICIT_ID_RE.search(line)))
    return ids


def check_links(item: Loaded, docs_dir: Path) -> list[Problem]:
    """Every relative link to a page and every #anchor resolves."""
    page, problems = item.page, []
    for n, line in enumerate(page.body.split("\n"), start=page.body_line):
        for m in LINK_RE.finditer(line):
            target = m.group(1)
            if SCHEME_RE.match(target) or target.startswith("//"):
                continue
            problems += _check_target(item, docs_dir, n, target)
    return problems


def _check_target(item: Loaded, docs_dir: Path, n: int, target: str) -> list[Problem]:
    """Problems with one relative link target."""
    path_part, _, anchor = target.partition("#")
    page = item.page
    if path_part and not path_part.endswith(".md"):
        return []  # assets and generated downloads are checked by the strict build
    if path_part:
        rel = posixpath.normpath(posixpath.join(page.path.parent.as_posix(), path_part))
        dest = Path(rel)
        inside = dest.resolve().is_relative_to(docs_dir.resolve())
        if inside and not dest.is_file() and _generated(dest, docs_dir):
            return []  # a listing page made from the vocabularies at build time
        if not inside or not dest.is_file():
            return [problem(page.path, n, "ZH-13", f"链接目标不存在：{path_part}")]
        body, rendered = _body_of(dest)
    else:
        body, rendered = page.body, page.meta.get("render_macros") is True
    if anchor:
        ids = anchors_of(body, rendered)
        if ids is not None and anchor not in ids:
            return [problem(page.path, n, "ZH-13", f"锚点 #{anchor} 在 {path_part or '本页'} 中不存在",
                            "锚点写成标题去掉标点后的文字，如 #一加强组织建设")]
    return []


def _generated(dest: Path, docs_dir: Path) -> bool:
    """Whether a path is one of the listing pages the build generates (units/, kinds/, themes/)."""
    return dest.resolve().relative_to(docs_dir.resolve()).as_posix() in _listing_paths()


@lru_cache(maxsize=1)
def _listing_paths() -> frozenset[str]:
    return frozenset(listing_pages())


@cache
def _body_of(path: Path) -> tuple[str, bool]:
    """A linked page's body without its front matter, and whether macros render it."""
    try:
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return "", True
    m = FRONT_MATTER_RE.match(text)
    head = m.group(0) if m else ""
    return text[len(head):], RENDER_RE.search(head) is not None
