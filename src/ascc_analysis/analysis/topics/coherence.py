"""Topic trends stage: NPMI coherence, how often a topic's top terms share a paragraph.

Takes a topic's top terms and the terms of every paragraph (or a 0/1 paragraph × term matrix) and returns the mean
normalised pointwise mutual information of the pairs of terms. :func:`~ascc_analysis.analysis.topics.fit.fit_topics`
scores each number of topics with it; the evaluation scores planted topics with it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
from numpy.typing import NDArray

from ascc_analysis.errors import ParameterError


def _npmi_from_presence(presence: NDArray[np.float64]) -> float:
    """Mean NPMI over the pairs of columns of a 0/1 ``(n_paragraphs, n_terms)`` matrix (see npmi_coherence)."""
    n_rows, n_terms = presence.shape
    if n_terms < 2:
        return -1.0
    together = presence.T @ presence / n_rows
    p_term = np.diag(together)
    upper_i, upper_j = np.triu_indices(n_terms, k=1)
    p_pair = together[upper_i, upper_j]
    p_expected = p_term[upper_i] * p_term[upper_j]
    with np.errstate(divide="ignore", invalid="ignore"):
        npmi = np.log(p_pair / p_expected) / -np.log(p_pair)
    npmi = np.where(p_pair == 0.0, -1.0, np.where(p_pair >= 1.0, 1.0, npmi))
    return float(npmi.mean())


def npmi_coherence(top_terms: Sequence[str], paragraph_terms: Sequence[Collection[str]]) -> float:
    """Mean normalised pointwise mutual information of the pairs of ``top_terms`` over paragraphs.

    With P(w) the share of paragraphs holding w and P(w_i, w_j) the share holding both::

        NPMI(w_i, w_j) = log(P(w_i, w_j) / (P(w_i) P(w_j))) / -log P(w_i, w_j)

    taken as -1 when the two never meet (P(w_i, w_j) = 0) and 1 when both are in every paragraph; the coherence
    is the mean over the pairs i < j. It runs from -1 (the terms never share a paragraph) through 0 (independent)
    to 1 (they always come together).

    Args:
        top_terms: The topic's top terms (at least two; fewer gives -1, the value of a topic with no coherence).
        paragraph_terms: For every paragraph of the corpus, the terms it holds.

    Returns:
        The mean NPMI.

    Raises:
        ParameterError: ``paragraph_terms`` is empty.
    """
    if not paragraph_terms:
        raise ParameterError("paragraph_terms is empty; NPMI needs at least one paragraph")
    presence = np.array([[term in held for term in top_terms] for held in paragraph_terms], dtype=np.float64)
    return _npmi_from_presence(presence.reshape(len(paragraph_terms), len(top_terms)))
