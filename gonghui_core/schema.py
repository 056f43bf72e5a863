"""Front matter schema for example and template pages.

One module, used by the importer, the scaffold, the checker, the catalogue
macros, the build hooks and the tests. Vocabularies: ``vocab.py``.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .rules import page_kind
from .text import HAN, text_length
from .vocab import Vocab, load_vocab

__all__ = ["MAX_PAGE_BYTES", "Page", "PageError", "Problem", "Vocab", "check_page_file", "decode_page_bytes",
           "encoding_hint", "iter_pages", "load_front_matter_yaml", "load_vocab", "period_label",
           "read_page", "read_page_cached", "split_front_matter", "text_length", "validate_meta"]

FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)
PERIOD_RE = re.compile(r"(?P<year>(19|20)\d\d)(-(?P<part>H1|H2|spring|autumn))?")  # fullmatch
CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
STRING_FIELDS = ("title", "unit", "kind", "period")  # source and tags have their own checks
MAX_FIELD_CHARS = 200
SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SOURCE_RE = re.compile(r"^[^#\s]+#[1-9]\d*$")

EXAMPLE_FIELDS = {"title", "unit", "kind", "period", "source", "tags"}
TEMPLATE_FIELDS = {"title", "unit", "kind", "tags", "year", "render_macros", "hide"}
# libyaml's loader when PyYAML was built with it: same results, ~10x faster.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_FRONT_MATTER = 20_000  # characters
# One page's size limit: the checker refuses a larger file, the importer an article that would make one.
MAX_PAGE_BYTES = 1_000_000
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SAVE_AS_UTF8 = "请用 UTF-8 另存该文件（WPS/记事本：另存为，编码选 UTF-8）"
MIN_HAN_SHARE = 0.3  # share of Han characters that makes decoded UTF-16 or GB18030 text "clearly Chinese"
DECODED_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HAN_CHAR_RE = re.compile(f"[{HAN}]")
PART_LABELS = {"H1": "上半年", "H2": "下半年", "spring": "春季学期", "autumn": "秋季学期"}


# -----------------------------------------------------------------------------
# Pages
# -----------------------------------------------------------------------------

@dataclass
class Problem:
    """One thing wrong with a page: where, what, and how to fix it."""

    path: str
    line: int
    message: str
    fix: str = ""

    def __str__(self) -> str:
        fix = f"（{self.fix}）" if self.fix else ""
        return f"{self.path}:{self.line}: {self.message}{fix}"


class PageError(ValueError):
    """A page that cannot be read; carries its problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class Page:
    """A Markdown page with its front matter."""

    path: Path
    meta: dict
    body: str
    body_line: int  # 1-based line number where the body starts
    meta_lines: dict = field(default_factory=dict)  # field name -> line number

    @property
    def sources(self) -> list[str]:
        """The ``source`` field as a list."""
        src = self.meta.get("source") or []
        return [src] if isinstance(src, str) else list(src)

    @property
    def length(self) -> int:
        """Length in characters of the text, without Markdown and spaces."""
        return text_length(self.body)


class _StrictLoader(_YAML_LOADER):
    """The safe loader that refuses duplicate keys and merge keys (``<<``)."""


def _construct_mapping(loader, node, deep=False):
    seen: dict = {}
    for key_node, _value in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _FrontMatterError(key_node.start_mark.line, "头信息不能使用 YAML 合并键 <<",
                                    "把字段逐个写出")
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise _FrontMatterError(key_node.start_mark.line, "头信息的字段名必须是文字",
                                    "写成“字段: 值”") from None
        if key in seen:
            raise _FrontMatterError(key_node.start_mark.line, f"字段 {key} 重复出现（第 {seen[key] + 2} 行已有）",
                                    "每个字段只写一次，删去多余的一行")
        seen[key] = key_node.start_mark.line
    return yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep)


_StrictLoader.construct_mapping = _construct_mapping


class _FrontMatterError(Exception):
    """A refused construct in front matter: 0-based line within the YAML, message, fix."""

    def __init__(self, line: int, message: str, fix: str):
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


