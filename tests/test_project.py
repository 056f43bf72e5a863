"""The project as a newcomer meets it: installed, runnable from any folder, one core.

These tests run the real commands in subprocesses from folders other than
the repository root, read the project's metadata, and check the package
boundaries that keep the code easy to carry on.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT

PIN_RE = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s#]+)")
SOURCE_DIRS = ("gonghui_core", "macros", "hooks", "tools", "export", "searchindex", "tests", "bench", "search_eval")
# Which first-party packages each package may import (the core imports none of them).
ALLOWED_IMPORTS = {
    "gonghui_core": set(),
    "macros": {"gonghui_core"},
    "export": {"gonghui_core"},
    "tools": {"gonghui_core", "macros"},  # tools.new writes a template's skeleton with macros.skeleton
    "searchindex": {"gonghui_core"},
    "hooks": {"gonghui_core", "export", "searchindex", "hooks"},
}
FIRST_PARTY = set(ALLOWED_IMPORTS)


def _pins(lines) -> dict[str, str]:
    """name -> version of every `name==version` line."""
    return {m.group(1).lower().replace("_", "-"): m.group(2) for line in lines if (m := PIN_RE.match(line.strip()))}


def _python_files():
    for folder in SOURCE_DIRS:
        yield from (ROOT / folder).rglob("*.py")


def _imports(path: Path) -> set[str]:
    """Top-level names of the modules a file imports (relative imports resolved to its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.add(path.relative_to(ROOT).parts[0] if node.level else (node.module or "").split(".")[0])
    return names


def test_pyproject_pins_match_requirements():
    """pyproject.toml and requirements.txt pin the same versions."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = _pins(project["dependencies"] + project["optional-dependencies"]["test"])
    required = _pins((ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())
    assert declared == required


def test_no_sys_path_manipulation():
    """The project is installed: no module edits sys.path to find another."""
    edit = re.compile(r"sys\.path\.(insert|append|extend)\(|sys\.path\s*=")
    offenders = [str(p.relative_to(ROOT)) for p in _python_files()
                 if p != Path(__file__).resolve() and edit.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.parametrize("package", sorted(ALLOWED_IMPORTS))
def test_packages_depend_on_the_core_not_on_each_other(package):
    """macros, hooks, tools and export import the core, not each other's internals."""
    wrong = {}
    for path in (ROOT / package).rglob("*.py"):
        bad = (_imports(path) & FIRST_PARTY) - ALLOWED_IMPORTS[package] - {package}
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert wrong == {}


def test_core_does_not_import_a_site_generator():
    """The domain core runs without MkDocs: no mkdocs, material or macros plugin imports."""
    for path in (ROOT / "gonghui_core").rglob("*.py"):
        assert not _imports(path) & {"mkdocs", "material", "mkdocs_macros", "properdocs"}, path


def test_tools_run_from_another_folder(tmp_path):
    """`python -m tools.check` works outside the repository root and names file and line."""
    docs = tmp_path / "docs"
    bad = docs / "examples" / "school" / "bad.md"
    bad.parent.mkdir(parents=True)
    bad.write_text("---\ntitle: 测试\nunit: factory\nkind: year-end-summary\nsource: x.txt#1\n"
                   "tags: [年终总结]\n---\n\n## 一、工作\n\n正文。\n", encoding="utf-8")
    env = dict(os.environ, GITHUB_ACTIONS="true")
    proc = subprocess.run([sys.executable, "-m", "tools.check", "--docs-dir", str(docs), str(bad)], cwd=tmp_path,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "bad.md:3: 未知的单位类型 unit: factory" in proc.stdout
    assert re.search(r"^::error file=[^,]*bad\.md,line=3::未知的单位类型 unit%3A factory|"
                     r"^::error file=[^,]*bad\.md,line=3::未知的单位类型 unit: factory", proc.stdout, re.M), proc.stdout


def test_annotation_escapes_workflow_command_characters():
    from gonghui_core.schema import Problem
    from tools.check import github_annotation

    line = github_annotation(Problem("docs/a,b:c.md", 7, "100% 错\n误", "改"))
    assert line == "::error file=docs/a%2Cb%3Ac.md,line=7::100%25 错%0A误（改）"


def test_pytest_runs_from_a_subfolder():
    """Plain `pytest` finds the project's settings and tests from any folder of the repository."""
    proc = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
                          cwd=ROOT / "docs" / "examples", capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert "test_calendar.py::" in proc.stdout and "test_project.py::" in proc.stdout
