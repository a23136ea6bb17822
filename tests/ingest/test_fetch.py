"""Tests of corpus acquisition: ``fetch_sources`` / ``ascc fetch`` and ``add_statement`` / ``ascc add``.

Every request goes to a local HTTP server started by these tests on 127.0.0.1 (a free port); nothing touches the
internet. The pages, PDFs and statement texts served and added here are SYNTHETIC, written for these tests (the
PDFs are made with fpdf2). The shipped manifest is copied to ``tmp_path`` and its urls replaced by local ones; the
repository's ``data/raw`` is never written.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import polars as pl
import pytest
from fpdf import FPDF
from polars.testing import assert_frame_equal
from typer.testing import CliRunner

from ascc_analysis import __version__
from ascc_analysis.cli import app
from ascc_analysis.errors import InputError, ManifestError, ParameterError
from ascc_analysis.ingest.fetch import (
    MAX_REDIRECTS,
    RETRY_AFTER_CAP,
    USER_AGENT,
    FetchResult,
    add_statement,
    fetch_sources,
    find_statement_link,
    parse_byte_size,
    safe_raw_path,
)
from ascc_analysis.ingest.manifest import read_manifest, write_manifest

REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED_MANIFEST = REPO_ROOT / "data" / "raw" / "sources.csv"
runner = CliRunner()

# ------------------------------------------------------------------------------------------ fixtures


def make_pdf(label: str) -> bytes:
    """A small SYNTHETIC PDF with fixed dates, so its bytes are the same on every run."""
    pdf = FPDF()
    pdf.set_creation_date(dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=f"SYNTHETIC test statement {label} (written for ascc-analysis tests; not an ASEAN document)")
    return bytes(pdf.output())


PDF_A = make_pdf("A")
PDF_B = make_pdf("B")
# SYNTHETIC statement page: the full-statement link is relative; a PDF link in the navigation must be ignored.
PAGE_WITH_LINK = b"""<!DOCTYPE html><html><head><title>Synthetic statement page</title></head><body>
<nav><a href="/reports/annual.pdf">Annual report</a></nav>
<main><h1>Synthetic Council meeting (test page)</h1><p>A synthetic summary written for tests.</p>
<p><a href="../files/full.pdf">Download the full statement here</a></p></main>
<footer><a href="/privacy">Privacy</a></footer></body></html>"""
PAGE_WITHOUT_LINK = (
    b"<!DOCTYPE html><html><body><main><h1>Synthetic statement (test page)</h1>"
    b"<p>1. The synthetic meeting noted synthetic progress.</p></main></body></html>"
)
PAGE_LINK_NOT_PDF = (
    b"<!DOCTYPE html><html><body><main><p>Synthetic test page.</p>"
    b'<a href="/files/full.docx">Full statement</a></main></body></html>'
)
TEXT_STATEMENT = (
    "JOINT STATEMENT OF A SYNTHETIC MEETING (written for ascc-analysis tests; not an ASEAN document)\n\n"
    "1. The Meeting noted synthetic progress.\n"
)


class _Handler(BaseHTTPRequestHandler):
    server: LocalServer.Server

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.requests.append(self.path)
            server.user_agents.append(self.headers.get("User-Agent", ""))
            nth = server.requests.count(self.path)
        route = server.routes.get(self.path)
        try:
            if route is None:
                send(self, 404, b"not found", content_type="text/plain")
            else:
                route(self, nth)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (size limit, timeout): expected

    def log_message(self, format: str, *args: Any) -> None:
        pass


Route = Callable[[_Handler, int], None]


def send(
    handler: BaseHTTPRequestHandler,
    status: int,
    body: bytes = b"",
    *,
    content_type: str = "application/octet-stream",
    headers: dict[str, str] | None = None,
    length: bool = True,
) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.end_headers()
    handler.wfile.write(body)


def serve(body: bytes, content_type: str, *, headers: dict[str, str] | None = None) -> Route:
    return lambda handler, nth: send(handler, 200, body, content_type=content_type, headers=headers)


def redirect(location: str, status: int = 302) -> Route:
    return lambda handler, nth: send(handler, status, b"", headers={"Location": location})


class LocalServer:
    """A threaded HTTP server on 127.0.0.1 with a route table and a log of the requests it received."""

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        block_on_close = False
        routes: dict[str, Route]
        requests: list[str]
        user_agents: list[str]
        lock: threading.Lock

    def __init__(self) -> None:
        self.httpd = self.Server(("127.0.0.1", 0), _Handler)
        self.httpd.routes = {}
        self.httpd.requests = []
        self.httpd.user_agents = []
        self.httpd.lock = threading.Lock()
        self.release = threading.Event()  # slow routes wait for it (set at teardown)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self.thread.start()

    @property
    def routes(self) -> dict[str, Route]:
        return self.httpd.routes

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    local = LocalServer()
    yield local
    local.close()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(trust_env=False) as http:
        yield http


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to the local server never go through a proxy set in the environment."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def manifest_with_urls(tmp_path: Path, urls: dict[str, str], **values: dict[str, Any]) -> Path:
    """A copy of the shipped manifest in tmp_path whose only urls are ``urls`` (source_id -> url).

    ``values`` sets other columns per row: ``sha256={"ascc-council-31": "..."}``.
    """
    manifest = read_manifest(SHIPPED_MANIFEST).with_columns(url=pl.lit(None, pl.String))
    for column, by_id in {"url": urls, **values}.items():
        for source_id, value in by_id.items():
            assert source_id in manifest.get_column("source_id").to_list()
            manifest = manifest.with_columns(
                pl.when(pl.col("source_id") == source_id)
                .then(pl.lit(value, dtype=manifest.schema[column]))
                .otherwise(pl.col(column))
                .alias(column)
            )
    path = tmp_path / "sources.csv"
    write_manifest(manifest, path)
    return path


def files_below(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def row_of(manifest_path: Path, source_id: str) -> dict[str, Any]:
    return read_manifest(manifest_path).filter(source_id=source_id).row(0, named=True)


def fetch(
    manifest_path: Path, raw: Path, client: httpx.Client, sleeps: list[float] | None = None, **options: Any
) -> list[FetchResult]:
    options = {"delay": 0.0, "retries": 0, "timeout": 5.0} | options
    recorded = sleeps if sleeps is not None else []
    return fetch_sources(manifest_path, raw, client=client, sleep=recorded.append, **options)


# ------------------------------------------------------------------------------------------ fetch: success


def test_a_pdf_is_fetched_byte_for_byte_with_sidecar_and_manifest_row(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/statement.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/statement.pdf")})
    before = read_manifest(manifest_path)
    raw = tmp_path / "raw"

    results = fetch(manifest_path, raw, client)

    assert results == [FetchResult("ascc-council-31", "fetched", "ascc-council-31.pdf", len(PDF_A), None)]
    assert files_below(raw) == {"ascc-council-31.pdf", "ascc-council-31.pdf.meta.json"}
    assert (raw / "ascc-council-31.pdf").read_bytes() == PDF_A
    meta = json.loads((raw / "ascc-council-31.pdf.meta.json").read_text(encoding="utf-8"))
    fetched_at = meta.pop("fetched_at")
    assert meta == {
        "source_id": "ascc-council-31",
        "url": server.url("/statement.pdf"),
        "final_url": server.url("/statement.pdf"),
        "status": 200,
        "content_type": "application/pdf",
        "sha256": sha(PDF_A),
        "size": len(PDF_A),
        "role": "official_page",
    }
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", fetched_at)
    assert abs(dt.datetime.fromisoformat(fetched_at) - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    after = read_manifest(manifest_path)
    expected = before.with_columns(
        file=pl.when(pl.col("source_id") == "ascc-council-31").then(pl.lit("ascc-council-31.pdf")).otherwise("file"),
        sha256=pl.when(pl.col("source_id") == "ascc-council-31").then(pl.lit(sha(PDF_A))).otherwise("sha256"),
    )
    assert_frame_equal(after, expected)
    assert server.requests == ["/statement.pdf"]
    assert server.httpd.user_agents == [f"ascc-analysis/{__version__} (+research; contact in README)"]


def test_redirects_are_followed_and_the_final_url_recorded(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/old"] = redirect("/new", 301)
    server.routes["/new"] = redirect(server.url("/statement.pdf"), 307)
    server.routes["/statement.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/old")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert result.status == "fetched"
    meta = json.loads((tmp_path / "raw" / "ascc-council-31.pdf.meta.json").read_text(encoding="utf-8"))
    assert (meta["url"], meta["final_url"]) == (server.url("/old"), server.url("/statement.pdf"))
    assert server.requests == ["/old", "/new", "/statement.pdf"]


def test_a_statement_page_leads_to_its_pdf_and_is_kept_as_landing_page(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/news/page.html"] = serve(PAGE_WITH_LINK, "text/html; charset=utf-8")
    server.routes["/files/full.pdf"] = serve(PDF_A, "application/pdf")
    server.routes["/reports/annual.pdf"] = serve(PDF_B, "application/pdf")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/news/page.html")})
    raw = tmp_path / "raw"

    results = fetch(manifest_path, raw, client)

    note = f"PDF linked from the statement page {server.url('/news/page.html')}"
    assert results == [FetchResult("ascc-council-32", "fetched", "ascc-council-32.pdf", len(PDF_A), note)]
    assert server.requests == ["/news/page.html", "/files/full.pdf"]
    assert files_below(raw) == {
        "ascc-council-32.pdf",
        "ascc-council-32.pdf.meta.json",
        "ascc-council-32.landing.html",
        "ascc-council-32.landing.html.meta.json",
    }
    assert (raw / "ascc-council-32.pdf").read_bytes() == PDF_A
    assert (raw / "ascc-council-32.landing.html").read_bytes() == PAGE_WITH_LINK
    pdf_meta = json.loads((raw / "ascc-council-32.pdf.meta.json").read_text(encoding="utf-8"))
    assert pdf_meta["url"] == server.url("/files/full.pdf")
    assert pdf_meta["landing_url"] == server.url("/news/page.html")
    page_meta = json.loads((raw / "ascc-council-32.landing.html.meta.json").read_text(encoding="utf-8"))
    assert (page_meta["content_type"], page_meta["sha256"]) == ("text/html", sha(PAGE_WITH_LINK))
    assert "landing_url" not in page_meta
    row = row_of(manifest_path, "ascc-council-32")
    assert (row["file"], row["sha256"]) == ("ascc-council-32.pdf", sha(PDF_A))


def test_a_page_without_a_pdf_link_is_kept_as_the_statement(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/page"] = serve(PAGE_WITHOUT_LINK, "text/html")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/page")})

    results = fetch(manifest_path, tmp_path / "raw", client)

    assert results == [
        FetchResult(
            "ascc-council-32",
            "fetched",
            "ascc-council-32.html",
            len(PAGE_WITHOUT_LINK),
            "statement page (no PDF link found)",
        )
    ]
    assert files_below(tmp_path / "raw") == {"ascc-council-32.html", "ascc-council-32.html.meta.json"}
    assert row_of(manifest_path, "ascc-council-32")["file"] == "ascc-council-32.html"


def test_a_page_whose_link_is_not_a_pdf_is_kept_as_the_statement(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/page"] = serve(PAGE_LINK_NOT_PDF, "text/html")
    server.routes["/files/full.docx"] = serve(b"PK\x03\x04 synthetic", "application/octet-stream")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/page")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert (result.status, result.file) == ("fetched", "ascc-council-32.html")
    assert result.reason == f"statement page (its link {server.url('/files/full.docx')} is not a PDF)"
    assert files_below(tmp_path / "raw") == {"ascc-council-32.html", "ascc-council-32.html.meta.json"}


def test_a_failing_pdf_link_fails_the_source_and_writes_nothing(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/news/page.html"] = serve(PAGE_WITH_LINK, "text/html")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/news/page.html")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert result.status == "failed"
    assert result.reason == (
        f"the statement page links to {server.url('/files/full.pdf')}, which failed: "
        f"HTTP 404 Not Found from {server.url('/files/full.pdf')}"
    )
    assert files_below(tmp_path / "raw") == set()


# (page, expected link relative to http://example.test/news/item/) — SYNTHETIC pages
LINK_CASES = [
    ('<main><a href="full.pdf">Full statement</a></main>', "http://example.test/news/item/full.pdf"),
    ('<main><a href="/a.pdf">Annex</a> <a href="/s.pdf">Download the full statement here</a></main>', "/s.pdf"),
    ('<main><a href="/page">Full Statement</a> <a href="/x.pdf">Download</a></main>', "/page"),
    ('<main><a href="/one.pdf">Annex</a> <a href="/two.pdf">Download</a></main>', "/two.pdf"),
    ('<main><a href="/one.PDF?v=2">Annex</a> <a href="/get?id=3">Download</a></main>', "/one.PDF?v=2"),
    ('<main><a href="/get?id=3">download</a></main>', "/get?id=3"),
    ('<nav><a href="/menu.pdf">Full statement</a></nav><article><a href="/s.pdf">text</a></article>', "/s.pdf"),
    ('<body><a href="/s.pdf" title="Full statement">PDF</a></body>', "/s.pdf"),
    ('<head><base href="https://cdn.example.test/docs/"></head><main><a href="s.pdf">Download</a></main>', None),
    ('<main><a href="javascript:void(0)">Download</a> <a href="#top">Full statement</a></main>', None),
    ('<main><a href="mailto:x@example.test">Download</a></main>', None),
    ("<main><p>No links at all.</p></main>", None),
]


@pytest.mark.parametrize(("page", "expected"), LINK_CASES)
def test_find_statement_link_ranks_the_page_links(page: str, expected: str | None) -> None:
    base = "http://example.test/news/item/"
    found = find_statement_link(f"<html>{page}</html>", base_url=base)
    if "<base" in page:
        expected = "https://cdn.example.test/docs/s.pdf"
    elif expected is not None and expected.startswith("/"):
        expected = f"http://example.test{expected}"
    assert found == expected


# ------------------------------------------------------------------------------------------ fetch: kinds of sites
# Each page below is SYNTHETIC, written for these tests in the shape of a kind of site that publishes statements
# (a news-style landing page, a WordPress post, a page with an embedded PDF viewer, ...); none is copied from a site.

SITE_PAGES: dict[str, bytes] = {
    # A Secretariat-style news post: the statement and its annex as "(PDF)" links; a PDF in the sidebar.
    "joint-statement-pdf": b"""<!DOCTYPE html><html><body><aside><a href="/files/brochure.pdf">Brochure</a></aside>
