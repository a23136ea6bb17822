"""Tests for ascc_analysis.report.plots: spec structure and data, escaping, the script bundle, tables and quotes."""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from typing import Any

import polars as pl
import pytest
import vl_convert
from hypothesis import given, settings
from hypothesis import strategies as st

from ascc_analysis.analysis import networks
from ascc_analysis.errors import ParameterError
from ascc_analysis.report import plots

BREAKOUT = "</script><script>alert(1)</script>"


# ------------------------------------------------------------------------------------------ helpers


class _Elements(HTMLParser):
    """Collects start tags (with attributes) and the text inside each element, as a browser's tokenizer would."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            self.text.setdefault(self._open[-1], []).append(data)


def _parse(fragment: str) -> _Elements:
    parser = _Elements()
    parser.feed(fragment)
    parser.close()
    return parser


def _compiles(chart: plots.Chart) -> dict[str, Any]:
    """Compile with the Vega-Lite release the page bundle carries (raises on an invalid spec)."""
    vega: dict[str, Any] = vl_convert.vegalite_to_vega(chart.spec, vl_version=plots.VEGALITE_VERSION)
    return vega


def _node_rows(chart: plots.Chart) -> list[dict[str, Any]]:
    return [row for row in chart.spec["data"]["values"] if row["_kind"] == "node"]


def _edge_rows(chart: plots.Chart) -> list[dict[str, Any]]:
    return [row for row in chart.spec["data"]["values"] if row["_kind"] == "edge"]


@pytest.fixture
def shares() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "year": [2019, 2020, 2021, 2019, 2020, 2021],
            "label": ["health", "health", "health", "youth", "youth", "youth"],
            "share": [0.1, 0.123456, 0.2, 0.3, 0.31, 0.29],
            "ci_low": [0.05, 0.1, 0.15, 0.2, 0.25, 0.2],
            "ci_high": [0.15, 0.2, 0.25, 0.4, 0.35, 0.33],
            "n_tagged": [10, 12, 20, 30, 31, 29],
        }
    )


@pytest.fixture
def network() -> tuple[pl.DataFrame, pl.DataFrame, dict[str, tuple[float, float]]]:
    nodes = pl.DataFrame(
        {
            "node_id": ["ALMM", "ASCC", "SOMHD"],
            "community": [0, 0, 1],
            "degree": [2, 1, 1],
            "aliases": [["labour", "ministers"], None, ["health"]],
        }
    )
    edges = pl.DataFrame({"source": ["ALMM", "ALMM"], "target": ["ASCC", "SOMHD"], "weight": [1.5, 0.5]})
    layout = {"ALMM": (0.0, 0.0), "ASCC": (0.8, 0.4), "SOMHD": (-0.6, -0.2), "AMMW": (0.2, 0.9)}
    return nodes, edges, layout


# ------------------------------------------------------------------------------------------ Chart


def test_chart_mimebundle_is_vegalite_and_text_without_html(shares: pl.DataFrame) -> None:
    chart = plots.line_band(shares, x="year", y="share", lower="ci_low", upper="ci_high", title="Shares")
    bundle = chart._repr_mimebundle_()
    assert set(bundle) == {plots.VEGALITE_MIME, "text/plain"}
    assert plots.VEGALITE_MIME == "application/vnd.vegalite.v5+json"
    assert bundle[plots.VEGALITE_MIME] is chart.spec
    assert bundle["text/plain"] == "<Chart: Shares>"
    assert not hasattr(chart, "_repr_html_")
    assert chart.spec["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json"
    assert chart.spec["title"] == "Shares"
    assert chart.to_html() == plots.chart_html(chart.spec)


def test_every_builder_gives_a_spec_vegalite_compiles(
    shares: pl.DataFrame, network: tuple[pl.DataFrame, pl.DataFrame, dict[str, tuple[float, float]]]
) -> None:
    nodes, edges, layout = network
    yearly = pl.concat([edges.with_columns(year=pl.lit(2020)), edges.head(1).with_columns(year=pl.lit(2021))])
    charts = [
        plots.line_band(shares, x="year", y="share", lower="ci_low", upper="ci_high", color="label", title="a"),
        plots.bar(shares, x="year", y="n_tagged", color="label", title="b", grouped=True),
        plots.bar(shares, x="label", y="share", color="year", title="c", horizontal=True, sort="descending"),
        plots.diverging_bar(shares, term="label", value="share", lower="ci_low", upper="ci_high", title="d"),
        plots.heatmap(shares, x="year", y="label", value="share", title="e", tooltip=("n_tagged",), labels=True),
        plots.point_range(shares, x="share", y="label", lower="ci_low", upper="ci_high", title="f"),
        plots.timeline(shares, x="year", y="label", color="label", title="g"),
        plots.network_chart(nodes, edges, layout, title="h"),
        plots.network_chart(nodes.select("node_id", "community"), yearly, layout, size=None, facet="year", title="i"),
        plots.network_chart(nodes, edges, layout, color=None, size=None, edge_weight=None, label=None, title="j"),
    ]
    for chart in charts:
        vega = _compiles(chart)
        assert vega["$schema"].startswith("https://vega.github.io/schema/vega/")
        json.dumps(chart.spec, allow_nan=False)  # plain JSON, finite numbers


# ------------------------------------------------------------------------------------------ line_band


def test_line_band_structure_and_data(shares: pl.DataFrame) -> None:
    chart = plots.line_band(
        shares, x="year", y="share", lower="ci_low", upper="ci_high", color="label", title="T", y_title="share"
    )
    spec = chart.spec
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "line"]
    assert spec["layer"][1]["mark"]["point"] is True
    area, line = spec["layer"][0]["encoding"], spec["layer"][1]["encoding"]
    assert area["y"] == {"field": "ci_low", "type": "quantitative", "title": "share"}
    assert area["y2"] == {"field": "ci_high"}
    assert line["y"]["field"] == "share"
    assert line["y"]["axis"] == {"format": ".0%"}
    x = spec["encoding"]["x"]
    assert x["field"] == "year"
    assert x["type"] == "quantitative"
    assert x["axis"] == {"format": "d", "values": [2019, 2020, 2021]}  # years without thousands separators
    assert x["title"] == "Year"
    assert spec["encoding"]["color"] == {"field": "label", "type": "nominal", "title": "Label"}
    tooltip = {entry["field"]: entry for entry in spec["encoding"]["tooltip"]}
    assert list(tooltip) == ["year", "label", "share", "ci_low", "ci_high"]
    assert tooltip["year"]["format"] == "d"
    assert tooltip["share"]["format"] == ".0%"
    assert tooltip["ci_high"]["format"] == ".0%"
    # only the drawn columns, floats rounded to 4 significant digits (0.123456 -> 0.1235)
    expected = shares.drop("n_tagged").with_columns(share=pl.col("share").round_sig_figs(4))
    assert spec["data"]["values"] == expected.select("year", "label", "share", "ci_low", "ci_high").to_dicts()
    assert spec["data"]["values"][1]["share"] == 0.1235


def test_line_band_without_color_and_with_other_x_types(shares: pl.DataFrame) -> None:
    one = shares.filter(pl.col("label") == "health")
    chart = plots.line_band(one, x="year", y="share", lower="ci_low", upper="ci_high", title="T", y_format=".2f")
    assert "color" not in chart.spec["encoding"]
    assert chart.spec["layer"][1]["encoding"]["y"]["title"] == "Share"
    dated = one.with_columns(day=pl.date(pl.col("year"), 6, 30), pair=pl.format("{}→{}", pl.col("year") - 1, "year"))
    by_day = plots.line_band(dated, x="day", y="share", lower="ci_low", upper="ci_high", title="T")
    assert by_day.spec["encoding"]["x"]["type"] == "temporal"
    assert by_day.spec["data"]["values"][0]["day"] == "2019-06-30"
    by_pair = plots.line_band(dated, x="pair", y="share", lower="ci_low", upper="ci_high", title="T")
    assert by_pair.spec["encoding"]["x"] == {"field": "pair", "title": "Pair", "type": "ordinal", "sort": None}
    _compiles(by_day)
    _compiles(by_pair)


def test_year_axis_with_many_years_keeps_integer_steps() -> None:
    years = pl.DataFrame({"year": list(range(1950, 2000)), "share": [0.5] * 50, "low": [0.4] * 50, "high": [0.6] * 50})
    chart = plots.line_band(years, x="year", y="share", lower="low", upper="high", title="T")
    assert chart.spec["encoding"]["x"]["axis"] == {"format": "d", "tickMinStep": 1}


def test_missing_column_names_it_and_the_available_ones(shares: pl.DataFrame) -> None:
    with pytest.raises(ParameterError, match=r"color='theme'.*available columns: 'year', 'label', 'share'"):
        plots.line_band(shares, x="year", y="share", lower="ci_low", upper="ci_high", color="theme", title="T")
    with pytest.raises(ParameterError, match=r"bar: column not in the frame: y='n'"):
        plots.bar(shares, x="year", y="n", title="T")
    with pytest.raises(ParameterError, match=r"tooltip\[1\]='nope'"):
        plots.heatmap(shares, x="year", y="label", value="share", tooltip=("n_tagged", "nope"), title="T")
    with pytest.raises(ParameterError, match=r"term='word'"):
        plots.diverging_bar(shares, term="word", value="share", title="T")
    with pytest.raises(ParameterError, match=r"lower='lo'"):
        plots.point_range(shares, x="share", y="label", lower="lo", upper="ci_high", title="T")
    with pytest.raises(ParameterError, match=r"color='kind'"):
        plots.timeline(shares, x="year", y="label", color="kind", title="T")


# ------------------------------------------------------------------------------------------ bar


def test_bar_vertical_with_year_categories_and_stacked_colour(shares: pl.DataFrame) -> None:
    chart = plots.bar(shares, x="year", y="n_tagged", color="label", title="T")
    spec = chart.spec
    assert spec["mark"] == {"type": "bar"}
    assert spec["encoding"]["x"] == {
        "field": "year",
        "type": "ordinal",
        "title": "Year",
        "sort": None,
        "axis": {"labelAngle": 0},
    }
    assert spec["encoding"]["y"] == {"field": "n_tagged", "type": "quantitative", "title": "N tagged"}
    assert spec["encoding"]["color"]["type"] == "nominal"
    assert "xOffset" not in spec["encoding"]
    assert spec["data"]["values"] == shares.select("year", "label", "n_tagged").to_dicts()
    assert [entry["field"] for entry in spec["encoding"]["tooltip"]] == ["year", "label", "n_tagged"]


def test_bar_horizontal_sorting_and_grouping(shares: pl.DataFrame) -> None:
    chart = plots.bar(shares, x="label", y="share", color="year", title="T", horizontal=True, sort="descending")
    encoding = chart.spec["encoding"]
    assert encoding["y"]["field"] == "label"
    assert encoding["y"]["sort"] == {"field": "share", "op": "sum", "order": "descending"}
    assert encoding["x"]["field"] == "share"
    assert encoding["color"]["type"] == "ordinal"  # years get an ordered colour scale
    assert chart.spec["height"] == {"step": 18}
    grouped = plots.bar(shares, x="year", y="share", color="label", title="T", grouped=True, sort="category")
    assert grouped.spec["encoding"]["xOffset"] == {"field": "label"}
    assert grouped.spec["encoding"]["x"]["sort"] == "ascending"
    ascending = plots.bar(shares, x="label", y="share", title="T", sort="ascending", y_format=".1%")
    assert ascending.spec["encoding"]["x"]["sort"]["order"] == "ascending"
    assert ascending.spec["encoding"]["y"]["axis"] == {"format": ".1%"}
    with pytest.raises(ParameterError, match=r"sort must be one of 'data', 'category'.*got 'size'"):
        plots.bar(shares, x="label", y="share", title="T", sort="size")  # type: ignore[arg-type]


def test_field_names_with_dots_are_escaped() -> None:
    frame = pl.DataFrame({"a.b": ["x", "y"], "v[1]": [1, 2]})
    chart = plots.bar(frame, x="a.b", y="v[1]", title="T")
    assert chart.spec["encoding"]["x"]["field"] == "a\\.b"
    assert chart.spec["encoding"]["y"]["field"] == "v\\[1\\]"
    assert chart.spec["data"]["values"] == [{"a.b": "x", "v[1]": 1}, {"a.b": "y", "v[1]": 2}]
    svg = vl_convert.vegalite_to_svg(chart.spec, vl_version=plots.VEGALITE_VERSION)
    assert svg.count('role="graphics-symbol"') >= 2  # two bars drawn from the escaped fields


# ------------------------------------------------------------------------------------------ diverging_bar


def test_diverging_bar_colours_by_sign_with_error_bars() -> None:
    terms = pl.DataFrame(
        {
            "term": ["education", "disaster", "ageing"],
            "change": [0.2, -0.1, 0.05],
            "low": [0.1, -0.2, -0.01],
            "high": [0.3, 0.0, 0.1],
        }
    )
    chart = plots.diverging_bar(terms, term="term", value="change", lower="low", upper="high", title="T")
    spec = chart.spec
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "rule", "rule"]
    assert spec["transform"] == [{"calculate": 'datum["change"] >= 0 ? "rising" : "falling"', "as": "_direction"}]
    bars, errors, zero = spec["layer"]
    assert bars["encoding"]["y"]["sort"] == {"field": "change", "op": "sum", "order": "descending"}
    assert bars["encoding"]["color"]["scale"]["domain"] == ["rising", "falling"]
    assert errors["encoding"]["x"]["field"] == "low"
    assert errors["encoding"]["x2"] == {"field": "high"}
    assert zero["encoding"] == {"x": {"datum": 0}}
    assert spec["data"]["values"] == terms.to_dicts()
    svg = vl_convert.vegalite_to_svg(spec, vl_version=plots.VEGALITE_VERSION)
    rising, falling = spec["layer"][0]["encoding"]["color"]["scale"]["range"]
    assert svg.count(f'fill="{rising}"') == 2 + 1  # two bars and the legend symbol
    assert svg.count(f'fill="{falling}"') == 1 + 1


def test_diverging_bar_without_interval_and_custom_labels() -> None:
    terms = pl.DataFrame({"term": ["a", "b"], "value": [1.0, -2.0]})
    chart = plots.diverging_bar(terms, term="term", value="value", title="T", labels=("more", "less"))
    assert [layer["mark"]["type"] for layer in chart.spec["layer"]] == ["bar", "rule"]
    assert chart.spec["transform"][0]["calculate"] == 'datum["value"] >= 0 ? "more" : "less"'
    with pytest.raises(ParameterError, match="give both lower and upper or neither"):
        plots.diverging_bar(terms, term="term", value="value", lower="value", title="T")


# ------------------------------------------------------------------------------------------ heatmap, ranges, timeline


def test_heatmap_cells_tooltips_and_labels(shares: pl.DataFrame) -> None:
    chart = plots.heatmap(
        shares, x="year", y="label", value="share", title="T", tooltip=("n_tagged",), labels=True, value_format=".0%"
    )
    spec = chart.spec
    assert spec["encoding"]["x"] == {"field": "year", "type": "ordinal", "title": "Year", "axis": {"labelAngle": 0}}
    assert spec["encoding"]["y"] == {"field": "label", "type": "nominal", "title": "Label"}
    rect, text = spec["layer"]
    assert rect["mark"]["type"] == "rect"
    assert rect["encoding"]["color"]["type"] == "quantitative"
    assert rect["encoding"]["color"]["legend"] == {"format": ".0%"}
    assert [entry["field"] for entry in rect["encoding"]["tooltip"]] == ["year", "label", "share", "n_tagged"]
    assert text["encoding"]["text"] == {"field": "share", "type": "quantitative", "format": ".0%"}
    assert len(spec["data"]["values"]) == 6
    presence = shares.with_columns(change=pl.lit("new"))
    categorical = plots.heatmap(presence, x="year", y="label", value="change", title="T")
    assert categorical.spec["layer"][0]["encoding"]["color"]["type"] == "nominal"
    assert len(categorical.spec["layer"]) == 1


def test_point_range_and_timeline(shares: pl.DataFrame) -> None:
    one_year = shares.filter(pl.col("year") == 2020)
    ranges = plots.point_range(
        one_year, x="share", y="label", lower="ci_low", upper="ci_high", color="label", title="T", x_format=".0%"
    )
    rule, point = ranges.spec["layer"]
    assert rule["mark"]["type"] == "rule"
    assert rule["encoding"]["x"]["field"] == "ci_low"
    assert rule["encoding"]["x2"] == {"field": "ci_high"}
    assert point["mark"]["type"] == "point"
    assert point["encoding"]["x"]["axis"] == {"format": ".0%"}
    assert ranges.spec["encoding"]["y"]["sort"] is None
    assert ranges.spec["data"]["values"] == [
        {"label": "health", "share": 0.1235, "ci_low": 0.1, "ci_high": 0.2},
        {"label": "youth", "share": 0.31, "ci_low": 0.25, "ci_high": 0.35},
    ]

    changes = pl.DataFrame(
        {"year": [2019, 2021], "instrument": ["ASEAN Vision 2025", "Declaration"], "change": ["new", "dropped"]}
    )
    events = plots.timeline(changes, x="year", y="instrument", color="change", title="T")
    assert events.spec["mark"]["type"] == "point"
    assert events.spec["encoding"]["x"]["axis"] == {"format": "d", "values": [2019, 2021]}
    assert events.spec["encoding"]["shape"]["field"] == "change"
    assert events.spec["data"]["values"] == changes.select("instrument", "year", "change").to_dicts()


# ------------------------------------------------------------------------------------------ network_chart


def test_network_coordinates_equal_the_layout(
    network: tuple[pl.DataFrame, pl.DataFrame, dict[str, tuple[float, float]]],
) -> None:
    nodes, edges, layout = network
    chart = plots.network_chart(nodes, edges, layout, title="Ties")
    node_rows = _node_rows(chart)
    assert [row["node_id"] for row in node_rows] == ["ALMM", "ASCC", "SOMHD"]
    for row in node_rows:
        assert (row["_x"], row["_y"]) == layout[row["node_id"]]
    assert node_rows[0] == {
        "_kind": "node",
        "node_id": "ALMM",
        "community": 0,
        "degree": 2,
        "aliases": "labour, ministers",
        "_x": 0.0,
        "_y": 0.0,
    }
    assert _edge_rows(chart) == [
        {
            "_kind": "edge",
            "_source": "ALMM",
            "_target": "ASCC",
            "_weight": 1.5,
            "_x": 0.0,
            "_y": 0.0,
            "_x2": 0.8,
            "_y2": 0.4,
        },
        {
            "_kind": "edge",
            "_source": "ALMM",
            "_target": "SOMHD",
            "_weight": 0.5,
            "_x": 0.0,
            "_y": 0.0,
            "_x2": -0.6,
            "_y2": -0.2,
        },
    ]


def test_network_layers_encodings_and_fixed_domain(
    network: tuple[pl.DataFrame, pl.DataFrame, dict[str, tuple[float, float]]],
) -> None:
    nodes, edges, layout = network
    spec = plots.network_chart(nodes, edges, layout, title="Ties").spec
    edge_layer, node_layer, text_layer = spec["layer"]
    assert edge_layer["mark"]["type"] == "rule"
    assert edge_layer["transform"] == [{"filter": "datum._kind === 'edge'"}]
    assert edge_layer["encoding"]["x2"] == {"field": "_x2"}
    assert edge_layer["encoding"]["y2"] == {"field": "_y2"}
    assert edge_layer["encoding"]["strokeWidth"]["field"] == "_weight"
    assert node_layer["mark"]["type"] == "circle"
    assert node_layer["params"] == [{"name": "zoom", "select": "interval", "bind": "scales"}]
    assert [entry["field"] for entry in node_layer["encoding"]["tooltip"]] == list(nodes.columns)
    assert node_layer["encoding"]["color"]["field"] == "community"
    assert node_layer["encoding"]["color"]["type"] == "nominal"
    assert node_layer["encoding"]["size"]["field"] == "degree"
    assert node_layer["encoding"]["size"]["legend"] == {"format": "d", "values": [1, 2]}
    assert text_layer["mark"]["type"] == "text"
    assert text_layer["encoding"]["text"]["field"] == "node_id"
    # the domain spans the whole layout (AMMW too, which is not drawn) with a 10% margin, on both axes
    domain = [-0.6 - 0.15, 0.9 + 0.15]
    for layer in spec["layer"]:
        assert layer["encoding"]["x"]["scale"]["domain"] == pytest.approx(domain)
        assert layer["encoding"]["y"]["scale"]["domain"] == pytest.approx(domain)
        assert layer["encoding"]["x"]["axis"] is None
    # a chart of a subset with the same layout has the same domain, so the two line up
    subset = plots.network_chart(nodes.head(2), edges.head(1), layout, title="Subset").spec
    assert subset["layer"][0]["encoding"]["x"]["scale"] == spec["layer"][0]["encoding"]["x"]["scale"]


def test_network_facets_repeat_nodes_per_year(
    network: tuple[pl.DataFrame, pl.DataFrame, dict[str, tuple[float, float]]],
) -> None:
    nodes, edges, layout = network
    yearly = pl.concat([edges.with_columns(year=pl.lit(2020)), edges.head(1).with_columns(year=pl.lit(2021))])
    chart = plots.network_chart(
        nodes.select("node_id", "community"), yearly, layout, size=None, facet="year", columns=2, title="Per year"
    )
    spec = chart.spec
    assert spec["facet"] == {"field": "year", "type": "ordinal", "title": None}
    assert spec["columns"] == 2
    assert [layer["mark"]["type"] for layer in spec["spec"]["layer"]] == ["rule", "circle", "text"]
    assert "size" not in spec["spec"]["layer"][1]["encoding"]
    node_years = sorted((row["year"], row["node_id"]) for row in _node_rows(chart))
    assert node_years == [(year, node) for year in (2020, 2021) for node in ("ALMM", "ASCC", "SOMHD")]
    edge_years = [(row["year"], row["_source"], row["_target"]) for row in _edge_rows(chart)]
    assert edge_years == [(2020, "ALMM", "ASCC"), (2020, "ALMM", "SOMHD"), (2021, "ALMM", "ASCC")]
    # nodes with their own year appear only in that year's panel
    own = nodes.select("node_id").head(2).with_columns(year=pl.Series([2020, 2021]))
    per_year = plots.network_chart(own, yearly, layout, color=None, size=None, facet="year", title="T")
    assert sorted((row["year"], row["node_id"]) for row in _node_rows(per_year)) == [(2020, "ALMM"), (2021, "ASCC")]


def test_network_from_graph_tables_and_shared_layout() -> None:
    ties = pl.DataFrame(
        {
            "body_a": ["ALMM", "ALMM", "AMMSWD"],
            "body_b": ["ASCC", "AMMSWD", "ASCC"],
            "weight": [2.0, 1.0, 1.0],
            "evidence": [["i1", "i2"], ["i3"], ["i4"]],
        }
    )
    graph = networks.ties_graph(ties)
    nodes, edges = networks.graph_tables(graph)
    layout = networks.shared_layout([graph], seed=0)
    table = nodes.join(networks.centralities(graph), on="node_id").join(
        networks.communities(graph, seed=0).rename({"body_id": "node_id"}), on="node_id"
    )
    chart = plots.network_chart(table, edges, layout, shape="kind", title="Bodies")
    assert chart.spec["layer"][1]["mark"]["type"] == "point"
    for row in _node_rows(chart):
        x, y = layout[row["node_id"]]
        assert row["_x"] == pytest.approx(x, rel=1e-3, abs=1e-4)  # rounded to 4 significant digits
        assert row["_y"] == pytest.approx(y, rel=1e-3, abs=1e-4)
    assert len(_edge_rows(chart)) == 3
    assert all("evidence" not in row for row in _edge_rows(chart))  # unused edge columns are dropped
    _compiles(chart)


def test_network_errors(network: tuple[pl.DataFrame, pl.DataFrame, dict[str, tuple[float, float]]]) -> None:
    nodes, edges, layout = network
    with pytest.raises(ParameterError, match=r"color='community'.*available columns: 'node_id', 'degree'"):
        plots.network_chart(nodes.drop("community"), edges, layout, title="T")
    with pytest.raises(ParameterError, match=r"network_chart \(edges\).*edge_weight='weight'"):
        plots.network_chart(nodes, edges.drop("weight"), layout, title="T")
    with pytest.raises(ParameterError, match=r"facet='year'"):
        plots.network_chart(nodes, edges, layout, facet="year", title="T")
    with pytest.raises(ParameterError, match=r"1 node\(s\) have no position in the layout, e.g. \['SOMHD'\]"):
        plots.network_chart(nodes, edges, {k: v for k, v in layout.items() if k != "SOMHD"}, title="T")
    with pytest.raises(ParameterError, match=r"must be finite.*\['ASCC'\]"):
        plots.network_chart(nodes, edges, {**layout, "ASCC": (float("nan"), 0.0)}, title="T")
    with pytest.raises(ParameterError, match=r"reserved for drawing; rename \['_x'\]"):
        plots.network_chart(nodes.with_columns(_x=pl.lit(1)), edges, layout, title="T")
    with pytest.raises(ParameterError, match="columns must be at least 1, got 0"):
        plots.network_chart(nodes, edges, layout, columns=0, title="T")


def test_empty_network_still_compiles() -> None:
    nodes = pl.DataFrame(schema={"node_id": pl.String()})
    edges = pl.DataFrame(schema={"source": pl.String(), "target": pl.String()})
    chart = plots.network_chart(nodes, edges, {}, color=None, size=None, edge_weight=None, title="Nothing")
    assert chart.spec["data"]["values"] == []
    assert chart.spec["layer"][0]["encoding"]["x"]["scale"]["domain"] == [-1.0, 1.0]
    _compiles(chart)


# ------------------------------------------------------------------------------------------ chart data


def test_chart_data_is_json_ready_for_every_dtype() -> None:
    frame = pl.DataFrame(
        {
            "category": ["a", "b"],
            "value": [float("nan"), 123456.789],
            "inf": [float("inf"), -0.000123456],
            "day": [dt.date(2020, 1, 2), None],
            "moment": [dt.datetime(2020, 1, 2, 3, 4, 5), None],
            "terms": [["<b>", "x"], []],
            "nested": [[[1.23456]], [[2.0]]],
            "flag": [True, None],
        }
    )
    chart = plots.heatmap(
        frame,
        x="category",
        y="category",
        value="value",
        tooltip=("inf", "day", "moment", "terms", "nested", "flag"),
        title="T",
    )
    assert chart.spec["data"]["values"] == [
        {
            "category": "a",
            "value": None,
            "inf": None,
            "day": "2020-01-02",
            "moment": "2020-01-02T03:04:05.000",
            "terms": "<b>, x",
            "nested": "1.235",
            "flag": True,
        },
        {
            "category": "b",
            "value": 123500.0,
            "inf": -0.0001235,
            "day": None,
            "moment": None,
            "terms": "",
            "nested": "2.0",
            "flag": None,
        },
    ]
    json.dumps(chart.spec, allow_nan=False)


# ------------------------------------------------------------------------------------------ chart_html


def test_chart_html_cannot_be_broken_out_of() -> None:
    text = f"Members agreed {BREAKOUT} & \"quoted\" 'single' <!-- comment --> line\u2028separator\u2029end"
    spec = {"$schema": plots.VEGALITE_SCHEMA, "data": {"values": [{"text": text}]}, "mark": "point"}
    fragment = plots.chart_html(spec)
    assert fragment.startswith('<div class="ascc-chart" data-chart="')
    assert fragment.endswith("</script></div>")
    assert fragment.lower().count("<script") == 1
    assert fragment.lower().count("</script") == 1
    payload = re.fullmatch(
        r'<div class="ascc-chart" data-chart="[0-9a-f]{12}"><script type="application/json" '
        r'class="ascc-chart-spec">(.*)</script></div>',
        fragment,
        flags=re.DOTALL,
    )
    assert payload is not None
    body = payload.group(1)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in body
    for escaped in ("\\u003c/script\\u003e", "\\u0026", "\\u2028", "\\u2029", '\\"quoted\\"'):
        assert escaped in body
    assert json.loads(body) == spec
    # what an HTML tokenizer sees: one div holding one script whose text is the whole JSON
    elements = _parse(fragment)
    assert [tag for tag, _ in elements.tags] == ["div", "script"]
    assert json.loads("".join(elements.text["script"])) == spec


def test_chart_html_ids_are_stable_hashes_and_accept_charts(shares: pl.DataFrame) -> None:
    chart = plots.bar(shares, x="year", y="share", title="T")
    first, again = plots.chart_html(chart), plots.chart_html(chart.spec)
    assert first == again
    other = plots.chart_html(plots.bar(shares, x="label", y="share", title="T"))
    assert _parse(first).tags[0][1]["data-chart"] != _parse(other).tags[0][1]["data-chart"]


def test_chart_html_rejects_non_json() -> None:
    with pytest.raises(ParameterError, match="not plain JSON"):
        plots.chart_html({"data": {"values": [{"x": float("nan")}]}})
    with pytest.raises(ParameterError, match="not plain JSON"):
        plots.chart_html({"data": {"values": [{"x": object()}]}})


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_chart_html_round_trips_any_text(text: str) -> None:
    spec = {"data": {"values": [{"text": text}]}, "title": text}
    elements = _parse(plots.chart_html(spec))
    assert [tag for tag, _ in elements.tags] == ["div", "script"]
    assert json.loads("".join(elements.text.get("script", []))) == spec


# ------------------------------------------------------------------------------------------ scripts


def test_javascript_bundle_is_offline_safe_and_cached() -> None:
    bundle = plots.javascript_bundle()
    assert plots.javascript_bundle() is bundle
    assert 500_000 < len(bundle) < 1_500_000
    assert "window.vegaEmbed=" in bundle.replace(" ", "")
    assert "window.vegaLite=" in bundle.replace(" ", "")
    assert "</script" not in bundle.lower()
    assert "<!--" not in bundle
    assert f'"{plots.VEGALITE_VERSION}.' in bundle  # the Vega-Lite the specs are compiled with in these tests


def test_javascript_bundle_escapes_script_breakouts(monkeypatch: pytest.MonkeyPatch) -> None:
    def fake_bundle(snippet: str, vl_version: str | None = None) -> str:
        assert "window.vegaEmbed = vegaEmbed" in snippet
        assert vl_version == plots.VEGALITE_VERSION
        return "var a = '</script>', b = '</SCRIPT >', c = /<!--/; window.vegaEmbed = f;"

    monkeypatch.setattr(vl_convert, "javascript_bundle", fake_bundle)
    safe = plots.javascript_bundle.__wrapped__()
    assert safe == "var a = '\\x3C/script>', b = '\\x3C/SCRIPT >', c = /\\x3C!--/; window.vegaEmbed = f;"


def test_chart_init_script_draws_each_chart_safely() -> None:
    script = plots.CHART_INIT_SCRIPT
    assert "</script" not in script.lower()
    assert 'querySelectorAll("div.ascc-chart")' in script
    assert 'querySelector("script.ascc-chart-spec")' in script
    assert "JSON.parse(" in script
    assert 'vegaEmbed(target, spec, {actions: false, renderer: "svg"})' in script
    assert 'div.dataset.rendered = "true"' in script
    assert 'document.body.dataset.chartsRendered = "true"' in script
    assert "console.error(" in script
    assert "textContent =" in script
    assert "innerHTML" not in script
    notice = re.search(r"var versionNotice = /(.*)/;", script)
    assert notice is not None
    pattern = re.compile(notice.group(1))
    assert pattern.fullmatch("The compiled spec uses Vega v5, but current version is v6.2.0.")
    assert not pattern.fullmatch("Infinite extent for field x")


# ------------------------------------------------------------------------------------------ table and quote


def test_table_escapes_every_cell_header_and_caption() -> None:
    evidence = pl.DataFrame(
        {
            "para_id": ["d1-p1", "d1-p2"],
            "<th>": [1, 2],
            "text": [f"Ministers {BREAKOUT} & <b>agreed</b>", "He said \"yes\" & 'no'"],
            "terms": [["<i>", "x & y"], None],
            "weight": [0.123456, 12345.678],
        }
    )
    shown = plots.table(evidence, caption="Evidence <em>&</em>", wrap=("text",))
    markup = shown._repr_html_()
    assert "<script" not in markup.lower()
    assert "<b>" not in markup and "<i>" not in markup and "<em>" not in markup
    assert "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in markup
    assert "Evidence &lt;em&gt;&amp;&lt;/em&gt;" in markup
    assert '<th scope="col">&lt;th&gt;</th>' in markup
    elements = _parse(markup)
    cells = elements.text["td"]
    assert cells == [
        "d1-p1",
        "1",
        f"Ministers {BREAKOUT} & <b>agreed</b>",
        "<i>, x & y",
        "0.1235",
        "d1-p2",
        "2",
        "He said \"yes\" & 'no'",
        "12346",
    ]
    assert [tag for tag, _ in elements.tags].count("tr") == 3  # header and two rows
    wrapped = [attrs for tag, attrs in elements.tags if tag == "td" and attrs.get("class") == "ascc-wrap"]
    assert len(wrapped) == 2  # the text column, in full, in both rows
    assert "pre-wrap" in str(wrapped[0]["style"])
    assert "ascc-table-note" not in markup
    bundle = shown._repr_mimebundle_()
    assert set(bundle) == {"text/html", "text/plain"}
    assert bundle["text/html"] == markup
    assert bundle["text/plain"].startswith("Evidence <em>&</em>\nshape: (2, 5)")


def test_table_row_limit_and_note() -> None:
    rows = pl.DataFrame({"year": list(range(2000, 2120)), "n": list(range(120))})
    shown = plots.table(rows)
    elements = _parse(shown.to_html())
    assert [tag for tag, _ in elements.tags].count("tr") == 1 + 50
    assert shown.note == "showing 50 of 120 rows"
    assert '<p class="ascc-table-note">showing 50 of 120 rows</p>' in shown.to_html()
    assert elements.text["td"][0] == "2000"  # years without thousands separators
    assert plots.table(rows, max_rows=200).note is None
    assert plots.table(rows.head(0)).note == "no rows"
    assert "showing 50 of 120 rows" in shown._repr_mimebundle_()["text/plain"]
    with pytest.raises(ParameterError, match="max_rows must be at least 1, got 0"):
        plots.table(rows, max_rows=0)
    with pytest.raises(ParameterError, match=r"wrap\[0\]='text'.*available columns: 'year', 'n'"):
        plots.table(rows, wrap=("text",))


def test_quote_is_escaped_blockquote_with_its_source() -> None:
    shown = plots.quote(f"We {BREAKOUT} agree & commit\nto act.", source='d1-p3"><script>')
    markup = shown._repr_html_()
    assert "<script" not in markup.lower()
    elements = _parse(markup)
    assert [tag for tag, _ in elements.tags] == ["figure", "blockquote", "figcaption"]
    assert elements.tags[0][1]["data-para-id"] == 'd1-p3"><script>'
    assert elements.text["blockquote"] == [f"We {BREAKOUT} agree & commit\nto act."]
    assert elements.text["figcaption"] == ['d1-p3"><script>']
    bundle = shown._repr_mimebundle_()
    assert bundle["text/html"] == markup
    assert bundle["text/plain"] == f'We {BREAKOUT} agree & commit\nto act.\n  (d1-p3"><script>)'


def test_polars_own_html_escapes_but_cuts_text_short() -> None:
    """Recorded finding: polars' DataFrame._repr_html_ escapes markup, yet truncates long text cells."""
    frame = pl.DataFrame({"<script>": [f"{BREAKOUT} " + "long text " * 20]})
    markup = frame._repr_html_()
    assert "<script" not in markup.lower()
    assert "&lt;script&gt;" in markup
    assert "long text " * 20 not in markup  # cut short: hence plots.table for evidence paragraphs
