"""Importer golden files and the text-cleaning functions.

Each folder under ``fixtures/import/`` holds ``input.txt`` (raw web-page text)
and ``expected/`` (the pages the importer must write, as
``<unit>/<slug>.md``). Run ``pytest --update-golden`` to rewrite the expected
files after an intended change, then review the diff.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from tools import textclean
from tools.import_text import main

CASES = Path(__file__).parent / "fixtures" / "import"
CASE_NAMES = sorted(p.name for p in CASES.iterdir() if (p / "input.txt").exists())


def _run(case: str, tmp_path: Path) -> Path:
    """Import one case's input into tmp/docs/examples and return that directory."""
    out = tmp_path / "docs" / "examples"
    assert main([str(CASES / case / "input.txt"), "--out", str(out)]) == 0
    return out


def _tree(root: Path) -> dict[str, str]:
    """Relative path -> text of every page under root."""
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))}


@pytest.mark.parametrize("case", CASE_NAMES)
def test_golden(case, tmp_path, request):
    """The importer's pages equal the expected files (unified diff on failure)."""
    got = _tree(_run(case, tmp_path))
    expected_dir = CASES / case / "expected"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, text in got.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_text(text, encoding="utf-8")
        pytest.skip("golden files rewritten")
    expected = _tree(expected_dir)
    assert sorted(got) == sorted(expected), "pages written differ from expected/"
    for rel in expected:
        if got[rel] != expected[rel]:
            diff = "\n".join(difflib.unified_diff(expected[rel].splitlines(), got[rel].splitlines(),
                                                  f"expected/{rel}", f"got/{rel}", lineterm=""))
            pytest.fail(f"{case}: {rel} differs:\n{diff}")


def test_cases_cover_what_the_importer_must_handle():
    """The golden inputs include Traditional text, a duplicate, boilerplate, four heading levels, a schedule, markers and names."""
    text = {case: (CASES / case / "input.txt").read_text(encoding="utf-8") for case in CASE_NAMES}
    assert textclean.is_traditional(text["traditional"])
    assert text["duplicate"].count("工会年终工作总结 篇") == 2
    assert "小编" in text["boilerplate"] and "版权所有" in text["boilerplate"]
    for marker in ("一、", "(一)", "1.", "(1)", "九月份", "xx", "**", "彭国安"):
        assert marker in text["structure"]


def test_duplicate_case_is_one_page_with_two_sources(tmp_path):
    """Two near-identical articles become one page listing both positions."""
    pages = _tree(_run("duplicate", tmp_path))
    assert len(pages) == 1
    page = next(iter(pages.values()))
    assert "- input.txt#1\n- input.txt#2\n" in page


def test_rerun_is_idempotent(tmp_path):
    """Importing the same input twice changes nothing."""
    out = _run("structure", tmp_path)
    first = _tree(out)
    assert main([str(CASES / "structure" / "input.txt"), "--out", str(out)]) == 0
    assert _tree(out) == first


# -----------------------------------------------------------------------------
# textclean
# -----------------------------------------------------------------------------

@pytest.mark.parametrize("raw, clean", [
    ("加強師德建設", "加强师德建设"),
    ("教代會要程式規範,推進網路化", "教代会要程序规范,推进网络化"),
    ("舒茶國小", "舒茶小学"),
    ("学校教职工代表大会", "学校教职工代表大会"),
])
def test_to_simplified(raw, clean):
    """Traditional and Taiwan terms become Simplified; Simplified text is unchanged."""
    assert textclean.to_simplified(raw) == clean


def test_to_simplified_keeps_words_tw2sp_would_change():
    """核心, 智慧 and 整合 stay as they are in a Traditional text."""
    text = textclean.to_simplified("職工的智慧和力量,以愛生為核心,整合資源,加強教代會建設,推進校務公開")
    assert "智慧" in text and "核心" in text and "整合" in text


@pytest.mark.parametrize("raw, clean", [("⽆私奉献", "无私奉献"), ("⼗佳", "十佳"), ("加強", "加强"), ("庆三•八", "庆三·八")])
def test_fix_lookalikes(raw, clean):
    """Kangxi radicals and mixed forms are replaced."""
    assert textclean.fix_lookalikes(raw) == clean


@pytest.mark.parametrize("raw, clean", [
    ("组织学习,提高素质;关心职工:送温暖", "组织学习，提高素质；关心职工：送温暖"),
    ("是什么?好!", "是什么？好！"),
    ("(一)思想建设", "（一）思想建设"),
    ('开展"安康杯"竞赛', "开展“安康杯”竞赛"),
    ("资金3.6万元,时间9:30", "资金3.6万元，时间9:30"),
    ("see https://example.com/a,b ok", "see https://example.com/a,b ok"),
    ("1+x的模式", "1+x的模式"),
    ("Hello, world (test)", "Hello, world (test)"),
    ("庆“三.八”活动", "庆“三·八”活动"),
    ("结合本街道的.实际", "结合本街道的实际"),
    ("2017 年 工 作 要 点", "2017年工作要点"),
])
def test_fullwidth_punctuation(raw, clean):
    """Marks next to Chinese become full-width; numbers, times, URLs and Latin stay."""
    assert textclean.fullwidth_punctuation(raw) == clean


@pytest.mark.parametrize("raw, clean", [
    ("xx县", "××县"), ("XX年度", "××年度"), ("××公路", "××公路"), ("**公司", "××公司"),
    ("永隆小学*工会", "永隆小学××工会"), ("20xx年", "20××年"), ("20XX年", "20××年"),
    ("20__年", "20××年"), ("学习十x大精神", "学习十××大精神"), ("以☆为样板", "以××为样板"),
    ("开展“”主题的演讲", "开展“××”主题的演讲"),
    ("1+x模式", "1+x模式"), ("3g工作", "3g工作"), ("Exxon", "Exxon"),
])
def test_unify_markers(raw, clean):
    """Every anonymisation marker becomes ××; Latin and single letters stay."""
    assert textclean.unify_markers(raw) == clean


@pytest.mark.parametrize("raw, clean", [
    ("舒茶小学张婷莉老师获得一等奖", "舒茶小学××老师获得一等奖"),
    ("全国政协副主席陈晓光，教育部副部长李卫红率", "全国政协副主席××，教育部副部长××率"),
    ("姜义政、张永珍被评为县“优秀教师”", "××、××被评为县“优秀教师”"),
    ("镇关工委靖主任牵头", "镇关工委××主任牵头"),
    ("公交公司驾驶员鲍祥被推荐", "公交公司驾驶员××被推荐"),
    ("今年完成了胡长保小学的换届", "今年完成了胡长保小学的换届"),
    ("提高老师教育教学工作水平", "提高老师教育教学工作水平"),
    ("学习陶行知教育思想，贯彻江泽民同志讲话", "学习陶行知教育思想，贯彻江泽民同志讲话"),
])
def test_remove_names(raw, clean):
    """Names of people become ××; titles, units, places and public leaders stay."""
    assert textclean.remove_names(raw) == clean


def test_clean_text_composes_every_step():
    """clean_text converts, fixes, punctuates, unifies markers and removes names."""
    assert textclean.clean_text("xx縣張婷莉老師加強師德,推進網路化") == "××县××老师加强师德，推进网络化"
