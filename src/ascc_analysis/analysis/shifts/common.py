"""Year-on-year shifts stage, shared ground: option checks, each statement's year, resampling within statements.

The checks raise :class:`~ascc_analysis.errors.ParameterError` (or :class:`~ascc_analysis.errors.SchemaError` for a
malformed ``documents`` table) with a message that names the value and what would be accepted.
:func:`_resampled_counts` draws bootstrap replicates of a paragraph × column matrix, resampling paragraphs within
their statement (the draws of :mod:`ascc_analysis.analysis.topics.bootstrap`); it serves the divergence interval and
the share changes.
"""

from __future__ import annotations

import math

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import sparse

from ascc_analysis.analysis.topics.bootstrap import _strata, _stratified_draws
from ascc_analysis.analysis.topics.common import _require_columns
from ascc_analysis.errors import ParameterError, SchemaError

_BOOT_CELLS = 4_000_000  # bootstrap replicates are drawn in chunks of at most this many (replicate, row) cells


def _check_int(name: str, value: object, *, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ParameterError(f"{name}={value!r} is not accepted; use an integer >= {minimum}")
    return value


def _check_unit_interval(name: str, value: object, *, closed_high: bool = True) -> float:
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else math.nan
    inside = 0.0 < number <= 1.0 if closed_high else 0.0 < number < 1.0
    if not inside:
        accepted = "a number in (0, 1]" if closed_high else "a number strictly between 0 and 1"
        raise ParameterError(f"{name}={value!r} is not accepted; use {accepted}")
    return float(number)


def _check_positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value <= 0:
        raise ParameterError(f"{name}={value!r} is not accepted; use a finite number > 0")
    return float(value)


def _check_choice(name: str, value: object, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ParameterError(f"{name}={value!r} is not accepted; use one of {list(choices)}")


def _documents_years(documents: pl.DataFrame) -> pl.DataFrame:
    """``doc_id, year`` of every statement (doc_id unique)."""
    _require_columns(documents, ("doc_id", "year"), table="documents")
    known = documents.select(pl.col("doc_id").cast(pl.String), pl.col("year").cast(pl.Int32))
    n_dupes = known.height - known.get_column("doc_id").n_unique()
    if n_dupes:
        raise SchemaError(f"documents: doc_id is not unique ({n_dupes} duplicate row(s)); one row per statement")
    return known


def _resampled_counts(
    matrix: sparse.csr_matrix, doc_ids: pl.Series, n_boot: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    """``(n_boot, n_terms)`` term counts of resamples of the rows within statements (rows grouped by doc)."""
    starts, sizes = _strata(doc_ids.rank("dense").to_numpy().astype(np.int64))
    n_rows = matrix.shape[0]
    chunk = max(1, _BOOT_CELLS // max(n_rows, 1))
    result = np.empty((n_boot, matrix.shape[1]))
    # Whole counts (term counts, 0/1 labels) sum exactly in any order, so the transposed product (sparse × dense,
    # one pass over the matrix's entries per replicate) gives the same replicates as multiplicity @ matrix.
    whole = bool(np.array_equal(matrix.data, np.round(matrix.data))) and float(np.abs(matrix.data).sum()) < 2.0**52
    by_column = matrix.T.tocsr() if whole else None
    for first in range(0, n_boot, chunk):
        n_draws = min(chunk, n_boot - first)
        draws = _stratified_draws(starts, sizes, n_draws, rng)
        flat = (draws + (np.arange(n_draws) * n_rows)[:, None]).ravel()
        multiplicity = np.bincount(flat, minlength=n_draws * n_rows).reshape(n_draws, n_rows).astype(np.float64)
        if by_column is not None:
            result[first : first + n_draws] = (by_column.astype(np.float64) @ multiplicity.T).T
        else:
            result[first : first + n_draws] = (sparse.csr_matrix(multiplicity) @ matrix).toarray()
    return result
