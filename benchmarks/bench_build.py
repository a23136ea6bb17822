"""Benchmark ``ascc build`` as the scheduled job runs it: cold, with nothing changed, and with one new statement.

For each size, planted statements from :mod:`ascc_analysis.testing.planted` (synthetic, written by the generator; none
is an ASEAN document) are written to a raw folder as text files, and ``ascc build`` runs in a fresh process on it,
readers included:

* **cold** — an empty corpus folder (no parse or extraction cache);
* **unchanged** — the same raw folder again;
* **one new** — one more statement added to the raw folder;
* **cold, 2nd** — a second cold build, to show how much single timings vary on the machine.

Each run's wall time and peak resident memory (``ru_maxrss`` of the child, from :func:`os.wait4`) are reported, with
the ratios the targets are stated in: unchanged / cold, one new / cold, and seconds per statement against the smallest
size (1.0 = linear). Optionally (``--topics``) the automatic choice of the number of topics is timed on the largest
corpus, and (``--reports``) the corpus-wide reports (``ascc report overview topic-trends instrument-networks
priority-shifts``).

Usage::

    python benchmarks/bench_build.py --sizes 100 1000 10000 --topics --reports --out benchmarks/build.json

Targets (issue "scale and safety of the scheduled job"): cold build of 10,000 statements ≤ 3 minutes and ≤ 4 GB on 2
cores; unchanged ≤ 5% of cold; one new statement ≤ 10% of cold; near-linear from 100 to 10,000; automatic k ≤ 2
minutes and the corpus-wide reports ≤ 5 minutes at 10,000 statements.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

DEFAULT_SIZES = (100, 1000)
ROOT = Path(__file__).resolve().parents[1]
CORPUS_REPORTS = ("overview", "topic-trends", "instrument-networks", "priority-shifts")

GENERATE = """
import sys
from pathlib import Path
from ascc_analysis.testing.planted import PlantedSpec, generate_corpus, write_raw
n, seed, raw = int(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
write_raw(generate_corpus(PlantedSpec(n_statements=n), seed=seed, normalise_check="sample"), raw)
"""

FIT_TOPICS = """
import sys, time
from pathlib import Path
from ascc_analysis.analysis.corpus import load_corpus
from ascc_analysis.analysis import topics
corpus = load_corpus(Path(sys.argv[1]))
start = time.perf_counter()
fit = topics.fit_topics(corpus.paragraphs, n_topics="auto", seed=0)
print(f"k={fit.k}", time.perf_counter() - start)
"""


@dataclass
class Run:
    """One timed run."""

    size: int
    step: str
    seconds: float
    peak_mb: float
    ok: bool
    note: str = ""
    cpu_seconds: float = 0.0  # user + system time of the child and the workers it waited for


def _run(argv: list[str], *, timeout: float) -> tuple[float, float, bool, str, float]:
    """Wall seconds, peak RSS (MB) of the child, success, the last line it printed, and CPU seconds (user + system
    of the child and of the processes it waited for: on a shared machine less dependent on the load than wall time)."""
    env = {**os.environ, "COLUMNS": "200", "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT)
    deadline = start + timeout
    output: list[str] = []
    assert process.stdout is not None
    for line in process.stdout:
        output.append(line.rstrip())
        if time.perf_counter() > deadline:
            process.kill()
            break
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    ok = os.waitstatus_to_exitcode(status) == 0
    last = next((line for line in reversed(output) if line.strip()), "")
    return seconds, usage.ru_maxrss / 1024, ok, last, usage.ru_utime + usage.ru_stime


def _ascc(*args: str) -> list[str]:
    return [sys.executable, "-m", "ascc_analysis.cli", *args]


def bench_size(
    size: int, work: Path, *, timeout: float, topics: bool, reports: bool, repeat_cold: bool = True
) -> list[Run]:
    """Every step at one size."""
    raw, extra, out = work / f"raw-{size}", work / f"extra-{size}", work / f"processed-{size}"
    for folder in (raw, extra, out):
        shutil.rmtree(folder, ignore_errors=True)
    _run([sys.executable, "-c", GENERATE, str(size), "0", str(raw)], timeout=timeout)
    # one statement from another seed, under a name of its own, is the new arrival
    _run([sys.executable, "-c", GENERATE, "12", "99", str(extra)], timeout=timeout)
    newcomer = sorted(extra.glob("*.txt"))[-1]

    runs: list[Run] = []

    def step(name: str, argv: list[str]) -> Run:
        seconds, peak, ok, last, cpu = _run(argv, timeout=timeout)
        run = Run(size, name, round(seconds, 2), round(peak, 1), ok, "" if ok else last, round(cpu, 2))
        status = f"ok  {last[:100]}" if ok else "FAILED: " + last
        print(f"  {size:>6} {name:<22} {seconds:8.2f} s {cpu:8.2f} s CPU {peak:8.0f} MB {status}", flush=True)
        runs.append(run)
        return run

    build = _ascc("build", "--raw", str(raw), "--out", str(out))
    step("cold", build)
    step("unchanged", build)
    shutil.copy(newcomer, raw / f"zz-new-{newcomer.name}")
    step("one new", build)
    if repeat_cold:
        shutil.rmtree(out)
        step("cold, 2nd", build)
    if topics:
        step("fit_topics(auto)", [sys.executable, "-c", FIT_TOPICS, str(out)])
    if reports:
        step("corpus-wide reports", _ascc("report", *CORPUS_REPORTS, "--corpus", str(out), "--out", str(work / "r")))
    return runs


def summarise(runs: list[Run]) -> str:
    """A Markdown table with the ratios of the targets."""
    sizes = sorted({run.size for run in runs})
    by = {(run.size, run.step): run for run in runs}
    smallest = sizes[0]
    lines = [
        "| statements | cold | unchanged (× cold) | one new (× cold) | cold, 2nd | peak MB (cold) | s/statement × of "
        f"{smallest} | CPU s: cold, unchanged, one new |",
        "|---|---|---|---|---|---|---|---|",
    ]
    base = by[(smallest, "cold")].seconds / smallest
    for size in sizes:
        cold = by[(size, "cold")]
        unchanged, new, again = by[(size, "unchanged")], by[(size, "one new")], by.get((size, "cold, 2nd"))
        lines.append(
            f"| {size:,} | {cold.seconds:.1f} s | {unchanged.seconds:.2f} s ({unchanged.seconds / cold.seconds:.1%}) "
            f"| {new.seconds:.2f} s ({new.seconds / cold.seconds:.1%}) "
            f"| {f'{again.seconds:.1f} s' if again else 'not run'} | {cold.peak_mb:,.0f} "
            f"| {cold.seconds / size / base:.2f} "
            f"| {cold.cpu_seconds:.1f}, {unchanged.cpu_seconds:.1f}, {new.cpu_seconds:.1f} |"
        )
    extras = [run for run in runs if run.step not in {"cold", "unchanged", "one new", "cold, 2nd"}]
    for run in extras:
        lines.append(f"\n{run.step} at {run.size:,} statements: {run.seconds:.1f} s, {run.peak_mb:,.0f} MB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES))
    parser.add_argument("--topics", action="store_true", help="time fit_topics(k='auto') on the largest corpus")
    parser.add_argument("--reports", action="store_true", help="time the corpus-wide reports on the largest corpus")
    parser.add_argument(
        "--repeat-cold-max",
        type=int,
        default=None,
        help="run the second cold build only up to this size (all: default)",
    )
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed per step")
    parser.add_argument("--work", type=Path, default=None, help="scratch folder (default: a temporary one)")
    parser.add_argument("--out", type=Path, default=None, help="write the runs as JSON here")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="ascc-bench-build-"))
    work.mkdir(parents=True, exist_ok=True)
    load = ", load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()) if hasattr(os, "getloadavg") else ""
    print(f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs{load}; scratch {work}")
    runs: list[Run] = []
    sizes = sorted(args.sizes)
    for size in sizes:
        largest = size == sizes[-1]
        runs += bench_size(
            size,
            work,
            timeout=args.timeout,
            topics=args.topics and largest,
            reports=args.reports and largest,
            repeat_cold=args.repeat_cold_max is None or size <= args.repeat_cold_max,
        )
    print()
    print(summarise(runs))
    if args.out is not None:
        args.out.write_text(json.dumps([asdict(run) for run in runs], indent=2) + "\n", encoding="utf-8")
    return 0 if all(run.ok for run in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
