"""Report runner, downloads: the table behind each chart as CSV, and each network view as GraphML and GEXF, beside
its page.

The mechanism: every chart of :mod:`ascc_analysis.report.plots` carries the rows it draws inline (``data.values`` of
its Vega-Lite spec), so the export step needs nothing from the notebooks. For the n-th chart of report ``<name>``
(counted from 1 in page order) the runner writes ``<name>-<n>.csv`` — those rows, one column per field in order of
first appearance, floats as drawn (4 significant digits), lists joined by ``", "`` — and, for a single-panel network
view (rows of ``_kind`` node and edge), ``<name>-<n>.graphml`` and ``<name>-<n>.gexf``: the graph drawn, nodes with
every column of the node table (and their layout position as ``x``, ``y``), edges with their ``weight``, written by
:func:`ascc_analysis.analysis.networks.write_graphml` / :func:`~ascc_analysis.analysis.networks.write_gexf`. A per-year
(faceted) network view gets its CSV only. Links to the files go under each chart (:func:`downloads_html`).

Files of an earlier run of the same report that this run did not produce (the page has fewer charts now) are removed.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ascc_analysis.catalog import write_text_atomic

log = logging.getLogger(__name__)

GRAPH_SUFFIXES = (".graphml", ".gexf")
SUFFIXES = (".csv", *GRAPH_SUFFIXES)


def _rows(spec: Mapping[str, Any]) -> list[dict[str, Any]]:
    data = spec.get("data")
    values = data.get("values") if isinstance(data, Mapping) else None
    return [row for row in values if isinstance(row, dict)] if isinstance(values, list) else []


def is_network(spec: Mapping[str, Any]) -> bool:
    """Whether a chart is a single-panel network view (node and edge rows, no facet column on the edges)."""
    rows = _rows(spec)
    kinds = {row.get("_kind") for row in rows}
    if not {"node", "edge"} <= kinds:
        return False
    return not any(not key.startswith("_") for row in rows if row.get("_kind") == "edge" for key in row)


def download_names(spec: Mapping[str, Any], *, name: str, index: int) -> list[str]:
    """The files of the ``index``-th chart (from 1) of report ``name``: CSV, plus GraphML and GEXF for a network."""
    if not _rows(spec):
        return []
    suffixes = SUFFIXES if is_network(spec) else (".csv",)
    return [f"{name}-{index}{suffix}" for suffix in suffixes]


def downloads_html(names: Sequence[str]) -> str:
    """The links placed under a chart (empty when it has no downloads)."""
    if not names:
        return ""
    labels = {".csv": "data (CSV)", ".graphml": "network (GraphML)", ".gexf": "network (GEXF, for Gephi)"}
    links = " · ".join(
        f'<a href="{quote(file_name)}" download>{labels[Path(file_name).suffix]}</a>' for file_name in names
    )
    return f'<p class="ascc-downloads">Download: {links}</p>'


def chart_csv(spec: Mapping[str, Any]) -> str:
    """The rows a chart draws as CSV text (columns in order of first appearance; missing values empty)."""
    rows = _rows(spec)
    columns = list(dict.fromkeys(key for row in rows for key in row))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: "" if value is None else value for key, value in row.items()})
    return buffer.getvalue()


def chart_graph(spec: Mapping[str, Any]) -> Any:
    """The graph a network view draws (a ``networkx.Graph``): nodes with their table's columns and ``x``, ``y``;
    edges with ``weight`` when the view has one."""
    import networkx as nx

    graph = nx.Graph()
    for row in _rows(spec):
        if row.get("_kind") == "node":
            attributes = {key: value for key, value in row.items() if not key.startswith("_") and key != "node_id"}
            attributes |= {"x": row.get("_x"), "y": row.get("_y")}
            graph.add_node(str(row.get("node_id")), **{k: v for k, v in attributes.items() if v is not None})
    for row in _rows(spec):
        if row.get("_kind") == "edge":
            weight = row.get("_weight")
            graph.add_edge(
                str(row.get("_source")), str(row.get("_target")), **({"weight": weight} if weight is not None else {})
            )
    return graph


_DOWNLOAD_RE = r"-\d+(?:\.csv|\.graphml|\.gexf)$"


def write_downloads(out_dir: Path, name: str, specs: Sequence[Mapping[str, Any]]) -> list[str]:
    """Write the downloads of a report's charts (``specs`` in page order) beside its page; remove older ones.

    Returns:
        The file names written.
    """
    from ascc_analysis.analysis.networks import write_gexf, write_graphml

    written: list[str] = []
    for index, spec in enumerate(specs, start=1):
        for file_name in download_names(spec, name=name, index=index):
            path = out_dir / file_name
            if file_name.endswith(".csv"):
                write_text_atomic(path, chart_csv(spec))
            elif file_name.endswith(".graphml"):
                write_graphml(chart_graph(spec), path)
            else:
                write_gexf(chart_graph(spec), path)
            written.append(file_name)
    stale = re.compile(re.escape(name) + _DOWNLOAD_RE)
    for path in out_dir.glob(f"{name}-*"):
        if stale.fullmatch(path.name) and path.name not in written:
            path.unlink(missing_ok=True)
    log.debug("%s: %d download(s)", name, len(written))
    return written
