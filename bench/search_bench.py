"""Search and build benchmark on synthetic corpora (bench/corpus.py).

For each corpus size (example pages): a cold build (the .docx cache emptied
first) with its wall time and peak memory (largest resident set of the build
and its worker process), the time the search index took (from the hook's
log), the index size (posting lists, dictionaries, page files; the site
holds no .js twins since they moved into the offline bundle, so "with" =
"without" in newer rows), and in headless Chromium, served by
a loopback server that counts the bytes it sends:

- first query: a fresh browser (empty cache) opens an example page, waits
  until it is idle, types a whole query; time from that keystroke to the
  results painted, and every byte of search sent since the page was opened
  (worker script, manifest, fragments, page files) — plain, and with the CPU
  throttled 4x (CDP Emulation.setCPUThrottlingRate, on the page and on the
  search worker);
- first query typed: the same, but the query is typed as an input method
  commits it: all but the last character, a pause, the last character; time
  from that last keystroke;
- keystroke: in an open search box, type a query but its last character,
  wait, type the last one: time to results (median over the queries), plain
  and throttled.

``--baseline`` adds stock Material search + jieba (this project minus
hooks/search_index.py) at the given sizes, measured the same way. Load
averages are recorded for every row (the machine is shared). Prints a Markdown
table; ``--out`` also writes it to a file. ``make bench`` runs the default.

    .venv/bin/python bench/search_bench.py --pages 30,1000,3000,10000 --baseline 1000 --out bench/LATEST.md
    .venv/bin/python bench/search_bench.py --pages 10000 --no-docx all --keep /tmp/b   # keep the site
    .venv/bin/python bench/search_bench.py --sites /tmp/b/10000                         # browser only, again
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import corpus
from search_eval import searchbox

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

QUERIES = ["铁路局工会年终总结", "幼儿园工会工作计划", "金秋助学", "职工书屋", "困难职工帮扶",
           "教代会", "女职工", "劳动竞赛"]
HOOK_LINE_RE = re.compile(r"^\s*-\s*hooks/search_index\.py.*\n", re.M)
DOCX_SWITCH_RE = re.compile(r"docx: !ENV \[TAKEAWAY_DOCX, true\]")
INDEX_LOG_RE = re.compile(r"Search index: .*finished in ([\d.]+) s")


# Build in a child process and report its peak memory (and its workers').
BUILD_CODE = """import resource, sys
from mkdocs.__main__ import cli
try:
    cli()
except SystemExit as e:
    code = e.code
else:
    code = 0
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"PEAK_KB {me} {kids}", file=sys.stderr)
sys.exit(code)
"""

# Whole query in one keystroke into a fresh page's search box; ms to the results painted.
FIRST_QUERY_JS = """async ([sel, q]) => {
  const input = document.querySelector(sel);
  input.focus();
  const done = new Promise(resolve => {
    const obs = new MutationObserver(() => {
      if (!document.querySelector('ol.md-search-result__list > li')) return;
      obs.disconnect(); resolve(performance.now());
    });
    obs.observe(document.querySelector('.md-search-result'), {childList: true, subtree: true, characterData: true});
  });
  input.value = q;
  const t0 = performance.now();
  input.dispatchEvent(new KeyboardEvent('keyup', {bubbles: true}));
  const t1 = await Promise.race([done, new Promise(r => setTimeout(() => r(NaN), 30000))]);
  await new Promise(r => requestAnimationFrame(() => r()));
  return t1 - t0;
}"""


def load() -> str:
    """Load averages, 1/5/15 min."""
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


# -----------------------------------------------------------------------------
# Builds
# -----------------------------------------------------------------------------

def project(articles, n: int, dest: Path, docx: bool = True, baseline: bool = False) -> Path:
    """A copy of the project with n synthetic examples; returns its mkdocs.yml."""
    config = corpus.make_project(dest, corpus.synthesize(articles, n))
    text = config.read_text(encoding="utf-8")
    if not docx:  # pages are still walked (search, theme cards); no documents are made
        text, found = DOCX_SWITCH_RE.subn("docx: false", text)
        if not found:
            raise SystemExit(f"{config}: extra.takeaway.docx switch not found")
    if baseline:
        text = HOOK_LINE_RE.sub("", text)
    config.write_text(text, encoding="utf-8")
    return config


def cold_build(config: Path, site: Path, bundle: bool = False) -> dict:
    """mkdocs build --strict with an empty .docx cache (and the offline bundle if asked): seconds, peak MB, index seconds."""
    shutil.rmtree(config.parent / ".cache", ignore_errors=True)
    shutil.rmtree(site, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TAKEAWAY_OFFLINE_BUNDLE="true" if bundle else "false")
    load_before = load()
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", BUILD_CODE, "build", "--strict", "-f", str(config),
                           "-d", str(site)], cwd=config.parent, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build failed for {config}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    peak = re.search(r"PEAK_KB (\d+) (\d+)", proc.stderr)
    index = INDEX_LOG_RE.search(proc.stderr)
    return {"build_s": seconds, "peak_mb": max(int(peak.group(1)), int(peak.group(2))) / 1024 if peak else None,
            "index_s": float(index.group(1)) if index else None, "load_build": f"{load_before} → {load()}"}


def index_sizes(site: Path) -> dict:
    """Bytes of the search index: all files, without .js files (older sites had twins), by kind."""
    search = site / "search"
    out = {"manifest": (search / "search_index.json").stat().st_size, "all": 0, "own": 0}
    for path in search.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        out["all"] += size
        if path.suffix != ".js":
            out["own"] += size
            kind = path.parent.name if path.parent.parent.parent.name == "zh" else "other"
            out[kind] = out.get(kind, 0) + size
    return out


# -----------------------------------------------------------------------------
# Browser
# -----------------------------------------------------------------------------

def throttle(page, rate: float) -> None:
    """CPU throttling on the page and on the workers it starts (they are separate targets)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    sessions = []

    def attached(event):
        sid = event["sessionId"]
        sessions.append(sid)
        message = {"id": 1, "method": "Emulation.setCPUThrottlingRate", "params": {"rate": rate}}
        cdp.send("Target.sendMessageToTarget", {"sessionId": sid, "message": json.dumps(message)})
        cdp.send("Target.sendMessageToTarget", {"sessionId": sid, "message": json.dumps(
            {"id": 2, "method": "Runtime.runIfWaitingForDebugger"})})

    cdp.on("Target.attachedToTarget", attached)
    cdp.send("Target.setAutoAttach", {"autoAttach": True, "waitForDebuggerOnStart": True, "flatten": False})
    page._bench_cdp = (cdp, sessions)


