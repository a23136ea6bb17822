"""The published site in a real browser: headless Chromium from Debian's packages, driven by Playwright.

Once per session the tests build a processed corpus from the synthetic demo statements plus one synthetic statement
whose paragraph carries markup (``<script>window.__pwned = 1</script>``, ``<b>bold</b>``, ``&``, quotes), run the
report runner into a temporary folder (every corpus-wide report and the statement profiles of that statement and of
one demo statement), serve the folder on a loopback port and open every page:

* no console message of level ``error``, no uncaught page error, no HTTP error response;
* no request to anything but the local server (every request is recorded; any other host is aborted and fails);
* every ``div.ascc-chart`` reaches ``data-rendered="true"`` with an SVG holding marks; every network view draws at
  least one node mark per node row of its spec; hovering a node shows Vega's tooltip;
* the statement's ``<script>`` shows as text and never runs (``window.__pwned`` stays undefined) on any page;
* every link of ``index.html`` resolves (HTTP 200), and the pages work from ``file://`` too.

Chromium is Debian's (``make browser`` installs it; ``.ci/run`` does so before ``make test``); Playwright drives it
through ``executable_path`` and never downloads a browser of its own. Where Chromium is absent the tests are skipped,
except in CI (``CI`` set), where they fail: CI installs it, so a missing browser there is a broken setup.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import pytest

from ascc_analysis.build import build_corpus
from ascc_analysis.ingest.demo import SYNTHETIC_LABEL, demo_files
from ascc_analysis.report.runner import read_report_specs, run_reports

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Request, Route

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
REPORTS_FILE = REPO_ROOT / "notebooks" / "reports.yaml"
CHROMIUM = Path(os.environ.get("ASCC_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHART_TIMEOUT_MS = 30_000

PWNED_TEXT = "<script>window.__pwned = 1</script>"
BOLD_TEXT = "<b>bold</b>"
MARKUP_FILE = "2025-10-09_13th-ammswd_joint-statement.txt"
MARKUP_DOC_ID = "ammswd-13-2025-10-09"
PROFILE_DOC_ID = "ascc-31-2024-03-24"  # one demo statement whose profile is also rendered
MARKUP_STATEMENT = f"""{SYNTHETIC_LABEL}
JOINT STATEMENT OF THE 13TH ASEAN MINISTERIAL MEETING ON SOCIAL WELFARE AND DEVELOPMENT
Kuala Lumpur, Malaysia, 9 October 2025

We, the Ministers responsible for social welfare and development of ASEAN Member States, met on 9 October 2025
in Kuala Lumpur, Malaysia, for the 13th ASEAN Ministerial Meeting on Social Welfare and Development (AMMSWD);

1. We adopted the Kuala Lumpur Work Plan on Community Care 2025-2030, which will guide the Senior Officials
Meeting on Social Welfare and Development (SOMSWD) in its work on care services for older persons.

2. We noted that a statement may quote {PWNED_TEXT} and {BOLD_TEXT} & "quotes" in its text, and that the reports
must show such text as it is written.

