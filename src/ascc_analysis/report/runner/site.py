"""Report runner, site writer: the files of the reports folder besides the pages' content.

Writes, each atomically: a report's page and executed notebook (``<name>.html``, ``notebooks/<name>.ipynb``,
:func:`write_report`); the partly executed notebook of a failure (``failed/<name>.ipynb``, :func:`write_failed`),
leaving the last good page in place; ``manifest.json`` (every report with its parameters, cache key, status,
error and last good run; :func:`read_manifest` reads it back) and ``index.html`` (:func:`render_index`, escaped,
no script).

The statement browser (:mod:`ascc_analysis.report.browser`: ``statements/``, ``search.html`` with ``search/``,
``instruments/``) is written here straight from the processed corpus by :func:`write_browser`, keyed on the corpus
hash: ``browser.json`` records the key and the files, an unchanged corpus writes nothing, and a changed one rewrites
only the files whose content changed.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any, get_args
from urllib.parse import quote

from ascc_analysis import __version__
from ascc_analysis.catalog import write_bytes_atomic, write_text_atomic
from ascc_analysis.report.runner.cache import code_fingerprint
from ascc_analysis.report.runner.downloads import write_downloads
from ascc_analysis.report.runner.planner import PlannedReport, ReportPlan, _display_path
from ascc_analysis.report.runner.results import BrowserResult, ReportResult, Status, _now

log = logging.getLogger(__name__)

MANIFEST_NAME = "manifest.json"
INDEX_NAME = "index.html"
EXECUTED_DIR = "notebooks"
FAILED_DIR = "failed"
MANIFEST_FORMAT = 1
BROWSER_STAMP = "browser.json"
BROWSER_FORMAT = 1
"""Version of the browser pages' stamp (``browser.json``); a change to the builders' code re-keys the pages through
:func:`~ascc_analysis.report.runner.cache.code_fingerprint`."""
BROWSER_LINKS = {
    "statements": "statements/index.html",
    "search": "search.html",
    "instruments": "instruments/index.html",
}


# --- the reports folder ------------------------------------------------------------------------------------------


def read_manifest(out_dir: Path) -> dict[str, Any]:
    """The ``manifest.json`` of a reports folder (an empty one when there is none or it is unreadable)."""
    path = out_dir / MANIFEST_NAME
    if path.is_file():
        try:
            manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(manifest.get("reports"), list):
                return manifest
        except (json.JSONDecodeError, UnicodeDecodeError):
            pass
        log.warning("%s is unreadable: every report will run again", path)
    return {"reports": []}


def _entry(
    report: PlannedReport, plan: ReportPlan, result: ReportResult, previous: Mapping[str, Any]
) -> dict[str, Any]:
    last_good = previous.get("last_good")
    if result.status == "ok":
        last_good = {
            "cache_key": report.cache_key,
            "started": result.started,
            "duration_s": result.duration_s,
            "corpus_hash": plan.corpus_hash,
            "corpus_key": report.corpus_key,
        }
    has_html = (plan.out_dir / f"{report.name}.html").is_file()
    has_executed = (plan.out_dir / EXECUTED_DIR / f"{report.name}.ipynb").is_file()
    return {
        "name": report.name,
        "title": report.title,
        "notebook": _display_path(report.notebook, plan.root),
        "parameters": dict(report.parameters),
        "overrides": dict(report.overrides),
        "inputs": report.inputs,
        "adhoc": report.adhoc,
        # a skipped report's page was computed from the corpus of its last good run
        "corpus_hash": (last_good or {}).get("corpus_hash", plan.corpus_hash)
        if result.status == "skipped"
        else plan.corpus_hash,
        "corpus_key": report.corpus_key,
        "cache_key": report.cache_key,
        "status": result.status,
        "started": result.started,
        "duration_s": result.duration_s,
        "html": f"{report.name}.html" if has_html else None,
        "executed_notebook": f"{EXECUTED_DIR}/{report.name}.ipynb" if has_executed else None,
        "failed_notebook": f"{FAILED_DIR}/{report.name}.ipynb" if result.status == "failed" else None,
        "error": asdict(result.error) if result.error else None,
        "message": result.message,
        "last_good": last_good,
    }


def _write_outputs(
    plan: ReportPlan,
    entries: Mapping[str, dict[str, Any]],
    previous: Sequence[Mapping[str, Any]],
    browser: Mapping[str, Any] | None = None,
) -> None:
    planned = [report.name for report in plan.reports]
    kept = [
        dict(entry)
        for entry in previous
        if entry.get("name") not in entries and (not plan.complete or entry.get("adhoc"))
    ]
    reports = [entries[name] for name in planned if name in entries] + kept
    manifest = {
        "format": MANIFEST_FORMAT,
        "generated": _now(),
        "package_version": __version__,
        "corpus_dir": _display_path(plan.corpus_dir, plan.root),
        "corpus_hash": plan.corpus_hash,
        "reports": reports,
    }
    if browser is not None:
        manifest["browser"] = dict(browser)
    write_text_atomic(plan.out_dir / MANIFEST_NAME, json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(plan.out_dir / INDEX_NAME, render_index(manifest))


def write_report(out_dir: Path, name: str, page: str, executed: str, specs: Sequence[Mapping[str, Any]] = ()) -> None:
    """Write a report's page, executed notebook and the downloads of its charts (``specs``, see
    :mod:`ascc_analysis.report.runner.downloads`); drop the partly executed notebook of an earlier failure."""
    write_downloads(out_dir, name, specs)
    write_text_atomic(out_dir / EXECUTED_DIR / f"{name}.ipynb", executed)
    write_text_atomic(out_dir / f"{name}.html", page)
    (out_dir / FAILED_DIR / f"{name}.ipynb").unlink(missing_ok=True)


def write_failed(out_dir: Path, name: str, notebook: str) -> None:
    """Write the partly executed notebook of a failed report; its last good page is left in place."""
    write_text_atomic(out_dir / FAILED_DIR / f"{name}.ipynb", notebook)


# --- the index page -----------------------------------------------------------------------------------------------

_INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 80rem;
       padding: 0 1rem; color: #1f2328; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
.meta { color: #59636e; margin-top: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-bottom: 1px solid #d1d9e0; }
th { background: #f6f8fa; }
code { font-size: 0.85rem; }
.status-ok { color: #1a7f37; } .status-skipped { color: #59636e; } .status-failed { color: #cf222e; font-weight: 600; }
.error { color: #cf222e; font-size: 0.85rem; white-space: pre-wrap; }
details summary { cursor: pointer; }
nav.browse { margin: 0.8rem 0 1.2rem; padding: 0.6rem 0.8rem; background: #f6f8fa; border-radius: 0.4rem; }
""".strip()


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _value_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def render_index(manifest: Mapping[str, Any]) -> str:
    """``index.html``: every report of a manifest with its title and link, parameters, corpus hash, run time,
    duration and status. Every text is HTML-escaped; the page has no script and loads nothing.
    """
    rows = []
    for entry in manifest.get("reports", []):
        name = str(entry.get("name", ""))
        title = _e(entry.get("title") or name)
        link = f'<a href="{_e(quote(str(entry["html"])))}">{title}</a>' if entry.get("html") else title
        overrides = entry.get("overrides") or {}
        parameters = entry.get("parameters") or {}
        shown = ", ".join(f"{_e(key)}={_e(_value_text(value))}" for key, value in overrides.items()) or "defaults"
        every = "<br>".join(f"{_e(key)} = {_e(_value_text(value))}" for key, value in parameters.items())
        status = str(entry.get("status", ""))
        cell = f'<span class="status-{_e(status)}">{_e(status)}</span>'
        if status == "failed":
            cell += f'<div class="error">{_e(entry.get("message", ""))}</div>'
            if entry.get("failed_notebook"):
                cell += f'<div><a href="{_e(quote(str(entry["failed_notebook"])))}">partly executed notebook</a></div>'
            last_good = entry.get("last_good") or {}
            if entry.get("html") and last_good.get("started"):
                cell += f"<div>showing the last good run of {_e(last_good['started'])}</div>"
        elif status == "skipped":
            cell += " <small>(unchanged)</small>"
        duration = entry.get("duration_s")
        rows.append(
            "<tr>"
            f"<td>{link}<br><small><code>{_e(name)}</code> · {_e(entry.get('notebook', ''))}</small></td>"
            f"<td><details><summary>{shown}</summary><code>{every}</code></details></td>"
            f"<td><code>{_e(str(entry.get('corpus_hash', ''))[:12])}</code></td>"
            f"<td>{_e(entry.get('started', ''))}</td>"
            f"<td>{_e(f'{duration:.1f} s' if isinstance(duration, int | float) else '')}</td>"
            f"<td>{cell}</td>"
            "</tr>"
        )
    counts = {
        status: sum(e.get("status") == status for e in manifest.get("reports", [])) for status in get_args(Status)
    }
    summary = ", ".join(f"{n} {status}" for status, n in counts.items() if n) or "no reports"
    browser = manifest.get("browser") or {}
    browse = ""
    if browser.get("status") in ("ok", "skipped"):
        links = browser.get("links") or BROWSER_LINKS
        browse = (
            '<nav class="browse"><strong>Read the statements:</strong> '
            f'<a href="{_e(links["statements"])}">every statement, paragraph by paragraph</a> · '
            f'<a href="{_e(links["search"])}">search every paragraph (keyword in context)</a> · '
            f'<a href="{_e(links["instruments"])}">instrument histories</a></nav>\n'
        )
    elif browser.get("status") == "failed":
        browse = f'<p class="error">The statement browser could not be written: {_e(browser.get("message", ""))}</p>\n'

    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>ASCC joint statements: reports</title>\n"
        f"<style>\n{_INDEX_CSS}\n</style>\n</head>\n<body>\n"
        "<h1>ASCC joint statements: reports</h1>\n"
        f'<p class="meta">Generated {_e(manifest.get("generated", ""))} by ascc-analysis '
        f"{_e(manifest.get('package_version', ''))} from the corpus <code>{_e(manifest.get('corpus_dir', ''))}</code> "
        f"(<code>{_e(str(manifest.get('corpus_hash', ''))[:12])}</code>): {_e(summary)}. "
        f'Machine-readable: <a href="{MANIFEST_NAME}">{MANIFEST_NAME}</a>.</p>\n'
        f"{browse}"
        "<table>\n<thead><tr><th>Report</th><th>Parameters</th><th>Corpus</th><th>Run (UTC)</th><th>Duration</th>"
        "<th>Status</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )


