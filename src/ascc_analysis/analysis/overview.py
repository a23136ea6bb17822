"""Corpus overview: what the processed corpus holds, what it misses, and how well extraction went.

Reads the ``documents``, ``paragraphs``, ``problems`` and extraction tables (see :mod:`ascc_analysis.schemas`) and the
source manifest; returns small tidy frames for the corpus-overview notebook.
"""

from __future__ import annotations

import polars as pl

from ascc_analysis.analysis.corpus import TREND_EXCLUSION_REASONS, trend_exclusions
from ascc_analysis.errors import ParameterError, require_columns


def statement_counts(documents: pl.DataFrame) -> pl.DataFrame:
    """Statements and numbered paragraphs per year and meeting body.

    Returns:
        ``year, meeting_body_id, n_statements, n_paragraphs`` sorted by year and body; undated statements have a
        null year and come first.
    """
    require_columns(documents, ("year", "meeting_body_id", "n_paragraphs"), table="documents")
    return (
        documents.group_by("year", "meeting_body_id")
        .agg(n_statements=pl.len().cast(pl.Int64), n_paragraphs=pl.col("n_paragraphs").sum().cast(pl.Int64))
        .sort("year", "meeting_body_id", nulls_last=False)
    )


def document_kinds(documents: pl.DataFrame) -> pl.DataFrame:
    """Documents per year by kind and completeness: what the corpus holds besides whole joint statements.

    Returns:
        ``year, document_kind, completeness, n_documents`` sorted by year, kind and completeness (nulls first: an
        undated document, or a corpus built before the kind and completeness columns existed).
    """
    require_columns(documents, ("year", "document_kind", "completeness"), table="documents")
    return (
        documents.group_by("year", "document_kind", "completeness")
        .agg(n_documents=pl.len().cast(pl.Int64))
        .sort("year", "document_kind", "completeness", nulls_last=False)
    )


def set_aside_per_year(documents: pl.DataFrame) -> pl.DataFrame:
    """How many documents of each year the per-year trends set aside, and why
    (:meth:`ascc_analysis.analysis.corpus.Corpus.for_trends`).

    Returns:
        ``year, n_documents, n_kept, n_partial, n_landing_page, n_media_release`` (one column per reason of
        :data:`~ascc_analysis.analysis.corpus.TREND_EXCLUSION_REASONS`), one row per year, sorted by year (undated
        documents first).
    """
    require_columns(documents, ("doc_id", "year"), table="documents")
    reasons = trend_exclusions(documents).select("doc_id", "reason")
    return (
        documents.select("doc_id", "year")
        .join(reasons, on="doc_id", how="left")
        .group_by("year")
        .agg(
            n_documents=pl.len().cast(pl.Int64),
            n_kept=pl.col("reason").is_null().sum().cast(pl.Int64),
            **{f"n_{reason}": (pl.col("reason") == reason).sum().cast(pl.Int64) for reason in TREND_EXCLUSION_REASONS},
        )
        .sort("year", nulls_last=False)
    )


def year_gaps(documents: pl.DataFrame, *, first_year: int | None = None, last_year: int | None = None) -> list[int]:
    """Years in the span ``first_year``–``last_year`` (default: the corpus' own span) with no dated statement."""
    require_columns(documents, ("year",), table="documents")
    years = set(documents.get_column("year").drop_nulls().to_list())
    if not years and (first_year is None or last_year is None):
        return []
    first = first_year if first_year is not None else min(years)
    last = last_year if last_year is not None else max(years)
    if first > last:
        raise ParameterError(f"first_year={first} is after last_year={last}")
    return [year for year in range(first, last + 1) if year not in years]


