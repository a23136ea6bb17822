"""Fetching the manifest's sources: :func:`fetch_sources` downloads the statements ``sources.csv`` lists.

Part of the acquisition stage (:mod:`ascc_analysis.ingest.fetch`), behind ``ascc fetch``. Reads the source manifest
(``data/raw/sources.csv``); for each selected row fetches its ``url`` (through the polite client of
:mod:`~ascc_analysis.ingest.fetch.session`, following a statement page to its PDF with
:func:`~ascc_analysis.ingest.fetch.links.find_statement_link`), writes the statement (and a landing page) into the
raw folder with a ``.meta.json`` sidecar each, and records ``file`` and ``sha256`` in the manifest after each
success. Returns one :class:`FetchResult` per row.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import httpx
import polars as pl

from ascc_analysis.catalog import sha256_file, write_bytes_atomic
from ascc_analysis.errors import ParameterError
from ascc_analysis.ingest.fetch.files import _set_row, _sidecar_path, safe_raw_path
from ascc_analysis.ingest.fetch.links import find_statement_link
from ascc_analysis.ingest.fetch.session import DEFAULT_MAX_BYTES, _client_or, _Download, _FetchFailed, _Session
from ascc_analysis.ingest.manifest import SOURCE_URLS_NAME, read_manifest, read_source_urls, urls_of, write_manifest

log = logging.getLogger(__name__)

FetchStatus = Literal["fetched", "news", "skipped", "failed", "planned"]
#: The suffix of a news report's file: ``<source_id>.news.html``. The build never reads such a file.
NEWS_SUFFIX = ".news"


@dataclass(frozen=True)
class FetchResult:
    """What happened to one manifest row in :func:`fetch_sources`.

    Attributes:
        source_id: The manifest row.
        status: ``fetched`` (downloaded now), ``news`` (no address gave the statement; a news report about the
            meeting was kept as ``<source_id>.news.html``, a secondary source the build does not read),
            ``skipped`` (the file is already there with the manifest's sha256), ``failed`` (nothing written for
            it; see ``reason``) or ``planned`` (a dry run would fetch it).
        file: The statement file (for ``news``, the news report), relative to the raw folder (``None`` when failed
            or planned).
        size: Its size in bytes (``None`` when failed or planned).
        reason: Why it failed or was skipped, what a dry run would fetch, or a note on a fetched file.
    """

    source_id: str
    status: FetchStatus
    file: str | None
    size: int | None
    reason: str | None


@dataclass(frozen=True)
class _Planned:
    """A file to write for a source: its name below the raw folder and what to record in its sidecar."""

    name: str
    download: _Download
    landing_url: str | None = None
    role: str = "official_page"


def _check_options(*, delay: float, timeout: float, retries: int, max_bytes: int) -> None:
    for name, value, accepted in (
        ("delay", delay, "a number of seconds >= 0"),
        ("timeout", timeout, "a number of seconds > 0"),
        ("retries", retries, "a whole number >= 0"),
        ("max_bytes", max_bytes, "a number of bytes >= 1"),
    ):
        too_small = value <= 0 if name in ("timeout", "max_bytes") else value < 0
        if too_small:
            raise ParameterError(f"{name} {value!r} is not valid; expected {accepted}")


def _select_rows(
    manifest: pl.DataFrame,
    only: Sequence[str],
    *,
    manifest_path: Path,
    source_urls: pl.DataFrame | None,
) -> list[dict[str, Any]]:
    if only:
        known = set(manifest.get_column("source_id").to_list())
        unknown = [source_id for source_id in only if source_id not in known]
        if unknown:
            raise ParameterError(
                f"--only {', '.join(repr(source_id) for source_id in unknown)}: not a source_id in {manifest_path}; "
                f"accepted: the ids in its source_id column (for example {sorted(known)[0]!r})"
                if known
                else f"--only {unknown[0]!r}: {manifest_path} has no rows"
            )
        return [row for row in manifest.iter_rows(named=True) if row["source_id"] in set(only)]
    rows = [row for row in manifest.iter_rows(named=True) if urls_of(source_urls, row)]
    log.info("%d of %d manifest rows have a url", len(rows), manifest.height)
    return rows


def _local_copy(row: Mapping[str, Any], raw_dir: Path) -> tuple[str, int] | None:
    """The file already in the raw folder whose sha256 is the manifest's, with its size, if there is one."""
    expected = row["sha256"]
    if not expected:
        return None
    source_id = row["source_id"]
    names = [row["file"]] if row["file"] else []
    names += [f"{source_id}.pdf", f"{source_id}.html"]
    for name in names:
        path = safe_raw_path(raw_dir, name)
        if path.is_file() and sha256_file(path) == expected:
            return name, path.stat().st_size
    return None


