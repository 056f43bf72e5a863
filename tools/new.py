"""Scaffold a new page: ``python -m tools.new example|template ...``.

- ``python -m tools.new example --unit U --kind K --title T [--period P] [--slug S] [--source S] [--tag 主题]``
  creates ``docs/examples/U/S.md`` (S defaults to ``U-P-K``) with valid front
  matter and the section headings of that kind and unit, to be replaced by the
  real text;
- ``python -m tools.new template --unit U --kind K`` creates
  ``docs/templates/U/K.md`` rendering ``section_skeleton`` and the list of
  examples of the same unit and kind.

The front matter is validated with ``gonghui_core.schema`` before anything is
written; an existing file is never overwritten. Prints the path created.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

from gonghui_core.schema import SLUG_RE, Page, load_vocab, validate_meta
from macros.skeleton import section_skeleton
from tools.checks.rules import show_path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
HEADING_RE = re.compile(r"^#{2,6} \S")
EXAMPLE_BODY_NOTE = "（把本节原文粘贴在这里；没有的节整节删去。）"
TEMPLATE_BODY = """
# {title}

## 使用说明

**适用：** （写明适用的单位和时间，例如：{unit_label}工会在什么时候写、报送给谁。）

**不适用：** （写明哪些情况改用其他模板，并给出链接。）

下面各节标题可以直接作为正文标题。**写什么**说明该节写哪些内容；引用框里是可以套用的句式，把【】中的内容换成本单位的实际情况。

{{{{ section_skeleton(kind="{kind}", unit="{unit}") }}}}

## 附：提交前检查

- [ ] 标题写明单位、时间和文种
- [ ] 每项工作都有做法、数字和效果
- [ ] 【】占位符已全部替换
- [ ] 标题层级依次为“一、（一）1.（1）”，没有跳级

## 附：同类范文

{{{{ template_examples(unit="{unit}", kind="{kind}") }}}}
"""


def main(argv: list[str] | None = None) -> int:
    """Create the page; 0 on success, 1 when refused (message on stderr)."""
    args = _parser().parse_args(argv)
    docs_dir = Path(args.docs_dir)
    try:
        path, text = (_example if args.what == "example" else _template)(args, docs_dir)
        _create(path, text)
    except (ValueError, FileExistsError) as exc:
        print(exc, file=sys.stderr)
        return 1
    print(show_path(path))
    return 0


# -----------------------------------------------------------------------------
# Pages
# -----------------------------------------------------------------------------

def _example(args, docs_dir: Path) -> tuple[Path, str]:
    """Path and text of a new example page."""
    vocab = load_vocab()
    slug = args.slug or "-".join(str(x) for x in (args.unit, args.period, args.kind) if x).lower()
    path = docs_dir / "examples" / args.unit / f"{slug}.md"
    meta = {"title": args.title, "unit": args.unit, "kind": args.kind}
    if args.period:
        meta["period"] = args.period
    meta["source"] = args.source or f"投稿：{slug}"
    meta["tags"] = [vocab.units[args.unit]["tag"], vocab.kinds[args.kind]["tag"], *args.tag]
    _validate(path, meta, "example")
    if not SLUG_RE.match(slug):
        raise ValueError(f"{show_path(path)}:1: 文件名 {slug} 不是小写英文、数字和连字符（用 --slug 指定，见 ZH-3）")
    clash = sorted((docs_dir / "examples").glob(f"*/{slug}.md"))
    if clash:
        raise FileExistsError(f"{show_path(clash[0])}:1: 已有同名范文，不会覆盖（用 --slug 另取文件名，见 ZH-3）")
    headings = [line for line in section_skeleton(args.kind, args.unit).splitlines() if HEADING_RE.match(line)]
    body = "\n".join(f"{h}\n\n{EXAMPLE_BODY_NOTE}\n" for h in headings)
    return path, f"{_front_matter(meta)}\n（开头：总体情况。）\n\n{body}"


def _template(args, docs_dir: Path) -> tuple[Path, str]:
    """Path and text of a new template page."""
    vocab = load_vocab()
    path = docs_dir / "templates" / args.unit / f"{args.kind}.md"
    if path.exists():
        raise FileExistsError(f"{show_path(path)}:1: 模板已存在，不会覆盖（直接编辑该文件）")
    section_skeleton(args.kind, args.unit)  # fails early on a combination it cannot render
    unit_tag, kind_label = vocab.units[args.unit]["tag"], vocab.kinds[args.kind]["label"]
    meta = {"title": f"{unit_tag}工会{kind_label}模板", "unit": args.unit, "kind": args.kind,
            "tags": [unit_tag, vocab.kinds[args.kind]["tag"], *args.tag], "render_macros": True}
    _validate(path, meta, "template")
    body = TEMPLATE_BODY.format(title=meta["title"], unit=args.unit, kind=args.kind,
                                unit_label=vocab.unit_label(args.unit), kind_label=kind_label)
    return path, _front_matter(meta) + body


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _parser() -> argparse.ArgumentParser:
    """Command-line options; unit and kind choices come from the vocabularies."""
    vocab = load_vocab()
    parser = argparse.ArgumentParser(prog="python -m tools.new", description="新建范文或模板页面")
    parser.add_argument("what", choices=["example", "template"], help="example 范文，template 模板")
    parser.add_argument("--unit", required=True, choices=list(vocab.units), help="单位类型")
    parser.add_argument("--kind", required=True, choices=list(vocab.kinds), help="文种")
    parser.add_argument("--title", help="范文标题（中文）")
    parser.add_argument("--period", help="时期：2016、2012-H1、2017-autumn 等")
    parser.add_argument("--slug", help="文件名（小写英文、数字、连字符）")
    parser.add_argument("--source", help="原文出处")
    parser.add_argument("--tag", action="append", default=[], help="主题标签，可重复")
    parser.add_argument("--docs-dir", default=str(DOCS), help=argparse.SUPPRESS)
    return parser


def _validate(path: Path, meta: dict, page_type: str) -> None:
    """Raise ValueError listing every schema problem of the new front matter."""
    problems = validate_meta(Page(path, meta, "", 1, {}), page_type)
    if problems:
        raise ValueError("\n".join(str(p) for p in problems))


def _front_matter(meta: dict) -> str:
    """YAML front matter block."""
    dumped = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return f"---\n{dumped}---\n"


def _create(path: Path, text: str) -> None:
    """Write a new file; refuse when it exists (exclusive create, never half-written)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    except FileExistsError:
        raise FileExistsError(f"{show_path(path)}:1: 文件已存在，不会覆盖") from None


if __name__ == "__main__":
    sys.exit(main())
