"""Year-on-year shifts stage: the power of :func:`~ascc_analysis.analysis.shifts.steps.share_shifts`, stated.

:func:`compute_power_table` simulates, for each number of statements a year, the smallest change in a label's share
of paragraphs that :func:`share_shifts` flags 80% of the time (seeded; the same score and threshold as the report).
The table is computed once by ``benchmarks/make_shift_power.py`` and shipped as the package resource
``resources/shift_power.csv`` (its header lines say how it was computed), so that reports read it
(:func:`read_power_table`, :func:`detectable_change`) instead of recomputing it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import numpy as np
import polars as pl

from ascc_analysis.analysis.shifts.common import _check_int
from ascc_analysis.analysis.shifts.steps import DEFAULT_ALPHA, DEFAULT_WINDOW, _flags, _step_scores
from ascc_analysis.errors import ParameterError, SchemaError

POWER_RESOURCE = "shift_power.csv"
_CHUNK = 50
_CHANGES = tuple(round(0.01 * step, 2) for step in range(1, 51))  # changes in share tried, 0.01 to 0.50
POWER_SCHEMA = pl.Schema(
    {
        "statements_per_year": pl.Int32(),
        "paragraphs_per_year": pl.Float64(),  # mean over the simulated years
        "min_change": pl.Float64(),  # smallest change in share found with probability >= power (null: none tried)
        "power_at_min": pl.Float64(),
        "null_flag_rate": pl.Float64(),  # share of unchanged (label, year) cells flagged
    }
)


def compute_power_table(
    *,
    statements: tuple[int, ...] = (1, 2, 3, 4, 6, 8),
    paragraphs_per_statement: tuple[int, int] = (14, 20),
    n_labels: int = 6,
    base_share: float = 0.1,
    changes: tuple[float, ...] = _CHANGES,
    power: float = 0.8,
    n_reps: int = 400,
    n_years: int = 16,
    alpha: float = DEFAULT_ALPHA,
    window: int = DEFAULT_WINDOW,
    seed: int = 0,
) -> pl.DataFrame:
    """For each number of statements a year, the smallest step in a label's share that is flagged ``power`` of the time.

    Each replicate is ``n_years`` years of ``s`` statements, each with a number of paragraphs drawn uniformly in
    ``paragraphs_per_statement``; a label holds each paragraph with probability ``base_share`` before the middle
    year and ``base_share + change`` from it (a step up that lasts; a step down of the same size scores alike). A
    step is found when :func:`share_shifts` flags it at its year (the windowed score at p ≤ ``alpha`` /
    ``n_labels``, or the best split of the years as a lasting step). The null flag rate is the share of years
    without a change that are flagged, from replicates with no change. A change that lasts one year only is
    found by the windowed score alone: read the table as the best case.

    Returns:
        :data:`POWER_SCHEMA`, one row per number of statements.

    Raises:
        ParameterError: An option is not accepted.
    """
    _check_int("n_reps", n_reps, minimum=1)
    _check_int("n_years", n_years, minimum=3)
    if not 0.0 < base_share < 1.0 or not 0.0 < power < 1.0:
        raise ParameterError(f"base_share={base_share!r} and power={power!r} must lie strictly between 0 and 1")
    rng = np.random.default_rng([seed, 80])
    step = n_years // 2
    low, high = paragraphs_per_statement
    n_chunks = -(-n_reps // _CHUNK)
    rows = []
    for s in statements:
        _check_int("statements", s, minimum=1)
        # Replicates come in chunks of _CHUNK that share their yearly sizes (columns of one score call).
        sizes = rng.integers(low, high + 1, size=(n_chunks, n_years, s)).sum(axis=2).astype(np.float64)
        found_at: tuple[float, float] | None = None
        null_rate = 0.0
        for change in (0.0, *changes):
            shares = np.where(np.arange(n_years) >= step, min(base_share + change, 1.0), base_share)
            flagged = []
            for chunk in range(n_chunks):
                counts = rng.binomial(sizes[chunk].astype(np.int64)[:, None], shares[:, None], size=(n_years, _CHUNK))
                values = counts.astype(np.float64)
                z, _, peak, _, _, z_one = _step_scores(values, sizes[chunk], window=window)
                # Each column is one replicate of one label; the Bonferroni level is that of n_labels labels.
                flags = _flags(values, sizes[chunk], z, peak, z_one, alpha=alpha * _CHUNK / n_labels)
                flagged.append(flags.significant)
            hits = np.concatenate(flagged, axis=1)[:, :n_reps]  # (n_years - 1, n_reps)
            if change == 0.0:
                null_rate = float(hits.mean())
                continue
            rate = float(hits[step - 1].mean())
            if rate >= power:
                found_at = (change, rate)
                break
        rows.append(
            (
                s,
                float(sizes.mean()),
                None if found_at is None else found_at[0],
                None if found_at is None else found_at[1],
                null_rate,
            )
        )
    return pl.DataFrame(rows, schema=POWER_SCHEMA, orient="row")


def _power_path() -> Path:
    return Path(str(resources.files("ascc_analysis").joinpath("resources", POWER_RESOURCE)))


def read_power_table(path: Path | None = None) -> pl.DataFrame:
    """The shipped power table (``resources/shift_power.csv``, lines starting ``#`` say how it was computed).

    Raises:
        SchemaError: The file lacks a column of :data:`POWER_SCHEMA`.
    """
    source = path or _power_path()
    table = pl.read_csv(source, comment_prefix="#")
    missing = [name for name in POWER_SCHEMA if name not in table.columns]
    if missing:
        raise SchemaError(f"{source}: missing columns {missing}; expected {list(POWER_SCHEMA)}")
    return table.select(list(POWER_SCHEMA)).cast(POWER_SCHEMA).sort("statements_per_year")


def detectable_change(statements_per_year: float, *, table: pl.DataFrame | None = None) -> float | None:
    """The smallest change in share flagged 80% of the time with this many statements a year (the table's row for
    the largest number of statements not above it; the first row below that). None when the table has no such
    change."""
    power = read_power_table() if table is None else table
    eligible = power.filter(pl.col("statements_per_year") <= max(statements_per_year, 1))
    row = eligible.tail(1) if eligible.height else power.head(1)
    value = row.get_column("min_change").item()
    return None if value is None else float(value)
