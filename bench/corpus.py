"""Synthetic example corpora for the search benchmark.

A copy of the project (config, hooks, macros, overrides, non-example docs) in
a scratch directory whose docs/examples holds n distinct pages made from the
real examples: each keeps the heading skeleton, unit, kind and tags of one
example, swaps about a third of its paragraphs for paragraphs of other
examples, and varies numbers and place names, so no two pages are copies.
"""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from gonghui_core.schema import read_page

ROOT = Path(__file__).resolve().parent.parent

SKIP_TOP = {".git", ".venv", "site", "bench", "search_eval", "tests", ".pytest_cache", "node_modules"}
DIGITS_RE = re.compile(r"\d+")
PLACEHOLDER_RE = re.compile(r"××")
PLACES = ["城关", "新华", "东城", "西湖", "南山", "北塘", "青山", "白沙", "红旗", "长安",
          "太平", "永安", "河东", "江北", "石桥", "柳林", "安平", "兴隆", "金川", "龙泉"]
SWAP_SHARE = 0.35


@dataclass
class Article:
    """One source example: front matter and body paragraphs."""

    meta: dict
    paragraphs: list[str]


def repo_articles(docs: Path = ROOT / "docs") -> list[Article]:
    """The real example pages of the repository."""
    out = []
    for path in sorted((docs / "examples").glob("*/*.md")):
        if path.name == "index.md":
            continue
        page = read_page(path)
        out.append(Article(dict(page.meta), [p for p in page.body.split("\n\n") if p.strip()]))
    return out


def synthesize(articles: list[Article], n: int, seed: int = 5) -> list[tuple[str, str]]:
    """n (relative path, Markdown) pairs of distinct synthetic example pages."""
    rng = random.Random(seed)
    pool = [p for a in articles for p in a.paragraphs if not p.lstrip().startswith("#")]
    pages = []
    for i in range(n):
        base = articles[i % len(articles)]
        place = PLACES[rng.randrange(len(PLACES))] + rng.choice(["", "区", "县", "镇", "市"])
        body = [_vary(p if p.lstrip().startswith("#") or rng.random() > SWAP_SHARE
                      else rng.choice(pool), rng, place) for p in base.paragraphs]
        meta = dict(base.meta)
        meta["title"] = f"{place}{_vary(str(meta.get('title', '范文')), rng, place)}（{i + 1}）"
        meta.pop("source", None)
        meta["source"] = f"synthetic#{i + 1}"
        text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"
        pages.append((f"examples/{meta.get('unit', 'school')}/syn-{i + 1:05d}.md",
                      text + "\n\n".join(body) + "\n"))
    return pages


def _vary(text: str, rng: random.Random, place: str) -> str:
    """Change numbers and fill ×× with a place name."""
    text = DIGITS_RE.sub(lambda m: str(max(1, int(m.group(0)) + rng.randint(-3, 3)))
                         if len(m.group(0)) < 4 else m.group(0), text)
    return PLACEHOLDER_RE.sub(place, text, count=1)


def make_project(dest: Path, pages: list[tuple[str, str]]) -> Path:
    """Copy the project to dest with pages as its only examples; return mkdocs.yml."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for item in ROOT.iterdir():
        if item.name in SKIP_TOP or item.name.startswith("."):
            continue
        if item.is_dir():
            shutil.copytree(item, dest / item.name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, dest / item.name)
    examples = dest / "docs" / "examples"
    for old in examples.glob("*/*.md"):
        if old.name != "index.md":
            old.unlink()
    for rel, text in pages:
        target = dest / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return dest / "mkdocs.yml"