def coverage(documents: pl.DataFrame, manifest: pl.DataFrame, *, body: str = "ASCC") -> pl.DataFrame:
    """Which meetings of a body listed in the source manifest have a statement in the corpus.

    A manifest row and a statement match on ``(meeting_body_id, meeting_no)``.

    Args:
        documents: The ``documents`` table.
        manifest: The source manifest (:func:`ascc_analysis.ingest.manifest.read_manifest`).
        body: The meeting body whose meetings are listed (registry id).

    Returns:
        ``meeting_no, date, venue_country, chair, chair_theme, in_corpus, doc_id`` for every manifest meeting of
        ``body``, sorted by meeting number; ``doc_id`` is null where the corpus lacks the statement.
    """
    require_columns(documents, ("doc_id", "meeting_body_id", "meeting_no"), table="documents")
    require_columns(
        manifest, ("meeting_body_id", "meeting_no", "date", "venue_country", "chair", "chair_theme"), table="manifest"
    )
    meetings = (
        manifest.filter(pl.col("meeting_body_id") == body)
        .select("meeting_no", "date", "venue_country", "chair", "chair_theme")
        .unique("meeting_no", keep="first")
    )
    found = (
        documents.filter(pl.col("meeting_body_id") == body)
        .select("meeting_no", "doc_id")
        .unique("meeting_no", keep="first")
    )
    return (
        meetings.join(found, on="meeting_no", how="left")
        .with_columns(in_corpus=pl.col("doc_id").is_not_null())
        .select("meeting_no", "date", "venue_country", "chair", "chair_theme", "in_corpus", "doc_id")
        .sort("meeting_no")
    )


def extraction_quality(
    documents: pl.DataFrame,
    paragraphs: pl.DataFrame,
    paragraph_themes: pl.DataFrame,
    body_mentions: pl.DataFrame,
    instrument_mentions: pl.DataFrame,
    instrument_bodies: pl.DataFrame,
) -> pl.DataFrame:
    """Per-statement indicators of what extraction found, to spot statements it read poorly.

    Returns:
        ``doc_id, year, n_paragraphs, share_themed, n_body_mentions, n_instrument_mentions, share_explicit_links,
        n_missing_fields`` sorted by year and doc_id, where ``share_themed`` is the share of the statement's
        numbered paragraphs with at least one theme, and ``share_explicit_links`` the share of its instrument–body
        links stated in the text rather than inferred (null when it has no link).
    """
    require_columns(documents, ("doc_id", "year", "missing_fields"), table="documents")
    numbered = paragraphs.filter(pl.col("level") == "paragraph").select("doc_id", "para_id")
    per_doc = numbered.group_by("doc_id").agg(n_paragraphs=pl.len().cast(pl.Int64))
    themed = (
        paragraph_themes.select("doc_id", "para_id")
        .unique()
        .join(numbered, on=["doc_id", "para_id"], how="semi")
        .group_by("doc_id")
        .agg(n_themed=pl.len().cast(pl.Int64))
    )
    bodies = body_mentions.group_by("doc_id").agg(n_body_mentions=pl.len().cast(pl.Int64))
    instruments = instrument_mentions.group_by("doc_id").agg(n_instrument_mentions=pl.len().cast(pl.Int64))
    links = instrument_bodies.group_by("doc_id").agg(share_explicit_links=(pl.col("provenance") == "explicit").mean())
    return (
        documents.select("doc_id", "year", n_missing_fields=pl.col("missing_fields").list.len().cast(pl.Int64))
        .join(per_doc, on="doc_id", how="left")
        .join(themed, on="doc_id", how="left")
        .join(bodies, on="doc_id", how="left")
        .join(instruments, on="doc_id", how="left")
        .join(links, on="doc_id", how="left")
        .with_columns(
            pl.col("n_paragraphs", "n_themed", "n_body_mentions", "n_instrument_mentions").fill_null(0),
        )
        .with_columns(
            share_themed=pl.when(pl.col("n_paragraphs") > 0).then(pl.col("n_themed") / pl.col("n_paragraphs"))
        )
        .select(
            "doc_id",
            "year",
            "n_paragraphs",
            "share_themed",
            "n_body_mentions",
            "n_instrument_mentions",
            "share_explicit_links",
            "n_missing_fields",
        )
        .sort("year", "doc_id", nulls_last=False)
    )


