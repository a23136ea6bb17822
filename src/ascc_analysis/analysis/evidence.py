"""Analysis, evidence: the paragraphs behind each mark of a chart (a theme or topic in a year, a tie, a term).

Every function returns a tidy frame with the key columns of the mark it explains first (``theme_id, year``;
``topic_id, year``; ``body_a, body_b`` (and ``year``); ``body_id`` (and ``year``); ``term, year``), then one row per
paragraph behind that mark, in the columns of :data:`EVIDENCE_COLUMNS` not already in the key: ``para_id, doc_id,
year, meeting_body_id, weight, text`` — the paragraph's statement, its year and meeting body, how much it weighs on
the mark and its full text. Rows are sorted by the key, then by weight (heaviest first), then by ``para_id``, so
that the first rows of a mark are its best evidence and the output is byte-for-byte repeatable.

* :func:`theme_evidence` — paragraphs tagged with a theme, per year (weight: the theme's hits in the paragraph);
* :func:`topic_evidence_by_year` — paragraphs by topic weight θ_p(t) > 0, per year;
* :func:`tie_evidence` — paragraphs where a shared instrument is linked to either body of a tie (weight: how many
  of the tie's two bodies the paragraph links to its instruments), or the paragraphs naming both bodies;
* :func:`link_evidence` and :func:`instrument_evidence` — paragraphs linking a body to an instrument (weight: the
  link's confidence) and naming an instrument (weight: its mentions), for the bipartite network;
* :func:`body_evidence` — paragraphs naming a body, per year (weight: its mentions in the paragraph);
* :func:`term_evidence` — paragraphs using a term in a year (weight: the term's count in the paragraph), with the
  tokeniser of the shift and topic analyses.

The unit is the numbered paragraph (``level == "paragraph"``, sub-items included in its text), as in the trend
and shift analyses; the network functions also keep preamble blocks, where the networks find links too. Pure:
frames in, frames out; the report's plots cap and attach them to charts.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Literal

import numpy as np
import polars as pl

from ascc_analysis.analysis.networks.common import Provenance, _filter_links
from ascc_analysis.analysis.shifts.terms import _paragraph_matrix
from ascc_analysis.analysis.topics.model import TopicModel
from ascc_analysis.errors import ParameterError, SchemaError

log = logging.getLogger(__name__)

EVIDENCE_COLUMNS = pl.Schema(
    {
        "para_id": pl.String(),
        "doc_id": pl.String(),
        "year": pl.Int32(),
        "meeting_body_id": pl.String(),  # the statement's meeting body
        "weight": pl.Float64(),
        "text": pl.String(),
    }
)
"""The columns every evidence frame has after its mark's key columns (those not in the key: ``year`` often is)."""

TieUnit = Literal["shared_instruments", "co_mentions"]


def _require(frame: pl.DataFrame, columns: Sequence[str], *, table: str) -> None:
    missing = [name for name in columns if name not in frame.columns]
    if missing:
        raise SchemaError(f"{table}: missing column(s) {missing}; it has {frame.columns}")


def _context(paragraphs: pl.DataFrame, documents: pl.DataFrame, *, numbered_only: bool = True) -> pl.DataFrame:
    """Paragraphs (numbered ones, or every block) with their statement's year and body.

    Returns ``para_id, doc_id, year, meeting_body_id, text``.
    """
    _require(paragraphs, ("doc_id", "para_id", "level", "text"), table="paragraphs")
    _require(documents, ("doc_id", "year", "meeting_body_id"), table="documents")
    blocks = paragraphs.filter(pl.col("level") == "paragraph") if numbered_only else paragraphs
    rows = blocks.select(pl.col("para_id").cast(pl.String), pl.col("doc_id").cast(pl.String), "text")
    statements = documents.select(
        pl.col("doc_id").cast(pl.String),
        pl.col("year").cast(pl.Int32),
        pl.col("meeting_body_id").cast(pl.String),
    ).unique("doc_id", keep="first")
    unknown = rows.join(statements, on="doc_id", how="anti").get_column("doc_id").unique().sort().to_list()
    if unknown:
        raise SchemaError(
            f"paragraphs: doc_id(s) {unknown[:5]} are not in documents; every paragraph needs its statement"
        )
    return rows.join(statements, on="doc_id", how="left").select("para_id", "doc_id", "year", "meeting_body_id", "text")


