"""Turn scraped web-page text into example pages: ``python -m tools.import_text FILE...``.

Reads each file (UTF-8, UTF-8 with BOM, CRLF; UTF-16 with its BOM and
GBK/GB18030 when it is clearly Chinese: ``gonghui_core.schema.decode_page_bytes``),
drops invisible characters, splits it into articles, cleans them (``tools.textclean``), finds
duplicates (``tools.dedupe``), classifies them (``tools.classify`` plus the
hand-edited ``tools/data/import_overrides.yml``), lays them out
(``tools.structure``), validates every page with ``gonghui_core.schema`` and only
then writes ``<out>/<unit>/<slug>.md`` atomically. A page whose content differs
from what the importer last wrote (``tools/data/import_manifest.json`` beside
the ``docs/`` directory) was edited by hand and is not overwritten without
``--force``. Any problem: messages ``path:line: message（fix）``, exit 1, nothing written.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from gonghui_core.files import write_atomic
from gonghui_core.rules import drop_invisible
from gonghui_core.safety import scan_markdown
from gonghui_core.schema import (
    DECODED_CONTROL_RE,
    MAX_PAGE_BYTES,
    UTF16_BOMS,
    Page,
    PageError,
    Problem,
    decode_page_bytes,
    load_vocab,
    split_front_matter,
    validate_meta,
)
from tools import classify, dedupe, slugs, structure, textclean
from tools.split import split_with_report

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "docs" / "examples"
MANIFEST_NAME = Path("tools") / "data" / "import_manifest.json"
MAX_BYTES = 6 * 1024 * 1024  # a 5 MB article is read (and imported, or refused page by page)
UNSAFE_RES = [
    (re.compile(r"\{\{|\{%|\{#"), "含有 Jinja 标记（{{、{% 或 {#）", "删去这些符号，范文页面不允许模板语法"),
    (re.compile(r"<\s*script", re.I), "含有 <script>", "删去脚本，范文只收纯文字"),
    (re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>"), "含有 HTML 标签", "删去 HTML 标签，只保留文字"),
]


@dataclass
class Draft:
    """One article on its way to a page."""

    sources: list[str]
    title: str
    body: str
    meta: dict = field(default_factory=dict)
    meta_slug: str = ""     # a hand-given slug from the overrides, else ""
    slug_tag: str = ""      # pinyin tag from the title, used when the default slug is taken
    taken_slug: str = ""    # the default slug, when another source's page already has it
    path: Path | None = None
    dropped: int = 0        # lines dropped inside the article as boilerplate

    def render(self) -> str:
        """The page text: YAML front matter and Markdown body."""
        head = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False, width=1000)
        return f"---\n{head}---\n\n{self.body}"


# -----------------------------------------------------------------------------
# Command line
# -----------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    """Import raw text files into example pages; 0 on success, 1 on any problem."""
    parser = argparse.ArgumentParser(prog="python -m tools.import_text", description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="原文文本文件")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="输出目录（须在 docs/ 之内），默认 docs/examples")
    parser.add_argument("--force", action="store_true", help="覆盖手工修改过的页面")
    args = parser.parse_args(argv)
    report: list[str] = []
    problems, drafts = build_pages(args.files, args.out, report)
    if not problems:
        problems = write_pages(drafts, args.out, force=args.force)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"导入失败：{len(problems)} 个问题，没有写入任何文件。", file=sys.stderr)
        return 1
    for line in report:
        print(line)
    for draft in drafts:
        if draft.taken_slug:
            print(f"注意：{draft.taken_slug}.md 已是其他来源的页面，{draft.sources[0]} 改存为 {draft.path.name}")
    print(f"导入完成：{len(drafts)} 个页面 → {args.out}")
    return 0


# -----------------------------------------------------------------------------
# Reading and building
# -----------------------------------------------------------------------------

def build_pages(files: list[Path], out: Path, report: list[str] | None = None) -> tuple[list[Problem], list[Draft]]:
    """Read, split, clean, de-duplicate, classify and validate; nothing is written.

    ``report`` (when given) receives one line per article and per file saying
    how many lines were dropped as boilerplate: nothing is dropped silently.
    """
    problems = check_out_dir(out)
    articles: list[tuple[str, str, str, int]] = []  # (source id, heading, cleaned text, lines dropped)
    for path in files:
        text, file_problems = read_input(path)
        problems += file_problems
        if text is None:
            continue
        found, outside = split_with_report(textclean.normalise_width(textclean.to_simplified(drop_invisible(text))))
        if not found:
            problems.append(Problem(str(path), 1, "没有找到正文", "检查文件内容是否是总结或计划的原文"))
        if report is not None and outside:
            report.append(f"{path.name}：文章之外丢弃 {len(outside)} 行（{_reasons(outside)}）")
        for article in found:
            source = f"{path.name}#{article.position}"
            size = len(article.text.encode("utf-8"))
            if size > MAX_PAGE_BYTES:  # refused before the costly steps: the page could not pass the checker
                first = next((n for n, line in article.lines if line.strip()), 1)
                problems.append(Problem(str(path), first,
                                        f"第 {article.position} 篇文章过长（{size / 1e6:.1f} MB，"
                                        f"一个页面上限 {MAX_PAGE_BYTES / 1e6:.0f} MB）",
                                        "一篇范文只放一篇文章：检查原文是否把多篇文章连在了一起，拆开后分别导入"))
                continue
            articles.append((source, article.title, _clean(article.text, source), len(article.dropped)))
            if report is not None:
                report.append(f"{source}：丢弃 {len(article.dropped)} 行网站套话"
                              + (f"（{_reasons(article.dropped)}）" if article.dropped else ""))
    if problems:
        return problems, []
    drafts = _merge_duplicates(articles)
    for draft in drafts:
        _describe(draft)
    problems += _assign_paths(drafts, out)
    for draft in drafts:
        problems += _validate(draft)
    return problems, drafts


def read_input(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text with LF line ends, or None and the reasons it is refused."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [Problem(where, 1, f"无法读取文件：{exc.strerror}", "检查文件路径")]
    if len(data) > MAX_BYTES:
        return None, [Problem(where, 1, f"文件太大（{len(data) // 1024} KB，上限 {MAX_BYTES // 1024 // 1024} MB）",
                              "一次只导入一篇或一页原文，把大文件拆开")]
    if not data.strip():
        return None, [Problem(where, 1, "文件是空的", "放入要导入的原文")]
    if b"\x00" in data and not data.startswith(UTF16_BOMS):
        return None, [Problem(where, _line_of(data, data.index(b"\x00")), "这是二进制文件（含 NUL 字节）",
                              "只导入纯文本；Word 文档请先另存为 UTF-8 文本")]
    try:
        text = decode_page_bytes(data, where, lenient=True)
    except PageError as exc:
        return None, exc.problems
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, check_text(text, where)


def check_text(text: str, where: str, first_line: int = 1) -> list[Problem]:
    """Jinja markers, scripts, HTML tags, unsafe links, outside images and control characters, with line numbers.

    The link and image rules are the checker's (``gonghui_core.safety``, ZH-11).
    """
    problems = [Problem(where, f.line, f.message, f.fix) for f in scan_markdown(text, first_line)]
    for number, line in enumerate(text.split("\n"), start=first_line):
        for pattern, message, fix in UNSAFE_RES:
            if pattern.search(line):
                problems.append(Problem(where, number, message, fix))
                break
        else:
            if DECODED_CONTROL_RE.search(line):
                problems.append(Problem(where, number, "含有控制字符", "删去不可见的控制字符"))
    return problems


def check_out_dir(out: Path) -> list[Problem]:
    """The output directory must resolve inside a ``docs/`` directory (``..`` and symlinks resolved)."""
    if _docs_dir(out) is None:
        return [Problem(str(out), 1, "输出目录不在 docs/ 之内（路径中的 .. 和符号链接按实际位置计算）",
                        "用 --out docs/examples（默认值）或 docs/examples 下的目录")]
    return []


# -----------------------------------------------------------------------------
# Writing
# -----------------------------------------------------------------------------

def write_pages(drafts: list[Draft], out: Path, force: bool = False) -> list[Problem]:
    """Write every page atomically; refuse pages edited by hand unless force."""
    root = _docs_dir(out).parent
    manifest_path = root / MANIFEST_NAME
    manifest, problem = read_manifest(manifest_path)
    if problem:
        return [problem]
    problems, todo = [], []
    for draft in drafts:
        key = draft.path.resolve().relative_to(root.resolve()).as_posix()
        text = draft.render()
        if draft.path.exists():
            current = draft.path.read_bytes()
            if current == text.encode("utf-8"):
                manifest[key] = _sha(current)
                continue
            if manifest.get(key) != _sha(current) and not force:
                problems.append(Problem(str(draft.path), 1, "页面在上次导入后被手工修改过，未覆盖",
                                        "保留手工修改就不要重新导入这篇；确定要覆盖时加 --force"))
                continue
        todo.append((draft.path, text, key))
    if problems:
        return problems
    for path, text, key in todo:
        write_atomic(path, text)
        manifest[key] = _sha(text.encode("utf-8"))
    write_atomic(manifest_path, json.dumps(dict(sorted(manifest.items())), ensure_ascii=False, indent=2) + "\n")
    return []


def read_manifest(path: Path) -> tuple[dict, Problem | None]:
    """The import manifest (page -> sha256), or a problem naming the file when it is corrupt."""
    if not path.exists():
        return {}, None
    fix = f"修复或删除 {path}（删除后，已有页面都按手工修改过处理，需 --force 才会覆盖）"
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        return {}, Problem(str(path), 1, "导入记录不是 UTF-8 文本", fix)
    except json.JSONDecodeError as exc:
        return {}, Problem(str(path), exc.lineno, f"导入记录不是合法的 JSON：{exc.msg}", fix)
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        return {}, Problem(str(path), 1, "导入记录的格式不对（应为“页面路径: sha256”的对象）", fix)
    return data, None


# -----------------------------------------------------------------------------
# Helpers
# -----------------------------------------------------------------------------

def _reasons(dropped: list[tuple[int, str, str]]) -> str:
    """Dropped lines summarised: rule and first line numbers."""
    by_rule: dict[str, list[int]] = {}
    for number, _text, rule in dropped:
        by_rule.setdefault(rule, []).append(number)
    return "；".join(f"{rule}：第 {'、'.join(map(str, ns[:5]))}{' 等' if len(ns) > 5 else ''} 行"
                    for rule, ns in by_rule.items())


def _line_of(data: bytes, offset: int) -> int:
    """1-based line number of a byte offset."""
    return data.count(b"\n", 0, offset) + 1


def _clean(text: str, source: str) -> str:
    """Apply the override fixes, then every cleaning step."""
    for old, new in classify.overrides_for(source).get("fixes", []):
        text = text.replace(old, new)
    return textclean.clean_text(text)


def _merge_duplicates(articles: list[tuple[str, str, str, int]]) -> list[Draft]:
    """One draft per group of duplicates, keeping the first text and every source."""
    groups = dedupe.group_duplicates([text for _, _, text, _ in articles])
    drafts = []
    for group in groups:
        source, heading, text, dropped = articles[group[0]]
        drafts.append(Draft([articles[i][0] for i in group], heading, text, dropped=dropped))
    return drafts


def _describe(draft: Draft) -> None:
    """Front matter from rules and overrides; Markdown body."""
    guess = classify.classify(draft.body, draft.title)
    over = classify.overrides_for(draft.sources[0])
    fields = {key: over.get(key, guess.get(key)) for key in ("unit", "kind", "period", "themes")}
    vocab = load_vocab()
    title = over.get("title") or _default_title(draft.title, fields, vocab)
    meta = {"title": title, "unit": fields["unit"], "kind": fields["kind"]}
    if fields["period"] is not None:
        meta["period"] = str(fields["period"])
    meta["source"] = draft.sources[0] if len(draft.sources) == 1 else list(draft.sources)
    meta["tags"] = _tags(fields, vocab)
    draft.meta = meta
    draft.meta_slug = over.get("slug") or ""
    draft.slug_tag = "" if draft.meta_slug else slugs.title_tag(title)
    draft.body = structure.to_markdown(draft.body)


def _tags(fields: dict, vocab) -> list[str]:
    """Unit tag, kind tag, then themes."""
    tags = []
    if fields["unit"] in vocab.units:
        tags.append(vocab.units[fields["unit"]]["tag"])
    if fields["kind"] in vocab.kinds:
        tags.append(vocab.kinds[fields["kind"]]["tag"])
    return tags + [t for t in fields["themes"] or [] if t not in tags]


def _default_title(heading: str, fields: dict, vocab) -> str:
    """A title from the article's own heading, else from unit, period and kind."""
    if heading:
        return textclean.clean_text(heading)
    unit = vocab.units.get(fields["unit"], {}).get("tag", "")
    kind = vocab.kinds.get(fields["kind"], {}).get("label", "工作总结")
    period = f"{str(fields['period'])[:4]}年" if fields["period"] else ""
    union = "" if unit.endswith("工会") else "工会"
    return f"{unit}{union}{period}{kind}"


