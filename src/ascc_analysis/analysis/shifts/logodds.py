"""Year-on-year shifts stage: the weighted log-odds ratio of each term between two groups (Monroe et al. 2008).

Reads a ``group, term, n`` counts frame (:func:`~ascc_analysis.analysis.shifts.terms.term_counts`) and returns, for
two of its groups, each term's log-odds ratio with an informative Dirichlet prior, its variance and z-score. The
z-scores are not calibrated for year-on-year comparisons: :func:`~ascc_analysis.analysis.shifts.term_shifts.top_shifts`
is.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ascc_analysis.analysis.shifts.common import _check_positive
from ascc_analysis.analysis.shifts.term_shifts import DEFAULT_PRIOR_SCALE
from ascc_analysis.analysis.shifts.terms import _pair

LOG_ODDS_SCHEMA = pl.Schema(
    {
        "term": pl.String(),
        "n_a": pl.Int64(),
        "n_b": pl.Int64(),
        "delta": pl.Float64(),
        "variance": pl.Float64(),
        "z": pl.Float64(),
    }
)


def log_odds(
    counts: pl.DataFrame,
    group_a: object,
    group_b: object,
    *,
    prior_scale: float = DEFAULT_PRIOR_SCALE,
) -> pl.DataFrame:
    """Weighted log-odds ratio of each term, group b against group a, with an informative Dirichlet prior.

    Monroe, Colaresi & Quinn (2008), "Fightin' Words", eqs. 16–22. With y_w^g the count of term w in group g,
    n_g = Σ_w y_w^g, and the prior taken from all groups of ``counts``::

        α_0 = prior_scale · (n_a + n_b) / 2          α_w = α_0 · y_w^all / n_all
        δ_w = log[(y_w^b + α_w) / (n_b + α_0 − y_w^b − α_w)] − log[(y_w^a + α_w) / (n_a + α_0 − y_w^a − α_w)]
        σ²_w ≈ 1 / (y_w^b + α_w) + 1 / (y_w^a + α_w)          z_w = δ_w / σ_w

    A positive z means the term is more frequent in b. The variance assumes tokens are drawn independently; in
    short statements a term's tokens cluster in paragraphs, so |z| of 4–6 occur between years where nothing
    changed: use :func:`top_shifts` for calibrated year-on-year shifts.

    Args:
        counts: ``group, term, n`` (:func:`term_counts`).
        group_a: The reference group (for example the earlier year).
        group_b: The group compared with it.
        prior_scale: Weight of the prior in mean group sizes (> 0); 1 lets the prior count as much as one group.

    Returns:
        ``term, n_a, n_b, delta, variance, z`` for every term of a or b, sorted by z (descending), then term.

    Raises:
        ParameterError: ``counts`` is empty, a group is not in it, the groups are equal, or ``prior_scale`` is not
            a finite number > 0.
        SchemaError: ``counts`` lacks a column.
    """
    scale = _check_positive("prior_scale", prior_scale)
    terms, y_a, y_b = _pair(counts, group_a, group_b)
    totals = counts.group_by("term").agg(pl.col("n").sum()).sort("term")
    all_terms = totals.get_column("term").to_numpy().astype(np.str_)
    all_n = totals.get_column("n").to_numpy().astype(np.float64)
    y_all = all_n[np.searchsorted(all_terms, terms)]
    n_a, n_b = float(y_a.sum()), float(y_b.sum())
    alpha_0 = scale * (n_a + n_b) / 2.0
    alpha = alpha_0 * y_all / float(all_n.sum())
    delta = np.log((y_b + alpha) / (n_b + alpha_0 - y_b - alpha)) - np.log(
        (y_a + alpha) / (n_a + alpha_0 - y_a - alpha)
    )
    variance = 1.0 / (y_b + alpha) + 1.0 / (y_a + alpha)
    frame = pl.DataFrame(
        {
            "term": pl.Series(terms, dtype=pl.String),
            "n_a": y_a.astype(np.int64),
            "n_b": y_b.astype(np.int64),
            "delta": delta,
            "variance": variance,
            "z": delta / np.sqrt(variance),
        }
    )
    return frame.sort(["z", "term"], descending=[True, False]).cast(LOG_ODDS_SCHEMA)
