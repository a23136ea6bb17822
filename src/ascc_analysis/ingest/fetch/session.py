"""The HTTP client of acquisition: polite GET requests with retries, back-off, redirects and a size limit.

Part of the acquisition stage (:mod:`ascc_analysis.ingest.fetch`). ``_Session.get`` fetches one address: it waits
``delay`` seconds between requests, retries connection errors, timeouts, 5xx and 429 responses with exponential
back-off (:data:`BACKOFF_SECONDS`, doubling) or the server's ``Retry-After`` (at most :data:`RETRY_AFTER_CAP`),
follows up to :data:`MAX_REDIRECTS` redirects (reporting a loop; another host, such as a CDN, is followed), asks
with a browser's ``Accept`` header and, after a 403 or 406, once more accepting anything, and stops a response over
``max_bytes``
(:func:`parse_byte_size` reads such a limit). Returns the whole response (``_Download``); writes nothing. A source
that cannot be fetched raises ``_FetchFailed`` with the reason shown to the user.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx

from ascc_analysis import __version__
from ascc_analysis.errors import ParameterError

log = logging.getLogger(__name__)

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
#: What requests accept: a browser's list (some sites answer 406 or 403 to anything less) with PDFs named.
_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,application/pdf,*/*;q=0.8"
_ACCEPT_LANGUAGE = "en;q=0.9,*;q=0.5"
#: Statuses after which the request is made once more with the most general Accept header.
_NOT_ACCEPTABLE = frozenset({403, 406})
_FALLBACK_ACCEPT = "*/*"
#: A 200 page that is a site's maintenance notice, not the page asked for (title or first heading, or a short page).
_MAINTENANCE = re.compile(
    r"\b(?:under|undergoing|down\s+for)\s+(?:scheduled\s+)?maintenance\b|\bmaintenance\s+mode\b"
    r"|\btemporarily\s+unavailable\b|\bwe(?:'|’)ll\s+be\s+back\b|\bbe\s+right\s+back\b",
    re.IGNORECASE,
)
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HTML_START = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<!--)", re.IGNORECASE)
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


class _FetchFailed(Exception):
    """One source cannot be fetched; the message is the reason shown to the user."""


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


def _format_size(size: int) -> str:
    return f"{size:,} bytes"


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

    def maintenance_notice(self) -> str | None:
        """The words of a site's maintenance notice when this HTML page is one (not a statement), else ``None``.

        A page is a notice when its title or first heading says so ("Under maintenance", "Temporarily
        unavailable"), or when it says so and has little else (under 2,000 characters of text).
        """
        if self.kind != "html":
            return None
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(self.content, "lxml")
        for tag in ("title", "h1"):
            found = soup.find(tag)
            if found is not None and (match := _MAINTENANCE.search(found.get_text(" ", strip=True))):
                return match.group(0)
        text = soup.get_text(" ", strip=True)
        match = _MAINTENANCE.search(text)
        return match.group(0) if match and len(text) < 2000 else None

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
                if result[0] in _NOT_ACCEPTABLE:
                    log.info("HTTP %d from %s; asking again accepting anything", result[0], url)
                    result = self._stream(url, accept=_FALLBACK_ACCEPT)
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

    def _stream(self, url: str, *, accept: str = _ACCEPT) -> tuple[int, httpx.Headers, bytes, str]:
        request_headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Language": _ACCEPT_LANGUAGE}
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