# --- the statement browser ----------------------------------------------------------------------------------------


def browser_key(corpus_hash: str, *, code: str | None = None) -> str:
    """The browser pages' cache key: SHA-256 of the corpus hash, the package's code (``code``,
    :func:`~ascc_analysis.report.runner.cache.code_fingerprint` when None) and :data:`BROWSER_FORMAT`."""
    fingerprint = code_fingerprint() if code is None else code
    material = json.dumps({"corpus": corpus_hash, "code": fingerprint, "format": BROWSER_FORMAT}, sort_keys=True)
    return hashlib.sha256(material.encode()).hexdigest()


def _read_stamp(out_dir: Path) -> dict[str, Any]:
    path = out_dir / BROWSER_STAMP
    try:
        stamp = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) and isinstance(stamp.get("files"), list) else {}


def browser_inputs(corpus_dir: Path) -> Any:
    """The :class:`ascc_analysis.report.browser.BrowserInputs` of a built corpus: its tables, the carry-over of every
    paragraph (``analysis.shifts.carry_over`` with its defaults), theme labels and the bodies registry's names.

    Raises:
        CorpusNotFoundError: No built corpus in ``corpus_dir``.
        SchemaError: A table does not match its schema or hash.
    """
    from ascc_analysis.analysis.shifts import carry_over
    from ascc_analysis.catalog import read_table
    from ascc_analysis.extract.themes import load_taxonomy, themes_frame
    from ascc_analysis.registry import load_registry
    from ascc_analysis.report.browser import BrowserInputs

    tables = {
        name: read_table(corpus_dir, name)
        for name in (
            "documents",
            "paragraphs",
            "body_mentions",
            "instruments",
            "instrument_mentions",
            "instrument_bodies",
            "paragraph_themes",
        )
    }
    registry = load_registry()
    themes = themes_frame(load_taxonomy())
    return BrowserInputs(
        **tables,
        carry=carry_over(tables["paragraphs"], tables["documents"]),
        theme_labels=dict(zip(themes.get_column("theme_id"), themes.get_column("label"), strict=True)),
        body_names={body.id: body.name for body in registry.bodies},
        body_kinds={body.id: str(body.kind) for body in registry.bodies},
    )


