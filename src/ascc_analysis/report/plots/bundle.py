"""Plots, chart display: a Vega-Lite spec as a :class:`Chart`, its HTML fragment and the offline script that draws it.

:class:`Chart` shows a spec in JupyterLab (under :data:`VEGALITE_MIME`); :func:`chart_html` turns a spec into the
``div.ascc-chart`` fragment the report exporter places in a page, its JSON escaped so that no text can end the
script element; :func:`javascript_bundle` (Vega, Vega-Lite :data:`VEGALITE_VERSION` and vega-embed from
``vl-convert-python``, about 0.9 MB) and :data:`CHART_INIT_SCRIPT` draw every such fragment offline, once per page.
Returns text; reads and writes no file.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ascc_analysis.errors import ParameterError

log = logging.getLogger(__name__)

VEGALITE_MIME = "application/vnd.vegalite.v5+json"
"""The MIME type under which JupyterLab renders a Vega-Lite v5 spec."""
VEGALITE_VERSION = "5.21"
"""The Vega-Lite release bundled by :func:`javascript_bundle` (the newest v5 that ``vl-convert-python`` ships)."""

CHART_INIT_SCRIPT = """\
(function () {
  "use strict";
  // The bundle pairs Vega-Lite 5 with Vega 6 (as vl-convert does), which vega-embed reports once per chart with
  // console.warn; drop exactly that notice and let every other warning through.
  var warn = console.warn;
  var versionNotice = /^The compiled spec uses Vega v5[.0-9]*, but current version is v6[.0-9]*\\.$/;
  console.warn = function (message) {
    if (typeof message === "string" && versionNotice.test(message)) { return; }
    return warn.apply(console, arguments);
  };
  function fail(div, error) {
    console.error("ascc chart " + (div.dataset.chart || "") + " could not be drawn:", error);
    div.dataset.rendered = "error";
    var message = document.createElement("p");
    message.className = "ascc-chart-error";
    message.textContent = "This chart could not be drawn: " + ((error && error.message) || String(error));
    div.appendChild(message);
  }
  // Evidence (plots.with_evidence): a click on a mark whose data matches a key opens the paragraphs behind it.
  // Every text from the data is set with textContent; links are only ever relative ones of the reports folder.
  function keyText(values) {
    return values.map(function (value) { return String(value); }).join("\u001f");
  }
  function safeHref(href, prefix) {
    return typeof href === "string" && href.indexOf(prefix) === 0 ? href : null;
  }
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  var pageStore = null;
  function pageParagraphs() {
    if (pageStore === null) {
      var store = document.getElementById("ascc-evidence-paragraphs");
      try {
        pageStore = store ? JSON.parse(store.textContent) : {};
      } catch (error) {
        console.error("ascc evidence: the page's paragraph list could not be read:", error);
        pageStore = {};
      }
    }
    return pageStore;
  }
  function attachEvidence(div, spec, view) {
    var meta = spec && spec.usermeta && spec.usermeta.ascc_evidence;
    if (!meta || !Array.isArray(meta.sets) || !view) { return; }
    var paragraphs = meta.paragraphs || {};
    var shared = pageParagraphs();
    var sets = meta.sets.map(function (set) {
      var index = Object.create(null);
      set.marks.forEach(function (mark) { index[keyText(mark.key)] = mark; });
      return {fields: set.fields, caption: set.caption, index: index};
    });
    var panel = element("section", "ascc-evidence");
    panel.hidden = true;
    panel.setAttribute("aria-live", "polite");
    panel.style.cssText = "border:1px solid #bbb;border-radius:4px;padding:0.5em 1em;margin:0.5em 0;max-width:60em;" +
      "background:#fafafa";
    div.appendChild(panel);
    div.dataset.evidence = "true";
    function find(item) {
      if (!item || !item.datum || !item.mark || item.mark.marktype === "line" || item.mark.marktype === "area") {
        return null;
      }
      var datum = item.datum;
      for (var i = 0; i < sets.length; i += 1) {
        var values = [];
        for (var j = 0; j < sets[i].fields.length; j += 1) {
          var value = datum[sets[i].fields[j]];
          if (value === undefined || value === null) { values = null; break; }
          values.push(value);
        }
        var mark = values && sets[i].index[keyText(values)];
        if (mark) { return {set: sets[i], mark: mark}; }
      }
      return null;
    }
    function show(hit) {
      var mark = hit.mark;
      panel.textContent = "";
      panel.dataset.key = keyText(mark.key);
      panel.dataset.n = String(mark.n);
      var header = element("p", "ascc-evidence-title");
      header.appendChild(element("strong", "", hit.set.caption + ": " + mark.label));
      var close = element("button", "ascc-evidence-close", "\u00d7");
      close.type = "button";
      close.setAttribute("aria-label", "Close");
      close.style.cssText = "float:right;border:none;background:none;font-size:1.2em;cursor:pointer";
      close.addEventListener("click", function () { panel.hidden = true; });
      header.insertBefore(close, header.firstChild);
      panel.appendChild(header);
      var shown = mark.top.length;
      panel.appendChild(element("p", "ascc-evidence-count", mark.n + (mark.n === 1 ? " paragraph" : " paragraphs") +
        (shown < mark.n ? "; the " + shown + " weighing most:" : ":")));
      var list = element("ol", "ascc-evidence-list");
      mark.top.forEach(function (entry) {
        var paraId = entry[0];
        var facts = paragraphs[paraId] || shared[paraId] || [];
        var item = element("li", "ascc-evidence-item");
        item.dataset.paraId = paraId;
        var href = safeHref(facts[3], "statements/");
        var link = element(href ? "a" : "span", "ascc-evidence-link", paraId);
        if (href) { link.setAttribute("href", href); }
        item.appendChild(link);
        var about = [facts[0], facts[1]].filter(function (value) { return value !== null && value !== undefined; });
        about.push("weight " + entry[1]);
        item.appendChild(element("span", "ascc-evidence-meta", " (" + about.join(" \u00b7 ") + ")"));
        item.appendChild(element("div", "ascc-evidence-text", facts[2] || ""));
        list.appendChild(item);
      });
      panel.appendChild(list);
      var all = safeHref(mark.all, "search.html?");
      if (all) {
        var more = element("a", "ascc-evidence-all", mark.exact ? "All " + mark.n + " in the search page" :
          "Search for more like these (" + (mark.n) + " here)");
        more.setAttribute("href", all);
        panel.appendChild(element("p", "")).appendChild(more);
      }
      panel.hidden = false;
    }
    view.addEventListener("click", function (event, item) {
      var hit = find(item);
      if (hit) { show(hit); }
    });
    view.addEventListener("mouseover", function (event, item) {
      view.container().style.cursor = find(item) ? "pointer" : "";
    });
  }
  function draw(div) {
    if (div.dataset.rendered) { return Promise.resolve(); }
    try {
      if (typeof vegaEmbed !== "function") { throw new Error("the chart library (vegaEmbed) is not loaded"); }
      var spec = JSON.parse(div.querySelector("script.ascc-chart-spec").textContent);
      var target = document.createElement("div");
      target.className = "ascc-chart-view";
      div.appendChild(target);
      return vegaEmbed(target, spec, {actions: false, renderer: "svg"}).then(
        function (result) {
          attachEvidence(div, spec, result.view);
          div.dataset.rendered = "true";
        },
        function (error) { fail(div, error); }
      );
    } catch (error) {
      fail(div, error);
      return Promise.resolve();
    }
  }
  function drawAll() {
    var divs = Array.prototype.slice.call(document.querySelectorAll("div.ascc-chart"));
    Promise.all(divs.map(draw)).then(function () {
      var failed = divs.filter(function (div) { return div.dataset.rendered === "error"; }).length;
      document.body.dataset.chartsFailed = String(failed);
      document.body.dataset.chartsRendered = "true";
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
"""
"""JavaScript run once per page after :func:`javascript_bundle`: draws every ``div.ascc-chart`` of :func:`chart_html`.

Each chart's spec is parsed from its ``script.ascc-chart-spec`` and drawn with ``vegaEmbed`` (SVG renderer, no
action menu) into a child element; on success the div gets ``data-rendered="true"``, on failure
``data-rendered="error"``, an error message set as text (never as markup) and a ``console.error``. When every chart
has settled, ``document.body`` gets ``data-charts-rendered="true"`` and ``data-charts-failed="<count>"``.

A chart with evidence (``usermeta.ascc_evidence``, :func:`ascc_analysis.report.plots.with_evidence`) gets
``data-evidence="true"`` and a hidden ``section.ascc-evidence`` under it: clicking a mark (a point, cell, bar, edge or
node; not a line or band) whose data fields match a key fills it with the mark's caption, its count, the heaviest
paragraphs (``li.ascc-evidence-item[data-para-id]``, a link ``statements/<doc_id>.html#<para_id>``, year, body,
weight and the opening of the text, from the chart's evidence or the page's ``script#ascc-evidence-paragraphs``)
and an "all n" link ``search.html?…`` (or, past the cap on ids, a link to the
search page's filter); hovering such a mark shows a pointer.
Text is set as text, never as markup, and only links of those two relative forms are made.
vega-embed's notice that Vega-Lite 5 output runs on Vega 6 (the pairing the bundle ships) is kept off the console.
"""

_SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}
_BUNDLE_SNIPPET = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
_JS_BREAKOUT = re.compile(r"</(script)|<!--", re.IGNORECASE)


# ------------------------------------------------------------------------------------------ display objects


@dataclass(frozen=True)
class Chart:
    """A Vega-Lite v5 chart ready to display.

    Attributes:
        spec: A complete Vega-Lite v5 specification (``$schema``, inline ``data.values``), JSON-serialisable.
        title: The chart's title (also in ``spec``); shown as the plain-text representation.
    """

    spec: dict[str, Any]
    title: str

    def _repr_mimebundle_(
        self, include: Iterable[str] | None = None, exclude: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """The Vega-Lite spec for JupyterLab and a text fallback (no HTML: the report exporter adds it)."""
        return {VEGALITE_MIME: self.spec, "text/plain": f"<Chart: {self.title}>"}

    def to_html(self) -> str:
        """The HTML fragment of :func:`chart_html` for this chart."""
        return chart_html(self.spec)


# ------------------------------------------------------------------------------------------ HTML and scripts


def chart_html(spec: Mapping[str, Any] | Chart) -> str:
    """Render a chart as the HTML fragment the report exporter places in a page.

    The fragment is ``<div class="ascc-chart" data-chart="ID"><script type="application/json"
    class="ascc-chart-spec">JSON</script></div>``, where ``ID`` is the first 12 hex digits of the SHA-256 of the JSON
    and the JSON has ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\u003c``-style escapes, so no text in the
    spec (a statement quoting ``</script>``) can end the script element. :data:`CHART_INIT_SCRIPT` draws it.

    Args:
        spec: A Vega-Lite spec, or a :class:`Chart`.

    Returns:
        The HTML fragment.

    Raises:
        ParameterError: The spec is not JSON-serialisable (or holds NaN or infinity).
    """
    payload = _script_json(spec.spec if isinstance(spec, Chart) else spec)
    chart_id = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:12]
    return (
        f'<div class="ascc-chart" data-chart="{chart_id}">'
        f'<script type="application/json" class="ascc-chart-spec">{payload}</script></div>'
    )


@functools.cache
def javascript_bundle() -> str:
    """Vega, Vega-Lite (:data:`VEGALITE_VERSION`) and vega-embed in one offline script (about 0.9 MB).

    The bundle comes from ``vl-convert-python`` and defines ``window.vegaEmbed``, ``window.vega`` and
    ``window.vegaLite``. It is made safe to inline in ``<script>…</script>``: any ``</script`` or ``<!--`` in it
    (there are none in the releases checked) has its ``<`` written as ``\\x3C``, which means the same inside the
    string, template or regular-expression literal where such text can occur. Computed once per process.

    Returns:
        The JavaScript source.
    """
    import vl_convert

    bundle = vl_convert.javascript_bundle(_BUNDLE_SNIPPET, vl_version=VEGALITE_VERSION)
    safe, n_escaped = _JS_BREAKOUT.subn(lambda match: "\\x3C" + match.group(0)[1:], bundle)
    if n_escaped:
        log.info("javascript bundle: escaped %d '</script' or '<!--' sequence(s)", n_escaped)
    log.debug("javascript bundle: %d characters (Vega-Lite %s)", len(safe), VEGALITE_VERSION)
    return safe


def _script_json(spec: Mapping[str, Any]) -> str:
    """JSON of ``spec`` that is safe inside ``<script type="application/json">``."""
    try:
        payload = json.dumps(spec, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as error:
        raise ParameterError(f"chart spec is not plain JSON (numbers must be finite): {error}") from error
    return payload.translate(_SCRIPT_ESCAPES)
