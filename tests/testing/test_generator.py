"""The planted-signal generator: determinism, sizes, real segmentation and build, and that the signals are planted.

Every statement used here is synthetic, written by :mod:`ascc_analysis.testing.planted`; none is an ASEAN document.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import re
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from ascc_analysis.build import build_corpus
from ascc_analysis.errors import ParameterError
from ascc_analysis.ingest.demo import split_synthetic_label
from ascc_analysis.ingest.metadata import extract_metadata
from ascc_analysis.ingest.normalise import normalise_text
from ascc_analysis.ingest.segment import paragraphs_frame, split_statement
from ascc_analysis.schemas import (
    BODY_MENTIONS,
    DOCUMENTS,
    INSTRUMENT_BODIES,
    INSTRUMENT_MENTIONS,
    INSTRUMENTS,
    PARAGRAPHS,
    PRIORITIES,
    TableSpec,
    validate,
)
from ascc_analysis.testing import planted as generator
from ascc_analysis.testing.planted import (
    DEFAULT_TOPICS,
    FILLER_TERMS,
    GENERATOR_LABEL,
    GeneratorError,
    PlantedCorpus,
    PlantedShift,
    PlantedSpec,
    PlantedTopic,
    generate_corpus,
    shingle_jaccard,
    topic_shares,
    write_raw,
)

TABLE_SPECS: dict[str, TableSpec] = {
    "documents": DOCUMENTS,
    "paragraphs": PARAGRAPHS,
    "instruments": INSTRUMENTS,
    "instrument_mentions": INSTRUMENT_MENTIONS,
    "instrument_bodies": INSTRUMENT_BODIES,
    "body_mentions": BODY_MENTIONS,
    "priorities": PRIORITIES,
}
TRUTH_FRAMES = ("topic_term_weight", "topic_share", "paragraph_topic", "carried_from", "shared_instruments")
WORD_RE = r"[a-z]+"


@pytest.fixture(scope="module")
def small() -> PlantedCorpus:
    """12 statements, one a year (2009–2020), with every statement checked against the normaliser."""
    return generate_corpus(PlantedSpec(n_statements=12), seed=0, normalise_check="all")


@pytest.fixture(scope="module")
def medium() -> PlantedCorpus:
    """200 statements over 12 years."""
    return generate_corpus(PlantedSpec(n_statements=200), seed=0)


@pytest.fixture(scope="module")
def large() -> PlantedCorpus:
    """500 statements over 12 years."""
    return generate_corpus(PlantedSpec(n_statements=500), seed=1)


def paragraph_rows(corpus: PlantedCorpus) -> pl.DataFrame:
    """Numbered paragraphs with their year."""
    return (
        corpus.paragraphs.filter(pl.col("level") == "paragraph")
        .join(corpus.documents.select("doc_id", "year"), on="doc_id")
        .select("doc_id", "para_id", "para_no", "year", "text")
    )


# ------------------------------------------------------------------------------------------------ determinism


def test_same_seed_gives_identical_texts_frames_and_truth() -> None:
    spec = PlantedSpec(n_statements=24)
    first, second = generate_corpus(spec, seed=7), generate_corpus(spec, seed=7)
    assert first.texts == second.texts
    for name in TABLE_SPECS:
        assert_frame_equal(getattr(first, name), getattr(second, name))
    for name in TRUTH_FRAMES:
        assert_frame_equal(getattr(first.truth, name), getattr(second.truth, name))
    assert first.truth.carried_over == second.truth.carried_over
    assert first.truth.planted_ties == second.truth.planted_ties


def test_different_seeds_give_different_corpora() -> None:
    spec = PlantedSpec(n_statements=12)
    first, second = generate_corpus(spec, seed=0), generate_corpus(spec, seed=1)
    assert sorted(first.texts) == sorted(second.texts)  # same meetings and dates
    assert first.texts != second.texts
    assert not first.paragraphs.get_column("text").equals(second.paragraphs.get_column("text"))
    assert not first.instrument_mentions.equals(second.instrument_mentions)


# ------------------------------------------------------------------------------------------------ sizes, schemas


def test_twelve_statements_one_a_year(small: PlantedCorpus) -> None:
    documents = small.documents
    assert documents.height == 12
    assert documents.get_column("year").to_list() == list(range(2009, 2021))
    assert documents.get_column("meeting_no").to_list() == list(range(1, 13))
    assert documents.get_column("doc_id").to_list()[:2] == ["ascc-01-2009-07-02", "ascc-02-2010-07-02"]
    assert documents.get_column("source_file").to_list()[0] == "2009-07-02_1st-ascc-council_planted-statement.txt"
    assert documents.get_column("is_synthetic").all()
    # real chairs where resources/chairmanships.csv has the year
    assert documents.get_column("chair").to_list()[:3] == ["Thailand", "Viet Nam", "Indonesia"]
    assert documents.get_column("venue_city").to_list()[:3] == ["Bangkok", "Ha Noi", "Jakarta"]
    assert documents.get_column("title").to_list()[0] == "\n".join(
        [
            GENERATOR_LABEL,
            "JOINT STATEMENT OF THE FIRST ASEAN SOCIO-CULTURAL COMMUNITY (ASCC) COUNCIL MEETING",
            "Issued in Bangkok, Thailand on 2 July 2009",
            "Under the ASEAN Chairmanship of Thailand",
        ]
    )
    n_paragraphs = documents.get_column("n_paragraphs")
    assert n_paragraphs.is_between(12, 20).all()
    assert int(n_paragraphs.sum()) == paragraph_rows(small).height


def test_two_hundred_statements_spread_evenly(medium: PlantedCorpus) -> None:
    per_year = medium.documents.group_by("year").len().sort("year")
    assert per_year.get_column("year").to_list() == list(range(2009, 2021))
    assert sorted(set(per_year.get_column("len").to_list())) == [16, 17]
    assert medium.documents.get_column("doc_id").n_unique() == 200
    in_order = medium.documents.sort("meeting_no")  # doc ids sort as text: "ascc-100-…" before "ascc-11-…"
    assert in_order.get_column("date").is_sorted()
    first_of_2009 = medium.documents.filter(pl.col("year") == 2009).get_column("date").to_list()
    assert len(set(first_of_2009)) == len(first_of_2009)


def test_titles_give_the_meeting_number_date_and_chair(medium: PlantedCorpus) -> None:
    rows = medium.documents.sort("meeting_no").select("meeting_no", "title", "date", "chair").rows()
    assert "JOINT STATEMENT OF THE TWENTIETH ASEAN" in rows[19][1]
    assert "JOINT STATEMENT OF THE THIRTY-SECOND ASEAN" in rows[31][1]
    assert "JOINT STATEMENT OF THE 100TH ASEAN" in rows[99][1]
    for meeting_no, title, date, chair in rows:
        metadata = extract_metadata(title, "")
        assert (metadata.meeting_no, metadata.date, metadata.chair) == (meeting_no, date, chair)


@pytest.mark.parametrize("name", sorted(TABLE_SPECS))
def test_tables_validate_and_are_sorted(medium: PlantedCorpus, name: str) -> None:
    frame = getattr(medium, name)
    assert frame.height > 0
    assert_frame_equal(validate(frame, TABLE_SPECS[name]), frame)


def test_paragraphs_are_what_the_real_pipeline_reads(small: PlantedCorpus) -> None:
    for document in small.documents.iter_rows(named=True):
        raw = small.texts[document["source_file"]]
        text, is_synthetic = split_synthetic_label(raw)
        assert is_synthetic
        assert normalise_text(text) == text == document["text"]
        expected = paragraphs_frame(split_statement(text), doc_id=document["doc_id"])
        assert_frame_equal(small.paragraphs.filter(pl.col("doc_id") == document["doc_id"]), expected)
    rows = small.paragraphs.join(small.documents.select("doc_id", "text"), on="doc_id", suffix="_doc")
    spans = rows.select(pl.col("text_doc").str.slice(pl.col("char_start"), pl.col("char_end") - pl.col("char_start")))
    assert spans.to_series().to_list() == rows.get_column("text").to_list()
    levels = set(small.paragraphs.get_column("level").to_list())
    assert levels == {"paragraph", "sub_item"}  # lettered lists and the chair's (i) (ii) ... items


def test_texts_build_through_build_corpus(
    small: PlantedCorpus, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    raw_dir, out_dir = tmp_path / "raw", tmp_path / "processed"
    write_raw(small, raw_dir)
    caplog.set_level(logging.ERROR, logger="ascc_analysis.build")  # a first build warns of its empty cache
    result = build_corpus(raw_dir, out_dir, demo=False)
    assert result.n_documents == 12 and result.problems == []
    documents = pl.read_parquet(out_dir / "documents.parquet")
    assert documents.get_column("year").to_list() == list(range(2009, 2021))
    assert_frame_equal(documents, small.documents)
    assert_frame_equal(pl.read_parquet(out_dir / "paragraphs.parquet"), small.paragraphs)
    # the extractors recover what was planted
    key = ["para_id", "char_start", "char_end"]
    extracted = pl.read_parquet(out_dir / "instrument_mentions.parquet")
    assert_frame_equal(
        extracted.select(*key, "instrument_id", "status"),
        small.instrument_mentions.select(*key, "instrument_id", "status"),
    )
    extracted_bodies = pl.read_parquet(out_dir / "body_mentions.parquet")
    assert_frame_equal(extracted_bodies, small.body_mentions)
    assert_frame_equal(pl.read_parquet(out_dir / "priorities.parquet"), small.priorities)
    links = pl.read_parquet(out_dir / "instrument_bodies.parquet").filter(pl.col("provenance") == "explicit")
    link_key = ["para_id", "char_start", "body_id"]
    assert_frame_equal(links.select(link_key), small.instrument_bodies.select(link_key))


def test_write_raw_writes_every_text_and_replaces(small: PlantedCorpus, tmp_path: Path) -> None:
    paths = write_raw(small, tmp_path / "raw" / "planted")
    assert [path.name for path in paths] == sorted(small.texts)
    assert all(path.read_bytes() == small.texts[path.name].encode("utf-8") for path in paths)
    paths[0].write_text("stale", encoding="utf-8")
    assert write_raw(small, tmp_path / "raw" / "planted") == paths
    assert paths[0].read_text(encoding="utf-8") == small.texts[paths[0].name]
    assert sorted(path.name for path in (tmp_path / "raw" / "planted").iterdir()) == sorted(small.texts)


# ------------------------------------------------------------------------------------------------ topics


def test_topic_shares_exact_values() -> None:
    topics = (dataclasses.replace(DEFAULT_TOPICS[0], curve="rising"), DEFAULT_TOPICS[2])
    spec = PlantedSpec(n_statements=12, n_years=3, topics=topics, shifts=())
    # x = 0, 0.5, 1: rising weights 0.5, 1.5, 2.5 against flat 1
    expected = pl.DataFrame(
        {
            "year": [2009, 2009, 2010, 2010, 2011, 2011],
            "topic_id": ["health", "labour"] * 3,
            "share": [0.5 / 1.5, 1 / 1.5, 1.5 / 2.5, 1 / 2.5, 2.5 / 3.5, 1 / 3.5],
        },
        schema={"year": pl.Int32(), "topic_id": pl.String(), "share": pl.Float64()},
    )
    assert_frame_equal(topic_shares(spec), expected)


def test_topic_shares_peak_and_falling() -> None:
    spec = PlantedSpec(topics=(dataclasses.replace(DEFAULT_TOPICS[0], curve="falling"), DEFAULT_TOPICS[1]))
    shares = topic_shares(spec).filter(pl.col("topic_id") == "disaster").get_column("share").to_numpy()
    assert int(np.argmax(shares)) in (5, 6)  # the peak is mid-span (x = 0.5 lies between 2014 and 2015)
    falling = topic_shares(spec).filter(pl.col("topic_id") == "health").get_column("share").to_numpy()
    assert falling[0] > falling[-1]


@settings(max_examples=40, deadline=None)
@given(
    n_years=st.integers(min_value=1, max_value=40),
    curves=st.lists(st.sampled_from(["rising", "falling", "peak", "flat"]), min_size=2, max_size=6),
)
def test_topic_shares_are_positive_and_sum_to_one(n_years: int, curves: list[str]) -> None:
    topics = tuple(
        PlantedTopic(f"t{index}", DEFAULT_TOPICS[index % 6].terms, curve)  # type: ignore[arg-type]
        for index, curve in enumerate(curves)
    )
    spec = PlantedSpec(n_statements=max(12, n_years), n_years=n_years, topics=topics, shifts=())
    shares = topic_shares(spec)
    assert shares.height == n_years * len(curves)
    assert (shares.get_column("share") > 0).all()
    sums = shares.group_by("year").agg(pl.col("share").sum()).get_column("share").to_numpy()
    assert np.allclose(sums, 1.0)


def test_topic_term_weights_are_zipf(small: PlantedCorpus) -> None:
    weights = small.truth.topic_term_weight.filter(pl.col("topic_id") == "labour")
    terms = DEFAULT_TOPICS[2].terms
    raw = (np.arange(len(terms)) + 1.0) ** -0.8
    expected = dict(zip(terms, raw / raw.sum(), strict=True))
    assert dict(weights.select("term", "weight").iter_rows()) == pytest.approx(expected)
    sums = small.truth.topic_term_weight.group_by("topic_id").agg(pl.col("weight").sum()).get_column("weight")
    assert np.allclose(sums.to_numpy(), 1.0)


def test_empirical_topic_shares_follow_the_curves(large: PlantedCorpus) -> None:
    topical = large.truth.paragraph_topic.join(paragraph_rows(large), on="para_id")
    empirical = (
        topical.group_by("year", "topic_id")
        .len()
        .with_columns((pl.col("len") / pl.col("len").sum().over("year")).alias("empirical"))
    )
    joined = large.truth.topic_share.join(empirical, on=["year", "topic_id"], how="left").fill_null(0.0)
    pooled = np.corrcoef(joined.get_column("share").to_numpy(), joined.get_column("empirical").to_numpy())[0, 1]
    assert pooled >= 0.95
    for topic in DEFAULT_TOPICS:
        rows = joined.filter(pl.col("topic_id") == topic.id)
        truth, observed = rows.get_column("share").to_numpy(), rows.get_column("empirical").to_numpy()
        if topic.curve != "flat":
            assert np.corrcoef(truth, observed)[0, 1] >= 0.9, topic.id
        assert np.max(np.abs(truth - observed)) < 0.08, topic.id


def test_topic_paragraphs_draw_mostly_from_their_topic(medium: PlantedCorpus) -> None:
    topical = medium.truth.paragraph_topic.join(paragraph_rows(medium), on="para_id")
    topic_words = {topic.id: {w for term in topic.terms for w in term.split()} for topic in DEFAULT_TOPICS}
    filler = {word for term in FILLER_TERMS for word in term.split()}
    own = other = 0
    for topic_id, text in topical.select("topic_id", "text").iter_rows():
        for word in text.lower().replace(",", " ").replace(".", " ").split():
            if word in topic_words[topic_id]:
                own += 1
            elif word not in filler and any(word in words for words in topic_words.values()):
                other += 1
    assert own / (own + other) > 0.8  # 0.845 for seed 0: noise words, instrument titles of other topics


# ------------------------------------------------------------------------------------------------ instruments


def test_every_planted_tie_shares_instruments(small: PlantedCorpus) -> None:
    links = small.instrument_bodies.select("instrument_id", "body_id").unique()
    shared = (
        links.join(links, on="instrument_id", suffix="_b")
        .filter(pl.col("body_id") < pl.col("body_id_b"))
        .group_by("body_id", "body_id_b")
        .agg(pl.col("instrument_id").n_unique().alias("n"))
    )
    pair_to_n = {(a, b): n for a, b, n in shared.iter_rows()}
    truth = small.truth
    assert truth.planted_ties == {
        ("ACWC", "AHMM"), ("ACWC", "AMMSWD"), ("AHMM", "AMMSWD"),
        ("ACB", "AMMDM"), ("ACB", "AMME"), ("AMMDM", "AMME"),
        ("ACMW", "ALMM"), ("ACMW", "ASED"), ("ALMM", "ASED"),
    }  # fmt: skip
    assert all(pair_to_n.get(tie, 0) >= 3 for tie in truth.planted_ties)
    noise = [n for pair, n in pair_to_n.items() if pair not in truth.planted_ties]
    assert noise and max(noise) < min(pair_to_n[tie] for tie in truth.planted_ties)
    assert dict(((a, b), n) for a, b, n in truth.shared_instruments.iter_rows()) == pair_to_n
    assert truth.body_community == {
        "AHMM": 0, "AMMSWD": 0, "ACWC": 0, "AMMDM": 1, "AMME": 1, "ACB": 1, "ALMM": 2, "ASED": 2, "ACMW": 2,
    }  # fmt: skip


def test_instrument_offsets_statuses_and_years(medium: PlantedCorpus) -> None:
    texts = dict(medium.paragraphs.select("para_id", "text").iter_rows())
    for para_id, title, start, end in medium.instrument_mentions.select(
        "para_id", "title_text", "char_start", "char_end"
    ).iter_rows():
        assert texts[para_id][start:end] == title
    for para_id, matched, start, end in medium.body_mentions.select(
        "para_id", "matched_text", "char_start", "char_end"
    ).iter_rows():
        assert texts[para_id][start:end] == matched
    planted = medium.truth.instruments
    assert planted.height == 7 + 3 * 12  # one of each type before 2009, then one per community and year
    assert planted.filter(pl.col("year") == 2008).get_column("instrument_type").sort().to_list() == sorted(
        ["declaration", "framework", "work_plan", "roadmap", "plan_of_action", "guidelines", "strategy"]
    )
    mentions = medium.instrument_mentions.join(
        planted.select("instrument_id", pl.col("year").alias("adopted")), on="instrument_id"
    )
    in_year = mentions.filter(pl.col("year") == pl.col("adopted"))
    later = mentions.filter(pl.col("year") > pl.col("adopted"))
    assert set(in_year.get_column("status").to_list()) == {"adoption_expected", "adopted"}
    assert set(later.get_column("status").to_list()) == {"referred", "noted"}
    assert mentions.filter(pl.col("year") < pl.col("adopted")).height == 0
    # every adoption is expected in the first statement of its year, then adopted in about half of the others
    first_docs = medium.documents.sort("meeting_no").group_by("year", maintain_order=True).agg(pl.col("doc_id").first())
    expected = in_year.filter(pl.col("status") == "adoption_expected")
    assert set(expected.get_column("doc_id").to_list()) == set(first_docs.get_column("doc_id").to_list())
    assert expected.height == 3 * 12
    share_repeated = in_year.filter(pl.col("status") == "adopted").height / (3 * (200 - 12))
    assert 0.4 < share_repeated < 0.6
    # the instruments table lists the instruments mentioned, with their first and last year
    assert medium.instruments.height == planted.height
    assert medium.instruments.filter(pl.col("last_year") > pl.col("first_year")).height >= 35
    # explicit links name the bodies of the instrument's sentence, and only those
    assert set(medium.instrument_bodies.get_column("provenance").to_list()) == {"explicit"}
    evidence = medium.instrument_bodies.get_column("evidence").to_list()
    assert all(text.startswith(("developed by the ", "led by the ", "submitted by the ")) for text in evidence)
    named = medium.instrument_bodies.join(planted.select("instrument_id", "bodies"), on="instrument_id")
    assert all(body in bodies for body, bodies in named.select("body_id", "bodies").iter_rows())


# ------------------------------------------------------------------------------------------------ shifts


def vocabulary_by_year(corpus: PlantedCorpus) -> dict[int, set[str]]:
    words = (
        paragraph_rows(corpus)
        .select("year", pl.col("text").str.to_lowercase().str.extract_all(WORD_RE).alias("word"))
        .explode("word")
        .unique()
    )
    return {year: set(group.get_column("word").to_list()) for (year,), group in words.group_by("year")}


def test_shift_words_appear_in_their_year_and_null_years_add_nothing(medium: PlantedCorpus) -> None:
    truth = medium.truth
    assert truth.null_years == (2009, 2010, 2011, 2012, 2014, 2015, 2016, 2018, 2019, 2020)
    assert [shift.year for shift in truth.shifts] == [2013, 2017]
    vocabulary = vocabulary_by_year(medium)
    seen: set[str] = set()
    for year in sorted(vocabulary):
        new = vocabulary[year] - seen
        if year in truth.null_years and year != 2009:
            assert new == set(), year
        shift = next((shift for shift in truth.shifts if shift.year == year), None)
        if shift is not None:
            assert new == {word for term in shift.terms for word in term.split()}, year
        seen |= vocabulary[year]


def test_shift_terms_rise_sharply_and_stay(medium: PlantedCorpus) -> None:
    rows = paragraph_rows(medium)
    for shift in medium.truth.shifts:
        pattern = "|".join(shift.terms)
        counts = (
            rows.with_columns(pl.col("text").str.count_matches(pattern).alias("n"))
            .group_by("year")
            .agg(pl.col("n").sum(), pl.len().alias("paragraphs"))
            .with_columns((pl.col("n") / pl.col("paragraphs")).alias("rate"))
            .sort("year")
        )
        before = counts.filter(pl.col("year") < shift.year).get_column("n").sum()
        after = counts.filter(pl.col("year") >= shift.year).get_column("rate")
        assert before == 0
        assert (after > 0.2).all()  # per paragraph, every year from the shift on


def test_chair_priorities_change_at_shift_years_only(medium: PlantedCorpus) -> None:
    by_year = (
        medium.priorities.group_by("doc_id", "year", "theme", maintain_order=True)
        .agg(pl.col("priority_text"))
        .group_by("year")
        .agg(pl.col("theme").first(), pl.col("priority_text").first(), pl.len().alias("n_docs"))
        .sort("year")
    )
    per_doc = medium.priorities.group_by("doc_id").agg(pl.col("priority_text")).get_column("priority_text")
    assert per_doc.list.len().to_list() == [3] * 200
    themes = by_year.get_column("theme").to_list()
    areas = by_year.get_column("priority_text").to_list()
    for index in range(1, 12):
        year = 2009 + index
        if year in medium.truth.null_years:
            assert (themes[index], areas[index]) == (themes[index - 1], areas[index - 1]), year
        else:
            assert set(areas[index]) - set(areas[index - 1]) == {areas[index][-1]}, year  # one new area
            assert areas[index][:2] == areas[index - 1][1:], year  # the oldest dropped
    assert themes[4] == "Marine Debris and Coral Reefs in ASEAN"
    assert areas[4][-1] == "strengthening the marine debris and coral reefs"
    assert areas[8][-1] == "strengthening the care economy and caregivers"
    # every statement of a year repeats the chair's paragraph (theme and list) word for word
    distinct = medium.priorities.group_by("year").agg(pl.col("theme").n_unique(), pl.col("priority_text").n_unique())
    assert (distinct.get_column("theme") == 1).all() and (distinct.get_column("priority_text") == 3).all()
    first = medium.priorities.filter(pl.col("doc_id") == medium.documents.get_column("doc_id")[0])
    paragraph = medium.paragraphs.filter(pl.col("para_id") == first.get_column("para_id")[0]).get_column("text")[0]
    assert f'its theme "{first.get_column("theme")[0]}"' in paragraph
    for number, text in first.select("priority_no", "priority_text").iter_rows():
        assert f"({['i', 'ii', 'iii'][number - 1]}) {text}" in paragraph


# ------------------------------------------------------------------------------------------------ boilerplate


def test_carried_over_paragraphs_are_near_verbatim(medium: PlantedCorpus) -> None:
    rows = paragraph_rows(medium)
    texts = dict(rows.select("para_id", "text").iter_rows())
    doc_order = dict(medium.documents.select("doc_id", "meeting_no").iter_rows())
    topic_of = dict(medium.truth.paragraph_topic.iter_rows())
    pairs = medium.truth.carried_from
    assert set(pairs.get_column("para_id").to_list()) == medium.truth.carried_over
    for para_id, source in pairs.iter_rows():
        assert shingle_jaccard(texts[para_id], texts[source]) >= 0.8
        assert doc_order[para_id.split("/")[0]] == doc_order[source.split("/")[0]] + 1
        assert topic_of.get(para_id) == topic_of.get(source)
    topical = medium.truth.paragraph_topic.height
    carried_topical = sum(1 for para_id in medium.truth.carried_over if para_id in topic_of)
    assert 0.25 <= carried_topical / topical <= 0.32
    # the chair's paragraph is verbatim within a year
    chair_pairs = pairs.filter(pl.col("para_id").str.ends_with("/p01"))
    assert all(texts[a] == texts[b] for a, b in chair_pairs.iter_rows())
    assert chair_pairs.height == 200 - 12


def test_paragraphs_not_carried_over_are_new(medium: PlantedCorpus) -> None:
    rows = paragraph_rows(medium)
    doc_ids = medium.documents.sort("meeting_no").get_column("doc_id").to_list()
    by_doc = {doc_id: group for (doc_id,), group in rows.group_by("doc_id")}
    for previous, current in list(itertools.pairwise(doc_ids))[::10]:
        earlier = by_doc[previous].get_column("text").to_list()
        for para_id, text in by_doc[current].select("para_id", "text").iter_rows():
            if para_id not in medium.truth.carried_over:
                assert max(shingle_jaccard(text, other) for other in earlier) < 0.5, para_id


def test_shingle_jaccard_exact_values() -> None:
    assert shingle_jaccard("a b c d e f", "a b c d e g") == pytest.approx(1 / 3)
    assert shingle_jaccard("A b c d e f", "a b c d e f") == 1.0
    assert shingle_jaccard("", "") == 1.0
    assert shingle_jaccard("a b", "a c") == 0.0
    assert shingle_jaccard("a b c", "a b d", shingle=2) == pytest.approx(1 / 3)


# ------------------------------------------------------------------------------------------------ errors


def topic(topic_id: str = "alpha", terms: tuple[str, ...] = ("apples", "pears"), curve: str = "flat") -> PlantedTopic:
    return PlantedTopic(topic_id, terms, curve)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"n_statements": 11}, "n_statements=11 is not accepted; give 12 to 10000"),
        ({"n_statements": 10_001}, "n_statements=10001"),
        ({"n_years": 0}, "n_years=0 is not accepted"),
        ({"n_statements": 12, "n_years": 13}, "at most n_statements=12"),
        ({"first_year": 1800}, "first_year=1800"),
        ({"paragraphs_per_statement": (5, 10)}, "paragraphs_per_statement=(5, 10) is not accepted"),
        ({"paragraphs_per_statement": (12, 11)}, "low <= high"),
        ({"topics": (topic(),)}, "1 topic(s) given; give two or more"),
        ({"topics": (topic(), topic())}, "give distinct snake_case ids"),
        ({"topics": (topic(), topic("beta", curve="wavy"))}, "curve 'wavy' is not one of"),
        ({"topics": (topic(), topic("beta", ("Pears", "plums")))}, "terms ['Pears'] are not accepted"),
        ({"topics": (topic(), topic("beta", ("pears", "pears")))}, "terms ['pears'] are listed twice"),
        ({"topics": (topic(), topic("beta", ("a b", "c")))}, "give at least two one-word terms"),
        ({"topics": (topic(), topic("beta", ()))}, "no terms given"),
        ({"communities": ()}, "communities: none given"),
        ({"communities": (("AHMM",),)}, "give two or more distinct body ids"),
        ({"communities": (("AHMM", "XYZ"),)}, "body ids ['XYZ'] are not in the bodies registry"),
        ({"communities": (("AHMM", "ALMM"), ("ALMM", "ASED"))}, "body ids ['ALMM'] are already in another"),
        ({"shifts": (PlantedShift(2009, ("care economy", "caregivers"), None),)}, "give a year from 2010 to 2020"),
        ({"shifts": (PlantedShift(2021, ("care economy", "caregivers"), None),)}, "year 2021 is not accepted"),
        ({"shifts": (PlantedShift(2012, ("caregivers",), None),)}, "give two or more terms"),
        ({"shifts": (PlantedShift(2012, ("digital care", "caregivers"), None),)}, "words ['digital'] are already"),
        (
            {"shifts": (PlantedShift(2012, ("care", "carers"), None), PlantedShift(2012, ("x", "y"), None))},
            "years [2012, 2012] repeat",
        ),
        (
            {"shifts": (PlantedShift(2012, ("care", "carers"), None), PlantedShift(2014, ("care", "y"), None))},
            "words ['care'] are already used",
        ),
        ({"boilerplate_share": 0.95}, "boilerplate_share=0.95 is not accepted; give 0 to 0.9"),
    ],
)
def test_spec_errors_name_the_value_and_what_is_accepted(changes: dict[str, object], message: str) -> None:
    spec = dataclasses.replace(PlantedSpec(), **changes)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match=re.escape(message)):
        generate_corpus(spec)
    with pytest.raises(ParameterError):
        topic_shares(spec)


def test_unknown_normalise_check_is_refused() -> None:
    with pytest.raises(ParameterError, match=r"normalise_check='none' is not one of \['all', 'sample'\]"):
        generate_corpus(PlantedSpec(n_statements=12), normalise_check="none")  # type: ignore[arg-type]


def test_shingle_size_must_be_positive() -> None:
    with pytest.raises(ParameterError, match="shingle=0 is not accepted"):
        shingle_jaccard("a", "a", shingle=0)


def test_write_raw_refuses_a_file_as_folder(small: PlantedCorpus, tmp_path: Path) -> None:
    target = tmp_path / "raw"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ParameterError, match="exists and is not a folder"):
        write_raw(small, target)


def test_text_the_normaliser_would_change_is_a_generator_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(generator.generate, "normalise_text", lambda text: text.replace("The Meeting", "The  Meeting"))
    with pytest.raises(GeneratorError, match=r"2009-07-02_1st-ascc-council_planted-statement.txt: normalise_text"):
        generate_corpus(PlantedSpec(n_statements=12))


def test_text_the_segmenter_reads_differently_is_a_generator_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = split_statement

    def drop_last(text: str, *, source: object = None) -> object:
        statement = real(text)
        return dataclasses.replace(statement, blocks=statement.blocks[:-1])

    monkeypatch.setattr(generator.generate, "split_statement", drop_last)
    with pytest.raises(GeneratorError, match=r"_planted-statement.txt: the segmenter reads \d+ paragraph"):
        generate_corpus(PlantedSpec(n_statements=12))


def test_sample_check_covers_first_and_last(monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    real = normalise_text

    def spy(text: str) -> str:
        checked.append(text)
        return real(text)

    monkeypatch.setattr(generator.generate, "normalise_text", spy)
    corpus = generate_corpus(PlantedSpec(n_statements=100), seed=0)
    texts = corpus.documents.sort("meeting_no").get_column("text").to_list()
    assert len(checked) == 64 and checked[0] == texts[0] and checked[-1] == texts[-1]
