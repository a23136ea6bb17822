"""Network stage, export: graphs → GraphML and GEXF files (atomic writes), or node and edge tables.

:func:`write_graphml` and :func:`write_gexf` are the stage's only file I/O (through
:func:`ascc_analysis.catalog.write_file_atomic`); list and set attributes become strings joined by
:data:`LIST_SEPARATOR`. :func:`graph_tables` returns the node and edge tables in which graphs are saved.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import polars as pl

from ascc_analysis.analysis.networks.graphs import _canonical
from ascc_analysis.catalog import write_file_atomic

log = logging.getLogger(__name__)


LIST_SEPARATOR = ";"
"""How list and set attributes are joined into one string on export (GraphML and GEXF hold scalars only)."""


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


def graph_tables(
    graph: nx.Graph, *, node_columns: Mapping[str, pl.DataType] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Turn a graph into a node table and an edge table (the form in which graphs are saved).

    Args:
        graph: An undirected graph.
        node_columns: Node attributes the caller reads, with their types: a column no node has (say ``acronym``
            where no instrument has one) is added as nulls, so the table has the same columns on every corpus.

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
    missing = {name: dtype for name, dtype in (node_columns or {}).items() if name not in nodes.columns}
    if missing:
        nodes = nodes.with_columns(pl.lit(None, dtype=dtype).alias(name) for name, dtype in missing.items())
    return nodes.sort("node_id"), edges.sort("source", "target")
