"""Checks and coverage of the source manifest: what ``ascc sources check`` reports.

Part of the parse stage's inputs. Reads the source manifest (``data/raw/sources.csv``), its list of addresses
(``data/raw/source_urls.csv``) and the bodies registry; returns the problems found (:func:`check_sources`) and how
many meetings have an official address, any address, or a file, per meeting body or per year
(:func:`source_coverage`, :func:`coverage_by`). Writes nothing.

Problems (``code``, severity):

- ``bad_value`` (error): a malformed value (the manifest does not read; every such value is listed);
- ``bad_date`` (error): a malformed date, a month or year precision whose date is not the period's first day, a
  date before ASEAN (8 August 1967) or after today;
- ``unknown_body`` (error): a ``meeting_body_id`` or a body of ``other_meetings`` that the registry lacks;
- ``duplicate_meeting`` (error): one meeting (body, number, Plus Three or not) in two rows whose dates overlap or
  cannot be told apart (a row without a date);
- ``no_url`` (warning): a row with no official address (a news report may be listed);
- ``url_not_listed`` (warning): a row's ``url`` missing from ``source_urls.csv``;
- ``unknown_source`` (warning): a ``source_urls.csv`` row whose ``source_id`` is not in the manifest.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import logging
from itertools import combinations
from pathlib import Path
from typing import Literal

import polars as pl

from ascc_analysis.ingest.manifest import (
    SOURCE_URLS_NAME,
    manifest_meetings,
    read_manifest,
    read_source_urls,
)
from ascc_analysis.ingest.manifest import find_manifest_value_problems as _value_problems
from ascc_analysis.registry import Registry, load_registry

log = logging.getLogger(__name__)

#: The date ASEAN was founded: no meeting of its bodies is older.
ASEAN_FOUNDED = dt.date(1967, 8, 8)
#: Problem codes that make ``ascc sources check`` fail.
ERROR_CODES = ("bad_value", "bad_date", "unknown_body", "duplicate_meeting")
WARNING_CODES = ("no_url", "url_not_listed", "unknown_source")
ISSUES_SCHEMA: dict[str, pl.DataType] = {
    "source_id": pl.String(),
    "severity": pl.String(),  # error | warning
    "code": pl.String(),
    "column": pl.String(),
    "message": pl.String(),
}
_DATE_COLUMNS = ("date", "date_end", "date_precision")
#: Roles of ``source_urls.csv`` that are official: the statement itself or a page of ASEAN or a government.
OFFICIAL_ROLES = ("statement_pdf", "official_page", "chair_site")


@dataclasses.dataclass(frozen=True)
class SourcesCheck:
    """What :func:`check_sources` found.

    Attributes:
        issues: ``source_id, severity, code, column, message``, errors first, then by code and source_id.
        manifest: The manifest as :func:`read_manifest` returns it (``None`` when a value is malformed).
        source_urls: ``source_urls.csv`` as :func:`read_source_urls` returns it (``None`` when there is none).
    """

    issues: pl.DataFrame
    manifest: pl.DataFrame | None
    source_urls: pl.DataFrame | None

    @property
    def n_errors(self) -> int:
        """The number of problems of severity ``error``."""
        return int((self.issues.get_column("severity") == "error").sum())


def _issue(source_id: str | None, code: str, column: str | None, message: str) -> dict[str, str | None]:
    severity = "error" if code in ERROR_CODES else "warning"
    return {"source_id": source_id, "severity": severity, "code": code, "column": column, "message": message}


def _issues_frame(issues: list[dict[str, str | None]]) -> pl.DataFrame:
    order = {code: rank for rank, code in enumerate((*ERROR_CODES, *WARNING_CODES))}
    frame = pl.DataFrame(issues, schema=ISSUES_SCHEMA, orient="row")
    return (
        frame.with_columns(_order=pl.col("code").replace_strict(order, default=99, return_dtype=pl.Int64))
        .sort("_order", "source_id", "column", "message", nulls_last=True, maintain_order=True)
        .drop("_order")
    )


def _closest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _date_issues(manifest: pl.DataFrame, *, today: dt.date) -> list[dict[str, str | None]]:
    issues = []
    for row in manifest.filter(pl.col("date").is_not_null()).iter_rows(named=True):
        date, precision, source_id = row["date"], row["date_precision"], row["source_id"]
        if precision == "month" and date.day != 1:
            issues.append(_issue(source_id, "bad_date", "date", f"date {date} at month precision is not a 1st"))
        if precision == "year" and (date.month, date.day) != (1, 1):
            issues.append(_issue(source_id, "bad_date", "date", f"date {date} at year precision is not 1 January"))
        if date < ASEAN_FOUNDED:
            issues.append(_issue(source_id, "bad_date", "date", f"date {date} is before ASEAN was founded (1967)"))
        if date > today:
            issues.append(_issue(source_id, "bad_date", "date", f"date {date} is in the future (today is {today})"))
    return issues


def _duplicate_issues(meetings: pl.DataFrame) -> list[dict[str, str | None]]:
    issues = []
    keys = ("meeting_body_id", "meeting_no", "is_plus_three")
    repeated = meetings.filter(pl.col("meeting_no").is_not_null() & pl.len().over(keys).gt(1))
    for key, group in repeated.group_by(keys, maintain_order=True):
        body_id, number, plus_three = key
        name = f"{body_id}:{number}{'+3' if plus_three else ''}"
        for first, second in combinations(group.iter_rows(named=True), 2):
            if first["source_id"] == second["source_id"] or first["date"] is None or second["date"] is None:
                clash = True
            else:
                first_end = first["date_end"] or first["date"]
                second_end = second["date_end"] or second["date"]
                clash = first["date"] <= second_end and second["date"] <= first_end
            if clash:
                issues.append(
                    _issue(
                        second["source_id"],
                        "duplicate_meeting",
                        "meeting_no" if second["is_primary"] else "other_meetings",
                        f"meeting {name} is also in row {first['source_id']}, at an overlapping or unknown date",
                    )
                )
    return issues


def check_sources(
    manifest_path: Path,
    *,
    source_urls_path: Path | None = None,
    registry: Registry | None = None,
    today: dt.date | None = None,
) -> SourcesCheck:
    """Check the source manifest and its list of addresses, listing every problem (see the module's codes).

    Args:
        manifest_path: The manifest (``data/raw/sources.csv``).
        source_urls_path: Its addresses; default ``source_urls.csv`` beside the manifest (checked when present).
        registry: The bodies registry (default: the package's).
        today: The date after which a meeting date is in the future (default: today).

    Returns:
        The problems, with the manifest and the addresses as read.

    Raises:
        ManifestError: A file is missing, empty, not UTF-8 or not CSV, or lacks or adds a column; or
            ``source_urls.csv`` holds a malformed value.
    """
    registry = registry if registry is not None else load_registry()
    today = today if today is not None else dt.date.today()
    urls_path = source_urls_path if source_urls_path is not None else manifest_path.with_name(SOURCE_URLS_NAME)
    source_urls = read_source_urls(urls_path) if source_urls_path is not None or urls_path.is_file() else None
    problems = _value_problems(manifest_path)
    if problems.height:
        issues = [
            _issue(
                row["source_id"],
                "bad_date" if row["column"] in _DATE_COLUMNS else "bad_value",
                row["column"],
                f"row {row['row']}: {row['column']} {row['value'] or ''!r} is not valid; expected {row['accepted']}",
            )
            for row in problems.iter_rows(named=True)
        ]
        return SourcesCheck(_issues_frame(issues), None, source_urls)

    manifest = read_manifest(manifest_path)
    issues = _date_issues(manifest, today=today)
    known = [body.id for body in registry.bodies]
    meetings = manifest_meetings(manifest)
    for row in meetings.filter(~pl.col("meeting_body_id").is_in(known)).iter_rows(named=True):
        column = "meeting_body_id" if row["is_primary"] else "other_meetings"
        issues.append(
            _issue(
                row["source_id"],
                "unknown_body",
                column,
                f"{column} {row['meeting_body_id']!r} is not a body id of the registry"
                + _closest(row["meeting_body_id"], known),
            )
        )
    issues += _duplicate_issues(meetings)
    listed = (
        source_urls
        if source_urls is not None
        else pl.DataFrame(schema={"source_id": pl.String(), "url": pl.String(), "role": pl.String()})
    )
    official = set(listed.filter(pl.col("role").is_in(OFFICIAL_ROLES)).get_column("source_id").to_list())
    news = listed.filter(pl.col("role") == "news").group_by("source_id").len()
    n_news = dict(zip(news.get_column("source_id").to_list(), news.get_column("len").to_list(), strict=True))
    pairs = set(listed.select("source_id", "url").iter_rows())
    for row in manifest.iter_rows(named=True):
        source_id = row["source_id"]
        if row["url"] is None and source_id not in official:
            reports = n_news.get(source_id, 0)
            issues.append(
                _issue(
                    source_id,
                    "no_url",
                    "url",
                    "no official address" + (f" ({reports} news report(s) listed)" if reports else ""),
                )
            )
        if row["url"] is not None and source_urls is not None and (source_id, row["url"]) not in pairs:
            issues.append(_issue(source_id, "url_not_listed", "url", f"url {row['url']} is not in {urls_path.name}"))
    ids = set(manifest.get_column("source_id").to_list())
    for source_id in sorted(set(listed.get_column("source_id").to_list()) - ids):
        issues.append(
            _issue(source_id, "unknown_source", "source_id", f"{urls_path.name} lists a row not in the manifest")
        )
    log.info("checked %d manifest rows: %d problem(s)", manifest.height, len(issues))
    return SourcesCheck(_issues_frame(issues), manifest, source_urls)


def source_coverage(manifest: pl.DataFrame, source_urls: pl.DataFrame | None = None) -> pl.DataFrame:
    """What is known about getting each manifest row's statement.

    Returns:
        ``source_id, meeting_body_id, year, has_official_url, has_news_url, has_file``, in manifest order:
        ``has_official_url`` when the row's ``url`` is set or ``source_urls.csv`` lists an official address for it
        (:data:`OFFICIAL_ROLES`), ``has_news_url`` when it lists a news report, ``has_file`` when the manifest
        records a file.
    """
    listed = (
        source_urls.select("source_id", "role")
        if source_urls is not None
        else pl.DataFrame(schema={"source_id": pl.String(), "role": pl.String()})
    )
    official = listed.filter(pl.col("role").is_in(OFFICIAL_ROLES)).get_column("source_id").unique().implode()
    news = listed.filter(pl.col("role") == "news").get_column("source_id").unique().implode()
    return manifest.select(
        "source_id",
        "meeting_body_id",
        year=pl.col("date").dt.year().cast(pl.Int32),
        has_official_url=pl.col("url").is_not_null() | pl.col("source_id").is_in(official),
        has_news_url=pl.col("source_id").is_in(news),
        has_file=pl.col("file").is_not_null(),
    )


def coverage_by(coverage: pl.DataFrame, *, by: Literal["meeting_body_id", "year"]) -> pl.DataFrame:
    """Coverage counts per meeting body or per year, with a total row last.

    Args:
        coverage: :func:`source_coverage`.
        by: The grouping column.

    Returns:
        ``<by>, n_meetings, n_official_url, n_news_only, n_no_url, n_files, share_official_url`` sorted by ``by``
        (undated meetings first when by year), then a row whose ``by`` is null with the totals. ``n_news_only``
        counts meetings with a news report but no official address.
    """
    counts = [
        pl.len().cast(pl.Int64).alias("n_meetings"),
        pl.col("has_official_url").sum().cast(pl.Int64).alias("n_official_url"),
        (pl.col("has_news_url") & ~pl.col("has_official_url")).sum().cast(pl.Int64).alias("n_news_only"),
        (~pl.col("has_news_url") & ~pl.col("has_official_url")).sum().cast(pl.Int64).alias("n_no_url"),
        pl.col("has_file").sum().cast(pl.Int64).alias("n_files"),
    ]
    groups = coverage.group_by(by).agg(counts).sort(by, nulls_last=False)
    total = coverage.select(counts).with_columns(pl.lit(None, dtype=coverage.schema[by]).alias(by))
    table = pl.concat([groups, total.select(groups.columns)])
    return table.with_columns(share_official_url=pl.col("n_official_url") / pl.col("n_meetings"))