def _assign_paths(drafts: list[Draft], out: Path) -> list[Problem]:
    """``<out>/<unit>/<slug>.md`` with a slug no other source uses, here or in ``out``.

    A default slug that is taken gets the title's pinyin tag, then a number; a
    hand-given slug (overrides) that is taken is a problem, never renamed.
    """
    owners = _existing_owners(out)
    problems = []
    for draft in drafts:
        mine = set(draft.sources)
        if draft.meta_slug:
            slug = draft.meta_slug
            other = owners.get(slug)
            if other is not None and not other & mine:
                problems.append(Problem(str(out / draft.meta["unit"] / f"{slug}.md"), 1,
                                        f"文件名 {slug} 已被来源 {'、'.join(sorted(other)) or '未知'} 的页面使用",
                                        f"在 tools/data/import_overrides.yml 中给 {draft.sources[0]} 另定 slug"))
        else:
            base = slugs.base_slug(draft.meta.get("period"), draft.meta["unit"], draft.meta["kind"])
            slug = next(s for s in slugs.candidates(base, draft.slug_tag)
                        if s not in owners or owners[s] & mine)
            draft.taken_slug = base if slug != base else ""
        owners[slug] = owners.get(slug, set()) | mine
        draft.path = out / draft.meta["unit"] / f"{slug}.md"
    return problems