def write_browser(corpus_dir: Path, out_dir: Path, *, corpus_hash: str, force: bool = False) -> BrowserResult:
    """Write the statement browser, search and instrument pages of a corpus into the reports folder.

    Skipped when ``browser.json`` holds the same key (:func:`browser_key`) and every file it lists exists, unless
    ``force``. Otherwise every page is built (:func:`ascc_analysis.report.browser.browser_pages`) and written
    atomically only where its content differs from the file on disk; files an earlier corpus had and this one has not
    (a statement or instrument gone) are removed; ``browser.json`` is written last.

    Args:
        corpus_dir: The processed corpus.
        out_dir: The reports folder.
        corpus_hash: The corpus hash (from ``corpus.json``).
        force: Build and compare every page even when the key is unchanged.

    Returns:
        What was done.

    Raises:
        CorpusNotFoundError: No built corpus in ``corpus_dir``.
        SchemaError: A table does not match its schema or hash.
    """
    from ascc_analysis.report.browser import browser_pages

    start = time.perf_counter()
    key = browser_key(corpus_hash)
    stamp = _read_stamp(out_dir)
    previous = [str(name) for name in stamp.get("files", [])]
    if not force and stamp.get("key") == key and all((out_dir / name).is_file() for name in previous):
        duration = round(time.perf_counter() - start, 2)
        return BrowserResult("skipped", key, len(previous), 0, 0, duration, "skipped the statement browser (unchanged)")
    files: list[str] = []
    n_written = 0
    for name, text in browser_pages(browser_inputs(corpus_dir)):
        path = out_dir / name
        data = text.encode("utf-8")
        files.append(name)
        try:
            unchanged = path.is_file() and path.read_bytes() == data
        except OSError:
            unchanged = False
        if not unchanged:
            write_bytes_atomic(path, data)
            n_written += 1
    kept = set(files)
    n_removed = 0
    for name in previous:
        if name not in kept and ".." not in Path(name).parts:
            try:
                (out_dir / name).unlink()
                n_removed += 1
            except FileNotFoundError:
                continue
    write_text_atomic(
        out_dir / BROWSER_STAMP,
        json.dumps({"format": BROWSER_FORMAT, "key": key, "corpus_hash": corpus_hash, "files": files}, indent=1) + "\n",
    )
    duration = round(time.perf_counter() - start, 2)
    message = (
        f"wrote the statement browser in {duration:.1f} s ({n_written} of {len(files)} files changed"
        + (f", {n_removed} removed" if n_removed else "")
        + ")"
    )
    return BrowserResult("ok", key, len(files), n_written, n_removed, duration, message)


def browser_entry(result: BrowserResult, corpus_hash: str) -> dict[str, Any]:
    """The ``browser`` entry of ``manifest.json``: status, key, corpus hash, file counts, message and links."""
    return {
        "status": result.status,
        "key": result.key,
        "corpus_hash": corpus_hash,
        "n_files": result.n_files,
        "n_written": result.n_written,
        "n_removed": result.n_removed,
        "duration_s": result.duration_s,
        "message": result.message,
        "links": dict(BROWSER_LINKS),
    }
