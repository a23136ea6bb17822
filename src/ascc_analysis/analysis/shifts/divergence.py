"""Year-on-year shifts stage: Jensen–Shannon divergence between groups, split into per-term contributions.

Reads a ``group, term, n`` counts frame (:func:`~ascc_analysis.analysis.shifts.terms.term_counts`) and returns the
divergence of two groups (:func:`jensen_shannon`), each term's contribution to it (:func:`word_shift`), and the
divergence of each year from the previous one with a bootstrap interval that resamples paragraphs within statements
(:func:`consecutive_divergence`, which then also reads ``paragraphs`` and ``documents``).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection

import numpy as np
import polars as pl
from numpy.typing import NDArray

from ascc_analysis.analysis.shifts.common import _check_int, _check_unit_interval, _resampled_counts
from ascc_analysis.analysis.shifts.terms import _check_counts, _Matrix, _pair, _paragraph_matrix
from ascc_analysis.errors import ParameterError

WORD_SHIFT_SCHEMA = pl.Schema(
    {
        "term": pl.String(),
        "p_a": pl.Float64(),
        "p_b": pl.Float64(),
        "contribution": pl.Float64(),
        "direction": pl.String(),
    }
)
DIVERGENCE_SCHEMA = pl.Schema(
    {
        "year_a": pl.Int32(),
        "year_b": pl.Int32(),
        "jsd": pl.Float64(),
        "ci_low": pl.Float64(),
        "ci_high": pl.Float64(),
    }
)


def _jsd_parts(y_a: NDArray[np.float64], y_b: NDArray[np.float64]) -> tuple[NDArray[np.float64], ...]:
    """p_a, p_b and each term's contribution to JSD (base 2); counts may be 2-D (replicates × terms)."""
    p_a = y_a / np.sum(y_a, axis=-1, keepdims=True)
    p_b = y_b / np.sum(y_b, axis=-1, keepdims=True)
    m = (p_a + p_b) / 2.0
    if not (np.all(p_a.sum(axis=-1) > 0) and np.all(p_b.sum(axis=-1) > 0)):  # an empty side: NaNs as before
        with np.errstate(divide="ignore", invalid="ignore"):
            plain_a = np.where(p_a > 0, p_a * np.log2(p_a / m), 0.0)
            plain_b = np.where(p_b > 0, p_b * np.log2(p_b / m), 0.0)
        return p_a, p_b, (plain_a + plain_b) / 2.0
    # p · log2(p / m) is 0 where p = 0 and exactly p where the other side is 0 (m = p / 2, so the log is 1): the
    # logarithm is taken only where both sides are present (a minority of the bootstrap cells), with the same
    # arithmetic there, so the parts equal the plain formula bit for bit.
    part_a, part_b = np.array(p_a, dtype=np.float64), np.array(p_b, dtype=np.float64)
    both = np.flatnonzero(((p_a > 0) & (p_b > 0)).ravel())
    flat_a, flat_b, flat_m = p_a.ravel(), p_b.ravel(), m.ravel()
    part_a.ravel()[both] = flat_a[both] * np.log2(flat_a[both] / flat_m[both])
    part_b.ravel()[both] = flat_b[both] * np.log2(flat_b[both] / flat_m[both])
    return p_a, p_b, (part_a + part_b) / 2.0


def word_shift(counts: pl.DataFrame, group_a: object, group_b: object) -> pl.DataFrame:
    """Each term's contribution to the Jensen–Shannon divergence between two groups.

    With p_a, p_b the term distributions of the two groups and m = (p_a + p_b) / 2::

        JSD(a, b) = Σ_w c_w,   c_w = ½ p_a(w) log₂(p_a(w) / m(w)) + ½ p_b(w) log₂(p_b(w) / m(w))  ≥ 0

    (terms with p = 0 contribute 0 on that side). The contributions sum exactly to :func:`jensen_shannon`, which
    lies in [0, 1] in base 2.

    Args:
        counts: ``group, term, n`` (:func:`term_counts`).
        group_a: The reference group.
        group_b: The group compared with it.

    Returns:
        ``term, p_a, p_b, contribution, direction`` (``"rising"`` where p_b > p_a, else ``"falling"``), for every
        term of a or b, sorted by contribution (descending), then term.

    Raises:
        ParameterError: ``counts`` is empty, a group is not in it, or the groups are equal.
        SchemaError: ``counts`` lacks a column.
    """
    terms, y_a, y_b = _pair(counts, group_a, group_b)
    p_a, p_b, contribution = _jsd_parts(y_a, y_b)
    frame = pl.DataFrame(
        {
            "term": pl.Series(terms, dtype=pl.String),
            "p_a": p_a,
            "p_b": p_b,
            "contribution": contribution,
            "direction": np.where(p_b > p_a, "rising", "falling"),
        }
    )
    return frame.sort(["contribution", "term"], descending=[True, False]).cast(WORD_SHIFT_SCHEMA)


