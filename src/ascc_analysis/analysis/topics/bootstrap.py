"""Topic trends stage: the stratified bootstrap behind every share's interval.

Resamples paragraphs with replacement *within statements* (each statement keeps its number of paragraphs; a year's
share pools its statements' resampled paragraphs), drawn from a seeded generator. Takes numpy arrays of per-paragraph
values (0/1 theme tags, or topic weights) and returns point shares with percentile intervals per unit; also turns a
long ``para_id`` frame into such an array (:func:`_dense`) and the result back into a tidy frame
(:func:`_long_shares`). The resampling draws are shared with :mod:`ascc_analysis.analysis.shifts`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import sparse

from ascc_analysis.analysis.topics.common import By

_BOOT_CELLS = 4_000_000  # bootstrap replicates are drawn in chunks of at most this many (replicate, row) cells


def _stratified_draws(
    starts: NDArray[np.int64], sizes: NDArray[np.int64], n_draws: int, rng: np.random.Generator
) -> NDArray[np.int64]:
    """Row indices of ``n_draws`` resamples (shape ``(n_draws, n_rows)``), each row drawn within its stratum.

    Rows are grouped by stratum; ``starts[i]`` and ``sizes[i]`` are the first row and size of row i's stratum, so
    slot i of a resample holds a uniformly drawn row of the same stratum.
    """
    offsets = rng.integers(0, sizes, size=(n_draws, sizes.size))
    return np.asarray(offsets + starts, dtype=np.int64)


def _strata(doc_codes: NDArray[np.int64]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Per row, the first row and size of its stratum (rows must be grouped by ``doc_codes``)."""
    _, first, inverse, counts = np.unique(doc_codes, return_index=True, return_inverse=True, return_counts=True)
    return first[inverse].astype(np.int64), counts[inverse].astype(np.int64)


def _bootstrap_shares(
    values: NDArray[np.float64],
    *,
    doc_codes: NDArray[np.int64],
    unit_codes: NDArray[np.int64],
    n_units: int,
    n_boot: int,
    ci: float,
    seed: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Point shares and percentile intervals of ``sum(values) / n_rows`` per unit, resampling rows within strata.

    Args:
        values: ``(n_rows, n_cols)`` per-row values (0/1 tags, or topic weights summing to 1).
        doc_codes: Stratum (statement) of each row; rows grouped by it.
        unit_codes: Unit (year or statement) of each row, in ``0 .. n_units - 1``; each stratum in one unit.
        n_units: Number of units.
        n_boot: Number of bootstrap replicates.
        ci: Confidence level of the interval.
        seed: Seed of the random generator.

    Returns:
        ``share, ci_low, ci_high``, each of shape ``(n_units, n_cols)``.
    """
    n_rows, n_cols = values.shape
    rows = np.arange(n_rows)
    cells = sparse.csr_matrix(
        (values.ravel(), (np.repeat(rows, n_cols), (unit_codes[:, None] * n_cols + np.arange(n_cols)).ravel())),
        shape=(n_rows, n_units * n_cols),
    )
    members = sparse.csr_matrix((np.ones(n_rows), (rows, unit_codes)), shape=(n_rows, n_units))
    n_per_unit = np.asarray(members.sum(axis=0)).ravel()
    point = np.asarray(cells.sum(axis=0)).reshape(n_units, n_cols) / n_per_unit[:, None]

    starts, sizes = _strata(doc_codes)
    rng = np.random.default_rng(seed)
    chunk = max(1, _BOOT_CELLS // max(n_rows, 1))
    replicates = np.empty((n_boot, n_units, n_cols))
    for first in range(0, n_boot, chunk):
        n_draws = min(chunk, n_boot - first)
        draws = _stratified_draws(starts, sizes, n_draws, rng)
        flat = (draws + (np.arange(n_draws) * n_rows)[:, None]).ravel()
        multiplicity = np.bincount(flat, minlength=n_draws * n_rows).reshape(n_draws, n_rows).astype(np.float64)
        sums = np.asarray(cells.T @ multiplicity.T).T.reshape(n_draws, n_units, n_cols)
        # Each statement keeps its size in every replicate, so the denominators are those of the point estimate.
        replicates[first : first + n_draws] = sums / n_per_unit[None, :, None]
    alpha = (1.0 - ci) / 2.0
    low, high = np.quantile(replicates, [alpha, 1.0 - alpha], axis=0)
    return point, np.asarray(low), np.asarray(high)


def _unit_codes(units: pl.DataFrame) -> tuple[pl.Series, NDArray[np.int64], NDArray[np.int64]]:
    """Sorted unit keys, unit code and statement code per row (rows sorted by doc_id)."""
    keys = units.get_column("unit").unique().sort()
    unit_codes = (units.get_column("unit").rank("dense") - 1).to_numpy().astype(np.int64)
    doc_codes = units.get_column("doc_id").rank("dense").to_numpy().astype(np.int64)
    return keys, unit_codes, doc_codes


def _dense(
    long: pl.DataFrame, rows: pl.DataFrame, columns: Sequence[str], *, column: str, value: str | None
) -> NDArray[np.float64]:
    """A ``(rows.height, len(columns))`` array from a long frame keyed by para_id; absent cells are 0.

    Args:
        long: Rows ``para_id, <column>[, <value>]``.
        rows: The paragraphs, in the order of the array's rows.
        columns: The values of ``column``, in the order of the array's columns.
        column: The column of ``long`` that picks the array column.
        value: The column of ``long`` holding the values; None for 1 wherever a row is present.
    """
    array = np.zeros((rows.height, len(columns)))
    row_index = rows.select("para_id").with_row_index("row")
    column_index = pl.DataFrame({column: pl.Series(list(columns), dtype=pl.String)}).with_row_index("col")
    cells = long.join(row_index, on="para_id", how="inner").join(column_index, on=column, how="inner")
    values = cells.get_column(value).cast(pl.Float64).to_numpy() if value is not None else 1.0
    array[cells.get_column("row").to_numpy(), cells.get_column("col").to_numpy()] = values
    return array


def _long_shares(
    keys: pl.Series,
    columns: Sequence[str],
    arrays: dict[str, NDArray[Any]],
    *,
    by: By,
    column_name: str,
) -> pl.DataFrame:
    """A tidy frame (unit, column_name, *arrays) from ``(n_units, n_cols)`` arrays."""
    unit_name = "year" if by == "year" else "doc_id"
    n_units, n_cols = len(keys), len(columns)
    frame = pl.DataFrame(
        {
            unit_name: keys.gather(np.repeat(np.arange(n_units), n_cols)),
            column_name: pl.Series(list(columns) * n_units, dtype=pl.String),
            **{name: array.ravel() for name, array in arrays.items()},
        }
    )
    return frame.with_columns(pl.col(unit_name).cast(pl.Int32 if by == "year" else pl.String)).sort(
        unit_name, column_name
    )
