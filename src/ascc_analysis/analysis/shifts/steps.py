"""Year-on-year shifts stage: rises, falls, arrivals and disappearances of a label's share, with calibrated flags.

Reads one row per paragraph and label (each paragraph's dominant topic, or ``paragraph_themes``) and ``documents``
and returns, for every year and label, the change in the label's share of paragraphs scored as a two-proportion z
over a window of one or two years on each side, and each label's best single split of all its years tested as a
lasting step; the changes that pass thresholds calibrated on the planted design family
(:mod:`ascc_analysis.testing.family`) are flagged. Rises and falls are scored the same way: a topic that steps down
or disappears is a shift as much as one that arrives. ``_step_scores`` and ``_flags`` are the pure array core that
the power table (:mod:`~ascc_analysis.analysis.shifts.power`) simulates with.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import stats

from ascc_analysis.analysis.shifts.common import _check_int, _check_unit_interval
from ascc_analysis.analysis.shifts.shares import _labelled
from ascc_analysis.errors import ParameterError

DEFAULT_ALPHA = 0.03
"""Family-wise level per year (Bonferroni over labels) at which :func:`share_shifts` flags a windowed change;
calibrated on the design family, with the lasting-step test, so that at most one null year in ten has a flag (see
:func:`share_shifts`)."""
DEFAULT_WINDOW = 2
"""Years on each side of a change that :func:`share_shifts` pools at most."""
MAX_WINDOW = 5
SEGMENT_MIN_Z = 3.0
"""A lasting step (the best single split of a label's years) is flagged when its two-proportion |z| is at least this"""
SEGMENT_MARGIN = 4.0
"""and the split fits the yearly shares better than a straight line or a quadratic curve by this much (χ² units)."""
_QUADRATIC_PENALTY = 2.0  # χ² units charged for the quadratic's extra parameter
SHARE_SHIFTS_SCHEMA_BASE: dict[str, pl.DataType] = {
    "year": pl.Int32(),
    "n_before": pl.Int32(),
    "n_after": pl.Int32(),
    "share_before": pl.Float64(),
    "share_after": pl.Float64(),
    "change": pl.Float64(),
    "z": pl.Float64(),
    "window": pl.Int32(),
    "direction": pl.String(),
    "is_peak": pl.Boolean(),
    "step_z": pl.Float64(),
    "is_step": pl.Boolean(),
    "is_significant": pl.Boolean(),
}


def _two_proportion_z(
    k_before: NDArray[np.float64], n_before: float, k_after: NDArray[np.float64], n_after: float
) -> NDArray[np.float64]:
    """``z = (p̂_after − p̂_before) / sqrt(p̄ (1 − p̄) (1/n_before + 1/n_after))`` with half a paragraph added to
    each side's count (and one to its size), so that a label absent on one side keeps a finite score."""
    p_before = (k_before + 0.5) / (n_before + 1.0)
    p_after = (k_after + 0.5) / (n_after + 1.0)
    pooled = (k_before + k_after + 1.0) / (n_before + n_after + 2.0)
    return np.asarray((p_after - p_before) / np.sqrt(pooled * (1.0 - pooled) * (1.0 / n_before + 1.0 / n_after)))


def _step_scores(
    counts: NDArray[np.float64], sizes: NDArray[np.float64], *, window: int
) -> tuple[
    NDArray[np.float64],
    NDArray[np.int64],
    NDArray[np.bool_],
    NDArray[np.float64],
    NDArray[np.float64],
    NDArray[np.float64],
]:
    """Scores of a change at every year index i ≥ 1 (row i − 1 of each output) for every label.

    ``counts`` is ``(n_years, n_labels)`` paragraphs with the label, ``sizes`` ``(n_years,)`` paragraphs. For each
    window w ≤ ``window`` the years ``[i − w, i)`` are pooled against ``[i, i + w)`` (cut at the ends); the score is
    the z of largest |z| over the windows. A change is a *peak* when no neighbouring year (i ± 1) has a score of
    the same sign and larger |z|: a step is then counted once, at its year, not again where a two-year window
    half-overlaps it.

    Returns:
        z, the window used, is_peak, share before, share after and the one-year z (each
        ``(n_years − 1, n_labels)``).
    """
    n_years, n_labels = counts.shape
    z = np.zeros((n_years - 1, n_labels))
    z_one = np.zeros((n_years - 1, n_labels))
    used = np.ones((n_years - 1, n_labels), dtype=np.int64)
    before_share = np.zeros((n_years - 1, n_labels))
    after_share = np.zeros((n_years - 1, n_labels))
    for i in range(1, n_years):
        for w in range(1, window + 1):
            before, after = slice(max(0, i - w), i), slice(i, min(n_years, i + w))
            n_before, n_after = float(sizes[before].sum()), float(sizes[after].sum())
            if n_before == 0 or n_after == 0:
                continue
            k_before, k_after = counts[before].sum(axis=0), counts[after].sum(axis=0)
            score = _two_proportion_z(k_before, n_before, k_after, n_after)
            if w == 1:
                z_one[i - 1] = score
            better = (np.abs(score) > np.abs(z[i - 1])) | (w == 1)
            z[i - 1] = np.where(better, score, z[i - 1])
            used[i - 1] = np.where(better, w, used[i - 1])
            before_share[i - 1] = np.where(better, k_before / n_before, before_share[i - 1])
            after_share[i - 1] = np.where(better, k_after / n_after, after_share[i - 1])
    peak = np.ones_like(z, dtype=bool)
    for offset in (-1, 1):
        neighbour = np.roll(z, -offset, axis=0)
        valid = np.ones(n_years - 1, dtype=bool)
        valid[-1 if offset == 1 else 0] = False
        beaten = valid[:, None] & (np.sign(neighbour) == np.sign(z)) & (np.abs(neighbour) > np.abs(z))
        peak &= ~beaten
    return z, used, peak, before_share, after_share, z_one


def _segment_steps(
    counts: NDArray[np.float64], sizes: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.bool_]]:
    """Each label's best single split of its years, its z, and whether it is flagged as a lasting step.

    For a split before year index i, the shares are modelled as one level before and another from i; the residual
    ``Σ_y n_y (p̂_y − level)² / (p̄ (1 − p̄))`` (χ² units, p̄ the label's share over all years) is smallest at the
    best split. The split is a lasting step when it beats the better of a straight line and a quadratic curve
    through the yearly shares (weighted least squares, the same units; the quadratic charged
    :data:`_QUADRATIC_PENALTY`) by :data:`SEGMENT_MARGIN`, and the two-proportion z of all the years before
    against all the years from it is at least :data:`SEGMENT_MIN_Z` in size. A smooth rise or decline is fitted
    by the line or the curve as well as by a split, so it is not a step; a step that lasts uses every year on each
    side, not two.

    Returns:
        Per label: the split's year index (≥ 1; 0 when there are fewer than four years), its z, and the flag.
    """
    n_years, n_labels = counts.shape
    if n_years < 4:
        return np.zeros(n_labels, dtype=np.int64), np.zeros(n_labels), np.zeros(n_labels, dtype=bool)
    shares = counts / sizes[:, None]
    overall = counts.sum(axis=0) / sizes.sum()
    variance = np.maximum(overall * (1.0 - overall), 1e-6)
    position = np.arange(n_years, dtype=np.float64)
    position = (position - position.mean()) / position.std()
    root = np.sqrt(sizes)[:, None]

    def residual(design: NDArray[np.float64]) -> NDArray[np.float64]:
        beta, *_ = np.linalg.lstsq(design * root, shares * root, rcond=None)
        return np.asarray((((shares - design @ beta) * root) ** 2).sum(axis=0) / variance)

    ones = np.ones(n_years)
    smooth = np.minimum(
        residual(np.column_stack([ones, position])),
        residual(np.column_stack([ones, position, position**2])) + _QUADRATIC_PENALTY,
    )
    split_residual = np.empty((n_years - 1, n_labels))
    split_z = np.empty((n_years - 1, n_labels))
    for i in range(1, n_years):
        n_before, n_after = float(sizes[:i].sum()), float(sizes[i:].sum())
        k_before, k_after = counts[:i].sum(axis=0), counts[i:].sum(axis=0)
        levels = np.where((np.arange(n_years) < i)[:, None], k_before / n_before, k_after / n_after)
        split_residual[i - 1] = ((shares - levels) ** 2 * sizes[:, None]).sum(axis=0) / variance
        split_z[i - 1] = _two_proportion_z(k_before, n_before, k_after, n_after)
    best = np.argmin(split_residual, axis=0)
    columns = np.arange(n_labels)
    z = split_z[best, columns]
    flagged = (smooth - split_residual[best, columns] >= SEGMENT_MARGIN) & (np.abs(z) >= SEGMENT_MIN_Z)
    return (best + 1).astype(np.int64), np.asarray(z), np.asarray(flagged)


