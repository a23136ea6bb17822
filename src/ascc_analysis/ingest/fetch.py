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
- ``<file>.meta.json`` beside each of them — where and when it was fetched: ``url``, ``final_url`` (after
  redirects), ``fetched_at`` (UTC, ISO 8601), HTTP ``status``, ``content_type``, ``sha256``, ``size``, and for a
  PDF reached through a page, ``landing_url``.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import json
import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import httpx
import polars as pl
from bs4 import BeautifulSoup

from ascc_analysis import __version__
from ascc_analysis.catalog import write_bytes_atomic
from ascc_analysis.errors import InputError, ManifestError, ParameterError
from ascc_analysis.ingest.manifest import (
    MANIFEST_COLUMNS,
    MANIFEST_SCHEMA,
    read_chairmanships,
    read_manifest,
    write_manifest,
)
from ascc_analysis.ingest.metadata import DateSpan, canonical_country, parse_date
from ascc_analysis.ingest.readers import SUPPORTED_SUFFIXES
from ascc_analysis.registry import Registry, load_registry

log = logging.getLogger(__name__)

FetchStatus = Literal["fetched", "skipped", "failed", "planned"]

#: Sent with every request, so that a site's operators can tell who is fetching and why.
USER_AGENT = f"ascc-analysis/{__version__} (+research; contact in README)"
#: Redirects followed for one URL before giving up.
MAX_REDIRECTS = 10
#: First back-off pause (seconds) before a retry; it doubles with every further retry.
BACKOFF_SECONDS = 1.0
#: Longest pause (seconds) a server's ``Retry-After`` header can ask for.
RETRY_AFTER_CAP = 60.0
#: Default of ``max_bytes``: the largest response accepted (50 MB).
DEFAULT_MAX_BYTES = 50_000_000

_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_ACCEPT = "application/pdf, text/html;q=0.9, application/xhtml+xml;q=0.9, */*;q=0.1"
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
#: Anchor texts that offer the full statement, strongest first.
_FULL_STATEMENT = re.compile(r"\bfull\s+(?:text\s+of\s+the\s+)?statement\b", re.IGNORECASE)
_DOWNLOAD = re.compile(r"\bdownload\b", re.IGNORECASE)
#: Elements that hold a page's main content, tried in order (the whole body when none is there).
_MAIN_CONTENT = ("main", "article", "[role=main]", ".entry-content", ".post-content", "#content", ".content")
_BYTE_UNITS = {
    "": 1,
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}
_URL_RE = re.compile(r"^https?://\S+$")
#: Words allowed in a --date beside numbers: month names, ordinal suffixes and joining words.
_DATE_WORDS = frozenset(
    re.findall(
        r"[a-z]+",
        "january february march april may june july august september october november december "
        "jan feb mar apr jun jul aug sep sept oct nov dec st nd rd th of to and",
    )
)


@dataclass(frozen=True)
class FetchResult:
    """What happened to one manifest row in :func:`fetch_sources`.

    Attributes:
        source_id: The manifest row.
        status: ``fetched`` (downloaded now), ``skipped`` (the file is already there with the manifest's
            sha256), ``failed`` (nothing written for it; see ``reason``) or ``planned`` (a dry run would fetch it).
        file: The statement file, relative to the raw folder (``None`` when failed or planned).
        size: Its size in bytes (``None`` when failed or planned).
        reason: Why it failed or was skipped, what a dry run would fetch, or a note on a fetched file.
    """

    source_id: str
    status: FetchStatus
    file: str | None
    size: int | None
    reason: str | None


class _FetchFailed(Exception):
    """One source cannot be fetched; the message is the reason shown to the user."""


# ------------------------------------------------------------------------------------------ small helpers


