"""Statement browser, instrument histories: ``instruments/index.html`` and ``instruments/<instrument_id>.html``.

The list shows every canonical instrument with its type, the bodies it is attributed to, first and last year, number
of mentions and the status of its last mention, sortable by any column and filtered by body, type and words. An
instrument's page shows every name it was given, its type, its bodies (explicit or inferred, with the highest
confidence and the evidence) and a timeline of what each statement did with it (adoption expected → adopted → noted
→ referred …), each entry linking the paragraph. Pure: returns HTML text.
"""

from __future__ import annotations

from ascc_analysis.report.browser.inputs import Grouped, Row
from ascc_analysis.report.browser.page import (
    SORT_SCRIPT,
    attributes,
    escape,
    instrument_href,
    search_href,
    shell,
    statement_href,
)

ROOT = "../"
BODY_SEPARATOR = "|"

_FILTER_SCRIPT = """
(function () {
  "use strict";
  var body = document.getElementById("filter-body"), type = document.getElementById("filter-type");
  var words = document.getElementById("filter-text"), count = document.getElementById("shown");
  function apply() {
    var text = words.value.trim().toLowerCase(), n = 0;
    document.querySelectorAll("#items tbody tr").forEach(function (row) {
      var bodies = row.dataset.bodies ? row.dataset.bodies.split("|") : [];
      var show = (!body.value || bodies.indexOf(body.value) >= 0) && (!type.value || row.dataset.type === type.value) &&
        (!text || row.textContent.toLowerCase().indexOf(text) >= 0);
      row.hidden = !show;
      if (show) { n += 1; }
    });
    count.textContent = String(n);
  }
  var wanted = new URLSearchParams(window.location.search).get("body");
  if (wanted) { body.value = wanted; }
  [body, type, words].forEach(function (input) { input.addEventListener("input", apply); });
  apply();
})();
""".strip()


def _readable(value: str | None) -> str:
    return (value or "").replace("_", " ")


def _status(status: str) -> str:
    label = escape(_readable(status))
    return f'<span class="status status-{escape(status)}" data-status="{escape(status)}">{label}</span>'


def instrument_bodies(grouped: Grouped, instrument_id: str) -> list[Row]:
    """One row per body tied to an instrument: ``body_id``, ``provenance`` (explicit when any link is explicit),
    ``confidence`` (the highest), ``n_links`` and one ``evidence``; sorted explicit first, then by confidence."""
    found: dict[str, Row] = {}
    for link in grouped.bodies_by_instrument.get(instrument_id, []):
        row = found.setdefault(
            link["body_id"],
            {"body_id": link["body_id"], "provenance": "inferred", "confidence": 0.0, "n_links": 0, "evidence": ""},
        )
        row["n_links"] += 1
        if link["provenance"] == "explicit":
            row["provenance"] = "explicit"
        if link["confidence"] >= row["confidence"]:
            row["confidence"] = link["confidence"]
            row["evidence"] = link.get("evidence") or row["evidence"]
    return sorted(found.values(), key=lambda row: (row["provenance"] != "explicit", -row["confidence"], row["body_id"]))


def _last_status(grouped: Grouped, instrument_id: str) -> str:
    mentions = grouped.mentions_by_instrument.get(instrument_id, [])
    return mentions[-1]["status"] if mentions else ""