def _flags(
    counts: NDArray[np.float64],
    sizes: NDArray[np.float64],
    z: NDArray[np.float64],
    peak: NDArray[np.bool_],
    z_one: NDArray[np.float64],
    *,
    alpha: float,
) -> tuple[NDArray[np.bool_], NDArray[np.float64], NDArray[np.bool_]]:
    """The flags of :func:`share_shifts` as arrays ``(n_years − 1, n_labels)`` from the windowed scores of
    :func:`_step_scores` (``z``, ``peak``, ``z_one``): significant, the step z (NaN but at a label's best split) and
    the lasting-step flag."""
    flagged = _significant(z, peak, z_one, alpha=alpha, n_labels=counts.shape[1])
    split, split_z, is_step = _segment_steps(counts, sizes)
    step_z = np.full_like(z, np.nan)
    steps = np.zeros_like(flagged)
    for column in np.flatnonzero(split > 0):
        step_z[split[column] - 1, column] = split_z[column]
        steps[split[column] - 1, column] = is_step[column]
    return flagged | steps, step_z, steps


def _significant(
    z: NDArray[np.float64],
    peak: NDArray[np.bool_],
    z_one: NDArray[np.float64],
    *,
    alpha: float,
    n_labels: int,
) -> NDArray[np.bool_]:
    """Changes whose two-sided p-value 2·(1 − Φ(|z|)) is at most alpha / n_labels (Bonferroni over labels), and
    that are a peak or whose one-year change alone passes too (two changes in a row are both kept)."""
    limit = alpha / max(n_labels, 1)
    passes = 2.0 * stats.norm.sf(np.abs(z)) <= limit
    alone = (2.0 * stats.norm.sf(np.abs(z_one)) <= limit) & (np.sign(z_one) == np.sign(z))
    return np.asarray(passes & (peak | alone))


