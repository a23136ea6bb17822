"""Topic trends stage: matching topics by their word vectors, and topic ids kept stable across runs.

Reads tidy topic–word tables (``topic_id, term, weight``, as :attr:`TopicModel.terms
<ascc_analysis.analysis.topics.model.TopicModel.terms>`) and returns the one-to-one (Hungarian) match of two sets of
topics by cosine (:func:`match_topics`), or a :class:`~ascc_analysis.analysis.topics.model.TopicModel` whose topics
take the ids of an earlier run (:func:`align_topics`). The cosine matching also gives the stability of a fit.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import polars as pl
from numpy.typing import NDArray
from scipy.optimize import linear_sum_assignment

from ascc_analysis.analysis.topics.common import _require_columns
from ascc_analysis.analysis.topics.model import TOPIC_ID_RE, TopicModel, _topic_id
from ascc_analysis.errors import ParameterError, SchemaError

log = logging.getLogger(__name__)


MATCH_SCHEMA = pl.Schema({"topic_id": pl.String(), "reference_id": pl.String(), "cosine": pl.Float64()})


def _cosine(left: NDArray[np.float64], right: NDArray[np.float64]) -> NDArray[np.float64]:
    """Cosine similarity of every row of ``left`` with every row of ``right`` (0 for an all-zero row)."""
    left_norm = np.linalg.norm(left, axis=1, keepdims=True)
    right_norm = np.linalg.norm(right, axis=1, keepdims=True)
    left_unit = np.divide(left, left_norm, out=np.zeros_like(left), where=left_norm > 0)
    right_unit = np.divide(right, right_norm, out=np.zeros_like(right), where=right_norm > 0)
    return np.asarray(left_unit @ right_unit.T)


def _matched_cosines(topics: NDArray[np.float64], other: NDArray[np.float64]) -> NDArray[np.float64]:
    """For each row of ``topics``, the cosine of its one-to-one (Hungarian) match in ``other`` (0 if unmatched)."""
    similarity = _cosine(topics, other)
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    matched = np.zeros(topics.shape[0])
    matched[rows] = similarity[rows, cols]
    return matched


def _topic_word_matrix(terms: pl.DataFrame, *, table: str) -> tuple[list[str], list[str], NDArray[np.float64]]:
    """Topic ids (sorted), terms (sorted) and the ``(n_topics, n_terms)`` weight matrix of a tidy term table."""
    _require_columns(terms, ("topic_id", "term", "weight"), table=table)
    tidy = terms.select(pl.col("topic_id").cast(pl.String), pl.col("term").cast(pl.String), pl.col("weight"))
    if tidy.null_count().sum_horizontal().item():
        raise SchemaError(f"{table}: topic_id, term and weight may hold no nulls")
    n_dupes = tidy.height - tidy.select("topic_id", "term").unique().height
    if n_dupes:
        raise SchemaError(f"{table}: (topic_id, term) is not unique ({n_dupes} duplicate row(s))")
    if tidy.height and tidy.get_column("weight").min() < 0:  # type: ignore[operator]
        raise SchemaError(f"{table}: weights must be non-negative")
    topic_ids = tidy.get_column("topic_id").unique().sort().to_list()
    vocabulary = tidy.get_column("term").unique().sort().to_list()
    topic_code = {topic_id: code for code, topic_id in enumerate(topic_ids)}
    term_code = {term: code for code, term in enumerate(vocabulary)}
    matrix = np.zeros((len(topic_ids), len(vocabulary)))
    matrix[
        [topic_code[t] for t in tidy.get_column("topic_id").to_list()],
        [term_code[w] for w in tidy.get_column("term").to_list()],
    ] = tidy.get_column("weight").cast(pl.Float64).to_numpy()
    return topic_ids, vocabulary, matrix


def match_topics(model_terms: pl.DataFrame, reference_terms: pl.DataFrame) -> pl.DataFrame:
    """Match topics to reference topics one to one by the cosine of their word vectors (Hungarian algorithm).

    Each table is tidy (``topic_id, term, weight``, as :attr:`TopicModel.terms`); a topic's word vector holds its
    weights over the union of the two tables' terms (0 where a term is absent). The assignment maximises the
    sum of cosines ``cos(a, b) = a·b / (|a| |b|)`` over matched pairs
    (:func:`scipy.optimize.linear_sum_assignment`).

    Args:
        model_terms: Topic–word table of the topics to match.
        reference_terms: Topic–word table of the reference topics (for recovery tests, the planted vocabularies
            with weight 1 per term).

    Returns:
        ``topic_id, reference_id, cosine`` (:data:`MATCH_SCHEMA`): one row per matched pair, then one row per
        unmatched topic (``reference_id`` and ``cosine`` null) and per unmatched reference topic (``topic_id``
        and ``cosine`` null), sorted by reference_id then topic_id, nulls last.

    Raises:
        SchemaError: A table lacks ``topic_id, term, weight``, holds nulls or negative weights, or repeats a
            (topic_id, term) pair.
    """
    model_ids, model_vocabulary, model_matrix = _topic_word_matrix(model_terms, table="model_terms")
    reference_ids, reference_vocabulary, reference_matrix = _topic_word_matrix(reference_terms, table="reference_terms")
    vocabulary = sorted(set(model_vocabulary) | set(reference_vocabulary))
    term_code = {term: code for code, term in enumerate(vocabulary)}
    left = np.zeros((len(model_ids), len(vocabulary)))
    left[:, [term_code[w] for w in model_vocabulary]] = model_matrix
    right = np.zeros((len(reference_ids), len(vocabulary)))
    right[:, [term_code[w] for w in reference_vocabulary]] = reference_matrix
    similarity = _cosine(left, right)
    rows, cols = linear_sum_assignment(similarity, maximize=True) if similarity.size else ([], [])
    pairs: list[tuple[str | None, str | None, float | None]] = [
        (model_ids[r], reference_ids[c], float(similarity[r, c])) for r, c in zip(rows, cols, strict=True)
    ]
    pairs += [(model_ids[r], None, None) for r in sorted(set(range(len(model_ids))) - set(rows))]
    pairs += [(None, reference_ids[c], None) for c in sorted(set(range(len(reference_ids))) - set(cols))]
    frame = pl.DataFrame(pairs, schema=MATCH_SCHEMA, orient="row")
    return frame.sort("reference_id", "topic_id", nulls_last=True)


def align_topics(model: TopicModel, reference: pl.DataFrame, *, min_cosine: float = 0.5) -> TopicModel:
    """Rename a model's topics to the ids of the matching topics of an earlier run.

    Topics are matched to the reference topics by :func:`match_topics` (Hungarian assignment on the cosine of
    word vectors). A topic whose match has cosine >= ``min_cosine`` takes its reference topic's id; any other
    topic is new and gets a fresh id numbered after the highest ``T<n>`` id of the reference (an old id is never
    reused, even for a reference topic that found no match), in the order of the model's current ids.

    Args:
        model: The new model.
        reference: The earlier run's topic–word table (``topic_id, term, weight``, as :attr:`TopicModel.terms`,
            possibly cut to its top terms).
        min_cosine: Lowest cosine at which a topic keeps a reference id, in [0, 1].

    Returns:
        The model with its topic ids renamed in every table, each sorted again by its key.

    Raises:
        ParameterError: ``min_cosine`` is outside [0, 1].
        SchemaError: ``reference`` lacks ``topic_id, term, weight`` or is malformed (see :func:`match_topics`).
    """
    if not 0.0 <= min_cosine <= 1.0:
        raise ParameterError(f"min_cosine={min_cosine!r} is not accepted; use a cosine in [0, 1]")
    matches = match_topics(model.terms, reference).filter(pl.col("topic_id").is_not_null())
    reference_ids = set(reference.get_column("topic_id").cast(pl.String).to_list())
    numbers = [int(found.group(1)) for found in map(TOPIC_ID_RE.match, reference_ids) if found]
    next_number = max(numbers, default=0) + 1
    old_to_new: dict[str, str] = {}
    for topic_id, reference_id, cosine in matches.sort("topic_id").iter_rows():
        if reference_id is not None and cosine is not None and cosine >= min_cosine:
            old_to_new[topic_id] = reference_id
            continue
        while _topic_id(next_number) in reference_ids:
            next_number += 1
        old_to_new[topic_id] = _topic_id(next_number)
        next_number += 1
    for topic_id, new_id in sorted(old_to_new.items()):
        if topic_id != new_id:
            log.info("topic %s is now %s", topic_id, new_id)

    def rename(frame: pl.DataFrame, key: Sequence[str]) -> pl.DataFrame:
        return frame.with_columns(pl.col("topic_id").replace_strict(old_to_new, return_dtype=pl.String)).sort(list(key))

    return replace(
        model,
        terms=rename(model.terms, ("topic_id", "rank")),
        labels=rename(model.labels, ("topic_id",)),
        paragraph_topics=rename(model.paragraph_topics, ("para_id", "topic_id")),
        stability=rename(model.stability, ("topic_id",)),
    )
