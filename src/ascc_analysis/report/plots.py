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
* :func:`network_chart` — a node-link view on a fixed layout (``networks.shared_layout``), one panel or one per year.

:func:`table` and :func:`quote` show document text (statement paragraphs, evidence) as HTML in which every cell,
header and caption is escaped, so a statement can never inject markup into a notebook or a report.
"""

from __future__ import annotations

import functools
import hashlib
import html
import json
import logging
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal, get_args

import polars as pl

from ascc_analysis.errors import ParameterError

log = logging.getLogger(__name__)

__all__ = [
    "CHART_INIT_SCRIPT",
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
    "heatmap",
    "javascript_bundle",
    "line_band",
    "network_chart",
    "point_range",
    "quote",
    "table",
    "timeline",
]

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
"""The MIME type under which JupyterLab renders a Vega-Lite v5 spec."""
VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
VEGALITE_VERSION = "5.21"
"""The Vega-Lite release bundled by :func:`javascript_bundle` (the newest v5 that ``vl-convert-python`` ships)."""
SIGNIFICANT_DIGITS = 4
"""Floats in chart data are rounded to this many significant digits."""

BarSort = Literal["data", "category", "descending", "ascending"]
"""Order of the bars: as the frame is sorted, by category, or by value (largest or smallest first)."""

CHART_INIT_SCRIPT = """\
(function () {
  "use strict";
  // The bundle pairs Vega-Lite 5 with Vega 6 (as vl-convert does), which vega-embed reports once per chart with
  // console.warn; drop exactly that notice and let every other warning through.
  var warn = console.warn;
  var versionNotice = /^The compiled spec uses Vega v5[.0-9]*, but current version is v6[.0-9]*\\.$/;
  console.warn = function (message) {
    if (typeof message === "string" && versionNotice.test(message)) { return; }
    return warn.apply(console, arguments);
  };
  function fail(div, error) {
    console.error("ascc chart " + (div.dataset.chart || "") + " could not be drawn:", error);
    div.dataset.rendered = "error";
    var message = document.createElement("p");
    message.className = "ascc-chart-error";
    message.textContent = "This chart could not be drawn: " + ((error && error.message) || String(error));
    div.appendChild(message);
  }
  function draw(div) {
    if (div.dataset.rendered) { return Promise.resolve(); }
    try {
      if (typeof vegaEmbed !== "function") { throw new Error("the chart library (vegaEmbed) is not loaded"); }
      var spec = JSON.parse(div.querySelector("script.ascc-chart-spec").textContent);
      var target = document.createElement("div");
      target.className = "ascc-chart-view";
      div.appendChild(target);
      return vegaEmbed(target, spec, {actions: false, renderer: "svg"}).then(
        function () { div.dataset.rendered = "true"; },
        function (error) { fail(div, error); }
      );
    } catch (error) {
      fail(div, error);
      return Promise.resolve();
    }
  }
  function drawAll() {
    var divs = Array.prototype.slice.call(document.querySelectorAll("div.ascc-chart"));
    Promise.all(divs.map(draw)).then(function () {
      var failed = divs.filter(function (div) { return div.dataset.rendered === "error"; }).length;
      document.body.dataset.chartsFailed = String(failed);
      document.body.dataset.chartsRendered = "true";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
"""
"""JavaScript run once per page after :func:`javascript_bundle`: draws every ``div.ascc-chart`` of :func:`chart_html`.

Each chart's spec is parsed from its ``script.ascc-chart-spec`` and drawn with ``vegaEmbed`` (SVG renderer, no
action menu) into a child element; on success the div gets ``data-rendered="true"``, on failure
``data-rendered="error"``, an error message set as text (never as markup) and a ``console.error``. When every chart
has settled, ``document.body`` gets ``data-charts-rendered="true"`` and ``data-charts-failed="<count>"``.
vega-embed's notice that Vega-Lite 5 output runs on Vega 6 (the pairing the bundle ships) is kept off the console.
"""

_CONFIG: dict[str, Any] = {
    "axis": {"labelFontSize": 11, "titleFontSize": 12},
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 240},
    "title": {"fontSize": 14, "anchor": "start"},
}
_WIDTH = 560
_HEIGHT = 300
_STEP = 18  # pixels per category on a discrete axis that grows with the data
_MAX_TICKS = 40  # an integer (year) axis lists every value up to this many
_NETWORK_SIZE = 680
_LABEL_LIMIT = 120  # pixels; longer node labels end in an ellipsis (the tooltip has the full text)
_FACET_SIZE = 240
_RISING_COLOR = "#2166ac"
_FALLING_COLOR = "#b2182b"
_EDGE_COLOR = "#8c8c8c"
_LARGE_SPEC_CHARS = 1_000_000
_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}
_BUNDLE_SNIPPET = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
_JS_BREAKOUT = re.compile(r"</(script)|<!--", re.IGNORECASE)
_WRAP_STYLE = "white-space: pre-wrap; text-align: left; min-width: 24em; max-width: 60em; vertical-align: top"
_NUMERIC_STYLE = "text-align: right; vertical-align: top; white-space: nowrap"
_TEXT_STYLE = "text-align: left; vertical-align: top"


# ------------------------------------------------------------------------------------------ display objects


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite v5 chart ready to display.

    Attributes:
        spec: A complete Vega-Lite v5 specification (``$schema``, inline ``data.values``), JSON-serialisable.
        title: The chart's title (also in ``spec``); shown as the plain-text representation.
    """

    spec: dict[str, Any]
    title: str

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """The Vega-Lite spec for JupyterLab and a text fallback (no HTML: the report exporter adds it)."""
        return {VEGALITE_MIME: self.spec, "text/plain": f"<Chart: {self.title}>"}

    def to_html(self) -> str:
        """The HTML fragment of :func:`chart_html` for this chart."""
        return chart_html(self.spec)


@dataclass(frozen=True, eq=False)
class Table:
    """A frame shown as an HTML table in which every header, cell and the caption are escaped.

    Attributes:
        rows: The rows shown (the first ``max_rows`` of the frame given to :func:`table`).
        n_rows: How many rows the frame had.
        caption: The caption, or ``None``.
        wrap: Columns of long text shown in full, wrapped.
    """

    rows: pl.DataFrame
    n_rows: int
    caption: str | None = None
    wrap: tuple[str, ...] = ()

    @property
    def note(self) -> str | None:
        """``"showing 50 of 1234 rows"`` when rows were left out, ``"no rows"`` for an empty frame, else ``None``."""
        if self.n_rows == 0:
            return "no rows"
        if self.rows.height < self.n_rows:
            return f"showing {self.rows.height} of {self.n_rows} rows"
        return None

    def to_html(self) -> str:
        """The table as an HTML fragment; every text that comes from the data is escaped."""
        numeric = {name for name, dtype in self.rows.schema.items() if dtype.is_numeric()}
        parts = ['<div class="ascc-table" style="overflow-x: auto">', '<table class="ascc-table">']
        if self.caption is not None:
            parts.append(f'<caption style="text-align: left">{_escape(self.caption)}</caption>')
        header = "".join(f'<th scope="col">{_escape(name)}</th>' for name in self.rows.columns)
        parts.append(f"<thead><tr>{header}</tr></thead>")
        parts.append("<tbody>")
        for row in self.rows.iter_rows():
            cells = []
            for name, value in zip(self.rows.columns, row, strict=True):
                if name in self.wrap:
                    attributes = f' class="ascc-wrap" style="{_WRAP_STYLE}"'
                elif name in numeric:
                    attributes = f' style="{_NUMERIC_STYLE}"'
                else:
                    attributes = f' style="{_TEXT_STYLE}"'
                cells.append(f"<td{attributes}>{_escape(_cell_text(value))}</td>")
            parts.append(f"<tr>{''.join(cells)}</tr>")
        parts.append("</tbody></table>")
        if self.note is not None:
            parts.append(f'<p class="ascc-table-note">{_escape(self.note)}</p>')
        parts.append("</div>")
        return "".join(parts)

    def to_text(self) -> str:
        """A plain-text rendering: caption, the rows shown (polars' layout) and the note."""
        lines = [self.caption] if self.caption else []
        lines.append(str(self.rows))
        if self.note is not None:
            lines.append(self.note)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": self.to_text()}


@dataclass(frozen=True)
class Quote:
    """An evidence paragraph shown as an escaped HTML blockquote with its source (a ``para_id``).

    Attributes:
        text: The paragraph text, shown verbatim (line breaks kept).
        source: Where it comes from, usually the ``para_id``.
    """

    text: str
    source: str

    def to_html(self) -> str:
        """The quote as ``<figure><blockquote>…</blockquote><figcaption>…</figcaption></figure>``, escaped."""
        return (
            f'<figure class="ascc-quote" data-para-id="{_escape(self.source)}">'
            f'<blockquote style="white-space: pre-wrap">{_escape(self.text)}</blockquote>'
            f"<figcaption>{_escape(self.source)}</figcaption></figure>"
        )

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, str]:
        return {"text/html": self.to_html(), "text/plain": f"{self.text}\n  ({self.source})"}


# ------------------------------------------------------------------------------------------ HTML and scripts


def chart_html(spec: Mapping[str, Any] | Chart) -> str:
    """Render a chart as the HTML fragment the report exporter places in a page.

    The fragment is ``<div class="ascc-chart" data-chart="ID"><script type="application/json"
    class="ascc-chart-spec">JSON</script></div>``, where ``ID`` is the first 12 hex digits of the SHA-256 of the JSON
    and the JSON has ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\u003c``-style escapes, so no text in the
    spec (a statement quoting ``</script>``) can end the script element. :data:`CHART_INIT_SCRIPT` draws it.

    Args:
        spec: A Vega-Lite spec, or a :class:`Chart`.

    Returns:
        The HTML fragment.

    Raises:
        ParameterError: The spec is not JSON-serialisable (or holds NaN or infinity).
    """
    payload = _script_json(spec.spec if isinstance(spec, Chart) else spec)
    chart_id = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
    return (
        f'<div class="ascc-chart" data-chart="{chart_id}">'
        f'<script type="application/json" class="ascc-chart-spec">{payload}</script></div>'
    )


@functools.cache
def javascript_bundle() -> str:
    """Vega, Vega-Lite (:data:`VEGALITE_VERSION`) and vega-embed in one offline script (about 0.9 MB).

    The bundle comes from ``vl-convert-python`` and defines ``window.vegaEmbed``, ``window.vega`` and
    ``window.vegaLite``. It is made safe to inline in ``<script>…</script>``: any ``</script`` or ``<!--`` in it
    (there are none in the releases checked) has its ``<`` written as ``\\x3C``, which means the same inside the
    string, template or regular-expression literal where such text can occur. Computed once per process.

    Returns:
        The JavaScript source.
    """
    import vl_convert

    bundle = vl_convert.javascript_bundle(_BUNDLE_SNIPPET, vl_version=VEGALITE_VERSION)
    safe, n_escaped = _JS_BREAKOUT.subn(lambda match: "\\x3C" + match.group(0)[1:], bundle)
    if n_escaped:
        log.info("javascript bundle: escaped %d '</script' or '<!--' sequence(s)", n_escaped)
    log.debug("javascript bundle: %d characters (Vega-Lite %s)", len(safe), VEGALITE_VERSION)
    return safe


# ------------------------------------------------------------------------------------------ chart builders


def line_band(
    frame: pl.DataFrame,
    *,
    x: str,
    y: str,
    lower: str,
    upper: str,
    color: str | None = None,
    title: str,
    x_title: str | None = None,
    y_title: str | None = None,
    y_format: str = ".0%",
) -> Chart:
    """A trend line with its confidence band, one line per value of ``color`` (e.g. theme shares per year).

    The band is an area from ``lower`` to ``upper``; the line has a point per row with a tooltip giving ``x``,
    the group, ``y`` and the interval. An integer ``x`` (a year) is drawn as a number axis without thousands
    separators; a date as a time axis; text as ordered categories.

    Args:
        frame: One row per ``x`` (and group).
        x: Column on the horizontal axis (usually ``year``).
        y: The estimate.
        lower: Lower end of the interval.
        upper: Upper end of the interval.
        color: Column naming the group of each line, or ``None`` for one line.
        title: Chart title.
        x_title: Axis title (default: the column name made readable).
        y_title: Axis title (default: the column name made readable).
        y_format: d3 format of ``y`` and its interval on the axis and in tooltips (``".0%"`` for shares).

    Returns:
        The chart.

    Raises:
        ParameterError: A named column is not in ``frame``.
    """
    _check_columns(frame, {"x": x, "y": y, "lower": lower, "upper": upper, "color": color}, chart="line_band")
    columns = _unique([x, color, y, lower, upper])
    x_encoding = _continuous_x(frame, x, title=x_title)
    value_title = y_title if y_title is not None else _readable(y)
    encoding: dict[str, Any] = {"x": x_encoding}
    if color is not None:
        encoding["color"] = _color(frame, color, integer="nominal")
    encoding["tooltip"] = [
        _tooltip(frame, name, fmt=y_format if name in (y, lower, upper) else None) for name in columns
    ]
    layers = [
        {
            "mark": {"type": "area", "opacity": 0.2},
            "encoding": {
                "y": {"field": _field(lower), "type": "quantitative", "title": value_title},
                "y2": {"field": _field(upper)},
            },
        },
        {
            "mark": {"type": "line", "point": True},
            "encoding": {
                "y": {
                    "field": _field(y),
                    "type": "quantitative",
                    "title": value_title,
                    "axis": {"format": y_format},
                }
            },
        },
    ]
    body = {"width": _WIDTH, "height": _HEIGHT, "encoding": encoding, "layer": layers}
    return _chart(title, _values(frame, columns), body)


def bar(
    frame: pl.DataFrame,
    *,
    x: str,
    y: str,
    color: str | None = None,
    title: str,
    horizontal: bool = False,
    sort: BarSort = "data",
    grouped: bool = False,
    x_title: str | None = None,
    y_title: str | None = None,
    y_format: str | None = None,
) -> Chart:
    """A bar chart: one bar per category ``x`` of height ``y``, stacked (or grouped) by ``color``.

    Args:
        frame: One row per category (and colour group).
        x: The category column (an integer column such as ``year`` is drawn as ordered categories).
        y: The value column.
        color: Column splitting each bar by colour, or ``None``. Integers (years) get an ordered colour scale.
        title: Chart title.
        horizontal: Lay the categories down the side (bars run left to right); for long labels such as ``doc_id``.
        sort: ``"data"`` keeps the frame's row order, ``"category"`` sorts the categories, ``"descending"`` and
            ``"ascending"`` sort them by their total value.
        grouped: Put the coloured bars side by side instead of stacking them.
        x_title: Title of the category axis (default: the column name made readable).
        y_title: Title of the value axis (default: the column name made readable).
        y_format: d3 format of the values on the axis and in tooltips, or ``None``.

    Returns:
        The chart.

    Raises:
        ParameterError: A named column is not in ``frame`` or ``sort`` is unknown.
    """
    _check_choice("sort", sort, BarSort)
    _check_columns(frame, {"x": x, "y": y, "color": color}, chart="bar")
    columns = _unique([x, color, y])
    category_channel, value_channel = ("y", "x") if horizontal else ("x", "y")
    sort_spec: Any = {
        "data": None,
        "category": "ascending",
        "descending": {"field": _field(y), "op": "sum", "order": "descending"},
        "ascending": {"field": _field(y), "op": "sum", "order": "ascending"},
    }[sort]
    category: dict[str, Any] = {
        "field": _field(x),
        "type": _discrete_type(frame.schema[x]),
        "title": x_title if x_title is not None else _readable(x),
        "sort": sort_spec,
    }
    if not horizontal and frame.schema[x].is_integer():
        category["axis"] = {"labelAngle": 0}  # years read across
    value: dict[str, Any] = {
        "field": _field(y),
        "type": "quantitative",
        "title": y_title if y_title is not None else _readable(y),
    }
    if y_format is not None:
        value["axis"] = {"format": y_format}
    encoding: dict[str, Any] = {category_channel: category, value_channel: value}
    if color is not None:
        encoding["color"] = _color(frame, color, integer="ordinal")
        if grouped:
            encoding[f"{category_channel}Offset"] = {"field": _field(color)}
    encoding["tooltip"] = [_tooltip(frame, name, fmt=y_format if name == y else None) for name in columns]
    size: dict[str, Any] = {"width": _WIDTH, "height": {"step": _STEP}} if horizontal else {"width": _WIDTH}
    if not horizontal:
        size["height"] = _HEIGHT
    body = {**size, "mark": {"type": "bar"}, "encoding": encoding}
    return _chart(title, _values(frame, columns), body)


def diverging_bar(
    frame: pl.DataFrame,
    *,
    term: str,
    value: str,
    lower: str | None = None,
    upper: str | None = None,
    title: str,
    value_title: str | None = None,
    value_format: str | None = None,
    labels: tuple[str, str] = ("rising", "falling"),
) -> Chart:
    """Horizontal bars left and right of zero, one per term, largest value at the top.

    For rising and falling terms, word-shift contributions (signed) and share changes; ``lower`` and ``upper``
    add an interval as an error bar. Bars with ``value >= 0`` get the first label and colour, the others the second.

    Args:
        frame: One row per term.
        term: The label column.
        value: The signed value.
        lower: Lower end of the interval, or ``None``.
        upper: Upper end of the interval, or ``None`` (give both or neither).
        title: Chart title.
        value_title: Axis title (default: the column name made readable).
        value_format: d3 format of the values, or ``None``.
        labels: Legend labels of positive and negative values.

    Returns:
        The chart.

    Raises:
        ParameterError: A named column is not in ``frame``, or only one of ``lower`` and ``upper`` is given.
    """
    if (lower is None) != (upper is None):
        raise ParameterError(
            f"diverging_bar: give both lower and upper or neither (got lower={lower!r}, upper={upper!r})"
        )
    _check_columns(frame, {"term": term, "value": value, "lower": lower, "upper": upper}, chart="diverging_bar")
    columns = _unique([term, value, lower, upper])
    axis_title = value_title if value_title is not None else _readable(value)
    x_encoding: dict[str, Any] = {"field": _field(value), "type": "quantitative", "title": axis_title}
    if value_format is not None:
        x_encoding["axis"] = {"format": value_format}
    y_encoding = {
        "field": _field(term),
        "type": "nominal",
        "title": None,
        "sort": {"field": _field(value), "op": "sum", "order": "descending"},
    }
    positive, negative = labels
    tooltip = [_tooltip(frame, name, fmt=value_format if name != term else None) for name in columns]
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar"},
            "encoding": {
                "x": x_encoding,
                "y": y_encoding,
                "color": {
                    "field": "_direction",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": [positive, negative], "range": [_RISING_COLOR, _FALLING_COLOR]},
                },
                "tooltip": tooltip,
            },
        }
    ]
    if lower is not None and upper is not None:
        layers.append(
            {
                "mark": {"type": "rule", "color": "#333333"},
                "encoding": {
                    "x": {"field": _field(lower), "type": "quantitative", "title": axis_title},
                    "x2": {"field": _field(upper)},
                    "y": y_encoding,
                    "tooltip": tooltip,
                },
            }
        )
    layers.append(
        {"data": {"values": [{}]}, "mark": {"type": "rule", "color": "#666666"}, "encoding": {"x": {"datum": 0}}}
    )
    direction = f"datum[{json.dumps(value)}] >= 0 ? {json.dumps(positive)} : {json.dumps(negative)}"
    body = {
        "width": _WIDTH,
        "height": {"step": _STEP},
        "transform": [{"calculate": direction, "as": "_direction"}],
        "layer": layers,
    }
    return _chart(title, _values(frame, columns), body)


def heatmap(
    frame: pl.DataFrame,
    *,
    x: str,
    y: str,
    value: str,
    title: str,
    tooltip: Sequence[str] = (),
    value_format: str | None = None,
    labels: bool = False,
    x_title: str | None = None,
    y_title: str | None = None,
) -> Chart:
    """A grid of cells coloured by ``value`` (e.g. year × theme shares, year × body presence).

    Args:
        frame: One row per cell.
        x: Column across (an integer ``year`` is drawn as ordered categories without separators).
        y: Column down.
        value: The colour; numbers get a sequential scale, text a categorical one.
        title: Chart title.
        tooltip: More columns to show in each cell's tooltip.
        value_format: d3 format of ``value`` in tooltips, the legend and labels, or ``None``.
        labels: Write the value in each cell.
        x_title: Axis title (default: the column name made readable).
        y_title: Axis title (default: the column name made readable).

    Returns:
        The chart.

    Raises:
        ParameterError: A named column is not in ``frame``.
    """
    named = {"x": x, "y": y, "value": value} | {f"tooltip[{i}]": name for i, name in enumerate(tooltip)}
    _check_columns(frame, named, chart="heatmap")
    columns = _unique([x, y, value, *tooltip])
    numeric = frame.schema[value].is_numeric()
    color: dict[str, Any] = {
        "field": _field(value),
        "type": "quantitative" if numeric else "nominal",
        "title": _readable(value),
    }
    if numeric:
        color["scale"] = {"scheme": "blues"}
        if value_format is not None:
            color["legend"] = {"format": value_format}
    encoding: dict[str, Any] = {
        "x": {
            "field": _field(x),
            "type": _discrete_type(frame.schema[x]),
            "title": x_title if x_title is not None else _readable(x),
        },
        "y": {
            "field": _field(y),
            "type": _discrete_type(frame.schema[y]),
            "title": y_title if y_title is not None else _readable(y),
        },
    }
    if frame.schema[x].is_integer():
        encoding["x"]["axis"] = {"labelAngle": 0}  # years read across
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "rect"},
            "encoding": {
                "color": color,
                "tooltip": [_tooltip(frame, name, fmt=value_format if name == value else None) for name in columns],
            },
        }
    ]
    if labels:
        text: dict[str, Any] = {"field": _field(value), "type": "quantitative" if numeric else "nominal"}
        if numeric and value_format is not None:
            text["format"] = value_format
        layers.append({"mark": {"type": "text", "fontSize": 10}, "encoding": {"text": text}})
    body = {"width": {"step": 2 * _STEP}, "height": {"step": _STEP}, "encoding": encoding, "layer": layers}
    return _chart(title, _values(frame, columns), body)


