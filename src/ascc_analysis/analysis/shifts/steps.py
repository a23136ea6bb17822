"""Year-on-year shifts stage: rises, falls, arrivals and disappearances of a label's share, with calibrated flags.

Reads one row per paragraph and label (each paragraph's dominant topic, or ``paragraph_themes``) and ``documents``
and returns, for every year and label, the change in the label's share of paragraphs scored as a two-proportion z
over a window of one or two years on each side, each label's best single split of all its years tested as a
lasting step and its best window of one to three years as a rise and fall; the changes that pass thresholds
calibrated on the planted design family (:mod:`ascc_analysis.testing.family`) are flagged. Rises and falls are
scored the same way: a topic that steps down or disappears is a shift as much as one that arrives.
``_step_scores`` and ``_flags`` are the pure array core that the power table
(:mod:`~ascc_analysis.analysis.shifts.power`) simulates with.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import stats

from ascc_analysis.analysis.shifts.common import _check_int, _check_unit_interval
from ascc_analysis.analysis.shifts.shares import _labelled
from ascc_analysis.errors import ParameterError

DEFAULT_ALPHA = 0.03
"""Family-wise level per year (Bonferroni over labels) at which :func:`share_shifts` flags a windowed change;
calibrated on the design family, with the segment tests, so that at most one null year in ten has a flag (see
:func:`share_shifts`)."""
DEFAULT_WINDOW = 2
"""Years on each side of a change that :func:`share_shifts` pools at most."""
MAX_WINDOW = 5
SEGMENT_MIN_Z = 3.0
"""A lasting step (the best single split of a label's years) is flagged when its two-proportion |z| is at least this"""
SEGMENT_MARGIN = 4.0
"""and the split fits the yearly shares better than a straight line or a quadratic curve by this much (χ² units)."""
PULSE_MAX_YEARS = 3
"""A rise and fall (a subject of a few years) lasts one to this many years;"""
PULSE_MIN_Z = 4.0
"""it is flagged when the z of its years against all the others is at least this in size"""
PULSE_MARGIN = 16.0
"""and it fits the yearly shares better than a line, a quadratic and a single split by this much (χ² units)."""
_QUADRATIC_PENALTY = 2.0  # χ² units charged for the quadratic's extra parameter
_BREAK_PENALTY = 2.0  # χ² units charged for a window's second break against a single split
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
    "pulse_z": pl.Float64(),
    "is_pulse": pl.Boolean(),
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


class _Segments(NamedTuple):
    """Per label: its best single split of the years and its best short-lived window (see :func:`_segments`)."""

    split: NDArray[np.int64]  # year index of the split (>= 1; 0 when there are fewer than four years)
    split_z: NDArray[np.float64]
    is_step: NDArray[np.bool_]
    pulse_first: NDArray[np.int64]  # first year index of the window (>= 1; 0 when none)
    pulse_last: NDArray[np.int64]  # its last year index (< n_years - 1: a year follows it)
    pulse_z: NDArray[np.float64]  # z of the window against every other year (> 0: the label rose in it)
    is_pulse: NDArray[np.bool_]


def _segments(counts: NDArray[np.float64], sizes: NDArray[np.float64]) -> _Segments:
    """Each label's best single split of its years (a lasting step) and best window of one to
    :data:`PULSE_MAX_YEARS` years (a rise and fall: a subject of a few years), each flagged or not.

    Every model is fitted to the yearly shares p̂_y with the residual ``Σ_y n_y (p̂_y − fit_y)² / (p̄ (1 − p̄))``
    (χ² units, p̄ the label's share over all years):

    * *smooth*: the better of a straight line and a quadratic curve (weighted least squares; the quadratic charged
      :data:`_QUADRATIC_PENALTY`);
    * *split* before year index i: one level before, another from i; the best i has the smallest residual;
    * *window* of years [a, b] (a ≥ 1 and b before the last year, so that years come before and after it): one level
      inside, another outside; the best window has the smallest residual.

    The split is a **lasting step** when it beats the smooth fit by :data:`SEGMENT_MARGIN` and the two-proportion z
    of all the years before against all the years from it is at least :data:`SEGMENT_MIN_Z` in size: a smooth rise
    or decline is fitted by the line or the curve as well as by a split, and a step that lasts uses every year on
    each side. The window is a **rise and fall** when it beats both the smooth fit and the split (charged
    :data:`_BREAK_PENALTY` for its second break) by :data:`PULSE_MARGIN` and the z of its years against all the
    others is at least :data:`PULSE_MIN_Z` in size; it is reported at its first year and at the year after it.
    Fewer than four years give neither.
    """
    n_years, n_labels = counts.shape
    none = np.zeros(n_labels, dtype=np.int64)
    if n_years < 4:
        flat, no = np.zeros(n_labels), np.zeros(n_labels, dtype=bool)
        return _Segments(none, flat, no, none, none, flat, no)
    shares = counts / sizes[:, None]
    overall = counts.sum(axis=0) / sizes.sum()
    variance = np.maximum(overall * (1.0 - overall), 1e-6)
    position = np.arange(n_years, dtype=np.float64)
    position = (position - position.mean()) / position.std()
    root = np.sqrt(sizes)[:, None]

    def residual(design: NDArray[np.float64]) -> NDArray[np.float64]:
        beta, *_ = np.linalg.lstsq(design * root, shares * root, rcond=None)
        return np.asarray((((shares - design @ beta) * root) ** 2).sum(axis=0) / variance)

    def two_levels(inside: NDArray[np.bool_]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Residual of one level inside and one outside, and the z of inside against outside."""
        n_in, n_out = float(sizes[inside].sum()), float(sizes[~inside].sum())
        k_in, k_out = counts[inside].sum(axis=0), counts[~inside].sum(axis=0)
        levels = np.where(inside[:, None], k_in / n_in, k_out / n_out)
        spread = ((shares - levels) ** 2 * sizes[:, None]).sum(axis=0) / variance
        return np.asarray(spread), _two_proportion_z(k_out, n_out, k_in, n_in)

    ones = np.ones(n_years)
    smooth = np.minimum(
        residual(np.column_stack([ones, position])),
        residual(np.column_stack([ones, position, position**2])) + _QUADRATIC_PENALTY,
    )
    years = np.arange(n_years)
    split_fit = np.full(n_labels, np.inf)
    split, split_z = none.copy(), np.zeros(n_labels)
    for i in range(1, n_years):
        spread, z = two_levels(years >= i)
        better = spread < split_fit
        split_fit, split = np.where(better, spread, split_fit), np.where(better, i, split)
        split_z = np.where(better, z, split_z)
    is_step = (smooth - split_fit >= SEGMENT_MARGIN) & (np.abs(split_z) >= SEGMENT_MIN_Z)

    pulse_fit = np.full(n_labels, np.inf)
    first, last, pulse_z = none.copy(), none.copy(), np.zeros(n_labels)
    for start in range(1, n_years - 1):
        for end in range(start, min(start + PULSE_MAX_YEARS, n_years - 1)):
            spread, z = two_levels((years >= start) & (years <= end))
            better = spread < pulse_fit
            pulse_fit = np.where(better, spread, pulse_fit)
            first, last = np.where(better, start, first), np.where(better, end, last)
            pulse_z = np.where(better, z, pulse_z)
    alternative = np.minimum(smooth, split_fit + _BREAK_PENALTY)
    is_pulse = (alternative - pulse_fit >= PULSE_MARGIN) & (np.abs(pulse_z) >= PULSE_MIN_Z)
    return _Segments(split, split_z, is_step, first, last, pulse_z, is_pulse)


class _Flagged(NamedTuple):
    """The flags of :func:`share_shifts`, each ``(n_years − 1, n_labels)`` (row i − 1: the change into year i)."""

    significant: NDArray[np.bool_]
    step_z: NDArray[np.float64]  # NaN but at a label's best split
    is_step: NDArray[np.bool_]
    pulse_z: NDArray[np.float64]  # NaN but at the first year of a label's best window and the year after it
    is_pulse: NDArray[np.bool_]
    rising: NDArray[np.bool_]  # the direction of the flag (of the windowed z where nothing else flags)


def _flags(
    counts: NDArray[np.float64],
    sizes: NDArray[np.float64],
    z: NDArray[np.float64],
    peak: NDArray[np.bool_],
    z_one: NDArray[np.float64],
    *,
    alpha: float,
) -> _Flagged:
    """The flags of :func:`share_shifts` from the windowed scores of :func:`_step_scores` (``z``, ``peak``,
    ``z_one``) and the label's segments (:func:`_segments`)."""
    windowed = _significant(z, peak, z_one, alpha=alpha, n_labels=counts.shape[1])
    segments = _segments(counts, sizes)
    step_z, pulse_z = np.full_like(z, np.nan), np.full_like(z, np.nan)
    steps, pulses = np.zeros_like(windowed), np.zeros_like(windowed)
    sign = np.sign(z)
    for column in np.flatnonzero(segments.split > 0):
        row = segments.split[column] - 1
        step_z[row, column] = segments.split_z[column]
        steps[row, column] = segments.is_step[column]
        if segments.is_step[column]:
            sign[row, column] = np.sign(segments.split_z[column])
    for column in np.flatnonzero(segments.pulse_first > 0):
        value = segments.pulse_z[column]
        for row, signed in ((segments.pulse_first[column] - 1, value), (segments.pulse_last[column], -value)):
            pulse_z[row, column] = signed
            pulses[row, column] = segments.is_pulse[column]
            if segments.is_pulse[column]:
                sign[row, column] = np.sign(signed)
    return _Flagged(windowed | steps | pulses, step_z, steps, pulse_z, pulses, sign >= 0)


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

    **Lasting steps and rises and falls** (:func:`_segments`). A change that lasts is tested on every year: each
    label's best single split of its years (one level before, another from the split) is a lasting step
    (``is_step``) when it fits the yearly shares better than a straight line or a quadratic curve by
    :data:`SEGMENT_MARGIN` (χ² units) and the two-proportion z of all the years before against all the years from
    it (``step_z``) is at least :data:`SEGMENT_MIN_Z` in size; a smooth rise or decline is fitted by the line or the
    curve as well as by a split, so it is not a step. A subject of one to three years (a pandemic, a one-off
    priority) is tested as a whole: each label's best window of one to :data:`PULSE_MAX_YEARS` years against all
    the other years is a rise and fall (``is_pulse``, flagged at its first year and at the year after it, with
    ``pulse_z``) when it beats the line, the curve and the split by :data:`PULSE_MARGIN` and its z is at least
    :data:`PULSE_MIN_Z` in size: a few paragraphs in one year, where the label never occurs otherwise, stand out
    against every other year even when they do not against the year before.

    **Flag.** ``is_significant``: a peak whose two-sided p-value is at most ``alpha`` / (number of labels), a
    lasting step at its year, or a rise and fall at its first year and the year after it.

    **Calibration** (``benchmarks/bench_family.py --calibrate``; benchmarks/README.md has the tables): on the
    planted design family (:func:`ascc_analysis.testing.family.family_designs`, designs with two or more statements
    a year, true paragraph labels), α and the thresholds of the two segment tests were chosen on seeds 0–4 (80
    designs) so that at most one null year in ten (no planted share moves) has a flag: α = 0.03, steps at z ≥ 3
    with a margin of 4, rises and falls at z ≥ 4 with a margin of 16 find 79% of the planted shifts with 8% of null
    years flagged (83% and 9% on seeds 5–9, run afterwards; the windowed score alone at α = 0.05: 66% and 9%).
    Wider windows find a few more steps but flag smooth trends across null years, so the window stays at 2. Most
    planted steps move a topic by 0.10–0.15 of the paragraphs, under what two statements a year can show: the
    smallest change found 80% of the time is in the power table
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
        window, direction`` (``"rising"``/``"falling"``; of ``step_z`` on a lasting step and of ``pulse_z`` on a
        rise and fall), ``is_peak``, ``step_z`` (null but at the label's best split), ``is_step``, ``pulse_z`` (null
        but at the first year of the label's best window and the year after it), ``is_pulse, is_significant``; one
        row per year (from the second) and label, sorted by year and label.

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
    flags = _flags(counts, sizes, z, peak, z_one, alpha=level)
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
            "direction": np.where(flags.rising.ravel(), "rising", "falling"),
            "is_peak": peak.ravel(),
            "step_z": pl.Series(flags.step_z.ravel(), dtype=pl.Float64, nan_to_null=True),
            "is_step": flags.is_step.ravel(),
            "pulse_z": pl.Series(flags.pulse_z.ravel(), dtype=pl.Float64, nan_to_null=True),
            "is_pulse": flags.is_pulse.ravel(),
            "is_significant": flags.significant.ravel(),
        }
    )
    return frame.cast(schema).select(list(schema)).sort("year", label_col)
