"""Plots, spec assembly: what every chart builder shares.

:func:`_chart` puts a builder's body into a complete Vega-Lite v5 spec (``$schema``, title, inline
``data.values``, the common config) and wraps it as a :class:`~ascc_analysis.report.plots.bundle.Chart`; the other
helpers check the columns a builder names, turn a polars frame into JSON-ready rows (floats rounded to
:data:`SIGNIFICANT_DIGITS` significant digits, lists joined, dates as ISO text) and build the channel encodings
(axes, colours, tooltips) shared by the charts of :mod:`.charts` and :mod:`.network`. Pure: frames in, dicts out.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal, get_args

import polars as pl

from ascc_analysis.errors import ParameterError
from ascc_analysis.report.plots.bundle import Chart

log = logging.getLogger(__name__)

VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
SIGNIFICANT_DIGITS = 4
"""Floats in chart data are rounded to this many significant digits."""

_CONFIG: dict[str, Any] = {
    "axis": {"labelFontSize": 11, "titleFontSize": 12},
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "labelLimit": 240},
    "title": {"fontSize": 14, "anchor": "start"},
}
_MAX_TICKS = 40  # an integer (year) axis lists every value up to this many
_LARGE_SPEC_CHARS = 1_000_000


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