def jensen_shannon(counts: pl.DataFrame, group_a: object, group_b: object) -> float:
    """Jensen–Shannon divergence (base 2, in [0, 1]) between the term distributions of two groups.

    ``JSD(a, b) = ½ KL(p_a ‖ m) + ½ KL(p_b ‖ m)``, m = (p_a + p_b) / 2; the sum of :func:`word_shift`'s
    contributions.

    Raises:
        ParameterError: ``counts`` is empty, a group is not in it, or the groups are equal.
        SchemaError: ``counts`` lacks a column.
    """
    _, y_a, y_b = _pair(counts, group_a, group_b)
    return float(np.sum(_jsd_parts(y_a, y_b)[2]))


def consecutive_divergence(
    counts: pl.DataFrame,
    *,
    paragraphs: pl.DataFrame | None = None,
    documents: pl.DataFrame | None = None,
    exclude: Collection[str] | None = None,
    n_boot: int = 200,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """Jensen–Shannon divergence between each year and the previous year, with a bootstrap interval.

    The point value is :func:`jensen_shannon` on ``counts`` (groups are years). The interval needs the paragraphs:
    when ``paragraphs`` and ``documents`` are given, each of ``n_boot`` replicates resamples paragraphs with
    replacement within each statement of the two years (as :func:`ascc_analysis.analysis.topics.theme_shares` does) and
    recomputes the divergence; the interval is the percentile interval. A plug-in JSD is biased upwards in small
    samples (a resample repeats paragraphs), so the interval can lie above the point value; compare years by their
    intervals, not against zero. Without paragraphs the interval columns are null.

    Args:
        counts: ``group, term, n`` by year (:func:`term_counts` with ``by="year"``).
        paragraphs: The ``paragraphs`` table the counts came from, for the interval.
        documents: The ``documents`` table, for the interval.
        exclude: The para_ids left out of ``counts``, if any (to resample the same paragraphs).
        n_boot: Bootstrap replicates (>= 1).
        ci: Confidence level of the interval, in (0, 1).
        seed: Seed of the bootstrap.

    Returns:
        ``year_a, year_b, jsd, ci_low, ci_high``, one row per pair of consecutive years of ``counts``, sorted.

    Raises:
        ParameterError: ``counts`` is empty or its groups are not years, only one of ``paragraphs`` and
            ``documents`` is given, or ``n_boot`` or ``ci`` is not accepted.
        SchemaError: A table lacks a needed column.
    """
    _check_counts(counts)
    _check_int("n_boot", n_boot, minimum=1)
    level = _check_unit_interval("ci", ci, closed_high=False)
    if not counts.schema["group"].is_integer():
        raise ParameterError(f"counts groups are {counts.schema['group']}, not years; use term_counts(by='year')")
    if (paragraphs is None) != (documents is None):
        raise ParameterError("give both paragraphs and documents for the interval, or neither")
    years = counts.get_column("group").unique().sort().to_list()
    rows: list[tuple[int, int, float, float | None, float | None]] = []
    matrix = (
        None if paragraphs is None or documents is None else _paragraph_matrix(paragraphs, documents, exclude=exclude)
    )
    rng = np.random.default_rng(seed)
    for year_a, year_b in itertools.pairwise(years):
        jsd = jensen_shannon(counts, year_a, year_b)
        low: float | None = None
        high: float | None = None
        if matrix is not None:
            replicates = _bootstrap_jsd(matrix, year_a, year_b, n_boot=n_boot, rng=rng)
            if replicates.size:
                alpha = (1.0 - level) / 2.0
                low, high = (float(value) for value in np.quantile(replicates, [alpha, 1.0 - alpha]))
        rows.append((int(year_a), int(year_b), jsd, low, high))
    return pl.DataFrame(rows, schema=DIVERGENCE_SCHEMA, orient="row")


def _bootstrap_jsd(
    matrix: _Matrix, year_a: int, year_b: int, *, n_boot: int, rng: np.random.Generator
) -> NDArray[np.float64]:
    years = matrix.years
    indexes = [np.flatnonzero(years == year) for year in (year_a, year_b)]
    if any(index.size == 0 for index in indexes):
        return np.asarray([], dtype=np.float64)
    # only the terms of the two years can contribute
    used = np.flatnonzero(np.asarray(matrix.counts[np.concatenate(indexes)].sum(axis=0)).ravel() > 0)
    replicates = []
    for index in indexes:
        rows = matrix.rows[index.tolist()]
        counts = matrix.counts[index][:, used]
        replicates.append(_resampled_counts(counts, rows.get_column("doc_id"), n_boot, rng))
    counts_a, counts_b = replicates
    keep = (counts_a.sum(axis=1) > 0) & (counts_b.sum(axis=1) > 0)
    return np.asarray(_jsd_parts(counts_a[keep], counts_b[keep])[2].sum(axis=1), dtype=np.float64)
