"""Tests of ascc_analysis.analysis.shifts: term counts, log-odds, word shifts, calibrated top shifts, share changes,
leave-one-statement-out, instrument/body/priority changes, carry-over and novelty.

Every paragraph text in this file is SYNTHETIC, written for these tests; none is taken from a real statement. The
planted corpora come from ascc_analysis.testing.planted (synthetic, labelled as such).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cache
from pathlib import Path
from statistics import NormalDist

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from rapidfuzz import fuzz, utils

from ascc_analysis.analysis.shifts import (
    CARRY_SCHEMA,
    DEFAULT_FLOOR,
    DEFAULT_THRESHOLD,
    NOVELTY_SCHEMA,
    PRIORITY_CHANGES_SCHEMA,
    TOP_SHIFTS_SCHEMA,
    benjamini_hochberg,
    body_changes,
    carry_over,
    compute_power_table,
    consecutive_divergence,
    detectable_change,
    instrument_changes,
    jensen_shannon,
    leave_one_statement_out,
    log_odds,
    novelty,
    priority_changes,
    read_power_table,
    share_change,
    share_changes,
    share_shifts,
    term_counts,
    top_shifts,
    word_shift,
)
from ascc_analysis.errors import ParameterError, SchemaError
from ascc_analysis.testing.planted import PlantedCorpus, PlantedSpec, generate_corpus

# --------------------------------------------------------------------------------------------------------------
# Helpers


def _paragraphs(rows: list[tuple[str, str, str, str]]) -> pl.DataFrame:
    """paragraphs rows (doc_id, para_id, level, text)."""
    return pl.DataFrame(rows, schema=["doc_id", "para_id", "level", "text"], orient="row")


def _documents(rows: list[tuple[str, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"doc_id": pl.String, "year": pl.Int32}, orient="row")


def _counts(rows: list[tuple[int, str, int]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"group": pl.Int32, "term": pl.String, "n": pl.Int64}, orient="row")


@cache
def _planted(seed: int) -> PlantedCorpus:
    return generate_corpus(PlantedSpec(), seed=seed)


# Two statements in 2019, one in 2020; a preamble block and a sub-item that are not counted.
COUNT_PARAGRAPHS = _paragraphs(
    [
        ("d1", "d1/pre01", "preamble", "Museums museums museums."),
        ("d1", "d1/p01", "paragraph", "The Meeting noted vaccines."),
        ("d1", "d1/p02", "paragraph", "Hospitals vaccines."),
        ("d1", "d1/p02.a", "sub_item", "Hospitals."),
        ("d2", "d2/p01", "paragraph", "Heritage museums."),
        ("d3", "d3/p01", "paragraph", "Vaccines vaccines."),
    ]
)
COUNT_DOCUMENTS = _documents([("d1", 2019), ("d2", 2019), ("d3", 2020)])


# --------------------------------------------------------------------------------------------------------------
# term_counts


def test_term_counts_by_year_counts_paragraph_rows_without_stop_words() -> None:
    expected = _counts(
        [
            (2019, "heritage", 1),
            (2019, "heritage museums", 1),
            (2019, "hospitals", 1),
            (2019, "hospitals vaccines", 1),
            (2019, "museums", 1),
            (2019, "vaccines", 2),
            (2020, "vaccines", 2),
            (2020, "vaccines vaccines", 1),
        ]
    )
    assert_frame_equal(term_counts(COUNT_PARAGRAPHS, COUNT_DOCUMENTS), expected)


def test_term_counts_by_statement_paragraph_presence_and_exclusion() -> None:
    by_doc = term_counts(COUNT_PARAGRAPHS, COUNT_DOCUMENTS, by="doc_id", count="paragraphs")
    expected = pl.DataFrame(
        [
            ("d1", "hospitals", 1),
            ("d1", "hospitals vaccines", 1),
            ("d1", "vaccines", 2),
            ("d2", "heritage", 1),
            ("d2", "heritage museums", 1),
            ("d2", "museums", 1),
            ("d3", "vaccines", 1),
            ("d3", "vaccines vaccines", 1),
        ],
        schema={"group": pl.String, "term": pl.String, "n": pl.Int64},
        orient="row",
    )
    assert_frame_equal(by_doc, expected)
    novel = term_counts(COUNT_PARAGRAPHS, COUNT_DOCUMENTS, exclude={"d1/p02", "d2/p01"})
    assert novel.rows() == [(2019, "vaccines", 1), (2020, "vaccines", 2), (2020, "vaccines vaccines", 1)]


def test_term_counts_of_stop_words_only_is_empty_with_schema() -> None:
    paragraphs = _paragraphs([("d1", "d1/p01", "paragraph", "The Meeting noted the progress.")])
    frame = term_counts(paragraphs, _documents([("d1", 2019)]))
    assert frame.is_empty()
    assert frame.schema == pl.Schema({"group": pl.Int32, "term": pl.String, "n": pl.Int64})


def test_term_counts_memo_equals_a_fresh_count_on_planted_data(monkeypatch: pytest.MonkeyPatch) -> None:
    # The paragraph x term matrix is memoised by a digest of the texts (a report builds it four times); served from
    # the memo, after another corpus and with paragraphs left out, it equals the matrix counted afresh.
    from ascc_analysis.analysis.shifts import terms

    corpus = _planted(0)
    paragraphs, documents = corpus.paragraphs, corpus.documents
    excluded = set(paragraphs.filter(pl.col("level") == "paragraph").get_column("para_id").head(40).to_list())

    def fresh(exclude: set[str] | None) -> terms._Matrix:
        monkeypatch.setattr(terms, "_COUNTS_CACHE", type(terms._COUNTS_CACHE)())
        return terms._paragraph_matrix(paragraphs, documents, exclude=exclude)

    expected = {key: fresh(exclude) for key, exclude in (("all", None), ("novel", excluded))}
    monkeypatch.setattr(terms, "_COUNTS_CACHE", type(terms._COUNTS_CACHE)())
    for key, exclude in (("all", None), ("novel", excluded), ("all", None), ("novel", excluded)):
        matrix = terms._paragraph_matrix(paragraphs, documents, exclude=exclude)
        assert_frame_equal(matrix.rows, expected[key].rows)
        assert (matrix.vocabulary == expected[key].vocabulary).all()
        assert (matrix.counts != expected[key].counts).nnz == 0
        matrix.counts.data[:] = 0  # a caller changing its matrix leaves the memo intact
    assert len(terms._COUNTS_CACHE) == 2
    counted = term_counts(paragraphs, documents, by="year")
    monkeypatch.setattr(terms, "_COUNTS_CACHE", type(terms._COUNTS_CACHE)())
    assert_frame_equal(counted, term_counts(paragraphs, documents, by="year"))
    # a different text of the same length is a different key
    changed = paragraphs.with_columns(pl.col("text").str.replace("ASEAN", "ASEAM"))
    assert terms._texts_digest(_texts(changed)) != terms._texts_digest(_texts(paragraphs))


def _texts(paragraphs: pl.DataFrame) -> list[str]:
    return paragraphs.filter(pl.col("level") == "paragraph").get_column("text").to_list()


def test_term_counts_errors() -> None:
    with pytest.raises(ParameterError, match="by='meeting'"):
        term_counts(COUNT_PARAGRAPHS, COUNT_DOCUMENTS, by="meeting")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="count='words'"):
        term_counts(COUNT_PARAGRAPHS, COUNT_DOCUMENTS, count="words")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="not a string"):
        term_counts(COUNT_PARAGRAPHS, COUNT_DOCUMENTS, exclude="d1/p01")
    with pytest.raises(SchemaError, match=r"\['d3'\] are not in documents"):
        term_counts(COUNT_PARAGRAPHS, COUNT_DOCUMENTS.filter(pl.col("doc_id") != "d3"))
    with pytest.raises(SchemaError, match="missing column"):
        term_counts(COUNT_PARAGRAPHS.drop("level"), COUNT_DOCUMENTS)


# --------------------------------------------------------------------------------------------------------------
# log_odds, word_shift, jensen_shannon

# three groups: a and b swap between 1 and 2; c only in 2 and 3
LOG_ODDS_COUNTS = _counts([(1, "a", 4), (1, "b", 1), (2, "a", 1), (2, "b", 4), (2, "c", 5), (3, "c", 10)])


def test_log_odds_matches_monroe_by_hand() -> None:
    frame = log_odds(LOG_ODDS_COUNTS, 1, 2, prior_scale=1.0)
    # n_1 = 5, n_2 = 10, alpha_0 = 1 * (5 + 10) / 2 = 7.5; prior from all groups (n_all = 25):
    # alpha_a = alpha_b = 7.5 * 5 / 25 = 1.5, alpha_c = 7.5 * 15 / 25 = 4.5
    delta_a = math.log(2.5 / 15.0) - math.log(5.5 / 7.0)
    delta_b = math.log(5.5 / 12.0) - math.log(2.5 / 10.0)
    delta_c = math.log(9.5 / 8.0) - math.log(4.5 / 8.0)
    var_a = 1 / 2.5 + 1 / 5.5
    var_b = 1 / 5.5 + 1 / 2.5
    var_c = 1 / 9.5 + 1 / 4.5
    expected = pl.DataFrame(
        {
            "term": ["c", "b", "a"],
            "n_a": [0, 1, 4],
            "n_b": [5, 4, 1],
            "delta": [delta_c, delta_b, delta_a],
            "variance": [var_c, var_b, var_a],
            "z": [delta_c / math.sqrt(var_c), delta_b / math.sqrt(var_b), delta_a / math.sqrt(var_a)],
        },
        schema_overrides={"n_a": pl.Int64, "n_b": pl.Int64},
    )
    assert_frame_equal(frame, expected)


def test_log_odds_errors() -> None:
    with pytest.raises(ParameterError, match="group_b=1999 is not a group of counts; groups are \\[1, 2, 3\\]"):
        log_odds(LOG_ODDS_COUNTS, 1, 1999)
    with pytest.raises(ParameterError, match="both 1"):
        log_odds(LOG_ODDS_COUNTS, 1, 1)
    with pytest.raises(ParameterError, match="prior_scale=0"):
        log_odds(LOG_ODDS_COUNTS, 1, 2, prior_scale=0)
    with pytest.raises(ParameterError, match="counts is empty"):
        log_odds(LOG_ODDS_COUNTS.clear(), 1, 2)
    with pytest.raises(SchemaError, match="missing column"):
        log_odds(LOG_ODDS_COUNTS.rename({"group": "year"}), 1, 2)


def test_word_shift_contributions_by_hand() -> None:
    counts = _counts([(1, "a", 1), (1, "b", 1), (2, "a", 1), (2, "c", 1)])
    # p_1 = (1/2, 1/2, 0), p_2 = (1/2, 0, 1/2), m = (1/2, 1/4, 1/4): c_a = 0, c_b = c_c = 1/2 * 1/2 * log2(2) = 1/4
    expected = pl.DataFrame(
        {
            "term": ["b", "c", "a"],
            "p_a": [0.5, 0.0, 0.5],
            "p_b": [0.0, 0.5, 0.5],
            "contribution": [0.25, 0.25, 0.0],
            "direction": ["falling", "rising", "falling"],
        }
    )
    assert_frame_equal(word_shift(counts, 1, 2), expected)
    assert jensen_shannon(counts, 1, 2) == pytest.approx(0.5)
    assert jensen_shannon(_counts([(1, "a", 3), (2, "b", 7)]), 1, 2) == pytest.approx(1.0)
    assert jensen_shannon(_counts([(1, "a", 3), (1, "b", 1), (2, "a", 6), (2, "b", 2)]), 1, 2) == pytest.approx(0.0)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 50), min_size=1),
    st.dictionaries(st.sampled_from("abcdefgh"), st.integers(1, 50), min_size=1),
)
def test_word_shift_contributions_sum_to_a_symmetric_bounded_divergence(
    left: dict[str, int], right: dict[str, int]
) -> None:
    counts = _counts([(1, term, n) for term, n in left.items()] + [(2, term, n) for term, n in right.items()])
    shift = word_shift(counts, 1, 2)
    jsd = jensen_shannon(counts, 1, 2)
    assert shift.get_column("contribution").sum() == pytest.approx(jsd, abs=1e-12)
    assert (shift.get_column("contribution") >= -1e-15).all()
    assert -1e-12 <= jsd <= 1.0 + 1e-12
    assert jensen_shannon(counts, 2, 1) == pytest.approx(jsd, abs=1e-12)


# --------------------------------------------------------------------------------------------------------------
# consecutive_divergence

DIVERGENCE_PARAGRAPHS = _paragraphs(
    [
        ("d1", "d1/p01", "paragraph", "Vaccines hospitals."),
        ("d1", "d1/p02", "paragraph", "Heritage museums."),
        ("d2", "d2/p01", "paragraph", "Vaccines nurses."),
        ("d3", "d3/p01", "paragraph", "Floods tsunami."),
        ("d3", "d3/p02", "paragraph", "Vaccines floods."),
        ("d4", "d4/p01", "paragraph", "Floods drought."),
    ]
)
DIVERGENCE_DOCUMENTS = _documents([("d1", 2018), ("d2", 2018), ("d3", 2019), ("d4", 2020)])


def test_consecutive_divergence_points_and_bootstrap_interval() -> None:
    counts = term_counts(DIVERGENCE_PARAGRAPHS, DIVERGENCE_DOCUMENTS)
    plain = consecutive_divergence(counts)
    assert plain.get_column("year_a").to_list() == [2018, 2019]
    assert plain.get_column("year_b").to_list() == [2019, 2020]
    assert plain.get_column("jsd").to_list() == pytest.approx(
        [jensen_shannon(counts, 2018, 2019), jensen_shannon(counts, 2019, 2020)]
    )
    assert plain.get_column("ci_low").null_count() == 2
    with_ci = consecutive_divergence(counts, paragraphs=DIVERGENCE_PARAGRAPHS, documents=DIVERGENCE_DOCUMENTS, seed=3)
    assert_frame_equal(with_ci.select("year_a", "year_b", "jsd"), plain.select("year_a", "year_b", "jsd"))
    assert (with_ci.get_column("ci_low") <= with_ci.get_column("ci_high")).all()
    assert ((with_ci.get_column("ci_low") >= 0) & (with_ci.get_column("ci_high") <= 1)).all()
    # 2020 has a single one-paragraph statement: its resamples are all the same; 2019 has two paragraphs
    again = consecutive_divergence(counts, paragraphs=DIVERGENCE_PARAGRAPHS, documents=DIVERGENCE_DOCUMENTS, seed=3)
    assert_frame_equal(with_ci, again)


def test_fast_bootstrap_and_jsd_parts_equal_the_plain_formulas_on_planted_data() -> None:
    # The bootstrap replicates come from one sparse x dense product and the JSD parts take the logarithm only where
    # both sides are present; on planted data both equal the plain formulas (multiplicity @ matrix; np.where over
    # p log2(p / m)) bit for bit.
    from scipy import sparse

    from ascc_analysis.analysis.shifts import common, divergence, terms
    from ascc_analysis.analysis.topics.bootstrap import _strata, _stratified_draws

    corpus = _planted(1)
    matrix = terms._paragraph_matrix(corpus.paragraphs, corpus.documents, exclude=None)
    years = matrix.years
    for year in (int(years.min()), int(years.max())):
        index = np.flatnonzero(years == year)
        counts, doc_ids = matrix.counts[index], matrix.rows[index.tolist()].get_column("doc_id")
        fast = common._resampled_counts(counts, doc_ids, 50, np.random.default_rng(3))
        starts, sizes = _strata(doc_ids.rank("dense").to_numpy().astype(np.int64))
        draws = _stratified_draws(starts, sizes, 50, np.random.default_rng(3))
        n_rows = counts.shape[0]
        flat = (draws + (np.arange(50) * n_rows)[:, None]).ravel()
        multiplicity = np.bincount(flat, minlength=50 * n_rows).reshape(50, n_rows).astype(np.float64)
        assert np.array_equal(fast, (sparse.csr_matrix(multiplicity) @ counts).toarray())
    y_a, y_b = (np.asarray(matrix.counts[years == year].sum(axis=0), dtype=np.float64) for year in (2010, 2018))
    replicates = common._resampled_counts(
        matrix.counts[years == 2018],
        matrix.rows.filter(pl.col("year") == 2018).get_column("doc_id"),
        20,
        np.random.default_rng(0),
    )
    for a, b in ((y_a.ravel(), y_b.ravel()), (np.repeat(y_a, 20, axis=0), replicates), (np.zeros(4), np.ones(4))):
        with np.errstate(divide="ignore", invalid="ignore"):
            p_a, p_b = a / a.sum(axis=-1, keepdims=True), b / b.sum(axis=-1, keepdims=True)
            m = (p_a + p_b) / 2.0
            plain = (
                np.where(p_a > 0, p_a * np.log2(p_a / m), 0.0) + np.where(p_b > 0, p_b * np.log2(p_b / m), 0.0)
            ) / 2
            assert np.array_equal(divergence._jsd_parts(a, b)[2], plain, equal_nan=True)


def test_consecutive_divergence_errors() -> None:
    counts = term_counts(DIVERGENCE_PARAGRAPHS, DIVERGENCE_DOCUMENTS)
    with pytest.raises(ParameterError, match="both paragraphs and documents"):
        consecutive_divergence(counts, paragraphs=DIVERGENCE_PARAGRAPHS)
    with pytest.raises(ParameterError, match="not years"):
        consecutive_divergence(term_counts(DIVERGENCE_PARAGRAPHS, DIVERGENCE_DOCUMENTS, by="doc_id"))
    with pytest.raises(ParameterError, match="n_boot=0"):
        consecutive_divergence(counts, n_boot=0)
    with pytest.raises(ParameterError, match=r"ci=1\.0"):
        consecutive_divergence(counts, ci=1.0)
    with pytest.raises(ParameterError, match="counts is empty"):
        consecutive_divergence(counts.clear())


# --------------------------------------------------------------------------------------------------------------
# top_shifts: hand-built

# One statement a year, one-word paragraphs (so that no bigram joins the terms): three "heritage" and one
# "vaccines" every year; one "museums" in 2018 and 2019 only; three "tsunami" from 2020 on.
SHIFT_YEARS = (2018, 2019, 2020, 2021)


def _shift_corpus(extra: dict[int, list[str]] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    rows = []
    for year in SHIFT_YEARS:
        doc = f"s{year}"
        words = ["heritage"] * 3 + ["vaccines"]
        words += ["museums"] if year <= 2019 else ["tsunami"] * 3
        words += (extra or {}).get(year, [])
        rows.extend(
            (doc, f"{doc}/p{number:02d}", "paragraph", f"The Meeting noted {word}.")
            for number, word in enumerate(words, start=1)
        )
    return _paragraphs(rows), _documents([(f"s{year}", year) for year in SHIFT_YEARS])


def _upper_z(k: int, n: int, p: float) -> float:
    tail = sum(math.comb(n, j) * p**j * (1 - p) ** (n - j) for j in range(k, n + 1))
    return NormalDist().inv_cdf(1 - tail)


def test_top_shifts_scores_a_new_term_against_its_past_by_hand() -> None:
    paragraphs, documents = _shift_corpus()
    frame = top_shifts(paragraphs, documents, n=4, threshold=3.0)
    assert frame.schema == TOP_SHIFTS_SCHEMA
    row = frame.filter((pl.col("year") == 2020) & (pl.col("rank") == 1)).row(0, named=True)
    # past = 2018 + 2019: 10 paragraphs, no "tsunami": r = 0.25 / (10 + 0.5); alpha_0 = 1 * 5 (2019's size);
    # baseline = (0 + 5 r) / (5 + 5) = r / 2; 2020 has 3 of 7 paragraphs
    r = DEFAULT_FLOOR / 10.5
    baseline = r / 2
    z_year = _upper_z(3, 7, baseline)
    assert row["term"] == "tsunami"
    assert row["z_year"] == pytest.approx(z_year, rel=1e-6)
    assert row["z"] == pytest.approx(z_year, rel=1e-6)  # 2021 holds it as strongly (3 of 7 paragraphs)
    smoothed = (3 + 5 * r) / (7 + 5)
    assert row["delta"] == pytest.approx(math.log(smoothed / (1 - smoothed)) - math.log(baseline / (1 - baseline)))
    assert (row["n_prev"], row["n_year"], row["n_next"]) == (0, 3, 3)
    assert row["direction"] == "rising"
    assert row["is_new"] is True
    assert row["is_significant"] is True  # z = 3.86 >= 3 and delta = 3.37 >= 1
    assert row["evidence"] == ["s2020/p05", "s2020/p06", "s2020/p07"]
    museums = frame.filter((pl.col("year") == 2020) & (pl.col("term") == "museums")).row(0, named=True)
    # baseline (1 + 5 * 2.25 / 10.5) / 10; P(X <= 0 | 7 paragraphs) = (1 - baseline)^7; 2021 holds the fall
    museums_baseline = (1 + 5 * 2.25 / 10.5) / 10
    assert museums["z"] == pytest.approx(NormalDist().inv_cdf((1 - museums_baseline) ** 7), rel=1e-6)
    assert museums["direction"] == "falling" and museums["is_significant"] is False
    assert (museums["n_prev"], museums["n_year"], museums["n_next"], museums["evidence"]) == (1, 0, 0, [])
    assert frame.filter(pl.col("year") == 2018).is_empty()  # the first year has nothing to compare with
    # the last year: terms of 2020 or 2021 (not "museums"), with no next year
    assert frame.filter(pl.col("year") == 2021).get_column("n_next").null_count() == 3


def test_top_shifts_persistence_keeps_a_one_year_blip_low() -> None:
    paragraphs, documents = _shift_corpus({2019: ["floods"] * 3})
    frame = top_shifts(paragraphs, documents, n=4)
    floods = frame.filter((pl.col("year") == 2019) & (pl.col("term") == "floods")).row(0, named=True)
    assert floods["z_year"] > 2.0
    assert floods["z"] == 0.0  # absent in 2020: not a shift
    once = top_shifts(paragraphs, documents, n=4, persistence=False)
    assert once.filter((pl.col("year") == 2019) & (pl.col("term") == "floods")).get_column("z").item() > 2.0


def test_top_shifts_lists_a_phrase_once_and_not_its_words() -> None:
    paragraphs = _paragraphs(
        [
            ("a", "a/p01", "paragraph", "Heritage sites."),
            ("a", "a/p02", "paragraph", "Heritage."),
            ("b", "b/p01", "paragraph", "Coral reefs and heritage."),
            ("b", "b/p02", "paragraph", "Coral reefs."),
        ]
    )
    frame = top_shifts(paragraphs, _documents([("a", 2019), ("b", 2020)]), n=5)
    terms = frame.get_column("term").to_list()
    assert terms[0] == "coral reefs"
    assert "coral" not in terms and "reefs" not in terms


def test_top_shifts_excluding_paragraphs_and_empty_input() -> None:
    paragraphs, documents = _shift_corpus()
    novel = top_shifts(paragraphs, documents, exclude=["s2020/p05", "s2020/p06", "s2020/p07"])
    assert "tsunami" not in novel.filter(pl.col("year") == 2020).get_column("term").to_list()
    empty = top_shifts(paragraphs.clear(), documents)
    assert empty.is_empty() and empty.schema == TOP_SHIFTS_SCHEMA
    one_year = top_shifts(paragraphs.filter(pl.col("doc_id") == "s2018"), documents)
    assert one_year.is_empty()


def test_top_shifts_errors() -> None:
    paragraphs, documents = _shift_corpus()
    for option, value in (("n", 0), ("threshold", 0.0), ("threshold", -1.0), ("prior_scale", 0), ("floor", -0.5)):
        with pytest.raises(ParameterError, match=f"{option}="):
            top_shifts(paragraphs, documents, **{option: value})  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="min_delta=-1"):
        top_shifts(paragraphs, documents, min_delta=-1)
    with pytest.raises(ParameterError, match="threshold=nan"):
        top_shifts(paragraphs, documents, threshold=float("nan"))


# --------------------------------------------------------------------------------------------------------------
# top_shifts: planted shifts on the default generated corpus

PLANTED_SEEDS = (0, 1, 2, 3, 4)


@pytest.mark.parametrize("seed", PLANTED_SEEDS)
def test_top_shifts_recovers_planted_shifts_with_at_most_one_false_alarm(seed: int) -> None:
    corpus = _planted(seed)
    frame = top_shifts(corpus.paragraphs, corpus.documents)
    for shift in corpus.truth.shifts:
        year = frame.filter(pl.col("year") == shift.year)
        top_five = year.filter(pl.col("rank") <= 5).get_column("term").to_list()
        # the two terms of the chair's new theme; the third only occurs in one new paragraph in five
        assert shift.terms[0] in top_five and shift.terms[1] in top_five, (shift, top_five)
        assert year.filter(pl.col("term").is_in(shift.terms)).get_column("is_new").all()
    flagged = frame.filter(pl.col("year").is_in(list(corpus.truth.null_years)) & pl.col("is_significant"))
    assert flagged.get_column("year").n_unique() <= 1, flagged.select("year", "term", "z", "delta")


def test_top_shifts_flags_planted_shifts_as_significant_across_seeds() -> None:
    detected = 0
    for seed in PLANTED_SEEDS:
        corpus = _planted(seed)
        frame = top_shifts(corpus.paragraphs, corpus.documents)
        for shift in corpus.truth.shifts:
            rows = frame.filter((pl.col("year") == shift.year) & pl.col("term").is_in(shift.terms))
            detected += bool(rows.get_column("is_significant").any())
    # at the calibrated threshold about half the shift-years have a significant planted term (22 of 40 on seeds
    # 0-19); the weakest shifts hold two or three paragraphs
    assert detected >= 4
    assert DEFAULT_THRESHOLD == 5.0


# --------------------------------------------------------------------------------------------------------------
# share_change, share_changes, benjamini_hochberg

# 2019: two statements of two paragraphs, "health" on two of the four; 2020: one statement, "health" on both.
SHARE_DOCUMENTS = _documents([("a", 2019), ("b", 2019), ("c", 2020)])
SHARE_LABELS = pl.DataFrame(
    [
        ("a", "a/p01", "health"),
        ("a", "a/p01", "labour"),
        ("a", "a/p02", "labour"),
        ("b", "b/p01", "health"),
        ("b", "b/p02", "culture"),
        ("c", "c/p01", "health"),
        ("c", "c/p02", "health"),
    ],
    schema=["doc_id", "para_id", "theme_id"],
    orient="row",
)


def test_share_change_values_and_exact_permutation_p_value() -> None:
    frame = share_change(SHARE_LABELS, SHARE_DOCUMENTS, label_col="theme_id", year_a=2019, year_b=2020, n_perm=4000)
    health = frame.filter(pl.col("theme_id") == "health").row(0, named=True)
    assert (health["n_a"], health["n_b"]) == (4, 2)
    assert (health["share_a"], health["share_b"], health["change"]) == (0.5, 1.0, 0.5)
    # 6 paragraphs, 4 with health, 2 drawn for 2020: |change| >= 0.5 when both (6/15) or neither (1/15) has it
    assert health["p_value"] == pytest.approx(7 / 15, abs=0.03)
    assert health["ci_low"] <= 0.5 <= health["ci_high"]
    assert health["ci_high"] == 1.0  # 2020's share is 1 in every resample; 2019's is at least 0
    labour = frame.filter(pl.col("theme_id") == "labour").row(0, named=True)
    assert (labour["share_a"], labour["share_b"], labour["change"]) == (0.5, 0.0, -0.5)
    assert frame.get_column("theme_id").to_list() == ["culture", "health", "labour"]


def test_share_change_counts_untagged_paragraphs_when_paragraphs_are_given() -> None:
    paragraphs = _paragraphs(
        [(doc, f"{doc}/p0{number}", "paragraph", "Text.") for doc in ("a", "b", "c") for number in (1, 2, 3)]
    )
    frame = share_change(
        SHARE_LABELS,
        SHARE_DOCUMENTS,
        label_col="theme_id",
        year_a=2019,
        year_b=2020,
        paragraphs=paragraphs,
        n_boot=50,
        n_perm=50,
    )
    health = frame.filter(pl.col("theme_id") == "health").row(0, named=True)
    assert (health["n_a"], health["n_b"], health["share_a"], health["share_b"]) == (6, 3, 2 / 6, 2 / 3)


def test_benjamini_hochberg_by_hand() -> None:
    q = benjamini_hochberg([0.01, 0.04, 0.03, 0.20])
    assert q.tolist() == pytest.approx([0.04, 0.16 / 3, 0.16 / 3, 0.20])
    assert benjamini_hochberg([]).size == 0
    with pytest.raises(ParameterError, match="p-values"):
        benjamini_hochberg([0.5, 1.5])


def test_share_changes_all_pairs_with_q_values() -> None:
    documents = _documents([("a", 2019), ("b", 2019), ("c", 2020), ("d", 2021)])
    labels = pl.concat([SHARE_LABELS, pl.DataFrame({"doc_id": ["d"], "para_id": ["d/p01"], "theme_id": ["labour"]})])
    frame = share_changes(labels, documents, label_col="theme_id", n_boot=100, n_perm=200, seed=1)
    assert frame.select("year_a", "year_b").unique().sort("year_a").rows() == [(2019, 2020), (2020, 2021)]
    assert frame.height == 6
    q = benjamini_hochberg(frame.get_column("p_value").to_numpy())
    assert frame.get_column("q_value").to_list() == pytest.approx(q.tolist())
    assert_frame_equal(frame, share_changes(labels, documents, label_col="theme_id", n_boot=100, n_perm=200, seed=1))


def test_share_change_errors() -> None:
    kwargs = {"label_col": "theme_id", "year_a": 2019, "year_b": 2020}
    with pytest.raises(ParameterError, match="label_col='topic_id' is not a column"):
        share_change(SHARE_LABELS, SHARE_DOCUMENTS, label_col="topic_id", year_a=2019, year_b=2020)
    with pytest.raises(ParameterError, match="year 2021 has no labelled paragraphs"):
        share_change(SHARE_LABELS, SHARE_DOCUMENTS, label_col="theme_id", year_a=2019, year_b=2021)
    with pytest.raises(ParameterError, match="both 2019"):
        share_change(SHARE_LABELS, SHARE_DOCUMENTS, label_col="theme_id", year_a=2019, year_b=2019)
    with pytest.raises(ParameterError, match="n_perm=0"):
        share_change(SHARE_LABELS, SHARE_DOCUMENTS, n_perm=0, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="ci=0"):
        share_change(SHARE_LABELS, SHARE_DOCUMENTS, ci=0, **kwargs)  # type: ignore[arg-type]
    with pytest.raises(SchemaError, match="not in documents"):
        share_change(SHARE_LABELS, SHARE_DOCUMENTS.filter(pl.col("doc_id") != "c"), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(SchemaError, match="missing column"):
        share_change(SHARE_LABELS.drop("doc_id"), SHARE_DOCUMENTS, **kwargs)  # type: ignore[arg-type]


def test_share_changes_on_planted_topics() -> None:
    corpus = _planted(0)
    paragraph_topic = corpus.truth.paragraph_topic.join(
        corpus.paragraphs.select("para_id", "doc_id"), on="para_id", how="inner"
    )
    frame = share_changes(paragraph_topic, corpus.documents, label_col="topic_id", n_boot=200, n_perm=200)
    assert frame.height == 11 * 6
    # topic shares move along smooth curves: no change between consecutive years survives the false discovery rate
    assert frame.get_column("q_value").min() > 0.05  # type: ignore[operator]
    # across the whole span the rising topic's gain is found, and the interval holds the planted change
    digital = share_change(
        paragraph_topic, corpus.documents, label_col="topic_id", year_a=2009, year_b=2020, n_boot=500, n_perm=500
    ).filter(pl.col("topic_id") == "digital")
    planted = dict(corpus.truth.topic_share.filter(pl.col("topic_id") == "digital").select("year", "share").iter_rows())
    assert digital.get_column("change").item() > 0.15
    assert digital.get_column("p_value").item() < 0.1  # 3 of 34 paragraphs in 2009, 8 of 28 in 2020: p = 0.048
    assert digital.get_column("ci_low").item() <= planted[2020] - planted[2009] <= digital.get_column("ci_high").item()


# --------------------------------------------------------------------------------------------------------------
# leave_one_statement_out


def _care_corpus(*, carried_by_one: bool) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """2019: statements A and B, ten paragraphs each, no "care"; 2020: C and D, six paragraphs each; "care" on
    all of C (and all of D unless carried_by_one)."""
    paragraphs, labels = [], []
    for doc, size in (("A", 10), ("B", 10), ("C", 6), ("D", 6)):
        for number in range(1, size + 1):
            para_id = f"{doc}/p{number:02d}"
            paragraphs.append((doc, para_id, "paragraph", "Text."))
            if doc == "C" or (doc == "D" and not carried_by_one):
                labels.append((doc, para_id, "care"))
            else:
                labels.append((doc, para_id, "other"))
    documents = _documents([("A", 2019), ("B", 2019), ("C", 2020), ("D", 2020)])
    label_frame = pl.DataFrame(labels, schema=["doc_id", "para_id", "theme_id"], orient="row")
    return _paragraphs(paragraphs), documents, label_frame


def test_leave_one_statement_out_flags_a_shift_carried_by_one_statement() -> None:
    paragraphs, documents, labels = _care_corpus(carried_by_one=True)
    frame = leave_one_statement_out(
        paragraphs, documents, year_a=2019, year_b=2020, paragraph_labels=labels, label_col="theme_id", label="care"
    )
    assert frame.get_column("doc_id").to_list() == ["A", "B", "C", "D"]
    assert frame.get_column("full_estimate")[0] == pytest.approx(0.5)
    assert frame.get_column("full_significant")[0] is True
    dropped_c = frame.filter(pl.col("doc_id") == "C").row(0, named=True)
    assert dropped_c["estimate"] == 0.0 and dropped_c["breaks"] is True
    assert frame.get_column("fragile").all()


def test_leave_one_statement_out_keeps_a_shift_every_statement_carries() -> None:
    paragraphs, documents, labels = _care_corpus(carried_by_one=False)
    frame = leave_one_statement_out(
        paragraphs, documents, year_a=2019, year_b=2020, paragraph_labels=labels, label_col="theme_id", label="care"
    )
    assert frame.get_column("estimate").to_list() == pytest.approx([1.0, 1.0, 1.0, 1.0])
    assert frame.get_column("is_significant").all()
    assert not frame.get_column("fragile").any()


def test_leave_one_statement_out_on_a_term_matches_top_shifts() -> None:
    paragraphs, documents = _shift_corpus()
    frame = leave_one_statement_out(paragraphs, documents, year_a=2019, year_b=2020, term="tsunami", threshold=3.0)
    full = top_shifts(paragraphs, documents, n=4, threshold=3.0).filter(
        (pl.col("year") == 2020) & (pl.col("term") == "tsunami")
    )
    assert frame.get_column("full_estimate")[0] == pytest.approx(full.get_column("z").item())
    assert frame.get_column("full_significant")[0] is True
    assert frame.get_column("doc_id").to_list() == ["s2019", "s2020"]
    without_2020 = frame.filter(pl.col("doc_id") == "s2020").row(0, named=True)
    assert without_2020["estimate"] == 0.0 and without_2020["breaks"] is True  # one statement a year: fragile
    assert frame.get_column("fragile").all()


def test_leave_one_statement_out_errors() -> None:
    paragraphs, documents, labels = _care_corpus(carried_by_one=True)
    with pytest.raises(ParameterError, match="either term"):
        leave_one_statement_out(paragraphs, documents, year_a=2019, year_b=2020)
    with pytest.raises(ParameterError, match="either term"):
        leave_one_statement_out(paragraphs, documents, year_a=2019, year_b=2020, term="care", label="care")
    with pytest.raises(ParameterError, match="together"):
        leave_one_statement_out(paragraphs, documents, year_a=2019, year_b=2020, paragraph_labels=labels)
    with pytest.raises(ParameterError, match="both 2019"):
        leave_one_statement_out(paragraphs, documents, year_a=2019, year_b=2019, term="care")
    with pytest.raises(ParameterError, match="no statement of year 2030"):
        leave_one_statement_out(paragraphs, documents, year_a=2030, year_b=2031, term="care")
    with pytest.raises(ParameterError, match=r"alpha=1\.5"):
        leave_one_statement_out(paragraphs, documents, year_a=2019, year_b=2020, term="care", alpha=1.5)


# --------------------------------------------------------------------------------------------------------------
# instrument_changes, body_changes

CHANGE_DOCUMENTS = _documents([("d19", 2019), ("d20", 2020), ("d21", 2021)])


def test_instrument_changes_new_continued_dropped_returned() -> None:
    mentions = pl.DataFrame(
        [
            ("d19", "i1", "ASEAN Plan on Vaccines"),
            ("d19", "i2", "ASEAN Framework on Heritage"),
            ("d20", "i1", "Plan on Vaccines"),
            ("d20", "i3", "ASEAN Declaration on Floods"),
            ("d20", "i3", "ASEAN Declaration on Floods"),
            ("d21", "i2", "ASEAN Framework on Heritage"),
            ("d21", "i3", "the Declaration on Floods"),
        ],
        schema=["doc_id", "instrument_id", "title_text"],
        orient="row",
    )
    instruments = pl.DataFrame(
        {
            "instrument_id": ["i1", "i2", "i3"],
            "title": ["ASEAN Plan on Vaccines", "ASEAN Framework on Heritage", "ASEAN Declaration on Floods"],
        }
    )
    expected = pl.DataFrame(
        [
            (2019, "i1", "ASEAN Plan on Vaccines", "new", 1),
            (2019, "i2", "ASEAN Framework on Heritage", "new", 1),
            (2020, "i1", "ASEAN Plan on Vaccines", "continued", 1),
            (2020, "i2", "ASEAN Framework on Heritage", "dropped", 0),
            (2020, "i3", "ASEAN Declaration on Floods", "new", 2),
            (2021, "i1", "ASEAN Plan on Vaccines", "dropped", 0),
            (2021, "i2", "ASEAN Framework on Heritage", "returned", 1),
            (2021, "i3", "ASEAN Declaration on Floods", "continued", 1),
        ],
        schema={
            "year": pl.Int32,
            "instrument_id": pl.String,
            "title": pl.String,
            "change": pl.String,
            "n_mentions": pl.Int32,
        },
        orient="row",
    )
    assert_frame_equal(instrument_changes(mentions, instruments, CHANGE_DOCUMENTS), expected)
    # without the instruments table the most frequent title as written is used
    written = instrument_changes(mentions, None, CHANGE_DOCUMENTS)
    assert dict(written.select("instrument_id", "title").unique().iter_rows())["i3"] == "ASEAN Declaration on Floods"


def test_body_changes_leave_out_generic_references() -> None:
    mentions = pl.DataFrame(
        [("d19", "AHMM"), ("d19", None), ("d20", "ALMM"), ("d21", "AHMM"), ("d21", "ALMM")],
        schema={"doc_id": pl.String, "body_id": pl.String},
        orient="row",
    )
    frame = body_changes(mentions, CHANGE_DOCUMENTS)
    assert frame.select("year", "body_id", "change").rows() == [
        (2019, "AHMM", "new"),
        (2020, "AHMM", "dropped"),
        (2020, "ALMM", "new"),
        (2021, "AHMM", "returned"),
        (2021, "ALMM", "continued"),
    ]
    with pytest.raises(SchemaError, match="body_mentions: missing column"):
        body_changes(mentions.drop("body_id"), CHANGE_DOCUMENTS)


def test_instrument_changes_find_planted_adoptions() -> None:
    corpus = _planted(0)
    frame = instrument_changes(corpus.instrument_mentions, corpus.instruments, corpus.documents)
    first_year = corpus.spec.first_year
    planted = corpus.truth.instruments.filter(pl.col("year") >= first_year).select("instrument_id", "year")
    found = frame.filter(pl.col("change") == "new").select("instrument_id", "year")
    assert_frame_equal(
        planted.join(found, on="instrument_id", how="left", suffix="_found").select("year", "year_found"),
        planted.select("year", pl.col("year").alias("year_found")),
    )


# --------------------------------------------------------------------------------------------------------------
# priority_changes

CHAIRMANSHIPS = pl.DataFrame(
    {"year": [2019, 2020], "chair_country": ["Thailand", "Viet Nam"], "theme": ["Partnership", "Cohesive"]},
    schema_overrides={"year": pl.Int32},
)


def test_priority_changes_new_recurring_dropped() -> None:
    priorities = pl.DataFrame(
        [
            ("p19", 2019, "Thailand", 1, "Strengthening disaster resilience"),
            ("p19", 2019, "Thailand", 2, "Promoting digital literacy"),
            ("p20", 2020, None, 1, "strengthening disaster resilience in the region"),
            ("p20", 2020, None, 2, "Advancing the care economy"),
        ],
        schema={
            "doc_id": pl.String,
            "year": pl.Int32,
            "chair": pl.String,
            "priority_no": pl.Int32,
            "priority_text": pl.String,
        },
        orient="row",
    )
    frame = priority_changes(priorities, chairmanships=CHAIRMANSHIPS)
    assert frame.schema == PRIORITY_CHANGES_SCHEMA

    def ratio(left: str, right: str) -> float:
        return float(fuzz.token_set_ratio(left, right, processor=utils.default_process)) / 100.0

    care_match = max(
        ["Strengthening disaster resilience", "Promoting digital literacy"],
        key=lambda text: ratio("Advancing the care economy", text),
    )
    digital_match = max(
        ["strengthening disaster resilience in the region", "Advancing the care economy"],
        key=lambda text: ratio("Promoting digital literacy", text),
    )
    expected = pl.DataFrame(
        [
            (2019, "Thailand", "Partnership", "Promoting digital literacy", "new", None, None),
            (2019, "Thailand", "Partnership", "Strengthening disaster resilience", "new", None, None),
            (
                2020,
                "Viet Nam",
                "Cohesive",
                "Promoting digital literacy",
                "dropped",
                digital_match,
                ratio("Promoting digital literacy", digital_match),
            ),
            (
                2020,
                "Viet Nam",
                "Cohesive",
                "Advancing the care economy",
                "new",
                care_match,
                ratio("Advancing the care economy", care_match),
            ),
            (
                2020,
                "Viet Nam",
                "Cohesive",
                "strengthening disaster resilience in the region",
                "recurring",
                "Strengthening disaster resilience",
                1.0,
            ),
        ],
        schema=PRIORITY_CHANGES_SCHEMA,
        orient="row",
    )
    assert_frame_equal(frame, expected)


def test_priority_changes_default_chairmanships_and_planted_shifts() -> None:
    corpus = _planted(0)
    frame = priority_changes(corpus.priorities)
    first = frame.filter(pl.col("year") == 2009)
    assert set(first.get_column("chair_theme").to_list()) == {"ASEAN Charter for ASEAN Peoples"}
    changed_years = frame.filter((pl.col("change") != "recurring") & (pl.col("year") > 2009))
    assert sorted(set(changed_years.get_column("year").to_list())) == [shift.year for shift in corpus.truth.shifts]
    assert changed_years.filter(pl.col("change") == "dropped").height == len(corpus.truth.shifts)
    for shift in corpus.truth.shifts:
        new = frame.filter((pl.col("year") == shift.year) & (pl.col("change") == "new")).get_column("priority_text")
        assert new.to_list() == [f"strengthening the {shift.terms[0]} and {shift.terms[1]}"]


def test_priority_changes_errors() -> None:
    priorities = pl.DataFrame({"year": [2019], "priority_text": ["Digital literacy"]})
    with pytest.raises(ParameterError, match="threshold=0"):
        priority_changes(priorities, chairmanships=CHAIRMANSHIPS, threshold=0)
    with pytest.raises(ParameterError, match=r"threshold=1\.2"):
        priority_changes(priorities, chairmanships=CHAIRMANSHIPS, threshold=1.2)
    with pytest.raises(SchemaError, match="priorities: missing column"):
        priority_changes(priorities.drop("priority_text"), chairmanships=CHAIRMANSHIPS)
    assert priority_changes(priorities.clear(), chairmanships=CHAIRMANSHIPS).is_empty()


# --------------------------------------------------------------------------------------------------------------
# carry_over, novelty

WORDS = [f"w{index:02d}" for index in range(60)]
LONG = " ".join(WORDS)
ONE_WORD_CHANGED = " ".join([*WORDS[:30], "changed", *WORDS[31:]])


def _carry_corpus() -> tuple[pl.DataFrame, pl.DataFrame]:
    paragraphs = _paragraphs(
        [
            ("x1", "x1/p01", "paragraph", LONG),
            ("x1", "x1/p02", "paragraph", "Heritage and museums across the region for all."),
            ("x1", "x1/p03", "paragraph", LONG),  # the same text in the same statement is not a source
            ("x2", "x2/p01", "paragraph", ONE_WORD_CHANGED),
            ("x2", "x2/p02", "paragraph", "A new paragraph about floods and early warning systems."),
            ("x3", "x3/p01", "paragraph", "Heritage and museums across the region for all."),
        ]
    )
    # x3 is dated after x1 but before x2: statements are ordered by date, not by doc_id
    documents = pl.DataFrame(
        {
            "doc_id": ["x1", "x2", "x3"],
            "year": [2019, 2020, 2019],
            "date": [dt.date(2019, 3, 1), dt.date(2020, 3, 1), dt.date(2019, 9, 1)],
        },
        schema_overrides={"year": pl.Int32},
    )
    return paragraphs, documents


def test_carry_over_by_hand() -> None:
    paragraphs, documents = _carry_corpus()
    frame = carry_over(paragraphs, documents)
    # one word changed in the middle of 60 words: 56 shingles each, 5 differ: J = 51 / 61
    expected = pl.DataFrame(
        [
            ("x1", "x1/p01", None, None, 0.0, False),
            ("x1", "x1/p02", None, None, 0.0, False),
            ("x1", "x1/p03", None, None, 0.0, False),
            ("x2", "x2/p01", "x1", "x1/p01", 51 / 61, True),
            ("x2", "x2/p02", None, None, 0.0, False),
            ("x3", "x3/p01", "x1", "x1/p02", 1.0, True),
        ],
        schema=CARRY_SCHEMA,
        orient="row",
    )
    assert_frame_equal(frame, expected)
    assert_frame_equal(carry_over(paragraphs, documents, method="minhash"), expected)
    strict = carry_over(paragraphs, documents, threshold=0.9)
    assert strict.get_column("is_carried").to_list() == [False, False, False, False, False, True]


def test_carry_over_searches_every_earlier_statement() -> None:
    paragraphs, documents = _carry_corpus()
    later = pl.concat(
        [paragraphs, _paragraphs([("x4", "x4/p01", "paragraph", "Heritage and museums across the region for all.")])]
    )
    documents = pl.concat(
        [documents, pl.DataFrame({"doc_id": ["x4"], "year": [2021], "date": [dt.date(2021, 1, 1)]})],
        how="vertical_relaxed",
    )
    row = carry_over(later, documents).filter(pl.col("para_id") == "x4/p01").row(0, named=True)
    # x1/p02 and x3/p01 are identical; the most recent earlier statement wins the tie
    assert (row["source_para_id"], row["similarity"], row["is_carried"]) == ("x3/p01", 1.0, True)


@pytest.mark.parametrize("method", ["exact", "minhash"])
def test_carry_over_recovers_planted_carry_overs(method: str) -> None:
    corpus = _planted(0)
    frame = carry_over(corpus.paragraphs, corpus.documents, method=method)  # type: ignore[arg-type]
    found = set(frame.filter(pl.col("is_carried")).get_column("para_id").to_list())
    truth = corpus.truth.carried_over
    precision = len(found & truth) / len(found)
    recall = len(found & truth) / len(truth)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall)
    # the only paragraphs found beyond the truth are the chair's paragraph, repeated word for word in null years
    extra = frame.filter(pl.col("para_id").is_in(sorted(found - truth)))
    assert extra.get_column("para_id").str.ends_with("/p01").all()
    assert (extra.get_column("similarity") == 1.0).all()
    sources = frame.join(corpus.truth.carried_from, on="para_id", suffix="_planted")
    agree = (sources.get_column("source_para_id") == sources.get_column("source_para_id_planted")).mean()
    assert agree >= 0.95  # a paragraph carried twice can be closer to its older version


def test_novelty_by_hand() -> None:
    paragraphs, documents = _carry_corpus()
    frame = novelty(paragraphs, documents, carry_over(paragraphs, documents))
    expected = pl.DataFrame(
        [("x1", 2019, 3, 0, 1.0), ("x2", 2020, 2, 1, 0.5), ("x3", 2019, 1, 1, 0.0)],
        schema=NOVELTY_SCHEMA,
        orient="row",
    )
    assert_frame_equal(frame, expected)


def test_carry_over_errors_and_empty_input() -> None:
    paragraphs, documents = _carry_corpus()
    with pytest.raises(ParameterError, match="threshold=0"):
        carry_over(paragraphs, documents, threshold=0)
    with pytest.raises(ParameterError, match=r"threshold=1\.5"):
        carry_over(paragraphs, documents, threshold=1.5)
    with pytest.raises(ParameterError, match="shingle=0"):
        carry_over(paragraphs, documents, shingle=0)
    with pytest.raises(ParameterError, match="method='fuzzy'"):
        carry_over(paragraphs, documents, method="fuzzy")  # type: ignore[arg-type]
    with pytest.raises(SchemaError, match=r"\['x3'\] are not in documents"):
        carry_over(paragraphs, documents.filter(pl.col("doc_id") != "x3"))
    with pytest.raises(SchemaError, match="carry: missing column"):
        novelty(paragraphs, documents, pl.DataFrame({"para_id": ["x1/p01"]}))
    empty = carry_over(paragraphs.clear(), documents)
    assert empty.is_empty() and empty.schema == CARRY_SCHEMA


def test_shift_outputs_are_deterministic() -> None:
    corpus = _planted(2)
    assert_frame_equal(top_shifts(corpus.paragraphs, corpus.documents), top_shifts(corpus.paragraphs, corpus.documents))
    assert_frame_equal(
        carry_over(corpus.paragraphs, corpus.documents, method="minhash", seed=5),
        carry_over(corpus.paragraphs, corpus.documents, method="minhash", seed=5),
    )
    assert np.isfinite(top_shifts(corpus.paragraphs, corpus.documents).get_column("delta").to_numpy()).all()


# --------------------------------------------------------------------------------------------------------------
# share_shifts: rises and falls of a label's share, and the stated power


def _labels_by_year(shares: list[float], *, per_year: int = 40) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Paragraph labels with one statement a year of ``per_year`` paragraphs, the first round(share × per_year)
    of which carry label "a" and the rest label "b"."""
    labels: list[tuple[str, str, str]] = []
    documents: list[tuple[str, int]] = []
    for index, share in enumerate(shares):
        doc_id = f"doc{index:02d}"
        documents.append((doc_id, 2010 + index))
        n_a = round(share * per_year)
        labels.extend((doc_id, f"{doc_id}/p{p:02d}", "a" if p < n_a else "b") for p in range(per_year))
    frame = pl.DataFrame(labels, schema=["doc_id", "para_id", "label"], orient="row")
    return frame, _documents(documents)


