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

from tools import classify, slugs, structure, textclean
from tools.import_text import main
from tools.split import split_articles

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
    single = text["single-article"]
    assert single.startswith("XX镇中心小学工会2023年工作总结\n") and "工会年终工作总结 篇" not in single
    for raw in ("100%.", "比赛.", "王小明老师", "加強", ","):
        assert raw in single


def test_single_article_takes_its_title_line(tmp_path):
    """A one-article file: its first line, cleaned, is the title; the period comes from it; no generic name."""
    pages = _tree(_run("single-article", tmp_path))
    assert list(pages) == ["school/2023-school-year-end-summary.md"]
    page = pages["school/2023-school-year-end-summary.md"]
    assert "title: ××镇中心小学工会2023年工作总结\n" in page and "period: '2023'\n" in page
    body = page.split("---\n", 2)[2]
    assert "XX" not in page and "工作总结\n\n2023年" not in body.replace(" ", "")
    assert "比赛。" in body and "比赛." not in body and "××老师" in body


@pytest.mark.parametrize("first, title", [
    ("XX镇中心小学工会2023年工作总结", "XX镇中心小学工会2023年工作总结"),
    ("2023-2024学年第一学期工会工作计划", "2023-2024学年第一学期工会工作计划"),
    ("县总工会2023年上半年工作汇报", "县总工会2023年上半年工作汇报"),
    ("今年，我校工会工作总结如下：", ""),                      # a sentence, not a title
    ("工会工作", ""),                                           # no report word
    ("××省××市××区××街道××社区××小区××有限责任公司工会委员会二〇二三年度工作总结报告", ""),  # longer than 40
])
def test_title_line_of_a_single_article(first, title):
    """Only a short, unpunctuated line naming a report becomes the title."""
    body = "\n\n今年，我校工会在学校党支部的领导下，认真贯彻落实教代会精神，围绕学校中心工作开展了各项活动，取得了较好的成绩。\n\n一、加强民主管理。全年召开教代会两次。\n"
    articles = split_articles(first + body)
    assert len(articles) == 1 and articles[0].title == title
    if title:
        assert first not in articles[0].text


def test_collection_pages_keep_their_own_headings():
    """A file with article headings does not take its first line as a title."""
    text = (CASES / "duplicate" / "input.txt").read_text(encoding="utf-8")
    text = "XX小学工会2023年工作总结\n\n" + text
    assert [a.title for a in split_articles(text)] == ["", ""]


@pytest.mark.parametrize("title, period", [
    ("××镇中心小学工会2023年工作总结", "2023"),
    ("××小学工会2023年上半年工作总结", "2023-H1"),
    ("2023年下半年工会工作总结", "2023-H2"),
    ("宾山小学工会2017年秋季学期工作计划", "2017-autumn"),
    ("××小学工会2023年下学期工作计划", "2023-autumn"),
    ("××幼儿园2024年春季学期工会工作计划", "2024-spring"),
    ("2023-2024学年第一学期工会工作计划", "2023-autumn"),
    ("2023-2024学年第二学期工会工作计划", "2024-spring"),
    ("2023-2024学年工会工作计划", None),                 # a school year without its term is no period
    ("二〇二三年工会工作要点", "2023"),
    ("2017 年 工作要点", "2017"),
    ("××县教育工会2016年工作总结及2017年上半年工作计划", "2016"),  # 上半年 belongs to 2017
    ("幼儿园工会工作计划", None),
])
def test_period_from_title(title, period):
    """The period a title names, as 2023, 2023-H1, 2023-autumn or 2024-spring."""
    assert classify.period_from_title(title) == period


def test_period_from_title_before_the_text():
    """The title's year wins over a year the text mentions; without one the text decides."""
    text = "回顾2022年工作总结如下：今年工会围绕中心开展工作。"
    assert classify.classify(text, "××小学工会2023年上半年工作总结")["period"] == "2023-H1"
    assert classify.classify(text, "")["period"] == "2022"


@pytest.mark.parametrize("title, tag", [
    ("××镇中心小学工会2023年工作总结", "zhen-zhongxinxiaoxue"),
    ("宾山小学工会2017年秋季学期工作计划", "binshan-xiaoxue"),
    ("2023-2024学年第二学期工会工作计划", ""),
])
def test_title_tag_is_ascii_pinyin_of_the_distinctive_words(title, tag):
    """Unit words in pinyin; years, 工会 and report words left out."""
    assert slugs.title_tag(title) == tag


