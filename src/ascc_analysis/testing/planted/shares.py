"""The planted topic shares: how each topic's share of a year's paragraphs moves, and its Zipf term weights.

Part of the planted-signal yardstick (:mod:`ascc_analysis.testing.planted`). :func:`topic_shares` gives the planted
expected share of each topic among a year's topical paragraphs (``share(y, t) = w_t(x) / Σ_u w_u(x)`` over the
topics' curves); ``_zipf`` and ``_topic_term_weights`` give the probability of each term of a topic
(``p_r ∝ (r + 1)^-0.8``). Pure: a specification in, arrays and frames out.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from numpy.typing import NDArray

from ascc_analysis.testing.planted.spec import PlantedSpec, _check_spec

_ZIPF_EXPONENT = 0.8


def _curve_weights(curve: str, x: NDArray[np.float64]) -> NDArray[np.float64]:
    if curve == "rising":
        return 0.5 + 2.0 * x
    if curve == "falling":
        return 2.5 - 2.0 * x
    if curve == "peak":
        return np.asarray(0.5 + 2.0 * np.exp(-(((x - 0.5) / 0.22) ** 2)), dtype=np.float64)
    return np.ones_like(x)


def topic_shares(spec: PlantedSpec) -> pl.DataFrame:
    """The planted expected share of each topic among a year's topical paragraphs.

    ``share(y, t) = w_t(x) / Σ_u w_u(x)`` with ``x = (y − first_year) / (n_years − 1)`` (``x = 0.5`` for a
    single year) and the curve weights ``rising: 0.5 + 2x``, ``falling: 2.5 − 2x``,
    ``peak: 0.5 + 2 exp(−((x − 0.5) / 0.22)²)``, ``flat: 1``.

    Args:
        spec: The specification.

    Returns:
        ``(year, topic_id, share)`` sorted by year and topic id; shares sum to one within a year.

    Raises:
        ParameterError: ``spec`` has a value that is not accepted.
    """
    _check_spec(spec)
    shares = _share_matrix(spec)
    years = np.repeat(np.asarray(spec.years, dtype=np.int32), len(spec.topics))
    topic_ids = [topic.id for topic in spec.topics] * spec.n_years
    return pl.DataFrame(
        {"year": years, "topic_id": topic_ids, "share": shares.ravel()},
        schema={"year": pl.Int32(), "topic_id": pl.String(), "share": pl.Float64()},
    ).sort("year", "topic_id")


def _zipf(n_terms: int) -> NDArray[np.float64]:
    weights = (np.arange(n_terms) + 1.0) ** -_ZIPF_EXPONENT
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _topic_term_weights(spec: PlantedSpec) -> pl.DataFrame:
    rows = [
        (topic.id, term, float(weight))
        for topic in spec.topics
        for term, weight in zip(topic.terms, _zipf(len(topic.terms)), strict=True)
    ]
    schema = {"topic_id": pl.String(), "term": pl.String(), "weight": pl.Float64()}
    return pl.DataFrame(rows, schema=schema, orient="row").sort("topic_id", "term")


def _share_matrix(spec: PlantedSpec) -> NDArray[np.float64]:
    """Years × topics matrix of planted shares (rows sum to one)."""
    offsets = np.arange(spec.n_years, dtype=np.float64)
    x = offsets / (spec.n_years - 1) if spec.n_years > 1 else np.full(1, 0.5)
    weights = np.stack([_curve_weights(topic.curve, x) for topic in spec.topics], axis=1)
    return np.asarray(weights / weights.sum(axis=1, keepdims=True), dtype=np.float64)
