"""The importer refuses bad input with path:line messages and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.import_text import main

GOOD = ("工会年终工作总结 篇1\n\n今年，县教育工会在上级工会和县教育局党组的正确领导下，"
        "紧紧围绕全县教育工作的总体目标，大力加强基层工会组织建设，现将一年来的工作总结如下：\n\n"
        "一、加强工会组织建设。全县各校都建立了工会委员会，基层工会组织体系健全。\n")


def _import(tmp_path: Path, data: bytes, *extra: str, name: str = "input.txt") -> tuple[int, Path]:
    """Write data to a file and import it into tmp/docs/examples."""
    src = tmp_path / name
    src.write_bytes(data)
    out = tmp_path / "docs" / "examples"
    return main([str(src), "--out", str(out), *extra]), out


def _written(root: Path) -> list[Path]:
    """Every file under the project root that the importer may write."""
    return [p for p in root.rglob("*") if p.is_file() and p.suffix in {".md", ".json", ".tmp"}]


@pytest.mark.parametrize("data, message", [
    (b"", "文件是空的"),
    (b"  \n\n \r\n", "文件是空的"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制文件"),
    (b"\xff\xfe\xfa\xfb\x80\x81 not text at all \x82", "既不是 UTF-8"),
    (GOOD.replace("。\n", "{{ 7*7 }}。\n", 1).encode(), "Jinja"),
    (GOOD.replace("。\n", "{% include 'x' %}。\n", 1).encode(), "Jinja"),
    ((GOOD + "<script>alert(1)</script>\n").encode(), "<script>"),
    ((GOOD + "<b>加粗</b>\n").encode(), "HTML"),
])
def test_refused_with_message_and_nothing_written(tmp_path, capsys, data, message):
    """Empty, binary, undecodable, Jinja, script and HTML input: exit 1, message, no file."""
    code, _ = _import(tmp_path, data)
    err = capsys.readouterr().err
    assert code == 1
    assert "input.txt:" in err and message in err
    assert _written(tmp_path) == []


def test_jinja_message_names_the_line(tmp_path, capsys):
    """The message points at the offending line."""
    data = (GOOD + "\n第二段 {# comment #}\n").encode()
    code, _ = _import(tmp_path, data)
    line = data.decode().split("\n").index("第二段 {# comment #}") + 1
    assert code == 1 and f"input.txt:{line}:" in capsys.readouterr().err


def test_file_of_several_megabytes_is_refused(tmp_path, capsys):
    """A file over 5 MB is refused before it is read as text."""
    code, _ = _import(tmp_path, GOOD.encode() * (6 * 1024 * 1024 // len(GOOD.encode()) + 1))
    assert code == 1 and "文件太大" in capsys.readouterr().err
    assert _written(tmp_path) == []


@pytest.mark.parametrize("encoding", ["gbk", "gb18030"])
def test_gbk_and_gb18030_are_decoded(tmp_path, encoding):
    """GBK/GB18030 text is decoded correctly, never as mojibake."""
    code, out = _import(tmp_path, GOOD.encode(encoding))
    assert code == 0
    text = next(out.rglob("*.md")).read_text(encoding="utf-8")
    assert "全县各校都建立了工会委员会" in text


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbf" + GOOD.encode(),
    GOOD.replace("\n", "\r\n").encode(),
    b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(),
])
def test_bom_and_crlf_give_the_same_page(tmp_path, data):
    """UTF-8 with BOM and CRLF line ends import exactly like plain UTF-8."""
    (tmp_path / "plain").mkdir()
    (tmp_path / "variant").mkdir()
    _, plain_out = _import(tmp_path / "plain", GOOD.encode())
    code, out = _import(tmp_path / "variant", data)
    assert code == 0
    plain = sorted((p.relative_to(plain_out), p.read_bytes()) for p in plain_out.rglob("*.md"))
    variant = sorted((p.relative_to(out), p.read_bytes()) for p in out.rglob("*.md"))
    assert plain == variant and b"\r" not in variant[0][1] and b"\xef\xbb\xbf" not in variant[0][1]


def test_out_outside_docs_is_refused(tmp_path, capsys):
    """--out must be inside a docs/ directory."""
    src = tmp_path / "input.txt"
    src.write_text(GOOD, encoding="utf-8")
    code = main([str(src), "--out", str(tmp_path / "elsewhere")])
    assert code == 1 and "不在 docs/ 之内" in capsys.readouterr().err
    assert not (tmp_path / "elsewhere").exists()


def test_hand_edited_page_is_not_overwritten(tmp_path, capsys):
    """A page changed after the last import is kept unless --force."""
    code, out = _import(tmp_path, GOOD.encode())
    page = next(out.rglob("*.md"))
    edited = page.read_text(encoding="utf-8") + "\n维护者手工补充的一段。\n"
    page.write_text(edited, encoding="utf-8")
    code, _ = _import(tmp_path, GOOD.encode())
    assert code == 1 and "手工修改" in capsys.readouterr().err
    assert page.read_text(encoding="utf-8") == edited
    code, _ = _import(tmp_path, GOOD.encode(), "--force")
    assert code == 0 and "维护者手工补充" not in page.read_text(encoding="utf-8")


def test_page_not_written_by_the_importer_is_not_overwritten(tmp_path, capsys):
    """A hand-made page at the same path (no source, not in the manifest) is kept; the import goes beside it."""
    code, out = _import(tmp_path, GOOD.encode())
    page = next(out.rglob("*.md"))
    (tmp_path / "tools" / "data" / "import_manifest.json").unlink()
    page.write_text("---\ntitle: 手写\n---\n", encoding="utf-8")
    code, _ = _import(tmp_path, GOOD.encode())
    assert code == 0 and page.read_text(encoding="utf-8") == "---\ntitle: 手写\n---\n"
    others = [p for p in out.rglob("*.md") if p != page]
    assert len(others) == 1 and "source: input.txt#1" in others[0].read_text(encoding="utf-8")
    assert f"{page.name} 已是其他来源的页面" in capsys.readouterr().out


def test_same_kind_from_another_source_gets_its_own_file(tmp_path, capsys):
    """A second year-end summary of the same period and unit type never replaces the first."""
    raw = "××镇中心小学工会2023年工作总结\n\n" + GOOD.split("\n", 2)[2]
    code, out = _import(tmp_path, raw.encode(), name="a.txt")
    first = next(out.rglob("*.md"))
    before = first.read_bytes()
    other = raw.replace("××镇中心小学", "××县实验小学").replace("基层工会组织体系健全", "各校工会组织体系健全")
    assert _import(tmp_path, other.encode(), name="b.txt")[0] == 0
    assert first.read_bytes() == before
    pages = sorted(p.name for p in out.rglob("*.md"))
    assert first.name == "2023-education-union-year-end-summary.md"
    assert pages == sorted([first.name, "2023-education-union-year-end-summary-xian-shiyan-xiaoxue.md"])
    assert _import(tmp_path, raw.encode(), name="a.txt")[0] == 0  # re-import keeps each page in place
    assert sorted(p.name for p in out.rglob("*.md")) == pages and first.read_bytes() == before


def test_taken_hand_given_slug_is_a_problem(tmp_path, capsys, monkeypatch):
    """An override slug already used by another source's page is refused, nothing written."""
    from tools import classify

    code, out = _import(tmp_path, GOOD.encode(), name="a.txt")
    first = next(out.rglob("*.md"))
    real = classify.overrides_for
    monkeypatch.setattr(classify, "overrides_for",
                        lambda source, *a: {"slug": first.stem} if source.startswith("b.txt") else real(source, *a))
    code, _ = _import(tmp_path, GOOD.replace("健全。", "健全，成效明显。").encode(), name="b.txt")
    assert code == 1 and f"文件名 {first.stem} 已被来源 a.txt#1 的页面使用" in capsys.readouterr().err
    assert len(list(out.rglob("*.md"))) == 1


