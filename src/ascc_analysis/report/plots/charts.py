"""Plots, chart builders: trend lines with bands, bars, diverging bars, heatmaps, point ranges and timelines.

Each builder takes a polars frame first and options keyword-only, keeps only the columns it draws and returns a
:class:`~ascc_analysis.report.plots.bundle.Chart` (a Vega-Lite v5 spec with its rows inline): :func:`line_band`
for shares per year with confidence bands, :func:`bar`, :func:`diverging_bar` for rising and falling terms,
:func:`heatmap`, :func:`point_range` and :func:`timeline`. Pure: no file I/O, no analysis.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

import polars as pl

from ascc_analysis.errors import ParameterError
from ascc_analysis.report.plots.bundle import Chart
from ascc_analysis.report.plots.spec import (
    _chart,
    _check_choice,
    _check_columns,
    _color,
    _continuous_x,
    _discrete_type,
    _field,
    _readable,
    _tooltip,
    _unique,
    _values,
)

BarSort = Literal["data", "category", "descending", "ascending"]
"""Order of the bars: as the frame is sorted, by category, or by value (largest or smallest first)."""

_WIDTH = 560
_HEIGHT = 300
_STEP = 18  # pixels per category on a discrete axis that grows with the data
_RISING_COLOR = "#2166ac"
_FALLING_COLOR = "#b2182b"


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
