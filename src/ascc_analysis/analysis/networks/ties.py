"""Network stage: ``instrument_bodies`` or ``body_mentions`` → the one-mode body–body tie table, and its backbone.

:func:`body_ties` ties two bodies through the instruments attributed to both, or the paragraphs naming both, raw or
normalised (Jaccard, association strength), each tie with its evidence; :func:`backbone` keeps the significant ties
of such a table (disparity filter, or each body's top k). Both return tidy polars frames.
"""

from __future__ import annotations

import logging
from typing import Literal

import polars as pl

from ascc_analysis.analysis.networks.common import (
    _TIE_COLUMNS,
    Provenance,
    _check_choice,
    _check_columns,
    _check_confidence,
    _filter_links,
    _restrict_years,
)
from ascc_analysis.errors import ParameterError, SchemaError

log = logging.getLogger(__name__)


TieWeight = Literal["shared_instruments", "co_mentions"]
Normalise = Literal["raw", "jaccard", "association"]
BackboneMethod = Literal["disparity", "top_k"]
TIES_SCHEMA = pl.Schema(
    {
        "body_a": pl.String(),  # body_a < body_b
        "body_b": pl.String(),
        "n_shared": pl.Int64(),  # c_ij: units (instruments or paragraphs) linked to both bodies
        "s_a": pl.Int64(),  # s_i: units linked to body_a
        "s_b": pl.Int64(),  # s_j: units linked to body_b
        "weight": pl.Float64(),  # c_ij, normalised as asked
        "evidence": pl.List(pl.String()),  # the shared instrument_ids (or para_ids), sorted
    }
)
_MENTION_COLUMNS = ("doc_id", "para_id", "body_id")


def _memberships_from_links(links: pl.DataFrame) -> pl.DataFrame:
    return links.select(pl.col("body_id"), unit=pl.col("instrument_id")).unique()


def _memberships_from_mentions(
    body_mentions: pl.DataFrame,
    paragraphs: pl.DataFrame | None,
    *,
    years: tuple[int, int] | None,
    documents: pl.DataFrame | None,
) -> pl.DataFrame:
    _check_columns(body_mentions, _MENTION_COLUMNS, table="body_mentions")
    mentions = body_mentions.filter(pl.col("body_id").is_not_null())
    if "is_generic" in mentions.columns:
        mentions = mentions.filter(~pl.col("is_generic").fill_null(False))
    mentions = _restrict_years(mentions, years=years, documents=documents, table="body_mentions")
    if paragraphs is None:
        return mentions.select("body_id", unit=pl.col("para_id")).unique()
    _check_columns(paragraphs, ("doc_id", "para_id", "level", "para_no"), table="paragraphs")
    parents = paragraphs.filter(pl.col("level") == "paragraph").select("doc_id", "para_no", parent_id=pl.col("para_id"))
    unit_of = (
        paragraphs.select("doc_id", "para_id", "level", "para_no")
        .join(parents, on=["doc_id", "para_no"], how="left")
        .select(
            "para_id",
            unit=pl.when(pl.col("level") == "sub_item")
            .then(pl.col("parent_id").fill_null(pl.col("para_id")))
            .otherwise(pl.col("para_id")),
        )
        .unique("para_id", keep="first")
    )
    unknown = sorted(set(mentions.get_column("para_id").unique()) - set(unit_of.get_column("para_id")))
    if unknown:
        raise SchemaError(f"body_mentions: para_id values {unknown[:5]} are not in paragraphs")
    return mentions.join(unit_of, on="para_id", how="left").select("body_id", "unit").unique()