3. We welcomed closer cooperation with the ASEAN Health Ministers Meeting (AHMM) on long-term care and the care
economy.
"""

# Every chart's state once the page has settled (see plots.CHART_INIT_SCRIPT and plots.network_chart).
CHARTS_JS = """() => Array.from(document.querySelectorAll("div.ascc-chart")).map((div) => {
  const svg = div.querySelector("svg");
  let spec = null;
  try { spec = JSON.parse(div.querySelector("script.ascc-chart-spec").textContent); } catch (error) { spec = null; }
  const values = spec && spec.data && Array.isArray(spec.data.values) ? spec.data.values : [];
  return {
    id: div.dataset.chart || "",
    title: spec && typeof spec.title === "string" ? spec.title : "",
    rendered: div.dataset.rendered || null,
    has_svg: svg !== null,
    n_marks: svg ? svg.querySelectorAll("g.role-mark > *").length : 0,
    n_node_rows: values.filter((row) => row && row._kind === "node").length,
    n_symbols: svg ? svg.querySelectorAll("g.mark-symbol.role-mark > path").length : 0,
  };
})"""


# Elements that the markup statement's text would have made had it been inserted as HTML.
MARKUP_ELEMENTS_JS = """() => [
  ...Array.from(document.querySelectorAll("b")).filter((node) => node.textContent === "bold"),
  ...Array.from(document.querySelectorAll("script")).filter((node) => node.textContent.trim() === "window.__pwned = 1"),
].length"""


@dataclass
class Visit:
    """What one page did in the browser."""

    url: str
    console: list[tuple[str, str]] = field(default_factory=list)  # (level, text) of every console message
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    bad_responses: list[str] = field(default_factory=list)
    charts: list[dict[str, Any]] = field(default_factory=list)
    charts_rendered: str | None = None
    pwned: bool = False
    markup_elements: int = 0
    text: str = ""
    title: str = ""

    @property
    def errors(self) -> list[str]:
        return [text for level, text in self.console if level == "error"]


@dataclass(frozen=True)
class Site:
    """A site written by the report runner and the loopback server that serves it."""

    root: Path
    origin: str
    manifest: dict[str, Any]

    def url(self, name: str) -> str:
        return f"{self.origin}/{name}"

    @property
    def pages(self) -> list[str]:
        """``index.html`` and the HTML of every report, as paths relative to the site."""
        return ["index.html", *(str(entry["html"]) for entry in self.manifest["reports"] if entry.get("html"))]


# --- fixtures -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, with a fresh profile; skipped (failed in CI) where it is not installed."""
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


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory, browser: Browser) -> Path:
    """The demo corpus plus the markup statement, built and reported into a temporary folder."""
    work = tmp_path_factory.mktemp("browser-site")
    raw = work / "raw"
    raw.mkdir()
    for path in demo_files():
        shutil.copy(path, raw / path.name)
    (raw / MARKUP_FILE).write_text(MARKUP_STATEMENT, encoding="utf-8")
    corpus = work / "processed"
    built = build_corpus(raw, corpus)
    assert not built.used_demo
    out = work / "reports"
    run_reports(corpus, out, reports_file=REPORTS_FILE, names=_report_names(), jobs=2, root=REPO_ROOT)
    assert (out / "index.html").is_file(), f"the report runner wrote no index.html in {out}"
    return out


def _report_names() -> list[str]:
    """Every report of ``notebooks/reports.yaml``, but statement grids only for the markup and one demo statement."""
    names = []
    for spec in read_report_specs(REPORTS_FILE, notebooks_dir=REPO_ROOT / "notebooks"):
        if not spec.grid:
            names.append(spec.name)
        elif set(spec.grid) == {"doc_id"}:
            names += [spec.name.format(doc_id=doc_id) for doc_id in (MARKUP_DOC_ID, PROFILE_DOC_ID)]
        else:
            names.append(spec.name.replace("{", "*").replace("}", "*"))
    return names


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that closes a connection early (page navigated away) is not a test failure: stay quiet."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean: no line per request."""
        pass


