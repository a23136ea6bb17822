"""Compute the power table of ``share_shifts`` and write it as the package resource ``resources/shift_power.csv``.

The reports read the table (``ascc_analysis.analysis.shifts.read_power_table`` / ``detectable_change``) rather than
simulate it each time. The header lines of the CSV (starting ``#``) record how it was computed.

Usage::

    python benchmarks/make_shift_power.py            # writes src/ascc_analysis/resources/shift_power.csv
    python benchmarks/make_shift_power.py --reps 200 --out /tmp/power.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ascc_analysis.analysis.shifts import DEFAULT_ALPHA, DEFAULT_WINDOW, compute_power_table
from ascc_analysis.analysis.shifts.steps import PULSE_MARGIN, PULSE_MIN_Z, SEGMENT_MARGIN, SEGMENT_MIN_Z

RESOURCE = Path(__file__).resolve().parents[1] / "src" / "ascc_analysis" / "resources" / "shift_power.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=2000, help="replicates per change tried (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=RESOURCE)
    args = parser.parse_args(argv)
    options = {
        "statements": (1, 2, 3, 4, 6, 8),
        "paragraphs_per_statement": (14, 20),
        "n_labels": 6,
        "base_share": 0.1,
        "power": 0.8,
        "n_years": 16,
    }
    table = compute_power_table(**options, n_reps=args.reps, seed=args.seed)  # type: ignore[arg-type]
    header = [
        "# Power of ascc_analysis.analysis.shifts.share_shifts: the smallest step in a label's share of paragraphs",
        "# flagged at least 80% of the time at its year, per number of statements a year.",
        "# Computed by benchmarks/make_shift_power.py with compute_power_table("
        + ", ".join(f"{key}={value!r}" for key, value in options.items())
        + f", n_reps={args.reps}, seed={args.seed}, alpha={DEFAULT_ALPHA}, window={DEFAULT_WINDOW}),",
        f"# lasting steps flagged at |z| >= {SEGMENT_MIN_Z}, margin {SEGMENT_MARGIN} over a line or a quadratic;",
        f"# rises and falls of 1-3 years at |z| >= {PULSE_MIN_Z}, margin {PULSE_MARGIN}.",
        "# Each replicate: 16 years of s statements of 14-20 paragraphs (uniform); the label holds a paragraph with",
        "# probability 0.10 before the middle year and 0.10 + change from it (a step that lasts: the best case; a",
        "# change of one year is found by the two-year windows alone); changes tried 0.01 to 0.50 by 0.01.",
        "# null_flag_rate: share of (label, year) cells without a change that are flagged (replicates with no change).",
        "# Only steps up from 0.10 were simulated; a step down or a fall to zero is scored by the same formula.",
    ]
    args.out.write_text("\n".join(header) + "\n" + table.write_csv(float_precision=4))
    print(table)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
