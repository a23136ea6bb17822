"""Plots, evidence: the paragraphs behind each mark of a chart, attached to its spec for the page to open on click.

:func:`with_evidence` takes a chart and an evidence frame of :mod:`ascc_analysis.analysis.evidence` (a mark's key
columns, then ``para_id, doc_id, year, meeting_body_id, weight, text``) and returns the chart with, under the spec's
``usermeta`` (which Vega-Lite carries and ignores), for each mark: how many paragraphs stand behind it, the ``top_n``
heaviest (their id and weight), and the link to *all* of them on the site's search page. The paragraphs themselves
(``para_id → [year, meeting body, the opening text_chars characters of the text, the link to the statement
page]``) are listed once per chart; a report page lists them once for all its charts (:func:`hoist_paragraphs` and
:func:`paragraphs_html`, used by the HTML export). :data:`~ascc_analysis.report.plots.bundle.CHART_INIT_SCRIPT`
reads it: clicking a mark whose fields match a key opens a panel under the chart with those paragraphs, each linking
its statement page, and an "all n" link. Marks of a chart can have several kinds of evidence (a network's edges and
nodes): call :func:`with_evidence` once per kind.

Links are relative to the reports folder: a paragraph is ``statements/<doc_id>.html#<para_id>``
(:func:`paragraph_href`) and a set of paragraphs ``search.html?…`` (:func:`search_href`) with the parameters
``q, year_from, year_to, body, theme, instrument, doc, ids`` (comma-separated para_ids) and ``title``. Pure: dicts
and text out, no I/O.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final
from urllib.parse import quote, urlencode

import polars as pl

from ascc_analysis.errors import ParameterError
from ascc_analysis.report.plots.bundle import Chart, _script_json
from ascc_analysis.report.plots.spec import _check_columns, _round_float

log = logging.getLogger(__name__)

EVIDENCE_KEY: Final = "ascc_evidence"
"""The key under the spec's ``usermeta`` that holds a chart's evidence."""
STATEMENTS_DIR: Final = "statements"
SEARCH_PAGE: Final = "search.html"
SEARCH_PARAMETERS: Final = ("q", "year_from", "year_to", "body", "theme", "instrument", "doc", "ids", "title")
"""The query parameters the search page accepts (``year`` in :func:`with_evidence`'s ``search`` sets both ends)."""
_FILTERS = ("q", "year", "year_from", "year_to", "body", "theme", "instrument", "doc")
_ID_SAFE = "/-_.~"  # characters left as they are in a path segment or fragment (para_ids are "<doc_id>/p07")
_SPACE = re.compile(r"\s+")


def paragraph_href(para_id: str, *, doc_id: str | None = None) -> str:
    """The link from a report page to a paragraph on its statement's page: ``statements/<doc_id>.html#<para_id>``.

    Args:
        para_id: The paragraph's id (``"<doc_id>/p07"``).
        doc_id: Its statement; by default the part of ``para_id`` before its last ``/``.

    Returns:
        The relative URL (ids percent-encoded where they hold characters outside ``A-Z a-z 0-9 / - _ . ~``).

    Raises:
        ParameterError: ``doc_id`` is not given and ``para_id`` has no ``/``.
    """
    if doc_id is None:
        if "/" not in para_id:
            raise ParameterError(f"paragraph_href: para_id {para_id!r} names no statement (expected '<doc_id>/p07')")
        doc_id = para_id.rsplit("/", 1)[0]
    return f"{STATEMENTS_DIR}/{quote(doc_id, safe='-_.~')}.html#{quote(para_id, safe=_ID_SAFE)}"


def search_href(parameters: Mapping[str, str | int | Sequence[str]], *, title: str | None = None) -> str:
    """The link to the search page listing a set of paragraphs: ``search.html?theme=…&year_from=…&title=…``.

    Args:
        parameters: Query parameters among :data:`SEARCH_PARAMETERS` (``ids`` may be a list of para_ids: they are
            joined by commas); ``None`` and empty values are left out.
        title: A caption for the list (the ``title`` parameter), or ``None``.

    Returns:
        The relative URL.

    Raises:
        ParameterError: A parameter is not one the search page accepts.
    """
    unknown = sorted(set(parameters) - set(SEARCH_PARAMETERS))
    if unknown:
        raise ParameterError(
            f"search_href: unknown parameter(s) {unknown}; the search page accepts {SEARCH_PARAMETERS}"
        )
    pairs: list[tuple[str, str]] = []
    for name in SEARCH_PARAMETERS:
        value = parameters.get(name) if name != "title" else title
        if value is None or value == "":
            continue
        text = ",".join(str(item) for item in value) if isinstance(value, list | tuple) else str(value)
        if text:
            pairs.append((name, text))
    return f"{SEARCH_PAGE}?{urlencode(pairs, quote_via=quote, safe=',/')}"


def with_evidence(
    chart: Chart,
    evidence: pl.DataFrame,
    *,
    key: Mapping[str, str] | Sequence[str],
    caption: str,
    search: Mapping[str, str] | None = None,
    top_n: int = 5,
    text_chars: int = 200,
    max_ids: int = 40,
) -> Chart:
    """Attach to a chart the paragraphs behind each of its marks, for the page to show on click.

    Args:
        chart: A chart of this package.
        evidence: A frame of :mod:`ascc_analysis.analysis.evidence`: key columns and ``para_id, doc_id, year,
            meeting_body_id, weight, text``, each mark's rows heaviest first (as those functions sort them).
        key: Which field of a clicked mark's data row matches which evidence column: ``{"label": "label", "year":
            "year"}``, or a list of names that are the same in both (``["label", "year"]``). A network's edges are
            ``{"_source": "body_a", "_target": "body_b"}`` (plus ``"year"`` per panel), its nodes ``{"node_id":
            "body_id"}``. Key values must be text or whole numbers, as in the chart's rows.
        caption: What the paragraphs are (``"Paragraphs tagged with the theme"``): the panel's heading and the search
            page's title, followed by the mark's key values.
        search: The search page's filter for a mark with more than ``max_ids`` paragraphs: query parameter to
            evidence column, e.g. ``{"theme": "theme_id", "year": "year"}`` (``year`` sets ``year_from`` and
            ``year_to``); a mark with at most ``max_ids`` paragraphs (or any mark, without ``search``) links them by id
            (``exact``: the link lists exactly the mark's paragraphs), the others link the filter, which may list more
            (a topic's year: every paragraph of the year) or, for a term, the paragraphs matching the search.
        top_n: Paragraphs shown in the panel per mark (the heaviest).
        text_chars: Characters of each paragraph's text shown (cut at a word, with an ellipsis).
        max_ids: Most para_ids put in an "all n" link.

    Returns:
        A new chart whose spec carries the evidence under ``usermeta.ascc_evidence``.

    Raises:
        ParameterError: A key or search column is missing, a search parameter is unknown, or a number is below 1.
    """
    for name, value in (("top_n", top_n), ("text_chars", text_chars), ("max_ids", max_ids)):
        if value < 1:
            raise ParameterError(f"with_evidence: {name} must be at least 1, got {value!r}")
    fields = dict(key) if isinstance(key, Mapping) else {name: name for name in key}
    if not fields:
        raise ParameterError("with_evidence: key names no field")
    search = dict(search or {})
    unknown = sorted(set(search) - set(_FILTERS))
    if unknown:
        raise ParameterError(f"with_evidence: search parameter(s) {unknown} not accepted; use one of {_FILTERS}")
    needed = {f"key[{field}]": column for field, column in fields.items()}
    needed |= {f"search[{name}]": column for name, column in search.items()}
    needed |= {name: name for name in ("para_id", "doc_id", "year", "meeting_body_id", "weight", "text")}
    _check_columns(evidence, needed, chart="with_evidence")

    columns = list(dict.fromkeys(fields.values()))
    meta = copy.deepcopy(chart.spec.get("usermeta", {}).get(EVIDENCE_KEY, {"paragraphs": {}, "sets": []}))
    paragraphs: dict[str, list[Any]] = meta["paragraphs"]
    marks: list[dict[str, Any]] = []
    for group in evidence.partition_by(columns, maintain_order=True, include_key=True):
        first = group.row(0, named=True)
        values = [first[column] for column in fields.values()]
        label = " · ".join(str(value) for value in values)
        title = f"{caption}: {label}"
        para_ids = group.get_column("para_id").to_list()
        exact = len(para_ids) <= max_ids or not search
        href = search_href({"ids": para_ids} if exact else _filters(search, first), title=title)
        top = group.head(top_n)
        for row in top.iter_rows(named=True):
            if row["para_id"] not in paragraphs:
                paragraphs[row["para_id"]] = [
                    row["year"],
                    row["meeting_body_id"],
                    _opening(row["text"] or "", text_chars),
                    paragraph_href(row["para_id"], doc_id=row["doc_id"]),
                ]
        marks.append(
            {
                "key": values,
                "label": label,
                "n": group.height,
                "top": [[row[0], _round_float(float(row[1]))] for row in top.select("para_id", "weight").iter_rows()],
                "all": href,
                "exact": exact,
            }
        )
    meta["sets"].append({"fields": list(fields), "caption": caption, "marks": marks})
    spec = {**chart.spec, "usermeta": {**chart.spec.get("usermeta", {}), EVIDENCE_KEY: meta}}
    log.debug("chart %r: evidence for %d marks (%d paragraphs listed)", chart.title, len(marks), len(paragraphs))
    return Chart(spec=spec, title=chart.title)


def _filters(search: Mapping[str, str], row: Mapping[str, Any]) -> dict[str, str | int]:
    parameters: dict[str, str | int] = {}
    for name, column in search.items():
        value = row[column]
        if value is None:
            continue
        if name == "year":
            parameters["year_from"] = parameters["year_to"] = int(value)
        else:
            parameters[name] = value
    return parameters


def _opening(text: str, n_chars: int) -> str:
    """The first ``n_chars`` characters of ``text`` (white space collapsed), cut at a word, with ``…`` if cut."""
    flat = _SPACE.sub(" ", text).strip()
    if len(flat) <= n_chars:
        return flat
    cut = flat[:n_chars]
    space = cut.rfind(" ")
    if space > n_chars // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


PARAGRAPHS_SCRIPT_ID: Final = "ascc-evidence-paragraphs"
"""The id of the page's ``<script type="application/json">`` listing the paragraphs of every chart's evidence."""


def hoist_paragraphs(specs: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, list[Any]]]:
    """Move the paragraphs listed by each spec's evidence into one list for the page (they repeat across charts).

    Args:
        specs: The Vega-Lite specs of one page.

    Returns:
        The specs, those with evidence copied with an empty paragraph list (the others as they were), and every
        paragraph they listed (the first listing of a para_id kept).
    """
    page: dict[str, list[Any]] = {}
    hoisted: list[dict[str, Any]] = []
    for spec in specs:
        meta = spec.get("usermeta", {}).get(EVIDENCE_KEY) if isinstance(spec.get("usermeta"), dict) else None
        if not isinstance(meta, dict) or not isinstance(meta.get("paragraphs"), dict):
            hoisted.append(dict(spec))
            continue
        for para_id, facts in meta["paragraphs"].items():
            page.setdefault(para_id, facts)
        usermeta = {**spec["usermeta"], EVIDENCE_KEY: {**meta, "paragraphs": {}}}
        hoisted.append({**spec, "usermeta": usermeta})
    return hoisted, page


def paragraphs_html(paragraphs: Mapping[str, list[Any]]) -> str:
    """The page's paragraph list as ``<script type="application/json" id="ascc-evidence-paragraphs">``, escaped.

    Args:
        paragraphs: ``para_id → [year, body, opening, link]`` (from :func:`hoist_paragraphs`).

    Returns:
        The HTML element ("" when there is no paragraph); its JSON is escaped as a chart's is, so no statement text
        can end the script element.
    """
    if not paragraphs:
        return ""
    return f'<script type="application/json" id="{PARAGRAPHS_SCRIPT_ID}">{_script_json(paragraphs)}</script>'


def evidence_of(chart: Chart) -> dict[str, Any] | None:
    """The evidence attached to a chart by :func:`with_evidence` (``{"paragraphs": …, "sets": […]}``), or ``None``."""
    found = chart.spec.get("usermeta", {}).get(EVIDENCE_KEY)
    return found if isinstance(found, dict) else None