def point_range(
    frame: pl.DataFrame,
    *,
    x: str,
    y: str,
    lower: str,
    upper: str,
    title: str,
    color: str | None = None,
    x_title: str | None = None,
    x_format: str | None = None,
) -> Chart:
    """Estimates with intervals: one row per category ``y``, a point at ``x`` and a line from ``lower`` to ``upper``.

    Args:
        frame: One row per category (kept in the frame's order).
        x: The estimate (horizontal).
        y: The category (vertical).
        lower: Lower end of the interval of ``x``.
        upper: Upper end of the interval of ``x``.
        title: Chart title.
        color: Column colouring the points, or ``None``.
        x_title: Axis title (default: the column name made readable).
        x_format: d3 format of the estimate and interval, or ``None``.

    Returns:
        The chart.

    Raises:
        ParameterError: A named column is not in ``frame``.
    """
    _check_columns(frame, {"x": x, "y": y, "lower": lower, "upper": upper, "color": color}, chart="point_range")
    columns = _unique([y, color, x, lower, upper])
    axis_title = x_title if x_title is not None else _readable(x)
    x_encoding: dict[str, Any] = {"field": _field(x), "type": "quantitative", "title": axis_title}
    if x_format is not None:
        x_encoding["axis"] = {"format": x_format}
    encoding: dict[str, Any] = {
        "y": {"field": _field(y), "type": _discrete_type(frame.schema[y]), "title": _readable(y), "sort": None},
        "tooltip": [_tooltip(frame, name, fmt=x_format if name in (x, lower, upper) else None) for name in columns],
    }
    point_encoding: dict[str, Any] = {"x": x_encoding}
    if color is not None:
        point_encoding["color"] = _color(frame, color, integer="nominal")
    layers = [
        {
            "mark": {"type": "rule"},
            "encoding": {
                "x": {"field": _field(lower), "type": "quantitative", "title": axis_title},
                "x2": {"field": _field(upper)},
            },
        },
        {"mark": {"type": "point", "filled": True, "size": 60}, "encoding": point_encoding},
    ]
    body = {"width": _WIDTH, "height": {"step": _STEP}, "encoding": encoding, "layer": layers}
    return _chart(title, _values(frame, columns), body)