@pytest.fixture(scope="session")
def site(site_dir: Path) -> Iterator[Site]:
    """The site served over HTTP on 127.0.0.1 (a free port) from a thread."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        manifest = json.loads((site_dir / "manifest.json").read_text(encoding="utf-8"))
        yield Site(root=site_dir, origin=f"http://127.0.0.1:{server.server_address[1]}", manifest=manifest)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _open(browser: Browser, url: str, *, allowed: str) -> tuple[BrowserContext, Page, Visit]:
    """Open ``url`` in a fresh context that records everything and aborts requests not starting with ``allowed``."""
    visit = Visit(url=url)
    context = browser.new_context(service_workers="block")

    def route(route: Route) -> None:
        if route.request.url.startswith(allowed):
            route.continue_()
        else:
            visit.blocked.append(route.request.url)
            route.abort()

    def on_request(request: Request) -> None:
        visit.requests.append(request.url)

    context.route("**/*", route)
    context.on("request", on_request)
    page = context.new_page()
    page.on("console", lambda message: visit.console.append((message.type, message.text)))
    page.on("pageerror", lambda error: visit.page_errors.append(str(error)))
    page.on(
        "response",
        lambda response: (
            visit.bad_responses.append(f"{response.status} {response.url}") if response.status >= 400 else None
        ),
    )
    page.goto(url, wait_until="load")
    if page.locator("div.ascc-chart").count():
        try:
            page.wait_for_function("document.body.dataset.chartsRendered === 'true'", timeout=CHART_TIMEOUT_MS)
        except Exception as error:  # playwright's TimeoutError: recorded, so that every check still reports
            visit.page_errors.append(f"charts did not settle within {CHART_TIMEOUT_MS} ms: {error}")
    visit.charts = page.evaluate(CHARTS_JS)
    visit.charts_rendered = page.evaluate("document.body.dataset.chartsRendered || null")
    visit.pwned = page.evaluate("typeof window.__pwned !== 'undefined'")
    visit.markup_elements = page.evaluate(MARKUP_ELEMENTS_JS)
    visit.text = page.locator("body").inner_text()
    visit.title = page.title()
    return context, page, visit


@pytest.fixture(scope="session")
def visits(browser: Browser, site: Site) -> dict[str, Visit]:
    """Every page of the site opened once over HTTP: page path → what it did."""
    result = {}
    for name in site.pages:
        context, _, visit = _open(browser, site.url(name), allowed=site.origin + "/")
        context.close()
        result[name] = visit
    return result


def _failures(visits: dict[str, Visit], check: str) -> dict[str, Any]:
    found = {name: getattr(visit, check) for name, visit in visits.items()}
    return {name: value for name, value in found.items() if value}


# --- the runner's output ------------------------------------------------------------------------------------------


def test_every_planned_report_ran_and_has_html(site: Site) -> None:
    entries = site.manifest["reports"]
    assert any(entry["parameters"].get("doc_id") == MARKUP_DOC_ID for entry in entries)
    not_ok = {entry["name"]: entry.get("message") for entry in entries if entry["status"] != "ok" or not entry["html"]}
    assert not_ok == {}


def test_the_published_demo_site_stays_small(site_dir: Path) -> None:
    """Every page under 3 MB and the whole site (reports, executed notebooks, browser, search index, downloads) under
    40 MB."""
    published = [path for path in site_dir.rglob("*") if path.is_file()]
    assert {p.name: p.stat().st_size for p in published if p.suffix == ".html" and p.stat().st_size >= 3_000_000} == {}
    assert sum(path.stat().st_size for path in published) < 40_000_000


# --- every page ---------------------------------------------------------------------------------------------------


def test_every_page_loads_without_console_errors(visits: dict[str, Visit]) -> None:
    assert _failures(visits, "errors") == {}


def test_every_page_loads_without_console_warnings(visits: dict[str, Visit]) -> None:
    warnings = {name: [text for level, text in visit.console if level == "warning"] for name, visit in visits.items()}
    assert {name: texts for name, texts in warnings.items() if texts} == {}


def test_every_page_loads_without_page_errors(visits: dict[str, Visit]) -> None:
    assert _failures(visits, "page_errors") == {}


def test_every_page_loads_without_error_responses(visits: dict[str, Visit]) -> None:
    assert _failures(visits, "bad_responses") == {}


def test_no_page_requests_anything_but_the_local_server(visits: dict[str, Visit], site: Site) -> None:
    assert _failures(visits, "blocked") == {}
    off_origin = {
        name: [url for url in visit.requests if not url.startswith(site.origin + "/")] for name, visit in visits.items()
    }
    assert {name: urls for name, urls in off_origin.items() if urls} == {}
    # Each page is one document: the charts' data and library are inline, nothing else is fetched.
    assert {name: visit.requests for name, visit in visits.items() if len(visit.requests) != 1} == {}


def test_every_chart_renders_an_svg_with_marks(visits: dict[str, Visit]) -> None:
    n_charts = sum(len(visit.charts) for visit in visits.values())
    assert n_charts > 0, "no page has a chart"
    broken = {
        name: [
            chart
            for chart in visit.charts
            if not (chart["rendered"] == "true" and chart["has_svg"] and chart["n_marks"] > 0)
        ]
        for name, visit in visits.items()
    }
    assert {name: charts for name, charts in broken.items() if charts} == {}
    unsettled = [name for name, visit in visits.items() if visit.charts and visit.charts_rendered != "true"]
    assert unsettled == []


def test_every_network_view_draws_its_nodes(visits: dict[str, Visit]) -> None:
    networks = [(name, chart) for name, visit in visits.items() for chart in visit.charts if chart["n_node_rows"]]
    assert networks, "no page has a network view (a chart with node rows)"
    short = [(name, chart) for name, chart in networks if chart["n_symbols"] < chart["n_node_rows"]]
    assert short == []


def test_no_page_runs_statement_markup(visits: dict[str, Visit]) -> None:
    assert [name for name, visit in visits.items() if visit.pwned] == []
    assert {name: visit.markup_elements for name, visit in visits.items() if visit.markup_elements} == {}
    # Wherever the paragraph shows, it shows whole, as written.
    mangled = [name for name, visit in visits.items() if "__pwned" in visit.text and PWNED_TEXT not in visit.text]
    assert mangled == []


def test_statement_markup_shows_as_text_on_its_profile(browser: Browser, site: Site) -> None:
    entries = [entry for entry in site.manifest["reports"] if entry["parameters"].get("doc_id") == MARKUP_DOC_ID]
    assert entries, f"no report in manifest.json has doc_id={MARKUP_DOC_ID!r}"
    context, page, visit = _open(browser, site.url(entries[0]["html"]), allowed=site.origin + "/")
    try:
        assert not visit.pwned
        assert PWNED_TEXT in visit.text
        assert BOLD_TEXT in visit.text
        assert page.get_by_text(PWNED_TEXT, exact=False).first.is_visible()
        # The markup stayed text: no element was made from it.
        assert page.evaluate(MARKUP_ELEMENTS_JS) == 0
    finally:
        context.close()


def test_node_hover_shows_a_tooltip(browser: Browser, site: Site, visits: dict[str, Visit]) -> None:
    name = next((name for name, visit in visits.items() if any(chart["n_node_rows"] for chart in visit.charts)), None)
    assert name is not None, "no page has a network view"
    context, page, _ = _open(browser, site.url(name), allowed=site.origin + "/")
    try:
        node = page.locator("g.mark-symbol.role-mark > path").first
        node.scroll_into_view_if_needed()
        box = node.bounding_box()
        assert box is not None
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        tooltip = page.locator("#vg-tooltip-element.visible")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert tooltip.inner_text().strip()
    finally:
        context.close()


# --- the index ----------------------------------------------------------------------------------------------------


def test_index_links_every_report_and_every_link_resolves(browser: Browser, site: Site) -> None:
    context, page, _ = _open(browser, site.url("index.html"), allowed=site.origin + "/")
    try:
        hrefs = page.eval_on_selector_all("a[href]", "(links) => links.map((link) => link.getAttribute('href'))")
    finally:
        context.close()
    urls = [urljoin(site.url("index.html"), href) for href in hrefs]
    assert [url for url in urls if not url.startswith(site.origin + "/")] == []
    linked = {urlsplit(url).path.lstrip("/") for url in urls}
    assert {entry["html"] for entry in site.manifest["reports"] if entry.get("html")} <= linked
    statuses = {}
    for url in urls:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                statuses[url] = response.status
        except urllib.error.HTTPError as error:
            statuses[url] = error.code
    assert {url: status for url, status in statuses.items() if status != 200} == {}


# --- file:// ------------------------------------------------------------------------------------------------------


def test_pages_work_from_file_urls(browser: Browser, site: Site, visits: dict[str, Visit]) -> None:
    with_charts = max(
        visits, key=lambda name: (any(chart["n_node_rows"] for chart in visits[name].charts), len(visits[name].charts))
    )
    base = site.root.resolve().as_uri() + "/"
    for name in ("index.html", with_charts):
        context, _, visit = _open(browser, base + name, allowed=base)
        context.close()
        assert (visit.errors, visit.page_errors, visit.blocked) == ([], [], [])
        assert [url for url in visit.requests if not url.startswith(base)] == []
        assert all(chart["rendered"] == "true" and chart["n_marks"] > 0 for chart in visit.charts)
    assert visit.charts, f"{with_charts} drew no chart from file://"


# --- the harness itself -------------------------------------------------------------------------------------------


def test_the_harness_sees_console_errors_page_errors_and_foreign_requests(browser: Browser, tmp_path: Path) -> None:
    page_path = tmp_path / "bad.html"
    page_path.write_text(
        "<!DOCTYPE html><html><body><p>bad page</p>"
        '<script>console.error("boom")</script>'
        '<img src="https://cdn.example.invalid/vega.js" alt="">'
        '<script>setTimeout(() => { throw new Error("bang"); }, 0)</script>'
        "</body></html>",
        encoding="utf-8",
    )
    base = tmp_path.resolve().as_uri() + "/"
    context, page, visit = _open(browser, base + "bad.html", allowed=base)
    try:
        page.wait_for_timeout(200)
    finally:
        context.close()
    assert "boom" in visit.errors
    assert any("bang" in error for error in visit.page_errors)
    assert visit.blocked == ["https://cdn.example.invalid/vega.js"]
    assert visit.text == "bad page"


def test_the_harness_sees_a_chart_that_fails_to_draw(browser: Browser, tmp_path: Path) -> None:
    from ascc_analysis.report.plots import CHART_INIT_SCRIPT, chart_html

    spec = {"mark": "point", "data": {"values": [{"_kind": "node", "a": 1}]}, "title": "t"}
    # The chart library is left out, so the chart must fail: the harness must see it as failed, not as drawn.
    (tmp_path / "chart.html").write_text(
        f"<!DOCTYPE html><html><body>{chart_html(spec)}<script>{CHART_INIT_SCRIPT}</script></body></html>",
        encoding="utf-8",
    )
    base = tmp_path.resolve().as_uri() + "/"
    context, _, visit = _open(browser, base + "chart.html", allowed=base)
    context.close()
    assert visit.charts_rendered == "true"
    assert [
        (chart["rendered"], chart["has_svg"], chart["n_marks"], chart["n_node_rows"]) for chart in visit.charts
    ] == [("error", False, 0, 1)]
    assert any("could not be drawn" in error for error in visit.errors)
