"""Tests of the network stage (ascc_analysis.analysis.networks).

Every frame below is SYNTHETIC, built by hand for these tests (body ids A, B, C, ... and instrument ids m1, m2,
... stand for nothing real); expected numbers are worked out by hand in the comments. The recovery tests use the
planted-signal generator (:mod:`ascc_analysis.testing.planted`).
"""

from __future__ import annotations

import logging
import random
from pathlib import Path

import networkx as nx
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from sklearn.metrics import adjusted_rand_score

from ascc_analysis.analysis.networks import (
    CENTRALITIES_SCHEMA,
    COMMUNITIES_SCHEMA,
    TIE_CHANGES_SCHEMA,
    TIES_SCHEMA,
    YEARLY_TIES_SCHEMA,
    backbone,
    body_instrument_graph,
    body_ties,
    centralities,
    communities,
    graph_tables,
    shared_layout,
    tie_changes,
    ties_graph,
    write_gexf,
    write_graphml,
    yearly_ties,
)
from ascc_analysis.errors import AsccError, ParameterError, SchemaError
from ascc_analysis.schemas import INSTRUMENT_BODIES, validate
from ascc_analysis.testing.planted import PlantedCorpus, PlantedSpec, generate_corpus

# ------------------------------------------------------------------------------------------ fixtures

# (doc_id, para_id, instrument_id, char_start, body_id, provenance, confidence)
LINK_ROWS = [
    # m1 is attributed to A, B and C in d1/p01, and to A again in a second mention (d1/p02)
    ("d1", "d1/p01", "m1", 0, "A", "explicit", 1.0),
    ("d1", "d1/p01", "m1", 0, "B", "explicit", 0.9),
    ("d1", "d1/p01", "m1", 0, "C", "explicit", 1.0),
    ("d1", "d1/p02", "m1", 10, "A", "explicit", 0.8),
    # m2: A and B
    ("d1", "d1/p02", "m2", 40, "A", "explicit", 1.0),
    ("d1", "d1/p02", "m2", 40, "B", "explicit", 1.0),
    # m3: B and C
    ("d2", "d2/p01", "m3", 0, "B", "explicit", 1.0),
    ("d2", "d2/p01", "m3", 0, "C", "explicit", 1.0),
    # m4: A and D, plus a weak inferred link to C
    ("d2", "d2/p03", "m4", 5, "A", "explicit", 1.0),
    ("d2", "d2/p03", "m4", 5, "D", "explicit", 1.0),
    ("d2", "d2/p03", "m4", 5, "C", "inferred", 0.4),
]


def make_links(rows: list[tuple[str, str, str, int, str, str, float]] = LINK_ROWS) -> pl.DataFrame:
    """A valid instrument_bodies table (synthetic)."""
    frame = pl.DataFrame(
        rows,
        schema=["doc_id", "para_id", "instrument_id", "char_start", "body_id", "provenance", "confidence"],
        orient="row",
    ).with_columns(pl.col("char_start").cast(pl.Int32), evidence=pl.lit("synthetic"))
    return validate(frame, INSTRUMENT_BODIES)


@pytest.fixture
def links() -> pl.DataFrame:
    return make_links()


@pytest.fixture
def instruments() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "instrument_id": ["m1", "m2", "m3"],  # m4 has no row on purpose
            "title": ["Synthetic Declaration One", "Synthetic Framework Two", "Synthetic Plan Three"],
            "acronym": ["SD1", None, None],
            "instrument_type": ["declaration", "framework", "plan_of_action"],
        }
    )


@pytest.fixture
def documents() -> pl.DataFrame:
    return pl.DataFrame({"doc_id": ["d1", "d2"], "year": [2020, 2021]}, schema_overrides={"year": pl.Int32})


