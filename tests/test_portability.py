"""The product does not depend on one site generator.

A small fixture project (the real configuration, hooks, macros and theme
overrides, three examples and a template) is built with MkDocs 1.6.1 and with
ProperDocs (the maintained drop-in fork of MkDocs 1.6, pinned in
requirements.txt); both builds must publish the same pages with their Word
documents, the Chinese search index and the generated listing pages.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURE_EXAMPLES, fixture_project

GENERATORS = {
    "mkdocs": [sys.executable, "-m", "mkdocs"],
    "properdocs": [str(Path(sys.executable).with_name("properdocs"))],
}


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """The fixture project built by each generator: name -> site folder."""
    project = fixture_project(tmp_path_factory.mktemp("portable"))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TAKEAWAY_OFFLINE_BUNDLE="false")
    sites = {}
    for name, command in GENERATORS.items():
        site = project / f"site-{name}"
        proc = subprocess.run([*command, "build", "--strict", "-q", "-d", str(site)],
                              cwd=project, capture_output=True, text=True, env=env)
        assert proc.returncode == 0, f"{name} build failed:\n{proc.stdout}\n{proc.stderr}"
        sites[name] = site
    return sites


def _pages(site: Path) -> set[str]:
    """Every HTML page and Word document of a site, relative to it."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.suffix in (".html", ".docx")}


def test_properdocs_is_a_real_second_generator():
    """The ProperDocs command is installed and is not MkDocs under another name."""
    out = subprocess.run([*GENERATORS["properdocs"], "--version"], capture_output=True, text=True)
    assert out.returncode == 0 and "properdocs" in out.stdout.lower(), out.stdout + out.stderr


def test_both_generators_publish_the_same_pages(builds):
    assert _pages(builds["mkdocs"]) == _pages(builds["properdocs"])


@pytest.mark.parametrize("generator", list(GENERATORS))
def test_product_features_survive_the_generator(builds, generator):
    """Examples with .docx, generated listing pages and the Chinese search index in each build."""
    site = builds[generator]
    for src in FIXTURE_EXAMPLES:
        stem = src.removesuffix(".md")
        assert (site / stem / "index.html").is_file(), f"{generator}: {stem} not built"
        assert (site / f"{stem}.docx").stat().st_size > 5000, f"{generator}: no Word document for {stem}"
    for listing in ("units/school/index.html", "kinds/year-end-summary/index.html", "themes/sending-warmth/index.html"):
        assert (site / listing).is_file(), f"{generator}: listing page {listing} missing"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    zh = index["config"]["zh"]
    assert zh["n"] > 10, f"{generator}: the Chinese search index is empty"
    assert (site / "search" / zh["dir"] / "v.json").is_file(), f"{generator}: no search vocabulary"


def test_macros_find_the_page_path_under_either_generator(tmp_path):
    """MkDocs gives macros page.file.src_uri, Zensical only page.path: both give the same path."""
    from types import SimpleNamespace

    from macros import page_src_uri

    mkdocs_page = SimpleNamespace(file=SimpleNamespace(src_uri="templates/school/year-end-summary.md"))
    zensical_page = SimpleNamespace(path=str(tmp_path / "templates" / "school" / "year-end-summary.md"))
    relative_page = SimpleNamespace(path="templates/school/year-end-summary.md")
    assert page_src_uri(mkdocs_page, tmp_path) == "templates/school/year-end-summary.md"
    assert page_src_uri(zensical_page, str(tmp_path)) == "templates/school/year-end-summary.md"
    assert page_src_uri(relative_page, tmp_path) == "templates/school/year-end-summary.md"
