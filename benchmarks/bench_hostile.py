"""Benchmark the readers' resource limits on full-size hostile files: time and peak memory of refusing each one.

Each hostile file is written full size by :mod:`ascc_analysis.testing.hostile` (the makers the hostile-input tests use
at small sizes) to a temporary raw folder beside one synthetic statement (written in ASEAN drafting style; not an
ASEAN document), and ``build_corpus`` runs on the folder holding the statement and that one file, in a fresh
process, so that each peak resident memory (``ru_maxrss`` of the child) belongs to one file:

* ``zip-bomb.docx`` — a ``.docx`` whose document part expands to 1 GiB (about 1 MB on disk);
* ``flate-bomb.pdf`` — a PDF whose page content FlateDecodes to 1 GiB (about 1 MB on disk);
* ``many-pages.pdf`` — a PDF that declares 10,000,000 pages;
* ``one-line.txt`` — a 20 MB single line of text;
* ``deep.html`` — 100,000 nested ``<div>`` elements;
* ``huge.pdf`` — a sparse file one byte over the file-size limit;
* ``within-limits.txt`` — the worst text the limits let through: as many paragraphs of the longest allowed length as
  the text limit holds (extraction's work on a paragraph grows faster than its length, so this is the slowest
  accepted input).

The baseline is the statement alone; each line prints the code reported, seconds and peak MiB, and their ratios to
the baseline. Target (issue "scale and safety of the scheduled job"): every hostile file refused with its own code,
none exhausting memory, none taking minutes.

Usage::

    python benchmarks/bench_hostile.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from ascc_analysis.testing.hostile import (
    FULL,
    HOSTILE_NAMES,
    MIB,
    SYNTHETIC_STATEMENT,
    write_hostile_file,
    write_within_limits_text,
)

# The full-size hostile files of ascc_analysis.testing.hostile (the tests write the same files small), then the worst
# accepted text; every one is synthetic.
WRITERS: dict[str, Callable[[Path], None]] = {
    **{name: lambda path: write_hostile_file(path, FULL) for name in HOSTILE_NAMES},
    "within-limits.txt": write_within_limits_text,
}

_CHILD = """
import json, sys
from pathlib import Path
from ascc_analysis.build import build_corpus
result = build_corpus(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({"n_documents": result.n_documents, "codes": {p.source_file: p.code for p in result.problems}}))
"""


def _run(raw: Path, out: Path) -> tuple[float, float, dict[str, object]]:
    """Build in a fresh process: (seconds, peak MiB of the child, its result)."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(raw), str(out)], stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    output = child.stdout.read() if child.stdout else ""
    if status != 0:
        raise SystemExit(f"the build of {raw} failed (status {status})")
    return seconds, usage.ru_maxrss / 1024, json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--only", nargs="*", choices=sorted(WRITERS), help="hostile files to try (default: all)")
    args = parser.parse_args()
    names = args.only or list(WRITERS)
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        base = root / "baseline"
        base.mkdir()
        (base / "statement.txt").write_text(SYNTHETIC_STATEMENT, "utf-8")
        base_seconds, base_mib, _ = _run(base, root / "out-baseline")
        print(f"{'baseline (statement alone)':28s} {'':22s} {base_seconds:7.1f} s {base_mib:7.0f} MiB")
        for name in names:
            raw = root / name.replace(".", "-")
            raw.mkdir()
            (raw / "statement.txt").write_text(SYNTHETIC_STATEMENT, "utf-8")
            WRITERS[name](raw / name)
            on_disk = os.stat(raw / name).st_blocks * 512
            seconds, mib, result = _run(raw, root / f"out-{raw.name}")
            codes = result["codes"]
            code = codes.get(name, "(accepted)") if isinstance(codes, dict) else "?"
            print(
                f"{name:18s} {on_disk / MIB:7.2f} MiB  {code:22s} {seconds:7.1f} s {mib:7.0f} MiB   "
                f"x{seconds / base_seconds:5.1f} time  x{mib / base_mib:4.1f} memory"
            )


if __name__ == "__main__":
    main()