<article><h1>Synthetic Ministers Meeting convenes (test page)</h1><p>A synthetic summary.</p>
<ul><li><a href="/files/annex-1.pdf">Annex 1 (PDF)</a></li>
<li><a href="/files/jms.pdf">Joint Media Statement (PDF)</a></li></ul></article></body></html>""",
    # A WordPress post: the PDF under wp-content/uploads with an odd name, linked from a picture.
    "wp-uploads": b"""<!DOCTYPE html><html><body><div id="nav"><a href="/wp-content/uploads/logo.pdf">x</a></div>
<div class="entry-content"><p>Synthetic post written for tests.</p>
<a href="/wp-content/uploads/2023/10/FINAL_17th-SYN-MM_adopted-1.pdf"><img src="/img/cover.png" alt=""></a>
</div></body></html>""",
    # A download button: an address with no .pdf in it, marked with the download attribute.
    "download-attribute": b"""<!DOCTYPE html><html><body><main><h1>Synthetic statement (test page)</h1>
<a class="btn" href="/dl?id=7" download>Get the document</a></main></body></html>""",
    # A PDF viewer in an iframe (pdf.js style), the PDF given as its file parameter.
    "iframe-viewer": b"""<!DOCTYPE html><html><body><main><h1>Synthetic statement (test page)</h1>
<iframe src="/viewer/web/viewer.html?file=%2Fwp-content%2Fuploads%2Fstatement_v2.pdf" width="100%"></iframe>
</main></body></html>""",
    # An <embed> of the PDF.
    "embed": b"""<!DOCTYPE html><html><body><main><p>Synthetic test page.</p>