def test_share_shifts_flags_arrival_step_and_disappearance_alike() -> None:
    # label a: absent, arrives at 50% in 2014, steps down to 10% in 2017, disappears in 2020.
    shares = [0.0] * 4 + [0.5] * 3 + [0.1] * 3 + [0.0] * 3
    labels, documents = _labels_by_year(shares)
    flags = share_shifts(labels, documents, label_col="label")
    flagged = flags.filter(pl.col("is_significant") & (pl.col("label") == "a"))
    assert flagged.select("year", "direction").rows() == [(2014, "rising"), (2017, "falling"), (2020, "falling")]
    # Years where nothing moved are never flagged.
    quiet = {2011, 2012, 2013, 2015, 2016, 2018, 2019}
    assert not flags.filter(pl.col("year").is_in(quiet) & pl.col("is_significant")).height


def test_share_shifts_z_matches_the_two_proportion_formula() -> None:
    labels, documents = _labels_by_year([0.1, 0.5])
    row = share_shifts(labels, documents, label_col="label", window=1).filter(label="a").row(0, named=True)
    k_a, k_b, n = 4.0, 20.0, 40.0
    pooled = (k_a + k_b + 1.0) / (2 * n + 2.0)
    expected = ((k_b + 0.5) / (n + 1) - (k_a + 0.5) / (n + 1)) / math.sqrt(pooled * (1 - pooled) * (2 / n))
    assert row["z"] == pytest.approx(expected)
    assert (row["share_before"], row["share_after"], row["change"]) == pytest.approx((0.1, 0.5, 0.4))
    assert (row["n_before"], row["n_after"], row["window"]) == (40, 40, 1)


