"""Benchmark the report runner against the baseline a user would otherwise write.

In one run, on a copy of the bundled synthetic demo corpus (written by the ascc-analysis developers; not ASEAN
documents), with the project's notebooks and ``notebooks/reports.yaml``:

1. **cold** — ``ascc report`` into an empty reports folder (every report runs);
2. **no change** — ``ascc report`` again (every report is skipped);
3. **one new statement** — a synthetic statement dated after every other is added to the raw folder, the corpus is
   rebuilt with ``ascc build`` (timed apart), then ``ascc report`` (the corpus-wide reports and the new statement's
   profile run);
4. **baseline** — the same reports as the cold run, one after another, each with the ``papermill`` command (same
   notebook, parameters and kernel) then ``jupyter nbconvert --to html``.

Each step is the wall time of the whole command, Python start-up included. The script prints the times, the ratios
against the targets of issue #5 (cold ≤ 0.6 × baseline, no change < 5 % of cold, one new statement < 50 % of cold)
and the size of each report's HTML page (target < 3 MB), and writes them as JSON with ``--out``.

Usage::

    python benchmarks/bench_reports.py [--jobs 2] [--out benchmarks/reports_results.json] [--keep DIR]
                                       [--params-file notebooks/reports.yaml]
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
from pathlib import Path
from typing import Any

import yaml

from ascc_analysis.ingest.demo import SYNTHETIC_LABEL

REPO_ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

NEW_STATEMENT = """{label}
JOINT STATEMENT OF THE THIRTY-FOURTH ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING
Kuala Lumpur, 2 April 2026

1. The 34th ASCC Council Meeting was held on 2 April 2026 in Kuala Lumpur, Malaysia, under the ASEAN
Chairmanship of Malaysia.

2. The Meeting welcomed the progress of the ASCC Blueprint 2025 and encouraged the sectoral bodies to carry forward
the work on climate resilience, ageing societies and digital skills for the workforce.

3. The Meeting noted the adoption of the ASEAN Declaration on Synthetic Benchmark Cooperation by the ASEAN Labour
Ministers Meeting (ALMM) and the ASEAN Ministers Responsible for Social Welfare and Development (AMMSWD).

4. The Meeting looked forward to the 35th ASCC Council Meeting in 2027.
"""


def run(command: list[str], *, cwd: Path, check: bool = True) -> float:
    """Run a command, return its wall time in seconds."""
    start = time.perf_counter()
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if check and completed.returncode != 0:
        sys.stderr.write(completed.stdout[-4000:] + completed.stderr[-4000:])
        raise SystemExit(f"{' '.join(command[:3])} … failed with status {completed.returncode}")
    return elapsed


def manifest_statuses(out: Path) -> dict[str, str]:
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return {entry["name"]: entry["status"] for entry in manifest["reports"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2, help="ascc report --jobs (default 2)")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temporary folder)")
    parser.add_argument(
        "--params-file", type=Path, default=REPO_ROOT / "notebooks" / "reports.yaml", help="the reports to run"
    )
    args = parser.parse_args()

    from ascc_analysis import __version__
    from ascc_analysis.ingest.demo import demo_files
    from ascc_analysis.report.runner import DEFAULT_KERNEL, ensure_kernel, plan_reports

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-reports-"))
    work.mkdir(parents=True, exist_ok=True)
    raw, processed, reports, baseline = (work / name for name in ("raw", "processed", "reports", "baseline"))
    for folder in (raw, processed, reports, baseline):
        shutil.rmtree(folder, ignore_errors=True)
    raw.mkdir()
    for path in demo_files():
        shutil.copy2(path, raw / path.name)
    ascc = str(BIN / "ascc")
    build_s = run([ascc, "build", "--raw", str(raw), "--out", str(processed)], cwd=REPO_ROOT)
    ensure_kernel()  # installed once, outside the timings (both sides use it)
    report = [ascc, "report", "--corpus", str(processed), "--out", str(reports), "--jobs", str(args.jobs)]
    report += ["--params-file", str(args.params_file)]

    # what the cold run will run, for the baseline
    plan = plan_reports(processed, reports, reports_file=args.params_file, root=REPO_ROOT)
    n_reports = len(plan.reports)
    print(f"{n_reports} reports on the demo corpus ({build_s:.1f} s to build it); jobs={args.jobs}", flush=True)

    cold_s = run(report, cwd=REPO_ROOT)
    assert set(manifest_statuses(reports).values()) == {"ok"}, manifest_statuses(reports)
    print(f"cold:              {cold_s:7.1f} s", flush=True)
    unchanged_s = run(report, cwd=REPO_ROOT)
    assert set(manifest_statuses(reports).values()) == {"skipped"}, manifest_statuses(reports)
    print(f"no change:         {unchanged_s:7.1f} s", flush=True)
    new_file = raw / "2026-04-02_34th-ascc-council_joint-statement.txt"
    new_file.write_text(NEW_STATEMENT.format(label=SYNTHETIC_LABEL), encoding="utf-8")
    rebuild_s = run([ascc, "build", "--raw", str(raw), "--out", str(processed)], cwd=REPO_ROOT)
    new_s = run(report, cwd=REPO_ROOT)
    statuses = manifest_statuses(reports)
    ran = sorted(name for name, status in statuses.items() if status == "ok")
    print(f"one new statement: {new_s:7.1f} s (ran {', '.join(ran)}; rebuild {rebuild_s:.1f} s)", flush=True)

    # The baseline: the cold run's reports, one after another, with the papermill and nbconvert commands.
    baseline.mkdir()
    start = time.perf_counter()
    for planned in plan.reports:
        executed = baseline / f"{planned.name}.ipynb"
        run(
            [
                str(BIN / "papermill"),
                str(planned.notebook),
                str(executed),
                "-y",
                yaml.safe_dump(dict(planned.parameters)),
                "-k",
                DEFAULT_KERNEL,
                "--cwd",
                str(REPO_ROOT),
                "--no-progress-bar",
            ],
            cwd=REPO_ROOT,
        )
        run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)], cwd=REPO_ROOT)
    baseline_s = time.perf_counter() - start
    print(f"baseline:          {baseline_s:7.1f} s (papermill then nbconvert, {n_reports} reports)", flush=True)

    sizes = {path.stem: path.stat().st_size for path in sorted(reports.glob("*.html")) if path.name != "index.html"}
    targets = [
        ("cold / baseline", cold_s / baseline_s, "<= 0.60"),
        ("no change / cold", unchanged_s / cold_s, "< 0.05"),
        ("one new statement / cold", new_s / cold_s, "< 0.50"),
        ("largest page (MB)", max(sizes.values()) / 1e6, "< 3"),
    ]
    print()
    for label, value, target in targets:
        print(f"{label:26} {value:6.3f}   target {target}")
    print("\nHTML page sizes (MB):")
    for name, size in sizes.items():
        print(f"  {name:40} {size / 1e6:6.2f}")

    if args.out:
        results: dict[str, Any] = {
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "platform": platform.platform(),
                "ascc_analysis": __version__,
            },
            "jobs": args.jobs,
            "n_reports": n_reports,
            "build_s": build_s,
            "cold_s": cold_s,
            "unchanged_s": unchanged_s,
            "rebuild_s": rebuild_s,
            "new_statement_s": new_s,
            "new_statement_ran": ran,
            "baseline_s": baseline_s,
            "ratios": {label: value for label, value, _ in targets},
            "html_bytes": sizes,
        }
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