<embed src="/docs/embedded.pdf" type="application/pdf"></main></body></html>""",
}
SITE_PDF_PATHS = {
    "joint-statement-pdf": "/files/jms.pdf",
    "wp-uploads": "/wp-content/uploads/2023/10/FINAL_17th-SYN-MM_adopted-1.pdf",
    "download-attribute": "/dl?id=7",
    "iframe-viewer": "/wp-content/uploads/statement_v2.pdf",
    "embed": "/docs/embedded.pdf",
}
MAINTENANCE_PAGE = (
    b"<!DOCTYPE html><html><head><title>Site under maintenance</title></head><body><h1>We'll be back soon</h1>"
    b"<p>Synthetic notice written for tests.</p></body></html>"
)
NEWS_PAGE = (
    b"<!DOCTYPE html><html><body><article><h1>Ministers meet in a synthetic city (test news report)</h1>"
    b"<p>A synthetic news report written for tests; not an ASEAN document.</p></article></body></html>"
)


def write_source_urls(tmp_path: Path, rows: list[tuple[str, str, str]]) -> Path:
    path = tmp_path / "source_urls.csv"
    lines = ["source_id,url,role,provenance", *(f"{sid},{url},{role},test" for sid, url, role in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def record(handler: _Handler, name: str) -> None:
    with handler.server.lock:
        handler.server.requests.append(f"{name}:{handler.headers.get(name, '')}")


@pytest.mark.parametrize("site", sorted(SITE_PAGES))
def test_landing_pages_of_every_layout_lead_to_the_statement_pdf(
    tmp_path: Path, server: LocalServer, client: httpx.Client, site: str
) -> None:
    server.routes["/post"] = serve(SITE_PAGES[site], "text/html; charset=utf-8")
    for path in ("/files/brochure.pdf", "/files/annex-1.pdf", "/wp-content/uploads/logo.pdf"):
        server.routes[path] = serve(PDF_B, "application/pdf")
    server.routes[SITE_PDF_PATHS[site]] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/post")})
    raw = tmp_path / "raw"

    [result] = fetch(manifest_path, raw, client)

    assert (result.status, result.file) == ("fetched", "ascc-council-32.pdf"), result
    assert (raw / "ascc-council-32.pdf").read_bytes() == PDF_A
    assert (raw / "ascc-council-32.landing.html").read_bytes() == SITE_PAGES[site]
    assert server.requests == ["/post", SITE_PDF_PATHS[site]]


def test_a_site_that_wants_a_browser_accept_header_gets_one(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    def picky(handler: _Handler, nth: int) -> None:  # 406 unless the request accepts HTML as a browser does
        record(handler, "Accept")
        accept = handler.headers.get("Accept", "")
        if not accept.startswith("text/html"):
            send(handler, 406, b"not acceptable", content_type="text/plain")
        else:
            send(handler, 200, PDF_A, content_type="application/pdf")

    server.routes["/picky.pdf"] = picky
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/picky.pdf")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert result.status == "fetched"
    accept = [entry for entry in server.requests if entry.startswith("Accept:")]
    assert len(accept) == 1 and "application/pdf" in accept[0]


def test_a_403_or_406_is_asked_once_more_accepting_anything(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    def strict(handler: _Handler, nth: int) -> None:  # refuses a list of types, serves */*
        record(handler, "Accept")
        if handler.headers.get("Accept") == "*/*":
            send(handler, 200, PDF_A if handler.path.startswith("/f") else PDF_B, content_type="application/pdf")
        else:
            send(handler, 403 if handler.path.startswith("/f") else 406, b"no", content_type="text/plain")

    server.routes["/forbidden.pdf"] = strict
    server.routes["/unacceptable.pdf"] = strict
    server.routes["/always403"] = lambda handler, nth: send(handler, 403, b"Forbidden", content_type="text/plain")
    manifest_path = manifest_with_urls(
        tmp_path,
        {
            "ascc-council-30": server.url("/forbidden.pdf"),
            "ascc-council-31": server.url("/unacceptable.pdf"),
            "ascc-council-32": server.url("/always403"),
        },
    )

    results = fetch(manifest_path, tmp_path / "raw", client)

    assert [result.status for result in results] == ["fetched", "fetched", "failed"]
    assert results[2].reason == f"HTTP 403 Forbidden from {server.url('/always403')}"
    assert server.requests.count("/always403") == 2  # once as a browser, once accepting anything; no more
    assert not (tmp_path / "raw" / "ascc-council-32.pdf").exists()


def test_a_redirect_to_a_cdn_host_is_followed(tmp_path: Path, server: LocalServer, client: httpx.Client) -> None:
    cdn = server.url("/cdn/statement.pdf").replace("127.0.0.1", "localhost")
    server.routes["/press/statement"] = redirect(cdn, 302)
    server.routes["/cdn/statement.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/press/statement")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert result.status == "fetched"
    meta = json.loads((tmp_path / "raw" / "ascc-council-32.pdf.meta.json").read_text(encoding="utf-8"))
    assert meta["final_url"] == cdn


def test_the_other_addresses_are_tried_in_order_when_the_first_fails(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    def maintenance(handler: _Handler, nth: int) -> None:
        send(handler, 503, b"down", content_type="text/plain", headers={"Retry-After": "2"})

    server.routes["/official"] = maintenance
    server.routes["/mirror"] = serve(MAINTENANCE_PAGE, "text/html")  # 200, but a maintenance notice
    server.routes["/chair"] = serve(PAGE_WITH_LINK, "text/html")
    server.routes["/files/full.pdf"] = serve(PDF_A, "application/pdf")
    server.routes["/news"] = serve(NEWS_PAGE, "text/html")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/official")})
    write_source_urls(
        tmp_path,
        [
            ("ascc-council-32", server.url("/official"), "official_page"),
            ("ascc-council-32", server.url("/news"), "news"),  # a news report comes last whatever its place
            ("ascc-council-32", server.url("/mirror"), "official_page"),
            ("ascc-council-32", server.url("/chair"), "chair_site"),
        ],
    )
    sleeps: list[float] = []

    [result] = fetch(manifest_path, tmp_path / "raw", client, sleeps, retries=1)

    assert (result.status, result.file) == ("fetched", "ascc-council-32.pdf")
    assert result.reason is not None
    assert f"from chair_site {server.url('/chair')} after 2 failed address(es)" in result.reason
    assert "HTTP 503" in result.reason and "maintenance notice" in result.reason
    assert sleeps == [2.0]  # the 503's Retry-After, once
    assert server.requests == ["/official", "/official", "/mirror", "/chair", "/files/full.pdf"]
    assert row_of(manifest_path, "ascc-council-32")["file"] == "ascc-council-32.pdf"


def test_a_maintenance_page_is_never_kept_as_the_statement(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/official"] = serve(MAINTENANCE_PAGE, "text/html")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/official")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert result.status == "failed"
    assert result.reason == (
        f"{server.url('/official')} is a maintenance notice ('under maintenance'), not the statement; not kept"
    )
    assert not (tmp_path / "raw").exists() or files_below(tmp_path / "raw") == set()
    assert row_of(manifest_path, "ascc-council-32")["file"] is None


def test_a_news_report_is_kept_as_a_secondary_source_only_when_no_statement_is_found(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    from ascc_analysis.build import find_raw_files

    server.routes["/news"] = serve(NEWS_PAGE, "text/html")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/gone")})
    write_source_urls(
        tmp_path,
        [("ascc-council-32", server.url("/gone"), "official_page"), ("ascc-council-32", server.url("/news"), "news")],
    )
    raw = tmp_path / "raw"
    manifest_bytes = manifest_path.read_bytes()

    [result] = fetch(manifest_path, raw, client)

    assert (result.status, result.file, result.size) == ("news", "ascc-council-32.news.html", len(NEWS_PAGE))
    assert result.reason is not None and "HTTP 404" in result.reason
    assert (raw / "ascc-council-32.news.html").read_bytes() == NEWS_PAGE
    meta = json.loads((raw / "ascc-council-32.news.html.meta.json").read_text(encoding="utf-8"))
    assert (meta["role"], meta["document_kind"]) == ("news", "news")
    assert manifest_path.read_bytes() == manifest_bytes  # the manifest still lacks the statement
    assert find_raw_files(raw) == []  # the build never reads a news report

    # Still no statement: the official address is asked again, the news report is not fetched twice.
    server.requests.clear()
    [again_news] = fetch(manifest_path, raw, client)
    assert (again_news.status, again_news.file) == ("news", "ascc-council-32.news.html")
    assert again_news.reason is not None and "is already there" in again_news.reason
    assert server.requests == ["/gone"]

    # The official page is back: the statement is fetched, the news report stays beside it.
    server.routes["/gone"] = serve(PDF_A, "application/pdf")
    [again] = fetch(manifest_path, raw, client)
    assert (again.status, again.file) == ("fetched", "ascc-council-32.pdf")
    assert files_below(raw) == {
        "ascc-council-32.pdf",
        "ascc-council-32.pdf.meta.json",
        "ascc-council-32.news.html",
        "ascc-council-32.news.html.meta.json",
    }
    assert find_raw_files(raw) == [raw / "ascc-council-32.pdf"]


def test_a_row_with_only_news_addresses_is_selected_and_a_dry_run_lists_every_address(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/a")})
    write_source_urls(
        tmp_path,
        [
            ("ascc-council-31", server.url("/a"), "official_page"),
            ("ascc-council-31", server.url("/b"), "chair_site"),
            ("ascc-council-5", server.url("/report"), "news"),
        ],
    )

    results = fetch(manifest_path, tmp_path / "raw", client, dry_run=True)

    assert results == [
        FetchResult("ascc-council-5", "planned", None, None, f"would fetch {server.url('/report')} (news)"),
        FetchResult(
            "ascc-council-31",
            "planned",
            None,
            None,
            f"would fetch {server.url('/a')} (then 1 other address(es) in order)",
        ),
    ]
    assert server.requests == []


def test_a_bad_source_urls_file_is_a_manifest_error_naming_row_and_column(tmp_path: Path, client: httpx.Client) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    urls = write_source_urls(tmp_path, [("ascc-council-31", "https://example.test/a", "blog")])
    with pytest.raises(
        ManifestError, match=r"source_urls\.csv, row 1 \(line 2\): role 'blog' is not valid; expected one"
    ):
        fetch(manifest_path, tmp_path / "raw", client)
    assert urls.is_file()


@pytest.mark.parametrize(
    ("page", "notice"),
    [
        (MAINTENANCE_PAGE, "under maintenance"),
        (
            b"<html><body><p>The site is temporarily unavailable. Synthetic.</p></body></html>",
            "temporarily unavailable",
        ),
        (
            b"<html><body><main>"
            + b"<p>1. Synthetic paragraph on maintenance of roads.</p>" * 80
            + b"</main></body></html>",
            None,
        ),
        (NEWS_PAGE, None),
    ],
)
def test_maintenance_notices_are_told_from_pages_that_mention_maintenance(page: bytes, notice: str | None) -> None:
    from ascc_analysis.ingest.fetch.session import _Download

    download = _Download("http://x.test/", "http://x.test/", 200, "text/html", page, "2026-01-01T00:00:00Z")
    assert download.maintenance_notice() == notice


# ------------------------------------------------------------------------------------------ fetch: resume, dry run


def test_a_second_run_skips_what_is_there_without_a_request(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/statement.pdf"] = serve(PDF_A, "application/pdf")
    server.routes["/news/page.html"] = serve(PAGE_WITH_LINK, "text/html")
    server.routes["/files/full.pdf"] = serve(PDF_B, "application/pdf")
    manifest_path = manifest_with_urls(
        tmp_path,
        {"ascc-council-31": server.url("/statement.pdf"), "ascc-council-32": server.url("/news/page.html")},
    )
    raw = tmp_path / "raw"
    first = fetch(manifest_path, raw, client)
    assert [result.status for result in first] == ["fetched", "fetched"]
    n_requests = len(server.requests)
    manifest_bytes = manifest_path.read_bytes()
    sleeps: list[float] = []

    second = fetch(manifest_path, raw, client, sleeps, delay=1.0)

    assert second == [
        FetchResult("ascc-council-31", "skipped", "ascc-council-31.pdf", len(PDF_A), "already there (sha256 matches)"),
        FetchResult("ascc-council-32", "skipped", "ascc-council-32.pdf", len(PDF_B), "already there (sha256 matches)"),
    ]
    assert len(server.requests) == n_requests == 3
    assert sleeps == []
    assert manifest_path.read_bytes() == manifest_bytes


def test_a_file_whose_hash_differs_is_fetched_again_and_the_change_noted(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/statement.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(
        tmp_path, {"ascc-council-31": server.url("/statement.pdf")}, sha256={"ascc-council-31": sha(PDF_B)}
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ascc-council-31.pdf").write_bytes(b"%PDF-1.4 synthetic older version")

    [result] = fetch(manifest_path, raw, client)

    assert result == FetchResult(
        "ascc-council-31",
        "fetched",
        "ascc-council-31.pdf",
        len(PDF_A),
        f"the content changed since the manifest's sha256 {sha(PDF_B)[:12]}…",
    )
    assert (raw / "ascc-council-31.pdf").read_bytes() == PDF_A
    assert row_of(manifest_path, "ascc-council-31")["sha256"] == sha(PDF_A)


def test_files_of_an_earlier_fetch_that_a_new_format_replaces_are_removed(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    pages = {1: PAGE_WITHOUT_LINK, 2: PAGE_WITH_LINK}
    server.routes["/news/page.html"] = lambda handler, nth: send(handler, 200, pages[nth], content_type="text/html")
    server.routes["/files/full.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-32": server.url("/news/page.html")})
    raw = tmp_path / "raw"
    assert fetch(manifest_path, raw, client)[0].file == "ascc-council-32.html"
    user_file = raw / "ascc-council-31.html"  # not fetched (no sidecar): never removed
    user_file.write_text("synthetic user file", encoding="utf-8")
    manifest = read_manifest(manifest_path).with_columns(sha256=pl.lit(None, pl.String))
    write_manifest(manifest, manifest_path)  # forget the hash, so the page is fetched again

    assert fetch(manifest_path, raw, client)[0].file == "ascc-council-32.pdf"

    assert files_below(raw) == {
        "ascc-council-31.html",
        "ascc-council-32.pdf",
        "ascc-council-32.pdf.meta.json",
        "ascc-council-32.landing.html",
        "ascc-council-32.landing.html.meta.json",
    }


def test_a_dry_run_writes_nothing_and_makes_no_request(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/statement.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(
        tmp_path,
        {"ascc-council-31": server.url("/statement.pdf"), "ascc-council-32": server.url("/other.pdf")},
        sha256={"ascc-council-31": sha(PDF_A)},
    )
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "ascc-council-31.pdf").write_bytes(PDF_A)
    manifest_bytes = manifest_path.read_bytes()

    results = fetch(manifest_path, raw, client, dry_run=True)

    assert results == [
        FetchResult("ascc-council-31", "skipped", "ascc-council-31.pdf", len(PDF_A), "already there (sha256 matches)"),
        FetchResult("ascc-council-32", "planned", None, None, f"would fetch {server.url('/other.pdf')}"),
    ]
    assert server.requests == []
    assert files_below(raw) == {"ascc-council-31.pdf"}
    assert manifest_path.read_bytes() == manifest_bytes


def test_only_selects_rows_and_a_row_without_url_fails(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/a.pdf"] = serve(PDF_A, "application/pdf")
    server.routes["/b.pdf"] = serve(PDF_B, "application/pdf")
    manifest_path = manifest_with_urls(
        tmp_path, {"ascc-council-31": server.url("/a.pdf"), "ascc-council-32": server.url("/b.pdf")}
    )

    results = fetch(manifest_path, tmp_path / "raw", client, only=["ascc-council-32", "ascc-council-5"])

    assert results == [
        FetchResult("ascc-council-5", "failed", None, None, f"no url in {manifest_path}"),
        FetchResult("ascc-council-32", "fetched", "ascc-council-32.pdf", len(PDF_B), None),
    ]
    assert server.requests == ["/b.pdf"]


def test_only_with_an_unknown_id_is_a_parameter_error(tmp_path: Path, client: httpx.Client) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    with pytest.raises(ParameterError, match=r"--only 'ascc-council-99': not a source_id in .*sources\.csv"):
        fetch(manifest_path, tmp_path / "raw", client, only=["ascc-council-99"])


def test_a_missing_manifest_is_a_manifest_error(tmp_path: Path, client: httpx.Client) -> None:
    with pytest.raises(ManifestError, match=r"nothere\.csv: file not found"):
        fetch(tmp_path / "nothere.csv", tmp_path / "raw", client)


@pytest.mark.parametrize(
    ("option", "value", "accepted"),
    [
        ("delay", -1.0, "a number of seconds >= 0"),
        ("timeout", 0.0, "a number of seconds > 0"),
        ("retries", -1, "a whole number >= 0"),
        ("max_bytes", 0, "a number of bytes >= 1"),
    ],
)
def test_options_out_of_range_are_parameter_errors(
    tmp_path: Path, client: httpx.Client, option: str, value: float, accepted: str
) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    with pytest.raises(ParameterError, match=re.escape(f"{option} {value!r} is not valid; expected {accepted}")):
        options: dict[str, Any] = {option: value}
        fetch(manifest_path, tmp_path / "raw", client, **options)


# ------------------------------------------------------------------------------------------ fetch: failures


def test_a_404_fails_that_source_only(tmp_path: Path, server: LocalServer, client: httpx.Client) -> None:
    server.routes["/statement.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(
        tmp_path, {"ascc-council-31": server.url("/gone.pdf"), "ascc-council-32": server.url("/statement.pdf")}
    )
    raw = tmp_path / "raw"

    results = fetch(manifest_path, raw, client, retries=3)

    assert results == [
        FetchResult("ascc-council-31", "failed", None, None, f"HTTP 404 Not Found from {server.url('/gone.pdf')}"),
        FetchResult("ascc-council-32", "fetched", "ascc-council-32.pdf", len(PDF_A), None),
    ]
    assert server.requests == ["/gone.pdf", "/statement.pdf"]  # a 404 is not retried
    assert files_below(raw) == {"ascc-council-32.pdf", "ascc-council-32.pdf.meta.json"}
    assert (row_of(manifest_path, "ascc-council-31")["file"], row_of(manifest_path, "ascc-council-31")["sha256"]) == (
        None,
        None,
    )
    assert row_of(manifest_path, "ascc-council-32")["file"] == "ascc-council-32.pdf"


def test_a_500_is_retried_with_backoff_and_then_succeeds(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/flaky.pdf"] = lambda handler, nth: (
        send(handler, 500, b"synthetic error", content_type="text/plain")
        if nth < 3
        else send(handler, 200, PDF_A, content_type="application/pdf")
    )
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/flaky.pdf")})
    sleeps: list[float] = []

    [result] = fetch(manifest_path, tmp_path / "raw", client, sleeps, retries=3)

    assert (result.status, result.file) == ("fetched", "ascc-council-31.pdf")
    assert sleeps == [1.0, 2.0]
    assert server.requests == ["/flaky.pdf"] * 3


def test_a_server_that_keeps_failing_is_reported_after_the_retries(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/down.pdf"] = lambda handler, nth: send(handler, 503, b"", content_type="text/plain")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/down.pdf")})
    sleeps: list[float] = []

    [result] = fetch(manifest_path, tmp_path / "raw", client, sleeps, retries=2)

    assert result == FetchResult(
        "ascc-council-31",
        "failed",
        None,
        None,
        f"HTTP 503 Service Unavailable from {server.url('/down.pdf')} (after 3 attempts)",
    )
    assert sleeps == [1.0, 2.0]
    assert files_below(tmp_path / "raw") == set()


@pytest.mark.parametrize(("retry_after", "expected"), [("7", 7.0), ("99999", RETRY_AFTER_CAP)])
def test_a_429_waits_as_long_as_retry_after_asks_up_to_the_cap(
    tmp_path: Path, server: LocalServer, client: httpx.Client, retry_after: str, expected: float
) -> None:
    server.routes["/busy.pdf"] = lambda handler, nth: (
        send(handler, 429, b"", headers={"Retry-After": retry_after})
        if nth == 1
        else send(handler, 200, PDF_A, content_type="application/pdf")
    )
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/busy.pdf")})
    sleeps: list[float] = []

    [result] = fetch(manifest_path, tmp_path / "raw", client, sleeps, retries=1)

    assert result.status == "fetched"
    assert sleeps == [expected]


def test_retry_after_as_an_http_date_is_respected(tmp_path: Path, server: LocalServer, client: httpx.Client) -> None:
    when = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=30)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    server.routes["/busy.pdf"] = lambda handler, nth: (
        send(handler, 503, b"", headers={"Retry-After": when})
        if nth == 1
        else send(handler, 200, PDF_A, content_type="application/pdf")
    )
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/busy.pdf")})
    sleeps: list[float] = []

    [result] = fetch(manifest_path, tmp_path / "raw", client, sleeps, retries=1)

    assert result.status == "fetched"
    assert len(sleeps) == 1
    assert 25.0 <= sleeps[0] <= 30.0


def test_a_timeout_is_retried_then_reported(tmp_path: Path, server: LocalServer, client: httpx.Client) -> None:
    def slow(handler: _Handler, nth: int) -> None:
        server.release.wait(5)  # answers only when the test is over
        send(handler, 200, PDF_A, content_type="application/pdf")

    server.routes["/slow.pdf"] = slow
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/slow.pdf")})
    sleeps: list[float] = []
    started = time.monotonic()

    [result] = fetch(manifest_path, tmp_path / "raw", client, sleeps, retries=1, timeout=0.2)

    assert time.monotonic() - started < 2.0
    assert result.status == "failed"
    assert result.reason == f"timed out after 0.2 s (ReadTimeout) on {server.url('/slow.pdf')} (after 2 attempts)"
    assert sleeps == [1.0]
    assert server.requests == ["/slow.pdf"] * 2
    assert files_below(tmp_path / "raw") == set()


def test_a_refused_connection_is_reported(tmp_path: Path, client: httpx.Client) -> None:
    with socket.socket() as probe:  # a port with nobody listening
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": f"http://127.0.0.1:{port}/x.pdf"})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert result.status == "failed"
    assert result.reason is not None
    assert result.reason.startswith("connection failed (")
    assert result.reason.endswith(f"on http://127.0.0.1:{port}/x.pdf")


def test_a_redirect_loop_is_reported_not_followed(tmp_path: Path, server: LocalServer, client: httpx.Client) -> None:
    server.routes["/loop-a"] = redirect("/loop-b")
    server.routes["/loop-b"] = redirect("/loop-a")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/loop-a")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    loop = " -> ".join(server.url(path) for path in ("/loop-a", "/loop-b", "/loop-a"))
    assert result == FetchResult("ascc-council-31", "failed", None, None, f"redirect loop: {loop}")
    assert server.requests == ["/loop-a", "/loop-b"]


def test_too_many_redirects_are_reported(tmp_path: Path, server: LocalServer, client: httpx.Client) -> None:
    for hop in range(MAX_REDIRECTS + 5):
        server.routes[f"/hop/{hop}"] = redirect(f"/hop/{hop + 1}")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/hop/0")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert result.reason == f"more than {MAX_REDIRECTS} redirects from {server.url('/hop/0')}"
    assert len(server.requests) == MAX_REDIRECTS + 1


def test_a_redirect_to_another_scheme_is_refused(tmp_path: Path, server: LocalServer, client: httpx.Client) -> None:
    server.routes["/odd"] = redirect("file:///etc/passwd")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/odd")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert result.reason == f"{server.url('/odd')} redirects to 'file:///etc/passwd', which is not an http(s) address"


def test_a_huge_response_is_cut_off_at_max_bytes(tmp_path: Path, server: LocalServer, client: httpx.Client) -> None:
    def huge(handler: _Handler, nth: int) -> None:  # no Content-Length: the size shows only while reading
        send(handler, 200, b"%PDF-1.4\n", content_type="application/pdf", length=False)
        for _ in range(100):
            handler.wfile.write(b"0" * 10_000)

    server.routes["/huge.pdf"] = huge
    server.routes["/declared.pdf"] = lambda handler, nth: send(
        handler, 200, b"", content_type="application/pdf", headers={"Content-Length": "1000000"}, length=False
    )
    manifest_path = manifest_with_urls(
        tmp_path, {"ascc-council-31": server.url("/huge.pdf"), "ascc-council-32": server.url("/declared.pdf")}
    )
    raw = tmp_path / "raw"

    results = fetch(manifest_path, raw, client, max_bytes=10_000)

    assert results == [
        FetchResult(
            "ascc-council-31",
            "failed",
            None,
            None,
            f"too large: {server.url('/huge.pdf')} sent more than the limit of 10,000 bytes (--max-bytes); "
            "download stopped",
        ),
        FetchResult(
            "ascc-council-32",
            "failed",
            None,
            None,
            f"too large: {server.url('/declared.pdf')} declares 1,000,000 bytes, over the limit of 10,000 bytes "
            "(--max-bytes)",
        ),
    ]
    assert files_below(tmp_path) == {"sources.csv"}  # no partial or temporary file anywhere


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"PK\x03\x04 synthetic archive", "application/zip", "gave application/zip; expected a PDF or an HTML page"),
        (b"<html>synthetic error page</html>", "application/pdf", "says it is a PDF but its bytes do not start"),
    ],
)
def test_a_response_that_is_neither_pdf_nor_html_fails(
    tmp_path: Path, server: LocalServer, client: httpx.Client, body: bytes, content_type: str, reason: str
) -> None:
    server.routes["/file"] = serve(body, content_type)
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/file")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert result.status == "failed"
    assert result.reason is not None
    assert result.reason.startswith(f"{server.url('/file')} ")
    assert reason in result.reason


def test_the_type_is_sniffed_from_the_pdf_magic_not_the_header(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/download"] = serve(PDF_A, "application/octet-stream")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/download")})

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert (result.status, result.file) == ("fetched", "ascc-council-31.pdf")


def test_a_gzip_encoded_pdf_is_kept_decoded_and_a_broken_stream_fails(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    gzip_header = {"Content-Encoding": "gzip"}
    server.routes["/zipped.pdf"] = serve(gzip.compress(PDF_A, mtime=0), "application/pdf", headers=gzip_header)
    server.routes["/broken.pdf"] = serve(b"not gzip at all", "application/pdf", headers=gzip_header)
    manifest_path = manifest_with_urls(
        tmp_path, {"ascc-council-31": server.url("/zipped.pdf"), "ascc-council-32": server.url("/broken.pdf")}
    )

    results = fetch(manifest_path, tmp_path / "raw", client)

    assert results[0] == FetchResult("ascc-council-31", "fetched", "ascc-council-31.pdf", len(PDF_A), None)
    assert (tmp_path / "raw" / "ascc-council-31.pdf").read_bytes() == PDF_A
    assert (results[1].status, results[1].file) == ("failed", None)
    assert results[1].reason is not None
    assert results[1].reason.startswith("DecodingError: ")


def test_the_same_file_for_two_rows_is_recorded_once(tmp_path: Path, server: LocalServer, client: httpx.Client) -> None:
    server.routes["/same.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(
        tmp_path, {"ascc-council-31": server.url("/same.pdf"), "ascc-council-32": server.url("/same.pdf")}
    )

    results = fetch(manifest_path, tmp_path / "raw", client)

    assert [result.status for result in results] == ["fetched", "failed"]
    assert results[1].reason == (
        f"the statement is the same file as manifest row ascc-council-31 (ascc-council-31.pdf, "
        f"sha256 {sha(PDF_A)[:12]}…); not recorded twice"
    )
    read_manifest(manifest_path)  # still valid: no sha256 twice
    assert files_below(tmp_path / "raw") == {"ascc-council-31.pdf", "ascc-council-31.pdf.meta.json"}


def test_a_delay_separates_requests(tmp_path: Path, server: LocalServer, client: httpx.Client) -> None:
    server.routes["/a.pdf"] = serve(PDF_A, "application/pdf")
    server.routes["/b.pdf"] = serve(PDF_B, "application/pdf")
    manifest_path = manifest_with_urls(
        tmp_path, {"ascc-council-31": server.url("/a.pdf"), "ascc-council-32": server.url("/b.pdf")}
    )
    sleeps: list[float] = []

    results = fetch(manifest_path, tmp_path / "raw", client, sleeps, delay=1.5)

    assert [result.status for result in results] == ["fetched", "fetched"]
    assert sleeps == [1.5]


def test_the_default_client_sends_the_user_agent(tmp_path: Path, server: LocalServer) -> None:
    server.routes["/a.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/a.pdf")})

    [result] = fetch_sources(manifest_path, tmp_path / "raw", delay=0.0, sleep=lambda seconds: None)

    assert result.status == "fetched"
    assert server.httpd.user_agents == [USER_AGENT]


# ------------------------------------------------------------------------------------------ hostile names


def test_a_hostile_content_disposition_or_url_path_cannot_choose_the_file_name(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    hostile = {
        "Content-Disposition": "attachment; filename=\"../../evil.pdf\"; filename*=UTF-8''..%2F..%2F%2Fetc%2Fpasswd"
    }
    server.routes["/dl/..%2F..%2Fetc%2Fpasswd"] = serve(PDF_A, "application/pdf", headers=hostile)
    server.routes["/abs"] = serve(
        PDF_B, "application/pdf", headers={"Content-Disposition": 'inline; filename="/tmp/x"'}
    )
    manifest_path = manifest_with_urls(
        tmp_path,
        {"ascc-council-31": server.url("/dl/..%2F..%2Fetc%2Fpasswd"), "ascc-council-32": server.url("/abs")},
    )
    raw = tmp_path / "work" / "raw"

    results = fetch(manifest_path, raw, client)

    assert [(result.status, result.file) for result in results] == [
        ("fetched", "ascc-council-31.pdf"),
        ("fetched", "ascc-council-32.pdf"),
    ]
    assert files_below(tmp_path) == {
        "sources.csv",
        "work/raw/ascc-council-31.pdf",
        "work/raw/ascc-council-31.pdf.meta.json",
        "work/raw/ascc-council-32.pdf",
        "work/raw/ascc-council-32.pdf.meta.json",
    }


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "a\x00b.pdf", "..", "a/../../b.pdf", "./a.pdf", "C:/x.pdf", "a\\b.pdf", " "],
)
def test_safe_raw_path_refuses_names_that_could_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(ParameterError, match=re.escape(f"file name {name!r} is not safe inside {tmp_path}")):
        safe_raw_path(tmp_path, name)


def test_safe_raw_path_refuses_a_symlink_out_of_the_folder(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "raw" / "link").symlink_to(tmp_path / "outside")
    with pytest.raises(ParameterError, match="leads outside the raw folder"):
        safe_raw_path(tmp_path / "raw", "link/x.pdf")


@pytest.mark.parametrize("name", ["ascc-council-32.pdf", "ascc/2024-09-26.pdf", "a..b.pdf"])
def test_safe_raw_path_accepts_relative_names(tmp_path: Path, name: str) -> None:
    assert safe_raw_path(tmp_path, name) == tmp_path.joinpath(*name.split("/"))


def test_an_unsafe_file_in_the_manifest_fails_only_that_source(
    tmp_path: Path, server: LocalServer, client: httpx.Client
) -> None:
    server.routes["/a.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(
        tmp_path,
        {"ascc-council-31": server.url("/a.pdf")},
        file={"ascc-council-31": "x\x01.pdf"},
        sha256={"ascc-council-31": sha(PDF_B)},
    )

    [result] = fetch(manifest_path, tmp_path / "raw", client)

    assert result.status == "failed"
    assert result.reason is not None
    assert result.reason.startswith("file name 'x\\x01.pdf' is not safe")
    assert server.requests == []


# ------------------------------------------------------------------------------------------ sizes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50MB", 50_000_000),
        ("50 mb", 50_000_000),
        ("512KiB", 524_288),
        ("1000", 1000),
        ("1.5kB", 1500),
        ("2GiB", 2**31),
    ],
)
def test_parse_byte_size(text: str, expected: int) -> None:
    assert parse_byte_size(text) == expected


@pytest.mark.parametrize("text", ["", "MB", "50 XB", "-5MB", "0", "0.0001kB"])
def test_parse_byte_size_refuses_other_text(text: str) -> None:
    with pytest.raises(ParameterError, match=re.escape(f"size {text!r} is not valid; expected")):
        parse_byte_size(text)


# ------------------------------------------------------------------------------------------ add


@pytest.fixture
def own_statement(tmp_path: Path) -> Path:
    """A user's own statement file (SYNTHETIC text)."""
    path = tmp_path / "downloads" / "my statement.TXT"
    path.parent.mkdir()
    path.write_text(TEXT_STATEMENT, encoding="utf-8")
    return path


