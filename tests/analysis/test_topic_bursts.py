"""Tests of the burst finder behind topics of a few years (ascc_analysis.analysis.topics.bursts).

Most corpora here are planted arrays: paragraphs drawn from word lists we make up, with a known group of words
used in a known span of years, so the paragraphs a burst must return are known in advance. The last test reads the
synthetic demo corpus, whose planted signals are listed in its README.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import polars as pl
import pytest
from numpy.typing import NDArray
from scipy import sparse

from ascc_analysis.analysis import shifts, topics
from ascc_analysis.analysis.corpus import load_corpus
from ascc_analysis.analysis.topics import bursts as bursts_module
from ascc_analysis.analysis.topics.bursts import BURST_MIN_PARAGRAPHS, burst_topic_words, find_bursts
from ascc_analysis.analysis.topics.terms import place_terms
from ascc_analysis.build import build_corpus

N_LASTING = 60  # words of the lasting subjects, columns 0..59
BURST_WORDS = np.arange(60, 66)  # six words of the short-lived subject
N_TERMS = 66


def _corpus(
    *,
    burst_years: tuple[int, ...],
    burst_share: float,
    before_share: float = 0.0,
    years: range = range(2009, 2025),
    per_year: int = 30,
    seed: int = 0,
) -> tuple[sparse.csr_matrix, NDArray[np.int64], NDArray[np.bool_]]:
    """Rows of planted paragraphs: ``burst_share`` of each burst year's paragraphs (``before_share`` of the other
    years') use four of the six burst words and one lasting word; the others use five lasting words, one time in
    ten one burst word as noise. Returns the row-normalised matrix, each row's year, and the truth."""
    rng = np.random.default_rng(seed)
    rows, row_years, truth = [], [], []
    for year in years:
        share = burst_share if year in burst_years else before_share
        for _ in range(per_year):
            vector = np.zeros(N_TERMS)
            is_burst = rng.random() < share
            if is_burst:
                vector[rng.choice(BURST_WORDS, size=4, replace=False)] = 1.0
                vector[rng.integers(N_LASTING)] = 1.0
            else:
                subject = rng.integers(6)  # six lasting subjects of ten words each
                vector[subject * 10 + rng.choice(10, size=5, replace=False)] = 1.0
                if rng.random() < 0.1:
                    vector[rng.choice(BURST_WORDS)] = 1.0
            rows.append(vector / np.linalg.norm(vector))
            row_years.append(year)
            truth.append(is_burst)
    return sparse.csr_matrix(np.vstack(rows)), np.asarray(row_years, dtype=np.int64), np.asarray(truth)


UNIGRAMS = np.ones(N_TERMS, dtype=bool)


def test_a_subject_of_two_years_is_found_with_its_paragraphs_and_years() -> None:
    matrix, years, truth = _corpus(burst_years=(2016, 2017), burst_share=0.4)
    bursts = find_bursts(matrix, years, UNIGRAMS)
    assert len(bursts) == 1
    burst = bursts[0]
    assert (burst.first_year, burst.last_year) == (2016, 2017)
    assert set(burst.terms.tolist()) == set(BURST_WORDS.tolist())
    found = np.zeros(truth.size, dtype=bool)
    found[burst.rows] = True
    assert (found == truth).all()  # every planted paragraph, and no other


def test_its_word_distribution_keeps_its_own_words() -> None:
    matrix, years, truth = _corpus(burst_years=(2016, 2017), burst_share=0.4)
    burst = find_bursts(matrix, years, UNIGRAMS)[0]
    words = burst_topic_words(matrix, burst.rows, np.flatnonzero(~truth))
    assert words.sum() == pytest.approx(1.0)
    assert words[BURST_WORDS].sum() > 0.9


def test_a_single_year_of_a_few_paragraphs_is_found() -> None:
    matrix, years, truth = _corpus(burst_years=(2020,), burst_share=0.3)
    bursts = find_bursts(matrix, years, UNIGRAMS)
    assert [(burst.first_year, burst.last_year) for burst in bursts] == [(2020, 2020)]
    assert int(truth.sum()) >= BURST_MIN_PARAGRAPHS and bursts[0].rows.size == int(truth.sum())


def test_a_subject_that_steps_up_near_the_end_is_not_a_burst() -> None:
    """Its words are used before the step too, in paragraphs of their own: they are not of a few years."""
    matrix, years, _ = _corpus(burst_years=(2022, 2023, 2024), burst_share=0.45, before_share=0.15)
    assert find_bursts(matrix, years, UNIGRAMS) == []


def test_lasting_subjects_alone_give_no_burst() -> None:
    for seed in range(5):
        matrix, years, _ = _corpus(burst_years=(), burst_share=0.0, seed=seed)
        assert find_bursts(matrix, years, UNIGRAMS) == [], seed


