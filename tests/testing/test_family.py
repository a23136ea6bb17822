"""Tests of the planted design family (ascc_analysis.testing.family) and of the topic and shift methods on it.

The family is a second planted yardstick, written independently of ascc_analysis.testing.planted (its own SYNTHETIC
templates and vocabularies). The fast tests check what a design plants; the slow ones hold the topic and shift
methods to the targets of the issue on a few fixed designs (the whole family runs in benchmarks/bench_family.py).
"""

from __future__ import annotations

from functools import cache

import numpy as np
import polars as pl
import pytest

from ascc_analysis.analysis import shifts, topics
from ascc_analysis.analysis.topics import bursts as bursts_module
from ascc_analysis.analysis.topics import fit as topics_fit
from ascc_analysis.errors import ParameterError
from ascc_analysis.schemas import DOCUMENTS, PARAGRAPHS, validate
from ascc_analysis.testing import family
from ascc_analysis.testing.planted import DEFAULT_TOPICS, FILLER_TERMS


@cache
def _corpus(index: int) -> family.FamilyCorpus:
    return family.generate_family_corpus(family.FIXED_DESIGNS[index])


def test_a_design_plants_what_its_truth_says() -> None:
    corpus = _corpus(0)
    design = corpus.design
    validate(corpus.documents, DOCUMENTS)
    validate(corpus.paragraphs, PARAGRAPHS)
    assert corpus.documents.height == design.n_years * design.statements_per_year
    assert corpus.documents.get_column("text").str.contains(family.FAMILY_LABEL, literal=True).all()
    # Paragraph offsets index the statement text.
    texts = dict(corpus.documents.select("doc_id", "text").iter_rows())
    for doc_id, text, start, end in corpus.paragraphs.select("doc_id", "text", "char_start", "char_end").iter_rows():
        assert texts[doc_id][start:end] == text
    # Realised shares sum to one each year; planted shares do not move in null years.
    sums = corpus.truth.realised_share.group_by("year").agg(pl.col("share").sum()).get_column("share")
    assert np.allclose(sums.to_numpy(), 1.0)
    planted = corpus.truth.topic_share.pivot(on="topic_id", index="year", values="share").sort("year")
    for year in corpus.truth.null_years:
        before, now = planted.filter(year=year - 1).drop("year"), planted.filter(year=year).drop("year")
        assert np.allclose(before.to_numpy(), now.to_numpy())
    assert len(corpus.truth.null_years) == 4
    # The short-lived topic arrives and disappears; the step moves once; realised changes have the planted sign.
    kinds = corpus.truth.shifts.get_column("kind").to_list()
    assert sorted(kinds) == ["arrival", "disappearance", "step_down"]
    signs = corpus.truth.shifts.select(pl.col("planted_change").sign() == pl.col("realised_change").sign())
    assert signs.to_series().all()
    short = next(topic for topic in design.topics if topic.shape == "short")
    present = corpus.truth.realised_share.filter((pl.col("topic_id") == short.id) & (pl.col("share") > 0))
    assert present.get_column("year").to_list() == [
        design.first_year + short.year_index + i for i in range(short.length)
    ]


def test_the_family_is_independent_of_the_first_generator() -> None:
    terms = [term for vocabulary in family.FAMILY_VOCABULARIES.values() for term in vocabulary]
    first = {term for topic in DEFAULT_TOPICS for term in topic.terms} | set(FILLER_TERMS)
    assert not set(terms) & first
    assert not set(family.FAMILY_FILLER) & first
    # Twelve vocabularies of 14 terms, no term in two of them (a few words are shared, as in real drafting).
    assert len(terms) == len(set(terms)) == 12 * 14