def add(path: Path, tmp_path: Path, **options: Any) -> str:
    options = {"meeting_no": None, "date": None} | options
    return add_statement(path, raw_dir=tmp_path / "raw", manifest_path=tmp_path / "sources.csv", **options)


def test_add_fills_the_known_row_and_copies_the_file(tmp_path: Path, own_statement: Path) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    before = row_of(manifest_path, "ascc-council-32")

    source_id = add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32, date="2024-09-26")

    assert source_id == "ascc-council-32"
    assert (tmp_path / "raw" / "ascc-council-32.txt").read_bytes() == own_statement.read_bytes()
    assert row_of(manifest_path, "ascc-council-32") == before | {
        "file": "ascc-council-32.txt",
        "sha256": sha(own_statement.read_bytes()),
    }
    assert files_below(tmp_path / "raw") == {"ascc-council-32.txt"}


def test_add_overrides_the_row_with_the_values_given_and_says_so(tmp_path: Path, own_statement: Path) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    before = row_of(manifest_path, "ascc-council-1")  # the reference knows only the year 2009

    add(
        own_statement,
        tmp_path,
        meeting_body_id="ascc",
        meeting_no=1,
        date="11 April 2009",
        venue_city="Cha-am",
        url="https://example.test/synthetic",
    )

    assert row_of(manifest_path, "ascc-council-1") == before | {
        "date": dt.date(2009, 4, 11),
        "date_end": dt.date(2009, 4, 11),
        "date_precision": "day",
        "venue_city": "Cha-am",
        "url": "https://example.test/synthetic",
        "file": "ascc-council-1.txt",
        "sha256": sha(own_statement.read_bytes()),
        "provenance": f"{before['provenance']}; date, date_end, date_precision from ascc add",
    }


