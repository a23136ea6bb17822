"""Evidence behind every mark, in a real browser: headless Chromium from Debian's packages, driven by Playwright.

Once per module the tests build a processed corpus from the synthetic demo statements, run the topic-trend,
network and shift reports into a temporary folder, serve it on a loopback port and click marks:

* a point of the theme trend and a cell of the theme heatmap open the paragraphs tagged with that theme in that year
  (as many as the page's own table of counts says, and exactly those of the processed ``paragraph_themes``);
* an edge of the tie network opens the paragraphs where an instrument the two bodies share is linked to either body;
* a bar of the word shift opens paragraphs of the right year that use the term;
* every link in the panel has the form of the site's contract — ``statements/<doc_id>.html#<para_id>`` for an
  existing paragraph, ``search.html?…`` with the search page's parameters — and so do the tables' paragraph links;
* no console error, no page error, no request to anything outside the page's folder.

The statement and search pages are another part of the site: the links are checked for their form and targets,
not followed. Chromium and Playwright as in ``tests/test_browser.py`` (skipped without them, failed in CI).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlsplit

import polars as pl
import pytest

from ascc_analysis.analysis import evidence
from ascc_analysis.analysis.corpus import Corpus, load_corpus
from ascc_analysis.build import build_corpus
from ascc_analysis.extract.themes import load_taxonomy, themes_frame
from ascc_analysis.ingest.demo import demo_files
from ascc_analysis.report import plots
from ascc_analysis.report.runner import run_reports

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Route

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
REPORTS_FILE = REPO_ROOT / "notebooks" / "reports.yaml"
REPORTS = ("topic-trends", "instrument-networks", "priority-shifts")
CHROMIUM = Path(os.environ.get("ASCC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
CHART_TIMEOUT_MS = 30_000
PARAGRAPH_LINK = re.compile(r"^statements/(?P<doc>[^/#?]+)\.html#(?P<para>[^#?]+)$")

# The marks of a chart that are drawn where they can be clicked: each element's own centre hits it (not another mark).
CLICKABLE_JS = """(div, selector) => Array.from(div.querySelectorAll(selector)).map((node) => {
  const box = node.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const hit = document.elementFromPoint(x, y);
  return {label: node.getAttribute("aria-label") || "", x: x, y: y, free: hit === node};
}).filter((mark) => mark.free)"""


@dataclass
class Visit:
    """What one page did in the browser."""

    console: list[tuple[str, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        return [text for level, text in self.console if level == "error"] + self.page_errors


@dataclass(frozen=True)
class Panel:
    """An evidence panel as the page shows it."""

    key: str
    n: int
    para_ids: list[str]
    links: list[str]
    texts: list[str]
    all_href: str
    all_text: str


# --- fixtures -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless; skipped (failed in CI) where it is not installed."""
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = f"Chromium not found at {CHROMIUM}: run `make browser` (installs Debian's chromium with apt-get)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; .ci/run must run `make browser` before the tests")
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install -e .[dev]")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> tuple[Path, Corpus]:
    """The demo corpus built and its corpus-wide reports run into a temporary folder: (reports folder, corpus)."""
    work = tmp_path_factory.mktemp("evidence-site")
    raw = work / "raw"
    raw.mkdir()
    for path in demo_files():
        shutil.copy(path, raw / path.name)
    processed = work / "processed"
    build_corpus(raw, processed)
    out = work / "reports"
    run_reports(processed, out, reports_file=REPORTS_FILE, names=list(REPORTS), jobs=2, root=REPO_ROOT)
    for name in REPORTS:
        assert (out / f"{name}.html").is_file(), f"the report runner wrote no {name}.html in {out}"
    return out, load_corpus(processed, demo_fallback=False)


