"""Network stage: one seeded layout for several graphs, so that yearly graphs are drawn with nodes in fixed places.

:func:`shared_layout` reads graphs and returns node positions in [−1, 1] (each connected component of their union
laid out on its own and packed in rows). It computes positions only; drawing is in :mod:`ascc_analysis.report.plots`.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import networkx as nx

from ascc_analysis.analysis.networks.graphs import _canonical


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