def test_add_makes_a_new_row_for_an_unknown_meeting(tmp_path: Path, own_statement: Path) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    n_rows = read_manifest(manifest_path).height

    source_id = add(
        own_statement, tmp_path, meeting_body_id="ALMM", meeting_no=29, date="25-26 March 2024", venue_country="Vietnam"
    )

    assert source_id == "almm-29"
    assert read_manifest(manifest_path).height == n_rows + 1
    assert row_of(manifest_path, "almm-29") == {
        "source_id": "almm-29",
        "meeting_body_id": "ALMM",
        "meeting_no": 29,
        "other_meetings": None,
        "is_plus_three": False,
        "date": dt.date(2024, 3, 25),
        "date_end": dt.date(2024, 3, 26),
        "date_precision": "day",
        "venue_city": None,
        "venue_country": "Viet Nam",
        "chair": None,
        "chair_theme": "ASEAN: Enhancing Connectivity and Resilience",
        "is_video_conference": None,
        "document_kind": None,
        "url": None,
        "file": "almm-29.txt",
        "sha256": sha(own_statement.read_bytes()),
        "confidence": None,
        "provenance": "added by user",
    }


@pytest.mark.parametrize(
    ("body", "meeting_no", "date", "expected"),
    [
        ("ALMM", None, "June 2016", "almm-2016-06-01"),
        ("AHA Centre", None, None, "aha-centre-{sha8}"),
        ("ASCC", 40, "2030-01-02", "ascc-council-40"),
    ],
)
def test_new_ids_are_made_from_body_number_date_or_hash(
    tmp_path: Path, own_statement: Path, body: str, meeting_no: int | None, date: str | None, expected: str
) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    source_id = add(own_statement, tmp_path, meeting_body_id=body, meeting_no=meeting_no, date=date)
    assert source_id == expected.format(sha8=sha(own_statement.read_bytes())[:8])
    assert row_of(manifest_path, source_id)["provenance"] == "added by user"


