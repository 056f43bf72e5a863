"""Build and search benchmarks on synthetic corpora (``python -m bench.search_bench``)."""
