"""Statement browser, statement pages: ``statements/index.html`` and ``statements/<doc_id>.html``.

The list shows every statement (year, meeting body, meeting, date, kind, paragraphs), sortable by any column and
filtered by body, year range and words of the meeting name. A statement's page shows its metadata, its title block
and every paragraph and sub-item under the anchor ``id="<para_id>"``, with body mentions and instrument titles
highlighted (``<mark class="body" data-body-id=…>``, ``<mark class="instrument" data-instrument-id=…
data-status=…>`` linking the instrument's history), its theme tags (``span.tag[data-theme-id]``) and, for a
paragraph carried over from an earlier statement, a link to that paragraph. Pure: returns HTML text.
"""

from __future__ import annotations

from typing import Any

from ascc_analysis.report.browser.inputs import Grouped, Row
from ascc_analysis.report.browser.page import (
    SORT_SCRIPT,
    Span,
    attributes,
    clip,
    escape,
    highlight,
    instrument_href,
    search_href,
    shell,
    statement_href,
)

ROOT = "../"

_FILTER_SCRIPT = """
(function () {
  "use strict";
  var body = document.getElementById("filter-body"), from = document.getElementById("filter-from");
  var to = document.getElementById("filter-to"), words = document.getElementById("filter-text");
  var count = document.getElementById("shown");
  function apply() {
    var lo = parseInt(from.value, 10), hi = parseInt(to.value, 10), text = words.value.trim().toLowerCase(), n = 0;
    document.querySelectorAll("#items tbody tr").forEach(function (row) {
      var year = parseInt(row.dataset.year, 10);
      var show = (!body.value || row.dataset.body === body.value) &&
        (isNaN(lo) || year >= lo) && (isNaN(hi) || year <= hi) &&
        (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
      row.hidden = !show;
      if (show) { n += 1; }
    });
    count.textContent = String(n);
  }
  [body, from, to, words].forEach(function (input) { input.addEventListener("input", apply); });
  apply();
})();
""".strip()


def _date_text(row: Row) -> str:
    date, end = row.get("date"), row.get("date_end")
    if date is None:
        return str(row.get("year") or "")
    if row.get("date_precision") == "year":
        return str(date.year)
    if row.get("date_precision") == "month":
        return str(date.strftime("%Y-%m"))
    text = str(date.isoformat())
    return text + (f" – {end.isoformat()}" if end is not None and end != date else "")


def _meeting_text(row: Row) -> str:
    return str(row.get("meeting_name") or (row.get("title") or row["doc_id"]).split("\n")[0])