def ties_frame(rows: list[tuple[str, str, int, int, int, float, list[str]]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=TIES_SCHEMA, orient="row")


# ------------------------------------------------------------------------------------------ bipartite graph


def test_body_instrument_graph_nodes_edges_and_evidence(
    links: pl.DataFrame, instruments: pl.DataFrame, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="ascc_analysis.analysis.networks"):
        graph = body_instrument_graph(links, instruments)
    assert "m4" in caplog.text  # linked but absent from instruments
    assert list(graph.nodes) == ["A", "B", "C", "D", "m1", "m2", "m3", "m4"]
    assert graph.nodes["A"] == {"kind": "body", "bipartite": 0}
    assert graph.nodes["m1"] == {
        "kind": "instrument",
        "bipartite": 1,
        "title": "Synthetic Declaration One",
        "acronym": "SD1",
        "instrument_type": "declaration",
    }
    assert graph.nodes["m2"] == {
        "kind": "instrument",
        "bipartite": 1,
        "title": "Synthetic Framework Two",
        "instrument_type": "framework",
    }
    assert graph.nodes["m4"] == {"kind": "instrument", "bipartite": 1}
    assert nx.is_bipartite(graph)
    assert graph.number_of_edges() == 10
    # two mentions of m1 attributed to A: weight 2, the higher confidence, both paragraphs as evidence
    assert graph.edges["A", "m1"] == {
        "weight": 2,
        "provenance": ["explicit"],
        "confidence": 1.0,
        "para_ids": ["d1/p01", "d1/p02"],
    }
    assert graph.edges["C", "m4"] == {
        "weight": 1,
        "provenance": ["inferred"],
        "confidence": 0.4,
        "para_ids": ["d2/p03"],
    }
    assert graph.graph == {"provenance": "all", "min_confidence": 0.0}


def test_body_instrument_graph_filters(links: pl.DataFrame, documents: pl.DataFrame) -> None:
    explicit = body_instrument_graph(links, None, provenance="explicit")
    assert not explicit.has_edge("C", "m4") and explicit.number_of_edges() == 9
    inferred = body_instrument_graph(links, None, provenance="inferred")
    assert sorted(inferred.edges) == [("C", "m4")]
    confident = body_instrument_graph(links, None, min_confidence=0.85)
    # drops C–m4 (0.4); A–m1 keeps one of its two mentions (1.0, not 0.8)
    assert confident.number_of_edges() == 9
    assert confident.edges["A", "m1"]["weight"] == 1 and confident.edges["A", "m1"]["para_ids"] == ["d1/p01"]
    later = body_instrument_graph(links, None, years=(2021, 2021), documents=documents)
    assert sorted(later.edges) == [("A", "m4"), ("B", "m3"), ("C", "m3"), ("C", "m4"), ("D", "m4")]
    assert later.graph["first_year"] == 2021 and later.graph["last_year"] == 2021
    assert body_instrument_graph(links, None, years=(2000, 2001), documents=documents).number_of_nodes() == 0


def test_body_instrument_graph_errors(links: pl.DataFrame, documents: pl.DataFrame) -> None:
    with pytest.raises(ParameterError, match=r"provenance='stated'.*'explicit', 'inferred', 'all'"):
        body_instrument_graph(links, None, provenance="stated")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"min_confidence=1.5.*from 0 to 1"):
        body_instrument_graph(links, None, min_confidence=1.5)
    with pytest.raises(ParameterError, match=r"years=\(2020, 2021\) needs the documents table"):
        body_instrument_graph(links, None, years=(2020, 2021))
    with pytest.raises(ParameterError, match=r"years=\(2021, 2020\).*first <= last"):
        body_instrument_graph(links, None, years=(2021, 2020), documents=documents)
    with pytest.raises(SchemaError, match=r"instrument_bodies: missing columns \['confidence'\]"):
        body_instrument_graph(links.drop("confidence"), None)
    with pytest.raises(SchemaError, match=r"documents: missing columns \['year'\]"):
        body_instrument_graph(links, None, years=(2020, 2021), documents=documents.drop("year"))
    with pytest.raises(SchemaError, match=r"doc_id values \['d2'\] are not in documents"):
        body_instrument_graph(links, None, years=(2020, 2021), documents=documents.head(1))
    with pytest.raises(SchemaError, match=r"instruments: missing columns \['instrument_id'\]"):
        body_instrument_graph(links, pl.DataFrame({"title": ["x"]}))
    clash = make_links([("d1", "d1/p01", "A", 0, "A", "explicit", 1.0)])
    with pytest.raises(SchemaError, match=r"ids \['A'\] name both a body and an instrument"):
        body_instrument_graph(clash, None)
    assert issubclass(ParameterError, AsccError) and issubclass(SchemaError, AsccError)


# ------------------------------------------------------------------------------------------ ties


# Explicit links only: units(A) = {m1, m2, m4}, units(B) = {m1, m2, m3}, units(C) = {m1, m3}, units(D) = {m4};
# s = A 3, B 3, C 2, D 1; n = 4 instruments. Shared: A–B {m1, m2} 2, A–C {m1} 1, A–D {m4} 1, B–C {m1, m3} 2.
EXPLICIT_PAIRS = [
    ("A", "B", 2, 3, 3, ["m1", "m2"]),
    ("A", "C", 1, 3, 2, ["m1"]),
    ("A", "D", 1, 3, 1, ["m4"]),
    ("B", "C", 2, 3, 2, ["m1", "m3"]),
]


@pytest.mark.parametrize(
    ("normalise", "weights"),
    [
        ("raw", [2.0, 1.0, 1.0, 2.0]),
        # c / (s_i + s_j - c): 2/(3+3-2), 1/(3+2-1), 1/(3+1-1), 2/(3+2-2)
        ("jaccard", [2 / 4, 1 / 4, 1 / 3, 2 / 3]),
        # n c / (s_i s_j), n = 4: 4*2/9, 4*1/6, 4*1/3, 4*2/6
        ("association", [8 / 9, 4 / 6, 4 / 3, 8 / 6]),
    ],
)
def test_body_ties_normalisations(links: pl.DataFrame, normalise: str, weights: list[float]) -> None:
    result = body_ties(links, provenance="explicit", normalise=normalise)  # type: ignore[arg-type]
    expected = ties_frame(
        [(a, b, c, s_a, s_b, w, ev) for (a, b, c, s_a, s_b, ev), w in zip(EXPLICIT_PAIRS, weights, strict=True)]
    )
    assert_frame_equal(result, expected)