def _ties_from_memberships(memberships: pl.DataFrame, *, normalise: Normalise) -> pl.DataFrame:
    """The body pairs sharing units, with c_ij, s_i, s_j, the normalised weight and the shared units."""
    sizes = memberships.group_by("body_id").agg(s=pl.len().cast(pl.Int64))
    n_units = memberships.get_column("unit").n_unique()
    pairs = (
        memberships.rename({"body_id": "body_a"})
        .join(memberships.rename({"body_id": "body_b"}), on="unit")
        .filter(pl.col("body_a") < pl.col("body_b"))
        .group_by("body_a", "body_b")
        .agg(n_shared=pl.len().cast(pl.Int64), evidence=pl.col("unit").sort())
        .join(sizes.rename({"body_id": "body_a", "s": "s_a"}), on="body_a")
        .join(sizes.rename({"body_id": "body_b", "s": "s_b"}), on="body_b")
    )
    c, s_a, s_b = pl.col("n_shared").cast(pl.Float64), pl.col("s_a"), pl.col("s_b")
    normalised = {
        "raw": c,
        "jaccard": c / (s_a + s_b - c),
        "association": n_units * c / (s_a * s_b),
    }[normalise]
    return pairs.with_columns(weight=normalised).select(list(TIES_SCHEMA)).cast(TIES_SCHEMA).sort("body_a", "body_b")


