"""Corpus acquisition: download the statements the source manifest lists, or add a user's own file.

The acquisition stage, before parsing. It is the only code that writes the raw folder (``data/raw/``): the user
asks for it with ``ascc fetch`` (:func:`fetch_sources`) or ``ascc add`` (:func:`add_statement`). Both keep a
statement's original bytes untouched, name files after the manifest's ``source_id`` (never after anything a server
or a URL says), write atomically (temporary file, then :func:`os.replace`), and record ``file`` and ``sha256`` in
the source manifest (``data/raw/sources.csv``, through :mod:`ascc_analysis.ingest.manifest`).

Files written by :func:`fetch_sources`, for a manifest row ``ascc-council-32``:

- ``ascc-council-32.pdf`` — the statement PDF (the URL gave a PDF, or a statement page linked to one);
- ``ascc-council-32.landing.html`` — the statement page that linked to the PDF, kept for reference (the build
  does not read it, so the statement is not counted twice);
- ``ascc-council-32.html`` — the statement page itself, when it links to no PDF;
- ``ascc-council-32.news.html`` — a news report about the meeting, kept when no official address gave the
  statement (a secondary source: the manifest does not record it and the build never reads it);
- ``<file>.meta.json`` beside each of them — where and when it was fetched: ``url``, ``final_url`` (after
  redirects), ``fetched_at`` (UTC, ISO 8601), HTTP ``status``, ``content_type``, ``sha256``, ``size``, and for a
  PDF reached through a page, ``landing_url``.

Modules:
    * :mod:`~ascc_analysis.ingest.fetch.session` — the polite HTTP client (delay, retries with back-off, redirects,
      size limit);
    * :mod:`~ascc_analysis.ingest.fetch.links` — :func:`find_statement_link`, from a statement page to its PDF;
    * :mod:`~ascc_analysis.ingest.fetch.files` — safe paths in the raw folder, hashes, sidecars, manifest rows;
    * :mod:`~ascc_analysis.ingest.fetch.sources` — :func:`fetch_sources` (``ascc fetch``);
    * :mod:`~ascc_analysis.ingest.fetch.add` — :func:`add_statement` and :func:`match_meeting` (``ascc add``).
"""

from __future__ import annotations

from ascc_analysis.ingest.fetch.add import add_statement, match_meeting
from ascc_analysis.ingest.fetch.files import safe_raw_path
from ascc_analysis.ingest.fetch.links import find_statement_link
from ascc_analysis.ingest.fetch.session import (
    BACKOFF_SECONDS,
    DEFAULT_MAX_BYTES,
    MAX_REDIRECTS,
    RETRY_AFTER_CAP,
    USER_AGENT,
    parse_byte_size,
)
from ascc_analysis.ingest.fetch.sources import NEWS_SUFFIX, FetchResult, FetchStatus, fetch_sources

__all__ = [
    "BACKOFF_SECONDS",
    "DEFAULT_MAX_BYTES",
    "MAX_REDIRECTS",
    "NEWS_SUFFIX",
    "RETRY_AFTER_CAP",
    "USER_AGENT",
    "FetchResult",
    "FetchStatus",
    "add_statement",
    "fetch_sources",
    "find_statement_link",
    "match_meeting",
    "parse_byte_size",
    "safe_raw_path",
]
