"""The statement browser, search and instrument pages in a real browser: Debian's headless Chromium via Playwright.

Once per module the tests build the synthetic demo corpus plus one synthetic statement whose paragraph carries
markup, write the browser pages with the runner's site step (no notebook needed) and serve the folder on a loopback
port. Checked: a search returns exactly the paragraphs that contain the term (against the ``paragraphs`` table) as
KWIC lines; the URL parameters (``ids``, ``theme``, ``instrument``, ``doc``, years, ``body``, ``title``) filter as the
tables say; every ``#para_id`` link lands on its paragraph; no console error and no request off the site's folder,
over HTTP and from ``file://``; statement markup stays text. Chromium launch as in ``tests/test_browser.py``.

Playwright's sync API runs here in a thread of its own (:data:`_THREAD`; the browser starts there and every test body
runs there, see :func:`_in_browser_thread`): ``tests/test_browser.py`` keeps its session's Playwright running on the
main thread, and a second sync Playwright on the same thread refuses to start.
"""

from __future__ import annotations

import concurrent.futures
import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import polars as pl
import pytest

from ascc_analysis.build import build_corpus
from ascc_analysis.catalog import corpus_hash, read_table
from ascc_analysis.ingest.demo import SYNTHETIC_LABEL, demo_files
from ascc_analysis.report.runner.site import write_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