def test_body_ties_with_inferred_links(links: pl.DataFrame) -> None:
    # adding the inferred C–m4 link: units(C) = {m1, m3, m4}, so A–C share {m1, m4} and C–D share {m4}
    expected = ties_frame(
        [
            ("A", "B", 2, 3, 3, 2.0, ["m1", "m2"]),
            ("A", "C", 2, 3, 3, 2.0, ["m1", "m4"]),
            ("A", "D", 1, 3, 1, 1.0, ["m4"]),
            ("B", "C", 2, 3, 3, 2.0, ["m1", "m3"]),
            ("C", "D", 1, 3, 1, 1.0, ["m4"]),
        ]
    )
    assert_frame_equal(body_ties(links), expected)
    # a confidence floor above 0.4 drops the inferred link again
    assert_frame_equal(body_ties(links, min_confidence=0.5), body_ties(links, provenance="explicit"))


def test_body_ties_years(links: pl.DataFrame, documents: pl.DataFrame) -> None:
    # 2020 (d1): units(A) = {m1, m2}, units(B) = {m1, m2}, units(C) = {m1}; n = 2
    expected = ties_frame(
        [
            ("A", "B", 2, 2, 2, 2 * 2 / 4, ["m1", "m2"]),
            ("A", "C", 1, 2, 1, 2 * 1 / 2, ["m1"]),
            ("B", "C", 1, 2, 1, 2 * 1 / 2, ["m1"]),
        ]
    )
    result = body_ties(links, normalise="association", years=(2020, 2020), documents=documents)
    assert_frame_equal(result, expected)


link_sets = st.lists(
    st.tuples(st.sampled_from(["A", "B", "C", "D", "E"]), st.sampled_from(["m1", "m2", "m3", "m4"])),
    min_size=1,
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(pairs=link_sets)
def test_body_ties_properties(pairs: list[tuple[str, str]]) -> None:
    rows = [("d1", f"d1/p{i:02d}", instrument, 0, body, "explicit", 1.0) for i, (body, instrument) in enumerate(pairs)]
    links = make_links(rows)
    units = {body: {m for b, m in pairs if b == body} for body, _ in pairs}
    n_units = len({m for _, m in pairs})
    raw = body_ties(links)
    jaccard = body_ties(links, normalise="jaccard")
    association = body_ties(links, normalise="association")
    expected_pairs = sorted((a, b) for a in units for b in units if a < b and units[a] & units[b])
    assert list(raw.select("body_a", "body_b").iter_rows()) == expected_pairs
    for row, j, assoc in zip(
        raw.iter_rows(named=True), jaccard.get_column("weight"), association.get_column("weight"), strict=True
    ):
        shared = units[row["body_a"]] & units[row["body_b"]]
        assert row["evidence"] == sorted(shared) and row["n_shared"] == len(shared) == row["weight"]
        assert (row["s_a"], row["s_b"]) == (len(units[row["body_a"]]), len(units[row["body_b"]]))
        assert 0 < j <= 1 and j == pytest.approx(len(shared) / len(units[row["body_a"]] | units[row["body_b"]]))
        assert assoc == pytest.approx(n_units * len(shared) / (row["s_a"] * row["s_b"]))
    if raw.height:
        alphas = backbone(raw, alpha=1.0).get_column("alpha_ij")
        assert ((alphas >= 0) & (alphas <= 1)).all()


def test_body_ties_empty(links: pl.DataFrame) -> None:
    assert_frame_equal(body_ties(links.clear()), pl.DataFrame(schema=TIES_SCHEMA))
    lonely = make_links([("d1", "d1/p01", "m1", 0, "A", "explicit", 1.0)])
    assert_frame_equal(body_ties(lonely), pl.DataFrame(schema=TIES_SCHEMA))


@pytest.fixture
def mentions() -> pl.DataFrame:
    # (doc_id, para_id, body_id, is_generic)
    rows = [
        ("d1", "d1/p01", "A", False),
        ("d1", "d1/p01", "B", False),
        ("d1", "d1/p01", "B", False),  # a second mention of B in the same paragraph counts once
        ("d1", "d1/p01", None, True),  # a generic reference ("sectoral bodies") is ignored
        ("d1", "d1/p02", "A", False),
        ("d1", "d1/p02.a", "C", False),  # a sub-item of paragraph 2
        ("d2", "d2/p01", "B", False),
        ("d2", "d2/p01", "C", False),
    ]
    return pl.DataFrame(rows, schema=["doc_id", "para_id", "body_id", "is_generic"], orient="row")


@pytest.fixture
def paragraphs() -> pl.DataFrame:
    rows = [
        ("d1", "d1/p01", "paragraph", 1),
        ("d1", "d1/p02", "paragraph", 2),
        ("d1", "d1/p02.a", "sub_item", 2),
        ("d2", "d2/p01", "paragraph", 1),
    ]
    return pl.DataFrame(rows, schema=["doc_id", "para_id", "level", "para_no"], orient="row")


def test_body_ties_co_mentions(mentions: pl.DataFrame, paragraphs: pl.DataFrame, documents: pl.DataFrame) -> None:
    # without paragraphs the sub-item is its own unit: A {p01, p02}, B {p01, d2/p01}, C {p02.a, d2/p01}; n = 4
    expected = ties_frame(
        [
            ("A", "B", 1, 2, 2, 1.0, ["d1/p01"]),
            ("B", "C", 1, 2, 2, 1.0, ["d2/p01"]),
        ]
    )
    assert_frame_equal(body_ties(None, body_mentions=mentions, weight="co_mentions"), expected)
    # with paragraphs the sub-item joins paragraph 2, so A and C are co-mentioned there; n = 3 paragraphs
    expected_rolled = ties_frame(
        [
            ("A", "B", 1, 2, 2, 3 * 1 / 4, ["d1/p01"]),
            ("A", "C", 1, 2, 2, 3 * 1 / 4, ["d1/p02"]),
            ("B", "C", 1, 2, 2, 3 * 1 / 4, ["d2/p01"]),
        ]
    )
    rolled = body_ties(
        None, body_mentions=mentions, paragraphs=paragraphs, weight="co_mentions", normalise="association"
    )
    assert_frame_equal(rolled, expected_rolled)
    later = body_ties(None, body_mentions=mentions, weight="co_mentions", years=(2021, 2021), documents=documents)
    assert_frame_equal(later, ties_frame([("B", "C", 1, 1, 1, 1.0, ["d2/p01"])]))


def test_body_ties_errors(links: pl.DataFrame, mentions: pl.DataFrame, paragraphs: pl.DataFrame) -> None:
    with pytest.raises(ParameterError, match=r"weight='instruments'.*'shared_instruments', 'co_mentions'"):
        body_ties(links, weight="instruments")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"normalise='cosine'.*'raw', 'jaccard', 'association'"):
        body_ties(links, normalise="cosine")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="needs the instrument_bodies table"):
        body_ties(None)
    with pytest.raises(ParameterError, match="needs the body_mentions table"):
        body_ties(links, weight="co_mentions")
    with pytest.raises(ParameterError, match="provenance='x'"):
        body_ties(None, body_mentions=mentions, weight="co_mentions", provenance="x")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"min_confidence=-0\.1"):
        body_ties(None, body_mentions=mentions, weight="co_mentions", min_confidence=-0.1)
    with pytest.raises(SchemaError, match=r"body_mentions: missing columns \['body_id'\]"):
        body_ties(None, body_mentions=mentions.drop("body_id"), weight="co_mentions")
    with pytest.raises(SchemaError, match=r"paragraphs: missing columns \['level'\]"):
        body_ties(None, body_mentions=mentions, paragraphs=paragraphs.drop("level"), weight="co_mentions")
    with pytest.raises(SchemaError, match=r"para_id values \['d1/p02.a'\] are not in paragraphs"):
        body_ties(
            None,
            body_mentions=mentions,
            paragraphs=paragraphs.filter(pl.col("level") == "paragraph"),
            weight="co_mentions",
        )