def test_share_shifts_keeps_a_topic_of_a_single_year() -> None:
    labels, documents = _labels_by_year([0.0, 0.0, 0.0, 0.4, 0.0, 0.0, 0.0])
    flagged = share_shifts(labels, documents, label_col="label").filter(
        pl.col("is_significant") & (pl.col("label") == "a")
    )
    assert flagged.select("year", "direction").rows() == [(2013, "rising"), (2014, "falling")]


def test_share_shifts_finds_a_lasting_step_too_small_for_two_years() -> None:
    """A step from 9% to 24% of 34 paragraphs a year (3 and 8 paragraphs) that lasts eight years: two years on each
    side give z ≈ 2.3, under the windowed level, but all the years before against all the years after give z ≈ 4.6."""
    shares = [0.10] * 8 + [0.25] * 8
    labels, documents = _labels_by_year(shares, per_year=34)
    flags = share_shifts(labels, documents, label_col="label").filter(label="a")
    step = flags.filter(pl.col("is_step"))
    assert step.select("year", "direction").rows() == [(2018, "rising")]
    assert step.get_column("step_z").item() == pytest.approx(4.63, abs=0.01)
    at_step = flags.filter(year=2018).row(0, named=True)
    assert abs(at_step["z"]) < 2.43  # the windowed score alone would not flag it (α = 0.03 over 2 labels: |z| ≥ 2.43)
    assert flags.filter(pl.col("is_significant")).get_column("year").to_list() == [2018]
    assert flags.get_column("step_z").is_not_null().sum() == 1  # one best split per label