def first_query(browser, server, url: str, query: str, rate: float, typed: bool = False) -> dict:
    """A fresh context: open url, wait until idle, type the query at once (typed: all but its
    last character, then after a pause the last one; the time is from the last keystroke).
    """
    context = browser.new_context()
    page = context.new_page()
    if rate != 1:
        throttle(page, rate)
    server.reset()
    page.goto(url, wait_until="load", timeout=120_000)
    try:  # stock Material downloads its whole index first: that is part of its first query
        page.wait_for_load_state("networkidle", timeout=60_000)
    except Exception:  # noqa: BLE001 - still loading: measure from here
        pass
    page.wait_for_timeout(300)
    if typed:
        ms = searchbox.timed_search(page, query)
    else:
        ms = page.evaluate(FIRST_QUERY_JS, [searchbox.INPUT, query])
    page.wait_for_timeout(100)
    sent = server.search_bytes()
    count = len(page.query_selector_all(searchbox.RESULT_ITEMS))
    context.close()
    return {"ms": ms, "bytes": sent, "shown": count}


def keystrokes(browser, server, url: str, rate: float) -> list[float]:
    """Keystroke-to-results times over QUERIES (twice each) in one open search box."""
    context = browser.new_context()
    page = context.new_page()
    if rate != 1:
        throttle(page, rate)
    searchbox.open_search(page, url)
    searchbox.search(page, "工会")
    times = [searchbox.timed_search(page, q) for q in QUERIES for _ in range(2)]
    context.close()
    return times


def browser_numbers(site: Path) -> dict:
    """First-query bytes and times, keystroke times; plain and CPU-throttled 4x."""
    from playwright.sync_api import sync_playwright

    first = next(p for p in sorted(site.glob("examples/*/*")) if p.is_dir())
    rel = first.relative_to(site).as_posix() + "/"
    out = {"load_browser": load()}
    with searchbox.Server(site, count=True) as server, sync_playwright() as pw:
        browser = searchbox.launch(pw)
        for rate, tag in ((1, ""), (4, "_x4")):
            runs = [first_query(browser, server, server.url + rel, q, rate) for q in QUERIES]
            out["first_ms" + tag] = statistics.median(r["ms"] for r in runs)
            out["first_max_ms" + tag] = max(r["ms"] for r in runs)
            typed = [first_query(browser, server, server.url + rel, q, rate, typed=True) for q in QUERIES]
            out["typed_ms" + tag] = statistics.median(r["ms"] for r in typed)
            out["typed_max_ms" + tag] = max(r["ms"] for r in typed)
            if not tag:
                out["first_kb"] = statistics.median(r["bytes"] for r in runs) / 1024
                out["first_max_kb"] = max(r["bytes"] for r in runs) / 1024
                out["typed_kb"] = statistics.median(r["bytes"] for r in typed) / 1024
                out["shown"] = statistics.median(r["shown"] for r in runs)
            keys = keystrokes(browser, server, server.url + rel, rate)
            out["key_ms" + tag] = statistics.median(keys)
            out["key_max_ms" + tag] = max(keys)
        browser.close()
    out["load_browser"] += f" → {load()}"
    return out