# ------------------------------------------------------------------------------------------ backbone


def test_backbone_disparity_on_a_star() -> None:
    # hub H with leaves L1..L4, weights 10, 1, 1, 1: k_H = 4, s_H = 13.
    # α(H–L1) = (1 − 10/13)^3 = (3/13)^3 ≈ 0.0123; α(H–Lx) = (12/13)^3 ≈ 0.787; leaves have k = 1 → α = 1.
    star = pl.DataFrame({"body_a": ["H"] * 4, "body_b": ["L1", "L2", "L3", "L4"], "weight": [10.0, 1.0, 1.0, 1.0]})
    expected = pl.DataFrame({"body_a": ["H"], "body_b": ["L1"], "weight": [10.0], "alpha_ij": [(3 / 13) ** 3]})
    assert_frame_equal(backbone(star, alpha=0.05), expected)
    everything = backbone(star, alpha=1.0)  # α < 1 keeps every hub edge
    assert everything.get_column("alpha_ij").to_list() == pytest.approx([(3 / 13) ** 3] + [(12 / 13) ** 3] * 3)
    assert backbone(star, alpha=0.01).height == 0


def test_backbone_top_k(links: pl.DataFrame) -> None:
    ties = body_ties(links, provenance="explicit")  # raw weights A–B 2, A–C 1, A–D 1, B–C 2
    # k = 1: A keeps A–B (2); B has A–B and B–C at 2, the tie goes to A (smaller id); C keeps B–C; D keeps A–D.
    # α: A–B min(A: (1−2/4)^2, B: (1−2/4)^1) = 0.25; A–D min(A: (3/4)^2, D: 1) = 0.5625;
    # B–C min(B: 0.5, C: (1−2/3)^1) = 1/3.
    expected = ties.filter(pl.col("body_a") + pl.col("body_b") != "AC").with_columns(
        alpha_ij=pl.Series([0.25, 0.5625, 1 / 3])
    )
    assert_frame_equal(backbone(ties, method="top_k", k=1), expected)
    assert_frame_equal(backbone(ties, method="top_k", k=3).drop("alpha_ij"), ties)


