"""Network stage: the body ties of each year, and which ties are new, lost or continued from one year to the next.

:func:`yearly_ties` computes :func:`~ascc_analysis.analysis.networks.ties.body_ties` on each year's statements
(``documents`` dates them); :func:`tie_changes` compares consecutive years of such a table. Both return tidy polars
frames.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from ascc_analysis.analysis.networks.common import _TIE_COLUMNS, Provenance, _check_columns
from ascc_analysis.analysis.networks.ties import TIES_SCHEMA, Normalise, TieWeight, body_ties
from ascc_analysis.errors import ParameterError

YEARLY_TIES_SCHEMA = pl.Schema({"year": pl.Int32(), **TIES_SCHEMA})
TIE_CHANGES_SCHEMA = pl.Schema(
    {
        "year": pl.Int32(),
        "previous_year": pl.Int32(),  # the year compared with; null for the first year
        "body_a": pl.String(),
        "body_b": pl.String(),
        "change": pl.String(),  # new | lost | continued
        "weight": pl.Float64(),  # this year's weight; null when lost
        "previous_weight": pl.Float64(),  # the previous year's weight; null when new
    }
)


def yearly_ties(
    instrument_bodies: pl.DataFrame | None,
    documents: pl.DataFrame,
    *,
    body_mentions: pl.DataFrame | None = None,
    paragraphs: pl.DataFrame | None = None,
    weight: TieWeight = "shared_instruments",
    normalise: Normalise = "raw",
    provenance: Provenance = "all",
    min_confidence: float = 0.0,
) -> pl.DataFrame:
    """Compute :func:`body_ties` separately for each year of the corpus.

    Each year's ties (and their normalisation: ``s_i``, ``n``) use only that year's statements. Years with
    statements but no ties give no rows; pass ``years=`` to :func:`tie_changes` to count them.

    Args:
        instrument_bodies: As for :func:`body_ties`.
        documents: The ``documents`` table (``doc_id``, ``year``); its years are the slices.
        body_mentions: As for :func:`body_ties`.
        paragraphs: As for :func:`body_ties`.
        weight: As for :func:`body_ties`.
        normalise: As for :func:`body_ties`.
        provenance: As for :func:`body_ties`.
        min_confidence: As for :func:`body_ties`.

    Returns:
        A frame with the columns of :data:`YEARLY_TIES_SCHEMA`, sorted by ``year, body_a, body_b``.

    Raises:
        ParameterError: As for :func:`body_ties`.
        SchemaError: As for :func:`body_ties`, or ``documents`` lacks ``doc_id`` or ``year``.
    """
    _check_columns(documents, ("doc_id", "year"), table="documents")
    years = sorted(int(year) for year in documents.get_column("year").drop_nulls().unique())
    slices = [
        body_ties(
            instrument_bodies,
            body_mentions=body_mentions,
            paragraphs=paragraphs,
            weight=weight,
            normalise=normalise,
            provenance=provenance,
            min_confidence=min_confidence,
            years=(year, year),
            documents=documents,
        ).select(pl.lit(year, dtype=pl.Int32).alias("year"), pl.all())
        for year in years
    ]
    if not slices:
        return pl.DataFrame(schema=YEARLY_TIES_SCHEMA)
    return pl.concat(slices).cast(YEARLY_TIES_SCHEMA).sort("year", "body_a", "body_b")


def tie_changes(yearly: pl.DataFrame, *, years: Sequence[int] | None = None) -> pl.DataFrame:
    """Compare each year's ties with the previous year's: which are new, lost or continued.

    For consecutive years ``t₀ < t₁`` of ``years``, a pair tied in ``t₁`` and not in ``t₀`` is ``new``, tied in
    both is ``continued``, tied in ``t₀`` and not in ``t₁`` is ``lost`` (reported at ``t₁``). The first year has
    nothing before it: its ties are all ``new`` with a null ``previous_year``.

    Args:
        yearly: A frame with ``year``, ``body_a``, ``body_b`` and ``weight`` (as :func:`yearly_ties` returns).
        years: The years to compare, in any order; default the years present in ``yearly``. Give every year with
            a statement so that a year without ties counts its predecessor's ties as lost.

    Returns:
        A frame with the columns of :data:`TIE_CHANGES_SCHEMA`, sorted by ``year, body_a, body_b``.

    Raises:
        SchemaError: ``yearly`` lacks a needed column.
        ParameterError: ``yearly`` holds a year missing from ``years``.
    """
    _check_columns(yearly, ("year", *_TIE_COLUMNS), table="yearly ties")
    present = {int(year) for year in yearly.get_column("year").unique()}
    if years is None:
        ordered = sorted(present)
    else:
        ordered = sorted({int(year) for year in years})
        outside = sorted(present - set(ordered))
        if outside:
            raise ParameterError(f"years={list(years)!r} leaves out years {outside} that yearly holds; include them")
    slim = yearly.select(pl.col("year").cast(pl.Int32), "body_a", "body_b", pl.col("weight").cast(pl.Float64))
    frames: list[pl.DataFrame] = []
    previous: int | None = None
    for year in ordered:
        current = slim.filter(pl.col("year") == year).drop("year")
        if previous is None:
            changes = current.select(
                pl.lit(year, dtype=pl.Int32).alias("year"),
                pl.lit(None, dtype=pl.Int32).alias("previous_year"),
                "body_a",
                "body_b",
                pl.lit("new").alias("change"),
                "weight",
                pl.lit(None, dtype=pl.Float64).alias("previous_weight"),
            )
        else:
            before = slim.filter(pl.col("year") == previous).drop("year").rename({"weight": "previous_weight"})
            changes = current.join(before, on=["body_a", "body_b"], how="full", coalesce=True).select(
                pl.lit(year, dtype=pl.Int32).alias("year"),
                pl.lit(previous, dtype=pl.Int32).alias("previous_year"),
                "body_a",
                "body_b",
                pl.when(pl.col("previous_weight").is_null())
                .then(pl.lit("new"))
                .when(pl.col("weight").is_null())
                .then(pl.lit("lost"))
                .otherwise(pl.lit("continued"))
                .alias("change"),
                "weight",
                "previous_weight",
            )
        frames.append(changes)
        previous = year
    if not frames:
        return pl.DataFrame(schema=TIE_CHANGES_SCHEMA)
    return pl.concat(frames).cast(TIE_CHANGES_SCHEMA).sort("year", "body_a", "body_b")