def test_a_taken_id_gets_a_number(tmp_path: Path, own_statement: Path) -> None:
    manifest = read_manifest(SHIPPED_MANIFEST)
    manifest = pl.concat(
        [manifest, manifest.filter(source_id="ascc-council-32").with_columns(source_id=pl.lit("almm-29"))]
    )
    write_manifest(manifest, tmp_path / "sources.csv")
    assert add(own_statement, tmp_path, meeting_body_id="ALMM", meeting_no=29) == "almm-29-2"


def test_add_refuses_a_file_already_in_the_raw_folder(tmp_path: Path, own_statement: Path) -> None:
    manifest_with_urls(tmp_path, {})
    (tmp_path / "raw" / "sub").mkdir(parents=True)
    (tmp_path / "raw" / "sub" / "copy.txt").write_bytes(own_statement.read_bytes())
    manifest_bytes = (tmp_path / "sources.csv").read_bytes()

    with pytest.raises(InputError) as caught:
        add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32)

    assert caught.value.code == "duplicate"
    assert str(caught.value) == (
        f"{own_statement}: the same file (sha256 {sha(own_statement.read_bytes())[:12]}…) is already in the raw "
        f"folder as {tmp_path / 'raw' / 'sub' / 'copy.txt'}"
    )
    assert (tmp_path / "sources.csv").read_bytes() == manifest_bytes


