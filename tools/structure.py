"""Turn a cleaned article into Markdown: headings, paragraphs, schedules.

Official numbering levels 一、 →（一）→ 1. →（1） become Markdown headings,
nested by what the article actually uses: a heading is at most one level
below the nearest higher-ranked heading above it, so a （1） directly under
一、 becomes ``###``. Short unnumbered section titles (主要工作安排) rank above
一、. A numbered line carrying a whole paragraph becomes a short heading and
a paragraph. Month-by-month schedules become Markdown tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gonghui_core import rules
from tools.checks.headings import MAX_HEADING  # the checker's limit (ZH-6)
from tools.textclean import ZH_DIGITS

# Heading ranks 0-3 are the official levels 1-4 (一、 （一） 1. （1）) of gonghui_core.rules,
# whose number patterns also read the usual misspellings (一． (1) 1） ①).
RANK_RES = [pattern for _level, pattern in rules.LEVEL_RES]
# Numbers written otherwise than officially that the importer has always kept as they
# stand (published examples have them: 二：工作目标, 1、注重学校队伍建设, （一）、):
# per rank, the other endings of the official number kept. Any other spelling the
# shared rules accept becomes the official number (rules.number_for).
KEPT_ENDINGS = {0: ("：",), 1: ("）、",), 2: ("、", "．"), 3: ()}
PSEUDO_RANK = -1
TERMINAL = "。！？；：…”’）)"
SPLIT_PUNCT_RE = re.compile("[。！？；：]")
NUMERAL = rules.NUMERAL_CLASS
INLINE_NUMBER_RE = re.compile(f"(?<=[。！？])(?=(?:[{NUMERAL}]{{1,2}}|[0-9]{{1,2}})、)")
MONTH = f"(?:\\d{{2,4}}年)?(?:(?:十[一二]|[{ZH_DIGITS}])(?:、(?:十[一二]|[{ZH_DIGITS}]))*月份?|\\d{{1,2}}月份?)"
MONTH_LINE_RE = re.compile(f"^(?P<month>{MONTH})[：:]?$")
MONTH_TOPIC_RE = re.compile(r"^(?P<month>\d{1,2}月)(?P<topic>[^，。；：、\s]{2,16})$")
TABLE_HEAD = ("活动主题", "具体内容")
PSEUDO_MAX = 20     # an unnumbered line this short, without punctuation, is a section title
HEAD_MAX = 36       # longest heading made from a numbered line's first sentence
COMMA_MAX = 30      # longest heading cut at a comma when the first sentence is too long
LONG_CLAUSE_MAX = 45  # else the first clause, if it is no longer than this
MIN_BODY = 10       # a comma cut needs at least this much paragraph after it
BARE_MAX = 60       # a one-sentence numbered line up to this long can be a list item
MERGE_MIN = 25      # a paragraph this long ending mid-sentence continues in the next block
MD_SPECIAL_RE = re.compile(r"^([#>*+\-|=]|\d+\.\s)")


@dataclass
class Block:
    """One paragraph of the article and what it is."""

    text: str
    rank: int | None = None   # heading rank, None for a paragraph
    head: str = ""             # heading text when rank is not None
    body: str = ""             # paragraph carried by the heading line


# -----------------------------------------------------------------------------
# Public functions
# -----------------------------------------------------------------------------

def to_markdown(text: str) -> str:
    """Markdown body for a cleaned article text."""
    blocks = _merge_broken(_blocks(text))
    out: list[str] = []
    stack: list[tuple[int, int]] = []  # (rank, markdown level)
    items = _list_items(blocks)  # once per article: per block it made the import quadratic
    i = 0
    while i < len(blocks):
        if _is_schedule_start(blocks, i):
            table, i = _schedule(blocks, i)
            out.append(table)
            continue
        block = _classify(blocks, i, items)
        if block.rank is None:
            out.append(_escape(block.text))
        else:
            while stack and stack[-1][0] >= block.rank:
                stack.pop()
            level = stack[-1][1] + 1 if stack else 2
            stack.append((block.rank, level))
            out.append(f"{'#' * min(level, 6)} {block.head}")
            if block.body:
                out.append(_escape(block.body))
        i += 1
    return "\n\n".join(out) + "\n"


def heading_rank(line: str) -> int | None:
    """Numbering rank of a line: 0 for 一、, 1 for （一）, 2 for 1., 3 for （1） (rules.level_of - 1)."""
    level = rules.level_of(line)
    if level is None or line.startswith(f"{line[:1]}是"):
        return None
    return level - 1


def official_number(rank: int, number: str) -> str:
    """A heading number in its official form (一． → 一、, (1) → （1）, ① → （1）), or as written when kept."""
    official = _official(rank, number)
    if official is None or number == official:
        return number
    if any(number == official[:-1] + ending for ending in KEPT_ENDINGS[rank]):
        return number
    return official


# -----------------------------------------------------------------------------
# Blocks
# -----------------------------------------------------------------------------

def _blocks(text: str) -> list[str]:
    """Non-empty lines, stripped, with inline 二、 after a full stop split off."""
    blocks = []
    for line in text.split("\n"):
        line = line.strip(" \t\u3000")
        if line:
            blocks += [part for part in INLINE_NUMBER_RE.split(line) if part.strip()]
    return blocks


def _merge_broken(blocks: list[str]) -> list[str]:
    """Join a paragraph cut mid-sentence (院务公开 / 工作不图形式重实效) with the next."""
    merged: list[str] = []
    for block in blocks:
        prev = merged[-1] if merged else ""
        if (prev and len(prev) >= MERGE_MIN and prev[-1] not in TERMINAL and "，" in prev
                and heading_rank(prev) is None and heading_rank(block) is None
                and not MONTH_LINE_RE.match(block) and not _looks_like_title(block)):
            merged[-1] = prev + block
        else:
            merged.append(block)
    return merged


def _looks_like_title(text: str) -> bool:
    """Short and without punctuation: a section title, not the rest of a sentence."""
    return len(text) <= PSEUDO_MAX and not re.search("[，。；！？：、,.;!?]", text)


def _classify(blocks: list[str], i: int, items: set[int] | None = None) -> Block:
    """Heading or paragraph, with the heading split from its paragraph."""
    text = blocks[i]
    rank = heading_rank(text)
    if rank is None:
        if _is_pseudo_heading(blocks, i):
            return Block(text, PSEUDO_RANK, text)
        return Block(text)
    if i in (_list_items(blocks) if items is None else items):
        return Block(text)
    head, body = _split_heading(text)
    if not head:
        return Block(text)
    return Block(text, rank, head, body)


def _is_pseudo_heading(blocks: list[str], i: int) -> bool:
    """A short unnumbered title line followed by more text (工作的简要回顾)."""
    text = blocks[i]
    return (_looks_like_title(text) and i + 1 < len(blocks)
            and not MONTH_LINE_RE.match(text) and text not in TABLE_HEAD)


def _split_heading(text: str) -> tuple[str, str]:
    """(heading, paragraph) of a numbered line; heading '' when it cannot be short."""
    rank = heading_rank(text)
    number = RANK_RES[rank].match(text).group(0)
    cut = _cut_point(text, len(number))
    if cut is None:
        return "", ""
    official = official_number(rank, number)
    head = text[:cut].rstrip("。！？；：，、 ")
    if official != number:
        head = official + head[len(number):].lstrip(" \t\u3000")
    body = text[cut:].lstrip("。！？；：，、 ")
    if len(head) > MAX_HEADING:
        return "", ""  # too long for a heading (the checker's ZH-6 limit): stays a paragraph
    return head, body


def _cut_point(text: str, start: int) -> int | None:
    """Where the heading of a numbered line ends, or None."""
    m = SPLIT_PUNCT_RE.search(text, start)
    first_stop = m.start() if m else len(text)
    one_is = text.find("一是", start)
    if 0 < one_is < first_stop and one_is <= HEAD_MAX:
        return one_is
    if first_stop <= HEAD_MAX:
        return first_stop
    commas = [k for k in range(start, min(first_stop, COMMA_MAX + 1)) if text[k] == "，"]
    if commas and len(text) - commas[-1] > MIN_BODY:
        return commas[-1]
    first_comma = text.find("，", start)
    if 0 < first_comma <= LONG_CLAUSE_MAX and len(text) - first_comma > MIN_BODY:
        return first_comma
    return None


def _is_bare(text: str) -> bool:
    """A numbered line that is one short sentence, with nothing after it."""
    return len(text) <= BARE_MAX and not SPLIT_PUNCT_RE.search(text.rstrip("。！？；："))


def _list_items(blocks: list[str]) -> set[int]:
    """Indexes of numbered items that form a plain list, not headings.

    Items of one rank are siblings until a higher-ranked heading or a restart
    at 1; when every sibling (two or more) is one short sentence, they are a list.
    """
    groups: dict[int, list[int]] = {}
    current: dict[int, int] = {}
    for i, text in enumerate(blocks):
        rank = heading_rank(text)
        if rank is None:
            continue
        for deeper in [r for r in current if r > rank]:
            del current[deeper]
        if rank not in current or _number(text) == 1:
            current[rank] = len(groups)
            groups[current[rank]] = []
        groups[current[rank]].append(i)
    return {i for members in groups.values()
            if len(members) >= 2 and heading_rank(blocks[members[0]]) >= 2
            and all(_is_bare(blocks[i]) and _has_no_body(blocks, i) for i in members) for i in members}


def _has_no_body(blocks: list[str], i: int) -> bool:
    """Whether the item is followed by another numbered line (or nothing), not by its text."""
    return i + 1 >= len(blocks) or heading_rank(blocks[i + 1]) is not None


def _number(text: str) -> int:
    """The number of a numbered line (一 → 1, （3） → 3), 0 when unknown."""
    return rules.number_value(RANK_RES[heading_rank(text)].match(text).group(0)) or 0


def _official(rank: int, number: str) -> str | None:
    """The official number (rules.number_for) of the same value, None when the value is out of range."""
    value = rules.number_value(number)
    if value is None or value > rules.MAX_NUMERAL:
        return None
    return rules.number_for(rank + 1, value)


# -----------------------------------------------------------------------------
# Schedules
# -----------------------------------------------------------------------------

def _is_schedule_start(blocks: list[str], i: int) -> bool:
    """A month line, or the 活动主题 / 具体内容 table header."""
    if blocks[i] == TABLE_HEAD[0] and i + 1 < len(blocks) and blocks[i + 1] == TABLE_HEAD[1]:
        return True
    return bool(MONTH_LINE_RE.match(blocks[i])) and i + 1 < len(blocks)


def _schedule(blocks: list[str], i: int) -> tuple[str, int]:
    """A Markdown table for the schedule starting at block i, and the next index."""
    with_topic = blocks[i] == TABLE_HEAD[0]
    if with_topic:
        i += 2
    rows: list[list[str]] = []
    while i < len(blocks):
        text = blocks[i]
        month = MONTH_TOPIC_RE.match(text) if with_topic else MONTH_LINE_RE.match(text)
        if month:
            rows.append([month.group("month")] + ([month.group("topic")] if with_topic else []) + [""])
        elif heading_rank(text) in (0, 1) or not rows:
            break
        else:
            rows[-1][-1] = _join_item(rows[-1][-1], text)
        i += 1
    header = ["月份", "活动主题", "具体内容"] if with_topic else ["月份", "工作安排"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "｜") for cell in row) + " |" for row in rows]
    return "\n".join(lines), i


def _join_item(cell: str, item: str) -> str:
    """Append an item to a table cell, with ； where the previous item has no stop."""
    if not cell:
        return item
    return cell + ("" if cell[-1] in "。！？；" else "；") + item


def _escape(text: str) -> str:
    """Keep a paragraph from being read as Markdown syntax."""
    return "\\" + text if MD_SPECIAL_RE.match(text) else text
