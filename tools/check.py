"""Check example and template pages: ``python -m tools.check [PATH...] [--fix]``.

Without PATH, checks every page under docs/examples and docs/templates. Each
problem is printed as ``path:line: message（how to fix, rule id）``; the exit
code is 1 when there is any. ``--fix`` repairs what is safe (BOM and CRLF,
punctuation, anonymisation markers, look-alike characters) in place, then
reports what is left. ``--write-style-doc`` regenerates
docs/contributing/style.md from tools/data/style_rules.yml.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from gonghui_core.files import write_atomic
from gonghui_core.rules import PAGE_KINDS
from gonghui_core.schema import Problem
from tools.checks import duplicates, fixing, headings, links, meta, reading, rules, text

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SECTIONS = tuple(PAGE_KINDS)  # the folders of document pages: examples, templates


def main(argv: list[str] | None = None) -> int:
    """Run the checker; return 0 when every page passes, 1 otherwise."""
    args = _parser().parse_args(argv)
    if args.write_style_doc:
        write_atomic(rules.STYLE_DOC, rules.render_markdown())
        print(rules.show_path(rules.STYLE_DOC))
        return 0
    docs_dir = Path(args.docs_dir)
    targets = _targets(args.paths, docs_dir)
    if args.fix:
        fixed = _fix(targets, docs_dir)
        for path in fixed:
            print(f"已修正：{rules.show_path(path)}", file=sys.stderr)
    problems = check(targets, docs_dir)
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for p in problems:
        print(p)
        if annotate:  # shown on the pull request's changed lines
            print(github_annotation(p))
    return 1 if problems else 0


def github_annotation(p: Problem) -> str:
    """A GitHub Actions workflow command that marks the problem on its file and line."""
    message = f"{p.message}（{p.fix}）" if p.fix else p.message
    return f"::error file={_escape(p.path, True)},line={p.line}::{_escape(message)}"


def _escape(value: str, prop: bool = False) -> str:
    """Escape a workflow-command value (and a property, which also escapes : and ,)."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def check(targets: list[Path], docs_dir: Path = DOCS) -> list[Problem]:
    """Every problem of the target pages, sorted by path and line."""
    corpus_paths = _targets([], docs_dir) if docs_dir.is_dir() else []
    loaded, problems = {}, []
    for path in dict.fromkeys(targets + corpus_paths):
        item, refused = reading.load(path, docs_dir)
        if item:
            loaded[path] = item
        elif path in targets:
            problems += refused
    corpus = list(loaded.values())
    mine = [loaded[p] for p in targets if p in loaded]
    for item in mine:
        problems += meta.check_meta(item)
        problems += headings.check_headings(item)
        problems += text.check_text(item)
        problems += links.check_links(item, docs_dir)
    mine_paths = {str(i.page.path) for i in mine}
    problems += [p for p in meta.check_unique(corpus) if p.path in mine_paths]
    problems += duplicates.check_duplicates(mine, corpus)
    for p in problems:
        p.path = rules.show_path(Path(p.path))
    return sorted(problems, key=lambda p: (p.path, p.line, p.message))


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    """Command-line options."""
    parser = argparse.ArgumentParser(prog="python -m tools.check", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="页面文件或目录（默认：docs/examples 和 docs/templates）")
    parser.add_argument("--fix", action="store_true", help="自动修正标点、匿名标记、形近字、BOM 和 CRLF")
    parser.add_argument("--docs-dir", default=str(DOCS), help=argparse.SUPPRESS)
    parser.add_argument("--write-style-doc", action="store_true", help="由 style_rules.yml 重新生成写作规范页面")
    return parser


def _targets(paths: list[str], docs_dir: Path) -> list[Path]:
    """Files to check: the given files, the pages in given directories, or every page."""
    if not paths:
        return [p for s in SECTIONS for p in sorted((docs_dir / s).glob("*/*.md"))]
    out = []
    for raw in paths:
        path = Path(raw).absolute()
        out += _pages_in(path, docs_dir) if path.is_dir() else [path]
    return out


def _pages_in(folder: Path, docs_dir: Path) -> list[Path]:
    """Markdown files in a folder, less the section index pages (docs/templates/index.md)."""
    index_pages = {(docs_dir / s / "index.md").absolute() for s in SECTIONS}
    return [p for p in sorted(folder.rglob("*.md")) if p.absolute() not in index_pages]


def _fix(targets: list[Path], docs_dir: Path) -> list[Path]:
    """Repair every readable target in place; the paths that changed."""
    changed = []
    for path in targets:
        item, _refused = reading.load(path, docs_dir)
        if item and fixing.fix_page(item):
            changed.append(path)
    return changed


if __name__ == "__main__":
    sys.exit(main())
