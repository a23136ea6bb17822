"""Benchmark of the statement browser and search at growing corpus sizes (planted corpora, 100 to 10,000 statements).

For each size: generate the corpus (:func:`ascc_analysis.testing.planted.generate_corpus`) and tag its themes, build
every browser page (:func:`ascc_analysis.report.browser.browser_pages`, carry-over included) into a temporary folder,
and report the build time, the number of files, the whole browser's size, the largest page, the search index's size
raw and gzip-compressed (the whole index and its largest chunk). Then, where Debian's Chromium is installed, open
``search.html?q=<term>`` from ``file://`` in headless Chromium and report (median of 3) the time from navigation start
to the first KWIC line on screen (``first_result_ms``), the same from the start of the search script
(``search_to_first_ms``: without the browser's page load) and to the end of the search, every year read
(``all_years_ms``).

Usage::

    PYTHONPATH=src .venv/bin/python benchmarks/bench_browser.py --sizes 100 1000 10000 [--years 12] [--term health]

Targets (issue 13): index ≤ 5 MB compressed or split per year and loaded on demand (it is split per year); first result
under a second in Chromium at 10,000 statements; each page under 3 MB.
"""

from __future__ import annotations

import argparse
import gzip
import os
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("ASCC_CHROMIUM", "/usr/bin/chromium"))


def build(size: int, years: int, out: Path) -> dict[str, Any]:
    from ascc_analysis.analysis.shifts import carry_over
    from ascc_analysis.extract.themes import load_taxonomy, tag_paragraphs, themes_frame
    from ascc_analysis.report.browser import BrowserInputs, browser_pages
    from ascc_analysis.testing.planted import PlantedSpec, generate_corpus

    start = time.perf_counter()
    corpus = generate_corpus(PlantedSpec(n_statements=size, n_years=min(years, size)), seed=0)
    themes = tag_paragraphs(corpus.paragraphs)
    generated = time.perf_counter() - start
    start = time.perf_counter()
    carry = carry_over(corpus.paragraphs, corpus.documents)
    carried = time.perf_counter() - start
    labels = themes_frame(load_taxonomy())
    inputs = BrowserInputs(
        documents=corpus.documents,
        paragraphs=corpus.paragraphs,
        body_mentions=corpus.body_mentions,
        instruments=corpus.instruments,
        instrument_mentions=corpus.instrument_mentions,
        instrument_bodies=corpus.instrument_bodies,
        paragraph_themes=themes,
        carry=carry,
        theme_labels=dict(zip(labels["theme_id"], labels["label"], strict=True)),
    )
    start = time.perf_counter()
    sizes: dict[str, int] = {}
    index_raw = index_gz = chunk_raw = chunk_gz = 0
    for name, text in browser_pages(inputs):
        data = text.encode("utf-8")
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        sizes[name] = len(data)
        if name.startswith("search/"):
            compressed = len(gzip.compress(data, 6))
            index_raw += len(data)
            index_gz += compressed
            if name != "search/meta.js" and len(data) > chunk_raw:
                chunk_raw, chunk_gz = len(data), compressed
    built = time.perf_counter() - start
    return {
        "statements": corpus.documents.height,
        "paragraph_rows": corpus.paragraphs.height,
        "generate_s": generated,
        "carry_over_s": carried,
        "pages_s": built,
        "files": len(sizes),
        "site_mb": sum(sizes.values()) / 1e6,
        "largest_page_mb": max(size for name, size in sizes.items() if name.endswith(".html")) / 1e6,
        "largest_page": max((size, name) for name, size in sizes.items() if name.endswith(".html"))[1],
        "index_mb": index_raw / 1e6,
        "index_gz_mb": index_gz / 1e6,
        "largest_chunk_mb": chunk_raw / 1e6,
        "largest_chunk_gz_mb": chunk_gz / 1e6,
    }


def search_times(out: Path, term: str, runs: int = 3) -> dict[str, Any]:
    """Milliseconds from navigation start to the first KWIC line and to the end of the search (median of runs)."""
    from playwright.sync_api import sync_playwright

    first: list[float] = []
    own: list[float] = []
    done: list[float] = []
    lines = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"])
        try:
            for _ in range(runs):
                page = browser.new_page()
                page.goto((out / "search.html").resolve().as_uri() + f"?q={term}", wait_until="commit")
                page.wait_for_selector("#results tbody tr", timeout=60_000)
                first.append(page.evaluate("performance.now()"))
                page.wait_for_function("document.getElementById('results').dataset.state === 'done'", timeout=120_000)
                done.append(page.evaluate("performance.now()"))
                own.append(float(page.eval_on_selector("#results", "(e) => e.dataset.searchFirstMs")))
                lines = int(page.eval_on_selector("#results", "(e) => e.dataset.nLines"))
                page.close()
        finally:
            browser.close()

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    return {
        "first_result_ms": median(first),
        "search_to_first_ms": median(own),
        "all_years_ms": median(done),
        "lines": lines,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument(
        "--years", type=int, default=12, help="years the statements spread over (the generator's default)"
    )
    parser.add_argument("--term", default="health", help="the word searched in Chromium")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs", flush=True)
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-browser-") as folder:
            out = Path(folder)
            figures: dict[str, Any] = build(size, args.years, out)
            if CHROMIUM.is_file():
                figures |= search_times(out, args.term)
            print(
                f"{size:>6} statements: "
                + ", ".join(
                    f"{key} {value:.3g}" if isinstance(value, float) else f"{key} {value}"
                    for key, value in figures.items()
                ),
                flush=True,
            )


if __name__ == "__main__":
    main()
