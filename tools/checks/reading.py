"""Read a contributed page safely: refuse what is not a UTF-8 Markdown page.

Refuses, with file, line and fix: a path outside ``docs/``, an empty or
oversized file, a binary file, text in GBK/GB18030 (never decoded into
mojibake), malformed front matter. Accepts a UTF-8 BOM and CRLF line endings
(``--fix`` removes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gonghui_core import schema
from gonghui_core.rules import page_kind
from gonghui_core.schema import MAX_PAGE_BYTES, Page, PageError, Problem, split_front_matter

from .rules import problem

BOM = b"\xef\xbb\xbf"
CONTROL_RE = re.compile(rb"[\x00-\x08\x0e-\x1f]")


@dataclass
class Loaded:
    """A page read from disk, with what --fix may normalise."""

    page: Page
    page_type: str  # example or template
    text: str  # decoded, LF line endings, no BOM
    had_bom: bool
    had_crlf: bool


def page_type(path: Path, docs_dir: Path) -> str | None:
    """example, template, or None for a path elsewhere under docs/."""
    return page_kind(path.resolve().relative_to(docs_dir.resolve()).as_posix())


def load(path: Path, docs_dir: Path) -> tuple[Loaded | None, list[Problem]]:
    """Read and parse one page; return (loaded, []) or (None, problems)."""
    refusal = _refuse_path(path, docs_dir)
    if refusal:
        return None, [refusal]
    raw = path.read_bytes()
    refusal = _refuse_bytes(path, raw)
    if refusal:
        return None, [refusal]
    had_bom, had_crlf = raw.startswith(BOM), b"\r\n" in raw
    text = schema.decode_page_bytes(raw, str(path))  # no BOM, LF line endings
    try:
        meta, body, body_line, lines = split_front_matter(text, str(path))
    except PageError as exc:
        return None, [_cite(p, "ZH-1") for p in exc.problems]
    kind = page_type(path, docs_dir)
    page = Page(path, meta, body, body_line, lines)
    return Loaded(page, kind, text, had_bom, had_crlf), []


def _refuse_path(path: Path, docs_dir: Path) -> Problem | None:
    """A path that is missing, outside docs/, or not an example or template page."""
    if not path.is_file():
        return problem(path, 1, "ZH-5", "文件不存在或不是普通文件", "检查路径")
    try:
        path.resolve().relative_to(docs_dir.resolve())
    except ValueError:
        return problem(path, 1, "ZH-5", f"文件不在 {docs_dir} 目录内，拒绝检查",
                       "范文放在 docs/examples/<单位类型>/，模板放在 docs/templates/<单位类型>/")
    if page_type(path, docs_dir) is None:
        return problem(path, 1, "ZH-3", "不是范文或模板页面的位置",
                       "范文放在 docs/examples/<单位类型>/<文件名>.md，模板放在 docs/templates/<单位类型>/<文种>.md")
    return None


def _refuse_bytes(path: Path, raw: bytes) -> Problem | None:
    """Empty, oversized, binary or non-UTF-8 content."""
    if len(raw) > MAX_PAGE_BYTES:
        return problem(path, 1, "ZH-5", f"文件过大（{len(raw) / 1e6:.1f} MB，上限 {MAX_PAGE_BYTES / 1e6:.0f} MB）",
                       "一个页面只放一篇文章，过长的请拆分")
    if raw.startswith(schema.UTF16_BOMS):
        return _decode_problem(path, raw)
    if not raw.strip(BOM + b" \t\r\n"):
        return problem(path, 1, "ZH-5", "文件是空的", "写入头信息和正文，或删除该文件")
    control = CONTROL_RE.search(raw)
    if control:
        line = raw[: control.start()].count(b"\n") + 1
        return problem(path, line, "ZH-5", "文件含有二进制内容（控制字符），不是纯文本",
                       "只提交 Markdown 纯文本；Word 文档请先复制文字再用导入命令转换")
    return _decode_problem(path, raw)


def _decode_problem(path: Path, raw: bytes) -> Problem | None:
    """The page decoder's refusal (UTF-16, GBK/GB18030, not UTF-8), citing ZH-5; None when it decodes."""
    try:
        schema.decode_page_bytes(raw, str(path))
    except PageError as exc:
        return _cite(exc.problems[0], "ZH-5")
    return None


def _cite(p: Problem, rule_id: str) -> Problem:
    """Append a rule id to a schema problem's fix text."""
    if rule_id not in p.fix:
        p.fix = f"{p.fix}，见 {rule_id}" if p.fix else f"见 {rule_id}"
    return p
