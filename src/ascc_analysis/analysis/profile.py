"""Statement profile: one statement placed against the statements before it.

Every function takes the corpus tables cut to the statement's *history* (the statement and those of the same or an
earlier year, :meth:`ascc_analysis.analysis.corpus.Corpus.history`) and the statement's ``doc_id``; "the rest" is the
history without the statement. Reads ``documents``, ``paragraphs``, ``paragraph_themes``, ``instrument_mentions``,
``instruments``, ``body_mentions`` and ``priorities``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl
from numpy.typing import NDArray

from ascc_analysis.analysis import shifts, topics
from ascc_analysis.errors import ParameterError, require_columns


def _check_doc(documents: pl.DataFrame, doc_id: str) -> None:
    require_columns(documents, ("doc_id", "year"), table="documents")
    if doc_id not in set(documents.get_column("doc_id")):
        raise ParameterError(f"doc_id={doc_id!r} is not in documents; it has {documents.height} statements")


def statement_facts(documents: pl.DataFrame, doc_id: str, *, chairmanships: pl.DataFrame | None = None) -> pl.DataFrame:
    """The statement's metadata as ``field, value`` rows (meeting, date, venue, chair, chairmanship theme, size).

    The chairmanship theme comes from ``chairmanships`` (``year, chair_country, theme``) for the statement's year;
    so does the chair, marked as the year's ASEAN Chair, when the statement does not name one.
    """
    _check_doc(documents, doc_id)
    row = documents.filter(pl.col("doc_id") == doc_id).row(0, named=True)
    theme = chair_country = None
    if chairmanships is not None and row["year"] is not None:
        match = chairmanships.filter(pl.col("year") == row["year"])
        theme = match.item(0, "theme") if match.height else None
        chair_country = match.item(0, "chair_country") if match.height else None
    venue = ", ".join(str(part) for part in (row.get("venue_city"), row.get("venue_country")) if part)
    fields = [
        ("statement", doc_id),
        ("meeting", f"{row.get('meeting_name') or row.get('meeting_body_id')} ({row.get('meeting_no') or '?'})"),
        ("date", str(row.get("date") or "unknown")),
        ("venue", venue or ("video conference" if row.get("is_video_conference") else "unknown")),
        ("chair", row.get("chair") or (f"{chair_country} (ASEAN Chair that year)" if chair_country else "unknown")),
        ("chairmanship theme", theme or "unknown"),
        ("numbered paragraphs", str(row.get("n_paragraphs"))),
        ("source file", str(row.get("source_file"))),
    ]
    return pl.DataFrame(fields, schema={"field": pl.String, "value": pl.String}, orient="row")


def theme_contrast(
    paragraph_themes: pl.DataFrame,
    paragraphs: pl.DataFrame,
    documents: pl.DataFrame,
    doc_id: str,
    *,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> pl.DataFrame:
    """Each theme's share of this statement's paragraphs against its share in the other statements.

    ``share_here`` and its interval come from :func:`ascc_analysis.analysis.topics.theme_shares` by statement
    (paragraphs resampled). ``share_rest`` is the mean of the other statements' shares; its interval resamples those
    statements (percentile bootstrap), so it reflects how much statements differ from each other. ``difference`` is
    ``share_here - share_rest``; ``unusual`` is true when the two intervals do not overlap (this statement's share is
    uncertain too: 13 paragraphs give wide intervals, and only a clear gap is flagged).

    Returns:
        ``theme_id, share_here, here_low, here_high, share_rest, rest_low, rest_high, difference, unusual,
        n_rest_statements`` sorted by decreasing absolute difference, then theme id. Empty when nothing is tagged.
    """
    _check_doc(documents, doc_id)
    per_doc = topics.theme_shares(paragraph_themes, paragraphs, documents, by="doc", n_boot=n_boot, ci=ci, seed=seed)
    here = per_doc.filter(pl.col("doc_id") == doc_id).select(
        "theme_id", share_here="share", here_low="ci_low", here_high="ci_high"
    )
    rest = per_doc.filter(pl.col("doc_id") != doc_id)
    rest_docs = rest.get_column("doc_id").unique().sort().to_list()
    theme_ids = here.get_column("theme_id").to_list()
    if not rest_docs:
        return here.with_columns(
            share_rest=pl.lit(None, pl.Float64),
            rest_low=pl.lit(None, pl.Float64),
            rest_high=pl.lit(None, pl.Float64),
            difference=pl.lit(None, pl.Float64),
            unusual=pl.lit(None, pl.Boolean),
            n_rest_statements=pl.lit(0, pl.Int64),
        )
    matrix = _share_matrix(rest, rest_docs, theme_ids)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(rest_docs), size=(n_boot, len(rest_docs)))
    boot_means = matrix[draws].mean(axis=1)
    alpha = (1 - ci) / 2
    rest_frame = pl.DataFrame(
        {
            "theme_id": theme_ids,
            "share_rest": matrix.mean(axis=0),
            "rest_low": np.quantile(boot_means, alpha, axis=0),
            "rest_high": np.quantile(boot_means, 1 - alpha, axis=0),
        }
    )
    return (
        here.join(rest_frame, on="theme_id")
        .with_columns(
            difference=pl.col("share_here") - pl.col("share_rest"),
            unusual=(pl.col("here_high") < pl.col("rest_low")) | (pl.col("here_low") > pl.col("rest_high")),
            n_rest_statements=pl.lit(len(rest_docs), pl.Int64),
        )
        .sort(pl.col("difference").abs(), "theme_id", descending=[True, False])
    )


def _share_matrix(rest: pl.DataFrame, doc_ids: list[str], theme_ids: list[str]) -> NDArray[np.float64]:
    doc_index = {doc: i for i, doc in enumerate(doc_ids)}
    theme_index = {theme: j for j, theme in enumerate(theme_ids)}
    matrix = np.zeros((len(doc_ids), len(theme_ids)))
    for doc, theme, share in rest.select("doc_id", "theme_id", "share").iter_rows():
        if theme in theme_index:
            matrix[doc_index[doc], theme_index[theme]] = share
    return matrix


def statement_instruments(
    instrument_mentions: pl.DataFrame, instruments: pl.DataFrame, documents: pl.DataFrame, doc_id: str
) -> pl.DataFrame:
    """The instruments the statement names, and whether the statements before it named them.

    Returns:
        ``instrument_id, title, instrument_type, statuses, n_mentions, first_named, earlier_statements, is_new``
        where ``first_named`` is the year of the earliest mention in the history, ``earlier_statements`` counts the
        other statements of the history naming the instrument and ``is_new`` is true when there is none; sorted by
        ``is_new`` (new first) and title.
    """
    _check_doc(documents, doc_id)
    require_columns(instrument_mentions, ("doc_id", "instrument_id", "status", "year"), table="instrument_mentions")
    require_columns(instruments, ("instrument_id", "title", "instrument_type"), table="instruments")
    here = (
        instrument_mentions.filter(pl.col("doc_id") == doc_id)
        .group_by("instrument_id")
        .agg(statuses=pl.col("status").unique().sort(), n_mentions=pl.len().cast(pl.Int64))
    )
    history = instrument_mentions.group_by("instrument_id").agg(
        first_named=pl.col("year").min(),
        earlier_statements=pl.col("doc_id").filter(pl.col("doc_id") != doc_id).n_unique().cast(pl.Int64),
    )
    return (
        here.join(history, on="instrument_id", how="left")
        .join(instruments.select("instrument_id", "title", "instrument_type"), on="instrument_id", how="left")
        .with_columns(is_new=pl.col("earlier_statements") == 0)
        .select(
            "instrument_id",
            "title",
            "instrument_type",
            "statuses",
            "n_mentions",
            "first_named",
            "earlier_statements",
            "is_new",
        )
        .sort(["is_new", "title"], descending=[True, False])
    )


def statement_bodies(body_mentions: pl.DataFrame, documents: pl.DataFrame, doc_id: str) -> pl.DataFrame:
    """The bodies the statement names: ``body_id, n_mentions, share_of_rest`` (the share of the other statements
    that name the body too), sorted by decreasing mentions, then body id. Generic mentions are left out."""
    _check_doc(documents, doc_id)
    require_columns(body_mentions, ("doc_id", "body_id", "is_generic"), table="body_mentions")
    specific = body_mentions.filter(~pl.col("is_generic"))
    n_rest = documents.filter(pl.col("doc_id") != doc_id).height
    rest = (
        specific.filter(pl.col("doc_id") != doc_id)
        .group_by("body_id")
        .agg(n_rest=pl.col("doc_id").n_unique().cast(pl.Int64))
    )
    return (
        specific.filter(pl.col("doc_id") == doc_id)
        .group_by("body_id")
        .agg(n_mentions=pl.len().cast(pl.Int64))
        .join(rest, on="body_id", how="left")
        .with_columns(share_of_rest=pl.when(n_rest > 0).then(pl.col("n_rest").fill_null(0) / n_rest).otherwise(None))
        .drop("n_rest")
        .sort(["n_mentions", "body_id"], descending=[True, False])
    )


def distinctive_terms(
    paragraphs: pl.DataFrame, documents: pl.DataFrame, doc_id: str, *, n: int = 15, exclude: Sequence[str] = ()
) -> pl.DataFrame:
    """The terms that set the statement apart from the statements before it, both ways.

    Term counts per statement (:func:`ascc_analysis.analysis.shifts.term_counts`) are pooled into two groups, the
    statement (``"here"``) and the rest of its history (``"rest"``), and compared by
    :func:`ascc_analysis.analysis.shifts.log_odds` (weighted log-odds with an informative Dirichlet prior from both
    groups). The ``z`` of a term used more here is positive.

    Args:
        paragraphs: The ``paragraphs`` table of the history.
        documents: The ``documents`` table of the history.
        doc_id: The statement.
        n: Terms kept at each end (>= 1).
        exclude: Para ids left out (carried-over paragraphs, for novel text only).

    Returns:
        ``term, n_here, n_rest, delta, z, side`` (``"more here"`` / ``"less here"``): the ``n`` terms of highest z
        and the ``n`` of lowest, sorted by decreasing z. Empty when the statement has no earlier statement.
    """
    _check_doc(documents, doc_id)
    if n < 1:
        raise ParameterError(f"n={n} must be at least 1")
    counts = shifts.term_counts(paragraphs, documents, by="doc_id", exclude=set(exclude))
    pooled = (
        counts.with_columns(group=pl.when(pl.col("group") == doc_id).then(pl.lit("here")).otherwise(pl.lit("rest")))
        .group_by("group", "term")
        .agg(pl.col("n").sum())
    )
    if pooled.filter(pl.col("group") == "rest").is_empty() or pooled.filter(pl.col("group") == "here").is_empty():
        return pl.DataFrame(
            schema={
                "term": pl.String,
                "n_here": pl.Int64,
                "n_rest": pl.Int64,
                "delta": pl.Float64,
                "z": pl.Float64,
                "side": pl.String,
            }
        )
    scores = shifts.log_odds(pooled, "rest", "here").rename({"n_a": "n_rest", "n_b": "n_here"})
    ends = pl.concat([scores.head(n), scores.tail(n)]).unique("term", keep="first")
    return (
        ends.with_columns(side=pl.when(pl.col("z") > 0).then(pl.lit("more here")).otherwise(pl.lit("less here")))
        .select("term", pl.col("n_here").cast(pl.Int64), pl.col("n_rest").cast(pl.Int64), "delta", "z", "side")
        .sort(["z", "term"], descending=[True, False])
    )


def statement_carry_over(carry: pl.DataFrame, paragraphs: pl.DataFrame, doc_id: str) -> pl.DataFrame:
    """The statement's numbered paragraphs with where each was carried over from, if anywhere.

    Args:
        carry: :func:`ascc_analysis.analysis.shifts.carry_over` over the history.
        paragraphs: The ``paragraphs`` table.
        doc_id: The statement.

    Returns:
        ``para_id, is_carried, similarity, source_para_id, text`` in paragraph order.
    """
    require_columns(carry, ("para_id", "similarity", "source_para_id", "is_carried"), table="carry_over")
    own = paragraphs.filter((pl.col("doc_id") == doc_id) & (pl.col("level") == "paragraph"))
    return (
        own.select("para_id", "seq", "text")
        .join(carry.select("para_id", "is_carried", "similarity", "source_para_id"), on="para_id", how="left")
        .with_columns(pl.col("is_carried").fill_null(False))
        .sort("seq")
        .select("para_id", "is_carried", "similarity", "source_para_id", "text")
    )