def test_backbone_errors() -> None:
    ties = pl.DataFrame({"body_a": ["A"], "body_b": ["B"], "weight": [1.0]})
    with pytest.raises(ParameterError, match=r"method='pagerank'.*'disparity', 'top_k'"):
        backbone(ties, method="pagerank")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=r"alpha=0 is not accepted"):
        backbone(ties, alpha=0)
    with pytest.raises(ParameterError, match=r"k=0 is not accepted"):
        backbone(ties, method="top_k", k=0)
    with pytest.raises(SchemaError, match=r"ties: missing columns \['weight'\]"):
        backbone(ties.drop("weight"))
    with pytest.raises(ParameterError, match=r"weight 0.0 of A–B is not accepted"):
        backbone(ties.with_columns(weight=pl.lit(0.0)))


# ------------------------------------------------------------------------------------------ graphs


def test_ties_graph(links: pl.DataFrame) -> None:
    graph = ties_graph(body_ties(links, provenance="explicit"))
    assert list(graph.nodes(data=True)) == [(b, {"kind": "body"}) for b in "ABCD"]
    assert graph.edges["A", "B"] == {"n_shared": 2, "s_a": 3, "s_b": 3, "weight": 2.0, "evidence": ["m1", "m2"]}
    assert graph.number_of_edges() == 4
    with pytest.raises(SchemaError, match=r"missing columns \['body_b'\]"):
        ties_graph(pl.DataFrame({"body_a": ["A"], "weight": [1.0]}))


def two_cliques(order: list[str] | None = None) -> nx.Graph:
    """A triangle of a's and a 4-clique of b's joined by one weak edge."""
    graph = nx.Graph()
    groups = [["a1", "a2", "a3"], ["b1", "b2", "b3", "b4"]]
    graph.add_nodes_from(order or [node for group in groups for node in group])
    for group in groups:
        graph.add_edges_from((u, v, {"weight": 3.0}) for i, u in enumerate(group) for v in group[i + 1 :])
    graph.add_edge("a1", "b1", weight=0.1)
    return graph


def test_communities_are_numbered_by_size_then_smallest_member() -> None:
    expected = pl.DataFrame(
        {
            "body_id": ["a1", "a2", "a3", "b1", "b2", "b3", "b4"],
            "community": [1, 1, 1, 0, 0, 0, 0],  # the 4-clique is the larger community
            "seed": [7] * 7,
            "resolution": [1.0] * 7,
        },
        schema=COMMUNITIES_SCHEMA,
    )
    assert_frame_equal(communities(two_cliques(), seed=7), expected)
    # the same partition whatever order the nodes were added in
    shuffled = two_cliques(order=["b4", "a3", "b2", "a1", "b1", "a2", "b3"])
    assert_frame_equal(communities(shuffled, seed=7), expected)
    # equal sizes: the community holding the smallest id comes first
    pair = nx.Graph([("x1", "x2"), ("a1", "a2")])
    assert communities(pair).get_column("community").to_list() == [0, 0, 1, 1]


def test_communities_repeat_for_a_seed_and_handle_empty() -> None:
    graph = nx.les_miserables_graph()
    first = communities(graph, seed=3, resolution=1.2)
    assert_frame_equal(first, communities(graph, seed=3, resolution=1.2))
    assert first.get_column("seed").unique().to_list() == [3]
    assert first.get_column("resolution").unique().to_list() == [1.2]
    assert_frame_equal(communities(nx.Graph()), pl.DataFrame(schema=COMMUNITIES_SCHEMA))
    with pytest.raises(ParameterError, match=r"resolution=0 is not accepted"):
        communities(graph, resolution=0)


def weighted_path() -> nx.Graph:
    # A –1– B –2– C. Adjacency [[0,1,0],[1,0,2],[0,2,0]] has leading eigenvalue √5 with eigenvector
    # (1, √5, 2) / √10.
    return nx.Graph([("A", "B", {"weight": 1.0}), ("B", "C", {"weight": 2.0})])


def test_centralities_exact_on_a_weighted_path() -> None:
    result = centralities(weighted_path())
    assert result.schema == CENTRALITIES_SCHEMA
    assert result.get_column("node_id").to_list() == ["A", "B", "C"]
    assert result.get_column("degree").to_list() == [1, 2, 1]
    assert result.get_column("strength").to_list() == [1.0, 3.0, 2.0]
    # B lies on the only path between A and C: 1 pair out of (3−1)(3−2)/2 = 1
    assert result.get_column("betweenness").to_list() == [0.0, 1.0, 0.0]
    expected_eigen = [1 / 10**0.5, (5 / 10) ** 0.5, 2 / 10**0.5]
    assert result.get_column("eigenvector").to_list() == pytest.approx(expected_eigen, abs=1e-4)
    assert result.get_column("eigenvector_method").to_list() == ["power"] * 3


