"""Topic trends stage: ``paragraphs``, ``paragraph_themes`` and ``documents`` → theme shares, topic models, prevalence.

Two views of what the statements talk about, both on paragraphs (rows of ``paragraphs`` with ``level ==
"paragraph"``; a paragraph's text includes its sub-items, and preamble blocks are left out):

* **Dictionary themes** (:func:`theme_shares`): the share of paragraphs tagged with each theme of the taxonomy
  (``paragraph_themes``, from :mod:`ascc_analysis.extract.themes`), per year or per statement, with a bootstrap
  interval.
* **Unsupervised topics** (:func:`fit_topics`): TF-IDF on word unigrams and bigrams, then non-negative matrix
  factorisation (NMF), or latent Dirichlet allocation (LDA) on counts as the option. The number of topics is
  chosen from a table of coherence (NPMI) and stability; topic ids (``"T01"``, ...) are kept stable across runs
  by :func:`align_topics`; :func:`topic_prevalence` gives topic shares over time with intervals and
  :func:`topic_evidence` the paragraphs behind each topic.

The corpus is small (one or two statements a year), so every figure carries its uncertainty: intervals come from
a bootstrap that resamples paragraphs *within statements* (each statement keeps its number of paragraphs; a year's
share pools its statements' resampled paragraphs), drawn with a fixed seed. Outputs are sorted by their key columns,
so a seed gives byte-identical results. Stop words of the drafting style (``"Meeting"``, ``"noted"``, ``"looked
forward"``, ...) live in the package resource ``resources/stopwords.txt``.

Modules (everything public is re-exported here, so ``topics.fit_topics`` and the like keep working):

* :mod:`~ascc_analysis.analysis.topics.common` — option checks, the paragraph rows and their year or statement;
* :mod:`~ascc_analysis.analysis.topics.bootstrap` — the stratified bootstrap behind every interval;
* :mod:`~ascc_analysis.analysis.topics.themes` — :func:`theme_shares`;
* :mod:`~ascc_analysis.analysis.topics.terms` — stop words, :func:`analyse_text` and the vectoriser;
* :mod:`~ascc_analysis.analysis.topics.model` — :class:`TopicModel`, its table schemas, :class:`TopicError`;
* :mod:`~ascc_analysis.analysis.topics.coherence` — :func:`npmi_coherence`;
* :mod:`~ascc_analysis.analysis.topics.matching` — :func:`match_topics` and :func:`align_topics` (stable ids);
* :mod:`~ascc_analysis.analysis.topics.bursts` — topics of a few years found from their words' burst;
* :mod:`~ascc_analysis.analysis.topics.fit` — :func:`fit_topics`: fit, choice of k, labels, the check for topics of
  a few years; :func:`topic_checks` (stability and merge flag per topic);
* :mod:`~ascc_analysis.analysis.topics.prevalence` — :func:`topic_prevalence` and :func:`topic_evidence`.
"""

from __future__ import annotations

from ascc_analysis.analysis.topics.coherence import npmi_coherence
from ascc_analysis.analysis.topics.common import By, TopicMethod
from ascc_analysis.analysis.topics.fit import (
    LABEL_SEPARATOR,
    N_COHERENCE_TERMS,
    N_LABEL_CANDIDATES,
    N_LABEL_TERMS,
    fit_topics,
    topic_checks,
)
from ascc_analysis.analysis.topics.matching import MATCH_SCHEMA, align_topics, match_topics
from ascc_analysis.analysis.topics.model import (
    LABELS_SCHEMA,
    MERGES_SCHEMA,
    PARAGRAPH_TOPICS_SCHEMA,
    SELECTION_SCHEMA,
    SHORT_LIVED_SCHEMA,
    STABILITY_SCHEMA,
    TERMS_SCHEMA,
    TOPIC_ID_RE,
    TopicError,
    TopicModel,
)
from ascc_analysis.analysis.topics.prevalence import EVIDENCE_SCHEMA, topic_evidence, topic_prevalence
from ascc_analysis.analysis.topics.terms import STOPWORDS_RESOURCE, TOKEN_PATTERN, analyse_text, load_stopwords
from ascc_analysis.analysis.topics.themes import theme_shares

__all__ = [
    "EVIDENCE_SCHEMA",
    "LABELS_SCHEMA",
    "LABEL_SEPARATOR",
    "MATCH_SCHEMA",
    "MERGES_SCHEMA",
    "N_COHERENCE_TERMS",
    "N_LABEL_CANDIDATES",
    "N_LABEL_TERMS",
    "PARAGRAPH_TOPICS_SCHEMA",
    "SELECTION_SCHEMA",
    "SHORT_LIVED_SCHEMA",
    "STABILITY_SCHEMA",
    "STOPWORDS_RESOURCE",
    "TERMS_SCHEMA",
    "TOKEN_PATTERN",
    "TOPIC_ID_RE",
    "By",
    "TopicError",
    "TopicMethod",
    "TopicModel",
    "align_topics",
    "analyse_text",
    "fit_topics",
    "load_stopwords",
    "match_topics",
    "npmi_coherence",
    "theme_shares",
    "topic_checks",
    "topic_evidence",
    "topic_prevalence",
]