def instrument_index_page(grouped: Grouped) -> str:
    """``instruments/index.html``: every canonical instrument, sortable, filterable by body, type and words.

    A ``?body=<body_id>`` URL parameter preselects the body filter.
    """
    instruments = sorted(grouped.instrument.values(), key=lambda row: (row["title"].lower(), row["instrument_id"]))
    all_bodies: set[str] = set()
    rows = []
    for row in instruments:
        instrument_id = row["instrument_id"]
        bodies = [body["body_id"] for body in instrument_bodies(grouped, instrument_id)]
        all_bodies.update(bodies)
        last = _last_status(grouped, instrument_id)
        rows.append(
            "<tr"
            + attributes(
                {
                    "data-instrument-id": instrument_id,
                    "data-bodies": BODY_SEPARATOR.join(bodies),
                    "data-type": row["instrument_type"],
                }
            )
            + ">"
            f'<td><a href="{escape(instrument_href(instrument_id, root=ROOT))}">{escape(row["title"])}</a>'
            + (f" <small>({escape(row['acronym'])})</small>" if row.get("acronym") else "")
            + "</td>"
            f"<td>{escape(_readable(row['instrument_type']))}</td>"
            f"<td>{escape(', '.join(bodies))}</td>"
            f'<td class="num">{escape(row.get("first_year") or "")}</td>'
            f'<td class="num">{escape(row.get("last_year") or "")}</td>'
            f'<td class="num">{escape(row["n_mentions"])}</td>'
            f'<td data-value="{escape(last)}">{_status(last) if last else ""}</td>'
            "</tr>"
        )
    body_options = "".join(
        f'<option value="{escape(body)}">{escape(body)} — {escape(grouped.body_name(body))}</option>'
        for body in sorted(all_bodies)
    )
    types = sorted({row["instrument_type"] for row in instruments})
    type_options = "".join(f'<option value="{escape(kind)}">{escape(_readable(kind))}</option>' for kind in types)
    body_html = (
        "<h1>Instruments</h1>\n"
        f'<p class="meta"><span id="shown">{len(instruments)}</span> of {len(instruments)} canonical instruments '
        "(declarations, frameworks, plans of action, …) however the statements named them. Click a column to sort; "
        "open one for its names, bodies and history.</p>\n"
        '<div class="filters">'
        f'<label>Body <select id="filter-body"><option value="">all</option>{body_options}</select></label>'
        f'<label>Type <select id="filter-type"><option value="">all</option>{type_options}</select></label>'
        '<label>Words <input id="filter-text" type="search"></label>'
        "</div>\n"
        '<table id="items" class="sortable"><thead><tr>'
        '<th data-sort="text">Instrument</th><th data-sort="text">Type</th><th data-sort="text">Bodies</th>'
        '<th data-sort="num">First year</th><th data-sort="num">Last year</th><th data-sort="num">Mentions</th>'
        '<th data-sort="text">Last status</th>'
        "</tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
    return shell("Instruments", body_html, root=ROOT, script=SORT_SCRIPT + "\n" + _FILTER_SCRIPT)


def instrument_page(grouped: Grouped, instrument_id: str) -> str:
    """``instruments/<instrument_id>.html``: names, type, bodies and the timeline of one instrument.

    Raises:
        KeyError: ``instrument_id`` is not an instrument of the inputs.
    """
    instrument = grouped.instrument[instrument_id]
    mentions = grouped.mentions_by_instrument.get(instrument_id, [])
    names = list(
        dict.fromkeys([instrument["title"], *(instrument.get("variants") or []), *(m["title_text"] for m in mentions)])
    )
    name_items = "".join(f"<li>{escape(name)}</li>" for name in names)
    bodies = instrument_bodies(grouped, instrument_id)
    body_rows = "".join(
        f'<tr data-body-id="{escape(row["body_id"])}" data-provenance="{escape(row["provenance"])}">'
        f"<td>{escape(row['body_id'])}</td><td>{escape(grouped.body_name(row['body_id']))}</td>"
        f'<td>{escape(row["provenance"])}</td><td class="num">{row["confidence"]:.2f}</td>'
        f'<td class="num">{row["n_links"]}</td><td>{escape(row["evidence"])}</td></tr>'
        for row in bodies
    )
    timeline = []
    for mention in mentions:
        document = grouped.document.get(mention["doc_id"], {})
        date = document.get("date")
        para_href = statement_href(mention["doc_id"], mention["para_id"], root=ROOT)
        timeline.append(
            f'<tr data-para-id="{escape(mention["para_id"])}" data-status="{escape(mention["status"])}">'
            f"<td>{escape(date.isoformat() if date else (mention.get('year') or ''))}</td>"
            f'<td><a href="{escape(statement_href(mention["doc_id"], root=ROOT))}">'
            f"{escape(document.get('meeting_name') or mention['doc_id'])}</a></td>"
            f"<td>{escape(document.get('meeting_body_id') or '')}</td>"
            f"<td>{_status(mention['status'])}</td>"
            f"<td>{escape(mention['title_text'])}</td>"
            f'<td><a class="para-link" href="{escape(para_href)}">'
            f"{escape(mention['para_id'].rsplit('/', 1)[-1])}</a></td></tr>"
        )
    path = " → ".join(dict.fromkeys(_readable(mention["status"]) for mention in mentions))
    years = f"{instrument.get('first_year') or '?'}–{instrument.get('last_year') or '?'}"
    every_href = search_href(root=ROOT, instrument=instrument_id, title="Paragraphs naming: " + instrument["title"])
    body_html = (
        f"<h1>{escape(instrument['title'])}</h1>\n"
        f'<p class="meta">{escape(_readable(instrument["instrument_type"]))}'
        + (f" · {escape(instrument['acronym'])}" if instrument.get("acronym") else "")
        + f" · {escape(years)} · {len(mentions)} mention(s) · "
        f'<a href="{escape(every_href)}">'
        "every paragraph naming it</a></p>\n"
        f'<p>What the statements did with it: <strong id="status-path">{escape(path)}</strong></p>\n'
        f'<h2>Names</h2>\n<ul id="names">{name_items}</ul>\n'
        "<h2>Bodies</h2>\n"
        + (
            '<table id="bodies"><thead><tr><th>Body</th><th>Name</th><th>Link</th><th>Confidence</th><th>Mentions</th>'
            f"<th>Evidence</th></tr></thead><tbody>{body_rows}</tbody></table>\n"
            if bodies
            else "<p>No body is tied to it.</p>\n"
        )
        + "<h2>Timeline</h2>\n"
        '<table id="timeline"><thead><tr><th>Date</th><th>Statement</th><th>Body</th><th>Status</th><th>As written</th>'
        "<th>Paragraph</th></tr></thead><tbody>" + "".join(timeline) + "</tbody></table>"
    )
    return shell(instrument["title"], body_html, root=ROOT)
