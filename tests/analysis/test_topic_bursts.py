"""Tests of the burst finder behind topics of a few years (ascc_analysis.analysis.topics.bursts).

Every corpus here is a planted array: paragraphs drawn from word lists we make up, with a known group of words
used in a known span of years, so the paragraphs a burst must return are known in advance.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray
from scipy import sparse

from ascc_analysis.analysis.topics.bursts import BURST_MIN_PARAGRAPHS, burst_topic_words, find_bursts

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
