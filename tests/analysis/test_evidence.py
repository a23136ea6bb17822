"""Tests for the evidence behind each mark: ascc_analysis.analysis.evidence and ascc_analysis.report.plots.evidence.

The frames are checked on planted data (the paragraphs behind a planted topic's peak year are that topic's
paragraphs; a planted shift term's paragraphs are exactly those using it; a planted tie's paragraphs are those where
a shared instrument is linked to either body) and on small hand-built tables; the plots side checks that a chart
carries its evidence (counts, the heaviest paragraphs, links of the contract's form) and that tables link paragraphs.
All statement text here is SYNTHETIC.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from urllib.parse import parse_qs, urlsplit

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ascc_analysis.analysis import evidence, networks, topics
from ascc_analysis.errors import ParameterError, SchemaError
from ascc_analysis.extract.themes import tag_paragraphs
from ascc_analysis.report import plots
from ascc_analysis.testing.planted import PlantedCorpus, generate_corpus

PARAGRAPH_LINK = re.compile(r"^statements/[A-Za-z0-9._~%-]+\.html#[A-Za-z0-9._~%/-]+$")


@pytest.fixture(scope="module")
def planted() -> PlantedCorpus:
    return generate_corpus(seed=0)


def _years(corpus: PlantedCorpus) -> dict[str, int]:
    return dict(corpus.documents.select("doc_id", "year").iter_rows())


# ------------------------------------------------------------------------------------------ planted data


def test_topic_evidence_at_a_planted_peak_year_is_that_topics_paragraphs(planted: PlantedCorpus) -> None:
    truth = planted.truth
    # one topic more than planted: the planted shift sentences make a small topic of their own
    model = topics.fit_topics(planted.paragraphs, n_topics=len(truth.topic_terms) + 1, seed=0, n_seeds=2)
    frame = evidence.topic_evidence_by_year(model, planted.paragraphs, planted.documents)
    assert frame.columns == ["topic_id", "year", "para_id", "doc_id", "meeting_body_id", "weight", "text"]
    # the model topic whose top terms are the planted peak topic's
    peak = next(topic for topic in planted.spec.topics if topic.curve == "peak")
    top_terms = model.terms.filter(pl.col("rank") <= 10).group_by("topic_id").agg("term")
    overlap = {topic_id: len(set(terms) & set(truth.topic_terms[peak.id])) for topic_id, terms in top_terms.iter_rows()}
    matched = max(overlap, key=lambda topic_id: overlap[topic_id])
    assert overlap[matched] >= 5
    peak_year = truth.topic_share.filter(pl.col("topic_id") == peak.id).sort("share", descending=True)["year"][0]
    behind = frame.filter((pl.col("topic_id") == matched) & (pl.col("year") == peak_year))
    planted_ids = set(truth.paragraph_topic.filter(pl.col("topic_id") == peak.id)["para_id"])
    top = behind.head(5)["para_id"].to_list()
    assert len(top) == 5
    assert set(top) <= planted_ids, f"top paragraphs of {peak.id} in {peak_year} not all planted: {top}"
    # every row is of that year, weighs more than nothing, and the heaviest come first
    years = _years(planted)
    assert {years[doc_id] for doc_id in behind["doc_id"]} == {peak_year}
    assert behind["weight"].min() > 0  # type: ignore[operator]
    assert behind["weight"].to_list() == sorted(behind["weight"].to_list(), reverse=True)


def test_term_evidence_of_a_planted_shift_is_exactly_the_paragraphs_using_it(planted: PlantedCorpus) -> None:
    shift = planted.truth.shifts[0]
    marks = pl.DataFrame(
        {"term": [*shift.terms, *shift.terms], "year": [shift.year] * len(shift.terms) + [shift.year - 1] * 3}
    )
    frame = evidence.term_evidence(planted.paragraphs, planted.documents, marks)
    years = _years(planted)
    numbered = planted.paragraphs.filter(pl.col("level") == "paragraph")
    for term in shift.terms:
        pattern = re.compile(rf"\b{re.escape(term)}\b")
        using = {
            para_id
            for para_id, doc_id, text in numbered.select("para_id", "doc_id", "text").iter_rows()
            if years[doc_id] == shift.year and pattern.search(text.lower())
        }
        found = frame.filter((pl.col("term") == term) & (pl.col("year") == shift.year))
        assert using, f"the planted shift term {term!r} is not in {shift.year}"
        assert set(found["para_id"]) == using
        assert frame.filter((pl.col("term") == term) & (pl.col("year") == shift.year - 1)).is_empty()


def test_tie_evidence_of_planted_ties_is_where_a_shared_instrument_meets_either_body(planted: PlantedCorpus) -> None:
    ties = networks.body_ties(planted.instrument_bodies, weight="shared_instruments", normalise="raw")
    frame = evidence.tie_evidence(
        ties, planted.paragraphs, planted.documents, instrument_bodies=planted.instrument_bodies
    )
    links: dict[tuple[str, str], set[str]] = defaultdict(set)  # (instrument, body) -> paragraphs
    for para_id, instrument_id, body_id in planted.instrument_bodies.select(
        "para_id", "instrument_id", "body_id"
    ).iter_rows():
        links[instrument_id, body_id].add(para_id)
    by_tie = {
        (a, b): dict(zip(rows["para_id"], rows["weight"], strict=True))
        for (a, b), rows in frame.group_by("body_a", "body_b")
    }
    assert set(planted.truth.planted_ties) <= set(by_tie)
    for body_a, body_b, shared in ties.select("body_a", "body_b", "evidence").iter_rows():
        side_a = set().union(*(links[instrument, body_a] for instrument in shared))
        side_b = set().union(*(links[instrument, body_b] for instrument in shared))
        found = by_tie[body_a, body_b]
        assert set(found) == side_a | side_b
        assert {para_id for para_id, weight in found.items() if weight == 2} == side_a & side_b


def test_link_and_instrument_evidence_are_the_networks_own_paragraphs(planted: PlantedCorpus) -> None:
    graph = networks.body_instrument_graph(planted.instrument_bodies, planted.instruments)
    _, edges = networks.graph_tables(graph)
    frame = evidence.link_evidence(planted.instrument_bodies, planted.paragraphs, planted.documents)
    found = {
        (body_id, instrument_id): set(rows["para_id"])
        for (body_id, instrument_id), rows in frame.group_by("body_id", "instrument_id")
    }
    assert found == {
        (source, target): set(para_ids)
        for source, target, para_ids in edges.select("source", "target", "para_ids").iter_rows()
    }
    named = evidence.instrument_evidence(planted.instrument_mentions, planted.paragraphs, planted.documents)
    counts = planted.instrument_mentions.group_by("instrument_id").agg(n=pl.col("para_id").n_unique())
    assert dict(named.group_by("instrument_id").len().iter_rows()) == dict(counts.iter_rows())


def test_theme_evidence_counts_are_theme_shares_counts(planted: PlantedCorpus) -> None:
    tags = tag_paragraphs(planted.paragraphs)
    frame = evidence.theme_evidence(tags, planted.paragraphs, planted.documents)
    shares = topics.theme_shares(tags, planted.paragraphs, planted.documents, n_boot=10)
    counts = frame.group_by("theme_id", "year").agg(n=pl.len().cast(pl.Int32))
    compared = shares.filter(pl.col("n_tagged") > 0).join(counts, on=["theme_id", "year"], how="full", coalesce=True)
    assert compared.height == shares.filter(pl.col("n_tagged") > 0).height
    assert (compared["n"] == compared["n_tagged"]).all()
    # the planted shift's paragraphs are behind its theme in its year
    shift = planted.truth.shifts[0]
    behind = set(frame.filter((pl.col("theme_id") == shift.theme_id) & (pl.col("year") == shift.year))["para_id"])
    holding = set(
        evidence.term_evidence(
            planted.paragraphs, planted.documents, pl.DataFrame({"term": [shift.terms[0]], "year": [shift.year]})
        )["para_id"]
    )
    assert holding and holding <= behind


# ------------------------------------------------------------------------------------------ hand-built tables

DOCUMENTS = pl.DataFrame(
    {"doc_id": ["a", "b"], "year": [2019, 2020], "meeting_body_id": ["ASCC", "AHMM"]},
    schema={"doc_id": pl.String, "year": pl.Int32, "meeting_body_id": pl.String},
)
PARAGRAPHS = pl.DataFrame(
    [
        ("a", "a/pre01", "preamble", 0, "SYNTHETIC preamble naming the AHMM"),
        ("a", "a/p01", "paragraph", 1, "SYNTHETIC paragraph one on the AHMM and the ALMM"),
        ("a", "a/p01.a", "sub_item", 1, "SYNTHETIC sub-item naming the ALMM"),
        ("a", "a/p02", "paragraph", 2, "SYNTHETIC paragraph two"),
        ("b", "b/p01", "paragraph", 1, "SYNTHETIC <b>markup</b> & the AHMM"),
    ],
    schema=["doc_id", "para_id", "level", "para_no", "text"],
    orient="row",
)


def _expected(key: dict[str, list[object]], rows: list[tuple[str, str, int, str, float, str]]) -> pl.DataFrame:
    columns = {
        "para_id": [row[0] for row in rows],
        "doc_id": [row[1] for row in rows],
        "year": [row[2] for row in rows],
        "meeting_body_id": [row[3] for row in rows],
        "weight": [row[4] for row in rows],
        "text": [row[5] for row in rows],
    }
    frame = pl.DataFrame({**columns, **key})
    ordered = [*key, *(name for name in columns if name not in key)]
    return frame.select(ordered).with_columns(pl.col("year").cast(pl.Int32), pl.col("weight").cast(pl.Float64))


def _text(para_id: str) -> str:
    return str(PARAGRAPHS.filter(pl.col("para_id") == para_id)["text"][0])


def test_body_evidence_counts_sub_items_for_their_paragraph_and_skips_generic_mentions() -> None:
    mentions = pl.DataFrame(
        {
            "para_id": ["a/pre01", "a/p01", "a/p01", "a/p01.a", "a/p02", "b/p01"],
            "body_id": ["AHMM", "AHMM", "ALMM", "ALMM", None, "AHMM"],
            "is_generic": [False, False, False, False, True, False],
        }
    )
    frame = evidence.body_evidence(mentions, PARAGRAPHS, DOCUMENTS)
    expected = _expected(
        {"body_id": ["AHMM", "AHMM", "AHMM", "ALMM"], "year": [2019, 2019, 2020, 2019]},
        [
            ("a/p01", "a", 2019, "ASCC", 1.0, _text("a/p01")),
            ("a/pre01", "a", 2019, "ASCC", 1.0, _text("a/pre01")),
            ("b/p01", "b", 2020, "AHMM", 1.0, _text("b/p01")),
            ("a/p01", "a", 2019, "ASCC", 2.0, _text("a/p01")),
        ],
    )
    assert_frame_equal(frame, expected)
    overall = evidence.body_evidence(mentions, PARAGRAPHS, DOCUMENTS, per_year=False)
    assert overall.columns[:2] == ["body_id", "para_id"]
    assert overall.filter(pl.col("body_id") == "AHMM")["para_id"].to_list() == ["a/p01", "a/pre01", "b/p01"]


def test_theme_evidence_weighs_by_hits_and_keeps_numbered_paragraphs() -> None:
    tags = pl.DataFrame(
        {
            "para_id": ["a/p01", "a/p02", "b/p01", "a/p01.a"],
            "theme_id": ["health", "health", "health", "health"],
            "n_hits": [1, 3, 2, 5],
        }
    )
    frame = evidence.theme_evidence(tags, PARAGRAPHS, DOCUMENTS)
    expected = _expected(
        {"theme_id": ["health"] * 3, "year": [2019, 2019, 2020]},
        [
            ("a/p02", "a", 2019, "ASCC", 3.0, _text("a/p02")),
            ("a/p01", "a", 2019, "ASCC", 1.0, _text("a/p01")),
            ("b/p01", "b", 2020, "AHMM", 2.0, _text("b/p01")),
        ],
    )
    assert_frame_equal(frame, expected)


def test_tie_evidence_of_co_mentions_and_of_yearly_ties() -> None:
    ties = pl.DataFrame(
        {"year": [2019, 2020], "body_a": ["AHMM", "AHMM"], "body_b": ["ALMM", "ALMM"], "evidence": [["a/p01"], []]}
    )
    frame = evidence.tie_evidence(ties, PARAGRAPHS, DOCUMENTS, unit="co_mentions")
    expected = _expected(
        {"year": [2019], "body_a": ["AHMM"], "body_b": ["ALMM"]},
        [("a/p01", "a", 2019, "ASCC", 2.0, _text("a/p01"))],
    )
    assert_frame_equal(frame, expected)


def test_evidence_errors_name_the_problem() -> None:
    ties = pl.DataFrame({"body_a": ["A"], "body_b": ["B"], "evidence": [["x"]]})
    with pytest.raises(ParameterError, match="unit='bodies' is not one of"):
        evidence.tie_evidence(ties, PARAGRAPHS, DOCUMENTS, unit="bodies")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="give instrument_bodies"):
        evidence.tie_evidence(ties, PARAGRAPHS, DOCUMENTS)
    with pytest.raises(SchemaError, match=r"ties: missing column\(s\) \['evidence'\]"):
        evidence.tie_evidence(ties.drop("evidence"), PARAGRAPHS, DOCUMENTS, unit="co_mentions")
    with pytest.raises(SchemaError, match=r"doc_id\(s\) \['b'\] are not in documents"):
        evidence.theme_evidence(pl.DataFrame({"para_id": ["b/p01"], "theme_id": ["t"]}), PARAGRAPHS, DOCUMENTS.head(1))
    with pytest.raises(SchemaError, match=r"marks: missing column\(s\) \['year'\]"):
        evidence.term_evidence(PARAGRAPHS, DOCUMENTS, pl.DataFrame({"term": ["health"]}))


# ------------------------------------------------------------------------------------------ charts and links


def _theme_chart(planted: PlantedCorpus) -> tuple[plots.Chart, pl.DataFrame, pl.DataFrame]:
    tags = tag_paragraphs(planted.paragraphs)
    shares = topics.theme_shares(tags, planted.paragraphs, planted.documents, n_boot=10)
    frame = evidence.theme_evidence(tags, planted.paragraphs, planted.documents)
    chart = plots.heatmap(shares, x="year", y="theme_id", value="share", title="Theme shares")
    return chart, shares, frame


def test_a_chart_carries_the_evidence_of_each_mark(planted: PlantedCorpus) -> None:
    chart, shares, frame = _theme_chart(planted)
    shown = plots.with_evidence(
        chart,
        frame,
        key=("theme_id", "year"),
        caption="Paragraphs tagged",
        search={"theme": "theme_id", "year": "year"},
        top_n=3,
        text_chars=80,
        max_ids=4,
    )
    assert "usermeta" not in chart.spec  # the input chart is left alone
    meta = plots.evidence_of(shown)
    assert meta is not None and len(meta["sets"]) == 1
    marks = {tuple(mark["key"]): mark for mark in meta["sets"][0]["marks"]}
    assert meta["sets"][0]["fields"] == ["theme_id", "year"]
    # every drawn cell with tagged paragraphs has a mark of that many paragraphs, keyed by the cell's own values
    cells = {(row["theme_id"], row["year"]): row for row in shown.spec["data"]["values"]}
    tagged = shares.filter(pl.col("n_tagged") > 0)
    assert set(marks) == {(theme, year) for theme, year in tagged.select("theme_id", "year").iter_rows()}
    assert set(marks) <= set(cells)
    for theme_id, year, n_tagged in tagged.select("theme_id", "year", "n_tagged").iter_rows():
        mark = marks[theme_id, year]
        assert mark["n"] == n_tagged
        rows = frame.filter((pl.col("theme_id") == theme_id) & (pl.col("year") == year))
        assert [para_id for para_id, _ in mark["top"]] == rows["para_id"].head(3).to_list()
        query = parse_qs(urlsplit(mark["all"]).query)
        assert mark["all"].startswith("search.html?")
        assert query["title"] == [f"Paragraphs tagged: {theme_id} · {year}"]
        if n_tagged <= 4:
            assert mark["exact"] and query["ids"] == [",".join(rows["para_id"])]
        else:
            assert not mark["exact"] and "ids" not in query
            assert query["theme"] == [theme_id] and query["year_from"] == query["year_to"] == [str(year)]
    doc_ids = dict(frame.select("para_id", "doc_id").iter_rows())
    for para_id, (year, body, opening, href) in meta["paragraphs"].items():
        assert href == f"statements/{doc_ids[para_id]}.html#{para_id}" and PARAGRAPH_LINK.match(href)
        assert body == "ASCC" and isinstance(year, int)
        assert len(opening) <= 81
    # the page can carry it: the spec is still valid JSON for the chart fragment
    assert "ascc_evidence" in plots.chart_html(shown)


def test_evidence_of_two_kinds_shares_one_paragraph_list() -> None:
    nodes = pl.DataFrame({"node_id": ["AHMM", "ALMM"]})
    edges = pl.DataFrame({"source": ["AHMM"], "target": ["ALMM"], "weight": [1.0]})
    chart = plots.network_chart(
        nodes, edges, {"AHMM": (0.0, 0.0), "ALMM": (1.0, 1.0)}, color=None, size=None, title="t"
    )
    ties = pl.DataFrame({"body_a": ["AHMM"], "body_b": ["ALMM"], "evidence": [["a/p01"]]})
    mentions = pl.DataFrame({"para_id": ["a/p01", "b/p01"], "body_id": ["AHMM", "AHMM"]})
    shown = plots.with_evidence(
        plots.with_evidence(
            chart,
            evidence.tie_evidence(ties, PARAGRAPHS, DOCUMENTS, unit="co_mentions"),
            key={"_source": "body_a", "_target": "body_b"},
            caption="Tie",
        ),
        evidence.body_evidence(mentions, PARAGRAPHS, DOCUMENTS, per_year=False),
        key={"node_id": "body_id"},
        caption="Body",
    )
    meta = plots.evidence_of(shown)
    assert meta is not None
    assert [entry["fields"] for entry in meta["sets"]] == [["_source", "_target"], ["node_id"]]
    assert meta["sets"][0]["marks"][0]["key"] == ["AHMM", "ALMM"]
    assert sorted(meta["paragraphs"]) == ["a/p01", "b/p01"]
    # the markup of a statement is data in the JSON and escaped in the page fragment
    assert meta["paragraphs"]["b/p01"] == [
        2020,
        "AHMM",
        "SYNTHETIC <b>markup</b> & the AHMM",
        "statements/b.html#b/p01",
    ]
    fragment = plots.chart_html(shown)
    assert "<b>" not in fragment and "\\u003cb\\u003emarkup" in fragment
    payload = fragment.split(">", 2)[2].rsplit("</script>", 1)[0]
    assert json.loads(payload)["usermeta"]["ascc_evidence"] == meta


def test_a_page_lists_the_paragraphs_of_all_its_charts_once() -> None:
    chart = plots.bar(pl.DataFrame({"term": ["synthetic"], "n": [1]}), x="term", y="n", title="t")
    frame = evidence.term_evidence(PARAGRAPHS, DOCUMENTS, pl.DataFrame({"term": ["synthetic"], "year": [2020]}))
    first = plots.with_evidence(chart, frame, key=("term",), caption="c")
    second = plots.with_evidence(chart, frame, key=("term",), caption="d", text_chars=5)
    plain = plots.bar(pl.DataFrame({"term": ["x"], "n": [1]}), x="term", y="n", title="u")
    specs, paragraphs = plots.hoist_paragraphs([first.spec, second.spec, plain.spec])
    assert paragraphs == {"b/p01": [2020, "AHMM", "SYNTHETIC <b>markup</b> & the AHMM", "statements/b.html#b/p01"]}
    assert [spec.get("usermeta", {}).get("ascc_evidence", {}).get("paragraphs") for spec in specs] == [{}, {}, None]
    assert specs[0]["usermeta"]["ascc_evidence"]["sets"] == first.spec["usermeta"]["ascc_evidence"]["sets"]
    assert first.spec["usermeta"]["ascc_evidence"]["paragraphs"]  # the charts given are left alone
    store = plots.paragraphs_html(paragraphs)
    assert store.startswith('<script type="application/json" id="ascc-evidence-paragraphs">')
    assert "<b>" not in store and store.count("</script>") == 1
    assert json.loads(store.split(">", 1)[1].rsplit("</script>", 1)[0]) == paragraphs
    assert plots.paragraphs_html({}) == ""


def test_with_evidence_rejects_bad_options() -> None:
    chart = plots.bar(pl.DataFrame({"term": ["x"], "n": [1]}), x="term", y="n", title="t")
    frame = evidence.term_evidence(PARAGRAPHS, DOCUMENTS, pl.DataFrame({"term": ["synthetic"], "year": [2019]}))
    with pytest.raises(ParameterError, match=r"key\[label\]='label'"):
        plots.with_evidence(chart, frame, key={"label": "label"}, caption="c")
    with pytest.raises(ParameterError, match=r"search parameter\(s\) \['ids'\] not accepted"):
        plots.with_evidence(chart, frame, key=("term",), caption="c", search={"ids": "para_id"})
    with pytest.raises(ParameterError, match="top_n must be at least 1"):
        plots.with_evidence(chart, frame, key=("term",), caption="c", top_n=0)
    with pytest.raises(ParameterError, match="key names no field"):
        plots.with_evidence(chart, frame, key=(), caption="c")


def test_links_have_the_contract_form() -> None:
    assert (
        plots.paragraph_href("ascc-31-2024-03-24/p07.b")
        == "statements/ascc-31-2024-03-24.html#ascc-31-2024-03-24/p07.b"
    )
    assert plots.paragraph_href("x y/p01") == "statements/x%20y.html#x%20y/p01"
    with pytest.raises(ParameterError, match="names no statement"):
        plots.paragraph_href("p01")
    href = plots.search_href({"theme": "health", "year_from": 2019, "ids": ["a/p01", "b/p02"]}, title="T & U")
    assert href == "search.html?year_from=2019&theme=health&ids=a/p01,b/p02&title=T%20%26%20U"
    with pytest.raises(ParameterError, match=r"unknown parameter\(s\) \['colour'\]"):
        plots.search_href({"colour": "red"})


def test_tables_link_the_paragraphs_they_name() -> None:
    frame = pl.DataFrame(
        {
            "para_id": ["a/p01", "<x>/p02"],
            "source_para_id": [None, "b/p01"],
            "evidence": [["a/p01", "b/p01"], []],
            "note": ["a/p01", "plain"],
        }
    )
    page = plots.table(frame, links=None).to_html()
    assert '<a class="ascc-para" href="statements/a.html#a/p01">a/p01</a>' in page
    assert '<a class="ascc-para" href="statements/%3Cx%3E.html#%3Cx%3E/p02">&lt;x&gt;/p02</a>' in page
    assert '<a class="ascc-para" href="statements/b.html#b/p01">b/p01</a>' in page  # source_para_id
    assert page.count('class="ascc-para"') == 3  # evidence and note are not linked unless asked
    listed = plots.table(frame, links=("evidence",)).to_html()
    assert (
        '<a class="ascc-para" href="statements/a.html#a/p01">a/p01</a>, '
        '<a class="ascc-para" href="statements/b.html#b/p01">b/p01</a>'
    ) in listed
    assert plots.table(frame, links=()).to_html().count("<a ") == 0
    with pytest.raises(ParameterError, match=r"links\[0\]='nothing'"):
        plots.table(frame, links=("nothing",))
