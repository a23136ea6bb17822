"""Topic trends stage: a fitted topic model as tidy tables (:class:`TopicModel`), their schemas and topic ids.

Holds no computation: :func:`~ascc_analysis.analysis.topics.fit.fit_topics` returns a :class:`TopicModel`,
:func:`~ascc_analysis.analysis.topics.matching.align_topics` renames its ids, and the prevalence and evidence
functions read it. :class:`TopicError` is raised when a model cannot be fitted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from ascc_analysis.analysis.topics.common import TopicMethod
from ascc_analysis.errors import AsccError

TOPIC_ID_RE = re.compile(r"^T(\d+)$")
TERMS_SCHEMA = pl.Schema(
    {
        "topic_id": pl.String(),
        "term": pl.String(),
        "weight": pl.Float64(),  # the topic's word distribution: non-negative, summing to 1 over its terms
        "rank": pl.Int32(),  # 1 for the heaviest term of the topic
        "exclusivity": pl.Float64(),  # weight / (sum of the term's weights over all topics)
    }
)
LABELS_SCHEMA = pl.Schema({"topic_id": pl.String(), "label": pl.String()})
PARAGRAPH_TOPICS_SCHEMA = pl.Schema(
    {"para_id": pl.String(), "doc_id": pl.String(), "topic_id": pl.String(), "weight": pl.Float64()}
)
STABILITY_SCHEMA = pl.Schema({"topic_id": pl.String(), "stability": pl.Float64()})
SELECTION_SCHEMA = pl.Schema(
    {
        "k": pl.Int32(),
        "npmi_coherence": pl.Float64(),
        "stability": pl.Float64(),
        "separation": pl.Float64(),
        "score": pl.Float64(),
        "chosen": pl.Boolean(),
    }
)
MERGES_SCHEMA = pl.Schema(
    {
        "topic_id": pl.String(),
        "is_merge": pl.Boolean(),
        "split_share": pl.Float64(),  # share of the topic's paragraphs that the concentrated part takes
        "split_years": pl.String(),  # the years the concentrated part falls in ("2019–2021")
        "split_terms": pl.String(),  # its heaviest terms
    }
)
SHORT_LIVED_SCHEMA = pl.Schema(
    {
        "topic_id": pl.String(),
        "first_year": pl.Int32(),  # first year of its words' burst
        "last_year": pl.Int32(),
        "n_paragraphs": pl.Int32(),  # paragraphs set apart for it before the lasting topics were fitted
        "burst_terms": pl.String(),  # its burst words, the most used first (up to five, " · ")
        "reaches_end": pl.Boolean(),  # its last year is the corpus's: it may be a subject that has just arrived
    }
)


class TopicError(AsccError):
    """A topic model cannot be fitted: too few paragraphs or terms for the number of topics asked for."""


@dataclass(frozen=True)
class TopicModel:
    """A fitted topic model as tidy tables.

    Topic ids are ``"T01"``, ``"T02"``, ... numbered by decreasing prevalence in the fitted corpus, unless
    :func:`align_topics` carried them over from an earlier run.

    Attributes:
        terms: ``topic_id, term, weight, rank, exclusivity`` (:data:`TERMS_SCHEMA`), one row per topic and term of
            positive weight. ``weight`` is the topic's word distribution φ_t over the words and phrases of the
            paragraphs (the topic's row of the NMF factor ``H``, or of LDA's ``components_``, less the bigrams
            whose words never stand next to each other in the paragraphs, divided by its sum: see
            :func:`~ascc_analysis.analysis.topics.terms.phrase_terms`); ``exclusivity`` is φ_t(w) / Σ_s φ_s(w).
        labels: ``topic_id, label``: up to three terms joined by ``" · "``, picked among the ten heaviest terms
            by weight × exclusivity, preferring a phrase to its words and skipping a term that shares a word with
            one already picked (``"migrant workers · skills · recognition"``).
        paragraph_topics: ``para_id, doc_id, topic_id, weight``: one row per paragraph and topic; ``weight`` is
            the paragraph's normalised topic weight θ_p(t) = W[p, t] / Σ_s W[p, s] (sums to 1 per paragraph).
            Paragraphs without any vocabulary term have no rows.
        stability: ``topic_id, stability``: mean cosine between the topic's word vector and its one-to-one
            (Hungarian) match among the topics of each of the ``n_seeds`` re-fits.
        selection: ``k, npmi_coherence, stability, separation, score, chosen``: the table the number of topics
            was chosen from (one row when it was given); see :func:`fit_topics`.
        k: The number of topics.
        seed: The seed of the fit.
        method: ``"nmf"`` or ``"lda"``.
        vocabulary: The terms of the document-term matrix, sorted.
        merges: ``topic_id, is_merge, split_share, split_years, split_terms`` (:data:`MERGES_SCHEMA`): whether
            the topic looks like a merge with a topic of a few years (see :func:`fit_topics`); empty when the fit
            had no years (no ``documents``) or used LDA.
        short_lived: ``topic_id, first_year, last_year, n_paragraphs, burst_terms, reaches_end``
            (:data:`SHORT_LIVED_SCHEMA`): the topics of a few years found from their words' burst and fitted apart
            (see :func:`fit_topics`, step 7); ``reaches_end`` when the burst runs to the corpus's last year, so that
            the subject may be one that has just arrived rather than one that has passed; empty when none was
            found, without ``documents``, or with LDA.
    """

    terms: pl.DataFrame
    labels: pl.DataFrame
    paragraph_topics: pl.DataFrame
    stability: pl.DataFrame
    selection: pl.DataFrame
    k: int
    seed: int
    method: TopicMethod
    vocabulary: tuple[str, ...]
    merges: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=MERGES_SCHEMA))
    short_lived: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(schema=SHORT_LIVED_SCHEMA))

    @property
    def topic_ids(self) -> tuple[str, ...]:
        """The topic ids, sorted."""
        return tuple(self.labels.get_column("topic_id").to_list())


def _topic_id(number: int) -> str:
    return f"T{number:02d}"