def test_nothing_half_written_when_one_file_of_several_is_bad(tmp_path, capsys):
    """A bad file among good ones: no page of the good files is written either."""
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "docs" / "examples"
    assert main([str(good), str(bad), "--out", str(out)]) == 1
    assert "bad.txt:1:" in capsys.readouterr().err
    assert _written(tmp_path) == []


def test_interrupted_write_leaves_no_partial_file(tmp_path, monkeypatch):
    """If writing fails midway, the old page stays whole and no temp file remains."""
    import tools.import_text as importer

    code, out = _import(tmp_path, GOOD.encode())
    page = next(out.rglob("*.md"))
    before = page.read_bytes()
    monkeypatch.setattr(importer.os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        _import(tmp_path, GOOD.replace("健全。", "健全，成效明显。").encode())
    assert page.read_bytes() == before
    assert not list(page.parent.glob("*.tmp"))


def test_invisible_characters_are_dropped(tmp_path):
    """Zero-width and other invisible characters (gonghui_core.rules.INVISIBLE) never reach a page."""
    data = GOOD.replace("一、", "\u200b一\u2060、").replace("工会委员会", "工会\u00ad委员\ufeff会")
    code, out = _import(tmp_path, data.encode())
    assert code == 0
    text = next(out.rglob("*.md")).read_text(encoding="utf-8")
    assert "## 一、加强工会组织建设" in text and "全县各校都建立了工会委员会" in text
    assert not any(c in text for c in "\u200b\u2060\u00ad\ufeff")
