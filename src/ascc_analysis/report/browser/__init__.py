"""Statement browser: the site's pages written straight from the processed corpus (no notebook), all offline.

* ``statements/index.html`` and ``statements/<doc_id>.html`` (:mod:`.statements`) — every statement, and each one's
  paragraphs and sub-items under ``id="<para_id>"`` with bodies, instruments and themes marked and carried-over
  wording linked to its earlier source;
* ``search.html`` with ``search/meta.js`` and one ``search/<year>.js`` per year (:mod:`.search`) — keyword in context
  over every paragraph, in the browser, with the URL parameters other pages link by (``q``, ``year_from``,
  ``year_to``, ``body``, ``theme``, ``instrument``, ``doc``, ``ids``, ``title``);
* ``instruments/index.html`` and ``instruments/<instrument_id>.html`` (:mod:`.instruments`) — every canonical
  instrument, its names, bodies and the timeline of what each statement did with it.

:func:`browser_pages` yields every file as ``(path relative to the reports folder, text)``; pure (frames in, text
out, no file I/O) and deterministic, so an unchanged corpus gives byte-identical files. The report runner's site
step (:func:`ascc_analysis.report.runner.site.write_browser`) reads the corpus and writes them.
"""

from __future__ import annotations

from collections.abc import Iterator

from ascc_analysis.report.browser.inputs import BrowserInputs, Grouped
from ascc_analysis.report.browser.instruments import instrument_index_page, instrument_page
from ascc_analysis.report.browser.page import file_stem, highlight, instrument_href, search_href, statement_href
from ascc_analysis.report.browser.search import search_index, search_page
from ascc_analysis.report.browser.statements import statement_index_page, statement_page

STATEMENTS_INDEX = "statements/index.html"
SEARCH_PAGE = "search.html"
INSTRUMENTS_INDEX = "instruments/index.html"

__all__ = [
    "INSTRUMENTS_INDEX",
    "SEARCH_PAGE",
    "STATEMENTS_INDEX",
    "BrowserInputs",
    "Grouped",
    "browser_pages",
    "file_stem",
    "highlight",
    "instrument_href",
    "instrument_index_page",
    "instrument_page",
    "search_href",
    "search_index",
    "search_page",
    "statement_href",
    "statement_index_page",
    "statement_page",
]


def browser_pages(inputs: BrowserInputs) -> Iterator[tuple[str, str]]:
    """Every file of the statement browser, search and instrument histories.

    Args:
        inputs: The corpus tables and labels.

    Yields:
        ``(path relative to the reports folder, text)``: ``statements/index.html``, one ``statements/<doc_id>.html``
        per statement, ``search.html``, ``search/meta.js`` and a ``search/<year>.js`` per year,
        ``instruments/index.html`` and one ``instruments/<instrument_id>.html`` per instrument.
    """
    grouped = Grouped(inputs)
    yield STATEMENTS_INDEX, statement_index_page(grouped)
    for document in grouped.documents:
        yield f"statements/{file_stem(document['doc_id'])}.html", statement_page(grouped, document["doc_id"])
    yield SEARCH_PAGE, search_page(grouped)
    yield from search_index(grouped)
    yield INSTRUMENTS_INDEX, instrument_index_page(grouped)
    for instrument_id in sorted(grouped.instrument):
        yield f"instruments/{file_stem(instrument_id)}.html", instrument_page(grouped, instrument_id)