@pytest.fixture(scope="module")
def corpus(built: tuple[Path, Corpus]) -> Corpus:
    return built[1]


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser closing a connection early is not a test failure."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def origin(built: tuple[Path, Corpus]) -> Iterator[str]:
    """The reports folder served over HTTP on 127.0.0.1 (a free port) from a thread."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(built[0])))
    thread = threading.Thread(target=server.serve_forever, name="evidence-site", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture()
def open_page(browser: Browser, origin: str) -> Iterator[Any]:
    """Open a report page in a fresh context recording console messages and blocking requests off its folder."""
    contexts = []
    visits: list[Visit] = []

    def open_(name: str) -> tuple[Page, Visit]:
        visit = Visit()
        context = browser.new_context(service_workers="block", viewport={"width": 1400, "height": 2400})
        contexts.append(context)
        folder = f"{origin}/"

        def route(route: Route) -> None:
            if route.request.url.startswith(folder):
                route.continue_()
            else:
                visit.blocked.append(route.request.url)
                route.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("console", lambda message: visit.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
        page.goto(f"{origin}/{name}.html", wait_until="load")
        page.wait_for_function("document.body.dataset.chartsRendered === 'true'", timeout=CHART_TIMEOUT_MS)
        visits.append(visit)
        return page, visit

    yield open_
    for context in contexts:
        context.close()
    for visit in visits:
        assert visit.errors == [], f"console or page errors: {visit.errors}"
        assert visit.blocked == [], f"requests off the page's folder: {visit.blocked}"


# --- helpers ------------------------------------------------------------------------------------------------------


def _chart(page: Page, title_start: str) -> Locator:
    """The chart with evidence whose spec title starts with ``title_start``."""
    charts = page.locator("div.ascc-chart[data-evidence='true']")
    titles = []
    for index in range(charts.count()):
        chart = charts.nth(index)
        title = json.loads(chart.locator("script.ascc-chart-spec").text_content() or "{}").get("title", "")
        if title.startswith(title_start):
            return chart
        titles.append(title)
    raise AssertionError(f"no chart with evidence titled {title_start!r}; charts with evidence: {titles}")


def _fields(label: str) -> dict[str, str]:
    """Vega's aria-label of a mark (``"Year: 2016; Label: Health; Share: 17%"``) as a dict."""
    return dict(part.split(": ", 1) for part in label.split("; ") if ": " in part)


def _click(page: Page, chart: Locator, selector: str, *, pick: Any) -> dict[str, str]:
    """Click the first free mark of ``chart`` matching ``selector`` whose aria fields satisfy ``pick``."""
    chart.scroll_into_view_if_needed()
    marks = chart.evaluate(CLICKABLE_JS, selector)
    for mark in marks:
        fields = _fields(mark["label"])
        if pick(fields):
            page.mouse.click(mark["x"], mark["y"])
            chart.locator("section.ascc-evidence:not([hidden])").wait_for(timeout=5_000)
            return fields
    raise AssertionError(f"no free mark matches among {len(marks)} of {selector!r}")


def _panel(chart: Locator) -> Panel:
    section = chart.locator("section.ascc-evidence")
    items = section.locator("li.ascc-evidence-item")
    every = section.locator("a.ascc-evidence-all")
    return Panel(
        key=section.get_attribute("data-key") or "",
        n=int(section.get_attribute("data-n") or "-1"),
        para_ids=[items.nth(i).get_attribute("data-para-id") or "" for i in range(items.count())],
        links=[items.nth(i).locator("a.ascc-evidence-link").get_attribute("href") or "" for i in range(items.count())],
        texts=[items.nth(i).locator(".ascc-evidence-text").inner_text() for i in range(items.count())],
        all_href=every.get_attribute("href") or "",
        all_text=every.inner_text(),
    )


def _check_links(panel: Panel, corpus: Corpus, expected: set[str]) -> None:
    """The panel's links have the contract's form and point at paragraphs behind the mark; "all n" lists them all."""
    known = set(corpus.paragraphs["para_id"])
    assert panel.n == len(expected)
    assert 0 < len(panel.para_ids) <= 5 and len(panel.para_ids) == min(5, panel.n)
    assert set(panel.para_ids) <= expected
    for para_id, href in zip(panel.para_ids, panel.links, strict=True):
        match = PARAGRAPH_LINK.match(href)
        assert match, f"not a statement link: {href}"
        assert unquote(match["para"]) == para_id and para_id in known
        assert para_id.startswith(unquote(match["doc"]) + "/")
    parts = urlsplit(panel.all_href)
    assert parts.path == "search.html" and not parts.scheme and not parts.netloc
    query = parse_qs(parts.query)
    assert set(query) <= set(plots.SEARCH_PARAMETERS)
    if "ids" in query:
        assert set(query["ids"][0].split(",")) == expected
        assert panel.all_text == f"All {panel.n} in the search page"