def test_centralities_fall_back_when_power_iteration_fails(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="ascc_analysis.analysis.networks"):
        result = centralities(weighted_path(), max_iter=1)
    assert "did not converge in 1 iterations" in caplog.text
    expected_eigen = [1 / 10**0.5, (5 / 10) ** 0.5, 2 / 10**0.5]
    assert result.get_column("eigenvector").to_list() == pytest.approx(expected_eigen, abs=1e-9)
    assert result.get_column("eigenvector_method").to_list() == ["numpy"] * 3

    def fail(*args: object, **kwargs: object) -> None:
        raise nx.NetworkXException("synthetic failure")

    monkeypatch.setattr(nx, "eigenvector_centrality_numpy", fail)
    undefined = centralities(weighted_path(), max_iter=1)
    assert undefined.get_column("eigenvector").to_list() == [None, None, None]
    assert undefined.get_column("eigenvector_method").to_list() == ["none"] * 3
    assert undefined.get_column("strength").to_list() == [1.0, 3.0, 2.0]


def test_centralities_edge_cases() -> None:
    assert_frame_equal(centralities(nx.Graph()), pl.DataFrame(schema=CENTRALITIES_SCHEMA))
    unweighted = centralities(nx.Graph([("A", "B")]))  # missing weight counts as 1
    assert unweighted.get_column("strength").to_list() == [1.0, 1.0]
    with pytest.raises(ParameterError, match=r"max_iter=0 is not accepted"):
        centralities(weighted_path(), max_iter=0)


# ------------------------------------------------------------------------------------------ years


@pytest.fixture
def yearly_links() -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = [
        # 2020: A–B (m1), A–C (m2)
        ("y20", "y20/p01", "m1", 0, "A", "explicit", 1.0),
        ("y20", "y20/p01", "m1", 0, "B", "explicit", 1.0),
        ("y20", "y20/p02", "m2", 0, "A", "explicit", 1.0),
        ("y20", "y20/p02", "m2", 0, "C", "explicit", 1.0),
        # 2021: A–B again (m1, twice as strong through m5), C–D new (m3); A–C lost
        ("y21", "y21/p01", "m1", 0, "A", "explicit", 1.0),
        ("y21", "y21/p01", "m1", 0, "B", "explicit", 1.0),
        ("y21", "y21/p02", "m5", 0, "A", "explicit", 1.0),
        ("y21", "y21/p02", "m5", 0, "B", "explicit", 1.0),
        ("y21", "y21/p03", "m3", 0, "C", "explicit", 1.0),
        ("y21", "y21/p03", "m3", 0, "D", "explicit", 1.0),
        # 2022 (y22) has a statement with one single-body link: no ties
        ("y22", "y22/p01", "m3", 0, "D", "explicit", 1.0),
    ]
    documents = pl.DataFrame(
        {"doc_id": ["y20", "y21", "y22", "y23"], "year": [2020, 2021, 2022, None]},
        schema_overrides={"year": pl.Int32},
    )
    return make_links(rows), documents


