"""The page checker: every rule, every bad input, --fix, and the whole tree."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from gonghui_core.schema import check_page_file
from tools import check
from tools.checks import rules

FIXTURES = Path(__file__).parent / "fixtures" / "check"
GOOD = (FIXTURES / "good.md").read_text(encoding="utf-8")


@pytest.fixture
def docs(tmp_path) -> Path:
    """A small docs tree with two valid examples from different units."""
    root = tmp_path / "docs"
    for name, unit in (("good", "school"), ("other", "hospital")):
        dest = root / "examples" / unit / f"{name}-page.md"
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FIXTURES / f"{name}.md", dest)
    return root


def run(docs: Path, *paths, fix=False, capsys=None) -> tuple[int, str]:
    """Run the checker on a docs tree; return (exit code, printed problems)."""
    argv = ["--docs-dir", str(docs), *map(str, paths)] + (["--fix"] if fix else [])
    code = check.main(argv)
    return code, capsys.readouterr().out


def add(docs: Path, name: str, content: str | bytes, unit: str = "school") -> Path:
    """Write a page into the examples tree."""
    path = docs / "examples" / unit / name
    path.parent.mkdir(parents=True, exist_ok=True)
    (path.write_bytes if isinstance(content, bytes) else lambda c: path.write_text(c, encoding="utf-8"))(content)
    return path


def line_of(text: str, needle: str) -> int:
    """1-based line number of the first line containing needle."""
    return next(i for i, line in enumerate(text.split("\n"), start=1) if needle in line)


# -----------------------------------------------------------------------------
# Valid pages pass; the whole tree passes
# -----------------------------------------------------------------------------

def test_valid_pages_pass(docs, capsys):
    assert run(docs, capsys=capsys) == (0, "")


def test_whole_tree_passes():
    """`python -m tools.check` on the repository: exit 0, nothing printed."""
    proc = subprocess.run([sys.executable, "-m", "tools.check"], cwd=ROOT, capture_output=True, text=True)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", ""), proc.stdout + proc.stderr


def test_a_folder_argument_skips_the_section_index_page(docs, capsys):
    """`tools.check docs/examples` checks the pages in it, not the section's index.md."""
    (docs / "examples" / "index.md").write_text("# 范文\n", encoding="utf-8")
    assert run(docs, docs / "examples", capsys=capsys) == (0, "")
    code, out = run(docs, docs / "examples" / "school", capsys=capsys)
    assert code == 0 and out == ""


def test_a_unit_folders_index_page_is_no_document(docs, capsys):
    """Which pages are documents is rules.page_kind: examples/<unit>/index.md is refused by checker and build."""
    page = add(docs, "index.md", GOOD)
    code, out = run(docs, page, capsys=capsys)
    assert code == 1 and re.search(r"school/index\.md:1: 不是范文或模板页面的位置.*ZH-3", out), out
    problems = check_page_file(page, "examples/school/index.md")
    assert [p.message for p in problems] == ["范文页面的位置不对"]
    assert check_page_file(page, "examples/school/good-page.md") == []


# -----------------------------------------------------------------------------
# Bad input: refused with file and line, nothing written
# -----------------------------------------------------------------------------

@pytest.mark.parametrize("name, content, expected", [
    ("empty.md", b"", "文件是空的"),
    ("blank.md", b"\n  \n", "文件是空的"),
    ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "二进制"),
    ("gbk.md", GOOD.replace("source: fixture.txt#1", "source: gbk.txt#1").encode("gbk"), "不是 UTF-8"),
    ("gb18030.md", GOOD.replace("source: fixture.txt#1", "source: gb.txt#1").encode("gb18030"), "GB18030"),
    ("huge.md", ("---\ntitle: 大\n---\n" + "工会" * 1_000_000).encode(), "文件过大"),
])
def test_bad_file_refused_and_untouched(docs, capsys, name, content, expected):
    path = add(docs, name, content)
    code, out = run(docs, path, fix=True, capsys=capsys)
    assert code == 1
    assert re.search(rf"^{re.escape(str(path))}:\d+: .*{expected}.*ZH-5", out, re.M), out
    assert path.read_bytes() == content  # --fix left it alone
    assert list(path.parent.glob(".*.tmp")) == []


def test_gbk_message_has_no_mojibake(docs, capsys):
    """The refusal names the encoding and never prints the text decoded wrongly."""
    path = add(docs, "gbk-page.md", GOOD.encode("gbk"))
    _code, out = run(docs, path, capsys=capsys)
    assert "GBK" in out
    wrong = GOOD.encode("gbk").decode("latin-1")
    assert not any(chunk in out for chunk in re.findall(r"[\x80-\xff]{4,}", wrong))
    assert line_of(GOOD, "title") <= int(re.search(r"gbk-page\.md:(\d+):", out).group(1))


