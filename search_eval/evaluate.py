"""Evaluate site search as staff use it: type each query into the real search box.

Builds the site (mkdocs build --strict), serves it on loopback, opens it in
headless Debian Chromium, types every query of search_eval/queries.yml into
Material's search box, reads the displayed results and reports the top-1 and
top-3 hit rates and every failure.

    .venv/bin/python search_eval/evaluate.py                    # the site as configured
    .venv/bin/python search_eval/evaluate.py --baseline jieba   # stock Material + jieba
    .venv/bin/python search_eval/evaluate.py --baseline nojieba # stock Material, no jieba
    .venv/bin/python search_eval/evaluate.py --config other.yml # any mkdocs config

Exit status 1 when the targets (95% top-3, 80% top-1) are missed.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import yaml

from search_eval import searchbox

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

QUERIES = HERE / "queries.yml"
HOOK_LINE_RE = re.compile(r"^\s*-\s*hooks/search_index\.py.*\n", re.M)
JIEBA_DICT_RE = re.compile(r"^\s*jieba_dict(_user)?:.*\n", re.M)
TARGET_TOP1, TARGET_TOP3 = 0.80, 0.95


def load_queries(path: Path = QUERIES) -> list[dict]:
    """The evaluation queries: [{q, expect: [page paths], kind}]."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for i, item in enumerate(data, 1):
        if not item.get("q") or not item.get("expect"):
            raise SystemExit(f"{path}:{i}: each query needs q and expect（补上 q: 与 expect: 列表）")
    return data


def page_key(path: str) -> str:
    """Comparable page key for a source path or a result URL path."""
    key = re.sub(r"(\.md|\.html|/)$", "", path.strip("/"))
    return re.sub(r"(^|/)index$", "", key)


def baseline_config(kind: str) -> Path:
    """A temporary copy of mkdocs.yml without the Chinese search hook."""
    text = HOOK_LINE_RE.sub("", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if kind == "nojieba":  # the plugin would call jieba to load the dictionary
        text = JIEBA_DICT_RE.sub("", text)
    handle = tempfile.NamedTemporaryFile("w", suffix=".yml", prefix=f".baseline-{kind}-",
                                         dir=ROOT, delete=False, encoding="utf-8")
    handle.write(text)
    handle.close()
    return Path(handle.name)


def run(config: Path, queries: list[dict], block_jieba: bool = False) -> dict:
    """Build, serve, search every query; return hit counts and failures."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        seconds = searchbox.build(config, Path(tmp) / "site", block_jieba=block_jieba)
        with searchbox.Server(Path(tmp) / "site") as server, sync_playwright() as pw:
            browser = searchbox.launch(pw)
            page = browser.new_page()
            searchbox.open_search(page, server.url)
            rows = [_check(page, item) for item in queries]
            browser.close()
    return {"build_s": seconds, "rows": rows}


def _check(page, item: dict) -> dict:
    """Search one query; where did the first expected page come?"""
    start = time.perf_counter()
    results = searchbox.search(page, item["q"])
    expect = {page_key(p) for p in item["expect"]}
    got = [page_key(r.path) for r in results]
    rank = next((i + 1 for i, key in enumerate(got) if key in expect), None)
    return {"q": item["q"], "kind": item.get("kind", ""), "rank": rank, "count": len(got),
            "top": got[:3], "expect": sorted(expect), "ms": (time.perf_counter() - start) * 1000}


def report(name: str, result: dict) -> tuple[float, float]:
    """Print hit rates and failures; return (top1, top3)."""
    rows = result["rows"]
    n = len(rows)
    top1 = sum(1 for r in rows if r["rank"] == 1) / n
    top3 = sum(1 for r in rows if r["rank"] and r["rank"] <= 3) / n
    median_count = sorted(r["count"] for r in rows)[n // 2]
    print(f"## {name}\n")
    print(f"- queries: {n}; top-1: {top1:.0%} ({round(top1 * n)}/{n}); "
          f"top-3: {top3:.0%} ({round(top3 * n)}/{n}); median results per query: {median_count}; "
          f"build: {result['build_s']:.1f} s\n")
    misses = [r for r in rows if r["rank"] != 1]
    if misses:
        print("| query | kind | rank of expected | expected | shown first |\n|---|---|---|---|---|")
        for r in misses:
            print(f"| {r['q']} | {r['kind']} | {r['rank'] or '—'} | {', '.join(r['expect'])} "
                  f"| {', '.join(r['top']) or '（无结果）'} |")
        print()
    return top1, top3


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml")
    ap.add_argument("--baseline", choices=["jieba", "nojieba"],
                    help="stock Material search (this config minus hooks/search_index.py)")
    ap.add_argument("--queries", type=Path, default=QUERIES)
    args = ap.parse_args(argv)
    queries = load_queries(args.queries)
    config, name = args.config.resolve(), "this site"
    if args.baseline:
        config, name = baseline_config(args.baseline), f"stock Material ({args.baseline})"
    try:
        result = run(config, queries, block_jieba=args.baseline == "nojieba")
    finally:
        if args.baseline:
            config.unlink()
    top1, top3 = report(name, result)
    return 0 if top1 >= TARGET_TOP1 and top3 >= TARGET_TOP3 else 1


if __name__ == "__main__":
    sys.exit(main())
