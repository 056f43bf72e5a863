"""The checker's full-width punctuation rule (ZH-9) on sentence-ending half-width marks: flag and --fix."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tools import check

GOOD = Path(__file__).parent / "fixtures" / "check" / "good.md"


@pytest.fixture
def page(tmp_path) -> Path:
    """A valid example page in a small docs tree, with lines to be added by each test."""
    dest = tmp_path / "docs" / "examples" / "school" / "good-page.md"
    dest.parent.mkdir(parents=True)
    shutil.copy(GOOD, dest)
    return dest


def _run(page: Path, capsys, fix: bool = False) -> tuple[int, str]:
    """Run the checker on the page's docs tree; (exit code, printed problems)."""
    docs = page.parents[2]
    code = check.main(["--docs-dir", str(docs), str(page)] + (["--fix"] if fix else []))
    return code, capsys.readouterr().out


def _append(page: Path, *lines: str) -> None:
    """Add paragraphs at the end of the page."""
    page.write_text(page.read_text(encoding="utf-8") + "".join(f"\n{line}\n" for line in lines), encoding="utf-8")


def test_clean_page_passes(page, capsys):
    """The base page has no problem, so every flag below comes from the added line."""
    assert _run(page, capsys) == (0, "")


@pytest.mark.parametrize("line, want", [
    ("组织教职工参加县教育系统乒乓球比赛.", "乒乓球比赛。"),
    ("组织教职工体检，参检率100%.", "参检率100%。"),
    ("开展“安康杯”竞赛.今年继续开展。", "竞赛。今年"),
    ("满意率达到100%!", "100%！"),
])
def test_half_width_sentence_end_is_flagged_and_fixed(page, capsys, line, want):
    """A . ! ? ending a Chinese sentence: ZH-9 with its line number, then --fix writes the full-width mark."""
    _append(page, line)
    number = page.read_text(encoding="utf-8").split("\n").index(line) + 1
    code, out = _run(page, capsys)
    assert code == 1
    assert re.search(rf"good-page\.md:{number}: .*见 ZH-9）", out), out
    code, _ = _run(page, capsys, fix=True)
    assert want in page.read_text(encoding="utf-8")
    assert _run(page, capsys) == (0, "")


def test_title_sentence_end_is_fixed(page, capsys):
    """The title line is checked and repaired too."""
    page.write_text(page.read_text(encoding="utf-8").replace("title: 2016年某小学工会工作总结",
                                                             "title: 2016年某小学工会工作总结."), encoding="utf-8")
    assert "ZH-9" in _run(page, capsys)[1]
    _run(page, capsys, fix=True)
    assert "title: 2016年某小学工会工作总结。\n" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("line", [
    "发放慰问金3.5万元，惠及教职工120人。",
    "1. 标题写在这里",
    "详情见网站 www.example.cn 或附件方案.docx。",
    "参加人数共计120.",
    "He said it in one Word.",
    "`比赛.` 是代码，不是正文。",
])
def test_decimals_numbers_urls_files_latin_and_code_stay(page, capsys, line):
    """Lines whose dots are not Chinese sentence ends pass unchanged, also under --fix."""
    _append(page, line)
    before = page.read_bytes()
    assert _run(page, capsys) == (0, "")
    assert _run(page, capsys, fix=True)[0] == 0
    assert page.read_bytes() == before