def _finish(frame: pl.DataFrame, key: Sequence[str]) -> pl.DataFrame:
    """Key columns, then :data:`EVIDENCE_COLUMNS`, sorted by key, weight (descending) and para_id."""
    columns = [*key, *(name for name in EVIDENCE_COLUMNS if name not in key)]
    return (
        frame.with_columns(pl.col("weight").cast(pl.Float64), pl.col("year").cast(pl.Int32))
        .select(columns)
        .sort([*key, "weight", "para_id"], descending=[*([False] * len(key)), True, False])
    )


def _empty(key: pl.Schema) -> pl.DataFrame:
    return pl.DataFrame(schema=pl.Schema({**EVIDENCE_COLUMNS, **key})).select(
        *key, *(name for name in EVIDENCE_COLUMNS if name not in key)
    )


# ------------------------------------------------------------------------------------------ themes and topics


def theme_evidence(paragraph_themes: pl.DataFrame, paragraphs: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """The paragraphs behind each theme share of a year: the numbered paragraphs tagged with the theme.

    These are the paragraphs counted in ``n_tagged`` by :func:`ascc_analysis.analysis.topics.theme_shares` (by year).

    Args:
        paragraph_themes: The ``paragraph_themes`` table (``para_id, theme_id``, and ``n_hits`` if present).
        paragraphs: The ``paragraphs`` table (``doc_id, para_id, level, text``).
        documents: The ``documents`` table (``doc_id, year, meeting_body_id``).

    Returns:
        ``theme_id, year`` then :data:`EVIDENCE_COLUMNS`; ``weight`` is the number of the theme's terms found in the
        paragraph (1 where ``n_hits`` is absent). Statements without a year are left out.

    Raises:
        SchemaError: A table lacks a needed column, or a paragraph's statement is not in ``documents``.
    """
    _require(paragraph_themes, ("para_id", "theme_id"), table="paragraph_themes")
    hits = pl.col("n_hits") if "n_hits" in paragraph_themes.columns else pl.lit(1)
    tags = paragraph_themes.select(
        pl.col("para_id").cast(pl.String), pl.col("theme_id").cast(pl.String), weight=hits.cast(pl.Float64)
    ).unique(["para_id", "theme_id"], keep="first")
    rows = tags.join(_context(paragraphs, documents), on="para_id", how="inner").filter(pl.col("year").is_not_null())
    return _finish(rows, ("theme_id", "year"))


def topic_evidence_by_year(model: TopicModel, paragraphs: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """The paragraphs behind each topic's prevalence in a year: every paragraph of the year with weight θ_p(t) > 0.

    Args:
        model: A fitted topic model (its ``paragraph_topics``: ``para_id, doc_id, topic_id, weight``).
        paragraphs: The ``paragraphs`` table (``doc_id, para_id, level, text``).
        documents: The ``documents`` table (``doc_id, year, meeting_body_id``).

    Returns:
        ``topic_id, year`` then :data:`EVIDENCE_COLUMNS`, ``weight`` being θ_p(t); heaviest paragraphs first.

    Raises:
        SchemaError: A table lacks a needed column, or a paragraph's statement is not in ``documents``.
    """
    weights = model.paragraph_topics.filter(pl.col("weight") > 0).select(
        pl.col("para_id").cast(pl.String), pl.col("topic_id").cast(pl.String), "weight"
    )
    rows = weights.join(_context(paragraphs, documents), on="para_id", how="inner").filter(pl.col("year").is_not_null())
    return _finish(rows, ("topic_id", "year"))


# ------------------------------------------------------------------------------------------ networks


def tie_evidence(
    ties: pl.DataFrame,
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    instrument_bodies: pl.DataFrame | None = None,
    unit: TieUnit = "shared_instruments",
    provenance: Provenance = "all",
    min_confidence: float = 0.0,
) -> pl.DataFrame:
    """The paragraphs behind each tie between two bodies.

    With ``unit="shared_instruments"`` a tie's ``evidence`` lists the instruments linked to both bodies; its
    paragraphs are those where one of these instruments is linked (``instrument_bodies``) to either body, weighted by
    how many of the two bodies the paragraph links to them (2: the paragraph itself ties the bodies). With
    ``unit="co_mentions"`` the ``evidence`` lists the paragraphs naming both bodies (weight 2). A tie table with a
    ``year`` column (``networks.yearly_ties``) keeps, for each tie, the paragraphs of statements of that year.

    Args:
        ties: ``body_a, body_b, evidence`` (and ``year``), as ``networks.body_ties`` or ``networks.yearly_ties``.
        paragraphs: The ``paragraphs`` table (``doc_id, para_id, level, para_no, text``).
        documents: The ``documents`` table (``doc_id, year, meeting_body_id``).
        instrument_bodies: The ``instrument_bodies`` links the ties were computed from (needed for
            ``"shared_instruments"``).
        unit: What the ties' ``evidence`` lists: ``"shared_instruments"`` or ``"co_mentions"`` (para_ids), as the
            ``weight`` option of ``networks.body_ties``.
        provenance: The links kept, as for the ties: ``"explicit"``, ``"inferred"`` or ``"all"``.
        min_confidence: The lowest attribution confidence kept, as for the ties.

    Returns:
        ``body_a, body_b`` (``year, body_a, body_b`` for yearly ties) then :data:`EVIDENCE_COLUMNS`. A link in a
        sub-item counts for its numbered paragraph; a link in a preamble block is that block.

    Raises:
        ParameterError: ``unit`` or ``provenance`` is not a choice, ``min_confidence`` is not in [0, 1], or
            ``instrument_bodies`` is missing for shared instruments.
        SchemaError: A table lacks a needed column.
    """
    if unit not in ("shared_instruments", "co_mentions"):
        raise ParameterError(f"tie_evidence: unit={unit!r} is not one of 'shared_instruments', 'co_mentions'")
    _require(ties, ("body_a", "body_b", "evidence"), table="ties")
    yearly = "year" in ties.columns
    key = ("year", "body_a", "body_b") if yearly else ("body_a", "body_b")
    tie_year = [pl.col("year").cast(pl.Int32).alias("tie_year")] if yearly else []
    context = _context(paragraphs, documents, numbered_only=False)
    parent = _parent_paragraphs(paragraphs)
    exploded = ties.select("body_a", "body_b", *tie_year, unit_id=pl.col("evidence")).explode("unit_id")
    exploded = exploded.filter(pl.col("unit_id").is_not_null())
    if unit == "co_mentions":
        rows = (
            exploded.join(parent, left_on="unit_id", right_on="para_id", how="inner")
            .select("body_a", "body_b", *(["tie_year"] if yearly else []), para_id="parent_id", weight=pl.lit(2.0))
            .unique()
        )
    else:
        if instrument_bodies is None:
            raise ParameterError("tie_evidence: give instrument_bodies for ties through shared instruments")
        kept = _filter_links(
            instrument_bodies, provenance=provenance, min_confidence=min_confidence, years=None, documents=None
        )
        links = (
            kept.select(pl.col("para_id").cast(pl.String), pl.col("instrument_id").cast(pl.String), pl.col("body_id"))
            .join(parent, on="para_id", how="inner")
            .select("instrument_id", "body_id", para_id="parent_id")
            .unique()
        )
        both = pl.concat(
            [
                exploded.join(links, left_on=["unit_id", "body_a"], right_on=["instrument_id", "body_id"]).with_columns(
                    side=pl.lit("a")
                ),
                exploded.join(links, left_on=["unit_id", "body_b"], right_on=["instrument_id", "body_id"]).with_columns(
                    side=pl.lit("b")
                ),
            ]
        )
        rows = both.group_by("body_a", "body_b", *(["tie_year"] if yearly else []), "para_id").agg(
            weight=pl.col("side").n_unique().cast(pl.Float64)
        )
    rows = rows.join(context, on="para_id", how="inner")
    if yearly:
        rows = rows.filter(pl.col("year") == pl.col("tie_year")).drop("tie_year")
    return _finish(rows, key)


def link_evidence(
    instrument_bodies: pl.DataFrame,
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    *,
    provenance: Provenance = "all",
    min_confidence: float = 0.0,
) -> pl.DataFrame:
    """The paragraphs behind each body–instrument link of the bipartite network: where the statement makes it.

    Args:
        instrument_bodies: The ``instrument_bodies`` table.
        paragraphs: The ``paragraphs`` table (``doc_id, para_id, level, para_no, text``).
        documents: The ``documents`` table (``doc_id, year, meeting_body_id``).
        provenance: The links kept: ``"explicit"``, ``"inferred"`` or ``"all"`` (as for the network).
        min_confidence: The lowest attribution confidence kept.

    Returns:
        ``body_id, instrument_id`` then :data:`EVIDENCE_COLUMNS`, ``weight`` being the highest confidence of the
        paragraph's links; a sub-item counts for its numbered paragraph.

    Raises:
        ParameterError: ``provenance`` is not a choice or ``min_confidence`` is not in [0, 1].
        SchemaError: A table lacks a needed column.
    """
    kept = _filter_links(
        instrument_bodies, provenance=provenance, min_confidence=min_confidence, years=None, documents=None
    )
    rows = (
        kept.select(pl.col("para_id").cast(pl.String), "body_id", "instrument_id", "confidence")
        .join(_parent_paragraphs(paragraphs), on="para_id", how="inner")
        .group_by("body_id", "instrument_id", "parent_id")
        .agg(weight=pl.col("confidence").max())
        .rename({"parent_id": "para_id"})
        .join(_context(paragraphs, documents, numbered_only=False), on="para_id", how="inner")
    )
    return _finish(rows, ("body_id", "instrument_id"))


def instrument_evidence(
    instrument_mentions: pl.DataFrame, paragraphs: pl.DataFrame, documents: pl.DataFrame
) -> pl.DataFrame:
    """The paragraphs naming each instrument, over all years (a sub-item counts for its numbered paragraph).

    Args:
        instrument_mentions: The ``instrument_mentions`` table (``para_id, instrument_id``).
        paragraphs: The ``paragraphs`` table (``doc_id, para_id, level, para_no, text``).
        documents: The ``documents`` table (``doc_id, year, meeting_body_id``).

    Returns:
        ``instrument_id`` then :data:`EVIDENCE_COLUMNS`, ``weight`` being the number of times the paragraph names it.

    Raises:
        SchemaError: A table lacks a needed column.
    """
    _require(instrument_mentions, ("para_id", "instrument_id"), table="instrument_mentions")
    rows = (
        instrument_mentions.filter(pl.col("instrument_id").is_not_null())
        .select(pl.col("para_id").cast(pl.String), pl.col("instrument_id").cast(pl.String))
        .join(_parent_paragraphs(paragraphs), on="para_id", how="inner")
        .group_by("instrument_id", "parent_id")
        .agg(weight=pl.len().cast(pl.Float64))
        .rename({"parent_id": "para_id"})
        .join(_context(paragraphs, documents, numbered_only=False), on="para_id", how="inner")
    )
    return _finish(rows, ("instrument_id",))


def _parent_paragraphs(paragraphs: pl.DataFrame) -> pl.DataFrame:
    """``para_id → parent_id``: a sub-item's numbered paragraph; any other block (a preamble block too) itself."""
    _require(paragraphs, ("doc_id", "para_id", "level", "para_no"), table="paragraphs")
    parents = paragraphs.filter(pl.col("level") == "paragraph").select(
        "doc_id", "para_no", parent_id=pl.col("para_id").cast(pl.String)
    )
    return (
        paragraphs.select(pl.col("para_id").cast(pl.String), "doc_id", "para_no", "level")
        .join(parents, on=["doc_id", "para_no"], how="left")
        .select(
            "para_id",
            parent_id=pl.when(pl.col("level") == "sub_item")
            .then(pl.col("parent_id").fill_null(pl.col("para_id")))
            .otherwise(pl.col("para_id")),
        )
        .unique("para_id", keep="first")
    )


def body_evidence(
    body_mentions: pl.DataFrame, paragraphs: pl.DataFrame, documents: pl.DataFrame, *, per_year: bool = True
) -> pl.DataFrame:
    """The paragraphs naming each body, per year or over all years (a sub-item counts for its numbered paragraph).

    Args:
        body_mentions: The ``body_mentions`` table (``para_id, body_id``; generic references are left out).
        paragraphs: The ``paragraphs`` table (``doc_id, para_id, level, para_no, text``).
        documents: The ``documents`` table (``doc_id, year, meeting_body_id``).
        per_year: One mark per body and year (``body_id, year``), or per body over every year (``body_id``).

    Returns:
        ``body_id`` (the body named; ``body_id, year`` per year) then :data:`EVIDENCE_COLUMNS`, ``weight`` being the
        number of times the paragraph names the body.

    Raises:
        SchemaError: A table lacks a needed column.
    """
    _require(body_mentions, ("para_id", "body_id"), table="body_mentions")
    mentions = body_mentions.filter(pl.col("body_id").is_not_null())
    if "is_generic" in mentions.columns:
        mentions = mentions.filter(~pl.col("is_generic").fill_null(False))
    parent = _parent_paragraphs(paragraphs)
    counted = (
        mentions.select(pl.col("para_id").cast(pl.String), named_id=pl.col("body_id").cast(pl.String))
        .join(parent, on="para_id", how="inner")
        .group_by("named_id", "parent_id")
        .agg(weight=pl.len().cast(pl.Float64))
        .rename({"parent_id": "para_id"})
    )
    rows = counted.join(_context(paragraphs, documents, numbered_only=False), on="para_id", how="inner").filter(
        pl.col("year").is_not_null()
    )
    return _finish(rows.rename({"named_id": "body_id"}), ("body_id", "year") if per_year else ("body_id",))


# ------------------------------------------------------------------------------------------ terms


def term_evidence(
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    marks: pl.DataFrame,
    *,
    exclude: Sequence[str] | None = None,
) -> pl.DataFrame:
    """The paragraphs of a year that use a term, for each ``(term, year)`` of ``marks`` (a rising or falling term).

    Terms are those of the shift analyses (:func:`ascc_analysis.analysis.shifts.term_counts`: unigrams and bigrams
    after the stop words, by the topic model's analyser), so a paragraph listed here is one counted there.

    Args:
        paragraphs: The ``paragraphs`` table (``doc_id, para_id, level, text``).
        documents: The ``documents`` table (``doc_id, year, meeting_body_id``).
        marks: ``term, year``: the terms to explain and the year in which to look for each.
        exclude: para_ids left out of the analysis (carried-over paragraphs), or ``None``.

    Returns:
        ``term, year`` then :data:`EVIDENCE_COLUMNS`, ``weight`` being the term's count in the paragraph; a term not
        in the vocabulary has no rows.

    Raises:
        SchemaError: A table lacks a needed column, or a paragraph's statement is not in ``documents``.
    """
    _require(marks, ("term", "year"), table="marks")
    key = pl.Schema({"term": pl.String(), "year": pl.Int32()})
    matrix = _paragraph_matrix(paragraphs, documents, exclude=exclude)
    position = {str(term): index for index, term in enumerate(matrix.vocabulary)}
    years = matrix.years
    para_ids = matrix.rows.get_column("para_id").to_list()
    counts = matrix.counts.tocsc()
    found: dict[str, list[object]] = {"term": [], "year": [], "para_id": [], "weight": []}
    for term, year in marks.select(pl.col("term").cast(pl.String), pl.col("year").cast(pl.Int64)).unique().iter_rows():
        column = position.get(term)
        if column is None or year is None:
            continue
        start, end = counts.indptr[column], counts.indptr[column + 1]
        rows, values = counts.indices[start:end], counts.data[start:end]
        keep = years[rows] == year
        for row, value in zip(rows[keep].tolist(), np.asarray(values[keep]).tolist(), strict=True):
            found["term"].append(term)
            found["year"].append(year)
            found["para_id"].append(para_ids[row])
            found["weight"].append(float(value))
    if not found["term"]:
        return _empty(key)
    rows_frame = pl.DataFrame(
        found, schema={"term": pl.String(), "year": pl.Int32(), "para_id": pl.String(), "weight": pl.Float64()}
    )
    context = _context(paragraphs, documents).drop("year")
    return _finish(rows_frame.join(context, on="para_id", how="inner"), ("term", "year"))