def test_too_few_years_or_no_years_give_no_burst() -> None:
    matrix, years, _ = _corpus(burst_years=(2016,), burst_share=0.4, years=range(2016, 2018))
    assert find_bursts(matrix, years, UNIGRAMS) == []  # one year is half the corpus: nothing to stand out from
    assert find_bursts(matrix, np.full(years.size, -1), UNIGRAMS) == []


def test_fewer_than_three_single_words_are_not_a_subject() -> None:
    matrix, years, _ = _corpus(burst_years=(2016, 2017), burst_share=0.4)
    only_phrases = np.ones(N_TERMS, dtype=bool)
    only_phrases[BURST_WORDS[:4]] = False  # four of the six burst words are phrases: two single words are left
    assert find_bursts(matrix, years, only_phrases) == []


def _rows_with(
    base: tuple[sparse.csr_matrix, NDArray[np.int64]], extra: list[tuple[int, list[int]]], n_terms: int
) -> tuple[sparse.csr_matrix, NDArray[np.int64], NDArray[np.bool_]]:
    """``base`` (rows over the lasting subjects) with ``extra`` rows added: (year, the term columns it uses) each.
    Returns the row-normalised matrix over ``n_terms`` columns, the years and which rows are the extra ones."""
    matrix, years = base
    added = np.zeros((len(extra), n_terms))
    for index, (_, columns) in enumerate(extra):
        added[index, columns] = 1.0
    added /= np.linalg.norm(added, axis=1, keepdims=True)
    wide = sparse.hstack([matrix, sparse.csr_matrix((matrix.shape[0], n_terms - matrix.shape[1]))])
    stacked = sparse.vstack([wide, sparse.csr_matrix(added)]).tocsr()
    extra_years = np.asarray([year for year, _ in extra], dtype=np.int64)
    truth = np.r_[np.zeros(matrix.shape[0], dtype=bool), np.ones(len(extra), dtype=bool)]
    return stacked, np.r_[years, extra_years], truth


def test_a_small_subject_is_grown_from_two_burst_words_with_its_rarer_words() -> None:
    """Six paragraphs of one year and nothing else: two words of theirs are used often enough to burst, their six
    other words twice each (too rare to be tested). The two words alone are too few to be a subject; the rarer
    words, used only in their paragraphs, join them, and the six paragraphs are found."""
    matrix, years, _ = _corpus(burst_years=(), burst_share=0.0)
    core, rare = N_TERMS, N_TERMS + np.arange(1, 7)  # one core word, then six rarer ones; a second core word last
    second = N_TERMS + 7
    extra = [
        (2019, [core, second if paragraph % 3 else core, int(rare[paragraph % 6]), int(rare[(paragraph + 1) % 6])])
        for paragraph in range(6)
    ]
    stacked, all_years, truth = _rows_with((matrix, years), extra, N_TERMS + 8)
    unigrams = np.ones(N_TERMS + 8, dtype=bool)
    bursts = find_bursts(stacked, all_years, unigrams)
    assert [(burst.first_year, burst.last_year) for burst in bursts] == [(2019, 2019)]
    assert sorted(bursts[0].rows.tolist()) == np.flatnonzero(truth).tolist()
    assert set(rare.tolist()) <= set(bursts[0].terms.tolist())


def test_a_subject_also_taken_up_in_other_years_is_not_short_lived() -> None:
    """A subject discussed every year that, in two years, also uses words of its own: those words burst and their
    paragraphs lie in the two years, but paragraphs like them are found in every other year."""
    rng = np.random.default_rng(3)
    matrix, years, _ = _corpus(burst_years=(), burst_share=0.0)
    common, period = N_TERMS + np.arange(4), N_TERMS + 4 + np.arange(4)
    extra = []
    for year in range(2009, 2025):
        for _ in range(10 if year in (2014, 2015) else 3):
            columns = rng.choice(common, size=3, replace=False).tolist()
            if year in (2014, 2015):
                columns += rng.choice(period, size=3, replace=False).tolist()
            extra.append((year, [int(column) for column in columns]))
    stacked, all_years, _ = _rows_with((matrix, years), extra, N_TERMS + 8)
    assert find_bursts(stacked, all_years, np.ones(N_TERMS + 8, dtype=bool)) == []