def test_adding_the_same_file_twice_is_refused(tmp_path: Path, own_statement: Path) -> None:
    manifest_with_urls(tmp_path, {})
    add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32)
    with pytest.raises(InputError, match=r"my statement\.TXT: the same file .* as .*ascc-council-32\.txt"):
        add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=31)


def test_content_the_manifest_records_without_its_file_is_restored(tmp_path: Path, own_statement: Path) -> None:
    manifest_path = manifest_with_urls(
        tmp_path,
        {},
        file={"ascc-council-32": "ascc/2024-09-26.txt"},
        sha256={"ascc-council-32": sha(own_statement.read_bytes())},
    )
    manifest_bytes = manifest_path.read_bytes()

    source_id = add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32)

    assert source_id == "ascc-council-32"
    assert (tmp_path / "raw" / "ascc" / "2024-09-26.txt").read_bytes() == own_statement.read_bytes()
    assert manifest_path.read_bytes() == manifest_bytes


def test_content_the_manifest_records_under_another_present_file_is_refused(
    tmp_path: Path, own_statement: Path
) -> None:
    manifest_with_urls(
        tmp_path,
        {},
        file={"ascc-council-32": "x.txt"},
        sha256={"ascc-council-32": sha(own_statement.read_bytes())},
    )
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "x.txt").write_text("synthetic other content", encoding="utf-8")
    with pytest.raises(InputError, match=r"recorded in .* as ascc-council-32, but its file .*x\.txt holds other"):
        add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32)


def test_content_the_manifest_records_with_no_file_is_refused(tmp_path: Path, own_statement: Path) -> None:
    manifest_with_urls(tmp_path, {}, sha256={"ascc-council-32": sha(own_statement.read_bytes())})
    with pytest.raises(InputError, match=r"already recorded in .*sources\.csv as ascc-council-32 \(with no file\)"):
        add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=31)


def test_a_row_that_already_has_another_present_file_is_not_overwritten(tmp_path: Path, own_statement: Path) -> None:
    manifest_with_urls(tmp_path, {}, file={"ascc-council-32": "theirs.pdf"})
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "theirs.pdf").write_bytes(PDF_A)
    with pytest.raises(InputError) as caught:
        add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32)
    message = str(caught.value)
    assert "manifest row ascc-council-32 already has the file" in message
    assert "theirs.pdf" in message
    assert "my statement.TXT" in message
    assert files_below(tmp_path / "raw") == {"theirs.pdf"}


def test_an_existing_file_of_the_target_name_is_not_overwritten(tmp_path: Path, own_statement: Path) -> None:
    manifest_with_urls(tmp_path, {})
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "ascc-council-32.txt").write_text("synthetic other content", encoding="utf-8")
    with pytest.raises(InputError, match=r"ascc-council-32\.txt already exists \(other content\)"):
        add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32)


def test_several_matching_rows_need_a_date(tmp_path: Path, own_statement: Path) -> None:
    manifest = read_manifest(SHIPPED_MANIFEST)
    twin = manifest.filter(source_id="ascc-council-32").with_columns(
        source_id=pl.lit("ascc-council-32-bis"), date=pl.date(2024, 10, 1), date_end=pl.date(2024, 10, 1)
    )
    write_manifest(pl.concat([manifest, twin]), tmp_path / "sources.csv")

    with pytest.raises(ParameterError, match=r"matches several manifest rows \(.*\); give --date to choose"):
        add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32)
    assert add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32, date="1 October 2024") == (
        "ascc-council-32-bis"
    )


@pytest.mark.parametrize("date", ["2024-13-45", "yesterday", "2024", "see 26 September 2024 above", "26/09/2024"])
def test_add_refuses_a_bad_date(tmp_path: Path, own_statement: Path, date: str) -> None:
    manifest_with_urls(tmp_path, {})
    with pytest.raises(ParameterError, match=re.escape(f"--date {date!r} is not a date; accepted: YYYY-MM-DD")):
        add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32, date=date)
    assert not (tmp_path / "raw").exists()


@pytest.mark.parametrize(
    ("date", "start", "precision"),
    [
        ("2024-09-26", dt.date(2024, 9, 26), "day"),
        ("26 September 2024", dt.date(2024, 9, 26), "day"),
        ("September 26, 2024", dt.date(2024, 9, 26), "day"),
        ("26th of September 2024", dt.date(2024, 9, 26), "day"),
        ("September 2024", dt.date(2024, 9, 1), "month"),
    ],
)
def test_add_reads_the_date_formats_of_statements(
    tmp_path: Path, own_statement: Path, date: str, start: dt.date, precision: str
) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    source_id = add(own_statement, tmp_path, meeting_body_id="ALMM", meeting_no=99, date=date)
    row = row_of(manifest_path, source_id)
    assert (row["date"], row["date_precision"]) == (start, precision)


def test_add_refuses_an_unknown_body(tmp_path: Path, own_statement: Path) -> None:
    manifest_with_urls(tmp_path, {})
    with pytest.raises(ParameterError) as caught:
        add(own_statement, tmp_path, meeting_body_id="ALMX", meeting_no=1)
    message = str(caught.value)
    assert message.startswith("--body 'ALMX' is not a body id of the registry (")
    assert "did you mean" in message
    assert "accepted: ASCC, SOCA," in message


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"meeting_no": 0}, "--meeting 0 is not valid; expected a whole number from 1"),
        ({"meeting_no": 1, "url": "ftp://example.test/x"}, "--url 'ftp://example.test/x' is not valid"),
    ],
)
def test_add_refuses_a_bad_number_or_url(
    tmp_path: Path, own_statement: Path, options: dict[str, Any], message: str
) -> None:
    manifest_with_urls(tmp_path, {})
    with pytest.raises(ParameterError, match=re.escape(message)):
        add(own_statement, tmp_path, meeting_body_id="ASCC", **options)


def test_add_refuses_a_missing_empty_or_unsupported_file(tmp_path: Path) -> None:
    manifest_with_urls(tmp_path, {})
    with pytest.raises(InputError, match=r"nothere\.pdf: cannot be read"):
        add(tmp_path / "nothere.pdf", tmp_path, meeting_body_id="ASCC")
    (tmp_path / "empty.pdf").write_bytes(b"")
    with pytest.raises(InputError, match=r"empty\.pdf: the file is empty") as caught:
        add(tmp_path / "empty.pdf", tmp_path, meeting_body_id="ASCC")
    assert caught.value.code == "empty_file"
    (tmp_path / "old.doc").write_bytes(b"synthetic")
    with pytest.raises(
        InputError, match=r"old\.doc: unsupported format '\.doc'; accepted suffixes: \.docx, "
    ) as caught:
        add(tmp_path / "old.doc", tmp_path, meeting_body_id="ASCC")
    assert caught.value.code == "unsupported_format"


def test_add_needs_a_manifest(tmp_path: Path, own_statement: Path) -> None:
    with pytest.raises(ManifestError, match="file not found"):
        add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32)
    assert not (tmp_path / "raw").exists()


# ------------------------------------------------------------------------------------------ add: many files, by text
# SYNTHETIC statements in ASEAN drafting style, written for these tests; their meetings are rows of the shipped
# manifest (the 28th ALMM of 2024; the 15th AMME, held twice under that number: formal 2019, informal 2014).

OWN_STATEMENTS = {
    "almm.txt": "JOINT STATEMENT OF THE 28TH ASEAN LABOUR MINISTERS MEETING\n"
    "(SYNTHETIC: written for ascc-analysis tests; not an ASEAN document)\n\n"
    "1. The 28th ASEAN Labour Ministers Meeting (ALMM) was held on 30 October 2024 in Singapore.\n\n"
    "2. The Meeting noted synthetic progress in synthetic work.\n",
    "amme-2019.txt": "JOINT STATEMENT OF THE 15TH ASEAN MINISTERIAL MEETING ON ENVIRONMENT\n"
    "(SYNTHETIC: written for ascc-analysis tests; not an ASEAN document)\n\n"
    "1. The 15th ASEAN Ministerial Meeting on Environment was held on 9 October 2019 in Siem Reap, Cambodia.\n\n"
    "2. The Meeting noted synthetic progress.\n",
    "amme-undated.txt": "CHAIRMAN'S STATEMENT OF THE 15TH ASEAN MINISTERIAL MEETING ON ENVIRONMENT\n"
    "(SYNTHETIC: written for ascc-analysis tests; not an ASEAN document)\n\n"
    "1. The Meeting noted synthetic progress.\n",
    "ascc-40.txt": "JOINT STATEMENT OF THE 40TH ASEAN SOCIO-CULTURAL COMMUNITY COUNCIL MEETING\n"
    "(SYNTHETIC: written for ascc-analysis tests; not an ASEAN document)\n\n"
    "1. The 40th ASCC Council Meeting was held on 2 March 2030 in Synthetic City.\n",
    "nothing.txt": "NOTES\n(SYNTHETIC: written for ascc-analysis tests)\n\n1. The text names no meeting.\n",
}