def _existing_owners(out: Path) -> dict[str, set[str]]:
    """Slug -> sources of each page already in ``out`` (any unit); unreadable pages own no source."""
    owners: dict[str, set[str]] = {}
    for path in sorted(out.glob("*/*.md")) if out.is_dir() else []:
        try:
            meta = split_front_matter(path.read_text(encoding="utf-8-sig"), str(path))[0]
        except (PageError, UnicodeDecodeError, OSError):
            meta = {}
        source = meta.get("source") if isinstance(meta, dict) else None
        sources = [source] if isinstance(source, str) else list(source or [])
        owners.setdefault(path.stem, set()).update(str(s) for s in sources)
    return owners


def _validate(draft: Draft) -> list[Problem]:
    """Schema problems of the rendered page, and unsafe text in its body."""
    text = draft.render()
    meta, body, body_line, lines = split_front_matter(text, str(draft.path))
    problems = validate_meta(Page(draft.path, meta, body, body_line, lines), "example")
    problems += check_text(body, str(draft.path), body_line)
    size = len(text.encode("utf-8"))
    if size > MAX_PAGE_BYTES:
        problems.append(Problem(str(draft.path), 1, f"这篇文章生成的页面过大（{size / 1e6:.1f} MB，"
                                f"检查上限 {MAX_PAGE_BYTES / 1e6:.0f} MB），来源 {draft.sources[0]}",
                                "一篇范文只放一篇文章：把原文按文章拆开后分别导入"))
    return problems


def _docs_dir(out: Path) -> Path | None:
    """The ``docs`` directory that ``out`` lies in, or None.

    ``out`` must be ``docs/examples`` or a folder under it, both as written
    (``..`` collapsed) and once symbolic links are resolved, so
    ``--out ../../..`` or a link leading out of ``docs/`` is refused even when
    some folder above the repository happens to be called ``docs``.
    """
    written = Path(os.path.abspath(out))
    resolved = out.resolve()
    for candidate in (written, *written.parents):
        if candidate.name == "examples" and candidate.parent.name == "docs":
            examples = candidate.resolve()
            if resolved == examples or resolved.is_relative_to(examples):
                return examples.parent
            return None
    return None


def _sha(data: bytes) -> str:
    """sha256 hex digest."""
    return hashlib.sha256(data).hexdigest()


if __name__ == "__main__":
    sys.exit(main())