def test_bom_and_crlf_accepted_and_fixed(docs, capsys):
    content = ("\ufeff" + GOOD.replace("fixture.txt#1", "bom.txt#1").replace("\n", "\r\n")).encode()
    path = add(docs, "bom-page.md", content, unit="kindergarten")
    text = GOOD.replace("fixture.txt#1", "bom.txt#1").replace("unit: school", "unit: kindergarten")
    text = text.replace("中小学校", "幼儿园")
    path.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode())
    code, out = run(docs, path, capsys=capsys)
    # only the near-duplicate rule fires, not an encoding or front matter problem
    assert not re.search(r"ZH-(1|5)）", out), out
    run(docs, path, fix=True, capsys=capsys)
    assert path.read_bytes() == text.encode()


def test_malformed_yaml_names_the_line(docs, capsys):
    text = GOOD.replace("kind: year-end-summary", "kind: [year-end-summary")
    path = add(docs, "bad-yaml.md", text)
    code, out = run(docs, path, capsys=capsys)
    assert code == 1
    m = re.search(r"bad-yaml\.md:(\d+): 头信息不是合法的 YAML", out)
    assert m and abs(int(m.group(1)) - line_of(text, "kind:")) <= 2, out


def test_missing_front_matter(docs, capsys):
    path = add(docs, "no-meta.md", "## 一、正文\n\n没有头信息。\n")
    assert re.search(r"no-meta\.md:1: 缺少 YAML 头信息.*ZH-1", run(docs, path, capsys=capsys)[1])


@pytest.mark.parametrize("old, new, expected", [
    ("unit: school", "unit: factory", "未知的单位类型 unit: factory"),
    ("kind: year-end-summary", "kind: diary", "未知的文种 kind: diary"),
    ("title: 2016年某小学工会工作总结\n", "", "缺少字段 title"),
    ("tags: [中小学校, 年终总结, 文体活动]", "tags: [中小学校, 年终总结, 好人好事]", "未知标签：好人好事"),
    ("period: 2016", "period: 2016年", "period 格式不对"),
    ("period: 2016", "render_macros: true", "未知字段 render_macros"),
])
def test_front_matter_problems(docs, capsys, old, new, expected):
    text = GOOD.replace(old, new).replace("fixture.txt#1", "meta.txt#1")
    path = add(docs, "meta-page.md", text)
    code, out = run(docs, path, capsys=capsys)
    assert code == 1 and re.search(rf"meta-page\.md:\d+: {re.escape(expected)}.*ZH-\d", out), out


def test_path_outside_docs_refused(docs, tmp_path, capsys):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(GOOD, encoding="utf-8")
    code, out = run(docs, outside, capsys=capsys)
    assert code == 1 and re.search(rf"{re.escape(str(outside))}:1: 文件不在 .* 目录内", out), out


def test_page_outside_examples_and_templates_refused(docs, capsys):
    stray = docs / "notes.md"
    stray.write_text(GOOD, encoding="utf-8")
    code, out = run(docs, stray, capsys=capsys)
    assert code == 1 and "不是范文或模板页面的位置" in out


# -----------------------------------------------------------------------------
# Rules
# -----------------------------------------------------------------------------

def test_duplicate_of_existing_example(docs, capsys):
    text = GOOD.replace("fixture.txt#1", "copy.txt#1").replace("乒乓球", "羽毛球")
    path = add(docs, "copy-page.md", text)
    code, out = run(docs, path, capsys=capsys)
    assert code == 1 and re.search(r"copy-page\.md:\d+: 与已有范文 .*good-page\.md 基本相同.*ZH-12", out), out


def test_different_examples_are_not_duplicates():
    from tools.checks.duplicates import jaccard, shingles
    good = shingles(GOOD)
    assert jaccard(good, shingles((FIXTURES / "other.md").read_text(encoding="utf-8"))) < 0.1
    assert jaccard(good, shingles(GOOD.replace("乒乓球", "羽毛球"))) > 0.8


def test_unique_slug_and_source(docs, capsys):
    text = (FIXTURES / "other.md").read_text(encoding="utf-8").replace("hospital", "school")
    text = text.replace("[医院", "[中小学校")
    path = add(docs, "other-page.md", text)  # same file name as hospital/other-page.md, same source
    code, out = run(docs, path, capsys=capsys)
    assert re.search(r"school/other-page\.md:1: 文件名 other-page\.md 与 .*hospital/other-page\.md 重名.*ZH-3", out), out
    assert re.search(r"school/other-page\.md:\d+: 来源 fixture\.txt#2 也用于.*ZH-4", out), out


def test_file_name_and_folder(docs, capsys):
    path = add(docs, "Bad_Name.md", GOOD.replace("fixture.txt#1", "name.txt#1"), unit="hospital")
    _code, out = run(docs, path, capsys=capsys)
    assert "不是小写英文" in out and "文件在 hospital/ 目录，但 unit 是 school" in out