def _small_subject(*, together: bool) -> tuple[sparse.csr_matrix, NDArray[np.int64], NDArray[np.bool_]]:
    """Lasting subjects (30 paragraphs a year, 2009–2024), and five paragraphs of 2020 about a small subject of six
    words of its own. ``together``: paragraph ``i`` uses words ``i``, ``i + 1`` and ``i + 2`` of the six (each
    word two or three times); otherwise each of ten paragraphs uses one of them, with two lasting words. Other years
    borrow each word once, in a paragraph of five lasting words."""
    matrix, years, _ = _corpus(burst_years=(), burst_share=0.0, seed=4)
    small = N_TERMS + np.arange(6)
    if together:
        extra = [(2020, [int(small[(paragraph + step) % 6]) for step in range(3)]) for paragraph in range(5)]
    else:
        extra = [(2020, [int(small[paragraph % 6]), paragraph, paragraph + 10]) for paragraph in range(10)]
    extra += [(2010 + index, [*range(index * 10, index * 10 + 5), int(word)]) for index, word in enumerate(small)]
    stacked, all_years, added = _rows_with((matrix, years), extra, N_TERMS + 6)
    return stacked, all_years, added & (all_years == 2020)


def test_a_subject_whose_words_are_each_too_rare_to_burst_is_found_by_its_words_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each of the six words is used two or three times in 2020 and once elsewhere: alone, none bursts at 10⁻³.
    Used together in the same five paragraphs, five of them are linked and tested as one group (step 5), and the
    five paragraphs are found, provided they come from two statements or more."""
    stacked, years, truth = _small_subject(together=True)
    unigrams = np.ones(stacked.shape[1], dtype=bool)
    statements = years * 2 + np.arange(years.size) % 2  # two statements a year
    bursts = find_bursts(stacked, years, unigrams, statements=statements)
    assert [(burst.first_year, burst.last_year) for burst in bursts] == [(2020, 2020)]
    assert sorted(bursts[0].rows.tolist()) == np.flatnonzero(truth).tolist()
    assert set(bursts[0].terms.tolist()) >= set(range(N_TERMS + 1, N_TERMS + 6))
    assert find_bursts(stacked, years, unigrams, statements=years) == []  # one statement's own wording
    monkeypatch.setattr(bursts_module, "SMALL_P_MAX", bursts_module.BURST_P_MAX)
    assert find_bursts(stacked, years, unigrams, statements=statements) == []  # no word bursts on its own


def test_words_of_one_year_that_are_not_used_together_are_no_subject() -> None:
    stacked, years, _ = _small_subject(together=False)
    statements = years * 2 + np.arange(years.size) % 2
    assert find_bursts(stacked, years, np.ones(stacked.shape[1], dtype=bool), statements=statements) == []


def test_names_of_chairs_and_venues_are_place_terms() -> None:
    vocabulary = ["viet nam", "viet", "phnom penh", "brunei darussalam", "vientiane", "health", "cambodia hosting"]
    assert place_terms(vocabulary).tolist() == [True, True, True, True, True, False, False]


def test_ignored_words_neither_burst_nor_join_a_group() -> None:
    """A year's chair and venue are used in that year far more than in others: left out, they make no subject."""
    matrix, years, _ = _corpus(burst_years=(2016, 2017), burst_share=0.4)
    ignore = np.zeros(N_TERMS, dtype=bool)
    ignore[BURST_WORDS] = True
    assert find_bursts(matrix, years, UNIGRAMS, ignore=ignore) == []
    ignore[BURST_WORDS[:2]] = False  # two words left: grown, the four others would join; ignored, they do not
    assert find_bursts(matrix, years, UNIGRAMS, ignore=ignore) == []


@pytest.mark.slow
def test_the_demo_corpus_sets_apart_its_pandemic_and_its_new_care_subject(tmp_path: Path) -> None:
    """The demo plants a pandemic dominant in 2020–2021 with a few mentions in 2022, and a care economy that
    grows from 2021 to most of a 2024 statement. Fitted as notebook 02 does, the first is a topic of 2020–2022, the
    second one that runs to the corpus's last year (open: it may be lasting), and no chair or venue is a term."""
    build_corpus(tmp_path / "raw", tmp_path / "processed", demo=True)
    corpus = load_corpus(tmp_path / "processed").for_trends()
    carried = shifts.carry_over(corpus.paragraphs, corpus.documents).filter(pl.col("is_carried"))
    paragraphs = corpus.paragraphs.filter(~pl.col("para_id").is_in(carried.get_column("para_id").to_list()))
    model = topics.fit_topics(paragraphs, n_topics="auto", k_range=(4, 10), seed=0, documents=corpus.documents)
    short = model.short_lived.sort("first_year")
    assert short.select("first_year", "last_year", "reaches_end").rows() == [(2020, 2022, False), (2023, 2024, True)]
    pandemic, care = short.get_column("burst_terms").to_list()
    assert pandemic.startswith("pandemic") and "care" in care.split(" · ")
    words = {word for terms in short.get_column("burst_terms") for term in terms.split(" · ") for word in term.split()}
    assert not place_terms(sorted(words)).any()
    checks = topics.topic_checks(model).filter(pl.col("short_years").is_not_null())
    assert sorted(checks.get_column("short_years")) == ["2020–2022", "2023–"]
