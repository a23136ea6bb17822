"""Year-on-year shifts stage: rises, falls, arrivals and disappearances of a label's share, with calibrated flags.

Reads one row per paragraph and label (each paragraph's dominant topic, or ``paragraph_themes``) and ``documents``
and returns, for every year and label, the change in the label's share of paragraphs scored as a two-proportion z
over a window of one or two years on each side, with the changes that pass a threshold calibrated on the planted
design family (:mod:`ascc_analysis.testing.family`) flagged. Rises and falls are scored the same way: a topic that
steps down or disappears is a shift as much as one that arrives. ``_step_scores`` is the pure array core that the
power table (:mod:`~ascc_analysis.analysis.shifts.power`) simulates with.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import stats

from ascc_analysis.analysis.shifts.common import _check_int, _check_unit_interval
from ascc_analysis.analysis.shifts.shares import _labelled
from ascc_analysis.errors import ParameterError

DEFAULT_ALPHA = 0.05
"""Family-wise level per year (Bonferroni over labels) at which :func:`share_shifts` flags a change; calibrated on the
design family so that at most one null year in ten has a flag (see :func:`share_shifts`)."""
DEFAULT_WINDOW = 2
"""Years on each side of a change that :func:`share_shifts` pools at most."""
MAX_WINDOW = 5
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

    **Flag.** ``is_significant``: a peak whose two-sided p-value is at most ``alpha`` / (number of labels).

    **Calibration** (``benchmarks/bench_family.py --calibrate --seeds 0 1 2 3 4``): on the planted design family
    (:func:`ascc_analysis.testing.family.family_designs` in its first version, 100 designs, true paragraph labels;
    benchmarks/README.md has the table), α was chosen on a
    grid (0.0005–0.2) and windows of 2, 3 and 4 years. With a 2-year window, α = 0.1 is the largest level keeping
    at most 10% of null years (no planted share moves) flagged at two statements a year (8.75%); α = 0.05 is
    kept for a margin and because it holds 10% at every number of statements (5.0% of null years at two
    statements a year, 8.75% at eight). Wider windows find a few more steps at two statements a year (43–46%
    against 37–46%) but flag smooth trends across null years (12–33% at eight statements), so the window stays
    at 2. At α = 0.05 the family's planted shifts are found in 46% of cases at two statements a year and 91% at
    eight: most planted steps move a topic by 0.10–0.15 of the paragraphs, under what two statements a year can
    show. The smallest change found 80% of the time is in the power table
    (:func:`ascc_analysis.analysis.shifts.power.read_power_table`); smaller changes cannot be told from noise at
    that amount of text. Paragraphs are treated as independent draws: read a flagged change with its evidence.

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
        window, direction`` (``"rising"``/``"falling"``), ``is_peak, is_significant``; one row per year (from the
        second) and label, sorted by year and label.

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
    flagged = _significant(z, peak, z_one, alpha=level, n_labels=len(labelled.labels))
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
            "direction": np.where(z.ravel() >= 0, "rising", "falling"),
            "is_peak": peak.ravel(),
            "is_significant": flagged.ravel(),
        }
    )
    return frame.cast(schema).select(list(schema)).sort("year", label_col)