def share_shifts(
    paragraph_labels: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    label_col: str,
    paragraphs: pl.DataFrame | None = None,
    alpha: float = DEFAULT_ALPHA,
    window: int = DEFAULT_WINDOW,
) -> pl.DataFrame:
    """Rises and falls of each label's share of paragraphs from year to year, flagged at a calibrated level.

    **Score.** For year b (the i-th year with paragraphs) and label ℓ, the paragraphs of the w years before b are
    pooled against those of b and the w − 1 years after (w = 1, 2 up to ``window``, cut at the ends of the span),
    and the change is scored by the two-proportion z
    ``z = (p̂_after − p̂_before) / sqrt(p̄ (1 − p̄) (1/n_before + 1/n_after))`` (half a paragraph added to each
    count); the window of larger |z| is kept. The two-year window gives a lasting step twice the paragraphs; the
    one-year window keeps a topic of a single year. Rises and falls are scored alike, so an arrival, a step up, a
    step down and a disappearance all count. A change is a *peak* when no neighbouring year has a score of the same
    sign and larger |z| (a step is reported at its year only).

    **Lasting steps.** A change that lasts is tested on every year: each label's best single split of its years
    (one level before, another from the split) is a lasting step (``is_step``) when it fits the yearly shares
    better than a straight line or a quadratic curve by :data:`SEGMENT_MARGIN` (χ² units) and the two-proportion z
    of all the years before against all the years from it (``step_z``) is at least :data:`SEGMENT_MIN_Z` in size.
    A smooth rise or decline is fitted by the line or the curve as well as by a split, so it is not a step.

    **Flag.** ``is_significant``: a peak whose two-sided p-value is at most ``alpha`` / (number of labels), or a
    lasting step at its year.

    **Calibration** (``benchmarks/bench_family.py --calibrate --seeds 0 1 2 3 4``; benchmarks/README.md has the
    tables): on the planted design family (:func:`ascc_analysis.testing.family.family_designs`, 80 designs with
    two or more statements a year, true paragraph labels), α, the step test's z and its margin were chosen on a
    grid so that at most one null year in ten (no planted share moves) has a flag. α = 0.03, z ≥ 3 and a margin
    of 4 find 71% of the planted shifts with 8% of null years flagged (the windowed score alone at α = 0.05:
    66% and 9%); every setting that finds more flags more than 10% of null years. Wider windows find a few more
    steps but flag smooth trends across null years, so the window stays at 2. Most planted steps move a topic by
    0.10–0.15 of the paragraphs, under what two statements a year can show: the smallest change found 80% of
    the time is in the power table (:func:`ascc_analysis.analysis.shifts.power.read_power_table`); smaller changes
    cannot be told from noise at that amount of text. Paragraphs are treated as independent draws: read a
    flagged change with its evidence.

    Args:
        paragraph_labels: One row per paragraph and label, with ``para_id``, ``label_col`` and (unless
            ``paragraphs`` is given) ``doc_id``: the dominant topic per paragraph (label_col ``"topic_id"``), or
            ``paragraph_themes`` (label_col ``"theme_id"``).
        documents: The ``documents`` table (at least ``doc_id, year``).
        label_col: The label column.
        paragraphs: The ``paragraphs`` table: when given, its ``level == "paragraph"`` rows are the paragraphs
            (unlabelled ones count in the denominators).
        alpha: Family-wise level per year, in (0, 1].
        window: Years pooled on each side, 1 or 2.

    Returns:
        ``year, <label_col>, n_before, n_after`` (paragraphs pooled), ``share_before, share_after, change, z,
        window, direction`` (``"rising"``/``"falling"``; of ``step_z`` on a lasting step), ``is_peak``, ``step_z``
        (null but at the label's best split), ``is_step, is_significant``; one row per year (from the second) and
        label, sorted by year and label.

    Raises:
        ParameterError: ``label_col`` is not a column, or ``alpha`` or ``window`` is not accepted.
        SchemaError: A table lacks a needed column, or a statement is not in ``documents``.
    """
    level = _check_unit_interval("alpha", alpha)
    _check_int("window", window, minimum=1)
    if window > MAX_WINDOW:
        raise ParameterError(f"window={window!r} is not accepted; use 1 to {MAX_WINDOW} (years pooled on each side)")
    labelled = _labelled(paragraph_labels, documents, label_col=label_col, paragraphs=paragraphs)
    schema = pl.Schema({"year": pl.Int32(), label_col: pl.String(), **SHARE_SHIFTS_SCHEMA_BASE})
    years_of_rows = labelled.rows.get_column("year").to_numpy()
    years = sorted({int(year) for year in years_of_rows})
    if not labelled.labels or len(years) < 2:
        return pl.DataFrame(schema=schema)
    codes = np.searchsorted(np.asarray(years), years_of_rows)
    counts = np.zeros((len(years), len(labelled.labels)))
    np.add.at(counts, codes, labelled.indicator)
    sizes = np.bincount(codes, minlength=len(years)).astype(np.float64)
    z, used, peak, share_before, share_after, z_one = _step_scores(counts, sizes, window=window)
    flagged, step_z, steps = _flags(counts, sizes, z, peak, z_one, alpha=level)
    n_labels = len(labelled.labels)
    n_before = np.zeros_like(z)
    n_after = np.zeros_like(z)
    for i in range(1, len(years)):
        for column in range(n_labels):
            w = int(used[i - 1, column])
            n_before[i - 1, column] = sizes[max(0, i - w) : i].sum()
            n_after[i - 1, column] = sizes[i : min(len(years), i + w)].sum()
    frame = pl.DataFrame(
        {
            "year": np.repeat(np.asarray(years[1:]), n_labels),
            label_col: labelled.labels * (len(years) - 1),
            "n_before": n_before.ravel(),
            "n_after": n_after.ravel(),
            "share_before": share_before.ravel(),
            "share_after": share_after.ravel(),
            "change": (share_after - share_before).ravel(),
            "z": z.ravel(),
            "window": used.ravel(),
            "direction": np.where(np.where(steps, step_z, z).ravel() >= 0, "rising", "falling"),
            "is_peak": peak.ravel(),
            "step_z": pl.Series(step_z.ravel(), dtype=pl.Float64, nan_to_null=True),
            "is_step": steps.ravel(),
            "is_significant": flagged.ravel(),
        }
    )
    return frame.cast(schema).select(list(schema)).sort("year", label_col)
