"""Year-on-year shifts stage: change in the share of paragraphs carrying a label, with interval, p- and q-values.

Reads one row per paragraph and label (``paragraph_themes``, or each paragraph's dominant topic) and ``documents``
(optionally ``paragraphs``, so that unlabelled paragraphs count in the denominators) and returns, per label, the
change in share between two years (:func:`share_change`) or between every pair of consecutive years
(:func:`share_changes`), with a bootstrap interval (paragraphs resampled within statements), a permutation p-value and
Benjamini–Hochberg q-values (:func:`benjamini_hochberg`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import sparse

from ascc_analysis.analysis.shifts.common import _check_int, _check_unit_interval, _documents_years, _resampled_counts
from ascc_analysis.analysis.topics.common import _paragraph_rows, _require_columns
from ascc_analysis.errors import ParameterError, SchemaError


def benjamini_hochberg(p_values: Sequence[float] | NDArray[np.float64]) -> NDArray[np.float64]:
    """Benjamini–Hochberg q-values: ``q_(i) = min_{j ≥ i} min(1, m · p_(j) / j)`` over the p-values sorted
    ascending (m of them); returned in the input order.

    Raises:
        ParameterError: A p-value is outside [0, 1] or not a number.
    """
    values = np.asarray(p_values, dtype=np.float64)
    if values.size == 0:
        return values
    if not np.all((values >= 0) & (values <= 1)):
        raise ParameterError(
            f"p-values must lie in [0, 1]; got {values[~((values >= 0) & (values <= 1))][:5].tolist()}"
        )
    order = np.argsort(values, kind="stable")
    m = values.size
    scaled = values[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    q = np.empty(m)
    q[order] = adjusted
    return q


@dataclass(frozen=True)
class _Labelled:
    """Paragraphs (``doc_id, para_id, year``, sorted by year, doc_id, para_id), labels and the 0/1 indicator."""

    rows: pl.DataFrame
    labels: list[str]
    indicator: NDArray[np.float64]


def _labelled(
    paragraph_labels: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    label_col: str,
    paragraphs: pl.DataFrame | None,
) -> _Labelled:
    if not isinstance(label_col, str) or label_col not in paragraph_labels.columns:
        raise ParameterError(
            f"label_col={label_col!r} is not a column of paragraph_labels; columns are {paragraph_labels.columns}"
        )
    _require_columns(paragraph_labels, ("para_id",), table="paragraph_labels")
    tags = paragraph_labels.select(pl.col("para_id").cast(pl.String), pl.col(label_col).cast(pl.String).alias("label"))
    tags = tags.filter(pl.col("label").is_not_null()).unique()
    if paragraphs is not None:
        universe = _paragraph_rows(paragraphs).select("doc_id", "para_id")
    else:
        _require_columns(paragraph_labels, ("doc_id", "para_id"), table="paragraph_labels")
        universe = paragraph_labels.select(pl.col("doc_id").cast(pl.String), pl.col("para_id").cast(pl.String)).unique()
    known = _documents_years(documents)
    unknown = universe.join(known, on="doc_id", how="anti").get_column("doc_id").unique().sort().to_list()
    if unknown:
        raise SchemaError(f"paragraph_labels: doc_id(s) {unknown[:5]} are not in documents")
    rows = (
        universe.join(known, on="doc_id", how="left")
        .filter(pl.col("year").is_not_null())
        .sort("year", "doc_id", "para_id")
    )
    labels = sorted(tags.get_column("label").unique().to_list())
    indicator = np.zeros((rows.height, len(labels)))
    if rows.height and labels:
        cells = tags.join(rows.select("para_id").with_row_index("row"), on="para_id", how="inner").join(
            pl.DataFrame({"label": labels}).with_row_index("col"), on="label", how="inner"
        )
        indicator[cells.get_column("row").to_numpy(), cells.get_column("col").to_numpy()] = 1.0
    return _Labelled(rows, labels, indicator)


def _share_change_arrays(
    labelled: _Labelled, year_a: int, year_b: int, *, n_boot: int, n_perm: int, ci: float, seed: int
) -> dict[str, NDArray[np.float64]]:
    years = labelled.rows.get_column("year").to_numpy()
    index_a, index_b = np.flatnonzero(years == year_a), np.flatnonzero(years == year_b)
    if index_a.size == 0 or index_b.size == 0:
        present = sorted({int(year) for year in years})
        missing = year_a if index_a.size == 0 else year_b
        raise ParameterError(f"year {missing!r} has no labelled paragraphs; years are {present}")
    values_a, values_b = labelled.indicator[index_a], labelled.indicator[index_b]
    share_a, share_b = values_a.mean(axis=0), values_b.mean(axis=0)
    change = share_b - share_a
    rng = np.random.default_rng(seed)
    boot = []
    for index, values in ((index_a, values_a), (index_b, values_b)):
        docs = labelled.rows[index.tolist()].get_column("doc_id")
        boot.append(_resampled_counts(sparse.csr_matrix(values), docs, n_boot, rng) / index.size)
    alpha = (1.0 - ci) / 2.0
    low, high = np.quantile(boot[1] - boot[0], [alpha, 1.0 - alpha], axis=0)
    pooled = np.vstack([values_a, values_b])
    n_a, n_total = index_a.size, pooled.shape[0]
    exceed = np.zeros(len(labelled.labels))
    chunk = max(1, 2_000_000 // n_total)
    for first in range(0, n_perm, chunk):
        size = min(chunk, n_perm - first)
        order = np.argsort(rng.random((size, n_total)), axis=1)
        in_b = np.zeros((size, n_total))
        np.put_along_axis(in_b, order[:, n_a:], 1.0, axis=1)
        sum_b = in_b @ pooled
        perm_change = sum_b / (n_total - n_a) - (pooled.sum(axis=0) - sum_b) / n_a
        exceed += (np.abs(perm_change) >= np.abs(change) - 1e-12).sum(axis=0)
    return {
        "n_a": np.full(len(labelled.labels), float(n_a)),
        "n_b": np.full(len(labelled.labels), float(n_total - n_a)),
        "share_a": share_a,
        "share_b": share_b,
        "change": change,
        "ci_low": np.asarray(low),
        "ci_high": np.asarray(high),
        "p_value": (1.0 + exceed) / (n_perm + 1.0),
    }


def _share_schema(label_col: str, *, with_q: bool) -> pl.Schema:
    columns: dict[str, pl.DataType] = {
        "year_a": pl.Int32(),
        "year_b": pl.Int32(),
        label_col: pl.String(),
        "n_a": pl.Int32(),
        "n_b": pl.Int32(),
        "share_a": pl.Float64(),
        "share_b": pl.Float64(),
        "change": pl.Float64(),
        "ci_low": pl.Float64(),
        "ci_high": pl.Float64(),
        "p_value": pl.Float64(),
    }
    if with_q:
        columns["q_value"] = pl.Float64()
    return pl.Schema(columns)


def _share_frame(
    labelled: _Labelled, year_a: int, year_b: int, arrays: dict[str, NDArray[np.float64]], *, label_col: str
) -> pl.DataFrame:
    n_labels = len(labelled.labels)
    return pl.DataFrame(
        {
            "year_a": [year_a] * n_labels,
            "year_b": [year_b] * n_labels,
            label_col: labelled.labels,
            **{name: array.tolist() for name, array in arrays.items()},
        }
    ).cast(_share_schema(label_col, with_q=False))


def _check_share_options(n_boot: int, n_perm: int, ci: float) -> float:
    _check_int("n_boot", n_boot, minimum=1)
    _check_int("n_perm", n_perm, minimum=1)
    return _check_unit_interval("ci", ci, closed_high=False)


def share_change(
    paragraph_labels: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    label_col: str,
    year_a: int,
    year_b: int,
    paragraphs: pl.DataFrame | None = None,
    n_boot: int = 1000,
    n_perm: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """Change in the share of paragraphs carrying each label between two years, with interval and p-value.

    For a label ℓ and year y with paragraphs P_y: ``share_y(ℓ) = |{p ∈ P_y : p has ℓ}| / |P_y|`` and
    ``change = share_b − share_a``. A paragraph may carry several labels (themes) or one (its dominant topic).

    * Interval: percentile interval of the change over ``n_boot`` replicates that resample paragraphs with
      replacement within each statement of each year.
    * p-value: two-sided permutation test; the year of each paragraph of the two years is shuffled ``n_perm``
      times (the year sizes kept) and ``p = (1 + #{|change_perm| ≥ |change|}) / (n_perm + 1)``. Paragraphs, not
      statements, are permuted: with one or two statements a year there are too few statement permutations.

    Args:
        paragraph_labels: One row per paragraph and label, with ``para_id``, ``label_col`` and (unless
            ``paragraphs`` is given) ``doc_id``: ``paragraph_themes`` (label_col ``"theme_id"``), or the dominant
            topic per paragraph (label_col ``"topic_id"``).
        documents: The ``documents`` table (at least ``doc_id, year``).
        label_col: The label column.
        year_a: The earlier year.
        year_b: The later year.
        paragraphs: The ``paragraphs`` table: when given, its ``level == "paragraph"`` rows are the paragraphs
            (unlabelled ones count in the denominators); otherwise the paragraphs of ``paragraph_labels``.
        n_boot: Bootstrap replicates (>= 1).
        n_perm: Permutations (>= 1).
        ci: Confidence level of the interval, in (0, 1).
        seed: Seed of the bootstrap and the permutations.

    Returns:
        ``year_a, year_b, <label_col>, n_a, n_b`` (paragraphs), ``share_a, share_b, change, ci_low, ci_high,
        p_value``, one row per label, sorted by label.

    Raises:
        ParameterError: ``label_col`` is not a column, a year has no paragraphs, the years are equal, or an option
            is not accepted.
        SchemaError: A table lacks a needed column, or a statement is not in ``documents``.
    """
    level = _check_share_options(n_boot, n_perm, ci)
    if year_a == year_b:
        raise ParameterError(f"year_a and year_b are both {year_a!r}; compare two different years")
    labelled = _labelled(paragraph_labels, documents, label_col=label_col, paragraphs=paragraphs)
    if not labelled.labels:
        return pl.DataFrame(schema=_share_schema(label_col, with_q=False))
    arrays = _share_change_arrays(labelled, year_a, year_b, n_boot=n_boot, n_perm=n_perm, ci=level, seed=seed)
    return _share_frame(labelled, year_a, year_b, arrays, label_col=label_col)


def share_changes(
    paragraph_labels: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    label_col: str,
    paragraphs: pl.DataFrame | None = None,
    n_boot: int = 1000,
    n_perm: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """:func:`share_change` for every pair of consecutive years and every label, with Benjamini–Hochberg q-values.

    The q-values (:func:`benjamini_hochberg`) control the false discovery rate over all rows (every year pair and
    label). Each pair draws from its own generator seeded by ``(seed, year_b)``, so adding a year does not change
    the others' intervals.

    Returns:
        The columns of :func:`share_change` and ``q_value``, sorted by year_a and label.

    Raises:
        ParameterError: ``label_col`` is not a column, or an option is not accepted.
        SchemaError: A table lacks a needed column, or a statement is not in ``documents``.
    """
    level = _check_share_options(n_boot, n_perm, ci)
    labelled = _labelled(paragraph_labels, documents, label_col=label_col, paragraphs=paragraphs)
    years = sorted({int(year) for year in labelled.rows.get_column("year").to_list()})
    schema = _share_schema(label_col, with_q=True)
    if not labelled.labels or len(years) < 2:
        return pl.DataFrame(schema=schema)
    frames = []
    for year_a, year_b in itertools.pairwise(years):
        arrays = _share_change_arrays(
            labelled,
            year_a,
            year_b,
            n_boot=n_boot,
            n_perm=n_perm,
            ci=level,
            seed=int(np.random.SeedSequence([seed, year_b]).generate_state(1)[0]),
        )
        frames.append(_share_frame(labelled, year_a, year_b, arrays, label_col=label_col))
    frame = pl.concat(frames)
    q = benjamini_hochberg(frame.get_column("p_value").to_numpy())
    return frame.with_columns(pl.Series("q_value", q, dtype=pl.Float64)).sort("year_a", label_col).cast(schema)
