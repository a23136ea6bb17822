"""Year-on-year shifts stage: does one statement carry a shift? Leave each statement out in turn.

:func:`leave_one_statement_out` recomputes a term shift (scored as in
:func:`~ascc_analysis.analysis.shifts.term_shifts.top_shifts`) or a share change (as in
:func:`~ascc_analysis.analysis.shifts.shares.share_change`) without each statement of the two years compared, and
returns one row per dropped statement saying whether the shift survives. Reads ``paragraphs`` and ``documents`` (and
the paragraph labels for a share change).
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import polars as pl
from scipy import sparse

from ascc_analysis.analysis.shifts.common import _check_positive, _check_unit_interval, _documents_years
from ascc_analysis.analysis.shifts.shares import _labelled, _share_change_arrays
from ascc_analysis.analysis.shifts.term_shifts import (
    DEFAULT_FLOOR,
    DEFAULT_MIN_DELTA,
    DEFAULT_PRIOR_SCALE,
    DEFAULT_THRESHOLD,
    _shift_scores,
    _year_counts,
)
from ascc_analysis.analysis.shifts.terms import _paragraph_matrix
from ascc_analysis.analysis.topics.common import _paragraph_rows
from ascc_analysis.errors import ParameterError


def leave_one_statement_out(
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    year_a: int,
    year_b: int,
    term: str | None = None,
    paragraph_labels: pl.DataFrame | None = None,
    label_col: str | None = None,
    label: str | None = None,
    exclude: Collection[str] | None = None,
    threshold: float | None = None,
    alpha: float = 0.05,
    n_boot: int = 200,
    n_perm: int = 1000,
    seed: int = 0,
) -> pl.DataFrame:
    """Recompute a shift without each statement of the two years in turn, and flag a shift one statement carries.

    Give either ``term`` (a term shift, scored as in :func:`top_shifts` for year_b against year_a, with the same
    prior and persistence; significant when |z| ≥ ``threshold``) or ``paragraph_labels``, ``label_col`` and
    ``label`` (a share change, as in :func:`share_change`; significant when p < ``alpha``). For every statement of
    year_a and year_b the shift is recomputed without that statement's paragraphs.

    A drop **breaks** the shift when the shift was significant with all statements and is not without this one,
    or when the sign of the estimate flips. The shift is **fragile** when any drop breaks it.

    Returns:
        One row per dropped statement: ``doc_id, year, estimate`` (z, or change in share, without it),
        ``is_significant, breaks``, plus ``full_estimate, full_significant`` (with every statement) and
        ``fragile`` (the same on every row), sorted by year and doc_id.

    Raises:
        ParameterError: Neither or both kinds of shift are given, a year has no paragraphs, or an option is not
            accepted.
        SchemaError: A table lacks a needed column.
    """
    by_term = term is not None
    by_label = paragraph_labels is not None or label_col is not None or label is not None
    if by_term == by_label:
        raise ParameterError("give either term=... or paragraph_labels=..., label_col=... and label=..., not both")
    if by_label and (paragraph_labels is None or label_col is None or label is None):
        raise ParameterError("a share shift needs paragraph_labels, label_col and label together")
    if year_a == year_b:
        raise ParameterError(f"year_a and year_b are both {year_a!r}; compare two different years")
    limit = DEFAULT_THRESHOLD if threshold is None else _check_positive("threshold", threshold)
    level = _check_unit_interval("alpha", alpha, closed_high=False)
    known = _documents_years(documents)
    statements = known.filter(pl.col("year").is_in([year_a, year_b])).sort("year", "doc_id")
    if statements.is_empty():
        raise ParameterError(f"no statement of year {year_a!r} or {year_b!r} in documents")

    def estimate(drop: str | None) -> tuple[float, bool]:
        kept = documents.filter(pl.col("doc_id").cast(pl.String) != drop) if drop is not None else documents
        if by_term:
            assert term is not None
            try:
                return _term_estimate(paragraphs, kept, term, year_a, year_b, exclude=exclude, limit=limit)
            except ParameterError:  # the dropped statement was the only one of its year
                if drop is None:
                    raise
                return 0.0, False
        assert paragraph_labels is not None and label_col is not None and label is not None
        labels = paragraph_labels
        universe = paragraphs
        if drop is not None:
            labels = labels.filter(pl.col("doc_id").cast(pl.String) != drop) if "doc_id" in labels.columns else labels
            universe = paragraphs.filter(pl.col("doc_id").cast(pl.String) != drop)
        labels = labels.filter(
            pl.col("para_id").cast(pl.String).is_in(_paragraph_rows(universe).get_column("para_id").to_list())
        )
        labelled = _labelled(labels, kept, label_col=label_col, paragraphs=universe)
        if label not in labelled.labels:
            return 0.0, False
        try:
            arrays = _share_change_arrays(labelled, year_a, year_b, n_boot=n_boot, n_perm=n_perm, ci=0.95, seed=seed)
        except ParameterError:  # the dropped statement was the only one of its year
            if drop is None:
                raise
            return 0.0, False
        position = labelled.labels.index(label)
        return float(arrays["change"][position]), bool(arrays["p_value"][position] < level)

    full_estimate, full_significant = estimate(None)
    rows = []
    for doc_id, year in statements.select("doc_id", "year").iter_rows():
        value, significant = estimate(doc_id)
        flips = full_estimate != 0 and np.sign(value) != np.sign(full_estimate)
        rows.append(
            {
                "doc_id": doc_id,
                "year": year,
                "estimate": value,
                "is_significant": significant,
                "breaks": bool((full_significant and not significant) or flips),
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "doc_id": pl.String,
            "year": pl.Int32,
            "estimate": pl.Float64,
            "is_significant": pl.Boolean,
            "breaks": pl.Boolean,
        },
    )
    return frame.with_columns(
        pl.lit(full_estimate, dtype=pl.Float64).alias("full_estimate"),
        pl.lit(full_significant, dtype=pl.Boolean).alias("full_significant"),
        pl.lit(bool(frame.get_column("breaks").any()), dtype=pl.Boolean).alias("fragile"),
    ).sort("year", "doc_id")


def _term_estimate(
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    term: str,
    year_a: int,
    year_b: int,
    *,
    exclude: Collection[str] | None,
    limit: float,
) -> tuple[float, bool]:
    """The :func:`top_shifts` score z of ``term`` for year_b against year_a (default prior, floor and persistence),
    and whether it is significant (|z| ≥ limit and |delta| ≥ :data:`DEFAULT_MIN_DELTA`)."""
    paragraphs = paragraphs.filter(
        pl.col("doc_id").cast(pl.String).is_in(documents.get_column("doc_id").cast(pl.String).to_list())
    )
    matrix = _paragraph_matrix(paragraphs, documents, exclude=exclude)
    counts = _year_counts(sparse.csr_matrix((matrix.counts > 0).astype(np.int64)), matrix.years)
    if year_a not in counts.years or year_b not in counts.years:
        present = counts.years
        missing = year_a if year_a not in present else year_b
        raise ParameterError(f"year {missing!r} has no paragraphs; years are {present}")
    positions = np.flatnonzero(matrix.vocabulary == term)
    if positions.size == 0:
        return 0.0, False
    scores = _shift_scores(
        counts,
        counts.years.index(year_a),
        counts.years.index(year_b),
        prior_scale=DEFAULT_PRIOR_SCALE,
        floor=DEFAULT_FLOOR,
        persistence=True,
    )
    z = float(scores.z[positions[0]])
    return z, abs(z) >= limit and abs(float(scores.delta[positions[0]])) >= DEFAULT_MIN_DELTA
