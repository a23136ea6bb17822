"""Topic trends stage, fitting: ``paragraphs`` → a :class:`~ascc_analysis.analysis.topics.model.TopicModel`.

:func:`fit_topics` vectorises the paragraphs (:mod:`~ascc_analysis.analysis.topics.terms`), factorises them by NMF
(or LDA), scores every number of topics tried by coherence (NPMI), stability over seeded re-fits and separation, keeps
the best, numbers its topics by prevalence, labels them, and returns the model's tidy tables. Every random step takes
the seed; BLAS runs on one thread so that results do not depend on the machine.
"""

from __future__ import annotations

import dataclasses
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.decomposition import NMF, LatentDirichletAllocation, non_negative_factorization
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from ascc_analysis.analysis.topics.bootstrap import _strata, _stratified_draws
from ascc_analysis.analysis.topics.bursts import Burst, burst_topic_words, find_bursts, rows_of_no_burst
from ascc_analysis.analysis.topics.coherence import _npmi_from_presence
from ascc_analysis.analysis.topics.common import TopicMethod, _check_method, _paragraph_rows, _require_columns
from ascc_analysis.analysis.topics.matching import _cosine, _matched_cosines
from ascc_analysis.analysis.topics.model import (
    LABELS_SCHEMA,
    MERGES_SCHEMA,
    PARAGRAPH_TOPICS_SCHEMA,
    SELECTION_SCHEMA,
    SHORT_LIVED_SCHEMA,
    STABILITY_SCHEMA,
    TERMS_SCHEMA,
    TopicError,
    TopicModel,
    _topic_id,
)
from ascc_analysis.analysis.topics.terms import phrase_terms, place_terms, topic_vectorizer
from ascc_analysis.errors import ParameterError

log = logging.getLogger(__name__)


N_COHERENCE_TERMS = 10  # top terms per topic whose pairs give the NPMI coherence
N_LABEL_TERMS = 3  # terms in a topic label
N_LABEL_CANDIDATES = 10  # the label's terms are chosen among this many top terms
LABEL_SEPARATOR = " · "
_NMF_MAX_ITER = 600
_LDA_MAX_ITER = 30
_SILHOUETTE_SAMPLE = 3000  # paragraphs drawn (with the fit's seed) for the silhouette of larger corpora
SELECTION_SAMPLE = 6000
"""Above this many paragraphs, k is chosen on a seeded sample of whole statements holding about this many, and the
chosen k is fitted once on all paragraphs."""
SHORT_WINDOW = 3  # years: a topic whose paragraphs fall mostly within this many consecutive years is short-lived
SHORT_CONCENTRATION = 0.7  # share of a candidate topic's paragraphs that must fall within the window
SHORT_MAX_COSINE = 0.5  # a candidate topic must be this far (cosine below) from every topic it is added to
SHORT_MIN_PARAGRAPHS = 5  # and make up at least SHORT_MIN_WEIGHT of this many paragraphs
SHORT_MIN_WEIGHT = 0.5
_MAX_ADDED = 3  # topics added at most by the short-lived check
_BURST_REFINEMENTS = 2  # times a burst topic's words are estimated again from the paragraphs it dominates


