"""Statement browser, search: ``search.html`` and its index, ``search/meta.js`` and ``search/<year>.<part>.js`` chunks.

Search runs in the page (plain JavaScript, no framework, no network): the index is a set of scripts beside the page,
loaded with ``<script>`` elements (so it works from ``file://``), only for the years a query needs, each searched as
soon as it arrives so that the first hits show before the last year is loaded.

The paragraphs are split by year, and a year into parts of about :data:`CHUNK_CHARS` characters of text (whole
statements), so that the first chunk a query reads is small whatever the size of the corpus. ``search/meta.js`` sets
``ASCC_SEARCH_DATA.meta``: statements (``[doc_id, year, meeting_body_id, date, chunk index, page file stem when it is
not the doc_id]``), theme, instrument and body labels, and the chunks (``{name, year, file, n}``). Each chunk sets
``ASCC_SEARCH_DATA.chunks[name]`` to its paragraphs (``level`` preamble or paragraph: a sub-item's text is part of
its paragraph), each ``[para_id (after "<doc_id>/"), statement index, text, theme indexes, instrument indexes, body
indexes, sub-items [[id after "<doc_id>/", start, end], …]]``; a match inside a sub-item links the sub-item's anchor.

A query matches a word or phrase case-insensitively at word boundaries (letters and digits), any run of white space
in the query matching any run of white space in the text; a trailing ``*`` matches any word ending
(``educat*``). Hits show as keyword-in-context lines (left context, match, right context) with year, meeting body and
a link ``statements/<doc_id>.html#<para_id>``.

**URL parameters** (the contract other pages link by): ``q`` (word or phrase), ``year_from``, ``year_to``, ``body``
(the statement's meeting body, a ``body_id``), ``theme`` (``theme_id``), ``instrument`` (``instrument_id``), ``doc``
(``doc_id``), ``ids`` (comma-separated ``para_id``s; a sub-item's id selects its paragraph), ``title`` (a caption
shown above the results). Every filter given applies (AND). With ``ids``, ``theme``, ``instrument``, ``doc``, a year or
a body and no ``q``, the page lists those paragraphs with the opening of their text instead of KWIC lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ascc_analysis.report.browser.inputs import Grouped
from ascc_analysis.report.browser.page import file_stem, shell

INDEX_DIR = "search"
META_FILE = f"{INDEX_DIR}/meta.js"
CHUNK_CHARS = 400_000
"""Characters of paragraph text per index chunk (a chunk holds whole statements of one year)."""
LEVELS = ("preamble", "heading", "paragraph")
"""Paragraph levels the search reads (a sub-item's text is part of its paragraph's)."""

_PRELUDE = "window.ASCC_SEARCH_DATA = window.ASCC_SEARCH_DATA || {chunks: {}};\n"


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def chunk_name(year: int | None, part: int = 1) -> str:
    """The name of an index chunk: ``"2021.1"`` (the first part of 2021), or ``"undated.1"``."""
    return f"{year if year is not None else 'undated'}.{part}"


def search_index(grouped: Grouped) -> Iterator[tuple[str, str]]:
    """The search index files: ``(path relative to the site, JavaScript text)``, ``search/meta.js`` first."""
    documents = grouped.documents
    doc_index = {row["doc_id"]: index for index, row in enumerate(documents)}
    theme_ids = sorted({row["theme_id"] for rows in grouped.themes.values() for row in rows})
    instrument_ids = sorted(grouped.instrument)
    body_ids = sorted(
        {row["body_id"] for rows in grouped.body_mentions.values() for row in rows if row.get("body_id")}
        | {row["meeting_body_id"] for row in documents if row.get("meeting_body_id")}
    )
    theme_at = {theme: index for index, theme in enumerate(theme_ids)}
    instrument_at = {instrument: index for index, instrument in enumerate(instrument_ids)}
    body_at = {body: index for index, body in enumerate(body_ids)}

    chunks: dict[str, list[list[Any]]] = {}
    years: dict[str, int | None] = {}
    sizes: dict[str, int] = {}
    parts: dict[int | None, int] = {}
    doc_chunk: dict[str, str] = {}
    for document in documents:
        doc_id = document["doc_id"]
        prefix = doc_id + "/"
        year = document.get("year")
        part = parts.setdefault(year, 1)
        name = chunk_name(year, part)
        if sizes.get(name, 0) >= CHUNK_CHARS:
            parts[year] = part + 1
            name = chunk_name(year, part + 1)
        years[name] = year
        doc_chunk[doc_id] = name
        entries = chunks.setdefault(name, [])
        current: list[Any] | None = None
        for row in grouped.paragraphs.get(doc_id, []):
            para_id = row["para_id"]
            short = (
                para_id[len(prefix) :] if para_id.startswith(prefix) and "/" not in para_id[len(prefix) :] else para_id
            )
            if row["level"] == "sub_item":
                if current is not None:
                    parent = grouped.paragraph[current[7]]
                    current[6].append(
                        [short, row["char_start"] - parent["char_start"], row["char_end"] - parent["char_start"]]
                    )
                continue
            if row["level"] not in LEVELS:
                continue
            current = [
                short,
                doc_index[doc_id],
                row["text"],
                sorted(theme_at[theme["theme_id"]] for theme in grouped.themes.get(para_id, [])),
                sorted(
                    {
                        instrument_at[mention["instrument_id"]]
                        for mention in grouped.instrument_mentions.get(para_id, [])
                        if mention["instrument_id"] in instrument_at
                    }
                ),
                sorted(
                    {
                        body_at[mention["body_id"]]
                        for mention in grouped.body_mentions.get(para_id, [])
                        if mention.get("body_id") in body_at
                    }
                ),
                [],
                para_id,  # dropped below: only to find the parent of the following sub-items
            ]
            entries.append(current)
            sizes[name] = sizes.get(name, 0) + len(row["text"])
    order = sorted(chunks, key=lambda name: (years[name] is None, years[name] or 0, int(name.rsplit(".", 1)[1])))
    position = {name: index for index, name in enumerate(order)}
    meta = {
        "docs": [
            [
                row["doc_id"],
                row.get("year"),
                row.get("meeting_body_id"),
                row["date"].isoformat() if row.get("date") else None,
                position.get(doc_chunk.get(row["doc_id"], ""), -1),
                None if file_stem(row["doc_id"]) == row["doc_id"] else file_stem(row["doc_id"]),
            ]
            for row in documents
        ],
        "themes": [[theme, grouped.theme_label(theme)] for theme in theme_ids],
        "instruments": [[instrument, grouped.instrument[instrument]["title"]] for instrument in instrument_ids],
        "bodies": [[body, grouped.body_name(body)] for body in body_ids],
        "chunks": [
            {"name": name, "year": years[name], "file": f"{INDEX_DIR}/{file_stem(name)}.js", "n": len(chunks[name])}
            for name in order
        ],
    }
    yield META_FILE, _PRELUDE + f"ASCC_SEARCH_DATA.meta = {_json(meta)};\n"
    for name in order:
        rows = [entry[:7] for entry in chunks[name]]
        text = _PRELUDE + f"ASCC_SEARCH_DATA.chunks[{_json(name)}] = {_json(rows)};\n"
        yield f"{INDEX_DIR}/{file_stem(name)}.js", text


SEARCH_SCRIPT = r"""
(function () {
  "use strict";
  var DATA = window.ASCC_SEARCH_DATA, META = DATA.meta, scriptStart = performance.now();
  var KWIC_CONTEXT = 60, OPENING = 220, PAGE = 500;
  var params = new URLSearchParams(window.location.search);
  function param(name) { return (params.get(name) || "").trim(); }
  var query = {
    q: param("q"), yearFrom: parseInt(param("year_from"), 10), yearTo: parseInt(param("year_to"), 10),
    body: param("body"), theme: param("theme"), instrument: param("instrument"), doc: param("doc"),
    ids: param("ids") ? param("ids").split(",").map(function (id) { return id.trim(); }).filter(Boolean) : [],
    title: param("title")
  };
  var form = document.getElementById("search-form");
  var results = document.getElementById("results"), tbody = results.tBodies[0], head = results.tHead;
  var status = document.getElementById("status"), more = document.getElementById("more");
  document.getElementById("caption").textContent = query.title;

  // --- the form ---------------------------------------------------------------------------------------------------
  var bodySelect = form.elements.body;
  var docBodies = {};
  META.docs.forEach(function (doc) { if (doc[2]) { docBodies[doc[2]] = true; } });
  META.bodies.forEach(function (body) {
    if (!docBodies[body[0]]) { return; }
    var option = document.createElement("option");
    option.value = body[0];
    option.textContent = body[0] + " — " + body[1];
    bodySelect.appendChild(option);
  });
  form.elements.q.value = query.q;
  if (!isNaN(query.yearFrom)) { form.elements.year_from.value = String(query.yearFrom); }
  if (!isNaN(query.yearTo)) { form.elements.year_to.value = String(query.yearTo); }
  bodySelect.value = query.body;
  ["theme", "instrument", "doc", "title"].forEach(function (name) { form.elements[name].value = query[name]; });
  form.elements.ids.value = query.ids.join(",");
  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (input) {
      if (input.name && !input.value) { input.disabled = true; }
    });
  });

  function label(list, id) {
    for (var i = 0; i < list.length; i += 1) { if (list[i][0] === id) { return list[i][1]; } }
    return id;
  }
  var described = [];
  if (query.theme) { described.push("theme: " + label(META.themes, query.theme)); }
  if (query.instrument) { described.push("instrument: " + label(META.instruments, query.instrument)); }
  if (query.doc) { described.push("statement: " + query.doc); }
  if (query.ids.length) { described.push(query.ids.length + " paragraph id(s)"); }
  var filters = document.getElementById("filters");
  if (described.length) {
    filters.textContent = "Only " + described.join("; ") + ". ";
    var clear = document.createElement("a");
    clear.href = "search.html" + (query.q ? "?q=" + encodeURIComponent(query.q) : "");
    clear.textContent = "Clear these filters";
    filters.appendChild(clear);
  }

  // --- which paragraphs -------------------------------------------------------------------------------------------
  var docIndex = {};
  META.docs.forEach(function (doc, index) { docIndex[doc[0]] = index; });
  function indexOf(list, id) {
    for (var i = 0; i < list.length; i += 1) { if (list[i][0] === id) { return i; } }
    return -2;  // an id the index does not know matches nothing
  }
  var themeIndex = query.theme ? indexOf(META.themes, query.theme) : -1;
  var instrumentIndex = query.instrument ? indexOf(META.instruments, query.instrument) : -1;
  var wantedIds = {}, idDocs = {};
  query.ids.forEach(function (id) {
    var cut = id.lastIndexOf("/");
    var doc = cut >= 0 ? id.slice(0, cut) : "", tail = cut >= 0 ? id.slice(cut + 1) : id;
    var parent = doc + "/" + tail.split(".")[0];
    wantedIds[id] = id;
    if (!(parent in wantedIds)) { wantedIds[parent] = id; }
    idDocs[doc] = true;
  });
  var filtered = query.ids.length || query.theme || query.instrument || query.doc || query.body ||
    !isNaN(query.yearFrom) || !isNaN(query.yearTo);
  function wanted(doc, entry, paraId) {
    var year = doc[1];
    if (!isNaN(query.yearFrom) && (year === null || year < query.yearFrom)) { return false; }
    if (!isNaN(query.yearTo) && (year === null || year > query.yearTo)) { return false; }
    if (query.body && doc[2] !== query.body) { return false; }
    if (query.doc && doc[0] !== query.doc) { return false; }
    if (query.ids.length && !(paraId in wantedIds)) { return false; }
    if (query.theme && entry[3].indexOf(themeIndex) < 0) { return false; }
    if (query.instrument && entry[4].indexOf(instrumentIndex) < 0) { return false; }
    return true;
  }
  function neededChunks() {
    var only = null;
    if (query.doc || query.ids.length) {
      only = {};
      META.docs.forEach(function (doc) {
        if ((query.doc && doc[0] === query.doc) || (!query.doc && idDocs[doc[0]])) { only[doc[4]] = true; }
      });
    }
    return META.chunks.filter(function (chunk, index) {
      if (only && !only[index]) { return false; }
      if (!isNaN(query.yearFrom) && (chunk.year === null || chunk.year < query.yearFrom)) { return false; }
      if (!isNaN(query.yearTo) && (chunk.year === null || chunk.year > query.yearTo)) { return false; }
      return true;
    });
  }
  function pattern(text) {
    var prefix = /\*$/.test(text);
    var words = text.replace(/\*+$/, "").trim().split(/\s+/).filter(Boolean);
    if (!words.length) { return null; }
    var body = words.map(function (word) { return word.replace(/[.*+?^${}()|[\]\\\/]/g, "\\$&"); }).join("\\s+");
    return new RegExp("(?<![\\p{L}\\p{N}])" + body + (prefix ? "[\\p{L}\\p{N}]*" : "(?![\\p{L}\\p{N}])"), "giu");
  }

  // --- loading the index ------------------------------------------------------------------------------------------
  function load(chunk) {
    return new Promise(function (resolve, reject) {
      if (DATA.chunks[chunk.name]) { resolve(DATA.chunks[chunk.name]); return; }
      var script = document.createElement("script");
      script.src = chunk.file;
      script.onload = function () { resolve(DATA.chunks[chunk.name] || []); };
      script.onerror = function () { reject(new Error("could not load the search index " + chunk.file)); };
      document.head.appendChild(script);
    });
  }

  // --- results ----------------------------------------------------------------------------------------------------
  var lines = [], shown = 0, paragraphs = {}, nParagraphs = 0;
  function cell(row, className, text) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    if (text !== undefined) { td.textContent = text; }
    row.appendChild(td);
    return td;
  }
  function squash(text) { return text.replace(/\s+/g, " "); }
  function render(line) {
    var row = document.createElement("tr");
    row.className = line.kind;
    row.dataset.paraId = line.paraId;
    cell(row, "year", line.doc[1] === null ? "" : String(line.doc[1]));
    cell(row, "body", line.doc[2] || "");
    if (line.kind === "kwic") {
      var left = cell(row, "left"), span = document.createElement("span");
      span.textContent = line.left;
      left.appendChild(span);
      cell(row, "match", line.match);
      cell(row, "right", line.right);
    } else {
      var opening = cell(row, "opening", line.text);
      opening.colSpan = 3;
    }
    var link = document.createElement("a");
    link.href = "statements/" + encodeURIComponent(line.doc[5] || line.doc[0]) + ".html#" + encodeURI(line.anchor);
    link.textContent = line.anchor;
    cell(row, "where").appendChild(link);
    tbody.appendChild(row);
  }
  function flush() {
    if (lines.length && !results.dataset.firstResultMs) {  // for benchmarks: since navigation, and since this script
      results.dataset.firstResultMs = performance.now().toFixed(0);
      results.dataset.searchFirstMs = (performance.now() - scriptStart).toFixed(0);
    }
    var limit = Math.max(PAGE, shown);
    while (shown < lines.length && shown < limit) { render(lines[shown]); shown += 1; }
    more.hidden = shown >= lines.length;
    more.textContent = "Show all " + lines.length + " lines";
  }
  more.addEventListener("click", function () {
    while (shown < lines.length) { render(lines[shown]); shown += 1; }
    more.hidden = true;
  });
  function anchorFor(doc, entry, offset) {
    for (var i = 0; i < entry[6].length; i += 1) {
      var sub = entry[6][i];
      if (offset >= sub[1] && offset < sub[2]) { return doc[0] + "/" + sub[0]; }
    }
    return null;
  }
  function scan(chunk, rows, regex) {
    rows.forEach(function (entry) {
      var doc = META.docs[entry[1]];
      var paraId = entry[0].indexOf("/") >= 0 ? entry[0] : doc[0] + "/" + entry[0];
      if (!wanted(doc, entry, paraId)) { return; }
      var text = entry[2];
      if (!regex) {
        var target = query.ids.length && wantedIds[paraId] !== paraId ? wantedIds[paraId] : paraId;
        var opening = squash(text);
        lines.push({kind: "para", doc: doc, paraId: paraId, anchor: target,
          text: opening.length > OPENING ? opening.slice(0, OPENING) + "…" : opening});
        paragraphs[paraId] = true;
        nParagraphs += 1;
        return;
      }
      regex.lastIndex = 0;
      var match, found = false;
      while ((match = regex.exec(text)) !== null) {
        if (match[0].length === 0) { regex.lastIndex += 1; continue; }
        var start = match.index, end = start + match[0].length;
        var left = squash(text.slice(Math.max(0, start - KWIC_CONTEXT * 2), start));
        var right = squash(text.slice(end, end + KWIC_CONTEXT * 2));
        left = left.length > KWIC_CONTEXT ? "…" + left.slice(left.length - KWIC_CONTEXT) : left;
        right = right.length > KWIC_CONTEXT ? right.slice(0, KWIC_CONTEXT) + "…" : right;
        lines.push({kind: "kwic", doc: doc, paraId: paraId, anchor: anchorFor(doc, entry, start) || paraId,
          left: left, match: squash(match[0]), right: right});
        found = true;
      }
      if (found) { paragraphs[paraId] = true; nParagraphs += 1; }
    });
  }
  function finish(state, message) {
    status.textContent = message;
    results.dataset.nLines = String(lines.length);
    results.dataset.nParagraphs = String(nParagraphs);
    results.dataset.state = state;
  }
  var regex = query.q ? pattern(query.q) : null;
  if (!regex && !filtered) {
    head.hidden = true;
    finish("idle", "Type a word or phrase (a trailing * matches any ending: educat*), or open this page from a " +
      "chart's evidence link.");
    return;
  }
  head.querySelector(".kwic-head").hidden = !regex;
  head.querySelector(".para-head").hidden = !!regex;
  var chunks = neededChunks(), started = performance.now();
  finish("loading", "Searching…");
  var loads = [];
  function loading(index) {  // each chunk is requested while the one before it is searched
    if (index < chunks.length && !loads[index]) { loads[index] = load(chunks[index]); }
    return loads[index];
  }
  chunks.reduce(function (done, chunk, index) {
    return done.then(function () {
      var next = loading(index);
      loading(index + 1);
      return next.then(function (rows) {
        scan(chunk, rows, regex);
        flush();
        status.textContent = "Searching… " + lines.length + " so far";
      });
    });
  }, Promise.resolve()).then(function () {
    var seconds = ((performance.now() - started) / 1000).toFixed(2);
    var what = regex ? lines.length + " line(s) in " + nParagraphs + " paragraph(s)" : nParagraphs + " paragraph(s)";
    finish("done", what + " (" + chunks.length + " part(s) of the index read in " + seconds + " s).");
  }, function (error) {
    console.error(error);
    finish("error", String(error.message || error));
  });
})();
"""


def search_page(grouped: Grouped) -> str:
    """``search.html``: the search form, the results table and the script that reads ``search/*.js``."""
    n_paragraphs = sum(row["level"] in LEVELS for rows in grouped.paragraphs.values() for row in rows)
    hidden = "".join(f'<input type="hidden" name="{name}">' for name in ("theme", "instrument", "doc", "ids", "title"))
    body_html = (
        "<h1>Search the statements</h1>\n"
        f'<p class="meta">Every paragraph of the {len(grouped.documents)} statements ({n_paragraphs} paragraphs and '
        "preamble blocks), searched in your browser: a word or phrase, case-insensitive, whole words (a trailing "
        "<code>*</code> matches any ending). Each hit links to its paragraph.</p>\n"
        '<form id="search-form" class="filters" action="search.html" method="get">'
        '<label>Word or phrase <input name="q" type="search" size="40" autofocus></label>'
        '<label>From year <input name="year_from" type="number" size="6"></label>'
        '<label>To year <input name="year_to" type="number" size="6"></label>'
        '<label>Meeting body <select name="body"><option value="">all</option></select></label>'
        f'{hidden}<button type="submit">Search</button></form>\n'
        '<p id="filters" class="meta"></p>\n<h2 id="caption"></h2>\n<p id="status" class="meta"></p>\n'
        '<table id="results" data-state="loading"><colgroup><col style="width: 3.5rem"><col style="width: 6rem">'
        '<col><col style="width: 10rem"><col><col style="width: 13rem"></colgroup><thead>'
        '<tr class="kwic-head"><th>Year</th><th>Body</th><th class="left">Left context</th><th>Match</th>'
        "<th>Right context</th><th>Paragraph</th></tr>"
        '<tr class="para-head" hidden><th>Year</th><th>Body</th><th colspan="3">Opening</th><th>Paragraph</th></tr>'
        "</thead><tbody></tbody></table>\n"
        '<p><button id="more" type="button" hidden>Show all</button></p>\n'
        '<p class="meta">Parameters for links: <code>q</code>, <code>year_from</code>, <code>year_to</code>, '
        "<code>body</code>, <code>theme</code>, <code>instrument</code>, <code>doc</code>, <code>ids</code> "
        f"(comma-separated paragraph ids), <code>title</code>.</p>"
    )
    return shell("Search the statements", body_html, root="", script=SEARCH_SCRIPT.strip(), scripts=(META_FILE,))