# -----------------------------------------------------------------------------
# Rows and table
# -----------------------------------------------------------------------------

def measure(articles, n: int, docx: bool, baseline: bool = False, keep: Path | None = None) -> dict:
    """All numbers for one corpus size (keep: build under keep/<n>[-baseline]/ and leave it)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        where = Path(tmp) if keep is None else keep / f"{n}{'-baseline' if baseline else ''}"
        config = project(articles, n, where / "proj", docx=docx, baseline=baseline)
        site = where / "site"
        row = {"n": n, "docx": docx, "engine": "stock Material + jieba" if baseline else "search-zh",
               **cold_build(config, site)}
        if keep is not None:
            (where / "build.json").write_text(json.dumps(row), encoding="utf-8")
        row.update(site_numbers(site, baseline))
    print(f"  {json.dumps(row, ensure_ascii=False)}", file=sys.stderr, flush=True)
    return row


def site_numbers(site: Path, baseline: bool) -> dict:
    """Index sizes and browser numbers of a built site."""
    row = {} if baseline else index_sizes(site)
    row.update(browser_numbers(site))
    return row


def measure_built(folder: Path) -> dict:
    """Browser numbers for a site kept by --keep (folder with build.json and site/)."""
    row = json.loads((folder / "build.json").read_text(encoding="utf-8"))
    row.update(site_numbers(folder / "site", row["engine"] != "search-zh"))
    print(f"  {json.dumps(row, ensure_ascii=False)}", file=sys.stderr, flush=True)
    return row


def table(rows: list[dict]) -> str:
    """Markdown table of the results."""
    head = ("| engine | example pages | .docx | build s (cold) | peak memory MB | index s | "
            "index MB (without / with .js twins) | index KB per example | "
            "first query KB sent (median / max) | first query ms (median / max) | "
            "first query ms, CPU 4× | first query typed: KB / ms from last keystroke / ms CPU 4× | "
            "keystroke ms (median / max) | keystroke ms, CPU 4× | "
            "load avg (build; browser) |\n|" + "---|" * 15)
    lines = [head]
    for r in rows:
        own = r.get("own")
        size = f"{own / 2**20:.1f} / {r['all'] / 2**20:.1f}" if own else "—"
        per = f"{own / r['n'] / 1024:.1f}" if own else "—"
        idx = f"{r['index_s']:.1f}" if r.get("index_s") is not None else "—"
        peak = f"{r['peak_mb']:.0f}" if r.get("peak_mb") else "—"
        lines.append(
            f"| {r['engine']} | {r['n']} | {'yes' if r['docx'] else 'no'} | {r['build_s']:.1f} | {peak} | {idx} | "
            f"{size} | {per} | {r['first_kb']:.0f} / {r['first_max_kb']:.0f} | "
            f"{r['first_ms']:.0f} / {r['first_max_ms']:.0f} | {r['first_ms_x4']:.0f} / {r['first_max_ms_x4']:.0f} | "
            f"{r['typed_kb']:.0f} / {r['typed_ms']:.0f} / {r['typed_ms_x4']:.0f} | "
            f"{r['key_ms']:.0f} / {r['key_max_ms']:.0f} | {r['key_ms_x4']:.0f} / {r['key_max_ms_x4']:.0f} | "
            f"{r['load_build']}; {r['load_browser']} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default="30,1000", help="corpus sizes in example pages")
    ap.add_argument("--baseline", default="", help="sizes to measure stock Material + jieba at too")
    ap.add_argument("--no-docx", default="", help="sizes to build without the .docx export hook "
                                                  "('all' for every size)")
    ap.add_argument("--keep", type=Path, help="build into this folder and keep the sites")
    ap.add_argument("--sites", type=Path, nargs="*", default=[],
                    help="only the browser numbers again, for folders kept by --keep")
    ap.add_argument("--out", type=Path, help="also write the table to this file")
    args = ap.parse_args(argv)
    if args.sites:
        out = table([measure_built(folder) for folder in args.sites])
        print(out)
        if args.out:
            args.out.write_text(out, encoding="utf-8")
        return 0
    articles = corpus.repo_articles()
    if not articles:
        print("no examples in docs/examples: nothing to multiply", file=sys.stderr)
        return 1
    no_docx = {int(n) for n in args.no_docx.split(",") if n.isdigit()}
    rows = []
    for n in [int(x) for x in args.pages.split(",") if x]:
        docx = not (args.no_docx == "all" or n in no_docx)
        rows.append(measure(articles, n, docx=docx, keep=args.keep))
        if n in {int(x) for x in args.baseline.split(",") if x}:
            rows.append(measure(articles, n, docx=docx, baseline=True, keep=args.keep))
    out = table(rows)
    print(out)
    if args.out:
        args.out.write_text(out, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