def statement_index_page(grouped: Grouped) -> str:
    """``statements/index.html``: every statement, sortable and filterable by body, years and words."""
    documents = grouped.documents
    bodies = sorted({row["meeting_body_id"] for row in documents if row.get("meeting_body_id")})
    options = "".join(
        f'<option value="{escape(body)}">{escape(body)} — {escape(grouped.body_name(body))}</option>' for body in bodies
    )
    rows = []
    for row in documents:
        body = row.get("meeting_body_id") or ""
        rows.append(  # kept small: 10,000 statements make a list of about 2.5 MB
            "<tr" + attributes({"data-body": body, "data-year": row.get("year") or ""}) + ">"
            f"<td>{escape(row.get('year') or '')}</td>"
            f"<td>{escape(body)}</td>"
            f'<td><a href="{escape(statement_href(row["doc_id"])[len("statements/") :])}">'
            f"{escape(_meeting_text(row))}</a></td>"
            f"<td>{escape(_date_text(row))}</td>"
            f"<td>{escape(grouped.inputs.body_kinds.get(body, ''))}</td>"
            f"<td>{escape(row.get('n_paragraphs'))}</td>"
            "</tr>"
        )
    body_html = (
        "<h1>Statements</h1>\n"
        f'<p class="meta"><span id="shown">{len(documents)}</span> of {len(documents)} statements. '
        "Click a column to sort; open a statement to read every paragraph under its own anchor. "
        f'<a href="{search_href(root=ROOT)}">Search every paragraph</a>.</p>\n'
        '<div class="filters">'
        f'<label>Meeting body <select id="filter-body"><option value="">all</option>{options}</select></label>'
        '<label>From year <input id="filter-from" type="number" size="6"></label>'
        '<label>To year <input id="filter-to" type="number" size="6"></label>'
        '<label>Words <input id="filter-text" type="search"></label>'
        "</div>\n"
        '<table id="items" class="sortable statements"><thead><tr>'
        '<th data-sort="num">Year</th><th data-sort="text">Body</th><th data-sort="text">Meeting</th>'
        '<th data-sort="text">Date</th><th data-sort="text">Kind</th><th data-sort="num">Paragraphs</th>'
        "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
    return shell("Statements", body_html, root=ROOT, script=SORT_SCRIPT + "\n" + _FILTER_SCRIPT)


# --- one statement --------------------------------------------------------------------------------------------------


def paragraph_spans(grouped: Grouped, para_id: str) -> list[Span]:
    """The marks of one paragraph row: its body mentions and instrument titles (offsets into its text)."""
    spans: list[Span] = []
    for mention in grouped.instrument_mentions.get(para_id, []):
        instrument_id = mention["instrument_id"]
        open_tag = (
            "<mark"
            + attributes(
                {
                    "class": f"instrument status-{mention['status']}",
                    "data-instrument-id": instrument_id,
                    "data-status": mention["status"],
                    "data-type": mention["instrument_type"],
                    "title": f"{mention['instrument_type'].replace('_', ' ')}, {mention['status'].replace('_', ' ')}",
                }
            )
            + f'><a href="{escape(instrument_href(instrument_id, root=ROOT))}">'
        )
        spans.append(Span(mention["char_start"], mention["char_end"], open_tag, "</a></mark>"))
    for mention in grouped.body_mentions.get(para_id, []):
        body_id = mention.get("body_id")
        open_tag = "<mark" + attributes(
            {
                "class": "body generic" if mention["is_generic"] else "body",
                "data-body-id": body_id,
                "data-match-kind": mention["match_kind"],
                "title": grouped.body_name(body_id) if body_id else "a reference to bodies in general",
            }
        )
        spans.append(Span(mention["char_start"], mention["char_end"], open_tag + ">", "</mark>"))
    return spans


def _tags(grouped: Grouped, para_id: str) -> str:
    themes = grouped.themes.get(para_id, [])
    if not themes:
        return ""
    chips = "".join(
        f'<a class="tag" data-theme-id="{escape(row["theme_id"])}" '
        f'title="{escape("matched: " + ", ".join(row["matched_terms"]))}" '
        f'href="{escape(search_href(root=ROOT, theme=row["theme_id"]))}">'
        f"{escape(grouped.theme_label(row['theme_id']))}</a>"
        for row in themes
    )
    return f'<div class="tags">Themes: {chips}</div>'


def _carry(grouped: Grouped, para_id: str) -> str:
    row = grouped.carried.get(para_id)
    if row is None:
        return ""
    source = row["source_para_id"]
    source_doc = grouped.document.get(row["source_doc_id"], {})
    label = f"{row['source_doc_id']}" + (f" ({source_doc.get('year')})" if source_doc.get("year") else "")
    return (
        f'<p class="carry" data-source-para-id="{escape(source)}">Wording carried over '
        f"(similarity {row['similarity']:.2f}) from "
        f'<a href="{escape(statement_href(row["source_doc_id"], source, root=ROOT))}">{escape(label)}, '
        f"{escape(source.rsplit('/', 1)[-1])}</a></p>"
    )


def _label(row: Row) -> str:
    if row["level"] == "preamble":
        return "Preamble"
    if row["level"] == "heading":
        return "Heading"
    return f"{row['para_no']}." if row["level"] == "paragraph" else f"({row['sub_item']})"


def _anchor(row: Row) -> str:
    return f'<a class="para-no" href="#{escape(row["para_id"])}">{escape(_label(row))}</a>'


def _paragraph_html(grouped: Grouped, row: Row, subs: list[Row]) -> str:
    para_id, text = row["para_id"], row["text"]
    spans = paragraph_spans(grouped, para_id)
    start = row["char_start"]
    inside = [sub for sub in subs if start <= sub["char_start"] <= sub["char_end"] <= row["char_end"]]
    parts: list[str] = []
    if len(inside) == len(subs) and subs:
        # sub-items stay in the flow of the paragraph's text (their markers "(a)", "(ii)" are part of it), each
        # wrapped in its own anchor
        position = 0
        pieces: list[str] = []
        for sub in sorted(inside, key=lambda sub: sub["char_start"]):
            begin, end = sub["char_start"] - start, sub["char_end"] - start
            if begin > position:
                pieces.append(highlight(text[position:begin], clip(spans, position, begin)))
            pieces.append(
                '<span class="sub"'
                + attributes({"id": sub["para_id"], "data-level": "sub_item", "data-sub-item": sub["sub_item"]})
                + f">{highlight(text[begin:end], clip(spans, begin, end))}</span>"
            )
            position = max(position, end)
        if position < len(text):
            pieces.append(highlight(text[position:], clip(spans, position, len(text))))
        parts.append(f'<span class="para-text">{"".join(pieces)}</span>')
    else:
        parts.append(f'<span class="para-text">{highlight(text, spans)}</span>')
        parts += [
            f'<div class="sub" id="{escape(sub["para_id"])}" data-level="sub_item">{_anchor(sub)}'
            f'<span class="sub-text">{escape(sub["text"])}</span></div>'
            for sub in subs
            if sub not in inside
        ]
    return (
        '<section class="para"'
        + attributes({"id": para_id, "data-level": row["level"], "data-para-no": row["para_no"]})
        + f">{_anchor(row)}{''.join(parts)}{_tags(grouped, para_id)}{_carry(grouped, para_id)}</section>"
    )


def _facts(grouped: Grouped, document: Row) -> str:
    body = document.get("meeting_body_id")
    venue = ", ".join(str(value) for value in (document.get("venue_city"), document.get("venue_country")) if value)
    facts: list[tuple[str, Any]] = [
        ("Statement id", document["doc_id"]),
        ("Meeting body", f"{body} — {grouped.body_name(body)}" if body else None),
        ("Kind", grouped.inputs.body_kinds.get(body or "", None)),
        ("Meeting number", document.get("meeting_no")),
        ("Date", _date_text(document) if document.get("date") else None),
        ("Year", document.get("year")),
        ("Venue", venue or None),
        ("Video conference", "yes" if document.get("is_video_conference") else None),
        ("Chair", document.get("chair")),
        ("Numbered paragraphs", document.get("n_paragraphs")),
        ("Source file", f"{document.get('source_file')} ({document.get('source_format')})"),
        ("Not found in the text", ", ".join(document.get("missing_fields") or []) or None),
    ]
    items = "".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>" for name, value in facts if value is not None)
    return f'<dl class="facts">{items}</dl>'


def statement_page(grouped: Grouped, doc_id: str) -> str:
    """``statements/<doc_id>.html``: one statement's metadata and every paragraph and sub-item under its anchor.

    Raises:
        KeyError: ``doc_id`` is not a statement of the inputs.
    """
    document = grouped.document[doc_id]
    rows = grouped.paragraphs.get(doc_id, [])
    subs_of: dict[str, list[Row]] = {}
    parents: list[Row] = []
    for row in rows:
        if row["level"] == "sub_item" and parents:
            subs_of.setdefault(parents[-1]["para_id"], []).append(row)
        else:
            parents.append(row)
    sections = "\n".join(_paragraph_html(grouped, row, subs_of.get(row["para_id"], [])) for row in parents)
    synthetic = (
        '<p class="synthetic">Synthetic statement written for testing and demonstration: not an ASEAN document.</p>'
        if document.get("is_synthetic")
        else ""
    )
    n_carried = sum(row["para_id"] in grouped.carried for row in parents)
    body_html = (
        f"<h1>{escape(_meeting_text(document))}</h1>\n{synthetic}\n"
        f'<p class="meta">{escape(_date_text(document))} · {len(parents)} blocks, {n_carried} carried over from '
        f'earlier statements · <a href="{escape(search_href(root=ROOT, doc=doc_id))}">search this statement</a></p>\n'
        f"{_facts(grouped, document)}\n"
        f'<h2>Title block</h2>\n<div class="title-block">{escape(document.get("title") or "")}</div>\n'
        '<h2>Text</h2>\n<p class="meta">Highlighted: <mark class="body">bodies</mark> and '
        '<mark class="instrument">instruments</mark> (each links to its history). Every paragraph number is a link '
        "to cite.</p>\n"
        f'<div id="paragraphs" data-doc-id="{escape(doc_id)}">\n{sections}\n</div>'
    )
    return shell(_meeting_text(document), body_html, root=ROOT)
