"""Year-on-year shifts stage: new, continued, dropped and returned instruments, bodies and chairmanship priorities.

Reads ``instrument_mentions`` (and ``instruments``), ``body_mentions``, ``priorities`` and ``documents`` and returns,
per year, each instrument or body with its change against the years before (:func:`instrument_changes`,
:func:`body_changes`), and each priority area matched with the previous year's (:func:`priority_changes`, with the
chair country and theme of ``resources/chairmanships.csv``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import polars as pl
from rapidfuzz import fuzz, utils

from ascc_analysis.analysis.shifts.common import _check_unit_interval, _documents_years
from ascc_analysis.analysis.topics.common import _require_columns
from ascc_analysis.ingest.manifest import read_chairmanships

Change = Literal["new", "continued", "dropped", "returned"]
PRIORITY_CHANGES_SCHEMA = pl.Schema(
    {
        "year": pl.Int32(),
        "chair": pl.String(),
        "chair_theme": pl.String(),
        "priority_text": pl.String(),
        "change": pl.String(),
        "matched_text": pl.String(),
        "similarity": pl.Float64(),
    }
)


def _changes(items: pl.DataFrame, years: list[int], *, key: str) -> pl.DataFrame:
    """``year, <key>, change, n_mentions`` from ``year, <key>, n_mentions`` rows (one per year and item)."""
    by_year: dict[int, dict[str, int]] = {year: {} for year in years}
    for year, item, count in items.select("year", key, "n_mentions").iter_rows():
        by_year[int(year)][str(item)] = int(count)
    seen: set[str] = set()
    previous: dict[str, int] = {}
    rows: list[tuple[int, str, str, int]] = []
    for year in years:
        current = by_year[year]
        for item, count in current.items():
            if item in previous:
                change = "continued"
            elif item in seen:
                change = "returned"
            else:
                change = "new"
            rows.append((year, item, change, count))
        rows.extend((year, item, "dropped", 0) for item in previous if item not in current)
        seen |= set(current)
        previous = current
    frame = pl.DataFrame(
        rows, schema={"year": pl.Int32, key: pl.String, "change": pl.String, "n_mentions": pl.Int32}, orient="row"
    )
    return frame.sort("year", key)


def _mention_years(
    mentions: pl.DataFrame, documents: pl.DataFrame, *, key: str, table: str
) -> tuple[pl.DataFrame, list[int]]:
    _require_columns(mentions, ("doc_id", key), table=table)
    known = _documents_years(documents).filter(pl.col("year").is_not_null())
    years = sorted({int(year) for year in known.get_column("year").to_list()})
    counted = (
        mentions.select(pl.col("doc_id").cast(pl.String), pl.col(key).cast(pl.String))
        .filter(pl.col(key).is_not_null())
        .join(known, on="doc_id", how="inner")
        .group_by("year", key)
        .agg(pl.len().cast(pl.Int32).alias("n_mentions"))
    )
    return counted, years


def instrument_changes(
    instrument_mentions: pl.DataFrame, instruments: pl.DataFrame | None, documents: pl.DataFrame
) -> pl.DataFrame:
    """New, continued, dropped and returned instruments per year.

    For each year with statements (in order), with C the instruments mentioned that year, P those of the previous
    year with statements, and E those of any earlier year: ``new`` = C \\ E, ``continued`` = C ∩ P, ``returned`` =
    (C ∩ E) \\ P, ``dropped`` = P \\ C (listed in the year they are missing). The year of a mention is its
    statement's year.

    Args:
        instrument_mentions: ``instrument_mentions`` (at least ``doc_id, instrument_id``; also ``title_text`` when
            ``instruments`` is None).
        instruments: ``instruments`` (``instrument_id, title``) for the canonical titles; None to use the most
            frequent title as written.
        documents: ``documents`` (at least ``doc_id, year``).

    Returns:
        ``year, instrument_id, title, change, n_mentions`` (mentions that year; 0 when dropped), sorted by year and
        instrument_id.

    Raises:
        SchemaError: A table lacks a needed column.
    """
    counted, years = _mention_years(instrument_mentions, documents, key="instrument_id", table="instrument_mentions")
    changes = _changes(counted, years, key="instrument_id")
    if instruments is not None:
        _require_columns(instruments, ("instrument_id", "title"), table="instruments")
        titles = instruments.select(pl.col("instrument_id").cast(pl.String), pl.col("title").cast(pl.String)).unique(
            "instrument_id", keep="first"
        )
    else:
        _require_columns(instrument_mentions, ("instrument_id", "title_text"), table="instrument_mentions")
        titles = (
            instrument_mentions.group_by(pl.col("instrument_id").cast(pl.String), pl.col("title_text").alias("title"))
            .agg(pl.len().alias("count"))
            .sort(["instrument_id", "count", "title"], descending=[False, True, False])
            .unique("instrument_id", keep="first")
            .select("instrument_id", "title")
        )
    joined = changes.join(titles, on="instrument_id", how="left")
    return joined.select("year", "instrument_id", "title", "change", "n_mentions").sort("year", "instrument_id")


def body_changes(body_mentions: pl.DataFrame, documents: pl.DataFrame) -> pl.DataFrame:
    """New, continued, dropped and returned bodies per year, as :func:`instrument_changes` (generic references to
    "sectoral bodies", with a null body_id, are left out).

    Returns:
        ``year, body_id, change, n_mentions``, sorted by year and body_id.

    Raises:
        SchemaError: A table lacks a needed column.
    """
    counted, years = _mention_years(body_mentions, documents, key="body_id", table="body_mentions")
    return _changes(counted, years, key="body_id")


def _best_match(text: str, candidates: Sequence[str]) -> tuple[str | None, float]:
    best, score = None, -1.0
    for candidate in candidates:
        value = fuzz.token_set_ratio(text, candidate, processor=utils.default_process) / 100.0
        if value > score:
            best, score = candidate, value
    return best, max(score, 0.0)


def priority_changes(
    priorities: pl.DataFrame,
    *,
    chairmanships: pl.DataFrame | None = None,
    threshold: float = 0.8,
) -> pl.DataFrame:
    """Chairmanship priority areas compared with the previous year: new, recurring and dropped.

    The priorities of a year are the distinct ``priority_text`` of its statements. Each is matched with the most
    similar priority of the previous year in the table (similarity: rapidfuzz ``token_set_ratio`` / 100 on
    lower-cased, punctuation-free text, so that a reworded or shortened area still matches); it is
    ``recurring`` when the similarity reaches ``threshold``, else ``new``. A priority of the previous year that
    matches none of this year's is listed as ``dropped`` in this year. Every priority of the first year is new.

    Args:
        priorities: ``priorities`` (at least ``year, priority_text``; ``chair``, ``theme``, ``doc_id`` and
            ``priority_no`` are used when present).
        chairmanships: ``year, chair_country, theme`` (:func:`ascc_analysis.ingest.manifest.read_chairmanships`); None
            reads ``resources/chairmanships.csv``.
        threshold: Similarity, in (0, 1], at which two priorities are the same area.

    Returns:
        :data:`PRIORITY_CHANGES_SCHEMA`: ``year, chair`` (the statements' chair, else the chairmanship's),
        ``chair_theme`` (the chairmanship theme of ``chairmanships``, else the statements'), ``priority_text,
        change, matched_text`` (the most similar priority of the previous year, or of this year for a dropped
        one; null in the first year), ``similarity``; sorted by year, change and priority_text.

    Raises:
        ParameterError: ``threshold`` is not in (0, 1].
        SchemaError: A table lacks a needed column.
    """
    limit = _check_unit_interval("threshold", threshold)
    _require_columns(priorities, ("year", "priority_text"), table="priorities")
    if chairmanships is None:
        chairmanships = read_chairmanships()
    _require_columns(chairmanships, ("year", "chair_country", "theme"), table="chairmanships")
    chair_by_year = {
        int(year): (country, theme)
        for year, country, theme in chairmanships.select("year", "chair_country", "theme").iter_rows()
    }
    order = [name for name in ("year", "doc_id", "priority_no") if name in priorities.columns]
    ordered = priorities.filter(pl.col("year").is_not_null() & pl.col("priority_text").is_not_null()).sort(order)
    texts: dict[int, list[str]] = {}
    stated: dict[int, tuple[str | None, str | None]] = {}
    for row in ordered.iter_rows(named=True):
        year = int(row["year"])
        year_texts = texts.setdefault(year, [])
        if row["priority_text"] not in year_texts:
            year_texts.append(str(row["priority_text"]))
        chair, theme = stated.get(year, (None, None))
        stated[year] = (chair or row.get("chair"), theme or row.get("theme"))
    records: list[tuple[int, str | None, str | None, str, str, str | None, float | None]] = []
    previous: list[str] | None = None
    for year in sorted(texts):
        known_chair, known_theme = chair_by_year.get(year, (None, None))
        chair = stated[year][0] or known_chair
        chair_theme = known_theme or stated[year][1]
        for text in texts[year]:
            if previous is None:
                records.append((year, chair, chair_theme, text, "new", None, None))
                continue
            match, similarity = _best_match(text, previous)
            change = "recurring" if similarity >= limit else "new"
            records.append((year, chair, chair_theme, text, change, match, similarity))
        for text in previous or []:
            match, similarity = _best_match(text, texts[year])
            if similarity < limit:
                records.append((year, chair, chair_theme, text, "dropped", match, similarity))
        previous = texts[year]
    return pl.DataFrame(records, schema=PRIORITY_CHANGES_SCHEMA, orient="row").sort("year", "change", "priority_text")
