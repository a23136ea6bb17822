"""Network stage: ``instrument_bodies`` (and ``body_mentions``) → body–instrument and body–body networks.

Reads the processed tables ``instrument_bodies``, ``instruments``, ``body_mentions``, ``paragraphs`` and
``documents`` (see :mod:`ascc_analysis.schemas`) and returns tidy polars frames or :mod:`networkx` graphs. Nothing
here draws or reads files; the only I/O is the explicit export (:func:`write_graphml`, :func:`write_gexf`).

* :func:`body_instrument_graph` — the bipartite graph of bodies and the instruments attributed to them.
* :func:`body_ties` — the one-mode body–body edge table, weighted by shared instruments or by co-mentions in a
  paragraph, raw or normalised (Jaccard, association strength); every edge carries its evidence (the
  ``instrument_id`` or ``para_id`` values behind its count).
* :func:`backbone` — the disparity filter (Serrano, Boguñá & Vespignani 2009) or a top-k filter on a tie table.
* :func:`ties_graph`, :func:`communities` (Louvain, seeded, deterministically numbered), :func:`centralities`.
* :func:`yearly_ties`, :func:`tie_changes`, :func:`shared_layout` — per-year slices that can be compared.
* :func:`write_graphml`, :func:`write_gexf`, :func:`graph_tables` — export (atomic writes; list and set
  attributes become strings joined by :data:`LIST_SEPARATOR`).

Notation used in the docstrings: for bodies *i* and *j*, ``c_ij`` is the number of units (instruments, or
paragraphs for co-mentions) linked to both, ``s_i`` the number of units linked to *i*, and ``n`` the number of
units linked to at least one body.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import Any, Literal, get_args

import networkx as nx
import polars as pl

from ascc_analysis.catalog import write_file_atomic
from ascc_analysis.errors import ParameterError, SchemaError

log = logging.getLogger(__name__)

__all__ = [
    "CENTRALITIES_SCHEMA",
    "COMMUNITIES_SCHEMA",
    "LIST_SEPARATOR",
    "TIES_SCHEMA",
    "TIE_CHANGES_SCHEMA",
    "YEARLY_TIES_SCHEMA",
    "BackboneMethod",
    "Normalise",
    "Provenance",
    "TieWeight",
    "backbone",
    "body_instrument_graph",
    "body_ties",
    "centralities",
    "communities",
    "graph_tables",
    "shared_layout",
    "tie_changes",
    "ties_graph",
    "write_gexf",
    "write_graphml",
    "yearly_ties",
]

Provenance = Literal["explicit", "inferred", "all"]
TieWeight = Literal["shared_instruments", "co_mentions"]
Normalise = Literal["raw", "jaccard", "association"]
BackboneMethod = Literal["disparity", "top_k"]

LIST_SEPARATOR = ";"
"""How list and set attributes are joined into one string on export (GraphML and GEXF hold scalars only)."""

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
COMMUNITIES_SCHEMA = pl.Schema(
    {
        "body_id": pl.String(),
        "community": pl.Int32(),  # 0 = the largest community; ties broken by the smallest member
        "seed": pl.Int64(),
        "resolution": pl.Float64(),
    }
)
CENTRALITIES_SCHEMA = pl.Schema(
    {
        "node_id": pl.String(),
        "degree": pl.Int64(),
        "strength": pl.Float64(),  # weighted degree: sum of the weights of the node's edges
        "betweenness": pl.Float64(),
        "eigenvector": pl.Float64(),
        "eigenvector_method": pl.String(),  # power | numpy | none
    }
)

_LINK_COLUMNS = ("doc_id", "para_id", "instrument_id", "body_id", "provenance", "confidence")
_MENTION_COLUMNS = ("doc_id", "para_id", "body_id")
_TIE_COLUMNS = ("body_a", "body_b", "weight")


# ------------------------------------------------------------------------------------------ checks


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


# ------------------------------------------------------------------------------------------ bipartite graph


def body_instrument_graph(
    instrument_bodies: pl.DataFrame,
    instruments: pl.DataFrame | None,
    *,
    provenance: Provenance = "all",
    min_confidence: float = 0.0,
    years: tuple[int, int] | None = None,
    documents: pl.DataFrame | None = None,
) -> nx.Graph:
    """Build the bipartite graph of bodies and the instruments attributed to them.

    Each row of ``instrument_bodies`` is one attribution of one instrument mention to one body. After filtering
    (provenance, confidence, years), the edge between body *b* and instrument *m* has

    * ``weight`` = the number of mentions of *m* attributed to *b* (rows of the filtered table),
    * ``provenance`` = the sorted list of provenances among them (``explicit``, ``inferred``),
    * ``confidence`` = their highest confidence,
    * ``para_ids`` = the sorted, distinct paragraphs they come from (the evidence).

    Nodes carry ``kind`` (``"body"`` or ``"instrument"``) and ``bipartite`` (0 for bodies, 1 for instruments);
    instrument nodes also carry ``title``, ``acronym`` and ``instrument_type`` where ``instruments`` gives them.
    Only bodies and instruments with at least one kept link are nodes. Nodes and edges are added in sorted order,
    so the graph is the same for the same tables. The filters are recorded as graph attributes.

    Args:
        instrument_bodies: The ``instrument_bodies`` table.
        instruments: The ``instruments`` table (node attributes), or ``None``.
        provenance: Keep ``"explicit"`` links, ``"inferred"`` links, or ``"all"``.
        min_confidence: Keep links whose confidence is at least this (0 to 1).
        years: Keep links from statements of these years, ``(first, last)`` both included; needs ``documents``.
        documents: The ``documents`` table, to date each statement when ``years`` is given.

    Returns:
        An undirected :class:`networkx.Graph`.

    Raises:
        ParameterError: ``provenance`` is unknown, ``min_confidence`` is outside 0..1, or ``years`` is malformed
            or given without ``documents``.
        SchemaError: A table lacks a needed column, a statement is not in ``documents``, or a body id is also an
            instrument id (the node ids would collide).
    """
    links = _filter_links(
        instrument_bodies, provenance=provenance, min_confidence=min_confidence, years=years, documents=documents
    )
    edges = (
        links.group_by("body_id", "instrument_id")
        .agg(
            weight=pl.len().cast(pl.Int64),
            provenance=pl.col("provenance").unique().sort(),
            confidence=pl.col("confidence").max(),
            para_ids=pl.col("para_id").unique().sort(),
        )
        .sort("body_id", "instrument_id")
    )
    body_ids = sorted(set(edges.get_column("body_id")))
    instrument_ids = sorted(set(edges.get_column("instrument_id")))
    clash = sorted(set(body_ids) & set(instrument_ids))
    if clash:
        raise SchemaError(f"instrument_bodies: ids {clash[:5]} name both a body and an instrument; node ids collide")
    instrument_attrs: dict[str, dict[str, Any]] = {}
    if instruments is not None:
        _check_columns(instruments, ("instrument_id",), table="instruments")
        wanted = [name for name in ("title", "acronym", "instrument_type") if name in instruments.columns]
        for row in instruments.select("instrument_id", *wanted).iter_rows(named=True):
            instrument_id = row.pop("instrument_id")
            instrument_attrs[instrument_id] = {key: value for key, value in row.items() if value is not None}
        unknown = [instrument_id for instrument_id in instrument_ids if instrument_id not in instrument_attrs]
        if unknown:
            log.warning("instruments: %d linked instrument(s) have no row, e.g. %s", len(unknown), unknown[:3])

    graph = nx.Graph(provenance=provenance, min_confidence=float(min_confidence))
    if years is not None:
        graph.graph.update(first_year=int(years[0]), last_year=int(years[1]))
    graph.add_nodes_from((body_id, {"kind": "body", "bipartite": 0}) for body_id in body_ids)
    graph.add_nodes_from(
        (instrument_id, {"kind": "instrument", "bipartite": 1, **instrument_attrs.get(instrument_id, {})})
        for instrument_id in instrument_ids
    )
    for row in edges.iter_rows(named=True):
        graph.add_edge(
            row["body_id"],
            row["instrument_id"],
            weight=int(row["weight"]),
            provenance=list(row["provenance"]),
            confidence=float(row["confidence"]),
            para_ids=list(row["para_ids"]),
        )
    log.debug("bipartite graph: %d bodies, %d instruments, %d edges", len(body_ids), len(instrument_ids), len(edges))
    return graph


# ------------------------------------------------------------------------------------------ one-mode ties


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


# ------------------------------------------------------------------------------------------ backbone


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


# ------------------------------------------------------------------------------------------ graphs


def ties_graph(ties: pl.DataFrame) -> nx.Graph:
    """Turn a tie table into an undirected graph of bodies.

    Nodes are the bodies (attribute ``kind="body"``), added in sorted order; each row becomes an edge carrying
    every other column as an attribute (``weight``, ``n_shared``, ``evidence``, ...).

    Args:
        ties: A tie table with ``body_a``, ``body_b`` and ``weight`` (as :func:`body_ties` or :func:`backbone`
            return).

    Returns:
        An undirected :class:`networkx.Graph`.

    Raises:
        SchemaError: ``ties`` lacks ``body_a``, ``body_b`` or ``weight``.
    """
    _check_columns(ties, _TIE_COLUMNS, table="ties")
    body_ids = sorted(set(ties.get_column("body_a")) | set(ties.get_column("body_b")))
    graph = nx.Graph()
    graph.add_nodes_from((body_id, {"kind": "body"}) for body_id in body_ids)
    for row in ties.sort("body_a", "body_b").iter_rows(named=True):
        body_a, body_b = row.pop("body_a"), row.pop("body_b")
        graph.add_edge(body_a, body_b, **row)
    return graph


def _canonical(graph: nx.Graph) -> nx.Graph:
    """A copy of ``graph`` with nodes and edges inserted in sorted order, so seeded algorithms repeat."""
    canonical = nx.Graph()
    canonical.add_nodes_from(sorted(graph.nodes(data=True), key=lambda item: str(item[0])))
    canonical.add_edges_from(sorted(((*_edge_key(u, v), data) for u, v, data in graph.edges(data=True)), key=_by_ends))
    return canonical


def _edge_key(u: Hashable, v: Hashable) -> tuple[Hashable, Hashable]:
    return (u, v) if str(u) <= str(v) else (v, u)


def _by_ends(edge: tuple[Hashable, Hashable, dict[str, Any]]) -> tuple[str, str]:
    return str(edge[0]), str(edge[1])


def communities(graph: nx.Graph, *, resolution: float = 1.0, seed: int = 0) -> pl.DataFrame:
    """Find communities of bodies by Louvain modularity optimisation.

    Runs :func:`networkx.community.louvain_communities` (edge attribute ``weight``, 1 where missing) on a copy of
    the graph with nodes and edges in sorted order, so the same graph and seed give the same partition. It
    maximises ``Q = Σ_c [ L_c / m − γ (d_c / 2m)² ]`` with ``γ`` = ``resolution``. Communities are numbered from
    0 by decreasing size, equal sizes ordered by their smallest member.

    Args:
        graph: An undirected graph (for example from :func:`ties_graph`).
        resolution: γ; above 1 favours smaller communities, below 1 larger ones. Must be positive.
        seed: Seed of Louvain's random node order.

    Returns:
        A frame with the columns of :data:`COMMUNITIES_SCHEMA`, one row per node, sorted by ``body_id``.

    Raises:
        ParameterError: ``resolution`` is not positive.
    """
    if not resolution > 0:
        raise ParameterError(f"resolution={resolution!r} is not accepted; use a positive number (1.0 is standard)")
    if graph.number_of_nodes() == 0:
        return pl.DataFrame(schema=COMMUNITIES_SCHEMA)
    found = nx.community.louvain_communities(_canonical(graph), weight="weight", resolution=resolution, seed=seed)
    groups = sorted((sorted(str(node) for node in group) for group in found), key=lambda group: (-len(group), group))
    rows = [(node, number) for number, group in enumerate(groups) for node in group]
    result = pl.DataFrame(
        {
            "body_id": [node for node, _ in rows],
            "community": [number for _, number in rows],
            "seed": [seed] * len(rows),
            "resolution": [float(resolution)] * len(rows),
        },
        schema=COMMUNITIES_SCHEMA,
    )
    log.debug("louvain (seed %d, resolution %s): %d communities", seed, resolution, len(groups))
    return result.sort("body_id")


def centralities(graph: nx.Graph, *, max_iter: int = 1000) -> pl.DataFrame:
    """Compute the centrality of every node.

    * ``degree`` — the number of neighbours, ``k_i``;
    * ``strength`` — the weighted degree ``s_i = Σ_j w_ij`` (edge attribute ``weight``, 1 where missing);
    * ``betweenness`` — the normalised share of shortest paths (counted in hops) through the node,
      ``Σ_{s≠i≠t} σ_st(i) / σ_st`` divided by ``(N−1)(N−2)/2``;
    * ``eigenvector`` — the weighted eigenvector centrality, ``x_i ∝ Σ_j w_ij x_j`` (unit Euclidean norm), by
      power iteration; when that does not converge in ``max_iter`` steps it is taken from the dense eigensolver
      (``eigenvector_method="numpy"``), and when that also fails it is null (``"none"``).

    Args:
        graph: An undirected graph.
        max_iter: Power iterations allowed before falling back to the eigensolver (at least 1).

    Returns:
        A frame with the columns of :data:`CENTRALITIES_SCHEMA`, one row per node, sorted by ``node_id``.

    Raises:
        ParameterError: ``max_iter`` < 1.
    """
    if max_iter < 1:
        raise ParameterError(f"max_iter={max_iter!r} is not accepted; allow at least 1 iteration")
    if graph.number_of_nodes() == 0:
        return pl.DataFrame(schema=CENTRALITIES_SCHEMA)
    canonical = _canonical(graph)
    for _, _, data in canonical.edges(data=True):
        data.setdefault("weight", 1)
    betweenness: dict[Hashable, float] = nx.betweenness_centrality(canonical, normalized=True)
    eigenvector: dict[Hashable, float | None]
    method = "power"
    try:
        eigenvector = dict(nx.eigenvector_centrality(canonical, max_iter=max_iter, weight="weight"))
    except nx.PowerIterationFailedConvergence:
        log.warning("eigenvector centrality did not converge in %d iterations; using the eigensolver", max_iter)
        method = "numpy"
        try:
            eigenvector = dict(nx.eigenvector_centrality_numpy(canonical, weight="weight"))
        except (nx.NetworkXException, ArithmeticError, ValueError) as exc:
            log.warning("eigenvector centrality is undefined for this graph (%s); leaving it null", exc)
            method = "none"
            eigenvector = dict.fromkeys(canonical.nodes)
    nodes = list(canonical.nodes)
    return pl.DataFrame(
        {
            "node_id": [str(node) for node in nodes],
            "degree": [canonical.degree(node) for node in nodes],
            "strength": [float(canonical.degree(node, weight="weight")) for node in nodes],
            "betweenness": [float(betweenness[node]) for node in nodes],
            "eigenvector": [None if value is None else abs(float(value)) for value in map(eigenvector.get, nodes)],
            "eigenvector_method": [method] * len(nodes),
        },
        schema=CENTRALITIES_SCHEMA,
    ).sort("node_id")


# ------------------------------------------------------------------------------------------ years


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


def shared_layout(graphs: Sequence[nx.Graph], *, seed: int = 0) -> dict[Hashable, tuple[float, float]]:
    """Lay out the union of several graphs once, so that yearly graphs can be drawn with nodes in fixed places.

    The union has every node of every graph; an edge's weight in it is the number of graphs holding that edge
    (ties that recur pull harder). Each connected component of the union is laid out on its own by the seeded
    Fruchterman–Reingold layout (:func:`networkx.spring_layout`, nodes and edges in sorted order, so positions
    repeat for a seed), refined by Kamada–Kawai on graph distances for components of up to 400 nodes,
    in a square of side √n for its n nodes; the squares are then packed in rows, largest first,
    so a stray pair of bodies does not push the main cluster into a corner.

    Args:
        graphs: The graphs to compare (for example one per year).
        seed: Seed of the layout's initial positions.

    Returns:
        Node to ``(x, y)``, coordinates in [−1, 1]; empty when the graphs have no nodes.
    """
    union = nx.Graph()
    for graph in graphs:
        union.add_nodes_from(graph.nodes)
        for u, v in graph.edges:
            if union.has_edge(u, v):
                union[u][v]["weight"] += 1
            else:
                union.add_edge(u, v, weight=1)
    if union.number_of_nodes() == 0:
        return {}
    return _pack_components(_canonical(union), seed=seed)


_KAMADA_KAWAI_MAX_NODES = 400
"""Largest component refined by Kamada–Kawai (its cost grows with the square of the nodes)."""


def _pack_components(union: nx.Graph, *, seed: int) -> dict[Hashable, tuple[float, float]]:
    components = sorted(
        (sorted(component, key=str) for component in nx.connected_components(union)),
        key=lambda nodes: (-len(nodes), str(nodes[0])),
    )
    sides = [math.sqrt(len(nodes)) for nodes in components]
    row_width = max(sides[0], math.sqrt(sum(len(nodes) for nodes in components)) * 1.2)
    placed: dict[Hashable, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes, side in zip(components, sides, strict=True):
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        if len(nodes) == 1:
            local = {nodes[0]: (0.0, 0.0)}
        else:
            component = _canonical(union.subgraph(nodes))
            raw = nx.spring_layout(component, seed=seed, weight="weight")
            if len(nodes) <= _KAMADA_KAWAI_MAX_NODES:  # spreads a hub-and-spoke cluster more evenly
                raw = nx.kamada_kawai_layout(component, pos=raw, weight=None)
            local = {node: (float(xy[0]), float(xy[1])) for node, xy in raw.items()}
        half = side / 2
        for node, (u, v) in local.items():  # spring_layout scales into [-1, 1]; 0.8 leaves a margin in the square
            placed[node] = (x + half + 0.8 * half * u, -(y + half + 0.8 * half * v))
        x += side
        row_height = max(row_height, side)
    xs = [xy[0] for xy in placed.values()]
    ys = [xy[1] for xy in placed.values()]
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    scale = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {
        node: (round((xy[0] - centre_x) / scale, 6), round((xy[1] - centre_y) / scale, 6))
        for node, xy in sorted(placed.items(), key=lambda item: str(item[0]))
    }


# ------------------------------------------------------------------------------------------ export


def _scalar(value: Any) -> Any:
    """An attribute value GraphML and GEXF accept: lists and sets joined by :data:`LIST_SEPARATOR`."""
    if isinstance(value, (set, frozenset)):
        return LIST_SEPARATOR.join(sorted(str(item) for item in value))
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    return str(value)


def _exportable(graph: nx.Graph) -> nx.Graph:
    """A sorted copy of ``graph`` whose attributes are scalars; attributes holding None are dropped."""
    canonical = _canonical(graph)
    canonical.graph = {key: _scalar(value) for key, value in graph.graph.items() if value is not None}
    attribute_dicts = [data for _, data in canonical.nodes(data=True)]
    attribute_dicts += [data for _, _, data in canonical.edges(data=True)]
    for data in attribute_dicts:
        converted = {key: _scalar(value) for key, value in data.items() if value is not None}
        data.clear()
        data.update(converted)
    return canonical


def write_graphml(graph: nx.Graph, path: Path) -> None:
    """Write a graph as GraphML, atomically (temporary file, then rename).

    List, tuple and set attributes are written as strings joined by :data:`LIST_SEPARATOR` (sets sorted);
    attributes holding ``None`` are left out; nodes and edges are written in sorted order.

    Args:
        graph: The graph.
        path: Where to write; its folder is created if missing.
    """
    exportable = _exportable(graph)
    write_file_atomic(Path(path), lambda stream: nx.write_graphml(exportable, stream))
    log.info("wrote GraphML (%d nodes, %d edges) to %s", graph.number_of_nodes(), graph.number_of_edges(), path)


def write_gexf(graph: nx.Graph, path: Path) -> None:
    """Write a graph as GEXF (for Gephi), atomically (temporary file, then rename).

    Attributes are converted as for :func:`write_graphml`.

    Args:
        graph: The graph.
        path: Where to write; its folder is created if missing.
    """
    exportable = _exportable(graph)
    write_file_atomic(Path(path), lambda stream: nx.write_gexf(exportable, stream))
    log.info("wrote GEXF (%d nodes, %d edges) to %s", graph.number_of_nodes(), graph.number_of_edges(), path)


def graph_tables(graph: nx.Graph) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Turn a graph into a node table and an edge table (the form in which graphs are saved).

    Args:
        graph: An undirected graph.

    Returns:
        ``(nodes, edges)``: ``nodes`` has ``node_id`` and one column per node attribute, sorted by ``node_id``;
        ``edges`` has ``source`` < ``target`` (as strings) and one column per edge attribute, sorted by
        ``source, target``. List attributes stay lists; an attribute a node or edge lacks is null.
    """
    canonical = _canonical(graph)
    node_rows = [{"node_id": str(node), **data} for node, data in canonical.nodes(data=True)]
    edge_rows = [{"source": str(u), "target": str(v), **data} for u, v, data in canonical.edges(data=True)]
    nodes = (
        pl.DataFrame(node_rows, infer_schema_length=None)
        if node_rows
        else pl.DataFrame(schema={"node_id": pl.String()})
    )
    edges = (
        pl.DataFrame(edge_rows, infer_schema_length=None)
        if edge_rows
        else pl.DataFrame(schema={"source": pl.String(), "target": pl.String()})
    )
    return nodes.sort("node_id"), edges.sort("source", "target")