def test_share_shifts_finds_a_subject_of_one_year_too_small_for_the_windows() -> None:
    """4 of 34 paragraphs in 2017 only: against the year before (or two), z ≈ 2 is under the windowed level; against
    every other year, where the label never occurs, z ≈ 7.6. Its arrival and its departure are both flagged."""
    shares = [0.0] * 7 + [0.12] + [0.0] * 8
    labels, documents = _labels_by_year(shares, per_year=34)
    flags = share_shifts(labels, documents, label_col="label").filter(label="a")
    assert flags.filter(pl.col("is_pulse")).select("year", "direction").rows() == [(2017, "rising"), (2018, "falling")]
    assert flags.filter(year=2017).get_column("pulse_z").item() == pytest.approx(7.56, abs=0.01)
    assert flags.filter(year=2018).get_column("pulse_z").item() == pytest.approx(-7.56, abs=0.01)
    assert flags.filter(pl.col("year").is_in([2017, 2018])).get_column("z").abs().max() < 2.43  # type: ignore[operator]
    assert flags.filter(pl.col("is_significant")).get_column("year").to_list() == [2017, 2018]


def test_share_shifts_does_not_call_a_steady_rise_a_step() -> None:
    """A share rising by two points a year from 5% to 35%: a straight line fits it, so no split is a lasting step."""
    shares = [0.05 + 0.02 * year for year in range(16)]
    labels, documents = _labels_by_year(shares, per_year=50)
    flags = share_shifts(labels, documents, label_col="label")
    assert not flags.get_column("is_step").any()
    assert not flags.get_column("is_pulse").any()
    split = flags.filter(pl.col("step_z").is_not_null() & (pl.col("label") == "a"))
    assert abs(split.get_column("step_z").item()) > 5  # the split alone would look strong: the line is the guard


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"window": 0}, "window=0"),
        ({"window": 9}, "window=9"),
        ({"alpha": 0.0}, "alpha=0.0"),
        ({"label_col": "x"}, "label_col='x'"),
    ],
)
def test_share_shifts_rejects_bad_options(options: dict[str, object], message: str) -> None:
    labels, documents = _labels_by_year([0.1, 0.5])
    keywords: dict[str, object] = {"label_col": "label", **options}
    with pytest.raises(ParameterError, match=message):
        share_shifts(labels, documents, **keywords)  # type: ignore[arg-type]