def test_family_designs_span_the_issue_ranges() -> None:
    designs = family.family_designs(seeds=(0,))
    assert {design.statements_per_year for design in designs} == {1, 2, 3, 4, 8}
    assert {len(design.topics) for design in designs} == {4, 6, 8, 12}
    assert {topic.shape for design in designs for topic in design.topics} == set(family.SHAPES)
    assert {topic.length for design in designs for topic in design.topics if topic.shape == "short"} == {1, 2, 3}
    assert len({design.name for design in designs}) == len(designs)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"statements_per_year": 9}, "statements_per_year=9"),
        ({"paragraphs_per_statement": (5, 2)}, r"paragraphs_per_statement=\(5, 2\)"),
        ({"topics": (family.FamilyTopic("nowhere", "flat"), family.FamilyTopic("rural", "flat"))}, "nowhere"),
        ({"topics": (family.FamilyTopic("rural", "short", year_index=15, length=3),)}, "topics"),
    ],
)
def test_a_bad_design_is_refused_with_its_name(change: dict[str, object], message: str) -> None:
    design = family.FamilyDesign(
        name="bad-design",
        topics=(family.FamilyTopic("rural", "flat"), family.FamilyTopic("media", "rise")),
        statements_per_year=2,
        paragraphs_per_statement=(10, 12),
        null_years=(3,),
    )
    broken = family.FamilyDesign(**{**design.__dict__, **change})
    with pytest.raises(ParameterError, match=message) as raised:
        family.generate_family_corpus(broken)
    assert "bad-design" in str(raised.value)


def _fit(corpus: family.FamilyCorpus) -> topics.TopicModel:
    return topics.fit_topics(corpus.paragraphs, n_topics="auto", seed=0, documents=corpus.documents)


@pytest.mark.slow
@pytest.mark.parametrize("index", [0, 1])
def test_auto_k_recovers_every_topic_and_the_short_lived_one(index: int) -> None:
    """The issue's design (6 topics, two statements a year, a three-year topic) and a larger one: before the
    short-lived check auto-k picked one topic too few and merged the short-lived topic into another."""
    corpus = _corpus(index)
    model = _fit(corpus)
    recovery = family.score_topic_recovery(model.paragraph_topics, model.terms, corpus)
    assert len(corpus.design.topics) <= model.k <= len(corpus.design.topics) + 1, model.selection
    assert recovery.get_column("recovered").all(), recovery
    assert not model.merges.get_column("is_merge").any()


@pytest.mark.slow
def test_a_one_year_topic_among_four() -> None:
    """21 paragraphs of one year among 800: NMF of the whole corpus loses them; their words' burst finds them."""
    corpus = _corpus(2)
    model = _fit(corpus)
    recovery = family.score_topic_recovery(model.paragraph_topics, model.terms, corpus)
    assert recovery.filter(shape="short").get_column("recovered").item(), recovery
    short = next(topic for topic in corpus.design.topics if topic.shape == "short")
    year = corpus.design.first_year + short.year_index
    found = model.short_lived.select("first_year", "last_year").rows()
    assert found == [(year, year)], model.short_lived


@pytest.mark.slow
def test_a_one_year_topic_of_eight_paragraphs() -> None:
    """Eight paragraphs of one year among 530: only two of their words are used often enough to burst; their rarer
    words are taken in from the paragraphs those two share, and the topic is fitted apart with its paragraphs."""
    design = family.make_design(
        n_topics=8, statements_per_year=2, paragraphs_per_statement=(14, 20), short_length=1, seed=1
    )
    corpus = family.generate_family_corpus(design)
    short = next(topic for topic in design.topics if topic.shape == "short")
    planted = set(corpus.truth.paragraph_topic.filter(topic_id=short.id).get_column("para_id"))
    assert len(planted) == 8
    model = _fit(corpus)
    year = design.first_year + short.year_index
    listed = model.short_lived.row(0, named=True)
    assert model.short_lived.height == 1 and (listed["first_year"], listed["last_year"]) == (year, year)
    assert listed["burst_terms"].startswith("villages")  # the planted vocabulary's first word
    dominated = set(
        family.dominant_topics(model.paragraph_topics).filter(topic_id=listed["topic_id"]).get_column("para_id")
    )
    assert planted <= dominated and len(dominated - planted) <= 2, (dominated, planted)
    recovery = family.score_topic_recovery(model.paragraph_topics, model.terms, corpus).filter(topic_id=short.id)
    assert recovery.get_column("pearson").item() >= 0.9, recovery
    assert recovery.get_column("cosine").item() >= 0.75, recovery  # 0.80 here: at the edge of "recovered"