def test_jinja_html_and_script(docs, capsys):
    text = GOOD.replace("fixture.txt#1", "x.txt#1") + "\n算式{{ 7*7 }}，{% include 'x' %}，{# c #}\n\n<script>alert(1)</script>\n\n<b>粗</b>\n"
    path = add(docs, "markup-page.md", text)
    _code, out = run(docs, path, capsys=capsys)
    for needle, what in (("{{ 7*7", "模板语法"), ("<script>", "HTML 标签"), ("<b>", "HTML 标签")):
        assert re.search(rf"markup-page\.md:{line_of(text, needle)}: 范文中不能有{what}.*ZH-11", out), (needle, out)


def test_headings_in_order_and_short(docs, capsys):
    text = GOOD.replace("### （一）健全组织机构", "#### （一）健全组织机构")
    text = text.replace("## 二、关心职工生活", "## 二、" + "关心职工生活" * 8)
    path = add(docs, "heading-page.md", text.replace("fixture.txt#1", "h.txt#1"))
    _code, out = run(docs, path, capsys=capsys)
    assert re.search(rf"heading-page\.md:{line_of(text, '#### （一）')}: 标题跳级.*ZH-6", out), out
    assert re.search(rf"heading-page\.md:{line_of(text, '## 二、')}: 标题过长（5\d 字.*ZH-6", out), out


def test_traditional_characters_with_exceptions(docs, capsys):
    text = GOOD.replace("组织教职工", "組織教職工").replace("fixture.txt#1", "t.txt#1")
    path = add(docs, "trad-page.md", text)
    _code, out = run(docs, path, capsys=capsys)
    assert re.search(rf"trad-page\.md:{line_of(text, '組織')}: 含有繁体字：.*組→组.*ZH-7", out), out
    assert "乾" not in out  # 乾坤 is on the reviewed exception list


def test_personal_names(docs, capsys):
    text = GOOD.replace("fixture.txt#1", "n.txt#1") + "\n感谢张晓明老师和王校长，陈斌带队参赛。\n"
    path = add(docs, "name-page.md", text)
    _code, out = run(docs, path, capsys=capsys)
    m = re.search(rf"name-page\.md:{line_of(text, '张晓明')}: 疑似个人姓名：(.*)（", out)
    assert m and set(m.group(1).split("、")) == {"张晓明老师", "王校长", "陈斌"}, out
    assert "班主任" not in out and "许多" not in out


def test_links_and_anchors(docs, capsys):
    text = GOOD.replace("fixture.txt#1", "l.txt#1") + (
        "\n见[医院](../../examples/hospital/other-page.md#一指导思想)、[无](../hospital/none.md)、"
        "[坏锚点](../hospital/other-page.md#三不存在)、[本页](#不存在)。\n")
    path = add(docs, "link-page.md", text)
    _code, out = run(docs, path, capsys=capsys)
    n = line_of(text, "见[医院]")
    found = re.findall(rf"link-page\.md:{n}: (.*?)（", out)
    assert sorted(found) == sorted(["链接目标不存在：../hospital/none.md",
                                    "锚点 #三不存在 在 ../hospital/other-page.md 中不存在",
                                    "锚点 #不存在 在 本页 中不存在"]), out


# -----------------------------------------------------------------------------
# --fix
# -----------------------------------------------------------------------------

def test_fix_repairs_safe_problems_and_reports_the_rest(docs, capsys):
    path = add(docs, "fixable-page.md", (FIXTURES / "fixable.md").read_text(encoding="utf-8"), "kindergarten")
    code, before = run(docs, path, capsys=capsys)
    assert {"ZH-7", "ZH-9", "ZH-10"} <= set(re.findall(r"ZH-\d+", before))
    code, after = run(docs, path, fix=True, capsys=capsys)
    fixed = path.read_text(encoding="utf-8")
    assert "××幼儿园工会组织教职工学习，开展活动；成效明显。" in fixed
    assert "工会工作总结" in fixed and "⼯" not in fixed
    assert code == 1 and re.findall(r"ZH-\d+", after) == ["ZH-10"] and "张晓明老师" in after
    assert list(path.parent.glob(".*.tmp")) == []


def test_fix_leaves_clean_pages_byte_identical(docs, capsys):
    path = docs / "examples" / "school" / "good-page.md"
    before = path.stat().st_mtime_ns, path.read_bytes()
    assert run(docs, fix=True, capsys=capsys) == (0, "")
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


# -----------------------------------------------------------------------------
# Style rules: one place, cited consistently
# -----------------------------------------------------------------------------

def test_style_page_is_generated_from_rules():
    """docs/contributing/style.md is up to date (python -m tools.check --write-style-doc)."""
    assert rules.STYLE_DOC.read_text(encoding="utf-8") == rules.render_markdown()


def test_every_cited_rule_exists():
    sources = [*ROOT.joinpath("tools").rglob("*.py"), ROOT / "gonghui_core" / "schema.py"]
    cited = {m for p in sources for m in re.findall(r"ZH-\d+", p.read_text(encoding="utf-8"))}
    assert cited and cited <= set(rules.load_rules())


def test_whole_tree_is_fast():
    """The checker on the whole tree stays well under the build time."""
    start = time.perf_counter()
    check.check(check._targets([], check.DOCS))
    assert time.perf_counter() - start < 20