def test_power_table_is_shipped_and_falls_with_more_statements() -> None:
    table = read_power_table()
    assert table.get_column("statements_per_year").to_list() == [1, 2, 3, 4, 6, 8]
    changes = table.drop_nulls("min_change").get_column("min_change").to_list()
    assert changes == sorted(changes, reverse=True) and len(changes) >= 5
    assert (table.get_column("null_flag_rate") <= 0.05).all()
    two = table.filter(statements_per_year=2).get_column("min_change").item()
    assert detectable_change(2) == two and detectable_change(2.5) == two
    assert detectable_change(100) == table.filter(statements_per_year=8).get_column("min_change").item()


def test_compute_power_table_is_seeded_and_matches_the_shipped_rows() -> None:
    small = compute_power_table(statements=(4,), n_reps=100, seed=0)
    assert_frame_equal(small, compute_power_table(statements=(4,), n_reps=100, seed=0))
    shipped = read_power_table().filter(statements_per_year=4).get_column("min_change").item()
    # 100 replicates instead of the shipped 2,000: within two hundredths of the shipped figure.
    assert abs(small.get_column("min_change").item() - shipped) <= 0.03


def test_read_power_table_names_the_file_when_a_column_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "power.csv"
    path.write_text("statements_per_year,min_change\n2,0.2\n")
    with pytest.raises(SchemaError, match=r"power\.csv: missing columns \['paragraphs_per_year'"):
        read_power_table(path)