def test_slug_candidates_end_in_numbers():
    """base, base-tag, base-tag-2, …; without a tag base, base-2, …"""
    got = slugs.candidates("2023-school-year-end-summary", "zhen")
    assert [next(got) for _ in range(3)] == ["2023-school-year-end-summary", "2023-school-year-end-summary-zhen",
                                             "2023-school-year-end-summary-zhen-2"]
    got = slugs.candidates("school-annual-plan", "")
    assert [next(got) for _ in range(2)] == ["school-annual-plan", "school-annual-plan-2"]


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
    # a half-width full stop (and ! ?) ending a Chinese sentence
    ("组织教职工参加乒乓球比赛.", "组织教职工参加乒乓球比赛。"),
    ("参检率100%.", "参检率100%。"),
    ("同比增长3.5%.下一步", "同比增长3.5%。下一步"),
    ("开展“安康杯”竞赛. 今年", "开展“安康杯”竞赛。今年"),
    ("发放慰问金3.5万元.", "发放慰问金3.5万元。"),
    ("满意率100%!", "满意率100%！"),
    ("参加乒乓球比赛.今年继续", "参加乒乓球比赛。今年继续"),
    ("以三.八妇女节为契机", "以三八妇女节为契机"),   # a stray dot after a numeral or 的 is dropped
    ("为什么?", "为什么？"),
    # ... but not decimals, numbered items, URLs, file names, Latin sentences, ellipses
    ("资金3.5万元", "资金3.5万元"),
    ("1. 标题", "1. 标题"),
    ("一. 加强组织建设", "一. 加强组织建设"),
    ("网址www.example.cn", "网址www.example.cn"),
    ("见 www.example.cn.", "见 www.example.cn."),
    ("详见附件方案.docx", "详见附件方案.docx"),
    ('He said "Word."', 'He said "Word."'),
    ("e.g. No. 5", "e.g. No. 5"),
    ("参加人数120.", "参加人数120."),
    ("等等...", "等等..."),
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


MISSPELT = ("工作总结\n"
            "一．加强组织建设。全县各校都建立了工会委员会，基层工会组织体系健全。\n"
            "(二) 落实责任。层层签订责任书，把工作落到实处，确保各项任务完成。\n"
            "1，开展读书活动。全年开展读书活动六次，参加人数达到两百人次以上。\n"
            "①学习讨论。组织学习讨论会议三次，职工踊跃发言，效果良好明显。\n"
            "2）评比表彰。年底评选先进集体和先进个人，表彰大会隆重热烈成功。\n"
            "十一 、附则。本总结由工会委员会负责解释，自通过之日起执行实施。\n")


def test_misspelt_heading_numbers_become_official():
    """Numbers the shared rules read as misspellings (一． (二) 1， ① 2） 十一 、) are written officially."""
    headings = [line for line in structure.to_markdown(MISSPELT).split("\n") if line.startswith("#")]
    assert headings == ["## 工作总结", "### 一、加强组织建设", "#### （二）落实责任", "##### 1.开展读书活动",
                        "###### （1）学习讨论", "###### （2）评比表彰", "### 十一、附则"]


@pytest.mark.parametrize("line, rank", [
    ("二：工作目标。明年继续做好各项工作。", 0), ("（一）、健全制度。", 1), ("3、组织培训。", 2), ("1．组织报名。", 2),
])
def test_numbers_published_examples_have_are_kept_as_written(line, rank):
    """二： （一）、 3、 were always imported as written: re-importing the seeds gives the same pages."""
    number = structure.RANK_RES[rank].match(line).group(0)
    assert structure.heading_rank(line) == rank
    assert structure.official_number(rank, number) == number


@pytest.mark.parametrize("line", ["一是加强学习，二是注重实效。", "2.5亿元用于帮扶困难职工。", "十分重要的工作。", "2024年工作计划"])
def test_lines_that_are_no_headings(line):
    assert structure.heading_rank(line) is None


def test_first_level_heading_starting_with_a_year():
    assert structure.heading_rank("二、2016年工作打算") == 0
