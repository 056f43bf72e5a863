"""One page decoder and one size limit for the importer, the checker and the build (gonghui_core.schema)."""

from __future__ import annotations

import pytest

from gonghui_core.schema import MAX_PAGE_BYTES, PageError, decode_page_bytes, read_page
from tools import check, import_text
from tools.checks import reading

TEXT = ("一、加强工会组织建设\n\n全县各校都建立了工会委员会，基层工会组织体系健全，"
        "工会会员入会率达到百分之九十八。\r\n")
PARA = "全年召开工会委员会会议六次，研究部署各项工作，做到了有计划、有落实、有总结。"


# -----------------------------------------------------------------------------
# Decoder
# -----------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [TEXT.encode(), b"\xef\xbb\xbf" + TEXT.encode()])
def test_utf8_with_or_without_bom(raw):
    assert decode_page_bytes(raw, "a.md") == TEXT.replace("\r\n", "\n")
    assert decode_page_bytes(raw, "a.md", lenient=True) == TEXT.replace("\r\n", "\n")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_is_refused_for_a_page_and_decoded_for_an_import(encoding):
    raw = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        raw = b"\xfe\xff" + raw
    with pytest.raises(PageError) as info:
        decode_page_bytes(raw, "docs/examples/school/a.md")
    problem = info.value.problems[0]
    assert problem.path == "docs/examples/school/a.md" and "UTF-16" in problem.message and "UTF-8 另存" in problem.fix
    assert decode_page_bytes(raw, "in.txt", lenient=True) == TEXT.replace("\r\n", "\n")


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gb_text_is_refused_with_a_hint_for_a_page_and_decoded_for_an_import(encoding):
    raw = TEXT.encode(encoding)
    with pytest.raises(PageError) as info:
        decode_page_bytes(raw, "a.md")
    problem = info.value.problems[0]
    assert "不是 UTF-8 编码（看起来是 GBK/GB18030 编码）" in problem.message and problem.line == 1
    assert decode_page_bytes(raw, "in.txt", lenient=True) == TEXT.replace("\r\n", "\n")


def test_bytes_that_are_no_chinese_text_are_refused_naming_the_line():
    raw = "第一行\n第二行\n".encode() + b"\xff\xfe\x80 random \x81\x82"
    with pytest.raises(PageError) as info:
        decode_page_bytes(raw, "in.txt", lenient=True)
    problem = info.value.problems[0]
    assert (problem.path, problem.line) == ("in.txt", 3)
    assert "既不是 UTF-8" in problem.message and "另存为 UTF-8" in problem.fix


def test_nul_byte_is_refused():
    with pytest.raises(PageError, match="NUL"):
        decode_page_bytes("正文\n\x00".encode(), "a.md")


def test_checker_build_and_importer_read_utf16_the_same_way(tmp_path):
    """The checker and the build refuse a UTF-16 page with one message; the importer reads the same bytes."""
    docs = tmp_path / "docs"
    page = docs / "examples" / "school" / "a.md"
    page.parent.mkdir(parents=True)
    page.write_bytes(("---\ntitle: 甲\n---\n\n" + TEXT).encode("utf-16"))
    from_checker = reading.load(page, docs)[1][0]
    with pytest.raises(PageError) as info:
        read_page(page)
    assert from_checker.message == info.value.problems[0].message
    assert "ZH-5" in from_checker.fix
    text, problems = import_text.read_input(page)
    assert problems == [] and "全县各校都建立了工会委员会" in text


# -----------------------------------------------------------------------------
# One size limit
# -----------------------------------------------------------------------------

def test_importer_and_checker_share_the_page_limit():
    assert import_text.MAX_PAGE_BYTES == reading.MAX_PAGE_BYTES == MAX_PAGE_BYTES


def test_article_just_over_the_limit_is_refused_by_the_importer(tmp_path, capsys):
    count = MAX_PAGE_BYTES // (len(PARA.encode()) + 1) + 1
    lines = ["某小学工会2016年工作总结"] + [PARA] * count
    src = tmp_path / "big.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    size = len("\n".join(lines[1:]).encode())
    assert MAX_PAGE_BYTES < size < MAX_PAGE_BYTES + 2 * len(PARA.encode())
    code = import_text.main([str(src), "--out", str(tmp_path / "docs" / "examples")])
    err = capsys.readouterr().err
    assert code == 1
    assert "第 1 篇文章过长" in err and f"上限 {MAX_PAGE_BYTES / 1e6:.0f} MB" in err, err
    assert not any(tmp_path.rglob("*.md"))


def test_page_just_over_the_limit_is_refused_by_the_checker(tmp_path, capsys):
    docs = tmp_path / "docs"
    head = "---\ntitle: 甲\n---\n\n".encode()
    big = docs / "examples" / "school" / "big.md"
    at_limit = docs / "examples" / "school" / "at-limit.md"
    big.parent.mkdir(parents=True)
    big.write_bytes(head + b"a" * (MAX_PAGE_BYTES + 1 - len(head)))
    at_limit.write_bytes(head + b"a" * (MAX_PAGE_BYTES - len(head)))
    assert check.main(["--docs-dir", str(docs), str(big), str(at_limit)]) == 1
    out = capsys.readouterr().out
    assert f"big.md:1: 文件过大（1.0 MB，上限 {MAX_PAGE_BYTES / 1e6:.0f} MB）" in out, out
    assert "at-limit.md:1: 文件过大" not in out
