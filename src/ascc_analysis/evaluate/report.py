"""The scores as the fixed plain-text report ``ascc evaluate`` prints."""

from __future__ import annotations

import logging
from collections import Counter

import polars as pl

from ascc_analysis.errors import ParameterError
from ascc_analysis.evaluate.gold import _METADATA_SCHEMA, _METRICS_SCHEMA, METADATA_FIELDS, MISMATCH_KINDS
from ascc_analysis.evaluate.scoring import Scores

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------- report


def format_scores(scores: Scores, *, name: str, max_mismatches: int = 20) -> str:
    """A plain-text report of scores: an aligned table of the metrics, then the first mismatches.

    The layout is fixed (same columns, widths and order for any gold file), for example::

        Extraction scores: ascc-council-32
        metric             value  n_gold  n_pred  n_match
        title_precision   0.6667       3       3        2
        ...
        mismatches: 2 (missed 1, spurious 1, wrong_type 0, wrong_status 0)
          p04  missed        ASEAN Declaration on ...  ->  -

    Where metadata was scored (gold files with ``document``/``metadata`` blocks), a second table follows: the
    outcome counts per field (fields without a ``documents`` column are shown as not extracted), a total over the
    scored fields, and the first wrong, missed and guessed values (``field  outcome  expected  ->  found``).

    Args:
        scores: Scores of one file or of several (:func:`combine_scores`).
        name: What was scored (a gold file's stem, "all gold files", ...), shown in the first line.
        max_mismatches: How many mismatches to list; the rest are counted.

    Returns:
        The report, lines joined by newlines, ending in a newline.

    Raises:
        ParameterError: ``max_mismatches`` is negative.
    """
    if max_mismatches < 0:
        raise ParameterError(f"max_mismatches must be 0 or more, got {max_mismatches}")
    lines = [f"Extraction scores: {name}", f"{'metric':<16} {'value':>7} {'n_gold':>7} {'n_pred':>7} {'n_match':>8}"]
    for metric, value, n_gold, n_pred, n_match in scores.metrics.select(_METRICS_SCHEMA.names()).rows():
        shown = "n/a" if value is None else f"{value:.4f}"
        lines.append(f"{metric:<16} {shown:>7} {n_gold:>7} {n_pred:>7} {n_match:>8}")
    mismatches = scores.mismatches
    kind_counts = Counter(mismatches.get_column("kind").to_list())
    lines.append(
        f"mismatches: {mismatches.height} ("
        + ", ".join(f"{kind} {kind_counts.get(kind, 0)}" for kind in MISMATCH_KINDS)
        + ")"
    )
    multiple_sources = mismatches.get_column("source").n_unique() > 1
    for source, kind, para_no, expected, found in mismatches.head(max_mismatches).rows():
        where = f"{source} p{para_no:02d}" if multiple_sources else f"p{para_no:02d}"
        lines.append(f"  {where}  {kind:<12}  {expected or '-'}  ->  {found or '-'}")
    if mismatches.height > max_mismatches:
        lines.append(f"  ... and {mismatches.height - max_mismatches} more")
    if scores.metadata.height:
        lines.extend(_format_metadata(scores.metadata, max_errors=max_mismatches))
    return "\n".join(lines) + "\n"


_METADATA_ERRORS = ("wrong", "missed", "guessed")


def _format_metadata(metadata: pl.DataFrame, *, max_errors: int) -> list[str]:
    """The metadata part of :func:`format_scores`: outcome counts per field, then the first errors."""
    counted = ("correct", "wrong", "missed", "guessed", "both_empty")
    lines = [f"{'metadata':<20}" + "".join(f" {outcome:>10}" for outcome in counted)]
    totals: Counter[str] = Counter()
    for name in METADATA_FIELDS:
        rows = metadata.filter(pl.col("field") == name)
        if not rows.height:
            continue
        counts = Counter(rows.get_column("outcome").to_list())
        if counts.get("not_extracted"):
            stated = rows.filter(pl.col("expected").is_not_null()).height
            lines.append(f"{name:<20} not extracted (gold: {stated} stated, {rows.height - stated} null)")
            continue
        totals.update(counts)
        lines.append(f"{name:<20}" + "".join(f" {counts.get(outcome, 0):>10}" for outcome in counted))
    lines.append(f"{'all scored fields':<20}" + "".join(f" {totals.get(outcome, 0):>10}" for outcome in counted))
    errors = metadata.filter(pl.col("outcome").is_in(_METADATA_ERRORS))
    error_counts = Counter(errors.get_column("outcome").to_list())
    lines.append(
        f"metadata errors: {errors.height} ("
        + ", ".join(f"{outcome} {error_counts.get(outcome, 0)}" for outcome in _METADATA_ERRORS)
        + ")"
    )
    multiple_sources = metadata.get_column("source").n_unique() > 1
    for source, name, outcome, expected, found in errors.head(max_errors).select(_METADATA_SCHEMA.names()).rows():
        where = f"{source} {name}" if multiple_sources else name
        lines.append(f"  {where}  {outcome:<8}  {expected or '-'}  ->  {found or '-'}")
    if errors.height > max_errors:
        lines.append(f"  ... and {errors.height - max_errors} more")
    return lines
