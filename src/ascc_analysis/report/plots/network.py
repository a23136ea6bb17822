"""Plots, network views: a node-link chart on a fixed layout (:func:`network_chart`).

Draws the node and edge tables of :mod:`ascc_analysis.analysis.networks` (``graph_tables``, with community and
centrality columns) at the positions of a shared layout (``networks.shared_layout``), on one square domain for
both axes so that charts drawn with the same layout line up node for node; one panel, or small multiples per year.
Returns a :class:`~ascc_analysis.report.plots.bundle.Chart`; pure: no file I/O, no layout computed here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import polars as pl

from ascc_analysis.errors import ParameterError
from ascc_analysis.report.plots.bundle import Chart
from ascc_analysis.report.plots.spec import (
    _chart,
    _check_columns,
    _color,
    _field,
    _integer_legend,
    _readable,
    _round_float,
    _tooltip,
    _values,
)

_NETWORK_SIZE = 680
_LABEL_LIMIT = 120  # pixels; longer node labels end in an ellipsis (the tooltip has the full text)
_FACET_SIZE = 240
_EDGE_COLOR = "#8c8c8c"


# ------------------------------------------------------------------------------------------ network views


def network_chart(
    nodes: pl.DataFrame,
    edges: pl.DataFrame,
    layout: Mapping[Any, tuple[float, float]],
    *,
    color: str | None = "community",
    size: str | None = "degree",
    edge_weight: str | None = "weight",
    label: str | None = "node_id",
    shape: str | None = None,
    facet: str | None = None,
    columns: int = 3,
    title: str,
) -> Chart:
    """A node-link view on a fixed layout: edges as lines, nodes as circles with tooltips and labels.

    ``nodes`` and ``edges`` are the tables of ``networks.graph_tables`` (``node_id``; ``source``, ``target``),
    with any extra node columns (``community``, ``degree``, ... joined from ``networks.communities`` and
    ``networks.centralities``). Positions come from ``layout`` (``networks.shared_layout``); both axes share one
    fixed domain spanning the whole layout, so charts drawn with the same layout line up node for node. Lines get
    a width by ``edge_weight``; each node's tooltip shows all its columns. Drag to pan, scroll to zoom.

    With ``facet`` (e.g. ``"year"``, a column of ``edges``) the chart is small multiples, one panel per value, all
    with the same layout and scales. If ``nodes`` has the ``facet`` column too, each panel shows its own nodes;
    otherwise every node appears in every panel.

    Args:
        nodes: One row per node (per panel), with ``node_id``.
        edges: One row per edge (per panel), with ``source`` and ``target``.
        layout: Node id to ``(x, y)``; ids are compared as strings and every node and edge end must be in it.
        color: Node column for colour (whole numbers and text as categories, decimals as a scale), or ``None``.
        size: Node column for the circle area, or ``None`` for equal circles.
        edge_weight: Edge column for the line width, or ``None`` for equal lines.
        label: Node column written next to each node, or ``None`` for no labels.
        shape: Node column for the mark shape (e.g. ``kind``: bodies and instruments), or ``None`` for circles.
        facet: Column splitting the chart into panels, or ``None`` for one panel.
        columns: Panels per row when faceted.
        title: Chart title.

    Returns:
        The chart.

    Raises:
        ParameterError: A named column is missing, a node column starts with ``_`` (reserved for drawing), a node
            or edge end has no position in ``layout``, or ``columns`` is below 1.
    """
    if columns < 1:
        raise ParameterError(f"network_chart: columns must be at least 1, got {columns!r}")
    _check_columns(
        nodes,
        {"node_id": "node_id", "color": color, "size": size, "label": label, "shape": shape},
        chart="network_chart (nodes)",
    )
    _check_columns(
        edges,
        {"source": "source", "target": "target", "edge_weight": edge_weight, "facet": facet},
        chart="network_chart (edges)",
    )
    reserved = [name for name in nodes.columns if name.startswith("_")]
    if reserved:
        raise ParameterError(
            f"network_chart: node columns starting with '_' are reserved for drawing; rename {reserved}"
        )
    positions = {str(node): (float(xy[0]), float(xy[1])) for node, xy in layout.items()}
    _check_positions(nodes, edges, positions)
    if facet is not None:
        edges = edges.filter(pl.col(facet).is_not_null())
        if facet not in nodes.columns:
            panels = edges.select(facet).unique().sort(facet)
            nodes = nodes.join(panels, how="cross")
    coordinates = pl.DataFrame(
        {
            "node_id": list(positions),
            "_x": [xy[0] for xy in positions.values()],
            "_y": [xy[1] for xy in positions.values()],
        },
        schema={"node_id": pl.String(), "_x": pl.Float64(), "_y": pl.Float64()},
    )
    node_rows = nodes.with_columns(pl.col("node_id").cast(pl.String)).join(
        coordinates, on="node_id", how="left", maintain_order="left"
    )
    edge_columns = {"source": "_source", "target": "_target"}
    if edge_weight is not None:
        edge_columns[edge_weight] = "_weight"
    edge_rows = (
        edges.select(*([facet] if facet is not None else []), *edge_columns)
        .rename(edge_columns)
        .with_columns(pl.col("_source", "_target").cast(pl.String))
        .join(coordinates.rename({"node_id": "_source"}), on="_source", how="left", maintain_order="left")
        .join(
            coordinates.rename({"node_id": "_target", "_x": "_x2", "_y": "_y2"}),
            on="_target",
            how="left",
            maintain_order="left",
        )
    )
    values = [{"_kind": "edge", **row} for row in _values(edge_rows, edge_rows.columns)]
    values += [{"_kind": "node", **row} for row in _values(node_rows, node_rows.columns)]

    low, high = _square_domain(positions)
    x_channel = {"field": "_x", "type": "quantitative", "scale": {"domain": [low, high]}, "axis": None}
    y_channel = {"field": "_y", "type": "quantitative", "scale": {"domain": [low, high]}, "axis": None}
    edge_encoding: dict[str, Any] = {
        "x": x_channel,
        "y": y_channel,
        "x2": {"field": "_x2"},
        "y2": {"field": "_y2"},
        "tooltip": [
            {"field": "_source", "type": "nominal", "title": "From"},
            {"field": "_target", "type": "nominal", "title": "To"},
        ],
    }
    if edge_weight is not None:
        edge_encoding["strokeWidth"] = {
            "field": "_weight",
            "type": "quantitative",
            "title": _readable(edge_weight),
            "scale": {"range": [0.5, 4]},
        }
        edge_encoding["tooltip"].append({"field": "_weight", "type": "quantitative", "title": _readable(edge_weight)})
    node_encoding: dict[str, Any] = {
        "x": x_channel,
        "y": y_channel,
        "tooltip": [_tooltip(nodes, name) for name in nodes.columns],
    }
    if color is not None:
        node_encoding["color"] = _color(nodes, color, integer="nominal")
        if node_encoding["color"]["type"] == "nominal":
            node_encoding["color"]["scale"] = {"scheme": "tableau10"}
    if size is not None:
        node_encoding["size"] = {
            "field": _field(size),
            "type": "quantitative",
            "title": _readable(size),
            "scale": {"range": [60, 500] if facet is None else [20, 200], "zero": False},
        }
        if nodes.schema[size].is_integer():
            node_encoding["size"]["legend"] = _integer_legend(nodes.get_column(size))
    if shape is not None:
        node_encoding["shape"] = {"field": _field(shape), "type": "nominal", "title": _readable(shape)}
    is_edge = {"filter": "datum._kind === 'edge'"}
    is_node = {"filter": "datum._kind === 'node'"}
    node_mark: dict[str, Any] = {
        "type": "point" if shape is not None else "circle",
        "filled": True,
        "opacity": 0.9,
        "stroke": "white",
        "strokeWidth": 0.5,
    }
    if size is None:
        node_mark["size"] = 120 if facet is None else 50
    layers: list[dict[str, Any]] = [
        {
            "transform": [is_edge],
            "mark": {"type": "rule", "color": _EDGE_COLOR, "opacity": 0.6},
            "encoding": edge_encoding,
        },
        {
            "transform": [is_node],
            "params": [{"name": "zoom", "select": "interval", "bind": "scales"}],
            "mark": node_mark,
            "encoding": node_encoding,
        },
    ]
    if label is not None:
        layers.append(
            {
                "transform": [is_node],
                "mark": {"type": "text", "dy": -9, "fontSize": 9, "color": "#333333", "limit": _LABEL_LIMIT},
                "encoding": {"x": x_channel, "y": y_channel, "text": {"field": _field(label), "type": "nominal"}},
            }
        )
    if facet is None:
        body: dict[str, Any] = {"width": _NETWORK_SIZE, "height": _NETWORK_SIZE, "layer": layers}
    else:
        body = {
            "facet": {"field": _field(facet), "type": "ordinal", "title": None},
            "columns": columns,
            "spec": {"width": _FACET_SIZE, "height": _FACET_SIZE, "layer": layers},
        }
    return _chart(title, values, body)


# ------------------------------------------------------------------------------------------ the shared layout


def _check_positions(nodes: pl.DataFrame, edges: pl.DataFrame, positions: Mapping[str, tuple[float, float]]) -> None:
    ids = set(nodes.get_column("node_id").cast(pl.String).drop_nulls())
    ids |= set(edges.get_column("source").cast(pl.String).drop_nulls())
    ids |= set(edges.get_column("target").cast(pl.String).drop_nulls())
    unplaced = sorted(ids - set(positions))
    if unplaced:
        raise ParameterError(
            f"network_chart: {len(unplaced)} node(s) have no position in the layout, e.g. {unplaced[:5]}; "
            f"the layout places {len(positions)} node(s) (lay out every graph drawn, e.g. networks.shared_layout)"
        )
    bad = sorted(node for node, (x, y) in positions.items() if not (math.isfinite(x) and math.isfinite(y)))
    if bad:
        raise ParameterError(f"network_chart: layout positions must be finite numbers; not for {bad[:5]}")


def _square_domain(positions: Mapping[str, tuple[float, float]]) -> tuple[float, float]:
    """One domain for both axes covering every position with a 10% margin (``[-1, 1]`` if there are none)."""
    coordinates = [value for xy in positions.values() for value in xy]
    if not coordinates:
        return -1.0, 1.0
    low, high = min(coordinates), max(coordinates)
    margin = 0.1 * (high - low) if high > low else 1.0
    return _round_float(low - margin), _round_float(high + margin)