@pytest.mark.slow
def test_a_one_year_topic_whose_words_are_each_too_rare_to_burst(monkeypatch: pytest.MonkeyPatch) -> None:
    """Eleven paragraphs of one year among 820 (four statements a year, six topics). Without the test of words
    used together (step 5 of find_bursts), the topic is folded into another and its arrival and disappearance are
    lost; with it, its words set the paragraphs apart, the topic is recovered and both its shifts are found."""
    design = next(d for d in family.family_designs(seeds=(27,)) if d.name == "s4-k6-p10-16-L1-seed27")
    corpus = family.generate_family_corpus(design)
    short = next(topic for topic in design.topics if topic.shape == "short")
    year = design.first_year + short.year_index
    model = _fit(corpus)
    recovery = family.score_topic_recovery(model.paragraph_topics, model.terms, corpus)
    assert recovery.filter(topic_id=short.id).get_column("recovered").item(), recovery
    assert model.short_lived.select("first_year", "last_year").rows() == [(year, year)], model.short_lived
    flags = shifts.share_shifts(
        family.dominant_topics(model.paragraph_topics),
        corpus.documents,
        label_col="topic_id",
        paragraphs=corpus.paragraphs,
    )
    label_of = dict(recovery.select("topic_id", "model_topic_id").iter_rows())
    planted, _ = family.score_shift_detection(flags, corpus, label_col="topic_id", label_of=label_of)
    arrival_and_end = planted.filter(topic_id=short.id)
    assert arrival_and_end.get_column("kind").sort().to_list() == ["arrival", "disappearance"]
    assert arrival_and_end.get_column("found").all(), arrival_and_end

    monkeypatch.setattr(bursts_module, "_small_subjects", lambda *args: [])  # without step 5 of find_bursts
    before = _fit(corpus)
    assert before.short_lived.is_empty()
    again = family.score_topic_recovery(before.paragraph_topics, before.terms, corpus)
    assert not again.filter(topic_id=short.id).get_column("recovered").item(), again


def test_the_oracle_shows_what_a_topic_s_own_paragraphs_can_show() -> None:
    """With its paragraphs known, every topic of the fixed designs has its planted words (cosine >= 0.85); a topic
    of two paragraphs does not reach 0.8 (no fit can be expected to recover it), and one that no paragraph drew
    scores 0, not NaN."""
    for index in range(len(family.FIXED_DESIGNS)):
        oracle = family.oracle_topic_cosines(_corpus(index))
        assert oracle.get_column("topic_id").to_list() == sorted(_corpus(index).truth.shapes)
        assert oracle.get_column("cosine").min() >= 0.85, oracle
        assert (oracle.get_column("paragraphs") >= 14).all(), oracle
    tiny = family.generate_family_corpus(
        family.make_design(
            n_topics=8, statements_per_year=2, paragraphs_per_statement=(14, 20), short_length=1, seed=20
        )
    )
    short = family.oracle_topic_cosines(tiny).filter(shape="short").row(0, named=True)
    assert short["paragraphs"] == 2 and 0.5 < short["cosine"] < 0.8, short
    empty = family.generate_family_corpus(
        family.make_design(
            n_topics=12, statements_per_year=1, paragraphs_per_statement=(10, 16), short_length=1, seed=3
        )
    )
    assert family.oracle_topic_cosines(empty).filter(shape="short").select("paragraphs", "cosine").row(0) == (0, 0.0)


@pytest.mark.slow
def test_a_fixed_k_keeps_the_short_lived_topic_and_lists_it() -> None:
    """With k given (the planted 6), the topic of three years is fitted apart from its words' burst and counted in
    k: before, the NNDSVD-started fit of 6 topics merged it into another."""
    corpus = _corpus(0)
    model = topics.fit_topics(corpus.paragraphs, n_topics=6, seed=0, documents=corpus.documents)
    assert model.k == 6
    recovery = family.score_topic_recovery(model.paragraph_topics, model.terms, corpus)
    short = next(topic for topic in corpus.design.topics if topic.shape == "short")
    row = recovery.filter(topic_id=short.id)
    assert row.get_column("recovered").item(), recovery
    listed = model.short_lived.row(0, named=True)
    assert listed["topic_id"] == row.get_column("model_topic_id").item()
    first = corpus.design.first_year + short.year_index
    assert (listed["first_year"], listed["last_year"]) == (first, first + short.length - 1)
    assert listed["burst_terms"].startswith("laboratories")  # the first word of the planted vocabulary
    checks = topics.topic_checks(model)
    assert checks.filter(pl.col("short_years").is_not_null()).get_column("topic_id").to_list() == [listed["topic_id"]]


