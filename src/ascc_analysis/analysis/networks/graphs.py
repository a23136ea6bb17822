"""Network stage: tie tables → graphs of bodies, their communities and the centrality of each node.

:func:`ties_graph` turns a tie table into a :mod:`networkx` graph; :func:`communities` (Louvain, seeded, numbered by
size) and :func:`centralities` (degree, strength, betweenness, eigenvector) read a graph and return tidy polars frames.
:func:`_canonical` copies a graph with nodes and edges in sorted order, so that every seeded algorithm here, in the
layout and in the export repeats.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable
from typing import Any

import networkx as nx
import polars as pl

from ascc_analysis.analysis.networks.common import _TIE_COLUMNS, _check_columns
from ascc_analysis.errors import ParameterError

log = logging.getLogger(__name__)


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
