"""Topic trends stage: a fitted model and ``documents`` → topic shares over time, and the paragraphs behind each topic.

:func:`topic_prevalence` gives each topic's share per year or per statement with a bootstrap interval
(:mod:`~ascc_analysis.analysis.topics.bootstrap`); :func:`topic_evidence` the paragraphs that carry each topic most,
with their text. Both read a :class:`~ascc_analysis.analysis.topics.model.TopicModel` and return tidy polars frames.
"""

from __future__ import annotations

import polars as pl

from ascc_analysis.analysis.topics.bootstrap import _bootstrap_shares, _dense, _long_shares, _unit_codes
from ascc_analysis.analysis.topics.common import By, _attach_units, _check_bootstrap, _check_by, _require_columns
from ascc_analysis.analysis.topics.model import TopicModel
from ascc_analysis.errors import ParameterError, SchemaError

EVIDENCE_SCHEMA = pl.Schema(
    {
        "topic_id": pl.String(),
        "rank": pl.Int32(),
        "para_id": pl.String(),
        "doc_id": pl.String(),
        "weight": pl.Float64(),
        "text": pl.String(),
    }
)


def topic_prevalence(
    model: TopicModel,
    documents: pl.DataFrame,
    *,
    by: By = "year",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """Share of each topic per year or per statement, with a bootstrap interval.

    With θ_p(t) a paragraph's normalised topic weight (:attr:`TopicModel.paragraph_topics`) and P_u the paragraphs
    of unit u that hold a vocabulary term::

        share(u, t) = Σ_{p ∈ P_u} θ_p(t) / |P_u|

    so the shares of a unit sum to 1 over topics. The interval is the percentile interval over ``n_boot``
    replicates resampling paragraphs within statements, as in :func:`theme_shares`.

    Args:
        model: A fitted topic model.
        documents: The ``documents`` table (at least ``doc_id, year``).
        by: ``"year"`` or ``"doc"``.
        n_boot: Bootstrap replicates (>= 1).
        ci: Confidence level of the interval, in (0, 1).
        seed: Seed of the bootstrap.

    Returns:
        ``year`` (Int32) or ``doc_id``, then ``topic_id, share, ci_low, ci_high``, sorted by unit and topic.

    Raises:
        ParameterError: ``by``, ``n_boot`` or ``ci`` has a value that is not accepted.
        SchemaError: ``documents`` lacks a needed column or misses a statement of the model.
    """
    _check_by(by)
    _check_bootstrap(n_boot, ci)
    unit_name = "year" if by == "year" else "doc_id"
    output_schema = pl.Schema(
        {
            unit_name: pl.Int32() if by == "year" else pl.String(),
            "topic_id": pl.String(),
            "share": pl.Float64(),
            "ci_low": pl.Float64(),
            "ci_high": pl.Float64(),
        }
    )
    topic_ids = list(model.topic_ids)
    weights = model.paragraph_topics.sort("doc_id", "para_id", "topic_id")
    rows = weights.select("doc_id", "para_id").unique(maintain_order=True)
    units = _attach_units(rows, documents, by=by)
    if units.is_empty() or not topic_ids:
        return pl.DataFrame(schema=output_schema)
    theta = _dense(weights, units, topic_ids, column="topic_id", value="weight")
    keys, unit_codes, doc_codes = _unit_codes(units)
    share, low, high = _bootstrap_shares(
        theta, doc_codes=doc_codes, unit_codes=unit_codes, n_units=len(keys), n_boot=n_boot, ci=ci, seed=seed
    )
    frame = _long_shares(
        keys, topic_ids, {"share": share, "ci_low": low, "ci_high": high}, by=by, column_name="topic_id"
    )
    return frame.select(list(output_schema)).cast(output_schema)


def topic_evidence(model: TopicModel, paragraphs: pl.DataFrame, *, top_n: int = 5) -> pl.DataFrame:
    """The paragraphs that carry each topic most: the evidence behind its label and prevalence.

    Args:
        model: A fitted topic model.
        paragraphs: The ``paragraphs`` table (at least ``para_id, text``).
        top_n: Paragraphs per topic (>= 1).

    Returns:
        ``topic_id, rank, para_id, doc_id, weight, text`` (:data:`EVIDENCE_SCHEMA`): per topic, the ``top_n``
        paragraphs of highest weight θ_p(t) > 0 (ties by para_id), ranked from 1, sorted by topic and rank.

    Raises:
        ParameterError: ``top_n`` is not an integer >= 1.
        SchemaError: ``paragraphs`` lacks a needed column or misses a paragraph of the model.
    """
    if isinstance(top_n, bool) or not isinstance(top_n, int) or top_n < 1:
        raise ParameterError(f"top_n={top_n!r} is not accepted; use an integer >= 1")
    _require_columns(paragraphs, ("para_id", "text"), table="paragraphs")
    texts = paragraphs.select(pl.col("para_id").cast(pl.String), pl.col("text")).unique("para_id", keep="first")
    ranked = (
        model.paragraph_topics.filter(pl.col("weight") > 0)
        .sort(["topic_id", "weight", "para_id"], descending=[False, True, False])
        .with_columns(rank=(pl.int_range(pl.len()).over("topic_id") + 1).cast(pl.Int32))
        .filter(pl.col("rank") <= top_n)
    )
    missing = ranked.join(texts, on="para_id", how="anti").get_column("para_id").unique().sort().to_list()
    if missing:
        raise SchemaError(f"paragraphs: para_id(s) {missing[:5]} of the topic model are not in paragraphs")
    return ranked.join(texts, on="para_id", how="left").select(list(EVIDENCE_SCHEMA)).sort("topic_id", "rank")
