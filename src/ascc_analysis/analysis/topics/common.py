"""Topic trends stage, shared ground: the option checks and the paragraph rows that every topic figure counts.

Reads ``paragraphs`` and ``documents`` frames given by the caller and returns the rows of level ``"paragraph"``
(:func:`_paragraph_rows`) with their unit of aggregation, a year or a statement (:func:`_attach_units`). The checks
raise :class:`~ascc_analysis.errors.ParameterError` or :class:`~ascc_analysis.errors.SchemaError` with a message that
names the value and what would be accepted. Also used by :mod:`ascc_analysis.analysis.shifts`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Literal

import polars as pl

from ascc_analysis.errors import ParameterError, SchemaError

log = logging.getLogger(__name__)


By = Literal["year", "doc"]
TopicMethod = Literal["nmf", "lda"]


def _require_columns(frame: pl.DataFrame, columns: Sequence[str], *, table: str) -> None:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise SchemaError(f"{table}: missing column(s) {missing}; needs {list(columns)}, has {frame.columns}")


def _check_by(by: str) -> None:
    if by not in ("year", "doc"):
        raise ParameterError(f"by={by!r} is not accepted; use 'year' or 'doc'")


def _check_bootstrap(n_boot: int, ci: float) -> None:
    if isinstance(n_boot, bool) or not isinstance(n_boot, int) or n_boot < 1:
        raise ParameterError(f"n_boot={n_boot!r} is not accepted; use an integer >= 1")
    if not 0.0 < ci < 1.0:
        raise ParameterError(f"ci={ci!r} is not accepted; use a confidence level strictly between 0 and 1")


def _check_method(method: str) -> None:
    if method not in ("nmf", "lda"):
        raise ParameterError(f"method={method!r} is not accepted; use 'nmf' or 'lda'")


def _paragraph_rows(paragraphs: pl.DataFrame) -> pl.DataFrame:
    """The paragraph-level rows (``doc_id, para_id, text``), sorted by doc_id and para_id."""
    _require_columns(paragraphs, ("doc_id", "para_id", "level", "text"), table="paragraphs")
    return (
        paragraphs.filter(pl.col("level") == "paragraph")
        .select(pl.col("doc_id").cast(pl.String), pl.col("para_id").cast(pl.String), pl.col("text"))
        .sort("doc_id", "para_id")
    )


def _attach_units(rows: pl.DataFrame, documents: pl.DataFrame, *, by: By) -> pl.DataFrame:
    """Add the unit column (``year`` or ``doc_id``) to rows keyed by doc_id; rows of a year-less statement go."""
    _require_columns(documents, ("doc_id", "year"), table="documents")
    known = documents.select(pl.col("doc_id").cast(pl.String), pl.col("year").cast(pl.Int32))
    n_dupes = known.height - known.get_column("doc_id").n_unique()
    if n_dupes:
        raise SchemaError(f"documents: doc_id is not unique ({n_dupes} duplicate row(s)); one row per statement")
    unknown = rows.join(known, on="doc_id", how="anti").get_column("doc_id").unique().sort().to_list()
    if unknown:
        raise SchemaError(
            f"paragraphs: doc_id(s) {unknown[:5]} are not in documents; every paragraph needs its statement"
        )
    if by == "doc":
        return rows.with_columns(pl.col("doc_id").alias("unit")).sort("doc_id", "para_id")
    joined = rows.join(known, on="doc_id", how="left")
    yearless = joined.filter(pl.col("year").is_null()).get_column("doc_id").unique().sort().to_list()
    if yearless:
        log.warning("statements without a year are left out of yearly figures: %s", yearless)
    return joined.filter(pl.col("year").is_not_null()).rename({"year": "unit"}).sort("doc_id", "para_id")