# --- the tests ----------------------------------------------------------------------------------------------------


def _theme_paragraphs(corpus: Corpus, label: str, year: int) -> set[str]:
    """From the processed tables: the numbered paragraphs of ``year`` tagged with the theme labelled ``label``."""
    labels = themes_frame(load_taxonomy()).select("theme_id", "label")
    theme_id = labels.filter(pl.col("label") == label)["theme_id"][0]
    numbered = corpus.paragraphs.filter(pl.col("level") == "paragraph").select("para_id", "doc_id")
    return set(
        corpus.paragraph_themes.filter(pl.col("theme_id") == theme_id)
        .select("para_id")
        .join(numbered, on="para_id")
        .join(corpus.documents.select("doc_id", "year"), on="doc_id")
        .filter(pl.col("year") == year)["para_id"]
    )


def test_clicking_a_theme_trend_point_shows_its_paragraphs(open_page: Any, corpus: Corpus) -> None:
    page, _ = open_page("topic-trends")
    chart = _chart(page, "Share of paragraphs per theme")
    fields = _click(page, chart, "g.mark-symbol path", pick=lambda fields: fields.get("Share", "0%") != "0%")
    label, year = fields["Label"], int(fields["Year"])
    panel = _panel(chart)
    assert panel.key == f"{label}\x1f{year}"
    _check_links(panel, corpus, _theme_paragraphs(corpus, label, year))


def test_clicking_a_heatmap_cell_shows_as_many_paragraphs_as_its_count(open_page: Any, corpus: Corpus) -> None:
    page, _ = open_page("topic-trends")
    # the paragraphs behind the marks are listed once for the page, not in each chart
    assert page.locator("script#ascc-evidence-paragraphs").count() == 1
    chart = _chart(page, "Theme shares by year")
    assert (
        json.loads(chart.locator("script.ascc-chart-spec").text_content() or "{}")["usermeta"]["ascc_evidence"][
            "paragraphs"
        ]
        == {}
    )
    fields = _click(page, chart, "g.mark-rect path", pick=lambda fields: int(fields.get("N tagged", "0")) >= 2)
    label, year = fields["Label"], int(fields["Year"])
    panel = _panel(chart)
    assert panel.key == f"{label}\x1f{year}"
    assert panel.n == int(fields["N tagged"])  # the count the page's own data gives for the cell
    _check_links(panel, corpus, _theme_paragraphs(corpus, label, year))
    # the panel closes
    chart.locator("button.ascc-evidence-close").click()
    assert chart.locator("section.ascc-evidence").is_hidden()


def test_clicking_a_network_edge_shows_the_paragraphs_tying_the_bodies(open_page: Any, corpus: Corpus) -> None:
    page, _ = open_page("instrument-networks")
    chart = _chart(page, "Ties between bodies")
    fields = _click(page, chart, "g.mark-rule line", pick=lambda fields: "From" in fields)
    body_a, body_b = fields["From"], fields["To"]
    panel = _panel(chart)
    assert panel.key == f"{body_a}\x1f{body_b}"
    # from the processed tables: the instruments linked to both bodies, and every paragraph (a sub-item counts for
    # its numbered paragraph) linking one of them to either body
    links = corpus.instrument_bodies.select("para_id", "instrument_id", "body_id")
    shared = set(links.filter(pl.col("body_id") == body_a)["instrument_id"]) & set(
        links.filter(pl.col("body_id") == body_b)["instrument_id"]
    )
    blocks = corpus.paragraphs.select("doc_id", "para_id", "level", "para_no")
    parents = {
        (doc_id, para_no): para_id for doc_id, para_id, level, para_no in blocks.iter_rows() if level == "paragraph"
    }
    parent = {
        para_id: parents.get((doc_id, para_no), para_id) if level == "sub_item" else para_id
        for doc_id, para_id, level, para_no in blocks.iter_rows()
    }
    expected = {
        parent[para_id]
        for para_id, instrument_id, body_id in links.iter_rows()
        if instrument_id in shared and body_id in (body_a, body_b)
    }
    assert shared and expected
    _check_links(panel, corpus, expected)