def timeline(
    frame: pl.DataFrame,
    *,
    x: str,
    y: str,
    color: str | None = None,
    title: str,
    tooltip: Sequence[str] = (),
    x_title: str | None = None,
) -> Chart:
    """Events on a time axis: a mark at ``x`` (a year) on the row of ``y`` (e.g. instruments new or dropped).

    Args:
        frame: One row per event.
        x: When (an integer year, a date, or ordered text).
        y: What (one row of the chart per value, in the frame's order).
        color: Column giving the kind of event (``new``, ``dropped``, ...), shown as colour and shape, or ``None``.
        title: Chart title.
        tooltip: More columns for the tooltip.
        x_title: Axis title (default: the column name made readable).

    Returns:
        The chart.

    Raises:
        ParameterError: A named column is not in ``frame``.
    """
    named = {"x": x, "y": y, "color": color} | {f"tooltip[{i}]": name for i, name in enumerate(tooltip)}
    _check_columns(frame, named, chart="timeline")
    columns = _unique([y, x, color, *tooltip])
    encoding: dict[str, Any] = {
        "x": _continuous_x(frame, x, title=x_title),
        "y": {"field": _field(y), "type": _discrete_type(frame.schema[y]), "title": _readable(y), "sort": None},
        "tooltip": [_tooltip(frame, name) for name in columns],
    }
    if color is not None:
        encoding["color"] = _color(frame, color, integer="nominal")
        encoding["shape"] = {"field": _field(color), "type": "nominal", "title": _readable(color)}
    body = {
        "width": _WIDTH,
        "height": {"step": _STEP},
        "mark": {"type": "point", "filled": True, "size": 70},
        "encoding": encoding,
    }
    return _chart(title, _values(frame, columns), body)


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