def _plan_files(
    session: _Session, source_id: str, url: str, *, role: str = "official_page"
) -> tuple[list[_Planned], str | None]:
    """Download a source from one address: the statement first, then the landing page if there is one; and a note.

    Raises:
        _FetchFailed: The address gave an error, neither a PDF nor an HTML page, or a maintenance notice.
    """
    page = session.get(url)
    kind = page.kind
    if kind == "pdf":
        return [_Planned(f"{source_id}.pdf", page, role=role)], None
    if kind is None:
        raise _FetchFailed(page.describe())
    notice = page.maintenance_notice()
    if notice is not None:
        raise _FetchFailed(f"{page.final_url} is a maintenance notice ({notice!r}), not the statement; not kept")
    link = find_statement_link(page.content, base_url=page.final_url)
    if link is None or link in (page.url, page.final_url):
        return [_Planned(f"{source_id}.html", page, role=role)], "statement page (no PDF link found)"
    try:
        pdf = session.get(link)
    except _FetchFailed as exc:
        raise _FetchFailed(f"the statement page links to {link}, which failed: {exc}") from None
    if pdf.kind != "pdf":
        log.warning("%s: the page's statement link %s is not a PDF; keeping the page", source_id, link)
        return [_Planned(f"{source_id}.html", page, role=role)], f"statement page (its link {link} is not a PDF)"
    return [
        _Planned(f"{source_id}.pdf", pdf, landing_url=page.final_url, role=role),
        _Planned(f"{source_id}.landing.html", page, role=role),
    ], f"PDF linked from the statement page {page.final_url}"


def _plan_source(
    session: _Session, source_id: str, candidates: Sequence[tuple[str, str]], *, have_news: str | None = None
) -> tuple[list[_Planned], str | None, bool]:
    """Try a source's addresses in order until one gives the statement; else keep a news report.

    Returns:
        The files, a note, and whether they are a news report (not the statement). When no address gives the
        statement and ``have_news`` names a news report fetched earlier, no news address is asked again and the
        files are empty.

    Raises:
        _FetchFailed: No address gave the statement or a news report (the reason lists every address tried).
    """
    failures: list[str] = []
    official = [(url, role) for url, role in candidates if role != "news"]
    news = [(url, role) for url, role in candidates if role == "news"]
    for position, (url, role) in enumerate(official):
        try:
            files, note = _plan_files(session, source_id, url, role=role)
        except _FetchFailed as exc:
            log.info("%s: %s", source_id, exc)
            failures.append(str(exc))
            continue
        if position:
            fallback = f"from {role} {url} after {position} failed address(es): {'; '.join(failures)}"
            note = f"{note}; {fallback}" if note else fallback
        return files, note, False
    if have_news is not None and news:
        why = "; ".join(failures) if failures else "no official address"
        return [], f"no statement ({why}); the news report {have_news} is already there", True
    for url, _ in news:
        try:
            page = session.get(url)
        except _FetchFailed as exc:
            failures.append(str(exc))
            continue
        notice = page.maintenance_notice()
        if page.kind is None or notice is not None:
            failures.append(page.describe() if notice is None else f"{page.final_url} is a maintenance notice")
            continue
        suffix = ".pdf" if page.kind == "pdf" else ".html"
        why = "; ".join(failures) if failures else "no official address"
        note = (
            f"no statement ({why}); kept the news report {page.final_url} (a secondary source the build does not read)"
        )
        return [_Planned(f"{source_id}{NEWS_SUFFIX}{suffix}", page, role="news")], note, True
    if not failures:
        raise _FetchFailed("no url in the manifest or source_urls.csv")
    raise _FetchFailed("; ".join(failures))