def parse_byte_size(text: str) -> int:
    """A size such as ``"50MB"``, ``"512 KiB"`` or ``"1000"`` in bytes.

    Args:
        text: A whole or decimal number, optionally followed by a unit: B, kB, MB, GB (powers of 1000) or KiB,
            MiB, GiB (powers of 1024); case-insensitive.

    Returns:
        The number of bytes (at least 1).

    Raises:
        ParameterError: The text is not such a size, or is zero.
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", text)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _BYTE_UNITS:
        raise ParameterError(
            f"size {text!r} is not valid; expected a number with an optional unit B, kB, MB, GB, KiB, MiB or GiB "
            "(for example '50MB')"
        )
    size = int(float(match.group(1)) * _BYTE_UNITS[unit])
    if size < 1:
        raise ParameterError(f"size {text!r} is not valid; expected at least 1 byte")
    return size


def safe_raw_path(raw_dir: Path, name: str) -> Path:
    """The path of a file below the raw folder, refusing any name that could lead outside it.

    Args:
        raw_dir: The raw folder.
        name: A path relative to it, with forward slashes (``ascc-council-32.pdf``, ``ascc/2024.pdf``).

    Returns:
        ``raw_dir / name``.

    Raises:
        ParameterError: The name is empty, absolute, holds a NUL or control character, a backslash, a drive
            letter or a ``..`` part, or resolves (through a symbolic link) outside the raw folder.
    """
    parts = PurePosixPath(name).parts
    if (
        not name.strip()
        or any(ord(char) < 32 for char in name)
        or "\\" in name
        or name.startswith("/")
        or re.match(r"^[A-Za-z]:", name)
        or any(part in ("..", ".") for part in name.split("/"))
        or not parts
    ):
        raise ParameterError(
            f"file name {name!r} is not safe inside {raw_dir}; expected a relative path with forward slashes and "
            "no '..' parts (for example 'ascc-council-32.pdf')"
        )
    path = raw_dir.joinpath(*parts)
    root = raw_dir.resolve()
    if not path.resolve().is_relative_to(root):
        raise ParameterError(f"file name {name!r} leads outside the raw folder {raw_dir}; refusing to write it")
    return path


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sidecar_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.meta.json")


def _format_size(size: int) -> str:
    return f"{size:,} bytes"


# ------------------------------------------------------------------------------------------ HTML pages


def find_statement_link(html: bytes | str, *, base_url: str) -> str | None:
    """The link to the full statement PDF that a statement page offers, if any.

    Only the page's main content is searched (``<main>``, ``<article>``, ``[role=main]``, common content
    classes; else the whole body), so menus and footers do not count. Links are ranked, earliest first within a
    rank: anchor text naming the full statement ("Full statement", "Download the full statement here") to a
    ``.pdf``; such text to any address; "Download" to a ``.pdf``; any ``.pdf`` link; "Download" to any address.

    Args:
        html: The page.
        base_url: The page's address (after redirects), against which relative links are resolved (a
            ``<base href>`` in the page takes precedence).

    Returns:
        The absolute ``http(s)`` address of the best link, or ``None`` when the page offers none.
    """
    soup = BeautifulSoup(html, "lxml")
    base_tag = soup.find("base", href=True)
    base = urljoin(base_url, str(base_tag["href"])) if base_tag is not None else base_url
    scope: Any = next((found for selector in _MAIN_CONTENT if (found := soup.select_one(selector))), None)
    if scope is None:
        scope = soup.body or soup
    ranked: list[tuple[int, int, str]] = []
    for index, anchor in enumerate(scope.find_all("a", href=True)):
        href = str(anchor["href"]).strip()
        if not href or href.startswith("#"):
            continue
        url = urljoin(base, href)
        if urlsplit(url).scheme not in ("http", "https"):
            continue
        text = " ".join(f"{anchor.get_text(' ', strip=True)} {anchor.get('title') or ''}".split())
        is_pdf = urlsplit(url).path.lower().endswith(".pdf")
        if _FULL_STATEMENT.search(text):
            rank = 0 if is_pdf else 1
        elif _DOWNLOAD.search(text):
            rank = 2 if is_pdf else 4
        elif is_pdf:
            rank = 3
        else:
            continue
        ranked.append((rank, index, url))
    return min(ranked)[2] if ranked else None


# ------------------------------------------------------------------------------------------ HTTP


@dataclass(frozen=True)
class _Download:
    """A successful response, read whole."""

    url: str  # asked for
    final_url: str  # after redirects
    status: int
    content_type: str  # media type only, lower case ("application/pdf")
    content: bytes
    fetched_at: str

    @property
    def kind(self) -> Literal["pdf", "html"] | None:
        """``pdf`` (by the ``%PDF`` magic), ``html`` (by content type or markup), or ``None``."""
        if b"%PDF-" in self.content[:1024]:
            return "pdf"
        if self.content_type in _HTML_TYPES or (not self.content_type and _HTML_START.match(self.content[:512])):
            return "html"
        return None

    def describe(self) -> str:
        """Why the response is neither a PDF nor an HTML page."""
        if self.content_type == "application/pdf":
            return f"{self.final_url} says it is a PDF but its bytes do not start with %PDF"
        return f"{self.final_url} gave {self.content_type or 'no content type'}; expected a PDF or an HTML page"


def _retry_after(headers: httpx.Headers) -> float | None:
    """Seconds asked for by a ``Retry-After`` header (a number or an HTTP date), or ``None``."""
    value = headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class _Session:
    """Polite GET requests: delay between requests, retries with back-off, redirects, a size limit."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        delay: float,
        timeout: float,
        retries: int,
        max_bytes: int,
        sleep: Callable[[float], None],
    ) -> None:
        self._client = client
        self._delay = delay
        self._timeout = timeout
        self._retries = retries
        self._max_bytes = max_bytes
        self._sleep = sleep
        self._n_requests = 0
        self._rested = False

    def _pause(self, seconds: float) -> None:
        if seconds > 0:
            self._sleep(seconds)
        self._rested = True

    def get(self, url: str) -> _Download:
        """GET a URL, following up to :data:`MAX_REDIRECTS` redirects; a loop is reported, not followed."""
        chain = [url]
        current = url
        while True:
            response_status, headers, content, phrase = self._request(current)
            if response_status in _REDIRECT_STATUSES and "location" in headers:
                target = urljoin(current, headers["location"].strip())
                if urlsplit(target).scheme not in ("http", "https"):
                    raise _FetchFailed(f"{current} redirects to {target!r}, which is not an http(s) address")
                if target in chain:
                    loop = " -> ".join([*chain[chain.index(target) :], target])
                    raise _FetchFailed(f"redirect loop: {loop}")
                if len(chain) > MAX_REDIRECTS:
                    raise _FetchFailed(f"more than {MAX_REDIRECTS} redirects from {url}")
                chain.append(target)
                current = target
                continue
            if not 200 <= response_status < 300:
                raise _FetchFailed(f"HTTP {response_status} {phrase} from {current}".replace("  ", " "))
            media_type = headers.get("content-type", "").split(";")[0].strip().lower()
            fetched_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
            return _Download(url, current, response_status, media_type, content, fetched_at)

    def _request(self, url: str) -> tuple[int, httpx.Headers, bytes, str]:
        """One GET (with retries); the body is read only for a 2xx response."""
        attempt = 0
        while True:
            if self._n_requests and not self._rested and self._delay > 0:
                self._sleep(self._delay)
            self._rested = False
            self._n_requests += 1
            wait: float | None = None
            try:
                result = self._stream(url)
            except httpx.TimeoutException as exc:
                error = f"timed out after {self._timeout:g} s ({type(exc).__name__}) on {url}"
            except httpx.TransportError as exc:
                error = f"connection failed ({str(exc) or type(exc).__name__}) on {url}"
            else:
                status, headers, _, phrase = result
                if status != 429 and status < 500:
                    return result
                error = f"HTTP {status} {phrase} from {url}".replace("  ", " ")
                asked = _retry_after(headers)
                if asked is not None:
                    wait = min(asked, RETRY_AFTER_CAP)
            if attempt >= self._retries:
                tries = f" (after {attempt + 1} attempts)" if attempt else ""
                raise _FetchFailed(error + tries)
            wait = wait if wait is not None else BACKOFF_SECONDS * 2**attempt
            log.info("%s; retrying in %g s", error, wait)
            self._pause(wait)
            attempt += 1

    def _stream(self, url: str) -> tuple[int, httpx.Headers, bytes, str]:
        request_headers = {"User-Agent": USER_AGENT, "Accept": _ACCEPT}
        with self._client.stream(
            "GET", url, headers=request_headers, timeout=self._timeout, follow_redirects=False
        ) as response:
            status, headers, phrase = response.status_code, response.headers, response.reason_phrase
            if not 200 <= status < 300:
                return status, headers, b"", phrase
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self._max_bytes:
                raise _FetchFailed(
                    f"too large: {url} declares {_format_size(int(declared))}, over the limit of "
                    f"{_format_size(self._max_bytes)} (--max-bytes)"
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > self._max_bytes:
                    raise _FetchFailed(
                        f"too large: {url} sent more than the limit of {_format_size(self._max_bytes)} "
                        "(--max-bytes); download stopped"
                    )
            return status, headers, bytes(body), phrase


@contextmanager
def _client_or(client: httpx.Client | None, *, timeout: float) -> Iterator[httpx.Client]:
    if client is not None:
        yield client
        return
    with httpx.Client(headers={"User-Agent": USER_AGENT}, timeout=timeout, follow_redirects=False) as own:
        yield own


# ------------------------------------------------------------------------------------------ fetch


@dataclass(frozen=True)
class _Planned:
    """A file to write for a source: its name below the raw folder and what to record in its sidecar."""

    name: str
    download: _Download
    landing_url: str | None = None


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


def _select_rows(manifest: pl.DataFrame, only: Sequence[str], *, manifest_path: Path) -> list[dict[str, Any]]:
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
    rows = [row for row in manifest.iter_rows(named=True) if row["url"] is not None]
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
        if path.is_file() and _sha256_file(path) == expected:
            return name, path.stat().st_size
    return None


def _plan_files(session: _Session, source_id: str, url: str) -> tuple[list[_Planned], str | None]:
    """Download a source: the statement first, then the landing page if there is one; and a note."""
    page = session.get(url)
    kind = page.kind
    if kind == "pdf":
        return [_Planned(f"{source_id}.pdf", page)], None
    if kind is None:
        raise _FetchFailed(page.describe())
    link = find_statement_link(page.content, base_url=page.final_url)
    if link is None or link in (page.url, page.final_url):
        return [_Planned(f"{source_id}.html", page)], "statement page (no PDF link found)"
    try:
        pdf = session.get(link)
    except _FetchFailed as exc:
        raise _FetchFailed(f"the statement page links to {link}, which failed: {exc}") from None
    if pdf.kind != "pdf":
        log.warning("%s: the page's statement link %s is not a PDF; keeping the page", source_id, link)
        return [_Planned(f"{source_id}.html", page)], f"statement page (its link {link} is not a PDF)"
    return [
        _Planned(f"{source_id}.pdf", pdf, landing_url=page.final_url),
        _Planned(f"{source_id}.landing.html", page),
    ], f"PDF linked from the statement page {page.final_url}"


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
    }
    if planned.landing_url is not None:
        meta["landing_url"] = planned.landing_url
    return (json.dumps(meta, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _remove_stale(raw_dir: Path, source_id: str, written: set[str]) -> None:
    """Remove files an earlier fetch wrote for this source (they have a sidecar) that this fetch replaced."""
    for name in (f"{source_id}.pdf", f"{source_id}.html", f"{source_id}.landing.html"):
        path = raw_dir / name
        if name not in written and path.is_file() and _sidecar_path(path).is_file():
            log.info("%s: removing %s from an earlier fetch", source_id, path)
            path.unlink()
            _sidecar_path(path).unlink()


def _set_row(manifest: pl.DataFrame, source_id: str, values: Mapping[str, Any]) -> pl.DataFrame:
    is_row = pl.col("source_id") == source_id
    return manifest.with_columns(
        pl.when(is_row).then(pl.lit(value, dtype=MANIFEST_SCHEMA[column])).otherwise(pl.col(column)).alias(column)
        for column, value in values.items()
    )


def _fetch_row(
    session: _Session, row: Mapping[str, Any], manifest: pl.DataFrame, *, raw_dir: Path
) -> tuple[FetchResult, pl.DataFrame]:
    """Fetch one source, write its files and return the result with the updated manifest."""
    source_id = str(row["source_id"])
    files, note = _plan_files(session, source_id, str(row["url"]))
    statement = files[0]
    digest = hashlib.sha256(statement.download.content).hexdigest()
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
    client: httpx.Client | None = None,
    delay: float = 1.0,
    timeout: float = 30.0,
    retries: int = 3,
    max_bytes: int = DEFAULT_MAX_BYTES,
    sleep: Callable[[float], None] = time.sleep,
) -> list[FetchResult]:
    """Download the statements the source manifest lists into the raw folder.

    Each selected row's ``url`` is fetched (redirects followed, up to :data:`MAX_REDIRECTS`; a loop is reported).
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
        ManifestError: The manifest cannot be read or is invalid.
        ParameterError: An id in ``only`` is not in the manifest, or an option is out of range.
    """
    _check_options(delay=delay, timeout=timeout, retries=retries, max_bytes=max_bytes)
    manifest = read_manifest(manifest_path)
    rows = _select_rows(manifest, only, manifest_path=manifest_path)
    results: list[FetchResult] = []
    with _client_or(client, timeout=timeout) as http:  # a dry run makes no request with it
        session = _Session(http, delay=delay, timeout=timeout, retries=retries, max_bytes=max_bytes, sleep=sleep)
        for row in rows:
            source_id = str(row["source_id"])
            try:
                if row["url"] is None:
                    raise _FetchFailed(f"no url in {manifest_path}")
                found = _local_copy(row, raw_dir)
                if found is not None:
                    name, size = found
                    results.append(FetchResult(source_id, "skipped", name, size, "already there (sha256 matches)"))
                elif dry_run:
                    results.append(FetchResult(source_id, "planned", None, None, f"would fetch {row['url']}"))
                else:
                    result, manifest = _fetch_row(session, row, manifest, raw_dir=raw_dir)
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


# ------------------------------------------------------------------------------------------ add


def _resolve_body(body_id: str, registry: Registry) -> str:
    ids = [body.id for body in registry.bodies]
    if body_id in ids:
        return body_id
    by_folded = [known for known in ids if known.casefold() == body_id.strip().casefold()]
    if len(by_folded) == 1:
        return by_folded[0]
    try:
        registry.get(body_id)
    except KeyError as exc:
        hint = str(exc.args[0]) if exc.args else ""
        raise ParameterError(
            f"--body {body_id!r} is not a body id of the registry ({hint}); accepted: {', '.join(ids)}"
        ) from None
    return body_id  # pragma: no cover - registry.get found what the list did not


def _parse_user_date(text: str) -> DateSpan:
    words = {word.lower() for word in re.findall(r"[A-Za-z]+", text)}
    span = parse_date(text) if words <= _DATE_WORDS else None
    if span is None:
        raise ParameterError(
            f"--date {text!r} is not a date; accepted: YYYY-MM-DD (2024-09-26) or a date as statements write it "
            "('26 September 2024', 'September 26, 2024', '25-26 March 2024', 'June 2016')"
        )
    return span


def _raw_files(raw_dir: Path) -> Iterator[Path]:
    """Statement files below the raw folder (hidden files, the manifest and sidecars left out)."""
    if not raw_dir.is_dir():
        return
    for path in sorted(raw_dir.rglob("*")):
        relative = path.relative_to(raw_dir)
        if (
            path.is_file()
            and not any(part.startswith(".") for part in relative.parts)
            and path.name != "sources.csv"
            and not path.name.endswith(".meta.json")
        ):
            yield path


def _matching_row(
    manifest: pl.DataFrame, *, body_id: str, meeting_no: int | None, span: DateSpan | None
) -> dict[str, Any] | None:
    """The one manifest row of this meeting (by body and number, else by body and date), or ``None``."""
    same = manifest.filter(pl.col("meeting_body_id") == body_id)
    if meeting_no is not None:
        same = same.filter(pl.col("meeting_no") == meeting_no)
    elif span is not None:
        same = same.filter(pl.col("date") == span.start)
    else:
        return None
    if same.height > 1 and span is not None:
        same = same.filter((pl.col("date") <= span.start) & (pl.col("date_end") >= span.start))
    if same.height > 1:
        ids = ", ".join(same.get_column("source_id").to_list())
        hint = "give --date to choose" if span is None else "no single one has that date; fix the manifest"
        raise ParameterError(f"--body {body_id} --meeting {meeting_no} matches several manifest rows ({ids}); {hint}")
    return same.row(0, named=True) if same.height else None


def _new_source_id(
    manifest: pl.DataFrame, *, body_id: str, meeting_no: int | None, span: DateSpan | None, digest: str
) -> str:
    stem = re.sub(r"[^a-z0-9]+", "-", body_id.lower()).strip("-") or "statement"
    if body_id == "ASCC":
        stem = "ascc-council"
    if meeting_no is not None:
        base = f"{stem}-{meeting_no}"
    elif span is not None:
        base = f"{stem}-{span.start.isoformat()}"
    else:
        base = f"{stem}-{digest[:8]}"
    taken = set(manifest.get_column("source_id").to_list())
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def _chairmanship(year: int) -> tuple[str | None, str | None]:
    chairs = read_chairmanships().filter(pl.col("year") == year)
    if chairs.is_empty():
        return None, None
    return chairs.item(0, "chair_country"), chairs.item(0, "theme")


def add_statement(
    file: Path,
    *,
    raw_dir: Path,
    manifest_path: Path,
    meeting_body_id: str,
    meeting_no: int | None,
    date: str | None,
    venue_city: str | None = None,
    venue_country: str | None = None,
    url: str | None = None,
) -> str:
    """Copy a user's own statement file into the raw folder and record it in the manifest.

    The file is copied byte for byte to ``<raw_dir>/<source_id><suffix>``. The manifest row of the same meeting
    (same body and number; same body and date when no number is given) is filled in (``file``, ``sha256``, and
    the values given here, which override the row's; overridden values are noted in ``provenance``); when there
    is none, a new row is added with provenance "added by user", its id made from the body and number
    (``ascc-council-32``, ``almm-24``) and, for a dated meeting, the ASEAN Chairmanship theme of its year (and the
    chair, for the ASCC Council). When the manifest already records this content (``sha256``) under a file that
    is missing from the raw folder, the file is restored under that name and nothing else changes.

    Args:
        file: The statement (PDF, HTML, text or Word; see :data:`ascc_analysis.ingest.readers.SUPPORTED_SUFFIXES`).
        raw_dir: The raw folder (created if missing).
        manifest_path: The source manifest.
        meeting_body_id: Registry id of the meeting body (``ASCC``, ``ALMM``; case-insensitive).
        meeting_no: The meeting's number, or ``None``.
        date: The meeting's date: ``YYYY-MM-DD`` or as statements write it ("26 September 2024"), or ``None``.
        venue_city: City of the meeting.
        venue_country: Country of the meeting (canonicalised: "Vietnam" -> "Viet Nam").
        url: The official page of the statement (``http(s)://``).

    Returns:
        The manifest ``source_id`` of the statement.

    Raises:
        InputError: The file is missing, empty or of an unsupported format (``unsupported_format``); or the same
            content is already in the raw folder or the manifest (``duplicate``; the message names both files);
            or the meeting's manifest row already has another file that is present.
        ParameterError: The body id, meeting number, date or url is not valid (the message says what is
            accepted), or the meeting matches several manifest rows.
        ManifestError: The manifest cannot be read or written.
    """
    suffix = file.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputError(
            file,
            f"unsupported format {suffix or '(no suffix)'!r}; accepted suffixes: "
            + ", ".join(sorted(SUPPORTED_SUFFIXES)),
            code="unsupported_format",
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(file, f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise InputError(file, "the file is empty", code="empty_file")
    body_id = _resolve_body(meeting_body_id, load_registry())
    if meeting_no is not None and meeting_no < 1:
        raise ParameterError(f"--meeting {meeting_no} is not valid; expected a whole number from 1")
    span = _parse_user_date(date) if date is not None else None
    if url is not None and not _URL_RE.match(url):
        raise ParameterError(f"--url {url!r} is not valid; expected an http:// or https:// address")
    country = (canonical_country(venue_country) or venue_country.strip()) if venue_country else None
    city = venue_city.strip() if venue_city else None
    manifest = read_manifest(manifest_path)
    digest = hashlib.sha256(data).hexdigest()

    for path in _raw_files(raw_dir):
        if _sha256_file(path) == digest:
            raise InputError(
                file, f"the same file (sha256 {digest[:12]}…) is already in the raw folder as {path}", code="duplicate"
            )
    recorded = manifest.filter(pl.col("sha256") == digest)
    if recorded.height:
        row = recorded.row(0, named=True)
        if not row["file"]:
            raise InputError(
                file,
                f"the same content (sha256 {digest[:12]}…) is already recorded in {manifest_path} "
                f"as {row['source_id']} (with no file)",
                code="duplicate",
            )
        target = safe_raw_path(raw_dir, row["file"])
        if target.exists():
            raise InputError(
                file,
                f"the same content (sha256 {digest[:12]}…) is recorded in {manifest_path} as {row['source_id']}, "
                f"but its file {target} holds other content; move {target} away first",
                code="duplicate",
            )
        write_bytes_atomic(target, data)
        log.info("%s: restored %s (the manifest already records this content)", row["source_id"], target)
        return str(row["source_id"])

    match = _matching_row(manifest, body_id=body_id, meeting_no=meeting_no, span=span)
    given: dict[str, Any] = {"meeting_no": meeting_no, "venue_city": city, "venue_country": country, "url": url}
    if span is not None:
        given |= {"date": span.start, "date_end": span.end, "date_precision": span.precision}
    given = {column: value for column, value in given.items() if value is not None}
    if match is not None:
        source_id = str(match["source_id"])
        if match["file"] and safe_raw_path(raw_dir, match["file"]).is_file():
            present = safe_raw_path(raw_dir, match["file"])
            raise InputError(
                file,
                f"manifest row {source_id} already has the file {present} (other content); to replace it, delete "
                f"{present} and clear the row's file and sha256 in {manifest_path}",
                code="duplicate",
            )
        overridden = [column for column, value in given.items() if match[column] is not None and match[column] != value]
        values: dict[str, Any] = dict(given)
        if overridden:
            values["provenance"] = f"{match['provenance'] or ''}; {', '.join(overridden)} from ascc add".lstrip("; ")
    else:
        source_id = _new_source_id(manifest, body_id=body_id, meeting_no=meeting_no, span=span, digest=digest)
        chair, theme = _chairmanship(span.start.year) if span is not None else (None, None)
        new_row = {column: None for column in MANIFEST_COLUMNS} | given
        new_row |= {
            "source_id": source_id,
            "meeting_body_id": body_id,
            "chair": chair if body_id == "ASCC" else None,
            "chair_theme": theme,
            "provenance": "added by user",
        }
        manifest = pl.concat([manifest, pl.DataFrame([new_row], schema=MANIFEST_SCHEMA, orient="row")])
        values = {}
    name = f"{source_id}{suffix}"
    target = safe_raw_path(raw_dir, name)
    if target.exists():
        raise InputError(
            file,
            f"{target} already exists (other content) and is not the manifest's file of {source_id}; "
            "move it away first",
            code="duplicate",
        )
    manifest = _set_row(manifest, source_id, values | {"file": name, "sha256": digest})
    write_bytes_atomic(target, data)
    try:
        write_manifest(manifest, manifest_path)
    except (ManifestError, OSError):
        target.unlink(missing_ok=True)
        raise
    log.info("added %s as %s (manifest row %s)", file, target, source_id)
    return source_id