# ------------------------------------------------------------------------------------------ tables and quotes


def table(frame: pl.DataFrame, *, caption: str | None = None, max_rows: int = 50, wrap: Sequence[str] = ()) -> Table:
    """Show a frame as an escaped HTML table (for evidence paragraphs and other real statement text).

    Every header and cell is HTML-escaped (list cells joined by ``", "``, floats to 4 significant digits, nulls
    empty); columns in ``wrap`` are shown in full with wrapping; only the first ``max_rows`` rows are shown, with a
    note ``showing 50 of N rows``. (polars' own ``DataFrame._repr_html_`` escapes too, but cuts text cells short.)

    Args:
        frame: The rows to show.
        caption: A caption above the table, or ``None``.
        max_rows: Show at most this many rows (at least 1).
        wrap: Columns of long text to wrap and show in full.

    Returns:
        A :class:`Table` (rendered by Jupyter and by the report exporter).

    Raises:
        ParameterError: ``max_rows`` is below 1 or a ``wrap`` column is not in ``frame``.
    """
    if max_rows < 1:
        raise ParameterError(f"table: max_rows must be at least 1, got {max_rows!r}")
    _check_columns(frame, {f"wrap[{i}]": name for i, name in enumerate(wrap)}, chart="table")
    return Table(rows=frame.head(max_rows), n_rows=frame.height, caption=caption, wrap=tuple(wrap))