def _sidecar(planned: _Planned, *, source_id: str) -> bytes:
    download = planned.download
    meta: dict[str, Any] = {
        "source_id": source_id,
        "url": download.url,
        "final_url": download.final_url,
        "fetched_at": download.fetched_at,
        "status": download.status,
        "content_type": download.content_type,
        "sha256": hashlib.sha256(download.content).hexdigest(),
        "size": len(download.content),
        "role": planned.role,
    }
    if planned.role == "news":
        meta["document_kind"] = "news"
    if planned.landing_url is not None:
        meta["landing_url"] = planned.landing_url
    return (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _remove_stale(raw_dir: Path, source_id: str, written: set[str]) -> None:
    """Remove files an earlier fetch wrote for this source (they have a sidecar) that this fetch replaced."""
    for name in (f"{source_id}.pdf", f"{source_id}.html", f"{source_id}.landing.html"):  # a news report stays
        path = raw_dir / name
        if name not in written and path.is_file() and _sidecar_path(path).is_file():
            log.info("%s: removing %s from an earlier fetch", source_id, path)
            path.unlink()
            _sidecar_path(path).unlink()


def _fetch_row(
    session: _Session,
    row: Mapping[str, Any],
    manifest: pl.DataFrame,
    *,
    raw_dir: Path,
    candidates: Sequence[tuple[str, str]],
) -> tuple[FetchResult, pl.DataFrame]:
    """Fetch one source, write its files and return the result with the updated manifest."""
    source_id = str(row["source_id"])
    have_news = next(
        (
            name
            for name in (f"{source_id}{NEWS_SUFFIX}.html", f"{source_id}{NEWS_SUFFIX}.pdf")
            if (raw_dir / name).is_file() and _sidecar_path(raw_dir / name).is_file()
        ),
        None,
    )
    files, note, is_news = _plan_source(session, source_id, candidates, have_news=have_news)
    if not files:  # only the news report fetched earlier
        assert have_news is not None
        size = (raw_dir / have_news).stat().st_size
        return FetchResult(source_id, "news", have_news, size, note), manifest
    statement = files[0]
    digest = hashlib.sha256(statement.download.content).hexdigest()
    if is_news:
        path = safe_raw_path(raw_dir, statement.name)
        write_bytes_atomic(path, statement.download.content)
        write_bytes_atomic(_sidecar_path(path), _sidecar(statement, source_id=source_id))
        result = FetchResult(source_id, "news", statement.name, len(statement.download.content), note)
        return result, manifest
    others = manifest.filter(pl.col("source_id") != source_id)
    clash = others.filter((pl.col("sha256") == digest) | (pl.col("file") == statement.name))
    if clash.height:
        other = clash.row(0, named=True)
        raise _FetchFailed(
            f"the statement is the same file as manifest row {other['source_id']} ({other['file'] or 'no file'}, "
            f"sha256 {digest[:12]}…); not recorded twice"
        )
    paths = [(safe_raw_path(raw_dir, planned.name), planned) for planned in files]
    for path, planned in paths:
        write_bytes_atomic(path, planned.download.content)
        write_bytes_atomic(_sidecar_path(path), _sidecar(planned, source_id=source_id))
    _remove_stale(raw_dir, source_id, {planned.name for planned in files})
    if row["sha256"] and row["sha256"] != digest:
        changed = f"the content changed since the manifest's sha256 {row['sha256'][:12]}…"
        log.warning("%s: %s", source_id, changed)
        note = f"{note}; {changed}" if note else changed
    if row["file"] and row["file"] != statement.name and safe_raw_path(raw_dir, row["file"]).is_file():
        log.warning("%s: the manifest's earlier file %s is left in place", source_id, row["file"])
    updated = _set_row(manifest, source_id, {"file": statement.name, "sha256": digest})
    result = FetchResult(source_id, "fetched", statement.name, len(statement.download.content), note)
    return result, updated


def fetch_sources(
    manifest_path: Path,
    raw_dir: Path,
    *,
    only: Sequence[str] = (),
    dry_run: bool = False,
    source_urls_path: Path | None = None,
    client: httpx.Client | None = None,
    delay: float = 1.0,
    timeout: float = 30.0,
    retries: int = 3,
    max_bytes: int = DEFAULT_MAX_BYTES,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchResult]:
    """Download the statements the source manifest lists into the raw folder.

    Each selected row's addresses are tried in order until one gives the statement: the row's ``url`` first, then
    the row's other addresses in ``source_urls.csv`` (official pages and chair sites, in file order). An address
    that fails (an HTTP error after the retries, a maintenance notice served with status 200, a response that is
    neither PDF nor HTML) passes to the next; the note says which address gave the statement. When none does, the
    row's ``news`` addresses are tried and the first news report is kept as ``<source_id>.news.html`` (status
    ``news``; its sidecar says ``"document_kind": "news"``): a secondary source, which the build never reads and
    the manifest does not record as the statement, so the next fetch tries the official addresses again.
    Redirects are followed (to another host too, up to :data:`MAX_REDIRECTS`; a loop is reported).
    A PDF is kept as ``<source_id>.pdf``. An HTML statement page that links to the full statement PDF (see
    :func:`find_statement_link`) gives ``<source_id>.pdf`` and the page as ``<source_id>.landing.html``; a page
    with no such link is kept as ``<source_id>.html``. Every file gets a ``.meta.json`` sidecar. A row whose file is
    already there with the manifest's ``sha256`` is skipped without a request. Connection errors, timeouts, 5xx and
    429 responses are retried ``retries`` times with exponential back-off (:data:`BACKOFF_SECONDS`, doubling) or the
    server's ``Retry-After`` (at most :data:`RETRY_AFTER_CAP`); ``delay`` seconds pass between requests.

    A source that fails leaves no file behind and does not stop the others. The manifest's ``file`` and ``sha256``
    are updated (atomically) after each success, and only for successes.

    Args:
        manifest_path: The source manifest (``data/raw/sources.csv``).
        raw_dir: The raw folder the files are written to (created if missing).
        only: Fetch only these source ids (rows without a url then fail with that reason); by default every row
            with a url.
        dry_run: Report what would be fetched (``planned``) or skipped; write nothing and make no request.
        source_urls_path: The list of every known address per row (default: ``source_urls.csv`` beside the
            manifest, when it exists; without it only the rows' ``url`` is tried).
        client: An HTTP client to use (default: a new one, closed at the end). Requests set their own User-Agent,
            timeout and redirect handling.
        delay: Seconds to wait between requests.
        timeout: Seconds to wait for the server to connect, accept or send data.
        retries: Retries after a first failed attempt.
        max_bytes: The largest response accepted; a longer one is cut off and the source fails as "too large".
        sleep: The function that waits (tests pass one that records instead).

    Returns:
        One result per selected row, in manifest order.

    Raises:
        ManifestError: The manifest or ``source_urls.csv`` cannot be read or is invalid.
        ParameterError: An id in ``only`` is not in the manifest, or an option is out of range.
    """
    _check_options(delay=delay, timeout=timeout, retries=retries, max_bytes=max_bytes)
    manifest = read_manifest(manifest_path)
    urls_path = source_urls_path if source_urls_path is not None else manifest_path.parent / SOURCE_URLS_NAME
    source_urls = read_source_urls(urls_path) if source_urls_path is not None or urls_path.is_file() else None
    rows = _select_rows(manifest, only, manifest_path=manifest_path, source_urls=source_urls)
    results: list[FetchResult] = []
    with _client_or(client, timeout=timeout) as http:  # a dry run makes no request with it
        session = _Session(http, delay=delay, timeout=timeout, retries=retries, max_bytes=max_bytes, sleep=sleep)
        for row in rows:
            source_id = str(row["source_id"])
            try:
                candidates = urls_of(source_urls, row)
                if not candidates:
                    where = f"{manifest_path} or {urls_path}" if source_urls is not None else str(manifest_path)
                    raise _FetchFailed(f"no url in {where}")
                found = _local_copy(row, raw_dir)
                if found is not None:
                    name, size = found
                    results.append(FetchResult(source_id, "skipped", name, size, "already there (sha256 matches)"))
                elif dry_run:
                    first, role = candidates[0]
                    more = f" (then {len(candidates) - 1} other address(es) in order)" if len(candidates) > 1 else ""
                    kind = f" ({role})" if role != "official_page" else ""
                    results.append(FetchResult(source_id, "planned", None, None, f"would fetch {first}{kind}{more}"))
                else:
                    result, manifest = _fetch_row(session, row, manifest, raw_dir=raw_dir, candidates=candidates)
                    if result.status == "fetched":
                        write_manifest(manifest, manifest_path)
                    results.append(result)
            except (_FetchFailed, ParameterError) as exc:
                log.warning("%s: %s", source_id, exc)
                results.append(FetchResult(source_id, "failed", None, None, str(exc)))
            except (httpx.HTTPError, httpx.InvalidURL) as exc:  # a broken gzip stream, a malformed address, ...
                reason = f"{type(exc).__name__}: {exc}"
                log.warning("%s: %s", source_id, reason)
                results.append(FetchResult(source_id, "failed", None, None, reason))
            except OSError as exc:
                reason = f"cannot write to {raw_dir} ({exc.strerror or exc})"
                log.warning("%s: %s", source_id, reason)
                results.append(FetchResult(source_id, "failed", None, None, reason))
            else:
                log.info("%s: %s", source_id, results[-1].status)
    return results