def problem_summary(problems: pl.DataFrame) -> pl.DataFrame:
    """Build problems counted by severity and code: ``severity, code, n_files, example``, errors first."""
    require_columns(problems, ("source_file", "severity", "code", "message"), table="problems")
    order = {"error": 0, "warning": 1, "info": 2}
    return (
        problems.group_by("severity", "code")
        .agg(n_files=pl.col("source_file").n_unique().cast(pl.Int64), example=pl.col("message").sort().first())
        .with_columns(_order=pl.col("severity").replace_strict(order, default=9, return_dtype=pl.Int64))
        .sort("_order", "code")
        .drop("_order")
    )


def manifest_coverage(documents: pl.DataFrame, manifest: pl.DataFrame) -> pl.DataFrame:
    """Meetings in the source manifest against statements in the corpus, per meeting body and year, for every body.

    A manifest row counts under its own meeting's body (a joint meeting's other meetings are not counted again) and
    the year of its ``date``. It is in the corpus when a statement has the row's ``meeting_body_id`` and
    ``meeting_no`` and the same year (any year when the row is undated), or when the row's ``file`` is a
    statement's ``source_file``.

    Args:
        documents: The ``documents`` table (``doc_id, meeting_body_id, meeting_no, year, source_file``).
        manifest: The source manifest (:func:`ascc_analysis.ingest.manifest.read_manifest`).

    Returns:
        ``meeting_body_id, year, n_meetings, n_in_corpus, n_missing, n_statements, share_in_corpus`` — one row per
        body and year found in either table, sorted by body and year (undated first): the manifest's meetings, how
        many of them have a statement in the corpus and how many do not, the corpus' statements of that body and
        year (those the manifest lacks included), and ``n_in_corpus / n_meetings`` (null without meetings).
    """
    require_columns(documents, ("doc_id", "meeting_body_id", "meeting_no", "year", "source_file"), table="documents")
    require_columns(manifest, ("source_id", "meeting_body_id", "meeting_no", "date", "file"), table="manifest")
    rows = manifest.select(
        "source_id", "meeting_body_id", "meeting_no", "file", year=pl.col("date").dt.year().cast(pl.Int32)
    )
    statements = documents.select(
        "meeting_body_id", pl.col("meeting_no").cast(pl.Int32), pl.col("year").cast(pl.Int32), "source_file"
    )
    dated = rows.join(statements, on=["meeting_body_id", "meeting_no", "year"], how="semi", nulls_equal=False)
    undated = rows.filter(pl.col("year").is_null()).join(
        statements, on=["meeting_body_id", "meeting_no"], how="semi", nulls_equal=False
    )
    by_file = rows.join(statements, left_on="file", right_on="source_file", how="semi", nulls_equal=False)
    found = pl.concat([dated, undated, by_file]).get_column("source_id").unique().implode()
    meetings = (
        rows.with_columns(in_corpus=pl.col("source_id").is_in(found))
        .group_by("meeting_body_id", "year")
        .agg(
            n_meetings=pl.len().cast(pl.Int64),
            n_in_corpus=pl.col("in_corpus").sum().cast(pl.Int64),
        )
    )
    counted = statements.group_by("meeting_body_id", "year").agg(n_statements=pl.len().cast(pl.Int64))
    return (
        meetings.join(counted, on=["meeting_body_id", "year"], how="full", coalesce=True, nulls_equal=True)
        .with_columns(pl.col("n_meetings", "n_in_corpus", "n_statements").fill_null(0))
        .with_columns(
            n_missing=pl.col("n_meetings") - pl.col("n_in_corpus"),
            share_in_corpus=pl.when(pl.col("n_meetings") > 0).then(pl.col("n_in_corpus") / pl.col("n_meetings")),
        )
        .select("meeting_body_id", "year", "n_meetings", "n_in_corpus", "n_missing", "n_statements", "share_in_corpus")
        .sort("meeting_body_id", "year", nulls_last=False)
    )
