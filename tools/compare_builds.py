"""Compare two builds of the same inputs: processed corpora byte for byte, report pages up to run-specific noise.

Used to show that a change with no intended behaviour change (a refactoring) gives the same tables and pages:

    ascc build --out /tmp/before/processed && ascc report --corpus /tmp/before/processed --out /tmp/before/reports
    ... change the code ...
    ascc build --out /tmp/after/processed && ascc report --corpus /tmp/after/processed --out /tmp/after/reports
    python tools/compare_builds.py /tmp/before /tmp/after

A report page differs between two runs only in the corpus path it was given, the times it was generated and the
random ids papermill gives its injected-parameters cell (and, in manifest.json, the run times and cache keys,
which hash the notebook source); those are masked. Exit status 0 when everything matches,
1 otherwise (each differing file is listed).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_TIMESTAMP = re.compile(rb"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:\+00:00|Z)?")
_CELL_ID = re.compile(rb'id="cell-id=[0-9a-f-]+"')
_DURATION = re.compile(rb"\b\d+(?:\.\d+)? s\b|\"duration_s\": [\d.]+")
_CACHE_KEY = re.compile(rb'"cache_key": "[0-9a-f]+"')


def _masked(data: bytes, root: Path) -> bytes:
    data = data.replace(str(root).encode(), b"<ROOT>")
    data = _TIMESTAMP.sub(b"<TIME>", data)
    data = _CELL_ID.sub(b'id="cell-id=<ID>"', data)
    data = _CACHE_KEY.sub(b'"cache_key": "<KEY>"', data)  # keyed on the notebook source, which a move may edit
    return _DURATION.sub(b"<SECONDS>", data)


def compare(before: Path, after: Path) -> list[str]:
    """Relative paths whose content differs (or that exist on one side only)."""
    differences = []
    for sub, masked in (("processed", False), ("reports", True)):
        left, right = before / sub, after / sub
        names = {p.relative_to(left) for p in left.glob("*") if p.is_file() and not p.name.startswith(".")}
        names |= {p.relative_to(right) for p in right.glob("*") if p.is_file() and not p.name.startswith(".")}
        for name in sorted(names):
            a, b = left / name, right / name
            if not (a.is_file() and b.is_file()):
                differences.append(f"{sub}/{name} (only on one side)")
                continue
            data_a, data_b = a.read_bytes(), b.read_bytes()
            if masked:
                data_a, data_b = _masked(data_a, before), _masked(data_b, after)
            if data_a != data_b:
                differences.append(f"{sub}/{name}")
    return differences


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    before, after = Path(argv[0]), Path(argv[1])
    differences = compare(before, after)
    for line in differences:
        print(f"differs: {line}")
    compared = sum(1 for sub in ("processed", "reports") for p in (before / sub).glob("*") if p.is_file())
    print(f"{compared} files compared, {len(differences)} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
