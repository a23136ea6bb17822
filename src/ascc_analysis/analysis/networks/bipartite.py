"""Network stage: ``instrument_bodies`` (and ``instruments``) → the bipartite graph of bodies and their instruments.

:func:`body_instrument_graph` returns a :mod:`networkx` graph whose edges carry the number of attributions, their
provenances, highest confidence and evidence (the para_ids); instrument nodes carry their title, acronym and type.
Reads nothing from disk.
"""

from __future__ import annotations

import logging
from typing import Any

import networkx as nx
import polars as pl

from ascc_analysis.analysis.networks.common import Provenance, _check_columns, _filter_links
from ascc_analysis.errors import SchemaError

log = logging.getLogger(__name__)


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
