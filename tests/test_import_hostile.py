"""The importer on hostile and careless input (issue 11).

- Every raw text of ``tests/fixtures/hostile/corpus.yml`` is refused naming file
  and line, or imported into a page the checker accepts, with nothing lost
  but the lines reported as boilerplate, names and markers gone.
- Every sentence of each golden input (``tests/fixtures/import/``) is on an
  output page unless the importer reported dropping its line as boilerplate.
- ``--out`` resolving outside ``docs/examples``, a corrupt manifest and a 5 MB
  article end in a message, never a traceback or a write outside the repository.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest
import yaml

from tools import check, import_text, textclean
from tools.names import find_names
from tools.split import split_with_report

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
GOLDEN = Path(__file__).parent / "fixtures" / "import"
RAW = yaml.safe_load((HOSTILE / "corpus.yml").read_text(encoding="utf-8"))["raw"]
HAN_RE = re.compile(r"[\u3400-\u9fff]+")
SENTENCE_RE = re.compile(r"[^。！？；\n]+")
GOOD = ("某小学工会2016年工作总结\n\n今年，我校工会在学校党支部的领导下，认真履行职能，各项工作取得较好成绩，现总结如下。\n\n"
        "一、加强组织建设\n\n全年召开工会委员会会议六次，研究部署各项工作，做到了有计划、有落实、有总结。\n")


def _id(entry) -> str:
    return Path(entry["file"]).stem


def _han(text: str) -> str:
    return "".join(HAN_RE.findall(text))


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _kept(sentence: str, output: str, output_bigrams: set[str]) -> bool:
    """Whether a sentence of the input (names already replaced) is on the output, else nearly all of it."""
    if sentence in output:
        return True
    grams = _bigrams(sentence)
    return len(grams & output_bigrams) >= 0.75 * len(grams)


def _sentences(text: str) -> list[tuple[int, str]]:
    """(line, Chinese text) of every sentence of 4 or more characters, as the importer cleans it.

    Characters Simplified, look-alikes fixed, and the personal names the
    importer finds in the whole text replaced, so a removed name is not "lost".
    """
    simple = textclean.fix_lookalikes(textclean.to_simplified(textclean.normalise_width(text)))
    names = sorted(find_names(simple), key=len, reverse=True)
    out = []
    for n, line in enumerate(simple.split("\n"), start=1):
        for name in names:
            line = line.replace(name, "×")
        for s in SENTENCE_RE.findall(line):
            if len(_han(s)) >= 4:
                out.append((n, _han(s)))
    return out


@pytest.mark.parametrize("entry", RAW, ids=_id)
def test_importer_on_corpus(entry, tmp_path, capsys):
    """Refused at the expected line naming the file, or accepted: checker-clean, nothing lost."""
    src = HOSTILE / entry["file"]
    out = tmp_path / "docs" / "examples"
    code = import_text.main([str(src), "--out", str(out)])
    captured = capsys.readouterr()
    if entry["import"] != "accept":
        line, fragment = entry["import"]["line"], entry["import"]["message"]
        assert code == 1
        assert re.search(rf"{re.escape(src.name)}:{line}: .*{re.escape(fragment)}", captured.err), captured.err
        assert "Traceback" not in captured.err and not out.exists()
        return
    assert code == 0, captured.err
    pages = sorted(out.rglob("*.md"))
    assert len(pages) == 1
    assert [str(p) for p in check.check(pages, out.parent)] == []
    text = pages[0].read_text(encoding="utf-8")
    for absent in entry["absent"]:
        assert absent not in text, absent
    for present in entry["present"]:
        assert present in text, present
    assert f"丢弃 {entry['dropped']} 行" in captured.out
    _assert_nothing_lost(src, [pages[0]])


def _assert_nothing_lost(src: Path, pages: list[Path]) -> None:
    """Every sentence of the input is on a page, unless its line was reported as dropped boilerplate."""
    raw = import_text.read_input(src)[0]
    articles, outside = split_with_report(textclean.normalise_width(textclean.to_simplified(raw)))
    dropped = {n for n, _text, _rule in outside} | {n for a in articles for n, _t, _r in a.dropped}
    output = _han("\n".join(p.read_text(encoding="utf-8") for p in pages))
    grams = _bigrams(output)
    lost = [(n, s) for n, s in _sentences(raw) if n not in dropped and not _kept(s, output, grams)]
    assert lost == [], lost


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN.iterdir() if (p / "input.txt").exists()))
def test_every_golden_sentence_is_kept(case, tmp_path, capsys):
    """Each golden input: every sentence is on an output page, or its line is reported as boilerplate."""
    out = tmp_path / "docs" / "examples"
    assert import_text.main([str(GOLDEN / case / "input.txt"), "--out", str(out)]) == 0
    assert "丢弃" in capsys.readouterr().out
    _assert_nothing_lost(GOLDEN / case / "input.txt", sorted(out.rglob("*.md")))


def test_dropped_lines_match_boilerplate_rules():
    """What split drops is only what a boilerplate rule names; a short opening line stays."""
    text = "心得体会\n\n各位代表：\n\n请予审议。\n\n小编为大家整理\n\n" + "今年工会工作取得较好成绩，" * 6 + "\n\n相关文章：\n\n别的文章\n"
    articles, outside = split_with_report(text)
    assert len(articles) == 1
    kept = articles[0].text
    assert "各位代表：" in kept and "请予审议。" in kept
    rules = sorted({rule for _n, _t, rule in articles[0].dropped})
    assert rules == ["drop_line", "header_line", "stop_line", "stop_line 之后"]
    assert [n for n, _t, _r in articles[0].dropped] == [1, 7, 11, 13] and outside == []


def test_clause_too_long_for_a_heading_stays_a_paragraph(tmp_path):
    """A numbered clause over 40 characters is a paragraph; every heading passes the checker."""
    out = tmp_path / "docs" / "examples"
    assert import_text.main([str(HOSTILE / "raw" / "raw-long-clause.txt"), "--out", str(out)]) == 0
    body = next(out.rglob("*.md")).read_text(encoding="utf-8")
    assert all(len(line.lstrip("# ")) <= 40 for line in body.split("\n") if line.startswith("#"))
    assert "\n一、坚持围绕中心服务大局" in body


# -----------------------------------------------------------------------------
# Where it writes, and what it reads besides the input
# -----------------------------------------------------------------------------

def test_out_resolving_outside_docs_is_refused(tmp_path, capsys, monkeypatch):
    """--out ../../.. from inside docs/examples, and a symlink leading out, are refused; nothing written."""
    src = tmp_path / "input.txt"
    src.write_text(GOOD, encoding="utf-8")
    school = tmp_path / "docs" / "docs" / "examples" / "school"  # a folder above is also called docs
    school.mkdir(parents=True)
    monkeypatch.chdir(school)
    before = sorted(p for p in tmp_path.rglob("*"))
    assert import_text.main([str(src), "--out", "../../.."]) == 1
    assert "不在 docs/ 之内" in capsys.readouterr().err
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (school.parent / "link").symlink_to(outside, target_is_directory=True)
    assert import_text.main([str(src), "--out", str(school.parent / "link")]) == 1
    assert "不在 docs/ 之内" in capsys.readouterr().err
    assert list(outside.iterdir()) == []
    assert sorted(p for p in tmp_path.rglob("*") if p.name != "link" and p != outside) == before


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe\x00garbage", b'["a list"]', b'{"docs/x.md": 3}'],
                         ids=["syntax", "binary", "list", "wrong-type"])
def test_corrupt_manifest_is_named(content, tmp_path, capsys):
    """A corrupt import manifest: a message naming it, exit 1, no traceback, no page written."""
    manifest = tmp_path / "tools" / "data" / "import_manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_bytes(content)
    src = tmp_path / "input.txt"
    src.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "docs" / "examples"
    assert import_text.main([str(src), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{manifest}:" in err and "导入记录" in err and "Traceback" not in err
    assert not list(out.rglob("*.md")) and manifest.read_bytes() == content


def test_valid_manifest_still_works(tmp_path):
    """The manifest written by one import is read by the next."""
    src = tmp_path / "input.txt"
    src.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "docs" / "examples"
    assert import_text.main([str(src), "--out", str(out)]) == 0
    data = json.loads((tmp_path / "tools" / "data" / "import_manifest.json").read_text(encoding="utf-8"))
    assert len(data) == 1
    assert import_text.main([str(src), "--out", str(out)]) == 0


@pytest.mark.slow
def test_five_megabyte_article_is_refused_quickly(tmp_path, capsys):
    """A 5 MB article (one heading, no article breaks) is refused in ≤ 30 s, naming file and line."""
    para = "全年召开工会委员会会议六次，研究部署各项工作，做到了有计划、有落实、有总结。"
    lines = ["某小学工会2016年工作总结"] + [f"{para}第{i}次。" for i in range(5_000_000 // len(para.encode()))]
    src = tmp_path / "big.txt"
    src.write_text("\n\n".join(lines), encoding="utf-8")
    assert src.stat().st_size >= 5_000_000
    start = time.perf_counter()
    code = import_text.main([str(src), "--out", str(tmp_path / "docs" / "examples")])
    elapsed = time.perf_counter() - start
    err = capsys.readouterr().err
    assert code == 1 and "big.txt:3: 第 1 篇文章过长" in err, err
    assert elapsed <= 30, elapsed


def test_cwd_is_not_left_changed():
    """Sanity: the tests above restore the working directory."""
    assert Path(os.getcwd()).exists() and shutil.which("python3")