def test_yearly_ties(yearly_links: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    links, documents = yearly_links
    expected = pl.DataFrame(
        [
            (2020, "A", "B", 1, 2, 1, 1.0, ["m1"]),
            (2020, "A", "C", 1, 2, 1, 1.0, ["m2"]),
            (2021, "A", "B", 2, 2, 2, 2.0, ["m1", "m5"]),
            (2021, "C", "D", 1, 1, 1, 1.0, ["m3"]),
        ],
        schema=YEARLY_TIES_SCHEMA,
        orient="row",
    )
    assert_frame_equal(yearly_ties(links, documents), expected)
    assert_frame_equal(yearly_ties(links, documents.clear()), pl.DataFrame(schema=YEARLY_TIES_SCHEMA))
    with pytest.raises(SchemaError, match=r"documents: missing columns \['year'\]"):
        yearly_ties(links, documents.drop("year"))


def test_tie_changes(yearly_links: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    links, documents = yearly_links
    yearly = yearly_ties(links, documents)
    expected = pl.DataFrame(
        [
            (2020, None, "A", "B", "new", 1.0, None),
            (2020, None, "A", "C", "new", 1.0, None),
            (2021, 2020, "A", "B", "continued", 2.0, 1.0),
            (2021, 2020, "A", "C", "lost", None, 1.0),
            (2021, 2020, "C", "D", "new", 1.0, None),
            (2022, 2021, "A", "B", "lost", None, 2.0),
            (2022, 2021, "C", "D", "lost", None, 1.0),
        ],
        schema=TIE_CHANGES_SCHEMA,
        orient="row",
    )
    assert_frame_equal(tie_changes(yearly, years=[2022, 2020, 2021]), expected)
    # by default only the years with ties are compared, so 2022 is not there
    assert_frame_equal(tie_changes(yearly), expected.filter(pl.col("year") < 2022))
    assert_frame_equal(tie_changes(yearly.clear()), pl.DataFrame(schema=TIE_CHANGES_SCHEMA))
    with pytest.raises(ParameterError, match=r"leaves out years \[2021\]"):
        tie_changes(yearly, years=[2020, 2022])
    with pytest.raises(SchemaError, match=r"yearly ties: missing columns \['year'\]"):
        tie_changes(yearly.drop("year"))


def test_shared_layout(yearly_links: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    links, documents = yearly_links
    yearly = yearly_ties(links, documents)
    graphs = [ties_graph(yearly.filter(pl.col("year") == year)) for year in (2020, 2021)]
    layout = shared_layout(graphs, seed=1)
    assert list(layout) == ["A", "B", "C", "D"]  # the union of both years' nodes
    assert all(-1.0 <= c <= 1.0 for xy in layout.values() for c in xy)
    assert layout == shared_layout(list(reversed(graphs)), seed=1)  # the order of the graphs does not matter
    assert layout != shared_layout(graphs, seed=2)
    assert shared_layout([nx.Graph()]) == {}


def test_shared_layout_packs_components_so_a_stray_pair_does_not_squeeze_the_main_cluster() -> None:
    main = nx.cycle_graph([f"B{i:02d}" for i in range(12)])
    graph = nx.union(main, nx.Graph([("X", "Y")]))
    layout = shared_layout([graph], seed=0)
    main_xs = [layout[node][0] for node in main]
    main_ys = [layout[node][1] for node in main]
    spread = max(max(main_xs) - min(main_xs), max(main_ys) - min(main_ys))
    assert spread > 0.8  # the 12-node cycle spans a large part of the [-1, 1] frame
    stray = [layout["X"], layout["Y"]]
    assert all(not (min(main_xs) <= x <= max(main_xs) and min(main_ys) <= y <= max(main_ys)) for x, y in stray)
    assert shared_layout([nx.Graph([("only", "only")])]) == {"only": (0.0, 0.0)}


# ------------------------------------------------------------------------------------------ export


def test_graphml_and_gexf_round_trip(links: pl.DataFrame, instruments: pl.DataFrame, tmp_path: Path) -> None:
    graph = body_instrument_graph(links, instruments, provenance="all", min_confidence=0.3)
    graph.edges["A", "m1"]["tags"] = {"y", "x"}  # a set attribute is written sorted
    graph.nodes["A"]["note"] = None  # a None attribute is left out
    graphml_path = tmp_path / "out" / "bipartite.graphml"
    gexf_path = tmp_path / "out" / "bipartite.gexf"
    write_graphml(graph, graphml_path)
    write_gexf(graph, gexf_path)
    assert sorted(path.name for path in graphml_path.parent.iterdir()) == ["bipartite.gexf", "bipartite.graphml"]
    for read in (nx.read_graphml(graphml_path), nx.read_gexf(gexf_path)):
        assert sorted(read.nodes) == sorted(graph.nodes)
        assert read.nodes["A"]["kind"] == "body" and "note" not in read.nodes["A"]
        assert read.nodes["m1"]["title"] == "Synthetic Declaration One"
        assert read.nodes["m2"]["bipartite"] == 1
        edge = read.edges["A", "m1"]
        assert edge["weight"] == 2
        assert edge["para_ids"] == "d1/p01;d1/p02"
        assert edge["provenance"] == "explicit"
        assert edge["tags"] == "x;y"
        assert edge["confidence"] == 1.0
        assert read.edges["C", "m4"]["confidence"] == 0.4
        assert read.number_of_edges() == graph.number_of_edges()
    assert nx.read_graphml(graphml_path).graph["min_confidence"] == 0.3
    # the original graph is untouched
    assert graph.edges["A", "m1"]["para_ids"] == ["d1/p01", "d1/p02"]
    # writing twice gives the same bytes
    first = graphml_path.read_bytes()
    write_graphml(graph, graphml_path)
    assert graphml_path.read_bytes() == first


def test_failed_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full (synthetic)")

    monkeypatch.setattr(nx, "write_graphml", broken)
    with pytest.raises(OSError, match="disk full"):
        write_graphml(weighted_path(), tmp_path / "path.graphml")
    assert list(tmp_path.iterdir()) == []


def test_graph_tables(links: pl.DataFrame) -> None:
    nodes, edges = graph_tables(ties_graph(body_ties(links, provenance="explicit")))
    assert_frame_equal(nodes, pl.DataFrame({"node_id": ["A", "B", "C", "D"], "kind": ["body"] * 4}))
    expected_edges = (
        body_ties(links, provenance="explicit")
        .rename({"body_a": "source", "body_b": "target"})
        .select("source", "target", "n_shared", "s_a", "s_b", "weight", "evidence")
    )
    assert_frame_equal(edges, expected_edges)
    empty_nodes, empty_edges = graph_tables(nx.Graph())
    assert empty_nodes.columns == ["node_id"] and empty_edges.columns == ["source", "target"]
    assert empty_nodes.height == empty_edges.height == 0


# ------------------------------------------------------------------------------------------ recovery


def tiny_planted_links(*, seed: int = 0) -> tuple[pl.DataFrame, set[tuple[str, str]], dict[str, int]]:
    """A SYNTHETIC planted corpus built here: three communities of four bodies each.

    Each of 30 statements names 6 instruments; an instrument belongs to one community and is attributed to 2–3 of
    its bodies (the planted ties are the within-community pairs). One instrument in every statement is noise,
    attributed to two bodies drawn from the whole registry.
    """
    rng = random.Random(seed)
    groups = [[f"b{c}{i}" for i in range(4)] for c in range(3)]
    rows: list[tuple[str, str, str, int, str, str, float]] = []
    for s in range(30):
        doc_id = f"s{s:02d}"
        for p in range(6):
            para_id, instrument_id = f"{doc_id}/p{p + 1:02d}", f"{doc_id}-m{p}"
            if p == 5:
                bodies = rng.sample([body for group in groups for body in group], 2)
            else:
                bodies = rng.sample(groups[rng.randrange(3)], rng.choice([2, 3]))
            rows += [(doc_id, para_id, instrument_id, 0, body, "explicit", 1.0) for body in bodies]
    planted = {(a, b) for group in groups for a in group for b in group if a < b}
    community = {body: c for c, group in enumerate(groups) for body in group}
    return make_links(rows), planted, community


def ranked_recovery(ties: pl.DataFrame, planted: set[tuple[str, str]]) -> tuple[float, bool]:
    """Precision of the top-|planted| ties, and whether every planted tie outranks every other tie."""
    ranked = ties.sort("weight", "body_a", "body_b", descending=[True, False, False])
    pairs = list(ranked.select("body_a", "body_b").iter_rows())
    precision = sum(pair in planted for pair in pairs[: len(planted)]) / len(planted)
    planted_weights = ties.filter(pl.struct("body_a", "body_b").is_in([{"body_a": a, "body_b": b} for a, b in planted]))
    others = ties.join(planted_weights.select("body_a", "body_b"), on=["body_a", "body_b"], how="anti")
    separated = planted_weights.get_column("weight").min() > (others.get_column("weight").max() or 0.0)  # type: ignore[operator]
    return precision, bool(separated)


def test_recovery_on_a_tiny_planted_corpus() -> None:
    links, planted, community = tiny_planted_links(seed=0)
    ties = body_ties(links, normalise="association")
    precision, separated = ranked_recovery(ties, planted)
    assert precision == 1.0 and separated
    found = communities(ties_graph(ties), seed=0)
    truth = [community[body] for body in found.get_column("body_id")]
    assert adjusted_rand_score(truth, found.get_column("community").to_list()) == 1.0
    # the disparity backbone keeps no noise edge
    kept = backbone(ties, alpha=0.2)
    assert set(kept.select("body_a", "body_b").iter_rows()) <= planted


@pytest.fixture(scope="module")
def planted_corpus() -> PlantedCorpus:
    return generate_corpus(PlantedSpec(n_statements=100), seed=0)


@pytest.mark.parametrize("weight", ["shared_instruments", "co_mentions"])
def test_recovery_on_the_planted_generator(planted_corpus: PlantedCorpus, weight: str) -> None:
    truth = planted_corpus.truth
    ties = body_ties(
        planted_corpus.instrument_bodies,
        body_mentions=planted_corpus.body_mentions,
        paragraphs=planted_corpus.paragraphs,
        weight=weight,  # type: ignore[arg-type]
        provenance="explicit",
        normalise="association",
    )
    assert ties.height > len(truth.planted_ties)  # the noise links do tie bodies across communities
    precision, separated = ranked_recovery(ties, set(truth.planted_ties))
    assert precision == 1.0 and separated
    # every body's two heaviest ties are its planted partners
    kept = backbone(ties, method="top_k", k=2)
    assert set(kept.select("body_a", "body_b").iter_rows()) == set(truth.planted_ties)
    found = communities(ties_graph(ties), seed=0)
    assert sorted(found.get_column("body_id")) == sorted(truth.body_community)
    planted_labels = [truth.body_community[body] for body in found.get_column("body_id")]
    assert adjusted_rand_score(planted_labels, found.get_column("community").to_list()) >= 0.9


def test_yearly_ties_on_the_planted_generator(planted_corpus: PlantedCorpus) -> None:
    yearly = yearly_ties(planted_corpus.instrument_bodies, planted_corpus.documents, provenance="explicit")
    assert yearly.get_column("year").unique().sort().to_list() == list(planted_corpus.spec.years)
    # every year each community adopts an instrument naming one of its pairs: a planted tie every year
    planted = set(planted_corpus.truth.planted_ties)
    for (year,), ties in yearly.group_by("year"):
        assert len(set(ties.select("body_a", "body_b").iter_rows()) & planted) >= 3, year
    changes = tie_changes(yearly)
    assert set(changes.get_column("change")) == {"new", "lost", "continued"}


def test_graph_tables_gives_the_declared_node_columns_even_when_no_node_has_them() -> None:
    graph = nx.Graph()
    graph.add_node("ALMM", kind="body")
    graph.add_node("asean-guidelines-x", kind="instrument", title="ASEAN Guidelines on X")  # no acronym anywhere
    nodes, _ = graph_tables(graph, node_columns={"acronym": pl.String(), "title": pl.String()})
    assert nodes.schema["acronym"] == pl.String()
    assert nodes.get_column("acronym").to_list() == [None, None]
    assert nodes.get_column("title").to_list() == [None, "ASEAN Guidelines on X"]  # present columns are kept
