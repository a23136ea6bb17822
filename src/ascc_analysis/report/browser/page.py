"""Statement browser, page parts: the page shell, escaping, file names of ids, and highlighted paragraph text.

Everything here returns text; nothing reads or writes a file. Every value that comes from the corpus goes through
:func:`escape` (element text and attribute values alike), so statement text that looks like markup stays text.
"""

from __future__ import annotations

import hashlib
import heapq
import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import quote

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")

CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem auto; max-width: 78rem;
       padding: 0 1rem; color: #1f2328; line-height: 1.45; }
nav.site { font-size: 0.9rem; margin-bottom: 1rem; } nav.site a { margin-right: 1rem; }
h1 { font-size: 1.5rem; margin: 0.2rem 0; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
.meta { color: #59636e; } .synthetic { color: #9a6700; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid #d1d9e0; }
th { background: #f6f8fa; } th[data-sort] { cursor: pointer; user-select: none; }
th[aria-sort="ascending"]::after { content: " \\25B2"; } th[aria-sort="descending"]::after { content: " \\25BC"; }
td.num, #items.statements td:first-child, #items.statements td:last-child { text-align: right; white-space: nowrap; }
.filters { margin: 0.6rem 0; display: flex; flex-wrap: wrap; gap: 0.8rem; align-items: end; }
.filters label { font-size: 0.85rem; display: flex; flex-direction: column; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; }
dl.facts dt { color: #59636e; } dl.facts dd { margin: 0; }
.title-block { white-space: pre-wrap; background: #f6f8fa; padding: 0.6rem; font-size: 0.9rem; }
section.para { border-left: 3px solid #d1d9e0; padding: 0.2rem 0 0.2rem 0.8rem; margin: 0.8rem 0; }
section.para:target, .sub:target { background: #fff8c5; outline: 2px solid #d4a72c; }
.para-no { font-weight: 600; color: #59636e; text-decoration: none; margin-right: 0.4rem; }
.para-text, .sub-text { white-space: pre-wrap; }
div.sub { margin: 0.3rem 0 0.3rem 1.6rem; }
.tags { font-size: 0.8rem; margin-top: 0.3rem; }
.tag { display: inline-block; border: 1px solid #d1d9e0; border-radius: 1rem; padding: 0 0.5rem;
       margin: 0 0.3rem 0.2rem 0; }
mark.body { background: #ddf4ff; } mark.body.generic { background: #eef1f4; }
mark.instrument { background: #fff1e5; } mark.instrument a { color: inherit; }
.carry { font-size: 0.85rem; color: #59636e; }
.status { display: inline-block; border-radius: 0.3rem; padding: 0 0.4rem; font-size: 0.8rem; background: #eef1f4; }
.status-adopted, .status-endorsed, .status-signed, .status-launched { background: #dafbe1; }
.status-adoption_expected, .status-notation_expected, .status-signing_expected { background: #fff8c5; }
.status-noted { background: #ddf4ff; } .status-referred { background: #eef1f4; }
#results { table-layout: fixed; }
#results td.left { text-align: right; white-space: nowrap; overflow: hidden; direction: rtl; }
#results td.left span { direction: ltr; unicode-bidi: plaintext; }
#results td.match { font-weight: 600; white-space: nowrap; overflow: hidden; text-overflow: ellipsis;
                    background: #fff8c5; text-align: center; }
#results td.right { white-space: nowrap; overflow: hidden; }
#results td.where { font-size: 0.8rem; overflow-wrap: anywhere; }
#caption:empty { display: none; }
""".strip()

SORT_SCRIPT = """
(function () {
  "use strict";
  // Click a header with data-sort ("text" or "num") to sort its table; rows keep their data-* for filters.
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("th[data-sort]");
    headers.forEach(function (th, index) {
      th.addEventListener("click", function () {
        var column = Array.prototype.indexOf.call(th.parentNode.children, th);
        var descending = th.getAttribute("aria-sort") === "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", descending ? "descending" : "ascending");
        var numeric = th.dataset.sort === "num";
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        function key(row) {
          var cell = row.cells[column];
          var value = cell ? (cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent) : "";
          if (numeric) { var number = parseFloat(value); return isNaN(number) ? -Infinity : number; }
          return value.toLowerCase();
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return descending ? -order : order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
})();
""".strip()


def escape(value: object) -> str:
    """HTML-escape a value for element text or a quoted attribute (``&``, ``<``, ``>``, both quotes)."""
    return html.escape("" if value is None else str(value), quote=True)


def file_stem(identifier: str) -> str:
    """The file name (without suffix) of a page for an id: the id itself when it is made of ``A-Za-z0-9._-``,
    else the id with every other character as ``_`` and 8 hex digits of its SHA-256 (so two ids never share a file).
    """
    safe = _UNSAFE.sub("_", identifier).strip(".") or "_"
    if safe == identifier:
        return identifier
    return f"{safe}-{hashlib.sha256(identifier.encode()).hexdigest()[:8]}"


def statement_href(doc_id: str, para_id: str | None = None, *, root: str = "") -> str:
    """Link to a statement page (``statements/<doc_id>.html``), and to a paragraph's anchor when given."""
    href = f"{root}statements/{quote(file_stem(doc_id))}.html"
    return href + ("#" + quote(para_id, safe="/.-_~") if para_id else "")


def instrument_href(instrument_id: str, *, root: str = "") -> str:
    """Link to an instrument's page (``instruments/<instrument_id>.html``)."""
    return f"{root}instruments/{quote(file_stem(instrument_id))}.html"


def search_href(*, root: str = "", **params: str | int) -> str:
    """Link to the search page with URL parameters (see :mod:`ascc_analysis.report.browser.search`)."""
    query = "&".join(f"{key}={quote(str(value), safe='')}" for key, value in params.items() if value not in ("", None))
    return f"{root}search.html" + (f"?{query}" if query else "")


def shell(title: str, body: str, *, root: str, script: str = "", scripts: Sequence[str] = ()) -> str:
    """A complete page: head with the shared style, the site's navigation, ``body`` and inline/linked scripts.

    Args:
        title: The page title (escaped here).
        body: The page's HTML (already escaped by its builder).
        root: Relative path from the page to the site's root folder (``""`` or ``"../"``).
        script: JavaScript inlined at the end of the page.
        scripts: Paths (relative to the page) of scripts loaded before ``script``.
    """
    nav = (
        '<nav class="site">'
        f'<a href="{root}index.html">Reports</a>'
        f'<a href="{root}statements/index.html">Statements</a>'
        f'<a href="{root}search.html">Search</a>'
        f'<a href="{root}instruments/index.html">Instruments</a>'
        "</nav>"
    )
    linked = "".join(f'<script src="{escape(path)}"></script>\n' for path in scripts)
    inline = f"<script>\n{script}\n</script>\n" if script else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{CSS}\n</style>\n</head>\n<body>\n"
        f"{nav}\n{body}\n{linked}{inline}</body>\n</html>\n"
    )


# --- highlighted text ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """A stretch of a text to wrap in an element.

    Attributes:
        start: Offset of its first character.
        end: Offset after its last character.
        open_tag: The opening tag (attributes already escaped), e.g. ``<mark class="body" data-body-id="ALMM">``.
        close_tag: The matching closing tag(s), e.g. ``</mark>``.
    """

    start: int
    end: int
    open_tag: str
    close_tag: str


def highlight(text: str, spans: Sequence[Span]) -> str:
    """``text`` escaped, with every span wrapped in its tags; spans nest, and a span that crosses the end of an
    enclosing one is split in two at that end (so the markup is always well formed).

    Spans are clipped to the text; empty ones are dropped. Of spans starting at the same offset the longer opens first.
    """
    n = len(text)
    heap: list[tuple[int, int, int, Span]] = []
    for order, span in enumerate(spans):
        start, end = max(0, span.start), min(n, span.end)
        if start < end:
            heapq.heappush(heap, (start, -end, order, Span(start, end, span.open_tag, span.close_tag)))
    out: list[str] = []
    stack: list[Span] = []
    position = 0

    def close_until(offset: int) -> None:
        nonlocal position
        while stack and stack[-1].end <= offset:
            top = stack.pop()
            out.append(escape(text[position : top.end]) + top.close_tag)
            position = top.end

    while heap:
        start, _, order, span = heapq.heappop(heap)
        close_until(start)
        out.append(escape(text[position:start]))
        position = start
        if stack and span.end > stack[-1].end:  # crosses the enclosing span's end: split it there
            boundary = stack[-1].end
            heapq.heappush(heap, (boundary, -span.end, order, Span(boundary, span.end, span.open_tag, span.close_tag)))
            span = Span(start, boundary, span.open_tag, span.close_tag)
        out.append(span.open_tag)
        stack.append(span)
    close_until(n)
    out.append(escape(text[position:]))
    return "".join(out)


def clip(spans: Sequence[Span], start: int, end: int) -> list[Span]:
    """The spans that overlap ``[start, end)``, clipped to it and shifted so that ``start`` is offset 0."""
    return [
        Span(max(span.start, start) - start, min(span.end, end) - start, span.open_tag, span.close_tag)
        for span in spans
        if span.start < end and span.end > start
    ]


def attributes(values: Mapping[str, object]) -> str:
    """`` name="value"`` pairs, escaped; ``None`` values left out."""
    return "".join(f' {name}="{escape(value)}"' for name, value in values.items() if value is not None)