def body_ties(
    instrument_bodies: pl.DataFrame | None,
    *,
    body_mentions: pl.DataFrame | None = None,
    paragraphs: pl.DataFrame | None = None,
    weight: TieWeight = "shared_instruments",
    normalise: Normalise = "raw",
    provenance: Provenance = "all",
    min_confidence: float = 0.0,
    years: tuple[int, int] | None = None,
    documents: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Tie bodies to each other through the instruments or the paragraphs they share.

    A *unit* is an instrument (``weight="shared_instruments"``: the distinct instruments attributed to each body
    in ``instrument_bodies``) or a paragraph (``weight="co_mentions"``: the distinct paragraphs naming each body in
    ``body_mentions``; generic references are ignored; with ``paragraphs``, a lettered sub-item counts as part of
    its numbered paragraph). Then, for bodies *i* < *j*::

        c_ij = |units(i) ∩ units(j)|        (n_shared)
        s_i  = |units(i)|                   (s_a, s_b)
        raw:          w_ij = c_ij
        jaccard:      w_ij = c_ij / (s_i + s_j − c_ij)
        association:  w_ij = n · c_ij / (s_i · s_j)

    where *n* is the number of units linked to at least one body. Association strength (van Eck & Waltman 2009)
    is the ratio of the observed co-occurrence to the one expected if bodies picked units independently, so 1
    means "as often as chance" whatever the bodies' sizes. Only pairs with ``c_ij ≥ 1`` are rows.

    Args:
        instrument_bodies: The ``instrument_bodies`` table (unused, may be ``None``, for co-mentions).
        body_mentions: The ``body_mentions`` table; needed for ``weight="co_mentions"``.
        paragraphs: The ``paragraphs`` table, to count sub-items with their paragraph (co-mentions only).
        weight: ``"shared_instruments"`` or ``"co_mentions"``.
        normalise: ``"raw"``, ``"jaccard"`` or ``"association"``.
        provenance: Keep ``"explicit"``, ``"inferred"`` or ``"all"`` links (shared instruments only).
        min_confidence: Keep links with at least this confidence (shared instruments only).
        years: Keep statements of these years, ``(first, last)`` both included; needs ``documents``.
        documents: The ``documents`` table, to date each statement when ``years`` is given.

    Returns:
        A frame with the columns of :data:`TIES_SCHEMA`, one row per tied pair, sorted by ``body_a, body_b``;
        ``evidence`` lists the shared ``instrument_id`` (or ``para_id``) values.

    Raises:
        ParameterError: An option is unknown or out of range, or the table the weight needs is not given.
        SchemaError: A table lacks a needed column, a statement is not in ``documents``, or a mentioned
            paragraph is not in ``paragraphs``.
    """
    _check_choice("weight", weight, TieWeight)
    _check_choice("normalise", normalise, Normalise)
    if weight == "shared_instruments":
        if instrument_bodies is None:
            raise ParameterError("weight='shared_instruments' needs the instrument_bodies table; none was given")
        links = _filter_links(
            instrument_bodies, provenance=provenance, min_confidence=min_confidence, years=years, documents=documents
        )
        memberships = _memberships_from_links(links)
    else:
        if body_mentions is None:
            raise ParameterError("weight='co_mentions' needs the body_mentions table (body_mentions=...)")
        _check_choice("provenance", provenance, Provenance)
        _check_confidence(min_confidence)
        memberships = _memberships_from_mentions(body_mentions, paragraphs, years=years, documents=documents)
    ties = _ties_from_memberships(memberships, normalise=normalise)
    log.debug("body ties (%s, %s): %d pairs", weight, normalise, ties.height)
    return ties


def backbone(
    ties: pl.DataFrame,
    *,
    method: BackboneMethod = "disparity",
    alpha: float = 0.05,
    k: int = 3,
) -> pl.DataFrame:
    """Keep the backbone of a weighted tie table.

    For node *i* with degree ``k_i`` and strength ``s_i = Σ_j w_ij``, the disparity filter (Serrano, Boguñá &
    Vespignani 2009) scores each of its edges by::

        p_ij = w_ij / s_i
        α_ij = (1 − p_ij) ^ (k_i − 1)

    the probability, under a null model where the node's strength is split uniformly at random among its edges,
    of an edge at least this heavy. The ``alpha_ij`` column is the smaller of the two endpoints' scores (a node
    of degree 1 scores its edge 1, so such an edge is kept only if the other endpoint finds it significant).

    * ``"disparity"`` keeps edges with ``alpha_ij < alpha``;
    * ``"top_k"`` keeps, for each node, its ``k`` heaviest edges (ties broken by the other endpoint's id) and
      keeps an edge chosen by either endpoint.

    Args:
        ties: A tie table with ``body_a``, ``body_b`` and a positive ``weight`` (as :func:`body_ties` returns);
            other columns are kept.
        method: ``"disparity"`` or ``"top_k"``.
        alpha: Significance level of the disparity filter, in (0, 1].
        k: Edges kept per node by ``"top_k"``, at least 1.

    Returns:
        The kept rows with an added ``alpha_ij`` column (Float64), sorted by ``body_a, body_b``.

    Raises:
        ParameterError: ``method`` is unknown, ``alpha`` is outside (0, 1], ``k`` < 1, or a weight is not
            positive.
        SchemaError: ``ties`` lacks ``body_a``, ``body_b`` or ``weight``.
    """
    _check_choice("method", method, BackboneMethod)
    if not 0.0 < alpha <= 1.0:
        raise ParameterError(f"alpha={alpha!r} is not accepted; use a significance level in (0, 1]")
    if k < 1:
        raise ParameterError(f"k={k!r} is not accepted; keep at least 1 edge per node")
    _check_columns(ties, _TIE_COLUMNS, table="ties")
    bad = ties.filter(~(pl.col("weight") > 0))
    if bad.height:
        first = bad.row(0, named=True)
        raise ParameterError(
            f"ties: weight {first['weight']!r} of {first['body_a']}–{first['body_b']} is not accepted; "
            "the backbone needs positive weights"
        )
    indexed = ties.with_row_index("_edge")
    ends = pl.concat(
        [
            indexed.select("_edge", "weight", node=pl.col("body_a"), other=pl.col("body_b")),
            indexed.select("_edge", "weight", node=pl.col("body_b"), other=pl.col("body_a")),
        ]
    )
    scored = ends.with_columns(
        _degree=pl.len().over("node"),
        _p=pl.col("weight") / pl.col("weight").sum().over("node"),
        _rank=pl.struct(neg=-pl.col("weight"), other=pl.col("other")).rank("ordinal").over("node"),
    ).with_columns(_alpha=(1.0 - pl.col("_p")).pow(pl.col("_degree") - 1))
    per_edge = scored.group_by("_edge").agg(
        alpha_ij=pl.col("_alpha").min(),
        _best_rank=pl.col("_rank").min(),
    )
    result = indexed.join(per_edge, on="_edge")
    keep = pl.col("alpha_ij") < alpha if method == "disparity" else pl.col("_best_rank") <= k
    kept = result.filter(keep).drop("_edge", "_best_rank").sort("body_a", "body_b")
    log.debug("backbone (%s): kept %d of %d edges", method, kept.height, ties.height)
    return kept