def load_front_matter_yaml(source: str):
    """Parse front matter YAML safely: no anchors or aliases (billion laughs), no duplicate keys.

    Raises ``_FrontMatterError`` (refused construct) or ``yaml.YAMLError`` (syntax).
    Anchors and aliases are refused from the event stream, before anything is built,
    so an alias bomb costs no more than reading its text.
    """
    if len(source) > MAX_FRONT_MATTER:
        raise _FrontMatterError(0, f"头信息过长（{len(source)} 字符，上限 {MAX_FRONT_MATTER}）",
                                "头信息只写 title、unit、kind、period、source、tags 等字段")
    for event in yaml.parse(source, Loader=_YAML_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _FrontMatterError(event.start_mark.line, "头信息不能使用 YAML 锚点或别名（& 和 *）",
                                    "把值直接写出；值以 & 或 * 开头时请加引号")
    return yaml.load(source, Loader=_StrictLoader)


def split_front_matter(text: str, path: str = "<text>") -> tuple[dict, str, int, dict]:
    """Split text into (meta, body, body_line, meta_lines); raise PageError."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        raise PageError([Problem(path, 1, "缺少 YAML 头信息", "在文件开头加上以 --- 开始和结束的头信息")])
    try:
        meta = load_front_matter_yaml(m.group(1) or "") or {}
    except _FrontMatterError as exc:
        raise PageError([Problem(path, exc.line + 2, exc.message, exc.fix)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(exc, "problem", None) or str(exc)
        raise PageError([Problem(path, line, f"头信息不是合法的 YAML：{reason}",
                                 "检查冒号、引号和缩进，值中含冒号时请加引号")]) from None
    except RecursionError:
        raise PageError([Problem(path, 2, "头信息嵌套过深", "头信息只写简单的字段和列表")]) from None
    if not isinstance(meta, dict):
        raise PageError([Problem(path, 2, "头信息必须是“字段: 值”的形式", "参见 ZH-1")])
    lines = {}
    for i, line in enumerate((m.group(1) or "").splitlines(), start=2):
        key = line.split(":", 1)[0].strip().strip("'\"")
        if key in meta and key not in lines:
            lines[key] = i
    body_line = text[: m.end()].count("\n") + 1
    return meta, text[m.end():], body_line, lines


def decode_page_bytes(raw: bytes, path: str, *, lenient: bool = False) -> str:
    """Page bytes as text (UTF-8, BOM allowed, CRLF made LF); PageError naming the file, the encoding and the fix.

    A page must be UTF-8: UTF-16 and GBK/GB18030 are refused with a hint. With
    lenient (the importer's raw web-page text), UTF-16 with its BOM and, when
    the bytes are not UTF-8, GB18030 are decoded too when the result is
    clearly Chinese (random bytes decode to Han as well).
    """
    if raw.startswith(UTF16_BOMS):
        if lenient:
            text = _clearly_chinese(raw, "utf-16", prose=True) if len(raw) % 2 == 0 else None
            if text is not None:
                return text.replace("\r\n", "\n")  # Notepad's "Unicode"
        else:
            raise PageError([Problem(path, 1, "文件是 UTF-16 编码，不是 UTF-8", SAVE_AS_UTF8)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if lenient:
            text = _clearly_chinese(raw, "gb18030")
            if text is not None:
                return text.replace("\r\n", "\n")
            raise PageError([Problem(path, line, "文件既不是 UTF-8，也不是可识别的 GBK/GB18030 或 UTF-16 中文文本",
                                     "用记事本或 WPS 把文件另存为 UTF-8 编码后再导入")]) from None
        raise PageError([Problem(path, line, f"文件不是 UTF-8 编码{encoding_hint(raw)}", SAVE_AS_UTF8)]) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise PageError([Problem(path, line, "文件含有 NUL 字节，不是纯文本", "只提交 Markdown 纯文本")])
    return text.replace("\r\n", "\n")


def encoding_hint(raw: bytes) -> str:
    """（看起来是 GBK/GB18030 编码） when bytes that are not UTF-8 decode as GB18030, else ""."""
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "（看起来是 GBK/GB18030 编码）"


def _clearly_chinese(raw: bytes, encoding: str, prose: bool = False) -> str | None:
    """The bytes decoded when the result is mostly Han text without control characters (and, for prose, has ，or 。)."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    chars = re.sub(r"\s", "", text)
    share = len(HAN_CHAR_RE.findall(chars)) / max(len(chars), 1)
    if share < MIN_HAN_SHARE or DECODED_CONTROL_RE.search(text) or (prose and "，" not in text and "。" not in text):
        return None
    return text


_READ_CACHE: dict[Path, tuple[tuple[int, int], Page]] = {}  # path -> ((mtime, size), page)


def read_page_cached(path: Path | str) -> Page:
    """read_page, parsed again only when the file's mtime or size changed (the build reads each page twice)."""
    path = Path(path)
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _READ_CACHE.get(path)
    if cached is None or cached[0] != stamp:
        cached = _READ_CACHE[path] = (stamp, read_page(path))
    return cached[1]


def read_page(path: Path | str) -> Page:
    """Read a page file; raise PageError when it cannot be decoded or parsed."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PageError([Problem(str(path), 1, f"无法读取文件：{exc.strerror}", "检查文件路径")]) from None
    text = decode_page_bytes(raw, str(path))
    meta, body, body_line, lines = split_front_matter(text, str(path))
    return Page(path, meta, body, body_line, lines)


def validate_meta(page: Page, page_type: str, vocab: Vocab | None = None) -> list[Problem]:
    """Check a page's front matter against the schema; ``page_type`` is example or template."""
    vocab = vocab or load_vocab()
    meta, path = page.meta, str(page.path)

    def where(key: str) -> int:
        return page.meta_lines.get(key, 1)

    problems: list[Problem] = []
    allowed = EXAMPLE_FIELDS if page_type == "example" else TEMPLATE_FIELDS
    required = ["title", "unit", "kind", "tags"] + (["source"] if page_type == "example" else [])
    for key in required:
        if key not in meta or meta[key] is None or meta[key] == "" or meta[key] == []:
            problems.append(Problem(path, 1, f"缺少字段 {key}", f"在头信息中加上 {key}:（参见 ZH-1）"))
    for key in meta:
        if key not in allowed:
            problems.append(Problem(path, where(key), f"未知字段 {_show(key)}",
                                    f"只允许 {', '.join(sorted(allowed))}"))
    bad_scalar = set()
    for key in STRING_FIELDS:
        value = meta.get(key)
        if value is None or (key == "period" and _is_year(value)):
            continue  # period: 2016 unquoted is a year, unambiguous
        problem = _string_problem(key, value)
        if problem:
            bad_scalar.add(key)
            problems.append(Problem(path, where(key), problem[0], problem[1]))
    unit, kind = meta.get("unit"), meta.get("kind")
    if "unit" not in bad_scalar and unit and unit not in vocab.units:
        problems.append(Problem(path, where("unit"), f"未知的单位类型 unit: {_show(unit)}",
                                f"可用：{', '.join(vocab.units)}；新增单位类型见 ZH-8"))
    if "kind" not in bad_scalar and kind and kind not in vocab.kinds:
        problems.append(Problem(path, where("kind"), f"未知的文种 kind: {_show(kind)}",
                                f"可用：{', '.join(vocab.kinds)}"))
    if "period" not in bad_scalar:
        problems += _check_period(page, where("period"))
    if page_type == "example":
        problems += _check_sources(page, where("source"))
    problems += _check_tags(page, vocab, where("tags"))
    if page_type == "template":
        problems += _check_template_extras(page, where)
    return problems


def _is_year(value) -> bool:
    """An unquoted four-digit year (YAML reads ``2016`` as a number)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2099


def _show(value, limit: int = 40) -> str:
    """A value as it may be quoted in a message: one line, bounded, markup shown as text."""
    text = repr(value) if not isinstance(value, str) else value
    text = CONTROL_RE.sub("?", text.replace("\n", " "))
    return text if len(text) <= limit else text[:limit] + "…"


def _string_problem(key: str, value) -> tuple[str, str] | None:
    """(message, fix) when a field that must be one line of text is something else."""
    if isinstance(value, str):
        if "\n" in value.strip() or CONTROL_RE.search(value):
            return f"{key} 必须是一行文字，不能含换行或控制字符", f"把 {key} 写在一行"
        if len(value) > MAX_FIELD_CHARS:
            return f"{key} 过长（{len(value)} 字，上限 {MAX_FIELD_CHARS}）", f"缩短 {key}"
        return None
    kind = {bool: "是/否值", int: "数字", float: "数字", list: "列表", dict: "字段组",
            datetime.date: "日期", datetime.datetime: "日期和时间"}.get(type(value), "非文字的值")
    if isinstance(value, (datetime.date, datetime.datetime)):
        value = str(value)
    if key == "period" and isinstance(value, int) and not isinstance(value, bool):
        return (f"period 必须是文字，这里是{kind} {value}", f"加上引号：period: '{value}'")
    if key == "title":
        return f"title 必须是一行文字，这里是{kind}", "给标题加上引号，写成 title: \"……\""
    return f"{key} 必须是文字，这里是{kind}：{_show(value)}", f"写成 {key}: 值（必要时加引号）"


def _check_template_extras(page: Page, where) -> list[Problem]:
    """``year`` is a four-digit year, ``render_macros`` a yes/no value, ``hide`` a list of words."""
    meta, path, problems = page.meta, str(page.path), []
    year = meta.get("year")
    if year is not None and not (isinstance(year, int) and not isinstance(year, bool) and 1900 <= year <= 2100):
        problems.append(Problem(path, where("year"), f"year 必须是四位年份：{_show(year)}", "写成 year: 2025"))
    if "render_macros" in meta and not isinstance(meta["render_macros"], bool):
        problems.append(Problem(path, where("render_macros"), "render_macros 必须是 true 或 false",
                                "写成 render_macros: true"))
    hide = meta.get("hide")
    if hide is not None and not (isinstance(hide, list) and all(isinstance(h, str) for h in hide)):
        problems.append(Problem(path, where("hide"), "hide 必须是文字列表", "写成 hide: [toc]"))
    return problems


def _check_period(page: Page, line: int) -> list[Problem]:
    """``period`` must look like 2016, 2012-H1 or 2017-autumn."""
    period = page.meta.get("period")
    if period is None or PERIOD_RE.fullmatch(str(period)):
        return []
    return [Problem(str(page.path), line, f"period 格式不对：{_show(period)}",
                    "写成 2016、2012-H1、2012-H2、2017-spring 或 2017-autumn，不知道时删去该字段")]


def _check_sources(page: Page, line: int) -> list[Problem]:
    """``source`` is one string or a list of strings."""
    src = page.meta.get("source")
    if src is None:
        return []
    items = [src] if isinstance(src, str) else src
    if not isinstance(items, list) or not all(isinstance(s, str) and s.strip() for s in items):
        return [Problem(str(page.path), line, "source 必须是文字或文字列表",
                        "写成 source: 文件名#序号，或多行列表")]
    for item in items:
        problem = _string_problem("source", item)
        if problem:
            return [Problem(str(page.path), line, *problem)]
    return []


def _check_tags(page: Page, vocab: Vocab, line: int) -> list[Problem]:
    """Every tag comes from the vocabularies; unit and kind tags match the fields."""
    tags = page.meta.get("tags")
    if tags is None:
        return []
    path = str(page.path)
    if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
        return [Problem(path, line, "tags 必须是列表", "每行写成 - 标签")]
    problems = []
    for tag in tags:
        if tag not in vocab.allowed_tags():
            problems.append(Problem(path, line, f"未知标签：{_show(tag)}",
                                    f"主题标签只能取：{'、'.join(vocab.themes)}（参见 ZH-2）"))
    unit, kind = page.meta.get("unit"), page.meta.get("kind")
    for slug, table in ((unit, vocab.units), (kind, vocab.kinds)):
        if slug in table and table[slug]["tag"] not in tags:
            problems.append(Problem(path, line, f"tags 缺少“{table[slug]['tag']}”",
                                    "单位类型和文种的标签必须写在 tags 中"))
    return problems


# -----------------------------------------------------------------------------
# Helpers shared by listings and checks
# -----------------------------------------------------------------------------

def period_label(period: str | int | None) -> str:
    """Human label of a period: 2012-H1 -> 2012年上半年."""
    if period is None:
        return ""
    m = PERIOD_RE.fullmatch(str(period))
    if not m:
        return str(period)
    part = m.group("part")
    return f"{m.group('year')}年{PART_LABELS[part] if part else ''}"


def check_page_file(path: Path | str, src_uri: str, vocab: Vocab | None = None, reader=read_page) -> list[Problem]:
    """Every front-matter problem of one page file, as the build and the checker see it.

    Examples and templates are validated against the schema; any other page only
    has to be UTF-8 with safe YAML front matter (or none). An .md file under
    ``examples/`` that is not at ``examples/<unit>/<slug>.md`` is refused (an
    ``index.md`` in a unit's folder too: it would be neither page nor listing).
    """
    path = Path(path)
    src_uri = src_uri.replace("\\", "/")
    kind = page_kind(src_uri)
    if kind is None and src_uri.startswith("examples/") and src_uri != "examples/index.md":
        return [Problem(str(path), 1, "范文页面的位置不对", "范文放在 docs/examples/<单位类型>/<文件名>.md")]
    try:
        if kind is None:
            text = decode_page_bytes(path.read_bytes(), str(path))
            if FRONT_MATTER_RE.match(text):
                split_front_matter(text, str(path))
            return []
        page = reader(path)
    except PageError as exc:
        return exc.problems
    except OSError as exc:
        return [Problem(str(path), 1, f"无法读取文件：{exc.strerror}", "检查文件路径")]
    return validate_meta(page, kind, vocab)


def iter_pages(docs_dir: Path | str, section: str) -> list[Page]:
    """Read every page under ``docs_dir/section`` (examples or templates), sorted by path."""
    root = Path(docs_dir) / section
    return [read_page(p) for p in sorted(root.glob("*/*.md"))]
