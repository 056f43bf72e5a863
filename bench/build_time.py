"""`make build` time of a synthetic site: cold (.docx cache empty), offline bundle included.

    python -m bench.build_time --pages 1000 --runs 3

Prints each run's wall time, the median, and the load average before and
after each run (these machines are shared; quote medians with the load).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from bench import corpus
from bench.search_bench import cold_build, project


def main(argv: list[str] | None = None) -> int:
    """Build the synthetic site `runs` times, cold, with the bundle; print the times."""
    parser = argparse.ArgumentParser(prog="python -m bench.build_time", description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="synthetic example pages")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    articles = corpus.repo_articles()
    with tempfile.TemporaryDirectory(prefix="build-time-") as tmp:
        config = project(articles, args.pages, Path(tmp) / "project")
        times = []
        for run in range(args.runs):
            result = cold_build(config, Path(tmp) / "site", bundle=True)
            bundle = Path(tmp) / "site" / "downloads" / "gonghui-offline.zip"
            assert bundle.is_file(), "the offline bundle was not made"
            times.append(result["build_s"])
            print(f"run {run + 1}: {result['build_s']:.1f} s, peak {result['peak_mb']:.0f} MB, "
                  f"bundle {bundle.stat().st_size / 2**20:.1f} MiB, load {result['load_build']}", flush=True)
    print(f"median of {args.runs}: {statistics.median(times):.1f} s ({args.pages} example pages, cold, bundle included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
