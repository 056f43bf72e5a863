"""The real example pages: every seed article once, clean text, reproducible import."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import opencc
import pytest
import yaml

from conftest import DOCS, ROOT
from gonghui_core.schema import iter_pages, validate_meta
from tools.import_text import main

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLES = iter_pages(DOCS, "examples")
CJK = r"\u3400-\u9fff"
HALF_WIDTH_RE = re.compile(f"[{CJK}][,:;]|[,:;][{CJK}]")
# Characters OpenCC t2s would change although they are correct Simplified text.
T2S_EXCEPTIONS: set[str] = set()


def _seed_ids() -> list[str]:
    """Expected source ids from the hand-written fixture."""
    data = yaml.safe_load((FIXTURES / "seed_articles.yml").read_text(encoding="utf-8"))
    return [f"{name}#{n}" for name, count in data.items() if name != "same" for n in range(1, count + 1)]


def _names() -> list[str]:
    """Names of people read from the seeds."""
    lines = (FIXTURES / "seed_names.txt").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_every_seed_article_is_published_exactly_once():
    """Each seed article id appears in exactly one page's source, once."""
    sources = [s for page in EXAMPLES for s in page.sources]
    assert sorted(sources) == sorted(_seed_ids())


def test_duplicates_share_one_page():
    """Near-duplicate seed articles are listed together on one page."""
    same = yaml.safe_load((FIXTURES / "seed_articles.yml").read_text(encoding="utf-8"))["same"]
    by_source = {s: page.path for page in EXAMPLES for s in page.sources}
    for group in same:
        assert len({by_source[s] for s in group}) == 1, group


@pytest.mark.parametrize("page", EXAMPLES, ids=lambda p: p.path.name)
def test_page_passes_schema(page):
    """Front matter is valid for an example page."""
    assert [str(p) for p in validate_meta(page, "example")] == []


@pytest.mark.parametrize("page", EXAMPLES, ids=lambda p: p.path.name)
def test_no_traditional_characters(page):
    """OpenCC t2s leaves every example unchanged (Simplified characters only)."""
    text = page.meta["title"] + page.body
    converted = opencc.OpenCC("t2s").convert(text)
    changed = {a for a, b in zip(text, converted) if a != b} - T2S_EXCEPTIONS
    assert not changed, f"Traditional characters: {''.join(sorted(changed))}"


@pytest.mark.parametrize("page", EXAMPLES, ids=lambda p: p.path.name)
def test_no_half_width_punctuation_between_chinese(page):
    """No half-width comma, colon or semicolon next to a Chinese character."""
    hits = HALF_WIDTH_RE.findall(page.body)
    assert not hits, hits[:5]


@pytest.mark.parametrize("page", EXAMPLES, ids=lambda p: p.path.name)
def test_no_personal_names_from_the_seeds(page):
    """No name of a person read from the seeds appears in any example."""
    text = page.meta["title"] + page.body
    assert [n for n in _names() if n in text] == []


@pytest.mark.parametrize("page", EXAMPLES, ids=lambda p: p.path.name)
def test_no_template_syntax_or_html(page):
    """Example pages carry no Jinja markers and no raw HTML."""
    assert not re.search(r"\{\{|\{%|\{#|<[A-Za-z/!]", page.body)


@pytest.mark.skipif(not SEEDS.exists(), reason="seed files not available")
def test_reimport_reproduces_examples_byte_for_byte(tmp_path):
    """Importing the seeds into a temp docs/ gives exactly docs/examples."""
    manifest = ROOT / "tools" / "data" / "import_manifest.json"
    (tmp_path / "tools" / "data").mkdir(parents=True)
    shutil.copy(manifest, tmp_path / "tools" / "data" / "import_manifest.json")
    out = tmp_path / "docs" / "examples"
    assert main([str(p) for p in sorted(SEEDS.glob("*.txt"))] + ["--out", str(out)]) == 0
    got = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.md")}
    want = {p.relative_to(DOCS / "examples").as_posix(): p.read_bytes() for p in (DOCS / "examples").rglob("*.md")}
    assert sorted(got) == sorted(want)
    assert [k for k in want if got[k] != want[k]] == []