@pytest.fixture
def downloads(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    paths = {}
    for name, text in OWN_STATEMENTS.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_ascc_add_reads_each_files_meeting_and_adds_the_unique_matches(
    tmp_path: Path, downloads: dict[str, Path]
) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    paths = [str(path) for path in downloads.values()]

    result = runner.invoke(app, ["add", *paths, "--raw", str(tmp_path / "raw"), "--manifest", str(manifest_path)])

    assert result.exit_code == 1, result.output
    output = flat(result.output)
    assert "2 added, 3 refused" in output
    assert row_of(manifest_path, "almm-28-almm-plus-three-13")["file"] == "almm-28-almm-plus-three-13.txt"
    assert row_of(manifest_path, "amme-15-cop-aathp-15-amme-plus-three-16")["sha256"] == sha(
        downloads["amme-2019.txt"].read_bytes()
    )
    assert files_below(tmp_path / "raw") == {
        "almm-28-almm-plus-three-13.txt",
        "amme-15-cop-aathp-15-amme-plus-three-16.txt",
    }
    assert (
        f"{downloads['amme-undated.txt']}: the text names AMME 15, which matches 2 manifest rows: "
        "amme-informal-15-cop-aathp-10-amme-plus-three-13 (AMME 15, 2014-10-30); "
        "amme-15-cop-aathp-15-amme-plus-three-16 (AMME 15, 2019-10-08)"
    ) in output
    assert f"{downloads['ascc-40.txt']}: the text names ASCC 40, 2030-03-02, which matches no manifest row" in output
    assert f"{downloads['nothing.txt']}: the text names no meeting body, number or date" in output
    assert "give --body with --meeting or --date" in output
    assert read_manifest(manifest_path).height == read_manifest(SHIPPED_MANIFEST).height  # no row added unasked


def test_match_meeting_prefers_the_meeting_by_number_and_tells_rows_apart_by_date(tmp_path: Path) -> None:
    from ascc_analysis.ingest.fetch import match_meeting
    from ascc_analysis.ingest.metadata import Metadata

    manifest = read_manifest(manifest_with_urls(tmp_path, {}))
    file = tmp_path / "x.pdf"

    def matched(**fields: Any) -> str:
        return str(match_meeting(manifest, Metadata(**fields), file=file)["source_id"])

    assert matched(meeting_body_id="COP-AATHP", meeting_no=15) == "amme-15-cop-aathp-15-amme-plus-three-16"
    assert matched(meeting_body_id="AMME", meeting_no=15, date=dt.date(2014, 10, 30)) == (
        "amme-informal-15-cop-aathp-10-amme-plus-three-13"
    )
    assert matched(meeting_body_id="ASCC", date=dt.date(2024, 9, 26)) == "ascc-council-32"
    with pytest.raises(InputError, match="matches no manifest row") as caught:
        matched(meeting_body_id="ASCC", date=dt.date(2024, 9, 27))
    assert caught.value.code == "unknown_meeting"


def test_add_with_a_url_puts_it_first_among_the_rows_addresses(tmp_path: Path, own_statement: Path) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    urls = write_source_urls(
        tmp_path,
        [("ascc-council-31", "https://example.test/31", "news"), ("ascc-council-32", "https://example.test/n", "news")],
    )
    add(own_statement, tmp_path, meeting_body_id="ASCC", meeting_no=32, url="https://example.test/official")
    assert row_of(manifest_path, "ascc-council-32")["url"] == "https://example.test/official"
    assert urls.read_text(encoding="utf-8").splitlines()[1:] == [
        "ascc-council-31,https://example.test/31,news,test",
        "ascc-council-32,https://example.test/official,official_page,ascc add --url",
        "ascc-council-32,https://example.test/n,news,test",
    ]


def test_ascc_add_options_that_describe_one_meeting_need_body_and_one_file(
    tmp_path: Path, downloads: dict[str, Path]
) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    base = ["--raw", str(tmp_path / "raw"), "--manifest", str(manifest_path)]
    two = [str(downloads["almm.txt"]), str(downloads["amme-2019.txt"])]
    many = runner.invoke(app, ["add", *two, "--body", "ALMM", *base])
    assert many.exit_code == 2
    assert "--body describes one meeting but 2 files were given" in flat(many.output.replace("│", ""))
    no_body = runner.invoke(app, ["add", two[0], "--meeting", "28", *base])
    assert no_body.exit_code == 2
    assert "--meeting describe(s) one meeting and need(s) --body" in flat(no_body.output.replace("│", ""))
    assert not (tmp_path / "raw").exists()


# ------------------------------------------------------------------------------------------ command line


@pytest.mark.parametrize("command", ["fetch", "add"])
def test_the_commands_have_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output


def flat(output: str) -> str:
    """Terminal output with rich's line wrapping undone."""
    return " ".join(output.split())


def _fetch_args(tmp_path: Path, manifest_path: Path, *extra: str) -> list[str]:
    raw = str(tmp_path / "raw")
    return ["fetch", "--raw", raw, "--manifest", str(manifest_path), "--delay", "0", "--retries", "0", *extra]


def test_ascc_fetch_exits_0_with_failures_and_1_with_strict(tmp_path: Path, server: LocalServer) -> None:
    server.routes["/statement.pdf"] = serve(PDF_A, "application/pdf")
    manifest_path = manifest_with_urls(
        tmp_path, {"ascc-council-31": server.url("/gone.pdf"), "ascc-council-32": server.url("/statement.pdf")}
    )

    relaxed = runner.invoke(app, _fetch_args(tmp_path, manifest_path))
    assert relaxed.exit_code == 0, relaxed.output
    assert "1 fetched, 1 failed" in flat(relaxed.output)
    assert "404" in relaxed.output

    strict = runner.invoke(app, _fetch_args(tmp_path, manifest_path, "--strict"))
    assert strict.exit_code == 1
    assert "1 skipped, 1 failed" in flat(strict.output)
    assert "Traceback" not in strict.output

    only_good = runner.invoke(app, _fetch_args(tmp_path, manifest_path, "--strict", "--only", "ascc-council-32"))
    assert only_good.exit_code == 0, only_good.output


def test_ascc_fetch_dry_run_and_max_bytes(tmp_path: Path, server: LocalServer) -> None:
    manifest_path = manifest_with_urls(tmp_path, {"ascc-council-31": server.url("/a.pdf")})
    result = runner.invoke(app, _fetch_args(tmp_path, manifest_path, "--dry-run", "--max-bytes", "5MB"))
    assert result.exit_code == 0, result.output
    assert "1 planned" in flat(result.output)
    assert "Would fetch by body: ASCC 1" in flat(result.output)
    assert "Would fetch by year: 2024 1" in flat(result.output)  # the 31st ASCC Council, March 2024
    assert server.requests == []
    assert not (tmp_path / "raw").exists()


def test_ascc_fetch_usage_and_input_errors(tmp_path: Path) -> None:
    manifest_path = manifest_with_urls(tmp_path, {})
    bad_size = runner.invoke(app, _fetch_args(tmp_path, manifest_path, "--max-bytes", "lots"))
    assert bad_size.exit_code == 2
    assert "size 'lots' is not valid" in flat(bad_size.output)
    missing = runner.invoke(app, _fetch_args(tmp_path, tmp_path / "nothere.csv"))
    assert missing.exit_code == 1
    assert "nothere.csv: file not found" in flat(missing.output)
    unknown = runner.invoke(app, _fetch_args(tmp_path, manifest_path, "--only", "nope"))
    assert unknown.exit_code == 1
    assert "--only 'nope'" in flat(unknown.output)
    assert "Traceback" not in unknown.output


def _add_args(tmp_path: Path, path: Path, *extra: str) -> list[str]:
    return ["add", str(path), "--raw", str(tmp_path / "raw"), "--manifest", str(tmp_path / "sources.csv"), *extra]


def test_ascc_add_exit_codes(tmp_path: Path, own_statement: Path) -> None:
    manifest_with_urls(tmp_path, {})

    added = runner.invoke(app, _add_args(tmp_path, own_statement, "--body", "ASCC", "--meeting", "32"))
    assert added.exit_code == 0, added.output
    assert "ascc-council-32" in added.output
    assert (tmp_path / "raw" / "ascc-council-32.txt").is_file()

    again = runner.invoke(app, _add_args(tmp_path, own_statement, "--body", "ASCC", "--meeting", "31"))
    assert again.exit_code == 1
    assert "already in the raw folder" in flat(again.output)
    assert "Traceback" not in again.output

    bad_date = runner.invoke(app, _add_args(tmp_path, own_statement, "--body", "ASCC", "--date", "someday"))
    assert bad_date.exit_code == 1
    assert "--date 'someday' is not a date" in flat(bad_date.output)

    no_meeting = runner.invoke(app, _add_args(tmp_path, own_statement))  # its text names no meeting number or date
    assert no_meeting.exit_code == 1