def _factorise(
    matrix: sparse.csr_matrix,
    k: int,
    *,
    method: TopicMethod,
    seed: int,
    init: str,
    unigrams: NDArray[np.bool_] | None = None,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Paragraph–topic weights ``W`` (n_rows, k) and topic–word weights ``H`` (k, n_terms) of one fit."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        if method == "nmf" and init == "anchors":
            start_w, start_h = _anchor_start(matrix, k, unigrams)
            nmf = NMF(n_components=k, init="custom", random_state=seed, max_iter=_NMF_MAX_ITER)
            weights = nmf.fit_transform(matrix, W=start_w, H=start_h)
            components = nmf.components_
        elif method == "nmf":
            nmf = NMF(n_components=k, init=init, random_state=seed, max_iter=_NMF_MAX_ITER)
            weights = nmf.fit_transform(matrix)
            components = nmf.components_
        else:
            lda = LatentDirichletAllocation(
                n_components=k, learning_method="batch", max_iter=_LDA_MAX_ITER, random_state=seed
            )
            weights = lda.fit_transform(matrix)
            components = lda.components_
    for warning in caught:
        log.debug("k=%d seed=%d: %s", k, seed, warning.message)
    return np.asarray(weights, dtype=np.float64), np.asarray(components, dtype=np.float64)


def _anchor_start(
    matrix: sparse.csr_matrix, k: int, unigrams: NDArray[np.bool_] | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """A deterministic NMF start from k anchor words (successive projection on word co-occurrence).

    Word co-occurrence rows ``Q̄_w = (XᵀX)_w / Σ (XᵀX)_w`` over the terms in at least ``max(5, n/200)`` paragraphs;
    the successive projection algorithm picks the row of largest norm, projects every row off it, and repeats k
    times. The anchors are the vertices of the words' convex hull, so a topic with words of its own is picked
    whatever its size: a topic of a few years is not traded for a second half of a large one, as the SVD-based
    start (NNDSVD) does. ``H`` starts from the anchors' co-occurrence rows, ``W = X Hᵀ`` scaled to X's norm.
    """
    n_rows, n_terms = matrix.shape
    document_frequency = np.asarray((matrix > 0).sum(axis=0)).ravel()
    unigram = unigrams if unigrams is not None else np.ones(n_terms, dtype=bool)
    candidates = np.flatnonzero(unigram & (document_frequency >= max(5, n_rows // 200)))
    if candidates.size < k:
        candidates = np.argsort(-document_frequency, kind="stable")[: max(k, min(n_terms, 50))]
    columns = matrix[:, candidates]
    cooccurrence = np.asarray((columns.T @ columns).toarray(), dtype=np.float64)
    totals = cooccurrence.sum(axis=1, keepdims=True)
    profiles = np.divide(cooccurrence, totals, out=np.zeros_like(cooccurrence), where=totals > 0)
    residual = profiles.copy()
    anchors: list[int] = []
    for _ in range(k):
        norms = (residual * residual).sum(axis=1)
        norms[anchors] = -1.0
        pick = int(np.argmax(norms))
        anchors.append(pick)
        length = float(np.sqrt(max(norms[pick], 0.0)))
        if length > 0:
            unit = residual[pick] / length
            residual = residual - np.outer(residual @ unit, unit)
    # Each topic starts from the mean TF-IDF row of the paragraphs holding its anchor word.
    holders = sparse.csc_matrix(matrix[:, candidates[anchors]] > 0).astype(np.float64)
    counts = np.maximum(np.asarray(holders.sum(axis=0)).ravel(), 1.0)
    start_h = np.asarray((holders.T @ matrix).toarray(), dtype=np.float64) / counts[:, None] + 1e-6
    start_w = np.asarray(matrix @ start_h.T, dtype=np.float64)
    # ‖W H‖_F² = trace((WᵀW)(H Hᵀ)), without forming the dense n × terms product.
    fitted = float(np.sqrt(max(float(np.trace((start_w.T @ start_w) @ (start_h @ start_h.T))), 0.0)))
    if fitted > 0:
        start_w *= float(np.sqrt(matrix.multiply(matrix).sum())) / fitted
    return np.ascontiguousarray(np.maximum(start_w, 1e-6)), np.ascontiguousarray(start_h)


def _normalise_rows(matrix: NDArray[np.float64]) -> NDArray[np.float64]:
    totals = matrix.sum(axis=1, keepdims=True)
    return np.asarray(np.divide(matrix, totals, out=np.zeros_like(matrix), where=totals > 0), dtype=np.float64)


def _coherence(topic_words: NDArray[np.float64], matrix: sparse.spmatrix) -> NDArray[np.float64]:
    """Each topic's NPMI coherence: the mean NPMI of the pairs of its :data:`N_COHERENCE_TERMS` heaviest terms, from
    the paragraphs of ``matrix`` (any matrix whose non-zero cells mark a term in a paragraph) that hold them."""
    coherence = np.empty(topic_words.shape[0])
    for topic, words in enumerate(topic_words):
        ranked = np.lexsort((np.arange(words.size), -words))
        top = [int(i) for i in ranked[:N_COHERENCE_TERMS] if words[i] > 0]
        coherence[topic] = _npmi_from_presence(np.asarray((matrix[:, top] > 0).toarray(), dtype=np.float64))
    return coherence


@dataclass(frozen=True)
class _Fit:
    k: int
    weights: NDArray[np.float64]  # (n_rows, k) normalised paragraph–topic weights, topics in final order
    topic_words: NDArray[np.float64]  # (k, n_terms) normalised word distributions, topics in final order
    stability: NDArray[np.float64]  # (k,)
    coherence: NDArray[np.float64]  # (k,)
    separation: float  # silhouette of the paragraphs' dominant topics


def _fit_k(
    matrix: sparse.csr_matrix,
    presence: sparse.csc_matrix,
    k: int,
    *,
    method: TopicMethod,
    seed: int,
    n_seeds: int,
    starts: NDArray[np.int64],
    sizes: NDArray[np.int64],
    has_terms: NDArray[np.bool_],
    anchors: bool = False,
    unigrams: NDArray[np.bool_] | None = None,
) -> _Fit:
    """The main fit for k topics, its stability over ``n_seeds`` re-fits, and each topic's coherence.

    With ``anchors`` the main fit and the re-fits start from anchor words (:func:`_anchor_start`), else from
    NNDSVDa (main) and NNDSVDar (re-fits).
    """
    weights, components = _factorise(
        matrix, k, method=method, seed=seed, init="anchors" if anchors else "nndsvda", unigrams=unigrams
    )
    weights = _normalise_rows(weights)
    weights[~has_terms] = 0.0
    topic_words = _normalise_rows(components)
    order = np.lexsort((np.arange(k), -weights.sum(axis=0)))  # most prevalent first, ties by position
    weights, topic_words = weights[:, order], topic_words[order]

    matched = np.zeros((n_seeds, k))
    for refit in range(n_seeds):
        rng = np.random.default_rng([seed, refit + 1])
        sample = _stratified_draws(starts, sizes, 1, rng)[0]
        refit_seed = int(rng.integers(0, 2**31 - 1))
        _, refit_components = _factorise(
            matrix[sample],
            k,
            method=method,
            seed=refit_seed,
            init="anchors" if anchors else "nndsvdar",
            unigrams=unigrams,
        )
        matched[refit] = _matched_cosines(topic_words, _normalise_rows(refit_components))
    stability = matched.mean(axis=0)

    coherence = _coherence(topic_words, presence)
    separation = _separation(matrix[has_terms], weights[has_terms].argmax(axis=1), seed=seed)
    return _Fit(
        k=k,
        weights=weights,
        topic_words=topic_words,
        stability=stability,
        coherence=coherence,
        separation=separation,
    )


def _separation(matrix: sparse.csr_matrix, labels: NDArray[np.int64], *, seed: int) -> float:
    """Mean silhouette (cosine distance on the TF-IDF rows) of the paragraphs grouped by their dominant topic."""
    n_labels = np.unique(labels).size
    if n_labels < 2 or n_labels >= labels.size:
        return 0.0
    sample_size = _SILHOUETTE_SAMPLE if labels.size > _SILHOUETTE_SAMPLE else None
    return float(silhouette_score(matrix, labels, metric="cosine", sample_size=sample_size, random_state=seed))


def _selection_score(npmi: float, stability: float, separation: float) -> float:
    """``score = (npmi + 1) / 2 + stability + (separation + 1) / 2``: three terms on [0, 1], weighted equally."""
    return (npmi + 1.0) / 2.0 + stability + (separation + 1.0) / 2.0


def _label(terms: Sequence[str], weights: NDArray[np.float64], exclusivity: NDArray[np.float64]) -> str:
    """A topic label from its candidate terms (see :attr:`TopicModel.labels`).

    A word is left out in favour of a phrase holding it when the phrase weighs at least half as much (the word
    then mostly occurs inside the phrase: "migrant workers" rather than "migrant"); the remaining terms are taken
    by decreasing weight × exclusivity, skipping a term that shares a word with one already taken.
    """
    phrases = [i for i, term in enumerate(terms) if " " in term]
    kept = [
        i
        for i, term in enumerate(terms)
        if " " in term or not any(term in terms[j].split() and weights[j] >= weights[i] / 2 for j in phrases)
    ]
    scored = sorted(kept, key=lambda i: (-(weights[i] * exclusivity[i]), -weights[i], terms[i]))
    chosen: list[str] = []
    used: set[str] = set()
    for i in scored:
        words = set(terms[i].split())
        if words & used:
            continue
        chosen.append(terms[i])
        used |= words
        if len(chosen) == N_LABEL_TERMS:
            break
    return LABEL_SEPARATOR.join(chosen)


@dataclass(frozen=True)
class _ShortCheck:
    """The outcome of :func:`_short_lived_check` on a fit of k topics."""

    found: bool  # a distinct topic concentrated in a few years is hidden in the fit
    extra: int  # topics to add to bring it out (1 or 2)
    merged: int  # the topic of the fit whose paragraphs it mostly took (-1 when none)
    share: float  # the share of that topic's dominant paragraphs it took
    years: tuple[int, int]
    terms: tuple[int, ...]  # its heaviest term columns


_NO_SHORT = _ShortCheck(False, 0, -1, 0.0, (0, 0), ())


def _short_lived_check(
    matrix: sparse.csr_matrix,
    fit: _Fit,
    years: NDArray[np.int64],
    *,
    has_terms: NDArray[np.bool_],
    seed: int,
    unigrams: NDArray[np.bool_],
) -> _ShortCheck:
    """Whether a fit of k topics hides a topic of a few years: the test behind adding topics and merge flags.

    Fits k + 1 (then k + 2) topics from anchor words (:func:`_anchor_start`), matches them one to one with the
    fit's topics by cosine, and tests the topics left over. One is a hidden short-lived topic when (a) it makes up
    at least ``SHORT_MIN_WEIGHT`` (θ) of at least ``SHORT_MIN_PARAGRAPHS`` paragraphs, (b) at least
    ``SHORT_CONCENTRATION`` of those paragraphs fall within ``SHORT_WINDOW`` consecutive years, and (c) its word
    vector has cosine below ``SHORT_MAX_COSINE`` with every topic of the fit (new words, not a second half of an
    existing topic). The topic of the fit that dominated most of its paragraphs is the one it was merged into.
    """
    for extra in (1, 2):
        if fit.k + extra > min(matrix.shape):
            break
        weights, components = _factorise(
            matrix, fit.k + extra, method="nmf", seed=seed, init="anchors", unigrams=unigrams
        )
        weights = _normalise_rows(weights)
        topic_words = _normalise_rows(components)
        similarity = _cosine(topic_words, fit.topic_words)
        matched, _ = linear_sum_assignment(similarity, maximize=True)
        for candidate in sorted(set(range(fit.k + extra)) - set(matched.tolist())):
            held_rows = np.flatnonzero(has_terms & (weights[:, candidate] >= SHORT_MIN_WEIGHT))
            if held_rows.size < SHORT_MIN_PARAGRAPHS or float(similarity[candidate].max()) >= SHORT_MAX_COSINE:
                continue
            held = years[held_rows]
            best, window = 0, (0, 0)
            for first in np.unique(held):
                inside = (held >= first) & (held < first + SHORT_WINDOW)
                if int(inside.sum()) > best:
                    best, window = int(inside.sum()), (int(first), int(held[inside].max()))
            if best / held_rows.size < SHORT_CONCENTRATION:
                continue
            base = fit.weights[held_rows].argmax(axis=1)
            merged = int(np.bincount(base, minlength=fit.k).argmax())
            merged_size = int((fit.weights[has_terms].argmax(axis=1) == merged).sum())
            terms = tuple(int(i) for i in np.argsort(-topic_words[candidate], kind="stable")[:N_LABEL_TERMS])
            share = float((base == merged).sum()) / max(merged_size, 1)
            return _ShortCheck(True, extra, merged, share, window, terms)
    return _NO_SHORT


def _with_bursts(
    matrix: sparse.csr_matrix,
    base: _Fit,
    bursts: Sequence[Burst],
    *,
    years: NDArray[np.int64],
    doc_codes: NDArray[np.int64],
    has_terms: NDArray[np.bool_],
    unigrams: NDArray[np.bool_],
    places: NDArray[np.bool_],
    seed: int,
    n_seeds: int,
) -> tuple[_Fit, NDArray[np.int64]]:
    """The fit of the lasting topics (on the paragraphs of no burst) with one topic added per burst.

    Each burst's word distribution is :func:`~ascc_analysis.analysis.topics.bursts.burst_topic_words`; every
    paragraph's weights are then solved against all the topics at once (non-negative least squares, the word
    distributions fixed), so a paragraph of the lasting topics may carry some of a burst topic and the other way
    round. A burst topic's stability is the mean, over ``n_seeds`` resamples of paragraphs within statements, of
    its best cosine with the bursts found again in the resample (0 when none is). Topics are numbered again by
    prevalence.

    Returns:
        The fit over all rows, and each topic's position in it (base topics first, then the bursts).
    """
    others = rows_of_no_burst(bursts, matrix.shape[0])
    added = np.vstack([burst_topic_words(matrix, burst.rows, others) for burst in bursts])
    k = base.k + len(bursts)

    def solve(topic_words: NDArray[np.float64]) -> NDArray[np.float64]:
        unit = topic_words / np.maximum(np.linalg.norm(topic_words, axis=1, keepdims=True), 1e-300)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            solved, _, _ = non_negative_factorization(
                matrix, H=unit, n_components=k, update_H=False, max_iter=_NMF_MAX_ITER, random_state=seed
            )
        weights = _normalise_rows(np.asarray(solved, dtype=np.float64))
        weights[~has_terms] = 0.0
        return weights

    weights = solve(np.vstack([base.topic_words, added]))
    for _ in range(_BURST_REFINEMENTS):
        # Each burst topic again from the paragraphs it now dominates (weighted by θ), less the background.
        for index, burst in enumerate(bursts):
            theta = weights[:, base.k + index]
            members = np.flatnonzero(theta >= 0.5)
            if members.size and members.size >= burst.rows.size // 2:
                added[index] = burst_topic_words(matrix, members, others, weights=theta[members])
        weights = solve(np.vstack([base.topic_words, added]))
    topic_words = np.vstack([base.topic_words, added])

    starts, sizes = _strata(doc_codes)
    found_again = np.zeros((n_seeds, len(bursts)))
    for refit in range(n_seeds):
        rng = np.random.default_rng([seed, refit + 1, len(bursts)])
        sample = _stratified_draws(starts, sizes, 1, rng)[0]
        resampled = matrix[sample]
        again = find_bursts(resampled, years[sample], unigrams, ignore=places, statements=doc_codes[sample])
        if not again:
            continue
        rest = rows_of_no_burst(again, sample.size)
        vectors = np.vstack([burst_topic_words(resampled, burst.rows, rest) for burst in again])
        found_again[refit] = _cosine(added, vectors).max(axis=1)
    stability = np.concatenate([base.stability, found_again.mean(axis=0)])

    coherence = np.concatenate([base.coherence, _coherence(added, matrix)])

    order = np.lexsort((np.arange(k), -weights.sum(axis=0)))
    position = np.empty(k, dtype=np.int64)
    position[order] = np.arange(k)
    fit = _Fit(
        k=k,
        weights=weights[:, order],
        topic_words=topic_words[order],
        stability=stability[order],
        coherence=coherence[order],
        separation=base.separation,
    )
    return fit, position


def _short_lived_table(
    bursts: Sequence[Burst],
    positions: NDArray[np.int64],
    topic_ids: Sequence[str],
    vocabulary: Sequence[str],
    *,
    phrases: NDArray[np.bool_],
    last_year: int,
) -> pl.DataFrame:
    """One row per topic added from a burst (see :data:`SHORT_LIVED_SCHEMA`); ``last_year`` is the corpus's; the
    burst's words are listed when they are ``phrases``."""
    rows = [
        (
            topic_ids[int(positions[index])],
            burst.first_year,
            burst.last_year,
            int(burst.rows.size),
            LABEL_SEPARATOR.join(vocabulary[int(term)] for term in burst.terms[phrases[burst.terms]][:5]),
            burst.last_year >= last_year,
        )
        for index, burst in enumerate(bursts)
    ]
    return pl.DataFrame(rows, schema=SHORT_LIVED_SCHEMA, orient="row").sort("topic_id")


def _merges_table(
    check: _ShortCheck | None, topic_ids: Sequence[str], vocabulary: Sequence[str], phrases: NDArray[np.bool_]
) -> pl.DataFrame:
    """One row per topic: whether it looks like a merge with a topic of a few years (see :func:`fit_topics`); no
    rows when there was no check (no years, or LDA). Its words are listed when they are ``phrases``."""
    if check is None:
        return pl.DataFrame(schema=MERGES_SCHEMA)
    rows = []
    for index, topic_id in enumerate(topic_ids):
        flagged = check is not None and check.found and check.merged == index
        rows.append(
            (
                topic_id,
                flagged,
                check.share if flagged and check is not None else None,
                f"{check.years[0]}–{check.years[1]}" if flagged and check is not None else None,
                LABEL_SEPARATOR.join(vocabulary[i] for i in check.terms if phrases[i])
                if flagged and check is not None
                else None,
            )
        )
    return pl.DataFrame(rows, schema=MERGES_SCHEMA, orient="row")


def _published_words(topic_words: NDArray[np.float64], phrases: NDArray[np.bool_]) -> NDArray[np.float64]:
    """Each topic's word distribution over the ``phrases`` terms only, renormalised (a topic with weight on no
    phrase keeps its fitted row)."""
    kept = topic_words * phrases
    totals = kept.sum(axis=1, keepdims=True)
    published = np.divide(kept, totals, out=np.zeros_like(kept), where=totals > 0)
    return np.where(totals > 0, published, topic_words)


def _model_tables(
    fit: _Fit,
    vocabulary: Sequence[str],
    rows: pl.DataFrame,
    has_terms: NDArray[np.bool_],
    phrases: NDArray[np.bool_],
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """terms, labels, paragraph_topics and stability tables of a fit; the terms and labels are its words and
    ``phrases`` (:func:`_published_words`)."""
    topic_ids = [_topic_id(number) for number in range(1, fit.k + 1)]
    topic_words = _published_words(fit.topic_words, phrases)
    totals = topic_words.sum(axis=0)
    exclusivity = np.divide(topic_words, totals, out=np.zeros_like(topic_words), where=totals > 0)
    topic_rows, term_rows = np.nonzero(topic_words > 0)
    terms = pl.DataFrame(
        {
            "topic_id": pl.Series(np.array(topic_ids)[topic_rows], dtype=pl.String),
            "term": pl.Series(np.array(vocabulary, dtype=object)[term_rows], dtype=pl.String),
            "weight": topic_words[topic_rows, term_rows],
            "exclusivity": exclusivity[topic_rows, term_rows],
        }
    )
    terms = (
        terms.sort(["topic_id", "weight", "term"], descending=[False, True, False])
        .with_columns(rank=(pl.int_range(pl.len()).over("topic_id") + 1).cast(pl.Int32))
        .select(list(TERMS_SCHEMA))
    )
    labels: list[str] = []
    for topic in range(fit.k):
        ranked = np.lexsort((np.arange(len(vocabulary)), -topic_words[topic]))
        top = [int(i) for i in ranked[:N_LABEL_CANDIDATES] if topic_words[topic, i] > 0]
        labels.append(_label([vocabulary[i] for i in top], topic_words[topic, top], exclusivity[topic, top]))
    label_frame = pl.DataFrame({"topic_id": topic_ids, "label": labels}, schema=LABELS_SCHEMA)

    kept = rows.filter(pl.Series(has_terms))
    n_kept = kept.height
    paragraph_topics = pl.DataFrame(
        {
            "para_id": kept.get_column("para_id").gather(np.repeat(np.arange(n_kept), fit.k)),
            "doc_id": kept.get_column("doc_id").gather(np.repeat(np.arange(n_kept), fit.k)),
            "topic_id": pl.Series(topic_ids * n_kept, dtype=pl.String),
            "weight": fit.weights[has_terms].ravel(),
        },
        schema=PARAGRAPH_TOPICS_SCHEMA,
    ).sort("para_id", "topic_id")
    stability = pl.DataFrame({"topic_id": topic_ids, "stability": fit.stability}, schema=STABILITY_SCHEMA)
    return terms, label_frame, paragraph_topics, stability


def _row_years(rows: pl.DataFrame, documents: pl.DataFrame | None) -> NDArray[np.int64] | None:
    """The year of each paragraph row (None without ``documents``; -1 for a statement without a year)."""
    if documents is None:
        return None
    _require_columns(documents, ("doc_id", "year"), table="documents")
    known = documents.select(pl.col("doc_id").cast(pl.String), pl.col("year").cast(pl.Int64)).unique("doc_id")
    joined = rows.select("doc_id").join(known, on="doc_id", how="left", maintain_order="left")
    return joined.get_column("year").fill_null(-1).to_numpy().astype(np.int64)


def _selection_rows(doc_codes: NDArray[np.int64], *, seed: int) -> NDArray[np.int64]:
    """All rows, or (above :data:`SELECTION_SAMPLE`) the rows of whole statements drawn in a seeded order until
    they hold about that many paragraphs; in row order, so that statements stay contiguous."""
    if doc_codes.size <= SELECTION_SAMPLE:
        return np.arange(doc_codes.size)
    counts = np.bincount(doc_codes)
    order = np.random.default_rng([seed, 6000]).permutation(np.flatnonzero(counts))
    taken = order[: int(np.searchsorted(np.cumsum(counts[order]), SELECTION_SAMPLE)) + 1]
    return np.flatnonzero(np.isin(doc_codes, taken))


def fit_topics(
    paragraphs: pl.DataFrame,
    *,
    n_topics: int | Literal["auto"] = "auto",
    k_range: tuple[int, int] = (4, 12),
    method: TopicMethod = "nmf",
    seed: int = 0,
    n_seeds: int = 5,
    min_df: int = 2,
    max_df: float = 0.5,
    documents: pl.DataFrame | None = None,
) -> TopicModel:
    """Fit a topic model on the paragraphs, choosing the number of topics from coherence and stability.

    Pipeline:

    1. **Terms**: paragraph texts are lower-cased; the multi-word phrases of ``resources/stopwords.txt`` are
       removed; tokens (:data:`TOKEN_PATTERN`) that are English (scikit-learn) or ASEAN stop words are dropped;
       unigrams and bigrams are kept when they occur in at least ``min_df`` paragraphs (2 by default: a small
       corpus has many one-off words that no topic can be built on) and in at most ``max_df`` of them. The
       bigrams are formed after the stop words are removed, so they are pairs of words of one clause
       (``"roads irrigation"`` from "rural roads and irrigation"): they tell the model which words are used
       together. A topic's published words (:attr:`TopicModel.terms`, its label, the words of a topic of a few
       years or of a merge) are its unigrams and the bigrams that are phrases of the text, two words next to each
       other somewhere in the paragraphs (:func:`~ascc_analysis.analysis.topics.terms.phrase_terms`), renormalised.
    2. **Model**: ``"nmf"`` factorises the sublinear TF-IDF matrix X ≈ W H (Frobenius loss, NNDSVDa start, so the
       main fit is deterministic); ``"lda"`` fits latent Dirichlet allocation (batch variational Bayes) on the
       counts. A paragraph's topic weights θ_p = W_p / Σ W_p; a topic's word distribution φ_t = H_t / Σ H_t.
       Topics are numbered by decreasing total weight Σ_p θ_p(t).
    3. **Stability**: ``n_seeds`` re-fits, each on a bootstrap resample of paragraphs within statements and from a
       randomised start (NNDSVDar for NMF, a new seed for LDA; seeds derived from ``seed``); a topic's stability
       is the mean over re-fits of the cosine between φ_t and its one-to-one (Hungarian) match among the re-fit's
       topics.
    4. **Coherence**: for each topic, the mean NPMI (:func:`npmi_coherence`) of the pairs of its ten heaviest
       fitted terms (pairs of words of a clause included), with probabilities from paragraph co-occurrence in
       this corpus; the model's coherence is the mean over topics.
    5. **Separation**: the mean silhouette of the paragraphs grouped by their dominant topic (argmax θ_p), with
       cosine distance between their TF-IDF rows (on a seeded sample of 3,000 paragraphs in larger corpora).
    6. **Choice of k** (``n_topics="auto"``): every k in ``k_range`` (inclusive) is fitted and scored::

           score(k) = (npmi_coherence(k) + 1) / 2 + stability(k) + (separation(k) + 1) / 2

       three terms on their natural [0, 1] scales, weighted equally; the k of highest score is chosen, the
       smaller k on a tie. Too many topics split one subject in varying ways (stability and coherence fall);
       too few merge subjects, which coherence of the ten heaviest terms and stability often miss (the heaviest
       terms of a merged topic come from one subject, and a merge can be as reproducible as the right fit), so
       separation is the third term: a merged topic gathers paragraphs that are far apart. Above
       :data:`SELECTION_SAMPLE` (6,000) paragraphs, the candidates are scored on a seeded sample of whole
       statements holding about that many paragraphs (vocabulary and IDF from all of them), and the chosen k is
       fitted once on all paragraphs: the choice costs what it costs on 6,000 paragraphs whatever the corpus size.
    7. **Topics of a few years** (NMF, with ``documents``). A subject the statements take up for one to three
       years (a pandemic, a one-off chairmanship priority) is too small for the score above to pay for a topic of
       its own: it is folded into a lasting topic. Two steps keep it apart:

       * *Bursts, before the fit* (:func:`~ascc_analysis.analysis.topics.bursts.find_bursts`): words used far
         more in one to three consecutive years than in the others (one-sided binomial p ≤ 0.001 and four times
         the rate outside; the names of chairs and venues are left out, see
         :func:`~ascc_analysis.analysis.topics.terms.place_terms`) are grouped when used together in those years;
         a group too small to dominate five paragraphs takes in the rarer words used mostly in its paragraphs,
         and words of a subject of four to eight paragraphs, each too rare to burst alone (p ≤ 0.03), are tested
         as one group when used together (its paragraphs in its window at p ≤ 10⁻⁴, from two statements or more).
         The paragraphs a group dominates (its words carry a quarter of their TF-IDF norm; at least 5
         paragraphs, 70% of them within three years, and 60% of the paragraphs like them in its years too) are
         set apart, at most three groups. The lasting topics are chosen and fitted (steps 2–6) on the other
         paragraphs, with k less the number of groups (k and ``k_range`` count every topic), and one topic is
         added per group: its word distribution is the mean TF-IDF row of its paragraphs less the mean row of
         the others, clipped at zero. Every paragraph's weights are then solved against all topics
         (non-negative least squares, word distributions fixed). Such a topic's stability is how often, and how
         closely (cosine), a burst is found again in resamples of paragraphs within statements. They are listed
         in :attr:`TopicModel.short_lived`.
       * *Merge check, after the fit*: k + 1 (then k + 2) topics are fitted from *anchor words* (successive
         projection on the word co-occurrence rows), matched one to one with the fit's topics, and a topic left
         over is a hidden topic of a few years when it makes up at least half of 5 or more paragraphs, 70% of
         which fall within 3 consecutive years, and its cosine with every topic of the fit is below 0.5. With
         ``n_topics="auto"`` topics are then added (at most three times, within ``k_range``) and the model is the
         anchor-started fit; with a given k, or when ``k_range`` is exhausted, the topic it was folded into is
         flagged in :attr:`TopicModel.merges`.

       On the planted design family (:mod:`ascc_analysis.testing.family`, ``benchmarks/bench_family.py``) the
       bursts bring the short-lived topic out in most designs; a topic of one year with fewer than five
       paragraphs is still lost (its words cannot be told from chance).

    Args:
        paragraphs: The ``paragraphs`` table (at least ``doc_id, para_id, level, text``); rows with ``level ==
            "paragraph"`` are the documents of the model.
        n_topics: The number of topics, or ``"auto"`` to choose it in ``k_range``.
        k_range: Smallest and largest k tried when ``n_topics="auto"``.
        method: ``"nmf"`` (TF-IDF + NMF) or ``"lda"`` (counts + LDA).
        seed: Seed of every random step.
        n_seeds: Number of re-fits for the stability (>= 1).
        min_df: Minimum number of paragraphs a term must occur in (>= 1).
        max_df: Maximum share of paragraphs a term may occur in, in (0, 1].
        documents: The ``documents`` table (at least ``doc_id, year``) for the check of topics of a few years (step
            7); None skips it (``merges`` is then empty).

    Returns:
        The fitted :class:`TopicModel`.

    Raises:
        ParameterError: An option has a value that is not accepted.
        SchemaError: ``paragraphs`` or ``documents`` lacks a needed column.
        TopicError: Too few paragraphs or terms for the number of topics asked for, or no term is left after
            pruning.
    """
    _check_method(method)
    if n_topics == "auto":
        low, high = k_range
        if not (isinstance(low, int) and isinstance(high, int) and 1 <= low <= high):
            raise ParameterError(f"k_range={k_range!r} is not accepted; use (low, high) with 1 <= low <= high")
        candidates = list(range(low, high + 1))
    elif isinstance(n_topics, int) and not isinstance(n_topics, bool) and n_topics >= 1:
        candidates = [n_topics]
    else:
        raise ParameterError(f"n_topics={n_topics!r} is not accepted; use an integer >= 1 or 'auto'")
    if isinstance(n_seeds, bool) or not isinstance(n_seeds, int) or n_seeds < 1:
        raise ParameterError(f"n_seeds={n_seeds!r} is not accepted; use an integer >= 1")
    if isinstance(min_df, bool) or not isinstance(min_df, int) or min_df < 1:
        raise ParameterError(f"min_df={min_df!r} is not accepted; use an integer >= 1 (a number of paragraphs)")
    if not 0.0 < max_df <= 1.0:
        raise ParameterError(f"max_df={max_df!r} is not accepted; use a share of paragraphs in (0, 1]")

    rows = _paragraph_rows(paragraphs)
    if rows.is_empty():
        raise TopicError("paragraphs: no rows with level 'paragraph'; a topic model needs paragraphs")
    vectorizer = topic_vectorizer(method, min_df=min_df, max_df=max_df)
    try:
        matrix = sparse.csr_matrix(vectorizer.fit_transform(rows.get_column("text").to_list()), dtype=np.float64)
    except ValueError as error:
        raise TopicError(
            f"paragraphs: no term is left for {rows.height} paragraph(s) with min_df={min_df}, max_df={max_df} "
            f"({error}); give more paragraphs or lower min_df"
        ) from error
    vocabulary = tuple(str(term) for term in vectorizer.get_feature_names_out())
    has_terms = np.asarray(matrix.getnnz(axis=1) > 0)
    n_rows, n_terms = matrix.shape
    feasible = [k for k in candidates if k <= min(n_rows, n_terms)]
    if not feasible:
        raise TopicError(
            f"paragraphs: {n_rows} paragraph(s) and {n_terms} term(s) cannot make {candidates[0]} topic(s); "
            f"k must be at most {min(n_rows, n_terms)}"
        )
    if len(feasible) < len(candidates):
        log.warning("k above %d is not tried: only %d paragraphs and %d terms", min(n_rows, n_terms), n_rows, n_terms)
    doc_codes = rows.get_column("doc_id").rank("dense").to_numpy().astype(np.int64)
    years = _row_years(rows, documents)
    unigrams = np.asarray([" " not in term for term in vocabulary])
    phrases = phrase_terms(vocabulary, rows.get_column("text").to_list())
    places = place_terms(vocabulary)
    bursts = (
        find_bursts(matrix, years, unigrams, ignore=places, statements=doc_codes)
        if method == "nmf" and years is not None
        else []
    )
    if bursts and feasible[-1] - len(bursts) < 1:
        log.warning("%d topic(s) of a few years found, but k=%d leaves no room for them", len(bursts), feasible[-1])
        bursts = []
    for burst in bursts:
        log.info(
            "a topic of %d–%d (%d paragraphs: %s) is fitted apart",
            burst.first_year,
            burst.last_year,
            burst.rows.size,
            ", ".join(vocabulary[int(term)] for term in burst.terms[:5]),
        )
    n_bursts = len(bursts)
    keep = rows_of_no_burst(bursts, n_rows)
    feasible = [k - n_bursts for k in feasible if k - n_bursts >= 1]
    sample = keep[_selection_rows(doc_codes[keep], seed=seed)] if len(feasible) > 1 else keep
    if sample.size < keep.size:
        log.info("k is chosen on %d of %d paragraphs (whole statements, seed %d)", sample.size, n_rows, seed)

    def fit_on(select: NDArray[np.int64], k: int, *, anchors: bool) -> _Fit:
        sub = matrix[select]
        starts, sizes = _strata(doc_codes[select])
        # One BLAS thread: the matrices are small, and results do not depend on the machine's thread count.
        with threadpool_limits(limits=1):
            return _fit_k(
                sub,
                sparse.csc_matrix((sub > 0).astype(np.float64)),
                k,
                method=method,
                seed=seed,
                n_seeds=n_seeds,
                starts=starts,
                sizes=sizes,
                has_terms=has_terms[select],
                anchors=anchors,
                unigrams=unigrams,
            )

    fits: list[_Fit] = []
    scores: list[float] = []
    for k in feasible:
        fit = fit_on(sample, k, anchors=False)
        fits.append(fit)
        scores.append(_selection_score(float(fit.coherence.mean()), float(fit.stability.mean()), fit.separation))
        log.info(
            "k=%d: npmi=%.3f stability=%.3f separation=%.3f score=%.3f",
            k,
            fit.coherence.mean(),
            fit.stability.mean(),
            fit.separation,
            scores[-1],
        )
    best = int(np.argmax(scores))  # the first maximum: the smaller k on a tie
    chosen, anchors = fits[best], False
    check = None
    if method == "nmf" and years is not None:
        with threadpool_limits(limits=1):
            check = _short_lived_check(
                matrix[sample], chosen, years[sample], has_terms=has_terms[sample], seed=seed, unigrams=unigrams
            )
            added = 0
            while n_topics == "auto" and check.found and chosen.k < feasible[-1] and added < _MAX_ADDED:
                log.info("k=%d hides a topic of %d–%d: topics added", chosen.k, *check.years)
                k_next = min(chosen.k + check.extra, feasible[-1])
                chosen, anchors, added = fit_on(sample, k_next, anchors=True), True, added + 1
                check = _short_lived_check(
                    matrix[sample], chosen, years[sample], has_terms=has_terms[sample], seed=seed, unigrams=unigrams
                )
    if sample.size < keep.size or anchors:
        chosen = fit_on(keep, chosen.k, anchors=anchors)
        if check is not None and sample.size < keep.size:
            with threadpool_limits(limits=1):
                check = _short_lived_check(
                    matrix[keep],
                    chosen,
                    years[keep],  # type: ignore[index]
                    has_terms=has_terms[keep],
                    seed=seed,
                    unigrams=unigrams,
                )
    base_k = chosen.k
    positions = np.arange(base_k + n_bursts)
    if bursts:
        with threadpool_limits(limits=1):
            chosen, positions = _with_bursts(
                matrix,
                chosen,
                bursts,
                years=years,  # type: ignore[arg-type]
                doc_codes=doc_codes,
                has_terms=has_terms,
                unigrams=unigrams,
                places=places,
                seed=seed,
                n_seeds=n_seeds,
            )
        if check is not None and check.found:
            check = dataclasses.replace(check, merged=int(positions[check.merged]))
    selection = pl.DataFrame(
        {
            "k": [fit.k + n_bursts for fit in fits],
            "npmi_coherence": [float(fit.coherence.mean()) for fit in fits],
            "stability": [float(fit.stability.mean()) for fit in fits],
            "separation": [fit.separation for fit in fits],
            "score": scores,
            "chosen": [fit.k == base_k for fit in fits],
        },
        schema=SELECTION_SCHEMA,
    )
    terms, labels, paragraph_topics, stability = _model_tables(chosen, vocabulary, rows, has_terms, phrases)
    n_empty = int((~has_terms).sum())
    if n_empty:
        log.info("%d paragraph(s) hold no vocabulary term and have no topic weights", n_empty)
    return TopicModel(
        terms=terms,
        labels=labels,
        paragraph_topics=paragraph_topics,
        stability=stability,
        selection=selection,
        k=chosen.k,
        seed=seed,
        method=method,
        vocabulary=vocabulary,
        merges=_merges_table(check, labels.get_column("topic_id").to_list(), vocabulary, phrases),
        short_lived=_short_lived_table(
            bursts,
            positions[base_k:],
            labels.get_column("topic_id").to_list(),
            vocabulary,
            phrases=phrases,
            last_year=int(years.max()) if years is not None else 0,
        ),
    )


def topic_checks(model: TopicModel) -> pl.DataFrame:
    """One row per topic: its label, its stability across re-fits, whether it looks like a merge, and its years
    when it is a topic of a few years fitted apart.

    Returns:
        ``topic_id, label, stability, is_merge, split_share, split_years, split_terms, short_years``, sorted by
        topic_id; ``is_merge`` is False (and the split columns null) for every topic when the fit had no merge
        check (no ``documents``, or LDA); ``short_years`` (``"2020–2021"``) is null but for the topics of
        :attr:`TopicModel.short_lived`, and open (``"2023–"``) for one whose burst runs to the corpus's last
        year. See :attr:`TopicModel.merges` and :func:`fit_topics` (step 7).
    """
    merges = model.merges if model.merges.height else pl.DataFrame(schema=MERGES_SCHEMA)
    short = model.short_lived.select(
        "topic_id",
        short_years=pl.when(pl.col("reaches_end"))
        .then(pl.format("{}–", "first_year"))
        .when(pl.col("first_year") == pl.col("last_year"))
        .then(pl.col("first_year").cast(pl.String))
        .otherwise(pl.format("{}–{}", "first_year", "last_year")),
    )
    return (
        model.labels.join(model.stability, on="topic_id", how="left")
        .join(merges, on="topic_id", how="left")
        .join(short, on="topic_id", how="left")
        .with_columns(pl.col("is_merge").fill_null(False))
        .sort("topic_id")
    )