def test_clicking_a_shift_bar_shows_paragraphs_using_the_term(open_page: Any, corpus: Corpus) -> None:
    page, _ = open_page("priority-shifts")
    chart = _chart(page, "Word shift")
    fields = _click(page, chart, "g.mark-rect path", pick=lambda fields: "term" in fields)
    term, rising = fields["term"], fields["_direction"] == "rising"
    first, last = corpus.all_years[-2:]
    year = last if rising else first
    panel = _panel(chart)
    assert panel.key == term
    expected = evidence.term_evidence(
        corpus.paragraphs, corpus.documents, pl.DataFrame({"term": [term], "year": [year]})
    )
    _check_links(panel, corpus, set(expected["para_id"]))
    years = dict(corpus.documents.select("doc_id", "year").iter_rows())
    texts = dict(corpus.paragraphs.select("para_id", "text").iter_rows())
    for para_id in panel.para_ids:  # each shown paragraph is of that year and uses the term
        assert years[para_id.rsplit("/", 1)[0]] == year
        assert re.search(rf"\b{re.escape(term)}", texts[para_id].lower()), (term, para_id)
    # the panel shows the opening of each paragraph, as text
    for para_id, shown in zip(panel.para_ids, panel.texts, strict=True):
        opening = shown.rstrip("…")
        assert " ".join(texts[para_id].split()).startswith(opening)


def test_tables_link_the_paragraphs_they_name(open_page: Any, corpus: Corpus) -> None:
    known = set(corpus.paragraphs["para_id"])
    for name in ("topic-trends", "priority-shifts"):
        page, _ = open_page(name)
        anchors = page.eval_on_selector_all(
            "table a.ascc-para", "(links) => links.map((link) => [link.getAttribute('href'), link.textContent])"
        )
        assert anchors, f"{name}: no paragraph link in its tables"
        for href, text in anchors:
            match = PARAGRAPH_LINK.match(href)
            assert match and unquote(match["para"]) == text and text in known, href


def test_clicking_a_network_node_shows_the_paragraphs_naming_the_body(open_page: Any, corpus: Corpus) -> None:
    page, _ = open_page("instrument-networks")
    chart = _chart(page, "Ties between bodies")
    fields = _click(page, chart, "g.mark-symbol path", pick=lambda fields: "Node id" in fields)
    body_id = fields["Node id"]
    panel = _panel(chart)
    assert panel.key == body_id
    named = corpus.body_mentions.filter((pl.col("body_id") == body_id) & ~pl.col("is_generic").fill_null(False))
    blocks = corpus.paragraphs.select("doc_id", "para_id", "level", "para_no")
    numbered = {(doc, no): para for doc, para, level, no in blocks.iter_rows() if level == "paragraph"}
    levels = {para: (doc, level, no) for doc, para, level, no in blocks.iter_rows()}
    expected = set()
    for para_id in named["para_id"]:
        doc_id, level, para_no = levels[para_id]
        expected.add(numbered.get((doc_id, para_no), para_id) if level == "sub_item" else para_id)
    _check_links(panel, corpus, expected)


def test_every_report_page_stays_under_3_mb(built: tuple[Path, Corpus]) -> None:
    sizes = {path.name: path.stat().st_size for path in built[0].glob("*.html")}
    assert set(sizes) >= {f"{name}.html" for name in REPORTS}
    assert {name: size for name, size in sizes.items() if size >= 3_000_000} == {}