@pytest.mark.slow
def test_a_fixed_k_that_merges_the_short_lived_topic_is_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    """When the burst is missed (here: switched off), the fit of 6 topics merges the short-lived topic, and the
    anchor-word check flags the topic it was merged into."""
    monkeypatch.setattr(topics_fit, "find_bursts", lambda *args, **kwargs: [])
    corpus = _corpus(0)
    model = topics.fit_topics(corpus.paragraphs, n_topics=6, seed=0, documents=corpus.documents)
    recovery = family.score_topic_recovery(model.paragraph_topics, model.terms, corpus)
    short = next(topic for topic in corpus.design.topics if topic.shape == "short")
    assert not recovery.filter(topic_id=short.id).get_column("recovered").item()  # NNDSVD start: not recovered
    assert model.short_lived.is_empty()
    flagged = model.merges.filter(pl.col("is_merge"))
    assert flagged.height == 1, model.merges
    first = corpus.design.first_year + short.year_index
    assert flagged.get_column("split_years").item() == f"{first}–{first + short.length - 1}"
    assert "scientists" in flagged.get_column("split_terms").item()


def test_without_documents_there_is_no_merge_check() -> None:
    corpus = _corpus(0)
    model = topics.fit_topics(corpus.paragraphs, n_topics=4, n_seeds=1, seed=0)
    assert model.merges.is_empty()


@pytest.mark.slow
def test_share_shifts_on_fitted_topics_of_the_fixed_designs() -> None:
    """Planted shifts found and null years flagged on the dominant fitted topic over the three fixed designs (10
    planted shifts, 12 null years); every shift at least as large as the power table's smallest detectable change
    for its number of statements a year is found."""
    found, planted, alarms, nulls, n_large = 0, 0, 0, 0, 0
    for index in (0, 1, 2):
        corpus = _corpus(index)
        model = _fit(corpus)
        recovery = family.score_topic_recovery(model.paragraph_topics, model.terms, corpus)
        label_of = dict(recovery.select("topic_id", "model_topic_id").iter_rows())
        flags = shifts.share_shifts(
            family.dominant_topics(model.paragraph_topics),
            corpus.documents,
            label_col="topic_id",
            paragraphs=corpus.paragraphs,
        )
        shift_rows, null_rows = family.score_shift_detection(flags, corpus, label_col="topic_id", label_of=label_of)
        smallest = shifts.detectable_change(corpus.design.statements_per_year)
        assert smallest is not None
        large = shift_rows.filter(pl.col("realised_change").abs() >= smallest)
        assert large.get_column("found").all(), (corpus.design.name, smallest, shift_rows)
        n_large += large.height
        found += int(shift_rows.get_column("found").sum())
        planted += shift_rows.height
        alarms += int(null_rows.get_column("flagged").sum())
        nulls += null_rows.height
    assert (planted, nulls, n_large) == (10, 12, 3)
    assert alarms <= 1  # at most one null year in ten
    # 7 of 10: two of the misses are planted steps whose realised change was 0.03 (the draw), one a step of 0.11
    # with three statements a year, under the 0.18 the power table gives.
    assert found >= 7, (found, planted)


def test_topic_checks_lists_every_topic_with_its_flag() -> None:
    corpus = _corpus(0)
    without = topics.topic_checks(topics.fit_topics(corpus.paragraphs, n_topics=4, n_seeds=1, seed=0))
    assert without.columns == [
        "topic_id",
        "label",
        "stability",
        "is_merge",
        "split_share",
        "split_years",
        "split_terms",
        "short_years",
    ]
    assert without.height == 4 and not without.get_column("is_merge").any()
