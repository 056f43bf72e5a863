"""The scaffold: new pages pass the checker, carry the skeleton, never overwrite."""

from __future__ import annotations

import shutil

import pytest

from conftest import DOCS
from gonghui_core.schema import read_page, validate_meta
from macros.skeleton import headings as skeleton_headings
from tools import check, new


@pytest.fixture
def docs(tmp_path):
    """A copy of the real docs tree."""
    dest = tmp_path / "docs"
    shutil.copytree(DOCS, dest)
    return dest


def test_new_example_is_valid_and_has_the_skeleton(docs, capsys):
    argv = ["example", "--unit", "hospital", "--kind", "annual-plan", "--title", "2018年某医院工会工作计划",
            "--period", "2018", "--tag", "安全生产", "--docs-dir", str(docs)]
    assert new.main(argv) == 0
    path = docs / "examples" / "hospital" / "hospital-2018-annual-plan.md"
    assert capsys.readouterr().out.strip().endswith("hospital-2018-annual-plan.md")
    page = read_page(path)
    assert validate_meta(page, "example") == []
    assert page.meta["tags"] == ["医院", "年度计划", "安全生产"] and page.meta["period"] == "2018"
    titles = [t for _d, t in skeleton_headings("annual-plan", "hospital")]
    body_headings = [line.split(" ", 1)[1] for line in page.body.splitlines() if line.startswith("#")]
    assert body_headings == titles and titles
    assert check.check([path], docs) == []


def test_new_template_is_valid_and_renders_the_skeleton(docs, capsys):
    kind, unit = "annual-plan", "hospital"
    path = docs / "templates" / unit / f"{kind}.md"
    if path.exists():
        path.unlink()
    assert new.main(["template", "--unit", unit, "--kind", kind, "--docs-dir", str(docs)]) == 0
    page = read_page(path)
    assert validate_meta(page, "template") == [] and page.meta["render_macros"] is True
    assert f'section_skeleton(kind="{kind}", unit="{unit}")' in page.body
    assert f'template_examples(unit="{unit}", kind="{kind}")' in page.body
    assert check.check([path], docs) == []


def test_existing_files_are_refused(docs, capsys):
    argv = ["example", "--unit", "school", "--kind", "year-end-summary", "--title", "标题",
            "--slug", "same-name", "--docs-dir", str(docs)]
    assert new.main(argv) == 0
    path = docs / "examples" / "school" / "same-name.md"
    before = path.read_bytes()
    argv[2] = "town"  # the same file name in another unit is refused too
    assert new.main(argv) == 1
    assert "已有同名范文" in capsys.readouterr().err
    assert not (docs / "examples" / "town" / "same-name.md").exists() and path.read_bytes() == before
    template = next((docs / "templates").glob("*/*.md"))
    before = template.read_bytes()
    unit, kind = template.parent.name, template.stem
    assert new.main(["template", "--unit", unit, "--kind", kind, "--docs-dir", str(docs)]) == 1
    assert "模板已存在" in capsys.readouterr().err and template.read_bytes() == before


@pytest.mark.parametrize("extra, message", [
    (["--period", "2018年"], "period 格式不对"),
    (["--slug", "中文名"], "不是小写英文"),
    (["--tag", "好人好事"], "未知标签"),
])
def test_bad_values_write_nothing(docs, capsys, extra, message):
    argv = ["example", "--unit", "town", "--kind", "annual-plan", "--title", "标题", "--docs-dir", str(docs)]
    before = sorted(docs.rglob("*"))
    assert new.main(argv + extra) == 1
    assert message in capsys.readouterr().err
    assert sorted(docs.rglob("*")) == before


def test_unknown_unit_is_rejected_by_the_parser(docs, capsys):
    with pytest.raises(SystemExit) as exc:
        new.main(["example", "--unit", "factory", "--kind", "annual-plan", "--title", "t"])
    assert exc.value.code == 2 and "factory" in capsys.readouterr().err
