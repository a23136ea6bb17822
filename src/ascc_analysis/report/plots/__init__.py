"""Charts and tables for the notebooks and the HTML reports (display only: no file I/O, no analysis).

Every chart is a hand-built `Vega-Lite v5 <https://vega.github.io/vega-lite/>`_ specification: a plain ``dict``
with the ``$schema`` and the rows to draw inline under ``data.values``. :class:`Chart` wraps one for display:
JupyterLab renders the :data:`VEGALITE_MIME` type natively, and the report exporter turns a spec into an HTML
fragment with :func:`chart_html`, which every page draws offline with :func:`javascript_bundle` (Vega, Vega-Lite and
vega-embed in one script, included once per page) and :data:`CHART_INIT_SCRIPT`.

Builders take a polars frame first and options keyword-only, keep only the columns they draw, round floats to
:data:`SIGNIFICANT_DIGITS` significant digits and join list cells with ``", "``, so the JSON stays small:

* :func:`line_band` — a trend line with a confidence band per group (theme or topic shares per year);
* :func:`bar`, :func:`diverging_bar`, :func:`heatmap`, :func:`point_range`, :func:`timeline`;
* :func:`network_chart` — a node-link view on a fixed layout (``networks.shared_layout``), one panel or one per year;
* :func:`with_evidence` — the paragraphs behind each mark (from :mod:`ascc_analysis.analysis.evidence`) attached to a
  chart, opened in a panel under it when a mark is clicked on a report page, with links to the statement pages
  (:func:`paragraph_href`) and to all of them on the search page (:func:`search_href`).

:func:`table` and :func:`quote` show document text (statement paragraphs, evidence) as HTML in which every cell,
header and caption is escaped, so a statement can never inject markup into a notebook or a report.

The modules:

* :mod:`~ascc_analysis.report.plots.bundle` — :class:`Chart`, :func:`chart_html`, :func:`javascript_bundle` and
  :data:`CHART_INIT_SCRIPT`: showing a spec in JupyterLab and drawing it offline on a page;
* :mod:`~ascc_analysis.report.plots.spec` — assembling a spec: inline rows, column checks, shared encodings;
* :mod:`~ascc_analysis.report.plots.charts` — line, band, bar, diverging bar, heatmap, point-range and timeline charts;
* :mod:`~ascc_analysis.report.plots.network` — node-link views on a shared layout;
* :mod:`~ascc_analysis.report.plots.evidence` — evidence per mark, and the links into the statement and search pages;
* :mod:`~ascc_analysis.report.plots.tables` — escaped HTML tables (paragraph ids linked) and quotes.

This package re-exports their public names (``from ascc_analysis.report import plots; plots.bar(...)``).
"""

from __future__ import annotations

from ascc_analysis.report.plots.bundle import (
    CHART_INIT_SCRIPT,
    VEGALITE_MIME,
    VEGALITE_VERSION,
    Chart,
    chart_html,
    javascript_bundle,
)
from ascc_analysis.report.plots.charts import (
    BarSort,
    bar,
    diverging_bar,
    heatmap,
    line_band,
    point_range,
    timeline,
)
from ascc_analysis.report.plots.evidence import (
    EVIDENCE_KEY,
    PARAGRAPHS_SCRIPT_ID,
    SEARCH_PARAMETERS,
    evidence_of,
    hoist_paragraphs,
    paragraph_href,
    paragraphs_html,
    search_href,
    with_evidence,
)
from ascc_analysis.report.plots.network import network_chart
from ascc_analysis.report.plots.spec import SIGNIFICANT_DIGITS, VEGALITE_SCHEMA
from ascc_analysis.report.plots.tables import Quote, Table, quote, table

__all__ = [
    "CHART_INIT_SCRIPT",
    "EVIDENCE_KEY",
    "PARAGRAPHS_SCRIPT_ID",
    "SEARCH_PARAMETERS",
    "SIGNIFICANT_DIGITS",
    "VEGALITE_MIME",
    "VEGALITE_SCHEMA",
    "VEGALITE_VERSION",
    "BarSort",
    "Chart",
    "Quote",
    "Table",
    "bar",
    "chart_html",
    "diverging_bar",
    "evidence_of",
    "heatmap",
    "hoist_paragraphs",
    "javascript_bundle",
    "line_band",
    "network_chart",
    "paragraph_href",
    "paragraphs_html",
    "point_range",
    "quote",
    "search_href",
    "table",
    "timeline",
    "with_evidence",
]
