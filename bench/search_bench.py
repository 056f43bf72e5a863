"""Search benchmark on synthetic corpora of 1x, 10x and 30x the examples.

For each size: build time (median of 3 cold builds, the .docx cache emptied
before each; then once warm, with the cache the cold build filled; and once
cold and once warm with the offline zip as `make build` does), search index size (raw and gzipped, per
example page), total site size, and in headless Chromium the time from the
last keystroke to results shown, the time until search answers after opening
a page, and the JavaScript heap the index takes. Prints a Markdown table;
`--out` also writes it to a file. Run with `make bench`.

    .venv/bin/python bench/search_bench.py --out bench/RESULTS.md
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
from bench import corpus
from search_eval import searchbox

QUERIES = ["铁路局工会年终总结", "幼儿园工会工作计划", "金秋助学", "职工书屋", "困难职工帮扶",
           "教代会", "女职工", "劳动竞赛"]
EXAMPLE_PAGE_JS = "() => document.querySelector('article') !== null"

# Heap taken by the parsed index and by the search engine built from it (in a page).
HEAP_JS = """async (url) => {
  const gc = () => new Promise(r => setTimeout(r, 50));
  const idx = await (await fetch(url)).json();
  window.__keep = [idx, new ZhSearch.Engine(idx)];
  await gc();
  return true;
}"""


def sizes(site: Path) -> dict:
    """Search index (raw, gzip; whole and example entries only) and total site bytes."""
    index = (site / "search" / "search_index.json").read_bytes()
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    data = json.loads(index)
    examples = [d for d in data["docs"] if d["location"].startswith("examples/")
                and d["location"].count("/") >= 2]
    own = json.dumps(examples, ensure_ascii=False, separators=(",", ":")).encode()
    return {"index": len(index), "gz": len(gzip.compress(index, 9)), "site": total,
            "pages": len(data["docs"]), "examples": len(examples),
            "ex_index": len(own), "ex_gz": len(gzip.compress(own, 9))}


def heap(cdp) -> float:
    """JS heap in use after a garbage collection, bytes."""
    cdp.send("HeapProfiler.collectGarbage")
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return next(m["value"] for m in metrics if m["name"] == "JSHeapUsedSize")


def browser_numbers(site: Path, example_url: str) -> dict:
    """Keystroke-to-results, time to usable search, index heap."""
    from playwright.sync_api import sync_playwright

    with searchbox.Server(site) as server, sync_playwright() as pw:
        browser = searchbox.launch(pw)
        usable = []
        for _ in range(3):
            page = browser.new_page()
            usable.append(_usable_ms(page, server.url + example_url))
            page.close()
        page = browser.new_page()
        searchbox.open_search(page, server.url + example_url)
        searchbox.search(page, "工会")
        latency = [searchbox.timed_search(page, q) for q in QUERIES for _ in range(2)]
        page.close()
        page = browser.new_page()
        page.goto(server.url + "404.html")
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.add_script_tag(url=server.url + "assets/javascripts/search-zh.js")
        before = heap(cdp)
        page.evaluate(HEAP_JS, server.url + "search/search_index.json")
        after = heap(cdp)
        browser.close()
    return {"latency_ms": statistics.median(latency), "latency_max_ms": max(latency),
            "usable_ms": statistics.median(usable), "heap": after - before}


def _usable_ms(page, url: str) -> float:
    """Milliseconds from navigation start until a typed query shows results."""
    page.goto(url, wait_until="commit")
    box = page.locator(searchbox.INPUT)
    box.click()
    box.fill("金秋助学")
    box.press("End")
    page.wait_for_selector(searchbox.RESULT_ITEMS, timeout=60000)
    return page.evaluate("performance.now()")


def cold_build(config: Path, dest: Path, bundle: bool = False) -> float:
    """A build with the .docx cache (.cache/ beside mkdocs.yml) emptied first."""
    shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    return searchbox.build(config, dest, bundle=bundle)


def measure(articles, n: int, runs: int) -> dict:
    """All numbers for one corpus size (n example pages)."""
    with tempfile.TemporaryDirectory() as tmp:
        config = corpus.make_project(Path(tmp) / "proj", corpus.synthesize(articles, n))
        site = Path(tmp) / "site"
        times = [cold_build(config, site) for _ in range(runs)]
        row = {"factor": n / len(articles), "n": n, "build_s": statistics.median(times),
               "build_runs": times, **sizes(site)}
        row["build_warm_s"] = searchbox.build(config, site)  # the .docx cache is full now
        row["build_bundle_s"] = cold_build(config, Path(tmp) / "site2", bundle=True)
        row["build_bundle_warm_s"] = searchbox.build(config, Path(tmp) / "site2", bundle=True)
        row["site_bundle"] = sum(p.stat().st_size for p in (Path(tmp) / "site2").rglob("*") if p.is_file())
        first = next(p for p in sorted(site.glob("examples/*/*")) if p.is_dir() or p.suffix == ".html")
        rel = first.relative_to(site).as_posix() + ("/" if first.is_dir() else "")
        row.update(browser_numbers(site, rel))
    print(f"  {n} pages: {row}", file=sys.stderr)
    return row


def table(rows: list[dict]) -> str:
    """Markdown table of the results."""
    head = ("| corpus | example pages | build s cold (median of 3) | cold per example | "
            "build s warm (.docx cache) | warm per example | "
            "build s with offline zip (cold / warm) | index KB | index KB per example (all / example entries) | "
            "gzip KB per example (all / example entries) | "
            "site MB | site MB with zip | keystroke → results ms (median / max) | "
            "search usable after open ms | index heap MB |\n|" + "---|" * 15)
    lines = [head]
    for r in rows:
        lines.append(
            f"| {r['factor']:.3g}× | {r['n']} | {r['build_s']:.1f} | {r['build_s'] / r['n'] * 1000:.0f} ms | "
            f"{r['build_warm_s']:.1f} | {r['build_warm_s'] / r['n'] * 1000:.0f} ms | "
            f"{r['build_bundle_s']:.1f} / {r['build_bundle_warm_s']:.1f} | {r['index'] / 1024:.0f} | {r['index'] / r['n'] / 1024:.2f} / "
            f"{r['ex_index'] / r['n'] / 1024:.2f} | {r['gz'] / r['n'] / 1024:.2f} / {r['ex_gz'] / r['n'] / 1024:.2f} | {r['site'] / 2**20:.1f} | {r['site_bundle'] / 2**20:.1f} | "
            f"{r['latency_ms']:.0f} / {r['latency_max_ms']:.0f} | {r['usable_ms']:.0f} | "
            f"{r['heap'] / 2**20:.1f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--factors", default="1,10,30", help="corpus sizes as multiples of the examples")
    ap.add_argument("--pages", default="", help="extra corpus sizes in example pages (e.g. 1000)")
    ap.add_argument("--runs", type=int, default=3, help="builds per size (median)")
    ap.add_argument("--out", type=Path, help="also write the table to this file")
    args = ap.parse_args(argv)
    articles = corpus.repo_articles()
    if not articles:
        print("no examples in docs/examples: nothing to multiply", file=sys.stderr)
        return 1
    sizes_n = [len(articles) * int(f) for f in args.factors.split(",") if f]
    sizes_n += [int(n) for n in args.pages.split(",") if n]
    rows = [measure(articles, n, args.runs) for n in sizes_n]
    out = table(rows)
    print(out)
    if args.out:
        args.out.write_text(out, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
