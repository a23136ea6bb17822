"""Benchmark the analytics on planted-signal corpora of growing size: time and peak memory of each fit.

For each size the corpus is generated (:func:`ascc_analysis.testing.planted.generate_corpus`) and its tables written
to a scratch folder; then each group of fits runs in a fresh Python process, so that one group's memory does not count
against the next and a group that runs too long can be stopped. The fits timed are the main entry points of
``ascc_analysis.analysis.topics``, ``ascc_analysis.analysis.networks`` and ``ascc_analysis.analysis.shifts``; a module
(or function) that is not in the package yet is reported as skipped.

Memory is the growth of the process's resident set during a step: its high-water mark is reset before the step
(``/proc/self/clear_refs``) and read after it (``VmHWM``), minus the resident size before it. On systems without
``/proc`` the process's lifetime peak (``ru_maxrss``) is reported instead.

Usage::

    python benchmarks/bench_analytics.py --sizes 12 100 1000 10000 --out benchmarks/results.json

The 10,000-statement size takes several minutes and is only run when listed in ``--sizes`` (the default is
12 100 1000). Results are printed as a table with ratios against the smallest size and written as JSON.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

DEFAULT_SIZES = (12, 100, 1000)
TABLES = (
    "documents",
    "paragraphs",
    "instruments",
    "instrument_mentions",
    "instrument_bodies",
    "body_mentions",
    "priorities",
    "paragraph_themes",
)
GROUPS = ("generate", "topics", "networks", "shifts")


@dataclass
class StepResult:
    """One timed step at one corpus size."""

    size: int
    group: str
    step: str
    status: str  # ok | skipped: … | error: … | timeout
    seconds: float | None = None
    memory_mb: float | None = None
    detail: str = ""


# ------------------------------------------------------------------------------------------------ measuring


def _status_kb(field: str) -> int | None:
    try:
        text = Path("/proc/self/status").read_text(encoding="ascii")
    except OSError:
        return None
    match = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5", encoding="ascii")
    except OSError:
        return False
    return True


def measure(function: Callable[[], Any]) -> tuple[Any, float, float]:
    """Run ``function`` once; return its value, the seconds it took and the resident memory it added at peak (MB)."""
    gc.collect()
    before = _status_kb("VmRSS")
    can_reset = before is not None and _reset_peak()
    start = time.perf_counter()
    value = function()
    seconds = time.perf_counter() - start
    if can_reset and before is not None:
        peak = _status_kb("VmHWM") or before
        memory_mb = max(0, peak - before) / 1024
    else:  # lifetime peak of the process (kB on Linux, bytes on macOS)
        scale = 1024 * 1024 if sys.platform == "darwin" else 1024
        memory_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
    return value, seconds, memory_mb


# ------------------------------------------------------------------------------------------------ steps


def _optional(module_name: str, *names: str) -> tuple[Any, str]:
    """The module if it and the named functions exist, else (None, reason)."""
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        return None, f"skipped: {module_name} not importable ({error})"
    missing = [name for name in names if not hasattr(module, name)]
    if missing:
        return None, f"skipped: {module_name} has no {', '.join(missing)}"
    return module, ""


def _read_tables(data_dir: Path) -> dict[str, Any]:
    import polars as pl

    return {name: pl.read_parquet(data_dir / f"{name}.parquet") for name in TABLES}


def steps_generate(size: int, seed: int, data_dir: Path) -> Iterator[tuple[str, Callable[[], Any]]]:
    """Generate the corpus and tag themes, writing every table the other groups read."""
    from ascc_analysis.testing.planted import PlantedSpec, generate_corpus

    state: dict[str, Any] = {}

    def generate() -> str:
        state["corpus"] = generate_corpus(PlantedSpec(n_statements=size), seed=seed)
        corpus = state["corpus"]
        return f"{corpus.paragraphs.height} paragraph rows, {corpus.instrument_mentions.height} instrument mentions"

    yield "generator.generate_corpus", generate

    def tag() -> str:
        from ascc_analysis.extract.themes import tag_paragraphs

        state["paragraph_themes"] = tag_paragraphs(state["corpus"].paragraphs)
        return f"{state['paragraph_themes'].height} tags"

    yield "themes.tag_paragraphs", tag
    corpus = state["corpus"]
    data_dir.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        frame = state["paragraph_themes"] if name == "paragraph_themes" else getattr(corpus, name)
        frame.write_parquet(data_dir / f"{name}.parquet")


def steps_topics(size: int, seed: int, data_dir: Path) -> Iterator[tuple[str, Callable[[], Any]]]:
    topics, reason = _optional("ascc_analysis.analysis.topics", "fit_topics", "topic_prevalence", "theme_shares")
    if topics is None:
        yield reason, lambda: None
        return
    tables = _read_tables(data_dir)
    state: dict[str, Any] = {}
    yield (
        "topics.theme_shares",
        lambda: topics.theme_shares(tables["paragraph_themes"], tables["paragraphs"], tables["documents"], seed=seed),
    )

    def fit() -> str:
        state["model"] = topics.fit_topics(tables["paragraphs"], n_topics=6, seed=seed)
        return f"k={state['model'].k}"

    yield "topics.fit_topics(k=6)", fit
    yield "topics.topic_prevalence", lambda: topics.topic_prevalence(state["model"], tables["documents"], seed=seed)

    def fit_auto() -> str:
        model = topics.fit_topics(tables["paragraphs"], seed=seed)
        return f"k={model.k}"

    yield "topics.fit_topics(auto)", fit_auto

    def fit_auto_documents() -> str:
        model = topics.fit_topics(tables["paragraphs"], seed=seed, documents=tables["documents"])
        return f"k={model.k}"

    yield "topics.fit_topics(auto, documents)", fit_auto_documents


def steps_networks(size: int, seed: int, data_dir: Path) -> Iterator[tuple[str, Callable[[], Any]]]:
    networks, reason = _optional(
        "ascc_analysis.analysis.networks", "body_ties", "ties_graph", "communities", "centralities", "yearly_ties"
    )
    if networks is None:
        yield reason, lambda: None
        return
    tables = _read_tables(data_dir)
    state: dict[str, Any] = {}

    def ties() -> str:
        state["ties"] = networks.body_ties(tables["instrument_bodies"], normalise="association")
        return f"{state['ties'].height} ties"

    yield "networks.body_ties", ties

    def co_mentions() -> str:
        frame = networks.body_ties(
            None, body_mentions=tables["body_mentions"], paragraphs=tables["paragraphs"], weight="co_mentions"
        )
        return f"{frame.height} ties"

    yield "networks.body_ties(co_mentions)", co_mentions

    def louvain() -> str:
        state["graph"] = networks.ties_graph(state["ties"])
        found = networks.communities(state["graph"], seed=seed)
        return f"{found.get_column('community').n_unique()} communities"

    yield "networks.communities", louvain
    yield "networks.centralities", lambda: networks.centralities(state["graph"])
    yield "networks.yearly_ties", lambda: networks.yearly_ties(tables["instrument_bodies"], tables["documents"])


def steps_shifts(size: int, seed: int, data_dir: Path) -> Iterator[tuple[str, Callable[[], Any]]]:
    shifts, reason = _optional(
        "ascc_analysis.analysis.shifts",
        "term_counts",
        "log_odds",
        "consecutive_divergence",
        "top_shifts",
        "carry_over",
        "novelty",
        "share_changes",
        "instrument_changes",
        "body_changes",
        "priority_changes",
    )
    if shifts is None:
        yield reason, lambda: None
        return
    tables = _read_tables(data_dir)
    documents, paragraphs = tables["documents"], tables["paragraphs"]
    years = sorted(documents.get_column("year").unique().to_list())
    state: dict[str, Any] = {}

    def counts() -> str:
        state["counts"] = shifts.term_counts(paragraphs, documents)
        return f"{state['counts'].height} (year, term) rows"

    yield "shifts.term_counts", counts
    yield "shifts.log_odds", lambda: shifts.log_odds(state["counts"], years[-2], years[-1])
    yield (
        "shifts.consecutive_divergence",
        lambda: shifts.consecutive_divergence(state["counts"], paragraphs=paragraphs, documents=documents, seed=seed),
    )

    def top() -> str:
        frame = shifts.top_shifts(paragraphs, documents, seed=seed)
        return f"{frame.filter(frame['is_significant']).height} significant of {frame.height} rows"

    yield "shifts.top_shifts", top

    def carry() -> str:
        state["carry"] = shifts.carry_over(paragraphs, documents, seed=seed)
        return f"{int(state['carry'].get_column('is_carried').sum())} carried of {state['carry'].height}"

    yield "shifts.carry_over(auto)", carry
    yield "shifts.novelty", lambda: shifts.novelty(paragraphs, documents, state["carry"])
    yield (
        "shifts.share_changes(themes)",
        lambda: shifts.share_changes(
            tables["paragraph_themes"], documents, label_col="theme_id", paragraphs=paragraphs, seed=seed
        ),
    )
    yield (
        "shifts.instrument_changes",
        lambda: shifts.instrument_changes(tables["instrument_mentions"], tables["instruments"], documents),
    )
    yield "shifts.body_changes", lambda: shifts.body_changes(tables["body_mentions"], documents)
    yield "shifts.priority_changes", lambda: shifts.priority_changes(tables["priorities"])


STEP_GROUPS: dict[str, Callable[[int, int, Path], Iterator[tuple[str, Callable[[], Any]]]]] = {
    "generate": steps_generate,
    "topics": steps_topics,
    "networks": steps_networks,
    "shifts": steps_shifts,
}


# ------------------------------------------------------------------------------------------------ worker / driver


def run_worker(group: str, size: int, seed: int, data_dir: Path) -> None:
    """Run one group of steps in this process, printing one JSON result per step as it finishes."""
    import logging

    logging.basicConfig(level=logging.WARNING)
    for step, function in STEP_GROUPS[group](size, seed, data_dir):
        if step.startswith("skipped:"):
            result = StepResult(size, group, f"{group}.*", step)
        else:
            try:
                value, seconds, memory_mb = measure(function)
                detail = value if isinstance(value, str) else getattr(value, "shape", "")
                result = StepResult(size, group, step, "ok", round(seconds, 4), round(memory_mb, 1), str(detail))
            except Exception as error:  # a fit that fails is reported, the others still run
                result = StepResult(size, group, step, f"error: {type(error).__name__}: {error}"[:300])
        print(json.dumps(asdict(result)), flush=True)


def run_group(group: str, size: int, seed: int, data_dir: Path, *, timeout: float) -> list[StepResult]:
    command = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--worker",
        group,
        "--sizes",
        str(size),
        "--seed",
        str(seed),
        "--data",
        str(data_dir),
    ]
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    try:
        completed = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env, check=False)
        output, failed = completed.stdout, completed.returncode != 0
        error_text = completed.stderr.strip().splitlines()[-1:] if failed else []
    except subprocess.TimeoutExpired as expired:
        output = expired.stdout.decode() if isinstance(expired.stdout, bytes) else (expired.stdout or "")
        failed, error_text = True, [f"timeout after {timeout:.0f} s"]
    results = [StepResult(**json.loads(line)) for line in output.splitlines() if line.startswith("{")]
    if failed:
        results.append(StepResult(size, group, f"{group} (rest)", "timeout" if "timeout" in str(error_text) else
                                  f"error: {' '.join(error_text)}"[:300]))  # fmt: skip
    return results


def ratio_table(results: list[StepResult]) -> str:
    """A plain-text table: one row per step and size, with time and memory ratios against the smallest size."""
    base: dict[str, StepResult] = {}
    for result in sorted(results, key=lambda item: item.size):
        if result.status == "ok":
            base.setdefault(result.step, result)
    order = {step: index for index, step in reversed(list(enumerate(result.step for result in results)))}
    header = f"{'step':34} {'size':>6} {'seconds':>9} {'time x':>8} {'memory MB':>10} {'memory x':>9}  status"
    lines = [header, "-" * len(header)]
    for result in sorted(results, key=lambda item: (GROUPS.index(item.group), order[item.step], item.size)):
        first = base.get(result.step)
        if result.status != "ok" or first is None or result.seconds is None or result.memory_mb is None:
            lines.append(f"{result.step:34} {result.size:>6} {'':>9} {'':>8} {'':>10} {'':>9}  {result.status}")
            continue
        time_x = f"{result.seconds / first.seconds:.1f}" if first.seconds else "-"
        memory_x = f"{result.memory_mb / first.memory_mb:.1f}" if first.memory_mb and first.memory_mb >= 0.5 else "-"
        lines.append(
            f"{result.step:34} {result.size:>6} {result.seconds:>9.3f} {time_x:>8} {result.memory_mb:>10.1f} "
            f"{memory_x:>9}  ok"
        )
    return "\n".join(lines)


def environment() -> dict[str, Any]:
    versions = {}
    for name in ("polars", "numpy", "sklearn", "networkx", "scipy"):
        try:
            versions[name] = importlib.import_module(name).__version__
        except ImportError:
            versions[name] = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "versions": versions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="numbers of statements")
    parser.add_argument("--out", type=Path, default=None, help="JSON file for the results")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generator and of every fit")
    parser.add_argument("--groups", nargs="+", default=list(GROUPS[1:]), choices=GROUPS[1:], help="fits to time")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds allowed per group and size")
    parser.add_argument("--worker", choices=GROUPS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        run_worker(args.worker, args.sizes[0], args.seed, args.data)
        return 0

    results: list[StepResult] = []
    with tempfile.TemporaryDirectory(prefix="ascc-bench-") as scratch:
        for size in sorted(args.sizes):
            data_dir = Path(scratch) / f"n{size}"
            for group in ("generate", *args.groups):
                print(f"[{size} statements] {group} ...", file=sys.stderr, flush=True)
                group_results = run_group(group, size, args.seed, data_dir, timeout=args.timeout)
                results.extend(group_results)
                if group == "generate" and any(result.status != "ok" for result in group_results):
                    break
    table = ratio_table(results)
    print(table)
    if args.out is not None:
        payload = {
            "environment": environment(),
            "seed": args.seed,
            "sizes": sorted(args.sizes),
            "results": [asdict(result) for result in results],
        }
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