CHROMIUM = Path(os.environ.get("ASCC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
PWNED_TEXT = "<script>window.__pwned = 1</script>"
MARKUP_DOC_ID = "ammswd-13-2025-10-09"
MARKUP_STATEMENT = f"""{SYNTHETIC_LABEL}
JOINT STATEMENT OF THE 13TH ASEAN MINISTERIAL MEETING ON SOCIAL WELFARE AND DEVELOPMENT
Kuala Lumpur, Malaysia, 9 October 2025

1. We adopted the Kuala Lumpur Work Plan on Community Care 2025-2030, which will guide the Senior Officials
Meeting on Social Welfare and Development (SOMSWD) in its work on care services for older persons.

2. We noted that a statement may quote {PWNED_TEXT} and <b>bold</b> & "quotes" in its text.
"""


_THREAD = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="playwright")


def _in_browser_thread(test: Callable[..., None]) -> Callable[..., None]:
    """Run a test's body in the Playwright thread (pytest still sees the test's own signature for its fixtures)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        _THREAD.submit(test, *args, **kwargs).result()

    return run


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = f"Chromium not found at {CHROMIUM}: run `make browser`"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e .[dev]")

    def start() -> tuple[Any, Browser]:
        playwright = sync_api.sync_playwright().start()
        return playwright, playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)

    playwright, chromium = _THREAD.submit(start).result()
    try:
        yield chromium
    finally:
        _THREAD.submit(lambda: (chromium.close(), playwright.stop())).result()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("browser-site")
    raw = work / "raw"
    raw.mkdir()
    for path in demo_files():
        shutil.copy(path, raw / path.name)
    (raw / "2025-10-09_13th-ammswd_joint-statement.txt").write_text(MARKUP_STATEMENT, encoding="utf-8")
    build_corpus(raw, work / "processed")
    return work / "processed"


@pytest.fixture(scope="module")
def site_dir(corpus: Path, browser: Browser) -> Path:
    out = corpus.parent / "reports"
    result = write_browser(corpus, out, corpus_hash=corpus_hash(corpus))
    assert result.status == "ok", result.message
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def origin(site_dir: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class Visit:
    """One page opened in a fresh context that records console errors and aborts requests off the site."""

    def __init__(self, browser: Browser, url: str, *, base: str) -> None:
        self.errors: list[str] = []
        self.off_site: list[str] = []
        self.context = browser.new_context(service_workers="block")

        def route(route: Any) -> None:
            if route.request.url.startswith(base):
                route.continue_()
            else:
                self.off_site.append(route.request.url)
                route.abort()

        self.context.route("**/*", route)
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.goto(url)

    def goto(self, url: str) -> None:
        """Open another page in the same context (much faster than a new context per page)."""
        self.page.goto(url, wait_until="load")
        if urlsplit(url).path.endswith("search.html"):
            self.page.wait_for_function(
                "['done', 'idle', 'error'].includes(document.getElementById('results').dataset.state)", timeout=15_000
            )

    def close(self) -> None:
        self.context.close()

    def rows(self) -> list[dict[str, str]]:
        return self.page.eval_on_selector_all(
            "#results tbody tr",
            """(rows) => rows.map((row) => ({kind: row.className, para_id: row.dataset.paraId,
                year: row.cells[0].textContent, body: row.cells[1].textContent,
                match: row.querySelector("td.match") ? row.querySelector("td.match").textContent : "",
                left: row.querySelector("td.left") ? row.querySelector("td.left").textContent : "",
                href: row.querySelector("a").getAttribute("href")}))""",
        )


def _search(browser: Browser, origin: str, query: str) -> tuple[Visit, list[dict[str, str]]]:
    visit = Visit(browser, f"{origin}search.html?{query}", base=origin)
    assert visit.page.eval_on_selector("#results", "(e) => e.dataset.state") == "done"
    assert (visit.errors, visit.off_site) == ([], [])
    return visit, visit.rows()


def _top_level(corpus: Path) -> pl.DataFrame:
    paragraphs = read_table(corpus, "paragraphs").filter(pl.col("level") != "sub_item")
    documents = read_table(corpus, "documents").select("doc_id", "year", "meeting_body_id")
    return paragraphs.join(documents, on="doc_id")


def _containing(corpus: Path, phrase: str) -> tuple[set[str], int]:
    pattern = re.compile(r"(?<![^\W_])" + r"\s+".join(map(re.escape, phrase.split())) + r"(?![^\W_])", re.IGNORECASE)
    paragraphs = _top_level(corpus)
    hits = {row["para_id"]: len(pattern.findall(row["text"])) for row in paragraphs.iter_rows(named=True)}
    return {para_id for para_id, n in hits.items() if n}, sum(hits.values())


# --- search ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("phrase", ["health", "Social Welfare and Development", "ASEAN"])
@_in_browser_thread
def test_a_search_returns_exactly_the_paragraphs_that_contain_it_as_kwic_lines(
    browser: Browser, origin: str, corpus: Path, phrase: str
) -> None:
    expected, n_occurrences = _containing(corpus, phrase)
    assert expected, f"{phrase!r} must be in the demo"
    visit, rows = _search(browser, origin, "q=" + quote(phrase))
    try:
        assert {row["para_id"] for row in rows} == expected
        assert len(rows) == n_occurrences
        assert {row["kind"] for row in rows} == {"kwic"}
        assert all(re.sub(r"\s+", " ", row["match"]).lower() == phrase.lower() for row in rows)
        assert all(row["left"] or row["match"] for row in rows)
    finally:
        visit.close()


@_in_browser_thread
def test_a_trailing_star_matches_any_ending(browser: Browser, origin: str, corpus: Path) -> None:
    paragraphs = _top_level(corpus)
    expected = set(paragraphs.filter(pl.col("text").str.contains(r"(?i)\bvaccin"))["para_id"])
    visit, rows = _search(browser, origin, "q=vaccin*")
    visit.close()
    assert {row["para_id"] for row in rows} == expected and expected


@_in_browser_thread
def test_year_range_and_body_filter_the_search(browser: Browser, origin: str, corpus: Path) -> None:
    expected, _ = _containing(corpus, "health")
    paragraphs = _top_level(corpus).filter(pl.col("para_id").is_in(list(expected)))
    in_range = set(paragraphs.filter(pl.col("year").is_between(2020, 2022))["para_id"])
    visit, rows = _search(browser, origin, "q=health&year_from=2020&year_to=2022")
    visit.close()
    assert {row["para_id"] for row in rows} == in_range and in_range != expected
    council = set(paragraphs.filter(pl.col("meeting_body_id") == "ASCC")["para_id"])
    visit, rows = _search(browser, origin, "q=health&body=ASCC")
    visit.close()
    assert {row["para_id"] for row in rows} == council and {row["body"] for row in rows} == {"ASCC"}


# --- the URL contract -------------------------------------------------------------------------------------------------


@_in_browser_thread
def test_ids_list_those_paragraphs_with_their_opening_and_the_title(
    browser: Browser, origin: str, corpus: Path
) -> None:
    paragraphs = _top_level(corpus)
    chosen = paragraphs.sort("para_id").gather_every(37)["para_id"].to_list()[:5]
    title = "Paragraphs behind: <Health>, 2021"
    visit, rows = _search(browser, origin, f"ids={quote(','.join(chosen))}&title={quote(title)}")
    try:
        assert sorted(row["para_id"] for row in rows) == sorted(chosen)
        assert {row["kind"] for row in rows} == {"para"}
        assert visit.page.inner_text("#caption") == title
    finally:
        visit.close()


@_in_browser_thread
def test_theme_with_a_year_range_lists_the_tagged_paragraphs(browser: Browser, origin: str, corpus: Path) -> None:
    themes = read_table(corpus, "paragraph_themes").join(_top_level(corpus).select("para_id", "year"), on="para_id")
    expected = set(themes.filter((pl.col("theme_id") == "health") & (pl.col("year") == 2021))["para_id"])
    visit, rows = _search(browser, origin, "theme=health&year_from=2021&year_to=2021")
    visit.close()
    assert {row["para_id"] for row in rows} == expected and expected
    assert len(rows) == len(expected)


@_in_browser_thread
def test_instrument_and_doc_parameters(browser: Browser, origin: str, corpus: Path) -> None:
    mentions = read_table(corpus, "instrument_mentions")
    instrument_id = (
        mentions.group_by("instrument_id").len().sort("len", "instrument_id", descending=[True, False])[0, 0]
    )
    expected = set(mentions.filter(pl.col("instrument_id") == instrument_id)["para_id"])
    visit, rows = _search(browser, origin, f"instrument={quote(instrument_id)}")
    visit.close()
    assert {row["para_id"] for row in rows} == expected
    doc_paragraphs = set(_top_level(corpus).filter(pl.col("doc_id") == "ascc-31-2024-03-24")["para_id"])
    visit, rows = _search(browser, origin, "doc=ascc-31-2024-03-24")
    visit.close()
    assert {row["para_id"] for row in rows} == doc_paragraphs


# --- links and pages ---------------------------------------------------------------------------------------------


@_in_browser_thread
def test_every_para_id_link_lands_on_its_paragraph(browser: Browser, origin: str, corpus: Path) -> None:
    paragraphs = read_table(corpus, "paragraphs")
    visit = Visit(browser, f"{origin}statements/index.html", base=origin)
    try:
        for (doc_id,), rows in paragraphs.group_by("doc_id"):
            visit.goto(f"{origin}statements/{doc_id}.html")
            missing = visit.page.evaluate(
                "(ids) => ids.filter((id) => !document.getElementById(id))", rows["para_id"].to_list()
            )
            assert missing == [], doc_id
        assert (visit.errors, visit.off_site) == ([], [])
    finally:
        visit.close()
    # following links from the search (including a sub-item's) scrolls the paragraph into view as the target
    visit, rows = _search(browser, origin, "q=health")
    try:
        hrefs = sorted({row["href"] for row in rows})
        assert any("." in href.rsplit("/", 1)[-1] for href in hrefs), "a hit inside a sub-item links the sub-item"
        for href in hrefs[:12]:
            visit.page.goto(origin + href)
            target = href.split("#", 1)[1]
            assert (
                visit.page.evaluate("() => document.querySelector(':target') && document.querySelector(':target').id")
                == target
            )
            assert visit.page.locator(f"[id='{target}']").is_visible()
    finally:
        visit.close()


@_in_browser_thread
def test_every_browser_page_loads_cleanly_over_http(browser: Browser, origin: str, site_dir: Path) -> None:
    pages = sorted(path.relative_to(site_dir).as_posix() for path in site_dir.rglob("*.html"))
    assert "statements/index.html" in pages and "instruments/index.html" in pages and "search.html" in pages
    problems = {}
    visit = Visit(browser, origin + "index.html", base=origin)
    try:
        for name in pages:
            visit.errors.clear()
            visit.off_site.clear()
            visit.goto(origin + name)
            if visit.errors or visit.off_site:
                problems[name] = (list(visit.errors), list(visit.off_site))
    finally:
        visit.close()
    assert problems == {}


@_in_browser_thread
def test_search_and_statements_work_from_file_urls(browser: Browser, site_dir: Path, corpus: Path) -> None:
    base = site_dir.resolve().as_uri() + "/"
    visit = Visit(browser, base + "search.html?q=health&year_from=2021", base=base)
    try:
        expected, _ = _containing(corpus, "health")
        years = dict(zip(_top_level(corpus)["para_id"], _top_level(corpus)["year"], strict=True))
        assert {row["para_id"] for row in visit.rows()} == {p for p in expected if (years[p] or 0) >= 2021}
        assert (visit.errors, visit.off_site) == ([], [])
    finally:
        visit.close()
    visit = Visit(browser, base + "instruments/index.html?body=SOMHD", base=base)
    try:
        shown = visit.page.eval_on_selector_all(
            "#items tbody tr:not([hidden])", "(rows) => rows.map((row) => row.dataset.bodies)"
        )
        assert shown and all("SOMHD" in bodies.split("|") for bodies in shown)
        assert (visit.errors, visit.off_site) == ([], [])
    finally:
        visit.close()


@_in_browser_thread
def test_statement_markup_stays_text_in_the_browser_and_the_search(browser: Browser, origin: str) -> None:
    visit = Visit(browser, f"{origin}statements/{MARKUP_DOC_ID}.html", base=origin)
    try:
        assert PWNED_TEXT in visit.page.inner_text("#paragraphs")
        assert visit.page.evaluate("typeof window.__pwned") == "undefined"
        assert visit.page.evaluate("document.querySelectorAll('#paragraphs b').length") == 0
    finally:
        visit.close()
    visit, rows = _search(browser, origin, "q=__pwned")
    try:
        assert len(rows) == 1 and rows[0]["left"].endswith("<script>window.")
        assert visit.page.evaluate("typeof window.__pwned") == "undefined"
    finally:
        visit.close()
