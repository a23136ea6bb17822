"""Network stage, shared ground: option checks, the year filter and the filtered body–instrument links.

The checks raise :class:`~ascc_analysis.errors.ParameterError` or :class:`~ascc_analysis.errors.SchemaError` with a
message that names the value and what would be accepted. :func:`_restrict_years` keeps the rows of a table whose
statement falls within a span of years (dated through ``documents``); :func:`_filter_links` returns the rows of
``instrument_bodies`` kept by provenance, confidence and years, which both the bipartite graph and the shared-instrument
ties are built from.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal, get_args

import polars as pl

from ascc_analysis.errors import ParameterError, SchemaError

Provenance = Literal["explicit", "inferred", "all"]
_LINK_COLUMNS = ("doc_id", "para_id", "instrument_id", "body_id", "provenance", "confidence")
_TIE_COLUMNS = ("body_a", "body_b", "weight")


def _check_choice(name: str, value: object, choices: Any) -> None:
    accepted = get_args(choices)
    if value not in accepted:
        raise ParameterError(f"{name}={value!r} is not accepted; use one of {list(accepted)}")


def _check_columns(frame: pl.DataFrame, columns: Iterable[str], *, table: str) -> None:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise SchemaError(f"{table}: missing columns {missing}; it has {frame.columns}")


def _check_confidence(min_confidence: float) -> None:
    if not 0.0 <= min_confidence <= 1.0:
        raise ParameterError(f"min_confidence={min_confidence!r} is not accepted; use a number from 0 to 1")


def _check_years(years: tuple[int, int] | None, documents: pl.DataFrame | None) -> None:
    if years is None:
        return
    if documents is None:
        raise ParameterError(f"years={years!r} needs the documents table (documents=...) to date each statement")
    if len(years) != 2 or years[0] > years[1]:
        raise ParameterError(f"years={years!r} is not accepted; give (first_year, last_year) with first <= last")


def _restrict_years(
    frame: pl.DataFrame, *, years: tuple[int, int] | None, documents: pl.DataFrame | None, table: str
) -> pl.DataFrame:
    """Keep the rows of ``frame`` whose statement (``doc_id``) falls within ``years``, both ends included."""
    _check_years(years, documents)
    if years is None or documents is None:
        return frame
    _check_columns(documents, ("doc_id", "year"), table="documents")
    doc_years = documents.select("doc_id", pl.col("year").cast(pl.Int32))
    unknown = sorted(set(frame.get_column("doc_id").unique().to_list()) - set(doc_years.get_column("doc_id")))
    if unknown:
        raise SchemaError(f"{table}: doc_id values {unknown[:5]} are not in documents; every statement must be dated")
    dated = frame.join(doc_years, on="doc_id", how="left")
    return dated.filter(pl.col("year").is_between(years[0], years[1])).drop("year")


def _filter_links(
    instrument_bodies: pl.DataFrame,
    *,
    provenance: Provenance,
    min_confidence: float,
    years: tuple[int, int] | None,
    documents: pl.DataFrame | None,
) -> pl.DataFrame:
    _check_choice("provenance", provenance, Provenance)
    _check_confidence(min_confidence)
    _check_columns(instrument_bodies, _LINK_COLUMNS, table="instrument_bodies")
    links = instrument_bodies.filter(pl.col("body_id").is_not_null(), pl.col("instrument_id").is_not_null())
    if provenance != "all":
        links = links.filter(pl.col("provenance") == provenance)
    links = links.filter(pl.col("confidence") >= min_confidence)
    return _restrict_years(links, years=years, documents=documents, table="instrument_bodies")