def quote(text: str, *, source: str) -> Quote:
    """Show a paragraph of evidence as an escaped blockquote with its source.

    Args:
        text: The paragraph text (shown verbatim, escaped).
        source: Its ``para_id`` (or another reference), shown under it.

    Returns:
        A :class:`Quote`.
    """
    return Quote(text=text, source=source)


# ------------------------------------------------------------------------------------------ helpers


def _chart(title: str, values: list[dict[str, Any]], body: Mapping[str, Any]) -> Chart:
    """Assemble a complete spec (schema, title, inline data, config) around ``body``."""
    spec: dict[str, Any] = {
        "$schema": VEGALITE_SCHEMA,
        "title": title,
        "data": {"values": values},
        **body,
        "config": _CONFIG,
    }
    n_chars = len(json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
    if n_chars > _LARGE_SPEC_CHARS:
        log.warning("chart %r is large: %d characters of JSON for %d rows", title, n_chars, len(values))
    else:
        log.debug("chart %r: %d characters of JSON for %d rows", title, n_chars, len(values))
    return Chart(spec=spec, title=title)


def _check_columns(frame: pl.DataFrame, named: Mapping[str, str | None], *, chart: str) -> None:
    """Raise if a named column (``None`` = not used) is not in ``frame``, naming it and the available ones."""
    missing = [f"{option}={column!r}" for option, column in named.items() if column and column not in frame.columns]
    if missing:
        available = ", ".join(repr(name) for name in frame.columns) or "none"
        raise ParameterError(f"{chart}: column not in the frame: {', '.join(missing)}; available columns: {available}")


def _check_choice(name: str, value: object, choices: Any) -> None:
    accepted = get_args(choices)
    if value not in accepted:
        raise ParameterError(f"{name} must be one of {', '.join(map(repr, accepted))}, got {value!r}")


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


def _values(frame: pl.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of ``columns`` as JSON-ready dicts: floats rounded, lists joined, dates as ISO text."""
    return frame.select([_display(pl.col(name), frame.schema[name]).alias(name) for name in columns]).to_dicts()


def _display(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """An expression turning one column into JSON-ready values (see :func:`_values`)."""
    if dtype.is_float():
        return pl.when(expr.is_finite()).then(expr.round_sig_figs(SIGNIFICANT_DIGITS)).otherwise(None)
    if dtype.is_decimal():
        return _display(expr.cast(pl.Float64), pl.Float64())
    if dtype.is_numeric() or dtype == pl.Boolean or dtype == pl.String or dtype == pl.Null:
        return expr
    return _text(expr, dtype)


def _text(expr: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """An expression turning any column into text (lists joined by ``", "``)."""
    if isinstance(dtype, pl.Array):
        return _text(expr.arr.to_list(), pl.List(dtype.inner))
    if isinstance(dtype, pl.List):
        return expr.list.eval(_text(pl.element(), _instance(dtype.inner))).list.join(", ")
    if dtype.is_float():
        return expr.round_sig_figs(SIGNIFICANT_DIGITS).cast(pl.String)
    if dtype == pl.Date:
        return expr.dt.to_string("%Y-%m-%d")
    if isinstance(dtype, pl.Datetime):
        return expr.dt.to_string("%Y-%m-%dT%H:%M:%S%.3f" + ("%:z" if dtype.time_zone else ""))
    if dtype == pl.Time:
        return expr.dt.to_string("%H:%M:%S")
    if isinstance(dtype, pl.Struct):
        return expr.struct.json_encode()
    if dtype == pl.Binary:
        return expr.bin.encode("hex")
    if dtype == pl.Object:
        return expr.map_elements(str, return_dtype=pl.String)
    return expr.cast(pl.String)


def _instance(dtype: Any) -> pl.DataType:
    """A data type as an instance (inner types of nested types may be given as classes)."""
    instance: pl.DataType = dtype() if isinstance(dtype, type) else dtype
    return instance


def _round_float(value: float) -> float:
    if value == 0 or not math.isfinite(value):
        return value
    return round(value, SIGNIFICANT_DIGITS - 1 - math.floor(math.log10(abs(value))))


def _cell_text(value: Any) -> str:
    """A table cell's text: nulls empty, floats to 4 significant digits, lists joined by ``", "``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _format_float(value)
    if isinstance(value, list | tuple):
        return ", ".join(_cell_text(item) for item in value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _format_float(value: float) -> str:
    """Four significant digits in fixed notation (``0.1235``, ``12.35``, ``12346``), scientific below 1e-4."""
    if not math.isfinite(value):
        return str(value)
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    if magnitude < -4:
        return f"{value:.{SIGNIFICANT_DIGITS - 1}e}"
    decimals = max(0, SIGNIFICANT_DIGITS - 1 - magnitude)
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _escape(text: str) -> str:
    return html.escape(text, quote=True)


def _script_json(spec: Mapping[str, Any]) -> str:
    """JSON of ``spec`` that is safe inside ``<script type="application/json">``."""
    try:
        payload = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ParameterError(f"chart spec is not plain JSON (numbers must be finite): {error}") from error
    return payload.translate(_SCRIPT_ESCAPES)


def _field(name: str) -> str:
    """A column name as a Vega-Lite field (dots and brackets would otherwise mean nested access)."""
    return name.replace("\\", "\\\\").replace(".", "\\.").replace("[", "\\[").replace("]", "\\]")


def _readable(name: str) -> str:
    """``share_docs`` → ``Share docs`` (axis and legend titles)."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else name


def _unique(names: Iterable[str | None]) -> list[str]:
    return list(dict.fromkeys(name for name in names if name is not None))


def _discrete_type(dtype: pl.DataType) -> str:
    """Vega-Lite type of a category axis: numbers and dates are ordered (ordinal), text is nominal."""
    return "ordinal" if dtype.is_numeric() or dtype.is_temporal() else "nominal"


def _continuous_x(frame: pl.DataFrame, x: str, *, title: str | None) -> dict[str, Any]:
    """A time-like horizontal axis: integer years as plain numbers, dates as time, text as ordered categories."""
    dtype = frame.schema[x]
    encoding: dict[str, Any] = {"field": _field(x), "title": title if title is not None else _readable(x)}
    if dtype.is_integer():
        encoding |= {"type": "quantitative", "scale": {"zero": False}, "axis": _integer_axis(frame.get_column(x))}
    elif dtype.is_float():
        encoding |= {"type": "quantitative", "scale": {"zero": False}}
    elif dtype.is_temporal():
        encoding["type"] = "temporal"
    else:
        encoding |= {"type": "ordinal", "sort": None}
    return encoding


def _integer_axis(values: pl.Series) -> dict[str, Any]:
    """Axis of whole numbers (years): no thousands separators, and a tick at each value when there are few."""
    distinct = sorted(int(value) for value in values.drop_nulls().unique())
    if 0 < len(distinct) <= _MAX_TICKS:
        return {"format": "d", "values": distinct}
    return {"format": "d", "tickMinStep": 1}


def _integer_legend(values: pl.Series) -> dict[str, Any]:
    """Legend of a whole-number size (degree): at most five whole values, no separators."""
    distinct = sorted(int(value) for value in values.drop_nulls().unique())
    if len(distinct) > 5:
        low, high = distinct[0], distinct[-1]
        distinct = sorted({round(low + (high - low) * step / 4) for step in range(5)})
    return {"format": "d", "values": distinct} if distinct else {"format": "d"}


def _color(frame: pl.DataFrame, column: str, *, integer: Literal["nominal", "ordinal"]) -> dict[str, Any]:
    """Colour channel: decimals on a scale, whole numbers as ``integer`` says, anything else as categories."""
    dtype = frame.schema[column]
    if dtype.is_float():
        kind = "quantitative"
    elif dtype.is_integer() or dtype.is_temporal():
        kind = integer
    else:
        kind = "nominal"
    return {"field": _field(column), "type": kind, "title": _readable(column)}


def _tooltip(frame: pl.DataFrame, column: str, *, fmt: str | None = None) -> dict[str, Any]:
    """Tooltip entry: integers without thousands separators, decimals as given (default up to 4 digits)."""
    dtype = frame.schema[column]
    entry: dict[str, Any] = {"field": _field(column), "title": _readable(column)}
    if dtype.is_integer():
        entry |= {"type": "quantitative", "format": fmt or "d"}
    elif dtype.is_numeric():
        entry |= {"type": "quantitative", "format": fmt or ".4~g"}
    else:
        entry["type"] = "nominal"
    return entry
